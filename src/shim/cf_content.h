/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cf_content.h: what the bytes of a block hold.  A page's block and a disk
 * block keep one tag; when a write, a zeroing or a read-modify-write leaves
 * a block holding several values, the tag is a mix (cowfuzz.h CF_TAG_MIX)
 * interned by the simulator (sim/content.c), so equal contents have equal
 * tags and a block written whole is its plain tag again.
 */
#ifndef _SHIM_CF_CONTENT_H
#define _SHIM_CF_CONTENT_H

#include <stdint.h>
#include "cowfuzz.h"

/* The block holding old with bytes [lo, hi) replaced by plain tag. */
uint16_t cf_content_overlay(uint16_t old, uint32_t lo, uint32_t hi, uint16_t tag,
			    uint32_t bs);

/* The tag of a block made of these runs (adjacent equal runs merge). */
uint16_t cf_content_build(const struct cf_content_run *r, int n, uint32_t bs);
/* A run starts with an empty table (sim/driver.c). */
void cf_content_reset(void);

#endif
