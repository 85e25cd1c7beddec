// SPDX-License-Identifier: GPL-2.0
/*
 * Reading findings/<dir>/finding.txt and matching crashes against them.
 * The format is line-based so that shell scripts (scripts/ci-fuzz) and
 * CMake (tests/triage.cmake) can read the same file with grep and regex.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cowfuzz.h"
#include "triage.h"

#define FINDING_FILE_MAX	8192

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = 0;
	return s;
}

static int copy_field(char *dst, size_t cap, const char *val)
{
	if (!*val || strlen(val) >= cap)
		return -1;
	memcpy(dst, val, strlen(val) + 1);
	return 0;
}

/* "profiles: a b c": every name must be a profile this build knows. */
static const char *parse_profiles(char *val, struct triage_finding *f)
{
	for (char *tok = strtok(val, " \t,"); tok; tok = strtok(NULL, " \t,")) {
		if (!cf_profile_find(tok))
			return "unknown profile in 'profiles:'";
		if (f->nprofiles == TRIAGE_MAX_PROFILES)
			return "too many profiles";
		snprintf(f->profiles[f->nprofiles++], TRIAGE_NAME_MAX, "%s", tok);
	}
	return f->nprofiles ? NULL : "'profiles:' is empty";
}

static const char *parse_line(char *line, struct triage_finding *f)
{
	char *colon = strchr(line, ':'), *key, *val;

	if (!colon)
		return "expected 'key: value'";
	*colon = 0;
	key = trim(line);
	val = trim(colon + 1);
	if (!strcmp(key, "class")) {
		if (cf_class_from_name(val) <= 0 || copy_field(f->klass, sizeof(f->klass), val))
			return "unknown class";
	} else if (!strcmp(key, "site")) {
		if (copy_field(f->site, sizeof(f->site), val))
			return "site is empty or too long";
	} else if (!strcmp(key, "profiles")) {
		return parse_profiles(val, f);
	} else if (!strcmp(key, "fixed-by")) {
		if (!cf_profile_find(val) || copy_field(f->fixed_by, sizeof(f->fixed_by), val))
			return "unknown profile in 'fixed-by:'";
	} else if (!strcmp(key, "found-on")) {
		if (!cf_profile_find(val) || copy_field(f->found_on, sizeof(f->found_on), val))
			return "unknown profile in 'found-on:'";
	}
	return NULL;	/* other keys are for people */
}

int triage_parse_finding(const char *text, struct triage_finding *f,
			 char *err, size_t errlen)
{
	static char buf[FINDING_FILE_MAX];
	char *line, *next;
	int lineno = 0;

	memset(f, 0, sizeof(*f));
	snprintf(buf, sizeof(buf), "%s", text);
	for (line = buf; line; line = next) {
		const char *why;
		char *hash;

		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		lineno++;
		hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		if (!*trim(line))
			continue;
		why = parse_line(line, f);
		if (why) {
			snprintf(err, errlen, "line %d: %s", lineno, why);
			return -1;
		}
	}
	if (!f->klass[0] || !f->site[0] || !f->nprofiles || !f->fixed_by[0]) {
		snprintf(err, errlen, "missing one of 'class:', 'site:', 'profiles:', 'fixed-by:'");
		return -1;
	}
	return 0;
}

static int read_small_file(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, cap - 1, f);
	buf[n] = 0;
	fclose(f);
	return n == cap - 1 ? -1 : 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_dirs(const char *dir, char names[][256], int max)
{
	static char *order[TRIAGE_MAX_FINDINGS * 2];
	static char tmp[TRIAGE_MAX_FINDINGS * 2][256];
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)) && n < TRIAGE_MAX_FINDINGS * 2) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= 256)
			continue;
		snprintf(tmp[n], 256, "%s", e->d_name);
		order[n] = tmp[n];
		n++;
	}
	closedir(d);
	/* readdir order is the file system's; the output must not be */
	qsort(order, n, sizeof(order[0]), cmp_names);
	if (n > max)
		n = max;
	for (int i = 0; i < n; i++)
		snprintf(names[i], 256, "%s", order[i]);
	return n;
}

int triage_load_findings(const char *dir, struct triage_finding *out, int max,
			 char *err, size_t errlen)
{
	static char names[TRIAGE_MAX_FINDINGS * 2][256];
	static char text[FINDING_FILE_MAX];
	char path[PATH_MAX], why[256];
	int n = list_dirs(dir, names, TRIAGE_MAX_FINDINGS * 2), count = 0;

	if (n < 0) {
		snprintf(err, errlen, "%s: cannot open: %s", dir, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s/finding.txt", dir, names[i]);
		if (access(path, F_OK))
			continue;
		if (count == max) {
			snprintf(err, errlen, "%s: more than %d findings", dir, max);
			return -1;
		}
		if (read_small_file(path, text, sizeof(text))) {
			snprintf(err, errlen, "%s: unreadable or larger than %d bytes", path,
				 FINDING_FILE_MAX - 1);
			return -1;
		}
		if (triage_parse_finding(text, &out[count], why, sizeof(why))) {
			snprintf(err, errlen, "%s: %s", path, why);
			return -1;
		}
		snprintf(out[count].dir, sizeof(out[count].dir), "%s", names[i]);
		count++;
	}
	return count;
}

const struct triage_finding *triage_match(const struct triage_finding *fs, int n,
					  const char *klass, const char *site,
					  const char *profile)
{
	for (int i = 0; i < n; i++) {
		if (strcmp(fs[i].klass, klass) || strcmp(fs[i].site, site))
			continue;
		for (int k = 0; k < fs[i].nprofiles; k++)
			if (!strcmp(fs[i].profiles[k], profile))
				return &fs[i];
	}
	return NULL;
}

static int is_repo_root(const char *dir)
{
	char p[PATH_MAX];
	struct stat sb;

	snprintf(p, sizeof(p), "%s/src/cowfuzz.h", dir);
	if (stat(p, &sb) || !S_ISREG(sb.st_mode))
		return 0;
	snprintf(p, sizeof(p), "%s/findings", dir);
	return !stat(p, &sb) && S_ISDIR(sb.st_mode);
}

/* Walk up from start; 0 and "<root>/findings" in out if a root is found. */
static int search_up(const char *start, char *out, size_t cap)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s", start);
	for (int depth = 0; depth < 16 && dir[0]; depth++) {
		char *slash;

		if (is_repo_root(dir)) {
			snprintf(out, cap, "%s/findings", dir);
			return 0;
		}
		slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			break;
		*slash = 0;
	}
	return -1;
}

int triage_default_dir(char *out, size_t cap)
{
	char p[PATH_MAX];
	ssize_t n;

	if (getcwd(p, sizeof(p)) && !search_up(p, out, cap))
		return 0;
	n = readlink("/proc/self/exe", p, sizeof(p) - 1);
	if (n <= 0)
		return -1;
	p[n] = 0;
	return search_up(p, out, cap);
}
