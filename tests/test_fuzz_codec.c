// SPDX-License-Identifier: GPL-2.0
/*
 * test_fuzz_codec - what the fuzz targets rely on in the binary form and the
 * port, checked without an engine (so it also runs in the sanitizer build):
 *
 *   random N SEED      N random byte strings: each decodes, validates, runs
 *                      to a result (no tool crash), and is a fixed point:
 *                      encode(decode(b)) decodes to the same scenario and
 *                      re-encodes to the same bytes; its text form parses
 *                      back to the same scenario.  Also the mutation core:
 *                      same seed, same output; output within max.
 *   roundtrip FILE...  text -> binary -> text is exact (canonical text) for
 *                      every .scn with a binary form; others are listed.
 *   determinism FILE...  each input run twice with tracing on (and once
 *                      with the interleaving counters on) gives the same
 *                      class, steps and trace_hash, on every profile.
 *   isolation FILE...  no state carried between inputs: every input run in
 *                      file order, then in reverse (each after a different
 *                      input), gives the same class, steps, site and
 *                      trace_hash, on every profile.
 *   aflmut SO          the AFL++ custom mutator library loads, its
 *                      afl_custom_fuzz is deterministic per seed, returns
 *                      1..max bytes, and describes its mutations.
 * Exit 0 when every check holds, 1 with one line per failure otherwise.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scenario.h"
#include "fuzz/mutate.h"
#include "cowfuzz_prng.h"

#define MAXBIN	(SCN_HEADER_BYTES + CF_MAX_OPS * SCN_RECORD_BYTES)

static struct cf_scenario s1, s2, s3;
static struct cf_result res1, res2;
static uint8_t b1[MAXBIN], b2[MAXBIN], b3[MAXBIN];
static char text[1 << 16], text2[1 << 16];
static uint8_t features[4096];
static int failures;

static uint64_t rng;

static uint64_t next(void)
{
	return cf_splitmix64(&rng);
}

#define FAIL(...) do { fprintf(stderr, "FAIL: " __VA_ARGS__); fputc('\n', stderr); \
		       if (++failures > 20) exit(1); } while (0)

static void hexdump(const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n && i < 64; i++)
		fprintf(stderr, "%02x", b[i]);
	fputc('\n', stderr);
}

/* Scenario equality, ignoring text-only fields (line numbers). */
static int same_scenario(const struct cf_scenario *a, const struct cf_scenario *b)
{
	if (memcmp(&a->geo, &b->geo, sizeof(a->geo)) || a->nops != b->nops ||
	    strcmp(a->profile, b->profile))
		return 0;
	for (uint32_t i = 0; i < a->nops; i++) {
		struct cf_op x = a->ops[i], y = b->ops[i];

		x.line = y.line = 0;
		if (memcmp(&x, &y, sizeof(x)))
			return 0;
	}
	return 1;
}

static int check_random(unsigned long n, unsigned long long seed)
{
	const struct cf_profile_info *fixed = cf_profile_find(cf_profile_default());
	char err[SCN_ERR_MAX];

	rng = seed;
	for (unsigned long i = 0; i < n; i++) {
		size_t len = next() % 4 == 0 ? next() % 8 : next() % 400, l2, l3;
		struct cf_run_opts opts = { .features = features, .nfeatures = sizeof(features) };
		const struct cf_profile_info *prof = cf_profile_at(next() % cf_profile_count());
		int k;

		for (size_t j = 0; j < len; j++)
			b1[j] = next();
		scn_decode_binary(b1, len, &s1);
		size_t nrec = len > SCN_HEADER_BYTES ? (len - SCN_HEADER_BYTES) / SCN_RECORD_BYTES : 0;
		/* the byte form (h3 bits 4-7 == 1) spends a record on some ops */
		int bytes = len > 3 && (b1[3] & 0xf0) == 0x10;

		if (bytes ? s1.nops > nrec || 2 * s1.nops + 1 < nrec : s1.nops != nrec)
			FAIL("input %lu: %u ops from %zu bytes", i, s1.nops, len);
		if (scn_validate(&s1, err, sizeof(err))) {
			FAIL("input %lu: decoded scenario invalid: %s", i, err);
			hexdump(b1, len);
		}
		k = cf_run(&s1, i % 2 ? prof : fixed, &opts, &res1);
		if (k != CF_OK && (k < CF_STALE_WHICHFORK || k > CF_LIVENESS))
			FAIL("input %lu: class %d out of range", i, k);
		/* binary fixed point */
		l2 = scn_encode_binary(&s1, b2, sizeof(b2));
		if (!l2 || l2 > sizeof(b2)) {
			FAIL("input %lu: decoded scenario has no binary form", i);
			continue;
		}
		scn_decode_binary(b2, l2, &s2);
		if (!same_scenario(&s1, &s2)) {
			FAIL("input %lu: decode(encode(decode(b))) differs", i);
			hexdump(b1, len);
		}
		l3 = scn_encode_binary(&s2, b3, sizeof(b3));
		if (l3 != l2 || memcmp(b2, b3, l2)) {
			FAIL("input %lu: encode is not a fixed point", i);
			hexdump(b1, len);
		}
		/* binary -> text -> binary */
		if (scn_format_text(&s1, text, sizeof(text)) >= sizeof(text)) {
			FAIL("input %lu: text form too long", i);
			continue;
		}
		if (scn_parse_text(text, strlen(text), "random", &s3, err, sizeof(err))) {
			FAIL("input %lu: text form does not parse: %s\n%s", i, err, text);
			continue;
		}
		l3 = scn_encode_binary(&s3, b3, sizeof(b3));
		if (l3 != l2 || memcmp(b2, b3, l2))
			FAIL("input %lu: binary -> text -> binary differs\n%s", i, text);
		/* the mutation core: deterministic and within bounds */
		if (i % 8 == 0) {
			size_t max = 5 + next() % 600, m1, m2;
			uint32_t ms = next();

			memcpy(b2, b1, len);
			memcpy(b3, b1, len);
			m1 = mut_mutate(b2, len < max ? len : max, max, ms, b1, len);
			m2 = mut_mutate(b3, len < max ? len : max, max, ms, b1, len);
			if (m1 != m2 || memcmp(b2, b3, m1))
				FAIL("input %lu: mut_mutate not deterministic for seed %u", i, ms);
			if (m1 > max || m1 < SCN_HEADER_BYTES ||
			    (m1 - SCN_HEADER_BYTES) % SCN_RECORD_BYTES)
				FAIL("input %lu: mut_mutate size %zu (max %zu)", i, m1, max);
			m1 = mut_crossover(b1, len, b2, m2, b3, max, ms);
			if (m1 > max)
				FAIL("input %lu: mut_crossover size %zu > %zu", i, m1, max);
		}
	}
	printf("random: %lu inputs, %d failures\n", n, failures);
	return failures ? 1 : 0;
}

static int check_roundtrip(int nfiles, char **files)
{
	char err[SCN_ERR_MAX];
	int checked = 0, skipped = 0;

	for (int i = 0; i < nfiles; i++) {
		size_t l;

		if (scn_load_file(files[i], SCN_FORM_TEXT, &s1, err, sizeof(err))) {
			FAIL("%s: %s", files[i], err);
			continue;
		}
		l = scn_encode_binary(&s1, b1, sizeof(b1));
		if (!l) {
			skipped++;
			continue;
		}
		scn_decode_binary(b1, l, &s2);
		memcpy(s2.profile, s1.profile, sizeof(s2.profile));	/* not in binary */
		scn_format_text(&s1, text, sizeof(text));
		scn_format_text(&s2, text2, sizeof(text2));
		if (strcmp(text, text2))
			FAIL("%s: text -> binary -> text differs:\n%s---\n%s", files[i], text, text2);
		checked++;
	}
	printf("roundtrip: %d files exact, %d without a binary form, %d failures\n",
	       checked, skipped, failures);
	return failures ? 1 : 0;
}

static void no_trace(void *ctx, const char *line)
{
	(void)ctx;
	(void)line;
}

static int check_determinism(int nfiles, char **files)
{
	char err[SCN_ERR_MAX];
	int runs = 0;

	for (int i = 0; i < nfiles; i++) {
		if (scn_load_file(files[i], SCN_FORM_AUTO, &s1, err, sizeof(err))) {
			FAIL("%s: %s", files[i], err);
			continue;
		}
		for (int p = 0; p < cf_profile_count(); p++) {
			const struct cf_profile_info *prof = cf_profile_at(p);
			struct cf_run_opts o1 = { .trace = no_trace };
			struct cf_run_opts o2 = { .trace = no_trace, .features = features,
						  .nfeatures = sizeof(features) };
			int k1 = cf_run(&s1, prof, &o1, &res1);
			int k2 = cf_run(&s1, prof, &o2, &res2);

			runs += 2;
			if (k1 != k2 || res1.trace_hash != res2.trace_hash ||
			    res1.steps != res2.steps || strcmp(res1.site, res2.site))
				FAIL("%s on %s: run 1 class %d hash %016llx steps %llu, run 2 class %d "
				     "hash %016llx steps %llu", files[i], prof->name, k1,
				     (unsigned long long)res1.trace_hash,
				     (unsigned long long)res1.steps, k2,
				     (unsigned long long)res2.trace_hash,
				     (unsigned long long)res2.steps);
			if (!res1.trace_hash)
				FAIL("%s on %s: trace_hash is 0 with tracing on", files[i], prof->name);
		}
	}
	printf("determinism: %d runs, %d failures\n", runs, failures);
	return failures ? 1 : 0;
}

struct iso_result {
	int		klass;
	uint64_t	hash, steps;
	char		site[sizeof(res1.site)];
};

static void iso_run(const char *file, const struct cf_profile_info *prof, struct iso_result *r)
{
	char err[SCN_ERR_MAX];
	struct cf_run_opts o = { .trace = no_trace };

	memset(r, 0, sizeof(*r));
	if (scn_load_file(file, SCN_FORM_AUTO, &s1, err, sizeof(err))) {
		r->klass = -1;
		return;
	}
	r->klass = cf_run(&s1, prof, &o, &res1);
	r->hash = res1.trace_hash;
	r->steps = res1.steps;
	memcpy(r->site, res1.site, sizeof(r->site));
}

/* A reset that misses some state shows as an input whose result depends
 * on the input run before it. */
static int check_isolation(int nfiles, char **files)
{
	struct iso_result *fwd = calloc(nfiles, sizeof(*fwd)), back;
	int runs = 0;

	for (int p = 0; p < cf_profile_count(); p++) {
		const struct cf_profile_info *prof = cf_profile_at(p);

		for (int i = 0; i < nfiles; i++, runs++)
			iso_run(files[i], prof, &fwd[i]);
		for (int i = nfiles - 1; i >= 0; i--, runs++) {
			iso_run(files[i], prof, &back);
			if (back.klass != fwd[i].klass || back.hash != fwd[i].hash ||
			    back.steps != fwd[i].steps || strcmp(back.site, fwd[i].site))
				FAIL("%s on %s: after %s class %d hash %016llx steps %llu, "
				     "after %s class %d hash %016llx steps %llu", files[i],
				     prof->name, i ? files[i - 1] : "nothing", fwd[i].klass,
				     (unsigned long long)fwd[i].hash,
				     (unsigned long long)fwd[i].steps,
				     i + 1 < nfiles ? files[i + 1] : "itself", back.klass,
				     (unsigned long long)back.hash, (unsigned long long)back.steps);
		}
	}
	free(fwd);
	printf("isolation: %d runs, %d failures\n", runs, failures);
	return failures ? 1 : 0;
}

typedef void *(*afl_init_fn)(void *, unsigned int);
typedef size_t (*afl_fuzz_fn)(void *, uint8_t *, size_t, uint8_t **, uint8_t *, size_t, size_t);
typedef const char *(*afl_describe_fn)(void *, size_t);
typedef void (*afl_deinit_fn)(void *);

static int check_afl_mutator(const char *so)
{
	void *h = dlopen(so, RTLD_NOW | RTLD_LOCAL);
	afl_init_fn init;
	afl_fuzz_fn fuzz;
	afl_describe_fn describe;
	afl_deinit_fn deinit;
	void *m1, *m2;

	if (!h) {
		FAIL("dlopen %s: %s", so, dlerror());
		return 1;
	}
	init = (afl_init_fn)dlsym(h, "afl_custom_init");
	fuzz = (afl_fuzz_fn)dlsym(h, "afl_custom_fuzz");
	describe = (afl_describe_fn)dlsym(h, "afl_custom_describe");
	deinit = (afl_deinit_fn)dlsym(h, "afl_custom_deinit");
	if (!init || !fuzz || !describe || !deinit) {
		FAIL("%s lacks an afl_custom_* symbol", so);
		return 1;
	}
	m1 = init(NULL, 42);
	m2 = init(NULL, 42);
	rng = 5;
	for (int i = 0; i < 20000; i++) {
		size_t len = next() % 300, max = 1 + next() % 3000, n1, n2;
		uint8_t *o1, *o2;

		for (size_t j = 0; j < len; j++)
			b1[j] = next();
		n1 = fuzz(m1, b1, len, &o1, b1, len, max);
		memcpy(b2, o1, n1);
		n2 = fuzz(m2, b1, len, &o2, b1, len, max);
		if (n1 != n2 || memcmp(b2, o2, n1))
			FAIL("afl_custom_fuzz differs between two states with the same seed");
		if (n1 < 1 || n1 > max)
			FAIL("afl_custom_fuzz returned %zu bytes for max %zu", n1, max);
		if (!describe(m1, 32) || !*describe(m1, 32))
			FAIL("afl_custom_describe returned nothing");
	}
	deinit(m1);
	deinit(m2);
	dlclose(h);
	printf("aflmut: 20000 mutations, %d failures\n", failures);
	return failures ? 1 : 0;
}

/* FNV-1a of the canonical text a binary input decodes to. */
static uint64_t decoded_hash(const char *path, int *ok)
{
	static uint8_t buf[1 << 16];
	FILE *f = fopen(path, "rb");
	size_t n;
	uint64_t h = 0xcbf29ce484222325ULL;

	*ok = 0;
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	scn_decode_binary(buf, n, &s1);
	scn_format_text(&s1, text, sizeof(text));
	for (const char *c = text; *c; c++)
		h = (h ^ (uint8_t)*c) * 0x100000001b3ULL;
	*ok = 1;
	return h;
}

/*
 * The binary inputs shipped before the opcode extension (and any listed
 * since) decode to the scenario they always did: FIXTURE holds one
 * "HASH PATH" line per input, PATH relative to ROOT.  print mode writes
 * those lines for the files given (run it with the old decoder).
 */
static int check_legacy(const char *fixture, const char *root)
{
	FILE *f = fopen(fixture, "r");
	char line[1024], path[2048];
	int checked = 0;

	if (!f) {
		fprintf(stderr, "legacy: cannot open %s\n", fixture);
		return 2;
	}
	while (fgets(line, sizeof(line), f)) {
		unsigned long long want;
		char rel[900];
		uint64_t got;
		int ok;

		if (line[0] == '#' || sscanf(line, "%llx %899s", &want, rel) != 2)
			continue;
		snprintf(path, sizeof(path), "%s/%s", root, rel);
		got = decoded_hash(path, &ok);
		if (!ok)
			FAIL("%s: missing", rel);
		else if (got != want)
			FAIL("%s: decodes to a different scenario now (%016llx, was %016llx)",
			     rel, (unsigned long long)got, want);
		checked++;
	}
	fclose(f);
	printf("legacy: %d binary inputs checked, %d decode differently now\n", checked, failures);
	return failures || !checked ? 1 : 0;
}

static int print_legacy(const char *root, int nfiles, char **files)
{
	size_t rl = strlen(root);

	for (int i = 0; i < nfiles; i++) {
		int ok;
		uint64_t h = decoded_hash(files[i], &ok);
		const char *rel = strncmp(files[i], root, rl) ? files[i] : files[i] + rl + 1;

		if (ok)
			printf("%016llx %s\n", (unsigned long long)h, rel);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "aflmut"))
		return check_afl_mutator(argv[2]);
	if (argc >= 4 && !strcmp(argv[1], "random"))
		return check_random(strtoul(argv[2], NULL, 0), strtoull(argv[3], NULL, 0));
	if (argc >= 3 && !strcmp(argv[1], "roundtrip"))
		return check_roundtrip(argc - 2, argv + 2);
	if (argc == 4 && !strcmp(argv[1], "legacy"))
		return check_legacy(argv[2], argv[3]);
	if (argc >= 4 && !strcmp(argv[1], "legacy-print"))
		return print_legacy(argv[2], argc - 3, argv + 3);
	if (argc >= 3 && !strcmp(argv[1], "determinism"))
		return check_determinism(argc - 2, argv + 2);
	if (argc >= 3 && !strcmp(argv[1], "isolation"))
		return check_isolation(argc - 2, argv + 2);
	fprintf(stderr, "usage: test_fuzz_codec random N SEED | roundtrip FILE... | "
		"determinism FILE... | isolation FILE... | aflmut SO | legacy FIXTURE ROOT | "
		"legacy-print ROOT FILE...\n");
	return 2;
}
