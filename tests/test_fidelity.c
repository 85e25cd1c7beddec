// SPDX-License-Identifier: GPL-2.0
/*
 * test_fidelity: the port against the recorded 6.1 kernel (DESIGN §10).
 *
 * For every run under shared/traces/real-xfs/ that has fork maps, the
 * scenario tests/fidelity/<run>.scn replays the workload and
 * tests/fidelity/steps.txt says after which op each recorded step is taken.
 * After that op the port's snapshot must show, per file:
 *
 *   data  the data fork as `xfs_io bmap -elpv` printed it: per block hole,
 *         delalloc, unwritten or written, and shared (FLAGS 0100000);
 *   cow   the CoW fork as `bmap -celpv` printed it (debug runs only);
 *   size  stat.size;
 *   content  every block below EOF holds the byte the kernel read, through
 *         the run's byte -> op map (a write op's tag is cf_op_tag(op)).
 *
 * Extent boundaries are compared as runs of equal per-block state, not as
 * bmbt records: where a record ends depends on where the allocator put the
 * blocks (physical contiguity), which the comparison leaves out along with
 * the block numbers themselves.
 *
 * A difference fails the test unless known_diffs[] lists it (run, step,
 * file, field) with a reason; a listed difference that no longer occurs
 * fails too, so the table cannot rot.  Every tolerated difference and every
 * field the recording lacks is counted in the output.
 *
 * Usage: test_fidelity FIDELITY_DIR TRACES_DIR [RUN]
 * Exit 0 pass, 1 fail, 77 when the traces are not there.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cowfuzz.h"
#include "scenario.h"

#define BLOCK		4096u
#define SECT_PER_BLK	(BLOCK / 512u)
#define NBLK		CF_MAX_FILE_BLOCKS

/* Per-block fork state; SHARED is or-ed in. */
enum { B_HOLE, B_DELALLOC, B_UNWRITTEN, B_WRITTEN, B_SHARED = 0x10 };

/* xfs_io bmap -v FLAGS column (io/bmap.c), octal */
#define FLG_SHARED	0100000
#define FLG_PRE		0010000

/*
 * Differences between the port and the recording that the test tolerates.
 * Each is one step, one file, one field; the reason says why it cannot
 * matter for what the fuzzer checks.  ino 0 = every file of the step.
 */
struct known_diff {
	const char	*run;
	const char	*step;
	int		ino;
	const char	*field;		/* data, cow, size, content */
	const char	*why;
	int		hits;
};

static struct known_diff known_diffs[] = {
	{ NULL, NULL, 0, NULL, NULL, 0 }
};

/*
 * Rules that apply to every step, each counted when it changes a verdict.
 * They are not loosened comparisons of something recorded: the recording
 * simply does not hold the distinction.
 */
static const char *const rule_cow_prealloc =
	"CoW fork unwritten vs written is not recorded: xfs_io bmap -c drops "
	"BMV_IF_PREALLOC (GETBMAPX iflags=0x28 in replay-stock/replay.log), so "
	"the kernel prints 000000 for its unwritten CoW staging extents (trace: "
	"flag 1 / st 1); compared as delalloc vs real";
static long rule_cow_prealloc_blocks;

/* Scenario-level approximations, printed once per run that uses them. */
static const struct {
	const char *run_prefix;
	const char *what;
} approximations[] = {
	{ "cow-writeback", "S3: 16 KiB folio from readahead (6.1 large folios, no "
	  "per-block dirty state) dirties [64k,80k); the port's 4 KiB pages need an "
	  "extra write of the unchanged [72k,80k) (op 4, byte 0x61)" },
	{ "cow-writeback", "S9: umount+mount = fsync all + drop_caches + gc reclaim "
	  "(no written CoW extent is left to tell reclaim from inactivation)" },
	{ "always-cow", "A7: umount+mount = fsync + drop_caches + gc reclaim" },
	{ "replay", "STEP_8: fdatasync = fsync (same writeback)" },
};

struct fork_map {
	bool		have;		/* recorded (or port: always) */
	uint32_t	end;		/* blocks covered by the listing */
	uint8_t		b[NBLK];
};

struct rec_file {
	struct fork_map	data, cow;
	bool		have_size;
	uint64_t	size;
	bool		have_content;
	uint32_t	content_blocks;
	int		content[NBLK];	/* byte, or -1: not one byte per block */
};

struct step {
	char		name[32];
	int		after;
	int		nfiles;
	int		ino[CF_NINODES];
	char		rec[CF_NINODES][96];
};

struct run_def {
	char		name[64];
	int		byte_of_op[CF_MAX_OPS];	/* -1 = none */
	int		nsteps;
	struct step	steps[32];
};

static int failures;
static long fields_equal, fields_known, fields_unrecorded, approximations_used;

static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("  FAIL ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	failures++;
}

static char *slurp(const char *path, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	fclose(f);
	if (lenp)
		*lenp = (size_t)n;
	return buf;
}

/* ---- steps.txt ------------------------------------------------------- */

static int load_steps(const char *path, const char *runname, struct run_def *rd)
{
	char *text = slurp(path, NULL);
	char *save = NULL;
	int lineno = 0;

	if (!text) {
		fail("%s: %s", path, strerror(errno));
		return -1;
	}
	memset(rd, 0, sizeof(*rd));
	snprintf(rd->name, sizeof(rd->name), "%s", runname);
	for (int i = 0; i < CF_MAX_OPS; i++)
		rd->byte_of_op[i] = -1;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tok[16], *ts = NULL;
		int nt = 0;

		lineno++;
		if (strchr(line, '#'))
			*strchr(line, '#') = '\0';
		for (char *t = strtok_r(line, " \t", &ts); t && nt < 16; t = strtok_r(NULL, " \t", &ts))
			tok[nt++] = t;
		if (nt == 0 || strcmp(tok[0], runname))
			continue;
		if (nt >= 2 && !strcmp(tok[1], "bytes")) {
			for (int i = 2; i < nt; i++) {
				char *eq = strchr(tok[i], '=');
				long byte;

				if (!eq)
					goto bad;
				*eq = '\0';
				byte = strtol(tok[i], NULL, 0);
				for (char *o = strtok(eq + 1, ","); o; o = strtok(NULL, ",")) {
					long op = strtol(o, NULL, 10);

					if (op < 0 || op >= CF_MAX_OPS || byte < 1 || byte > 255)
						goto bad;
					rd->byte_of_op[op] = (int)byte;
				}
			}
			continue;
		}
		if (nt < 4 || rd->nsteps >= 32)
			goto bad;
		struct step *st = &rd->steps[rd->nsteps++];

		snprintf(st->name, sizeof(st->name), "%s", tok[1]);
		st->after = atoi(tok[2]);
		for (int i = 3; i < nt && st->nfiles < CF_NINODES; i++) {
			char *colon = strchr(tok[i], ':');

			if (!colon)
				goto bad;
			*colon = '\0';
			st->ino[st->nfiles] = atoi(tok[i]);
			if (st->ino[st->nfiles] < 1 || st->ino[st->nfiles] > CF_NINODES)
				goto bad;
			snprintf(st->rec[st->nfiles], sizeof(st->rec[0]), "%s", colon + 1);
			st->nfiles++;
		}
	}
	free(text);
	if (!rd->nsteps) {
		fail("%s: no steps for run %s", path, runname);
		return -1;
	}
	return 0;
bad:
	fail("%s:%d: malformed line", path, lineno);
	free(text);
	return -1;
}

/* ---- the recorded maps ---------------------------------------------- */

/*
 * Parse one xfs_io bmap -v listing starting at p (the "/mnt/x:" line).
 * Lines: "N: [a..b]: hole TOTAL", "N: [a..b]: delalloc TOTAL",
 * "N: [a..b]: s..e AG (s..e) TOTAL FLAGS"; or "/mnt/x: no extents".
 * Returns the end of the listing.
 */
static const char *parse_listing(const char *p, struct fork_map *m, const char *what)
{
	const char *eol = strchr(p, '\n');

	memset(m, 0, sizeof(*m));
	m->have = true;
	if (eol && strstr(p, "no extents") && strstr(p, "no extents") < eol)
		return eol + 1;
	p = eol ? eol + 1 : p + strlen(p);
	if (strncmp(p, " EXT:", 5)) {
		fail("%s: listing without the EXT header", what);
		return p;
	}
	p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p);
	for (;;) {
		unsigned long long a, b;
		char kind[64];
		int n = 0;

		eol = strchr(p, '\n');
		if (!eol)
			eol = p + strlen(p);
		if (sscanf(p, " %*d: [%llu..%llu]: %63s%n", &a, &b, kind, &n) != 3)
			break;
		if (a % SECT_PER_BLK || (b + 1) % SECT_PER_BLK || b / SECT_PER_BLK >= NBLK) {
			fail("%s: [%llu..%llu] not whole blocks in range", what, a, b);
			break;
		}
		uint8_t v;

		if (!strcmp(kind, "hole")) {
			v = B_HOLE;
		} else if (!strcmp(kind, "delalloc")) {
			v = B_DELALLOC;
		} else {
			/* the FLAGS column is the line's last token */
			const char *q = eol;
			unsigned long flags;

			while (q > p && isspace((unsigned char)q[-1]))
				q--;
			while (q > p && !isspace((unsigned char)q[-1]))
				q--;
			flags = strtoul(q, NULL, 8);
			v = (flags & FLG_PRE) ? B_UNWRITTEN : B_WRITTEN;
			if (flags & FLG_SHARED)
				v |= B_SHARED;
		}
		for (uint32_t blk = a / SECT_PER_BLK; blk <= b / SECT_PER_BLK; blk++)
			m->b[blk] = v;
		if (b / SECT_PER_BLK + 1 > m->end)
			m->end = b / SECT_PER_BLK + 1;
		p = *eol ? eol + 1 : eol;
	}
	return p;
}

/* Find the first listing ("/mnt/...:" line) at or after p, before end. */
static const char *next_listing(const char *p, const char *end)
{
	while (p && p < end) {
		if (!strncmp(p, "/mnt/", 5))
			return p;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

static int load_bmap_file(const char *path, struct rec_file *rf)
{
	char *text = slurp(path, NULL);
	const char *sec, *end, *p;

	if (!text) {
		fail("%s: %s", path, strerror(errno));
		return -1;
	}
	sec = strstr(text, "### bmap -elpv");
	end = sec ? strstr(sec + 1, "###") : NULL;
	p = sec ? next_listing(sec, end) : NULL;
	if (!p) {
		fail("%s: no data fork listing", path);
		free(text);
		return -1;
	}
	parse_listing(p, &rf->data, path);

	sec = strstr(text, "### bmap -celpv");
	end = sec ? strstr(sec + 1, "###") : NULL;
	p = sec ? next_listing(sec, end) : NULL;
	if (p)
		parse_listing(p, &rf->cow, path);
	else if (!sec || !strstr(sec, "Invalid argument"))
		fail("%s: CoW section neither a listing nor EINVAL", path);
	/* else: a stock kernel, the CoW fork is not recorded */

	p = strstr(text, "stat.size = ");
	if (p) {
		rf->have_size = true;
		rf->size = strtoull(p + 12, NULL, 10);
	}
	free(text);
	return 0;
}

/* replay.log: the maps printed after "command @@STEP_N not found". */
static int load_replay_step(const char *path, const char *stepname, struct rec_file *rf)
{
	char *text = slurp(path, NULL);
	char marker[64];
	const char *seg, *end, *p;

	if (!text) {
		fail("%s: %s", path, strerror(errno));
		return -1;
	}
	snprintf(marker, sizeof(marker), "command @@%s not found", stepname);
	seg = strstr(text, marker);
	if (!seg) {
		fail("%s: no %s", path, marker);
		free(text);
		return -1;
	}
	seg += strlen(marker);
	end = strstr(seg, "command @@STEP_");
	if (!end)
		end = seg + strlen(seg);
	p = next_listing(seg, end);
	if (!p) {
		fail("%s: %s: no data fork listing", path, stepname);
		free(text);
		return -1;
	}
	p = parse_listing(p, &rf->data, path);
	/* the debug kernel prints the CoW fork next; stock says EINVAL */
	p = next_listing(p, end);
	if (p)
		parse_listing(p, &rf->cow, path);
	free(text);
	return 0;
}

static int load_content(const char *path, struct rec_file *rf)
{
	char *text = slurp(path, NULL);
	const char *p;
	uint64_t size;

	if (!text)
		return 0;	/* replay.log steps have none */
	p = strstr(text, "size=");
	if (!p) {
		fail("%s: no size", path);
		free(text);
		return -1;
	}
	size = strtoull(p + 5, NULL, 0);
	rf->have_content = true;
	rf->content_blocks = (uint32_t)((size + BLOCK - 1) / BLOCK);
	for (uint32_t i = 0; i < NBLK; i++)
		rf->content[i] = -2;	/* not covered yet */
	for (p = strchr(text, '['); p; p = strchr(p + 1, '[')) {
		unsigned long long a, b;
		unsigned int byte;

		if (sscanf(p, "[%llx,%llx) len=%*x byte=%x", &a, &b, &byte) != 3)
			continue;
		for (uint64_t blk = a / BLOCK; blk * BLOCK < b && blk < NBLK; blk++) {
			bool whole = blk * BLOCK >= a && (blk + 1) * BLOCK <= b;

			/* a block split between two runs has no single byte */
			if (!whole || (rf->content[blk] != -2 && rf->content[blk] != (int)byte))
				rf->content[blk] = -1;
			else
				rf->content[blk] = (int)byte;
		}
	}
	for (uint32_t i = 0; i < rf->content_blocks; i++)
		if (rf->content[i] == -2)
			fail("%s: block %u not covered", path, i);
	free(text);
	return 0;
}

static int load_record(const char *dir, const char *rec, struct rec_file *rf)
{
	char path[1024];
	const char *at = strchr(rec, '@');

	memset(rf, 0, sizeof(*rf));
	if (at) {
		snprintf(path, sizeof(path), "%s/%.*s", dir, (int)(at - rec), rec);
		return load_replay_step(path, at + 1, rf);
	}
	snprintf(path, sizeof(path), "%s/%s.bmap", dir, rec);
	if (load_bmap_file(path, rf))
		return -1;
	snprintf(path, sizeof(path), "%s/%s.content.txt", dir, rec);
	return load_content(path, rf);
}

/* ---- the port -------------------------------------------------------- */

struct snaps {
	int			nops;
	bool			have[CF_MAX_OPS];
	struct cf_snapshot	*s;
};

static void on_snapshot(void *ctx, int opidx, const struct cf_snapshot *snap)
{
	struct snaps *ss = ctx;

	if (opidx < 0 || opidx >= ss->nops)
		return;
	ss->s[opidx] = *snap;
	ss->have[opidx] = true;
}

static void port_fork(const struct cf_snap_fork *f, struct fork_map *m)
{
	static const uint8_t st[] = {
		[CF_SNAP_DELALLOC] = B_DELALLOC,
		[CF_SNAP_UNWRITTEN] = B_UNWRITTEN,
		[CF_SNAP_WRITTEN] = B_WRITTEN,
	};

	memset(m, 0, sizeof(*m));
	m->have = true;
	for (uint32_t i = 0; i < f->n; i++) {
		const struct cf_snap_extent *e = &f->ext[i];

		for (uint32_t b = e->off; b < e->off + e->len && b < NBLK; b++)
			m->b[b] = st[e->state] | (e->shared ? B_SHARED : 0);
		if (e->off + e->len > m->end)
			m->end = e->off + e->len;
	}
}

/* ---- comparing -------------------------------------------------------- */

static const char *bname(uint8_t v)
{
	static char buf[4][24];
	static int k;
	static const char *const n[] = { "hole", "delalloc", "unwritten", "written" };
	char *s = buf[k++ % 4];

	snprintf(s, 24, "%s%s", n[v & 0xf], (v & B_SHARED) ? "+shared" : "");
	return s;
}

static struct known_diff *find_known(const char *run, const char *step, int ino,
				     const char *field)
{
	for (struct known_diff *k = known_diffs; k->run; k++)
		if (!strcmp(k->run, run) && !strcmp(k->step, step) &&
		    (k->ino == 0 || k->ino == ino) && !strcmp(k->field, field))
			return k;
	return NULL;
}

/*
 * Print the differing block runs into buf; returns the number of blocks
 * that differ.  kern/port arrays are int so bytes and fork states share it.
 */
static int diff_runs(const int *kern, const int *port, uint32_t n, bool bytes,
		     char *buf, size_t cap)
{
	size_t len = 0;
	int nd = 0;

	buf[0] = '\0';
	for (uint32_t i = 0; i < n; ) {
		uint32_t j = i + 1;

		if (kern[i] == port[i]) {
			i++;
			continue;
		}
		while (j < n && kern[j] == kern[i] && port[j] == port[i])
			j++;
		nd += j - i;
		if (len < cap) {
			if (bytes)
				len += snprintf(buf + len, cap - len,
						" [%u,%u) kernel=%s%02x port=%s%02x", i, j,
						kern[i] < 0 ? "mixed:" : "0x", kern[i] < 0 ? 0 : kern[i],
						port[i] < 0 ? "unmapped-tag:" : "0x",
						port[i] < 0 ? -port[i] - 1000 : port[i]);
			else
				len += snprintf(buf + len, cap - len,
						" [%u,%u) kernel=%s port=%s", i, j,
						bname((uint8_t)kern[i]), bname((uint8_t)port[i]));
		}
		i = j;
	}
	return nd;
}

static void verdict(const char *run, const char *step, int ino, const char *field,
		    int ndiff, const char *detail)
{
	struct known_diff *k = find_known(run, step, ino, field);

	if (!ndiff && !k) {
		fields_equal++;
		return;
	}
	if (!ndiff) {
		fail("%s %s ino%d %s: listed as a known difference but equal now: "
		     "remove it from known_diffs[]", run, step, ino, field);
		return;
	}
	if (k) {
		k->hits++;
		fields_known++;
		printf("  KNOWN %s %s ino%d %s:%s\n        why: %s\n", run, step, ino,
		       field, detail, k->why);
		return;
	}
	fail("%s %s ino%d %s:%s", run, step, ino, field, detail);
}

static void compare_fork(const char *run, const char *step, int ino, const char *field,
			 const struct fork_map *kern, const struct fork_map *port, bool cow)
{
	int kv[NBLK], pv[NBLK];
	char detail[1024];
	uint32_t n = kern->end > port->end ? kern->end : port->end;

	if (!kern->have) {
		fields_unrecorded++;
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		kv[i] = kern->b[i];
		pv[i] = port->b[i];
		if (cow && (pv[i] & 0xf) == B_UNWRITTEN && (kv[i] & 0xf) == B_WRITTEN) {
			/* rule_cow_prealloc: the recording cannot say unwritten */
			pv[i] = (pv[i] & B_SHARED) | B_WRITTEN;
			rule_cow_prealloc_blocks++;
		}
	}
	verdict(run, step, ino, field, diff_runs(kv, pv, n, false, detail, sizeof(detail)),
		detail);
}

static void compare_step(const struct run_def *rd, const struct step *st, int fi,
			 const struct rec_file *rf, const struct cf_snapshot *snap)
{
	int ino = st->ino[fi];
	struct fork_map pd, pc;
	char detail[1024];

	port_fork(&snap->data[ino - 1], &pd);
	port_fork(&snap->cow[ino - 1], &pc);
	compare_fork(rd->name, st->name, ino, "data", &rf->data, &pd, false);
	compare_fork(rd->name, st->name, ino, "cow", &rf->cow, &pc, true);

	if (rf->have_size) {
		uint64_t got = snap->size_bytes[ino - 1];

		snprintf(detail, sizeof(detail), " kernel=%" PRIu64 " port=%" PRIu64,
			 rf->size, got);
		verdict(rd->name, st->name, ino, "size", rf->size != got, detail);
	} else {
		fields_unrecorded++;
	}

	if (rf->have_content) {
		int kv[NBLK], pv[NBLK];

		for (uint32_t b = 0; b < rf->content_blocks; b++) {
			uint16_t tag = snap->content[ino - 1][b];

			kv[b] = rf->content[b];
			if (tag == CF_TAG_ZERO)
				pv[b] = 0;
			else if (tag == CF_TAG_INIT || tag - 2 >= CF_MAX_OPS ||
				 rd->byte_of_op[tag - 2] < 0)
				pv[b] = -1000 - (int)tag;	/* no recorded byte */
			else
				pv[b] = rd->byte_of_op[tag - 2];
		}
		verdict(rd->name, st->name, ino, "content",
			diff_runs(kv, pv, rf->content_blocks, true, detail, sizeof(detail)),
			detail);
	} else {
		fields_unrecorded++;
	}
}

static int run_one(const char *fid_dir, const char *traces, const char *runname)
{
	char path[1024], err[SCN_ERR_MAX], rdir[1024];
	static struct cf_scenario scn;
	static struct run_def rd;
	static struct cf_result res;
	struct cf_run_opts opts;
	struct snaps ss;
	int before = failures;
	long eq0 = fields_equal, kn0 = fields_known, un0 = fields_unrecorded;

	printf("run %s\n", runname);
	snprintf(path, sizeof(path), "%s/steps.txt", fid_dir);
	if (load_steps(path, runname, &rd))
		return -1;
	snprintf(path, sizeof(path), "%s/%s.scn", fid_dir, runname);
	if (scn_load_file(path, SCN_FORM_TEXT, &scn, err, sizeof(err))) {
		fail("%s", err);
		return -1;
	}
	for (size_t i = 0; i < sizeof(approximations) / sizeof(approximations[0]); i++)
		if (!strncmp(runname, approximations[i].run_prefix,
			     strlen(approximations[i].run_prefix))) {
			printf("  approximation: %s\n", approximations[i].what);
			approximations_used++;
		}

	memset(&ss, 0, sizeof(ss));
	ss.nops = (int)scn.nops;
	ss.s = calloc(scn.nops ? scn.nops : 1, sizeof(*ss.s));
	memset(&opts, 0, sizeof(opts));
	opts.snapshot = on_snapshot;
	opts.snapshot_ctx = &ss;
	if (cf_run(&scn, cf_profile_find(cf_profile_default()), &opts, &res) != CF_OK)
		fail("%s: the port's oracle fired: %s at %s", runname,
		     cf_class_name(res.klass), res.site);

	snprintf(rdir, sizeof(rdir), "%s/%s", traces, runname);
	for (int s = 0; s < rd.nsteps; s++) {
		const struct step *st = &rd.steps[s];

		if (st->after < 0 || st->after >= ss.nops || !ss.have[st->after]) {
			fail("%s %s: no snapshot after op %d", runname, st->name, st->after);
			continue;
		}
		for (int fi = 0; fi < st->nfiles; fi++) {
			struct rec_file rf;

			if (load_record(rdir, st->rec[fi], &rf))
				continue;
			compare_step(&rd, st, fi, &rf, &ss.s[st->after]);
		}
	}
	free(ss.s);
	printf("  %s: %d steps, %ld fields equal, %ld known differences, "
	       "%ld fields not recorded, %s\n", runname, rd.nsteps,
	       fields_equal - eq0, fields_known - kn0, fields_unrecorded - un0,
	       failures == before ? "ok" : "FAILED");
	return failures == before ? 0 : -1;
}

int main(int argc, char **argv)
{
	static const char *const runs[] = {
		"cow-writeback-debug", "cow-writeback-stock", "always-cow-debug",
		"replay-debug", "replay-stock",
	};
	struct stat sb;

	if (argc < 3) {
		fprintf(stderr, "usage: %s FIDELITY_DIR TRACES_DIR [RUN]\n", argv[0]);
		return 2;
	}
	if (stat(argv[2], &sb) || !S_ISDIR(sb.st_mode)) {
		printf("SKIP: no traces at %s\n", argv[2]);
		return 77;
	}
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++)
		if (argc < 4 || !strcmp(argv[3], runs[i]))
			run_one(argv[1], argv[2], runs[i]);
	/* host-kernel-6.18-loop.trace has no fork maps: nothing to compare */
	printf("rule: %s: %ld CoW blocks the port has unwritten\n", rule_cow_prealloc,
	       rule_cow_prealloc_blocks);
	for (struct known_diff *k = known_diffs; k->run; k++)
		if (!k->hits && (argc < 4 || !strcmp(argv[3], k->run)))
			fail("known difference %s %s ino%d %s never matched a step",
			     k->run, k->step, k->ino, k->field);
	printf("total: %ld fields equal, %ld known differences, %ld not recorded, "
	       "%ld scenario approximations, %d failures\n", fields_equal, fields_known,
	       fields_unrecorded, approximations_used, failures);
	return failures ? 1 : 0;
}
