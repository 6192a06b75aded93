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

int pgt_text_photo(const void *photo, size_t length, int width, int height, const char *markup, const char *font,
                   double angle, int x, int y, int stored_turn, uint8_t **pixels, int *out_width, int *out_height,
                   int *card_x, int *card_y, int *card_width, int *card_height)
{
    VipsObject *scope = VIPS_OBJECT(vips_image_new());
    VipsImage **t = (VipsImage **) vips_object_local_array(scope, 12);
    int failed = vips_thumbnail_buffer((void *) photo, length, &t[0], width, "height", height, "crop", VIPS_INTERESTING_CENTRE,
                                       "size", VIPS_SIZE_FORCE, NULL)
        || vips_text(&t[1], markup, "font", font, "dpi", 72, NULL)
        || vips_invert(t[1], &t[2], NULL);
    if (!failed) {
        int margin = t[1]->Ysize / 2 + 12;
        VipsAngle turns[] = {VIPS_ANGLE_D0, VIPS_ANGLE_D90, VIPS_ANGLE_D180, VIPS_ANGLE_D270};
        VipsArrayDouble *ground = vips_array_double_new((double[]){90, 80, 70}, 3);
        failed = vips_embed(t[2], &t[3], margin, margin, t[1]->Xsize + 2 * margin, t[1]->Ysize + 2 * margin,
                            "extend", VIPS_EXTEND_WHITE, NULL)
            || vips_bandjoin((VipsImage *[]){t[3], t[3], t[3]}, &t[4], 3, NULL)
            || vips_rotate(t[4], &t[7], angle, "background", ground, NULL);
        vips_area_unref(VIPS_AREA(ground));
        if (!failed) {
            *card_x = x;
            *card_y = y;
            *card_width = t[7]->Xsize;
            *card_height = t[7]->Ysize;
            failed = vips_insert(t[0], t[7], &t[8], x, y, NULL)
                || vips_cast_uchar(t[8], &t[9], NULL)
                || vips_rot(t[9], &t[10], turns[(stored_turn / 90) % 4], NULL);
        }
    }
    if (!failed) {
        size_t size = 0;
        *pixels = vips_image_write_to_memory(t[10], &size);
        *out_width = t[10]->Xsize;
        *out_height = t[10]->Ysize;
        failed = *pixels ? 0 : -1;
    }
    g_object_unref(scope);
    return failed ? -1 : 0;
}
