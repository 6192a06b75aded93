#include "pg_vips.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <jpeglib.h>

/* libjpeg's error manager, extended: an error jumps back to the check, and the first
 * warning's words are kept while every warning is counted. */
typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf fail;
    long warnings;
    char first[JMSG_LENGTH_MAX];
} PGJpegErrors;

static void pg_jpeg_error_exit(j_common_ptr info)
{
    PGJpegErrors *errors = (PGJpegErrors *) info->err;
    if (errors->warnings == 0)
        errors->base.format_message(info, errors->first);
    longjmp(errors->fail, 1);
}

static void pg_jpeg_emit_message(j_common_ptr info, int level)
{
    PGJpegErrors *errors = (PGJpegErrors *) info->err;
    /* Negative levels are warnings (corrupt data); the others are traces. */
    if (level >= 0)
        return;
    if (errors->warnings == 0)
        errors->base.format_message(info, errors->first);
    errors->warnings++;
}

int pg_jpeg_read_whole(const void *data, size_t length, char *problem, size_t capacity)
{
    struct jpeg_decompress_struct info;
    PGJpegErrors errors;
    memset(&errors, 0, sizeof errors);
    info.err = jpeg_std_error(&errors.base);
    errors.base.error_exit = pg_jpeg_error_exit;
    errors.base.emit_message = pg_jpeg_emit_message;
    if (setjmp(errors.fail)) {
        jpeg_destroy_decompress(&info);
        snprintf(problem, capacity, "%s", errors.first);
        return -1;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, (const unsigned char *) data, (unsigned long) length);
    jpeg_read_header(&info, TRUE);
    /* An eighth of the size: every coefficient of every scan is still decoded from the
     * compressed data, but only one value per block is turned into pixels. */
    info.scale_num = 1;
    info.scale_denom = 8;
    info.dct_method = JDCT_IFAST;
    info.do_fancy_upsampling = FALSE;
    jpeg_start_decompress(&info);
    JSAMPARRAY row = info.mem->alloc_sarray((j_common_ptr) &info, JPOOL_IMAGE,
                                            info.output_width * info.output_components, 1);
    while (info.output_scanline < info.output_height)
        jpeg_read_scanlines(&info, row, 1);
    /* Reads on to the end marker: warnings given after the last row count too. */
    jpeg_finish_decompress(&info);
    long warnings = errors.warnings;
    jpeg_destroy_decompress(&info);
    if (warnings > 0) {
        snprintf(problem, capacity, "%s", errors.first);
        return -1;
    }
    return 0;
}
