// SPDX-License-Identifier: GPL-2.0
/*
 * Sub-block buffered I/O: each scenario's files must end holding, byte by
 * byte, what the hand-written expectation says (read-modify-write of
 * partial blocks from the right fork, the zeroed tail of an unaligned EOF,
 * partial punches zeroed, whole blocks freed), both in the reference model
 * and in what a read returns from disk; and the byte form of the binary
 * scenario is a fixed point that aligned scenarios never use.
 */
#include <stdio.h>
#include <string.h>
#include "scenario.h"

/* One expected run: bytes [start, end) of a file hold tag. */
struct want_run {
	int		ino;
	uint32_t	start, end;
	uint16_t	tag;
};

struct sub_case {
	const char		*name;
	const char		*text;
	uint64_t		size[CF_NINODES];
	struct want_run		want[8];
};

/* Tags: 1 is the init data, op N (1-based) writes tag N + 1. */
static const struct sub_case cases[] = {
	{ "rmw-truncate-punch",
	  "geometry block=1024\n"
	  "init written blocks=4\n"
	  "t0: write ino=1 off=100 len=200\n"		/* tag 2 */
	  "t0: fsync ino=1\n"
	  "t0: drop_caches\n"
	  "t0: truncate ino=1 size=1500\n"
	  "t0: truncate ino=1 size=3000\n"
	  "t0: punch ino=1 off=50 len=2000\n"
	  "t0: write ino=1 off=2040 len=20\n"		/* tag 8 */
	  "t0: fsync ino=1\n",
	  { 3000, 0, 0 },
	  { { 1, 0, 50, 1 }, { 1, 50, 2040, 0 }, { 1, 2040, 2060, 8 },
	    { 1, 2060, 3000, 0 } } },
	{ "cow-rmw-reads-data-fork",
	  "geometry block=1024\n"
	  "init clone blocks=4\n"
	  "t0: write ino=2 off=100 len=200\n"		/* tag 2 */
	  "t0: write ino=1 off=10 len=10\n"		/* tag 3 */
	  "t0: fsync ino=2\n"
	  "t0: fsync ino=1\n"
	  "t0: write ino=2 off=4000 len=200\n"	/* tag 6: past EOF */
	  "t0: fsync ino=2\n",
	  { 4096, 4200, 0 },
	  { { 1, 0, 10, 1 }, { 1, 10, 20, 3 }, { 1, 20, 4096, 1 },
	    { 2, 0, 100, 1 }, { 2, 100, 300, 2 }, { 2, 300, 4000, 1 },
	    { 2, 4000, 4200, 6 } } },
	{ "eof-zeroing-4k",
	  "geometry block=4096\n"
	  "t0: write ino=1 off=0 len=5000\n"		/* tag 2 */
	  "t0: fsync ino=1\n"
	  "t0: truncate ino=1 size=4100\n"
	  "t0: write ino=1 off=6000 len=10\n"		/* tag 5 */
	  "t0: punch ino=1 off=1 len=4094\n"
	  "t0: fsync ino=1\n",
	  { 6010, 0, 0 },
	  { { 1, 0, 1, 2 }, { 1, 1, 4095, 0 }, { 1, 4095, 4100, 2 },
	    { 1, 4100, 6000, 0 }, { 1, 6000, 6010, 5 } } },
};

static int check_bytes(const struct sub_case *c, const char *what, int ino,
		       const struct cf_result *res, const uint16_t *blocks, uint32_t bs)
{
	for (const struct want_run *w = c->want; w->ino; w++) {
		if (w->ino != ino)
			continue;
		for (uint32_t x = w->start; x < w->end; x++) {
			struct cf_content_run r[CF_MIX_RUNS];
			int n = cf_final_runs(res, blocks[x / bs], bs, r), k = 0;
			uint16_t got;

			while (k + 1 < n && x % bs >= r[k].end)
				k++;
			got = r[k].tag;

			if (got != w->tag) {
				printf("FAIL %s: %s ino %d byte %u holds tag %u, expected %u\n",
				       c->name, what, ino, x, got, w->tag);
				return 1;
			}
		}
	}
	return 0;
}

static int run_case(const struct sub_case *c)
{
	static struct cf_scenario scn, back;
	static struct cf_result res;
	static uint8_t bin[8192];
	struct cf_run_opts opts = { .want_final = 1 };
	char err[SCN_ERR_MAX];
	size_t n;
	int fail = 0;

	if (scn_parse_text(c->text, strlen(c->text), c->name, &scn, err, sizeof(err))) {
		printf("FAIL %s: %s\n", c->name, err);
		return 1;
	}
	if (cf_run(&scn, cf_profile_find(cf_profile_default()), &opts, &res)) {
		printf("FAIL %s: %s at %s: %s\n", c->name, cf_class_name(res.klass),
		       res.site, res.detail);
		return 1;
	}
	for (int i = 0; i < CF_NINODES; i++) {
		if (res.files[i].size_bytes != c->size[i]) {
			printf("FAIL %s: ino %d size %llu, expected %llu\n", c->name, i + 1,
			       (unsigned long long)res.files[i].size_bytes,
			       (unsigned long long)c->size[i]);
			fail = 1;
		}
		fail |= check_bytes(c, "model", i + 1, &res, res.files[i].expect,
				    scn.geo.block_size);
		fail |= check_bytes(c, "disk", i + 1, &res, res.files[i].got, scn.geo.block_size);
	}
	/* the byte form: marked, a fixed point, the same scenario back */
	n = scn_encode_binary(&scn, bin, sizeof(bin));
	if (!n || n > sizeof(bin) || (bin[3] & 0xf0) != 0x10) {
		printf("FAIL %s: no byte-form binary (%zu bytes)\n", c->name, n);
		return 1;
	}
	scn_decode_binary(bin, n, &back);
	for (uint32_t i = 0; i < scn.nops; i++)
		back.ops[i].line = scn.ops[i].line;
	if (back.nops != scn.nops || memcmp(back.ops, scn.ops, scn.nops * sizeof(scn.ops[0]))) {
		printf("FAIL %s: the byte form does not decode to the scenario\n", c->name);
		fail = 1;
	}
	if (!fail)
		printf("ok   %s\n", c->name);
	return fail;
}

int main(void)
{
	static struct cf_scenario scn;
	static uint8_t bin[4096];
	const char *aligned = "t0: write ino=1 off=4096 len=8192\nt0: truncate ino=1 size=4096\n";
	char err[SCN_ERR_MAX];
	int fail = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		fail |= run_case(&cases[i]);
	/* an aligned scenario keeps the block form: same bytes as ever */
	if (scn_parse_text(aligned, strlen(aligned), "aligned", &scn, err, sizeof(err)) ||
	    scn_encode_binary(&scn, bin, sizeof(bin)) != 5 + 2 * 8 || (bin[3] & 0xf0)) {
		printf("FAIL aligned: encoded in the byte form\n");
		fail = 1;
	}
	return fail;
}
