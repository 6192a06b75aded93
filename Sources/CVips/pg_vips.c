#include "pg_vips.h"

#include <vips/vips.h>
#include <lcms2.h>
#include <math.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static void pg_ignore_log(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
    (void) domain; (void) level; (void) message; (void) data;
}

int pg_vips_start(const char *program_name)
{
    static gsize started = 0;
    static int result = 0;
    if (g_once_init_enter(&started)) {
        result = VIPS_INIT(program_name ? program_name : "photogate") ? -1 : 0;
        if (result == 0) {
            vips_block_untrusted_set(TRUE);
            vips_cache_set_max(0);
            vips_cache_set_max_mem(0);
            vips_cache_set_max_files(0);
            g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO,
                              pg_ignore_log, NULL);
            g_log_set_handler("GLib-GObject", G_LOG_LEVEL_WARNING, pg_ignore_log, NULL);
        }
        g_once_init_leave(&started, 1);
    }
    return result;
}

void pg_limit_heap_arenas(int count)
{
#ifdef __GLIBC__
    mallopt(M_ARENA_MAX, count);
#else
    (void) count;
#endif
}

char *pg_vips_take_error(void)
{
    return vips_error_buffer_copy();
}

void pg_free(void *memory)
{
    g_free(memory);
}

void pg_image_free(PGImage *image)
{
    if (image)
        g_object_unref(image);
}

int pg_width(PGImage *image) { return vips_image_get_width(image); }
int pg_height(PGImage *image) { return vips_image_get_height(image); }
int pg_orientation(PGImage *image) { return vips_image_get_orientation(image); }

int pg_has_field(PGImage *image, const char *name)
{
    return vips_image_get_typeof(image, name) != 0;
}

static VipsImage *pg_load_source(VipsSource *source, PGFormat format, gboolean random_access)
{
    VipsImage *out = NULL;
    VipsAccess access = random_access ? VIPS_ACCESS_RANDOM : VIPS_ACCESS_SEQUENTIAL;
    int failed = -1;
    switch (format) {
    case PG_FORMAT_JPEG:
        failed = vips_jpegload_source(source, &out, "access", access, "fail_on", VIPS_FAIL_ON_WARNING, NULL);
        break;
    case PG_FORMAT_PNG:
        failed = vips_pngload_source(source, &out, "access", access,
                                     "fail_on", VIPS_FAIL_ON_WARNING, NULL);
        break;
    case PG_FORMAT_HEIF:
        failed = vips_heifload_source(source, &out, "access", access,
                                      "fail_on", VIPS_FAIL_ON_WARNING, NULL);
        break;
    case PG_FORMAT_WEBP:
        failed = vips_webpload_source(source, &out, "access", access,
                                      "fail_on", VIPS_FAIL_ON_WARNING, NULL);
        break;
    case PG_FORMAT_TIFF:
        /* libtiff warns about every private tag scanners write: only errors count. */
        failed = vips_tiffload_source(source, &out, "access", access,
                                      "fail_on", VIPS_FAIL_ON_ERROR, NULL);
        break;
    default:
        vips_error("photogate", "unsupported format");
        return NULL;
    }
    return failed ? NULL : out;
}

PGImage *pg_load_buffer(const void *data, size_t length, PGFormat format, int random_access)
{
    /* The source keeps its own copy, so the image outlives the caller's buffer. */
    VipsBlob *blob = vips_blob_copy(data, length);
    if (!blob)
        return NULL;
    VipsSource *source = vips_source_new_from_blob(blob);
    vips_area_unref(VIPS_AREA(blob));
    if (!source)
        return NULL;
    VipsImage *image = pg_load_source(source, format, random_access);
    g_object_unref(source);
    return image;
}

int pg_upright(VipsImage *in, VipsImage **out)
{
    return vips_autorot(in, out, NULL);
}

/* True when an embedded profile describes sRGB itself (the primaries, white and tone curve
 * of IEC 61966-2-1, as most Android phones and cameras embed it): converting through it would
 * change nothing visible, so the costly two-step ICC transform is skipped. */
static gboolean pg_profile_is_srgb(VipsImage *image)
{
    const void *data = NULL;
    size_t length = 0;
    if (vips_image_get_blob(image, VIPS_META_ICC_NAME, &data, &length) || length > (16 << 20))
        return FALSE;
    cmsHPROFILE profile = cmsOpenProfileFromMem(data, (cmsUInt32Number) length);
    if (!profile)
        return FALSE;
    /* sRGB's colorants adapted to D50, as an ICC v2/v4 profile stores them. */
    static const double expected[3][3] = {
        { 0.4361, 0.2225, 0.0139 }, { 0.3851, 0.7169, 0.0971 }, { 0.1431, 0.0606, 0.7141 }
    };
    static const cmsTagSignature colorants[3] = { cmsSigRedColorantTag, cmsSigGreenColorantTag, cmsSigBlueColorantTag };
    static const cmsTagSignature curves[3] = { cmsSigRedTRCTag, cmsSigGreenTRCTag, cmsSigBlueTRCTag };
    gboolean same = cmsGetColorSpace(profile) == cmsSigRgbData;
    for (int c = 0; same && c < 3; c++) {
        const cmsCIEXYZ *xyz = cmsReadTag(profile, colorants[c]);
        const cmsToneCurve *curve = cmsReadTag(profile, curves[c]);
        same = xyz && curve &&
            fabs(xyz->X - expected[c][0]) < 0.003 && fabs(xyz->Y - expected[c][1]) < 0.003 &&
            fabs(xyz->Z - expected[c][2]) < 0.003;
        for (int step = 1; same && step <= 8; step++) {
            double v = step / 8.0;
            double srgb = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
            same = fabs(cmsEvalToneCurveFloat(curve, (cmsFloat32Number) v) - srgb) < 0.004;
        }
    }
    cmsCloseProfile(profile);
    return same;
}

int pg_to_srgb8(VipsImage *in, VipsImage **out)
{
    VipsObject *scope = VIPS_OBJECT(vips_image_new());
    VipsImage **t = (VipsImage **) vips_object_local_array(scope, 4);
    VipsImage *current = in;

    /* Colour first, through the embedded profile when present; alpha passes through. */
    if (vips_image_get_typeof(current, VIPS_META_ICC_NAME) &&
        !(current->Bands >= 3 && current->BandFmt == VIPS_FORMAT_UCHAR && pg_profile_is_srgb(current))) {
        if (vips_icc_transform(current, &t[0], "srgb", "embedded", TRUE,
                               "intent", VIPS_INTENT_RELATIVE, "depth", 8, NULL)) {
            g_object_unref(scope);
            return -1;
        }
        current = t[0];
    }
    if (vips_image_guess_interpretation(current) != VIPS_INTERPRETATION_sRGB ||
        current->BandFmt != VIPS_FORMAT_UCHAR) {
        if (vips_colourspace(current, &t[1], VIPS_INTERPRETATION_sRGB, NULL)) {
            g_object_unref(scope);
            return -1;
        }
        current = t[1];
    }
    if (vips_image_hasalpha(current)) {
        double white[3] = { 255.0, 255.0, 255.0 };
        VipsArrayDouble *background = vips_array_double_new(white, 3);
        int failed = vips_flatten(current, &t[2], "background", background, NULL);
        vips_area_unref(VIPS_AREA(background));
        if (failed) {
            g_object_unref(scope);
            return -1;
        }
        current = t[2];
    }
    if (current->BandFmt != VIPS_FORMAT_UCHAR) {
        if (vips_cast_uchar(current, &t[3], NULL)) {
            g_object_unref(scope);
            return -1;
        }
        current = t[3];
    }
    /* Anything left over (extra bands) is cut down to the three colour bands. */
    if (current->Bands > 3) {
        if (vips_extract_band(current, out, 0, "n", 3, NULL)) {
            g_object_unref(scope);
            return -1;
        }
    } else {
        g_object_ref(current);
        *out = current;
    }
    g_object_unref(scope);
    return 0;
}

int pg_save_jpeg_memory(PGImage *in, int quality, void **data, size_t *length)
{
    return vips_jpegsave_buffer(in, data, length,
                                "Q", quality,
                                "strip", TRUE,
                                "interlace", FALSE,
                                NULL);
}

int pg_decode_all(PGImage *image)
{
    double average = 0;
    return vips_avg(image, &average, NULL);
}

int pg_get_blob(VipsImage *image, const char *name, const void **data, size_t *length)
{
    if (!vips_image_get_typeof(image, name))
        return -1;
    return vips_image_get_blob(image, name, data, length);
}

/* Converts a reduced image to 8-bit sRGB and packs its pixels; takes ownership of `reduced`. */
static int pg_pack_reduced(VipsImage *reduced, unsigned char **pixels, int *width, int *height)
{
    VipsImage *rgb = NULL;
    int failed = pg_to_srgb8(reduced, &rgb);
    g_object_unref(reduced);
    if (failed)
        return -1;
    size_t size = 0;
    *pixels = vips_image_write_to_memory(rgb, &size);
    *width = rgb->Xsize;
    *height = rgb->Ysize;
    g_object_unref(rgb);
    return *pixels ? 0 : -1;
}

int pg_thumbnail_rgb(const void *data, size_t length, PGFormat format, int max_side,
                     unsigned char **pixels, int *width, int *height)
{
    if (format != PG_FORMAT_JPEG && format != PG_FORMAT_WEBP) {
        vips_error("pg_thumbnail_rgb", "only JPEG and WebP shrink on load");
        return -1;
    }
    VipsImage *thumbnail = NULL;
    if (vips_thumbnail_buffer((void *) data, length, &thumbnail, max_side,
                              "height", max_side, "size", VIPS_SIZE_DOWN,
                              "fail_on", VIPS_FAIL_ON_WARNING, NULL))
        return -1;
    return pg_pack_reduced(thumbnail, pixels, width, height);
}

int pg_shrink_jpeg(const void *data, size_t length, int max_side, PGImage **out)
{
    return vips_thumbnail_buffer((void *) data, length, out, max_side,
                                 "height", max_side, "size", VIPS_SIZE_DOWN,
                                 "fail_on", VIPS_FAIL_ON_WARNING, NULL);
}

int pg_reduce_rgb(PGImage *image, int max_side, unsigned char **pixels, int *width, int *height)
{
    VipsImage *reduced = NULL;
    if (vips_thumbnail_image(image, &reduced, max_side, "height", max_side, "size", VIPS_SIZE_DOWN, NULL))
        return -1;
    return pg_pack_reduced(reduced, pixels, width, height);
}

int pg_region_rgb(PGImage *image, int left, int top, int width, int height, unsigned char **pixels)
{
    VipsImage *area = NULL;
    if (vips_extract_area(image, &area, left, top, width, height, NULL))
        return -1;
    size_t size = 0;
    *pixels = vips_image_write_to_memory(area, &size);
    g_object_unref(area);
    return *pixels ? 0 : -1;
}

static int pg_redact_one(VipsImage *base, const PGRect *rect, PGRedaction style, VipsImage **out)
{
    VipsObject *scope = VIPS_OBJECT(vips_image_new());
    VipsImage **t = (VipsImage **) vips_object_local_array(scope, 6);
    int w = rect->width, h = rect->height;
    int failed = 0;
    if (style == PG_REDACT_SOLID) {
        failed = vips_black(&t[0], w, h, "bands", base->Bands, NULL) ||
                 vips_cast(t[0], &t[1], base->BandFmt, NULL) ||
                 vips_insert(base, t[1], out, rect->x, rect->y, NULL);
    } else {
        int across = w < 8 ? w : 8;
        int block = (w + across - 1) / across;
        int down = (h + block - 1) / block;
        if (down < 1)
            down = 1;
        failed = vips_extract_area(base, &t[0], rect->x, rect->y, w, h, NULL) ||
                 vips_resize(t[0], &t[1], (double) across / w, "vscale", (double) down / h,
                             "kernel", VIPS_KERNEL_LINEAR, NULL) ||
                 vips_resize(t[1], &t[2], (double) w / t[1]->Xsize, "vscale", (double) h / t[1]->Ysize,
                             "kernel", VIPS_KERNEL_NEAREST, NULL) ||
                 vips_embed(t[2], &t[3], 0, 0, w, h, "extend", VIPS_EXTEND_COPY, NULL) ||
                 vips_gaussblur(t[3], &t[4], block / 2.0 + 1, "precision", VIPS_PRECISION_INTEGER, NULL) ||
                 vips_cast(t[4], &t[5], base->BandFmt, NULL) ||
                 vips_insert(base, t[5], out, rect->x, rect->y, NULL);
    }
    g_object_unref(scope);
    return failed ? -1 : 0;
}

int pg_redact(PGImage *in, const PGRect *rects, int count, PGRedaction style, PGImage **out)
{
    VipsImage *current = in;
    g_object_ref(current);
    for (int i = 0; i < count; i++) {
        VipsImage *next = NULL;
        if (rects[i].width <= 0 || rects[i].height <= 0)
            continue;
        if (pg_redact_one(current, &rects[i], style, &next)) {
            g_object_unref(current);
            return -1;
        }
        g_object_unref(current);
        current = next;
    }
    *out = current;
    return 0;
}

int pg_annotate(PGImage *in, const PGRect *rects, const unsigned char *colors, const char *const *captions,
                int count, int thickness, int font_size, PGImage **out)
{
    VipsImage *canvas = vips_image_copy_memory(in);
    if (!canvas)
        return -1;
    for (int i = 0; i < count; i++) {
        double ink[3] = { colors[i * 3], colors[i * 3 + 1], colors[i * 3 + 2] };
        for (int k = 0; k < thickness; k++) {
            if (vips_draw_rect(canvas, ink, 3, rects[i].x - k, rects[i].y - k,
                               rects[i].width + 2 * k, rects[i].height + 2 * k, NULL)) {
                g_object_unref(canvas);
                return -1;
            }
        }
        if (!captions || !captions[i] || !captions[i][0])
            continue;
        /* The caption: white text on the box's colour, above the box (inside it near the top edge). */
        VipsImage *mask = NULL;
        char font[64];
        g_snprintf(font, sizeof(font), "sans bold %d", font_size);
        if (vips_text(&mask, captions[i], "font", font, "dpi", 72, NULL)) {
            vips_error_clear();
            continue;
        }
        int tw = mask->Xsize + 8, th = mask->Ysize + 6;
        int tx = rects[i].x - thickness, ty = rects[i].y - thickness - th;
        if (ty < 0)
            ty = rects[i].y + rects[i].height + thickness;
        if (tx + tw > canvas->Xsize)
            tx = canvas->Xsize - tw;
        if (tx < 0)
            tx = 0;
        if (ty + th > canvas->Ysize)
            ty = canvas->Ysize - th;
        if (ty < 0)
            ty = 0;
        vips_draw_rect(canvas, ink, 3, tx, ty, tw, th, "fill", TRUE, NULL);
        double white[3] = { 255, 255, 255 };
        vips_draw_mask(canvas, white, 3, mask, tx + 4, ty + 3, NULL);
        g_object_unref(mask);
    }
    *out = canvas;
    return 0;
}
