// SPDX-License-Identifier: GPL-2.0
/*
 * driver_replay - a plain main() for the fuzz target, so it runs under
 * ASan/UBSan in ctest and replays crashes without a fuzzing engine.
 *
 *   fuzz_<profile> [--runs N] [--stats] FILE|DIR...
 *
 * Each file (directories: each regular file in them, sorted) goes through
 * LLVMFuzzerTestOneInput once, like libFuzzer's file mode; an oracle failure
 * traps as it would under the engine.  --runs N cycles through the inputs
 * until N executions are done (throughput and memory, scripts/bench);
 * --stats prints executions per second and the peak RSS after 1,000 runs and
 * at the end.  libFuzzer-style "-flag=value" arguments are ignored so the
 * same command lines work on every build.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include "target.h"
#include "scenario/num.h"

/* targets other than cowfuzz's (fuzz_import) pass nothing over */
__attribute__((weak)) unsigned long long cowfuzz_target_passed_over;

/* Weak: the replay driver also serves targets other than target_cowfuzz.c,
 * which have no profile. */
__attribute__((weak)) const struct cf_profile_info *cowfuzz_target_profile(void);

static const char *profile_name(void)
{
	return cowfuzz_target_profile ? cowfuzz_target_profile()->name : "none";
}

struct input {
	uint8_t	*data;
	size_t	size;
};

static struct input *inputs;
static size_t ninputs, cap_inputs;

static int add_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t size = 0, cap = 0, n;

	if (!f) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return -1;
	}
	do {
		if (size == cap) {
			uint8_t *nb = realloc(buf, cap = cap ? cap * 2 : 4096);

			if (!nb) {
				fprintf(stderr, "replay: out of memory reading %s\n", path);
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nb;
		}
		n = fread(buf + size, 1, cap - size, f);
		size += n;
	} while (n);
	fclose(f);
	if (ninputs == cap_inputs) {
		struct input *ni = realloc(inputs, (cap_inputs = cap_inputs ? cap_inputs * 2 : 64) *
					   sizeof(*inputs));
		if (!ni) {
			free(buf);
			return -1;
		}
		inputs = ni;
	}
	inputs[ninputs].data = buf;
	inputs[ninputs++].size = size;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_path(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (stat(path, &st)) {
		fprintf(stderr, "replay: cannot stat %s\n", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return add_file(path);
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "replay: cannot open directory %s\n", path);
		return -1;
	}
	while ((e = readdir(d))) {
		char full[4096];

		if (e->d_name[0] == '.')
			continue;
		snprintf(full, sizeof(full), "%s/%s", path, e->d_name);
		if (stat(full, &st) || !S_ISREG(st.st_mode))
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof(*names));

			if (!nn) {
				rc = -1;
				break;
			}
			names = nn;
		}
		names[n++] = strdup(full);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (!rc && names[i] && add_file(names[i]))
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

static long peak_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	unsigned long long runs = 0, done = 0;
	int stats = 0;
	long rss_1k = 0;
	double t0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--runs") && i + 1 < argc) {
			uint64_t v;

			if (num_parse(argv[++i], UINT64_MAX, &v, NULL)) {
				fprintf(stderr, "%s: --runs takes a number (decimal or 0x hex), not '%s'\n",
					argv[0], argv[i]);
				return 2;
			}
			runs = v;
		} else if (!strcmp(argv[i], "--stats")) {
			stats = 1;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: %s [--runs N] [--stats] FILE|DIR...\n"
			       "runs each input once through the fuzz target (profile %s)\n",
			       argv[0], profile_name());
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			continue;	/* a libFuzzer flag: meaningless here */
		} else if (add_path(argv[i])) {
			return 2;
		}
	}
	if (!ninputs) {
		fprintf(stderr, "replay: no inputs (usage: %s [--runs N] [--stats] FILE|DIR...)\n",
			argv[0]);
		return 2;
	}
	if (!runs)
		runs = ninputs;
	t0 = now();
	for (done = 0; done < runs; done++) {
		const struct input *in = &inputs[done % ninputs];

		LLVMFuzzerTestOneInput(in->data, in->size);
		if (done + 1 == 1000)
			rss_1k = peak_rss_kb();
	}
	if (stats) {
		double dt = now() - t0;

		printf("runs %llu inputs %zu seconds %.3f execs_per_sec %.0f "
		       "rss_kb_after_1000 %ld rss_kb_end %ld profile %s\n",
		       done, ninputs, dt, dt > 0 ? done / dt : 0.0,
		       rss_1k ? rss_1k : peak_rss_kb(), peak_rss_kb(),
		       profile_name());
	} else if (cowfuzz_target_passed_over) {
		fprintf(stderr, "replay: ran %llu input(s), no stopping oracle failure; %llu "
			"failed with a class in COWFUZZ_IGNORE or a site in COWFUZZ_SKIP_SITES "
			"(profile %s)\n", done, cowfuzz_target_passed_over, profile_name());
	} else {
		fprintf(stderr, "replay: ran %llu input(s), no oracle failure (profile %s)\n",
			done, profile_name());
	}
	for (size_t i = 0; i < ninputs; i++)
		free(inputs[i].data);
	free(inputs);
	return 0;
}
