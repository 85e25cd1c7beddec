// SPDX-License-Identifier: GPL-2.0
/*
 * Block contents at byte granularity (shim/cf_content.h): the table of
 * mixed tags of one run.  A mix is a list of runs of plain tags covering
 * the block; the table interns them (a hash with per-run generations, so a
 * run starts with an empty table without clearing it) and gives back the
 * plain tag when every byte holds the same value.
 */
#include <string.h>
#include "cf_content.h"
#include "observe.h"

#define MIX_MAX		4096
#define MIX_SLOTS	8192

struct mix {
	uint8_t			n;
	uint32_t		bs;
	struct cf_content_run	r[CF_MIX_RUNS];
};

static struct mix mixes[MIX_MAX];
static uint32_t nmix;
static uint32_t slot_gen[MIX_SLOTS], gen;
static uint16_t slot_idx[MIX_SLOTS];

void cf_content_reset(void)
{
	nmix = 0;
	if (++gen == 0) {	/* wrapped: clear the slots once */
		memset(slot_gen, 0, sizeof(slot_gen));
		gen = 1;
	}
}

static const struct mix *mix_of(uint16_t tag)
{
	if (tag < CF_TAG_MIX || tag - CF_TAG_MIX >= (int)nmix)
		return NULL;	/* plain (or a canary's foreign value) */
	return &mixes[tag - CF_TAG_MIX];
}

int cf_content_runs(uint16_t tag, uint32_t bs, struct cf_content_run *out)
{
	const struct mix *m = mix_of(tag);

	if (!m || m->bs != bs) {
		out[0] = (struct cf_content_run){ .end = (uint16_t)bs, .tag = tag };
		return 1;
	}
	memcpy(out, m->r, m->n * sizeof(out[0]));
	return m->n;
}

uint16_t cf_content_at(uint16_t tag, uint32_t bs, uint32_t byte)
{
	const struct mix *m = mix_of(tag);

	if (!m)
		return tag;
	for (int i = 0; i < m->n; i++)
		if (byte < m->r[i].end)
			return m->r[i].tag;
	return m->r[m->n - 1].tag;
}

static uint32_t mix_hash(const struct cf_content_run *r, int n)
{
	uint32_t h = 2166136261u;

	for (int i = 0; i < n; i++) {
		h = (h ^ r[i].end) * 16777619u;
		h = (h ^ r[i].tag) * 16777619u;
	}
	return h;
}

/* Intern runs (adjacent equal tags merged already); one run is plain. */
static uint16_t content_make(const struct cf_content_run *r, int n, uint32_t bs)
{
	uint32_t h;

	if (n == 1)
		return r[0].tag;
	h = mix_hash(r, n);
	for (uint32_t probe = 0; probe < MIX_SLOTS; probe++) {
		uint32_t s = (h + probe) % MIX_SLOTS;
		struct mix *m;

		if (slot_gen[s] != gen) {
			if (nmix == MIX_MAX) {
				sim_obs->liveness("harness limit: too many mixed block contents in one run");
				return r[0].tag;
			}
			m = &mixes[nmix];
			m->n = (uint8_t)n;
			m->bs = bs;
			memcpy(m->r, r, n * sizeof(r[0]));
			slot_gen[s] = gen;
			slot_idx[s] = (uint16_t)nmix;
			return (uint16_t)(CF_TAG_MIX + nmix++);
		}
		m = &mixes[slot_idx[s]];
		if (m->n == n && m->bs == bs && !memcmp(m->r, r, n * sizeof(r[0])))
			return (uint16_t)(CF_TAG_MIX + slot_idx[s]);
	}
	return r[0].tag;
}

/* Append a run, merging it into the last one when the tag is the same. */
static int run_push(struct cf_content_run *r, int n, uint32_t end, uint16_t tag)
{
	if (n && r[n - 1].tag == tag) {
		r[n - 1].end = (uint16_t)end;
		return n;
	}
	if (n == CF_MIX_RUNS + 1)
		return n;
	r[n] = (struct cf_content_run){ .end = (uint16_t)end, .tag = tag };
	return n + 1;
}

uint16_t cf_content_build(const struct cf_content_run *in, int nin, uint32_t bs)
{
	struct cf_content_run r[CF_MIX_RUNS + 1];
	int n = 0;

	for (int i = 0; i < nin; i++)
		n = run_push(r, n, in[i].end, in[i].tag);
	if (n > CF_MIX_RUNS) {
		sim_obs->liveness("harness limit: a block holds more runs of values than a mix keeps");
		return r[0].tag;
	}
	return content_make(r, n, bs);
}

uint16_t cf_content_overlay(uint16_t old, uint32_t lo, uint32_t hi, uint16_t tag,
			    uint32_t bs)
{
	struct cf_content_run o[CF_MIX_RUNS], r[CF_MIX_RUNS + 3];
	uint32_t start = 0;
	int no, n = 0;

	if (lo == 0 && hi >= bs)
		return tag;
	if (lo >= hi)
		return old;
	no = cf_content_runs(old, bs, o);
	for (int i = 0; i < no; i++) {
		uint32_t end = o[i].end;

		/* the old run's bytes before lo and after hi stay */
		if (start < lo)
			n = run_push(r, n, end < lo ? end : lo, o[i].tag);
		if (start <= lo && lo < end)
			n = run_push(r, n, hi, tag);
		if (end > hi)
			n = run_push(r, n, end, o[i].tag);
		start = end;
		if (n > CF_MIX_RUNS)
			break;
	}
	return cf_content_build(r, n, bs);
}
