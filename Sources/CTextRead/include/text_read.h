/*
 * text_read: finds lines of printed text in a photo (OpenCV's image processing) and reads
 * them with Tesseract through its C API, behind a plain C interface. Finding is cheap and
 * runs on a reduced copy; reading runs only on the lines found, on full-resolution pixels.
 */
#ifndef TEXT_READ_H
#define TEXT_READ_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A line of text found in a picture: its centre, its length along the text, its height
 * across it, the angle of its baseline in degrees (clockwise, within ±45), the median
 * height of its letters, how many letter shapes it holds, the share of them of about that
 * height (0-1), and how sure the finder is that it is text (0-1). */
typedef struct {
    float center_x, center_y, length, thickness, angle, letter_height;
    int letters;
    float evenness, score;
} TRLine;

/* Finds lines of at least three letter shapes, dark on light or light on dark, with letters
 * between `min_letter` and `max_letter` pixels tall, in tightly packed 8-bit RGB pixels.
 * Writes up to `capacity` lines (most letters first) and their total number to `count`.
 * Returns 0, or -1 with a message in `error`. Thread-safe. */
int tr_find_lines(const unsigned char *rgb, int width, int height, float min_letter, float max_letter,
                  TRLine *lines, int capacity, int *count, char *error, size_t error_length);

/* A reader holds one Tesseract engine. It is not thread-safe: use one per thread. */
typedef struct TRReader TRReader;

/* Loads `language` (such as "eng") from the folder `data_path` holding its .traineddata
 * file. On failure returns NULL and writes a message into `error`. */
TRReader *tr_create(const char *data_path, const char *language, char *error, size_t error_length);
void tr_destroy(TRReader *reader);

/* A word read, as four corners (x0,y0 … x3,y3, clockwise from the top left) in the pixels
 * given to tr_read, its text in UTF-8 and Tesseract's confidence (0-100). */
typedef struct {
    float corners[8];
    float confidence;
    char text[96];
} TRWord;

/* Reads the text in tightly packed 8-bit RGB pixels holding one line or block whose text
 * runs at `angle` degrees: turned level, scaled by `scale`, then read as a block of lines.
 * Writes up to `capacity` words and their total number to `count`.
 * Returns 0, or -1 with a message in `error`. */
int tr_read(TRReader *reader, const unsigned char *rgb, int width, int height, float angle, float scale,
            TRWord *words, int capacity, int *count, char *error, size_t error_length);

#ifdef __cplusplus
}
#endif

#endif
