#define _GNU_SOURCE
#include "pg_file_ops.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>

int pg_rename_no_replace(const char *from, const char *to) {
#if defined(__linux__)
    return renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE);
#elif defined(__APPLE__)
    return renamex_np(from, to, RENAME_EXCL);
#else
    errno = ENOSYS;
    return -1;
#endif
}
