/*
 * pg_vips: the libvips operations Photogate uses, as plain C functions over an opaque image.
 *
 * libvips' public calls take NULL-terminated option lists, which Swift cannot call, and its
 * headers pull in glib. Each function here fixes the options Photogate relies on (strip all
 * metadata, baseline JPEG, fail on truncation...) in one place, and Swift only ever sees
 * `PGImage *`.
 */
#ifndef PG_VIPS_H
#define PG_VIPS_H

#include <stddef.h>

/* A libvips image: one node of a lazy pipeline. Release with pg_image_free. */
typedef struct _VipsImage PGImage;

/* Formats Photogate decodes; anything else is refused before libvips sees it. */
typedef enum {
    PG_FORMAT_JPEG = 1,
    PG_FORMAT_PNG = 2,
    PG_FORMAT_HEIF = 3,
    PG_FORMAT_WEBP = 4,
    PG_FORMAT_TIFF = 5
} PGFormat;

/* Starts libvips once per process: blocks untrusted loaders, silences its warnings on
 * stderr (Photogate reports problems itself) and turns the operation cache off so memory
 * stays flat across a batch. Returns 0 on success. */
int pg_vips_start(const char *program_name);

/* Limits glibc's heap arenas for the whole process (a no-op elsewhere). libvips, OpenCV and
 * Dispatch run many threads, and glibc gives each its own arena, which keeps the freed image
 * buffers: a few arenas keep memory flat over a batch. Call before starting threads. */
void pg_limit_heap_arenas(int count);

/* Copies and clears libvips' error buffer. Free the result with pg_free. */
char *pg_vips_take_error(void);
void pg_free(void *memory);

void pg_image_free(PGImage *image);

/* Opens an image of a known format from a copy of the caller's bytes. Only the header is
 * read: pixels are decoded lazily by later operations. random_access must be non-zero when a
 * later operation reads out of order (rotations). Truncated or corrupt data fails the
 * pipeline instead of being filled with grey or patched over, as far as libvips can tell:
 * it fails on a decoder warning given while rows are read, but not on one given after the
 * last row (pg_jpeg_read_whole counts those). */
PGImage *pg_load_buffer(const void *data, size_t length, PGFormat format, int random_access);

/* Reads a JPEG's compressed data whole with libjpeg, every scan to the end marker, and
 * returns 0 when libjpeg gave no warning and no error. Otherwise returns -1 with the first
 * warning or error in problem. libvips is not asked: its fail-on-warning misses warnings
 * given after the last row, and a decode shrunk on load (1/8) misses some altogether. The
 * data is decoded at an eighth of the size (every coefficient is still read), with memory
 * flat for a baseline JPEG. */
int pg_jpeg_read_whole(const void *data, size_t length, char *problem, size_t capacity);

int pg_width(PGImage *image);
int pg_height(PGImage *image);
/* The EXIF orientation libvips will apply, 1 when there is none. */
int pg_orientation(PGImage *image);

/* Decodes every pixel (and discards them), so a damaged file fails now. */
int pg_decode_all(PGImage *image);

/* Metadata: 1 when the field exists; blobs point into the image and live as long as it. */
int pg_has_field(PGImage *image, const char *name);
int pg_get_blob(PGImage *image, const char *name, const void **data, size_t *length);

/* Applies the EXIF orientation to the pixels and removes the tag. */
int pg_upright(PGImage *in, PGImage **out);

/* Converts to 8-bit sRGB: through the embedded ICC profile when there is one, otherwise by
 * interpretation (CMYK, greyscale, 16-bit...); alpha is flattened on white. */
int pg_to_srgb8(PGImage *in, PGImage **out);

/* A baseline JPEG with no metadata at all (libjpeg's JFIF header only), in memory: *data is
 * freed with pg_free. */
int pg_save_jpeg_memory(PGImage *in, int quality, void **data, size_t *length);

/* A JPEG or WebP's primary image reduced to fit within max_side × max_side, turned upright,
 * 8-bit sRGB, as tightly packed RGB pixels (free with pg_free). Both decode at reduced size
 * directly (shrink-on-load), so this costs a fraction of a full decode. Other formats are
 * refused: their thumbnails could be an embedded preview or a pyramid level, which may
 * differ from the primary image; reduce their decoded image with pg_reduce_rgb instead. */
int pg_thumbnail_rgb(const void *data, size_t length, PGFormat format, int max_side,
                     unsigned char **pixels, int *width, int *height);

/* A clean baseline JPEG (one Photogate wrote: sanitized or rendered) reduced to fit within
 * max_side × max_side with shrink-on-load; never enlarged. For screen copies. */
int pg_shrink_jpeg(const void *data, size_t length, int max_side, PGImage **out);

/* An image reduced to fit within max_side × max_side, 8-bit sRGB, as tightly packed RGB
 * pixels (free with pg_free). */
int pg_reduce_rgb(PGImage *image, int max_side, unsigned char **pixels, int *width, int *height);

/* The pixels of a rectangle of an 8-bit, 3-band image, tightly packed (free with pg_free). */
int pg_region_rgb(PGImage *image, int left, int top, int width, int height, unsigned char **pixels);

/* A rectangle in pixels. */
typedef struct {
    int x, y, width, height;
} PGRect;

typedef enum {
    /* Reduced to at most 8 blocks across, then blurred: nothing of the face is left. */
    PG_REDACT_PIXELATE_BLUR = 0,
    /* Filled with solid black. */
    PG_REDACT_SOLID = 1
} PGRedaction;

/* Redacts every rectangle (already clipped to the image) of an 8-bit RGB image. */
int pg_redact(PGImage *in, const PGRect *rects, int count, PGRedaction style, PGImage **out);

/* Draws rectangle outlines (thickness in pixels) and a caption above each, for previews.
 * colors holds r, g, b per rectangle; captions may be NULL. The result is in memory. */
int pg_annotate(PGImage *in, const PGRect *rects, const unsigned char *colors, const char *const *captions,
                int count, int thickness, int font_size, PGImage **out);

#endif
