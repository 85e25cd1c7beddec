/* SPDX-License-Identifier: GPL-2.0 */
/*
 * triage.h - which known bug does a crash belong to?
 *
 * A crash is identified by (class, site, profile), the same triple the
 * minimizer keeps fixed.  Each findings/<dir>/finding.txt records its
 * triple in lines a script can read:
 *
 *	class: stale-whichfork
 *	site: xfs_map_blocks:allocate_blocks
 *	profiles: 7588cbeec6df-v5.1 7588cbeec6df-v5.5
 *	fixed-by: c2f09217a430
 *
 * '#' starts a comment; other keys (found-on, input, minimized) are kept
 * for people and tests and ignored here.
 */
#ifndef COWFUZZ_TRIAGE_H
#define COWFUZZ_TRIAGE_H

#include <stddef.h>

#define TRIAGE_MAX_FINDINGS	128
#define TRIAGE_MAX_PROFILES	8
#define TRIAGE_NAME_MAX		48

struct triage_finding {
	char	dir[256];		/* folder name inside the findings dir */
	char	klass[32];
	char	site[64];
	char	profiles[TRIAGE_MAX_PROFILES][TRIAGE_NAME_MAX];
	int	nprofiles;
	char	fixed_by[TRIAGE_NAME_MAX];
	char	found_on[TRIAGE_NAME_MAX];	/* optional */
};

/* Parse one finding.txt; -1 with "LINE: what" in err on a bad file. */
int triage_parse_finding(const char *text, struct triage_finding *f,
			 char *err, size_t errlen);

/*
 * Load every DIR/NAME/finding.txt, in name order.  Returns the count, or -1
 * with "PATH: what" in err (an unreadable or malformed finding).  Folders
 * without a finding.txt are skipped.
 */
int triage_load_findings(const char *dir, struct triage_finding *out, int max,
			 char *err, size_t errlen);

/* The first finding with this class and site listing this profile. */
const struct triage_finding *triage_match(const struct triage_finding *fs, int n,
					  const char *klass, const char *site,
					  const char *profile);

/*
 * The repository's findings/ folder: the nearest ancestor of the cwd, then
 * of the executable, that holds both findings/ and src/cowfuzz.h.
 * Returns 0 and the path in out, or -1 if there is none.
 */
int triage_default_dir(char *out, size_t cap);

#endif
