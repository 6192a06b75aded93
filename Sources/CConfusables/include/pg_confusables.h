/*
 * pg_confusables: the UTS #39 skeleton from ICU's spoof checker (Debian's libicu), behind a
 * plain C function.
 *
 * Swift's own Foundation on Linux carries a private copy of ICU whose C types (UErrorCode...)
 * share names with the system ICU's, so no ICU header may reach Swift: this header declares
 * only what Swift calls, in standard C types. The symbols themselves do not clash (the system
 * ICU's are versioned, `uspoof_open_72`; Foundation's are prefixed `swift_`).
 */
#ifndef PG_CONFUSABLES_H
#define PG_CONFUSABLES_H

#include <stdint.h>

/* Writes the skeleton of `text` (`length` UTF-16 units) to `out` (room for `capacity`
 * units). Returns the skeleton's length, which is more than `capacity` when `out` was too
 * small (nothing useful was written: call again with enough room); or -1 when ICU's
 * confusables data cannot be loaded. Safe to call from several threads at once. */
int32_t pg_confusable_skeleton(const uint16_t *text, int32_t length, uint16_t *out, int32_t capacity);

#endif
