/*
 * Test-only libvips helpers: build images from raw pixels, attach metadata blobs, encode
 * them in every accepted format, and decode files back to raw pixels for assertions.
 */
#ifndef PGT_VIPS_H
#define PGT_VIPS_H

#include <stddef.h>
#include <stdint.h>

typedef struct _VipsImage PGTImage;

typedef enum {
    PGT_JPEG = 1,
    PGT_PNG = 2,
    PGT_HEIF = 3,
    PGT_WEBP = 4,
    PGT_TIFF = 5
} PGTFormat;

int pgt_start(void);
const char *pgt_last_error(void);
PGTImage *pgt_image_from_pixels(const uint8_t *pixels, int width, int height, int bands);
void pgt_image_free(PGTImage *image);
void pgt_set_blob(PGTImage *image, const char *name, const void *data, size_t length);
void pgt_set_string(PGTImage *image, const char *name, const char *value);

/* Encodes keeping the metadata set on the image (strip = 0) or none (strip = 1). */
int pgt_encode(PGTImage *image, PGTFormat format, int quality, int strip, void **data, size_t *length);

/* Decodes any file libvips reads into 8-bit pixels (alpha kept). */
int pgt_decode(const void *data, size_t length, uint8_t **pixels, int *width, int *height, int *bands);

void pgt_free(void *memory);

/* A photo with printed text held up in front of it: `photo` (any file libvips reads) fills a
 * width × height frame; `markup` (Pango markup, lines split by \n) is set in `font` (such as
 * "DejaVu Sans Bold 40", sizes in pixels) dark on a white card with a margin, turned `angle`
 * degrees clockwise and placed with its top-left corner at x, y. The card's place in the
 * frame goes to card_*. The frame is then turned `stored_turn` degrees clockwise (0, 90, 180,
 * 270), as a camera stores a photo it marks with an EXIF orientation, and returned as 8-bit
 * RGB pixels. */
int pgt_text_photo(const void *photo, size_t length, int width, int height, const char *markup, const char *font,
                   double angle, int x, int y, int stored_turn, uint8_t **pixels, int *out_width, int *out_height,
                   int *card_x, int *card_y, int *card_width, int *card_height);

#endif
