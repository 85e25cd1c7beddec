/* SPDX-License-Identifier: GPL-2.0 */
/*
 * target.h - what target_cowfuzz.c offers besides LLVMFuzzerTestOneInput,
 * for the replay driver, the unguided runner and the tests.
 */
#ifndef COWFUZZ_FUZZ_TARGET_H
#define COWFUZZ_FUZZ_TARGET_H

#include <stddef.h>
#include <stdint.h>
#include "cowfuzz.h"

#define COWFUZZ_NFEATURES	4096

/* Decode and run one input on the target's profile; never traps.  Returns
 * the class (0 = ok); res may be NULL. */
int cowfuzz_target_run(const uint8_t *data, size_t size, struct cf_result *res);

/* The profile the target runs (compile-time COWFUZZ_PROFILE unless
 * changed); set_profile returns -1 for an unknown name. */
const struct cf_profile_info *cowfuzz_target_profile(void);
int cowfuzz_target_set_profile(const char *name);

/* Interleaving features on/off (default: on unless COWFUZZ_FEATURES=0). */
void cowfuzz_target_set_features(int on);

/* COWFUZZ_IGNORE (comma-separated class names): classes that do not trap. */
int cowfuzz_target_ignored(int klass);
int cowfuzz_target_skipped(const struct cf_result *res);
/* runs whose failure COWFUZZ_IGNORE or COWFUZZ_SKIP_SITES let pass */
extern unsigned long long cowfuzz_target_passed_over;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
