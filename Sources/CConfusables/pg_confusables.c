#include "pg_confusables.h"

#include <pthread.h>
#include <unicode/uspoof.h>

static USpoofChecker *checker;
static pthread_once_t checker_once = PTHREAD_ONCE_INIT;

/* One checker for the process: ICU documents a configured checker as safe for concurrent
 * use by its const functions, which uspoof_getSkeleton is. */
static void open_checker(void) {
    UErrorCode status = U_ZERO_ERROR;
    USpoofChecker *opened = uspoof_open(&status);
    if (U_SUCCESS(status)) {
        checker = opened;
    } else if (opened != NULL) {
        uspoof_close(opened);
    }
}

int32_t pg_confusable_skeleton(const uint16_t *text, int32_t length, uint16_t *out, int32_t capacity) {
    pthread_once(&checker_once, open_checker);
    if (checker == NULL || length < 0 || capacity < 0) return -1;
    UErrorCode status = U_ZERO_ERROR;
    int32_t written = uspoof_getSkeleton(checker, 0, (const UChar *)text, length, (UChar *)out, capacity, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) return written > capacity ? written : capacity + 1;
    if (U_FAILURE(status)) return -1;
    return written;
}
