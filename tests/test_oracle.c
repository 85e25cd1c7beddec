// SPDX-License-Identifier: GPL-2.0
/*
 * The oracle must be able to fail: every class fires on a scenario built
 * to trigger it (through a real kernel bug where the port has one, through
 * a test canary that breaks the port where it has none), and the same
 * scenarios pass on the fixed profile with nothing broken.
 */
#include <stdio.h>
#include <string.h>
#include "scenario.h"

static const char trace_a[] =
	"geometry block=4096 page=4096 dev=64 frag=0 cowextsize=1\n"
	"init clone blocks=4\n"
	"t0: dwrite ino=2 off=0 len=4096 async\n"
	"t1: write ino=2 off=0 len=4096\n"
	"t2: fsync ino=2 (pause: map_blocks.W2)\n"
	"dioend: complete\n"
	"t2: resume\n";

static const char write_fsync[] =
	"t0: write ino=1 off=0 len=8192\n"
	"t0: fsync ino=1\n";

static const char write_fsync_punch[] =
	"t0: write ino=1 off=0 len=16384\n"
	"t0: fsync ino=1\n"
	"t0: punch ino=1 off=4096 len=4096\n";

static const char write_fsync_eio[] =
	"t0: write ino=1 off=0 len=8192\n"
	"t0: fsync ino=1 (fault: eio)\n";

/* an I/O error on ino 2 relaxes the data check; ino 1's blocks must still
 * hold only what was ever written to them */
static const char eio_elsewhere_then_two_writes[] =
	"t0: write ino=2 off=0 len=4096\n"
	"t0: fsync ino=2 (fault: eio)\n"
	"t0: write ino=1 off=0 len=4096\n"
	"t0: write ino=1 off=4096 len=4096\n"
	"t0: fsync ino=1\n";

/* an acknowledged atomic write over unshared blocks (v6.18's CoW path) */
static const char atomic_write_fsync[] =
	"geometry block=4096 page=4096 dev=64 frag=0 cowextsize=4\n"
	"init written blocks=8\n"
	"t0: dwrite ino=1 off=0 len=16384 atomic\n"
	"t0: fsync ino=1\n";

struct oracle_case {
	const char	*name;
	const char	*text;
	const char	*profile;
	uint32_t	sabotage;
	uint64_t	step_budget;
	int		want;
};

static const struct oracle_case cases[] = {
	{ "trace A on the fixed kernel", trace_a, "c2f09217a430", 0, 0, CF_OK },
	{ "stale whichfork (the seed bug)", trace_a, "7588cbeec6df-v5.5", 0, 0, CF_STALE_WHICHFORK },
	{ "write tossed (no retry)", trace_a, "pre-7588cbeec6df", 0, 0, CF_WRITE_TOSSED },
	{ "data loss (bios write nothing)", write_fsync, "c2f09217a430",
	  CF_SABOTAGE_BIO_DROP, 0, CF_DATA_LOSS },
	{ "stale data (bios write foreign data)", write_fsync, "c2f09217a430",
	  CF_SABOTAGE_BIO_FOREIGN, 0, CF_STALE_DATA },
	{ "invariant (punched blocks never freed)", write_fsync_punch, "c2f09217a430",
	  CF_SABOTAGE_LEAK_FREE, 0, CF_INVARIANT },
	{ "error not reported (I/O error swallowed)", write_fsync_eio, "c2f09217a430",
	  CF_SABOTAGE_SWALLOW_ERRORS, 0, CF_ERROR_NOT_REPORTED },
	{ "error invented (fsync fails on its own)", write_fsync, "c2f09217a430",
	  CF_SABOTAGE_FSYNC_EIO, 0, CF_ERROR_INVENTED },
	{ "liveness (step budget)", trace_a, "c2f09217a430", 0, 10, CF_LIVENESS },
	{ "an injected I/O error that is reported is fine", write_fsync_eio,
	  "c2f09217a430", 0, 0, CF_OK },
	{ "the punch scenario is clean", write_fsync_punch, "c2f09217a430", 0, 0, CF_OK },
	{ "data loss after a fault (bios swap two pages of one file)",
	  eio_elsewhere_then_two_writes, "c2f09217a430", CF_SABOTAGE_BIO_SWAP, 0, CF_DATA_LOSS },
	{ "the fault scenario is clean", eio_elsewhere_then_two_writes, "c2f09217a430",
	  0, 0, CF_OK },
	{ "torn atomic write (its completion remaps one block of four)", atomic_write_fsync,
	  "v6.18", CF_SABOTAGE_ATOMIC_TEAR, 0, CF_DATA_LOSS },
	{ "the atomic write scenario is clean", atomic_write_fsync, "v6.18", 0, 0, CF_OK },
};

int main(void)
{
	static struct cf_scenario scn;
	static struct cf_result res;
	int failures = 0, n = (int)(sizeof(cases) / sizeof(cases[0]));

	for (int i = 0; i < n; i++) {
		const struct oracle_case *c = &cases[i];
		struct cf_run_opts opts = { .sabotage = c->sabotage,
					    .step_budget = c->step_budget };
		char err[SCN_ERR_MAX];
		int got;

		if (scn_parse_text(c->text, strlen(c->text), c->name, &scn, err, sizeof(err))) {
			printf("FAIL %s: %s\n", c->name, err);
			failures++;
			continue;
		}
		got = cf_run(&scn, cf_profile_find(c->profile), &opts, &res);
		/* the torn write must be named by the atomicity rule, not by the
		 * per-block check that would also see its old blocks */
		if (got != c->want || (c->sabotage == CF_SABOTAGE_ATOMIC_TEAR &&
				       strcmp(res.site, "atomic_write:torn"))) {
			printf("FAIL %s: class %s (%d), expected %s (%d): %s %s\n", c->name,
			       cf_class_name(got), got, cf_class_name(c->want), c->want,
			       res.site, res.detail);
			failures++;
		} else {
			printf("ok   %s: %s%s%s\n", c->name, cf_class_name(got),
			       got ? " at " : "", got ? res.site : "");
		}
	}
	printf("%d passed, %d failed\n", n - failures, failures);
	return failures ? 1 : 0;
}
