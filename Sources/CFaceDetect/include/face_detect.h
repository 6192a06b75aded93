/*
 * face_detect: the CenterFace face detector run through OpenCV's DNN module, behind a plain
 * C interface. It finds where faces are (boxes and scores); it never computes anything that
 * could recognise who they are.
 */
#ifndef FACE_DETECT_H
#define FACE_DETECT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A detector holds one loaded network. It is not thread-safe: use one per thread. */
typedef struct FDDetector FDDetector;

/* A face in the pixels given to fd_detect: top-left corner, size, and confidence 0-1. */
typedef struct {
    float x, y, width, height, score;
} FDFace;

/* Loads the ONNX model from its bytes. On failure returns NULL and writes a message into `error`. */
FDDetector *fd_create(const void *model, size_t model_length, char *error, size_t error_length);
void fd_destroy(FDDetector *detector);

/* Runs the network on tightly packed 8-bit RGB pixels, placed top-left in an input of
 * input_width × input_height (multiples of 32, at least the pixels' size; the rest is black),
 * and decodes every heatmap cell above `threshold`, before any merging. Writes up to
 * `capacity` faces (strongest first) and their total number to `count`.
 * Returns 0, or -1 with a message in `error`.
 *
 * OpenCV 4.6 gives wrong results when one network is run on inputs of different sizes, so
 * a caller always gives one detector the same input size. */
int fd_detect(FDDetector *detector, const unsigned char *rgb, int width, int height,
              int input_width, int input_height, float threshold,
              FDFace *faces, int capacity, int *count, char *error, size_t error_length);

#ifdef __cplusplus
}
#endif

#endif
