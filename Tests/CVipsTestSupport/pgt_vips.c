#include "pgt_vips.h"

#include <vips/vips.h>

int pgt_start(void)
{
    static gsize started = 0;
    static int result = 0;
    if (g_once_init_enter(&started)) {
        result = VIPS_INIT("photogate-tests") ? -1 : 0;
        g_once_init_leave(&started, 1);
    }
    return result;
}

const char *pgt_last_error(void)
{
    return vips_error_buffer();
}

PGTImage *pgt_image_from_pixels(const uint8_t *pixels, int width, int height, int bands)
{
    VipsImage *image = vips_image_new_from_memory_copy(pixels, (size_t) width * height * bands,
                                                       width, height, bands, VIPS_FORMAT_UCHAR);
    if (image)
        image->Type = bands >= 3 ? VIPS_INTERPRETATION_sRGB : VIPS_INTERPRETATION_B_W;
    return image;
}

void pgt_image_free(PGTImage *image)
{
    if (image)
        g_object_unref(image);
}

void pgt_set_blob(PGTImage *image, const char *name, const void *data, size_t length)
{
    vips_image_set_blob_copy(image, name, data, length);
}

void pgt_set_string(PGTImage *image, const char *name, const char *value)
{
    vips_image_set_string(image, name, value);
}

int pgt_encode(PGTImage *image, PGTFormat format, int quality, int strip, void **data, size_t *length)
{
    switch (format) {
    case PGT_JPEG:
        return vips_jpegsave_buffer(image, data, length, "Q", quality, "strip", strip, NULL);
    case PGT_PNG:
        return vips_pngsave_buffer(image, data, length, "strip", strip, NULL);
    case PGT_HEIF:
        return vips_heifsave_buffer(image, data, length, "Q", quality, "strip", strip,
                                    "compression", VIPS_FOREIGN_HEIF_COMPRESSION_HEVC, NULL);
    case PGT_WEBP:
        return vips_webpsave_buffer(image, data, length, "Q", quality, "strip", strip, NULL);
    case PGT_TIFF:
        return vips_tiffsave_buffer(image, data, length, "strip", strip, NULL);
    }
    return -1;
}

int pgt_decode(const void *data, size_t length, uint8_t **pixels, int *width, int *height, int *bands)
{
    VipsImage *image = vips_image_new_from_buffer(data, length, "", NULL);
    if (!image)
        return -1;
    VipsImage *cast = NULL;
    if (vips_cast_uchar(image, &cast, NULL)) {
        g_object_unref(image);
        return -1;
    }
    size_t size = 0;
    *pixels = vips_image_write_to_memory(cast, &size);
    *width = cast->Xsize;
    *height = cast->Ysize;
    *bands = cast->Bands;
    g_object_unref(cast);
    g_object_unref(image);
    return *pixels ? 0 : -1;
}

void pgt_free(void *memory)
{
    g_free(memory);
}
