// SPDX-License-Identifier: GPL-2.0
/*
 * The generator of `cowfuzz reproduce`: a scenario's lines as a table of
 * steps, and the values each block may hold at the end as a table of
 * bytes, put into the runtime at its SCENARIO marker.
 *
 * What a block may hold is what the oracle's final check accepts on the
 * fixed profile, for the scenario as written and for its sequential
 * reading (a real kernel that did not keep the race window open ran some
 * other interleaving; a correct kernel may then give that one's result).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "reproduce.h"
#include "scenario.h"
#include "kcheck/kcheck.h"

#define RUNTIME_MARKER	"/* SCENARIO:"

struct gen {
	const struct cf_scenario *scn;
	FILE		*out;
	uint32_t	bs;
	/* per file and block, the allowed tags of both runs */
	uint64_t	tags[CF_NINODES][CF_MAX_FILE_BLOCKS][CF_TAG_WORDS];
	uint64_t	size[CF_NINODES][2];
};

/* Windows an instrumented kernel holds with a tag (repro_window_add). */
static struct {
	int		point;
	char		knob[32];
} windows[8];
static int nwindows;

int repro_window_add(const char *spec, char *msg, size_t len)
{
	const char *eq = strchr(spec, '=');
	char point[64];
	int p;

	if (!eq || eq == spec || !eq[1] || (size_t)(eq - spec) >= sizeof(point) ||
	    strlen(eq + 1) >= sizeof(windows[0].knob) || strchr(eq + 1, '/')) {
		snprintf(msg, len, "--window takes POINT=ERRORTAG (e.g. "
			 "allocate_cow.trans_alloc=write_delay_ms), got '%s'", spec);
		return -1;
	}
	snprintf(point, sizeof(point), "%.*s", (int)(eq - spec), spec);
	p = cf_yield_find(point);
	if (p < 0) {
		snprintf(msg, len, "--window %s: no yield point '%s' (docs/scenario.md lists them)",
			 spec, point);
		return -1;
	}
	if (nwindows == (int)(sizeof(windows) / sizeof(windows[0]))) {
		snprintf(msg, len, "--window: at most %d", nwindows);
		return -1;
	}
	windows[nwindows].point = p;
	snprintf(windows[nwindows].knob, sizeof(windows[0].knob), "%s", eq + 1);
	nwindows++;
	return 0;
}

static const char *pause_knob(const struct cf_op *op)
{
	const char *name;

	if (!op->pause_point)
		return NULL;
	for (int i = 0; i < nwindows; i++)
		if (windows[i].point == op->pause_point - 1)
			return windows[i].knob;
	name = cf_yield_name(op->pause_point - 1);
	/* XFS_ERRTAG_WB_DELAY_MS sits at the top of xfs_map_blocks (6.2+),
	 * before the cached mapping is checked; XFS_ERRTAG_WRITE_DELAY_MS in
	 * xfs_iomap_valid, once a buffered write's mapping is revalidated */
	if (!strcmp(name, "map_blocks.delay"))
		return "wb_delay_ms";
	if (!strcmp(name, "write_iomap.begin_done"))
		return "write_delay_ms";
	return NULL;
}

void repro_needs(const struct cf_scenario *scn, struct repro_needs *needs)
{
	memset(needs, 0, sizeof(*needs));
	needs->block_size = scn->geo.block_size;
	needs->always_cow = scn->geo.always_cow;
	for (uint32_t i = 0; i < scn->nops; i++) {
		const struct cf_op *op = &scn->ops[i];

		needs->faults |= op->fault == CF_FAULT_EIO;
		needs->held_pauses |= pause_knob(op) != NULL;
	}
}

static void add_tags(struct gen *g, const struct cf_allowed *a, const uint16_t *map,
		     uint32_t nops)
{
	for (int i = 0; i < CF_NINODES; i++) {
		for (int b = 0; b < CF_MAX_FILE_BLOCKS; b++) {
			for (int t = 0; t < CF_TAG_WORDS * 64; t++) {
				uint32_t tag = (uint32_t)t, j;

				if (!(a->tags[i][b][t / 64] & (1ull << (t % 64))))
					continue;
				/* the sequential reading's tags, as the original's */
				if (map && tag >= cf_op_tag(0)) {
					j = tag - cf_op_tag(0);
					if (j < nops && map[j] != KC_INSERTED)
						tag = cf_op_tag(map[j]);
				}
				g->tags[i][b][tag / 64] |= 1ull << (tag % 64);
			}
		}
	}
}

/* Both runs on the fixed profile; 0, or -1 with msg. */
static int model_runs(struct gen *g, char *msg, size_t len)
{
	static struct cf_scenario seq;
	static struct cf_result res;
	static struct cf_allowed allowed;
	static uint16_t map[CF_MAX_OPS];
	const struct cf_profile_info *fixed = kc_compare_profile(g->scn);
	struct cf_run_opts opts = { .want_final = 1, .allowed = &allowed };

	/* an atomic-write finding fails on v6.18 itself (no fixed atomic
	 * profile yet): judge it by the fixed profile as before, which
	 * refuses RWF_ATOMIC, and say so in its finding.  A finding that the
	 * fixed 5.10 model carries (its fix is a later kernel's, as the 6.2
	 * validity cookie) is judged by the newest profile instead. */
	if (cf_run(g->scn, fixed, &opts, &res) != CF_OK) {
		const struct cf_profile_info *dflt = cf_profile_find(cf_profile_default());

		fixed = fixed != dflt ? dflt : cf_profile_at(cf_profile_count() - 1);
	}
	for (int pass = 0; pass < 2; pass++) {
		const struct cf_scenario *s = g->scn;

		if (pass == 1) {
			kc_sequentialize(g->scn, &seq, map);
			s = &seq;
		}
		if (cf_run(s, fixed, &opts, &res) != CF_OK) {
			snprintf(msg, len, "the fixed profile %s fails the scenario%s (%s at %s): "
				 "there is no correct result to judge a kernel by",
				 fixed->name, pass ? "'s sequential reading" : "",
				 cf_class_name(res.klass), res.site);
			return -1;
		}
		add_tags(g, &allowed, pass ? map : NULL, seq.nops);
		for (int i = 0; i < CF_NINODES; i++)
			g->size[i][pass] = res.files[i].size_bytes;
	}
	return 0;
}

/* A C string literal of s (the scenario line, for the program's output). */
static void put_cstr(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static const char *const kind_enum[CF_OP_NR] = {
	"RP_WRITE", "RP_DWRITE", "RP_FSYNC", "RP_SYNC_RANGE", "RP_WRITEBACK",
	"RP_REFLINK", "RP_TRUNCATE", "RP_PUNCH", "RP_ALWAYS_COW", "RP_DROP_CACHES",
	"RP_WAIT", "RP_READ", "RP_ENDIO_COMPLETE", "RP_DIOEND_COMPLETE",
	"RP_RECLAIM", "RP_RESUME", "RP_UNSHARE",
};
static const char *const task_enum[CF_NTASKS] = {
	"RP_T0", "RP_T1", "RP_T2", "RP_T3", "RP_WB", "RP_ENDIO", "RP_DIOEND", "RP_GC",
};

/* What the line does on the kernel, for the comment above its step. */
static void describe(const struct gen *g, const struct cf_op *op, uint32_t idx,
		     char *buf, size_t len)
{
	unsigned long long off = (unsigned long long)op->off * g->bs;
	unsigned long long n = (unsigned long long)op->len * g->bs;
	unsigned b = cf_tag_byte(cf_op_tag(idx));

	switch (op->kind) {
	case CF_OP_WRITE:
		snprintf(buf, len, "pwrite %llu bytes of 0x%02x at %llu into ino%u", n, b, off,
			 op->ino);
		break;
	case CF_OP_DWRITE:
		snprintf(buf, len, "%s %llu bytes of 0x%02x at %llu into ino%u (O_DIRECT%s)",
			 op->flag ? "io_submit of" : "pwrite", n, b, off, op->ino,
			 op->atomic ? ", RWF_ATOMIC" : "");
		break;
	case CF_OP_FSYNC:
		snprintf(buf, len, "fsync(ino%u)", op->ino);
		break;
	case CF_OP_SYNC_RANGE:
		snprintf(buf, len, "sync_file_range(ino%u, %llu, %llu, WAIT_BEFORE|WRITE|WAIT_AFTER)",
			 op->ino, off, n);
		break;
	case CF_OP_WRITEBACK:
		snprintf(buf, len, "sync_file_range(ino%u, %llu, %llu, WRITE): starts writeback, "
			 "returns", op->ino, op->flag ? off : 0, op->flag ? n : 0);
		break;
	case CF_OP_REFLINK:
		snprintf(buf, len, "FICLONERANGE ino%u [%llu, +%llu) -> ino%u at %llu", op->ino,
			 off, n, op->ino2, (unsigned long long)op->off2 * g->bs);
		break;
	case CF_OP_TRUNCATE:
		snprintf(buf, len, "ftruncate(ino%u, %llu)", op->ino, off);
		break;
	case CF_OP_PUNCH:
		snprintf(buf, len, "fallocate(ino%u, PUNCH_HOLE|KEEP_SIZE, %llu, %llu)", op->ino,
			 off, n);
		break;
	case CF_OP_UNSHARE:
		snprintf(buf, len, "fallocate(ino%u, UNSHARE_RANGE, %llu, %llu)", op->ino,
			 off, n);
		break;
	case CF_OP_ALWAYS_COW:
		snprintf(buf, len, "nothing: always_cow is read at mount time");
		break;
	case CF_OP_DROP_CACHES:
		snprintf(buf, len, "1 > /proc/sys/vm/drop_caches");
		break;
	case CF_OP_WAIT:
		snprintf(buf, len, "sync_file_range(ino%u, WAIT_BEFORE): waits for writeback",
			 op->ino);
		break;
	case CF_OP_READ:
		snprintf(buf, len, "pread %llu bytes at %llu of ino%u", n, off, op->ino);
		break;
	case CF_OP_ENDIO:
		snprintf(buf, len, "waits for the writeback in flight (the kernel's completion "
			 "worker runs on its own)");
		break;
	case CF_OP_DIOEND:
		snprintf(buf, len, "io_getevents: reaps %s AIO completion(s)",
			 op->len ? "that many" : "every");
		break;
	case CF_OP_RECLAIM:
		snprintf(buf, len, "XFS_IOC_FREE_EOFBLOCKS (sync): the blockgc scan of every inode");
		break;
	default:
		snprintf(buf, len, "waits until the task's paused line has returned");
		break;
	}
}

static void put_steps(struct gen *g)
{
	const struct cf_scenario *scn = g->scn;
	char text[256], what[256];

	fprintf(g->out, "static const struct rp_step rp_steps[] = {\n");
	for (uint32_t i = 0; i < scn->nops; i++) {
		const struct cf_op *op = &scn->ops[i];
		const char *knob = pause_knob(op);
		int ranged = op->kind != CF_OP_WRITEBACK || op->flag;

		scn_format_op(scn, op, text, sizeof(text));
		describe(g, op, i, what, sizeof(what));
		fprintf(g->out, "\t/* line %u: %s\n\t * -> %s%s%s%s */\n", op->line ? op->line : i + 1,
			text, what, op->pause_point ? (knob ? "; held by the error tag " :
			"; the pause has no real-kernel counterpart") : "", knob ? knob : "",
			op->fault == CF_FAULT_EIO ? "; new blocks fail while it runs" : "");
		fprintf(g->out, "\t{ .line = %u, .text = ", op->line ? op->line : i + 1);
		put_cstr(g->out, text);
		fprintf(g->out, ",\n\t  .task = %s, .kind = %s", task_enum[op->task],
			kind_enum[op->kind]);
		if (op->kind == CF_OP_REFLINK)
			fprintf(g->out, ", .ino = %u, .ino2 = %u, .off = %llu, .len = %llu, .off2 = %llu",
				op->ino, op->ino2, (unsigned long long)op->off * g->bs,
				(unsigned long long)op->len * g->bs,
				(unsigned long long)op->off2 * g->bs);
		else if (op->kind == CF_OP_TRUNCATE)
			fprintf(g->out, ", .ino = %u, .off = %llu", op->ino,
				(unsigned long long)op->off * g->bs);
		else if (op->kind == CF_OP_ENDIO || op->kind == CF_OP_DIOEND)
			fprintf(g->out, ", .count = %u", op->len);
		else if (op->ino && ranged && op->kind != CF_OP_FSYNC && op->kind != CF_OP_WAIT &&
			 op->kind != CF_OP_RECLAIM)
			fprintf(g->out, ", .ino = %u, .off = %llu, .len = %llu", op->ino,
				(unsigned long long)op->off * g->bs,
				(unsigned long long)op->len * g->bs);
		else if (op->ino)
			fprintf(g->out, ", .ino = %u", op->ino);
		if (op->kind == CF_OP_WRITE || op->kind == CF_OP_DWRITE)
			fprintf(g->out, ", .byte = 0x%02x", cf_tag_byte(cf_op_tag(i)));
		if (op->kind == CF_OP_DWRITE && op->flag)
			fprintf(g->out, ", .async = 1");
		if (op->kind == CF_OP_DWRITE && op->atomic)
			fprintf(g->out, ", .atomic = 1");
		if (op->pause_point)
			fprintf(g->out, ", .pause = 1");
		if (op->pause_point && op->pause_nth > 1)
			fprintf(g->out, ", .nth = %u", op->pause_nth);
		if (knob)
			fprintf(g->out, ", .knob = \"%s\"", knob);
		if (op->fault == CF_FAULT_EIO)
			fprintf(g->out, ", .fault_eio = 1");
		fprintf(g->out, " },\n");
	}
	fprintf(g->out, "};\n\n");
}

static uint32_t max_blocks(const struct gen *g, int i)
{
	uint64_t sz = g->size[i][0] > g->size[i][1] ? g->size[i][0] : g->size[i][1];

	return (uint32_t)((sz + g->bs - 1) / g->bs);
}

static void put_allows(struct gen *g)
{
	int any = 0;

	fprintf(g->out, "/* The values each block may hold at the end: what the cowfuzz\n"
		" * reference model allows on the fixed profile (0x00 zeroes, 0x01 the\n"
		" * initial data, else the byte of the line that wrote it). */\n"
		"static const struct rp_allow rp_allows[] = {\n");
	for (int i = 0; i < CF_NINODES; i++) {
		for (uint32_t b = 0; b < max_blocks(g, i) && b < CF_MAX_FILE_BLOCKS; b++) {
			uint8_t bytes[CF_TAG_WORDS * 64];
			unsigned n = 0;

			for (int t = 0; t < CF_TAG_WORDS * 64; t++) {
				uint8_t byte = cf_tag_byte((uint16_t)t);
				int dup = 0;

				if (!(g->tags[i][b][t / 64] & (1ull << (t % 64))))
					continue;
				for (unsigned k = 0; k < n; k++)
					dup |= bytes[k] == byte;
				if (!dup)
					bytes[n++] = byte;
			}
			fprintf(g->out, "\t{ .ino = %d, .blk = %u, .n = %u", i + 1, b,
				n > 16 ? 0 : n);
			if (n && n <= 16) {
				fprintf(g->out, ", .bytes = { ");
				for (unsigned k = 0; k < n; k++)
					fprintf(g->out, "%s0x%02x", k ? ", " : "", bytes[k]);
				fprintf(g->out, " }");
			}
			fprintf(g->out, " },%s\n", n > 16 ? "	/* too many writers: any */" : "");
			any = 1;
		}
	}
	if (!any)
		fprintf(g->out, "\t{ .ino = 0 },	/* every file ends empty */\n");
	fprintf(g->out, "};\n\nstatic const struct rp_size rp_sizes[] = {\n");
	for (int i = 0; i < CF_NINODES; i++) {
		int same = g->size[i][0] == g->size[i][1];

		fprintf(g->out, "\t{ .ino = %d, .n = %d, .bytes = { %llu", i + 1, same ? 1 : 2,
			(unsigned long long)g->size[i][0]);
		if (!same)
			fprintf(g->out, ", %llu", (unsigned long long)g->size[i][1]);
		fprintf(g->out, " } },\n");
	}
	fprintf(g->out, "};\n\n");
}

/* Does op change file ino's contents or size? */
static int modifies(const struct cf_op *op, int ino)
{
	switch (op->kind) {
	case CF_OP_WRITE: case CF_OP_DWRITE: case CF_OP_PUNCH: case CF_OP_TRUNCATE:
	case CF_OP_UNSHARE:	/* the size, when the range passes EOF */
		return op->ino == ino;
	case CF_OP_REFLINK:
		return op->ino2 == ino;
	default:
		return 0;
	}
}

/*
 * A file no later line changes must read back as it read once its last
 * change returned: the clone partner of a shared overwrite changes without
 * any line writing it, and the model's post-fault history (what a block
 * may hold after an I/O error) can be too wide to see that.  Frozen only
 * where that is sound: no fault touches the file (a failed writeback may
 * legitimately lose its data) and none of its changes may still be in
 * flight (async, paused).
 */
static void put_freeze(struct gen *g)
{
	const struct cf_scenario *scn = g->scn;

	fprintf(g->out, "/* Per file: the step after which no line changes it (-1: none ever\n"
		" * does, -2: not checked; see rp_freeze in the runtime). */\n"
		"static const int rp_freeze_after[RP_NINODES] = {");
	for (int ino = 1; ino <= CF_NINODES; ino++) {
		int last = -1, ok = 1;

		for (uint32_t i = 0; i < scn->nops; i++) {
			const struct cf_op *op = &scn->ops[i];

			if (op->fault && (op->ino == ino ||
					  (op->kind == CF_OP_REFLINK && op->ino2 == ino)))
				ok = 0;
			if (!modifies(op, ino))
				continue;
			last = (int)i;
			if (op->pause_point || (op->kind == CF_OP_DWRITE && op->flag))
				ok = 0;
		}
		fprintf(g->out, "%s%d", ino > 1 ? ", " : " ", ok ? last : -2);
	}
	fprintf(g->out, " };\n\n");
}

/* What the program cannot make the kernel do, said once at its start. */
static void put_notes(struct gen *g)
{
	const struct cf_scenario *scn = g->scn;

	fprintf(g->out, "static const char *const rp_notes[] = {\n");
	for (uint32_t i = 0; i < scn->nops; i++) {
		const struct cf_op *op = &scn->ops[i];
		unsigned line = op->line ? op->line : i + 1;

		if (op->pause_point && !pause_knob(op))
			fprintf(g->out, "\t\"line %u: the pause at %s has no real-kernel counterpart: "
				"the next line follows at once (timing only)\",\n", line,
				cf_yield_name(op->pause_point - 1));
		if (op->fault == CF_FAULT_EIO)
			fprintf(g->out, "\t\"line %u: fault eio: writes fail from its start until "
				"its writeback has ended, not only its own bio\",\n", line);
		else if (op->fault)
			fprintf(g->out, "\t\"line %u: fault %s has no real-kernel counterpart: the "
				"line runs without it\",\n", line, cf_fault_name(op->fault));
		if (op->kind == CF_OP_ALWAYS_COW)
			fprintf(g->out, "\t\"line %u: always_cow cannot change on a mounted file "
				"system: the line does nothing\",\n", line);
		if (op->kind == CF_OP_READ)
			fprintf(g->out, "\t\"line %u: the read is issued, not checked (the model's "
				"allowed values are known at the end only)\",\n", line);
		if (op->kind == CF_OP_ENDIO || op->kind == CF_OP_RECLAIM)
			fprintf(g->out, "\t\"line %u: a worker line: the kernel runs its worker on "
				"its own; the program %s\",\n", line, op->kind == CF_OP_ENDIO ?
				"waits for the writeback in flight" :
				"runs the blockgc scan of every inode");
	}
	fprintf(g->out, "\tNULL\n};\n\n");
}

int repro_generate(const struct cf_scenario *scn, const char *name,
		   const char *runtime_path, FILE *out, char *msg, size_t len)
{
	static struct gen g;
	char *rt, *mark;
	FILE *f;
	long n;

	memset(&g, 0, sizeof(g));
	g.scn = scn;
	g.out = out;
	g.bs = scn->geo.block_size;
	if (model_runs(&g, msg, len))
		return -1;
	f = fopen(runtime_path, "rb");
	if (!f) {
		snprintf(msg, len, "%s: %s (the reproducer's runtime)", runtime_path,
			 strerror(errno));
		return -1;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	rt = malloc((size_t)n + 1);
	if (!rt || fread(rt, 1, (size_t)n, f) != (size_t)n) {
		snprintf(msg, len, "%s: cannot read it", runtime_path);
		fclose(f);
		free(rt);
		return -1;
	}
	fclose(f);
	rt[n] = 0;
	mark = strstr(rt, RUNTIME_MARKER);
	if (!mark || !strstr(mark, "*/")) {
		snprintf(msg, len, "%s: no SCENARIO marker", runtime_path);
		free(rt);
		return -1;
	}
	mark = strstr(mark, "*/") + 2;
	fwrite(rt, 1, (size_t)(mark - rt), out);
	fprintf(out, "\n\n/* ---- generated by cowfuzz reproduce from %s ---- */\n\n", name);
	fprintf(out, "static const char rp_name[] = ");
	put_cstr(out, name);
	fprintf(out, ";\n\nstatic const struct rp_geometry rp_geo = {\n"
		"\t.bs = %u, .cowextsize = %u, .init = %s, .init_blocks = %u,\n};\n\n",
		g.bs, scn->geo.cowextsize,
		scn->geo.init == CF_INIT_NONE ? "RP_INIT_NONE" :
		scn->geo.init == CF_INIT_WRITTEN ? "RP_INIT_WRITTEN" : "RP_INIT_CLONE",
		scn->geo.init == CF_INIT_NONE ? 0 : scn->geo.init_blocks);
	put_steps(&g);
	put_allows(&g);
	put_freeze(&g);
	put_notes(&g);
	fprintf(out, "/* ---- end of the generated part ---- */\n");
	fputs(mark, out);
	free(rt);
	return 0;
}
