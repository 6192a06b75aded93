/*
 * pg_file_ops: file-system calls Swift cannot reach on its own.
 */
#ifndef PG_FILE_OPS_H
#define PG_FILE_OPS_H

/* Renames `from` to `to` only if nothing is at `to`: atomically, so two processes racing for
 * one name can never replace each other's file. Returns 0, or -1 with errno set: EEXIST when
 * the name is taken; EINVAL or ENOSYS when the file system cannot promise it (NFS, some FUSE
 * file systems), for the caller to fall back on a hard link. */
int pg_rename_no_replace(const char *from, const char *to);

#endif
