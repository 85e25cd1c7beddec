// SPDX-License-Identifier: GPL-2.0
/*
 * afl_mutator.so - the structure-aware mutations of harness/fuzz/mutate.c for
 * AFL++ (AFL_CUSTOM_MUTATOR_LIBRARY=/abs/path/afl_mutator.so).  AFL++ never
 * calls LLVMFuzzerCustomMutator, so the same core ships as a custom mutator
 * library.  Header-less on purpose: Debian's afl++ installs no headers, so
 * the prototypes below follow docs/custom_mutators.md and the state keeps
 * its own output buffer instead of AFL's afl_realloc (fuzzing-notes §2.5).
 * Built with the plain compiler, never afl-clang-*: the .so is loaded into
 * afl-fuzz itself and must carry no instrumentation.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "mutate.h"

struct afl_mutator {
	uint32_t	seed;
	uint8_t		buf[MUT_MAX_BYTES];
	char		desc[64];
};

void *afl_custom_init(void *afl, unsigned int seed);
size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf,
		       uint8_t *add_buf, size_t add_buf_size, size_t max_size);
const char *afl_custom_describe(void *data, size_t max_description_len);
void afl_custom_deinit(void *data);

void *afl_custom_init(void *afl, unsigned int seed)
{
	struct afl_mutator *m = calloc(1, sizeof(*m));

	(void)afl;
	if (!m)
		return NULL;
	m->seed = seed;
	if (getenv("COWFUZZ_NPOINTS"))
		mut_set_npoints(atoi(getenv("COWFUZZ_NPOINTS")));
	return m;
}

size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf,
		       uint8_t *add_buf, size_t add_buf_size, size_t max_size)
{
	struct afl_mutator *m = data;
	size_t cap = max_size < sizeof(m->buf) ? max_size : sizeof(m->buf);
	size_t n = buf_size < cap ? buf_size : cap;
	size_t len;

	/* a fresh stream per call, reproducible from AFL++'s seed */
	m->seed = m->seed * 1103515245u + 12345u;
	memcpy(m->buf, buf, n);
	len = mut_mutate(m->buf, n, cap, m->seed, add_buf, add_buf_size);
	if (!len) {		/* AFL++ wants at least one byte */
		m->buf[0] = 0;
		len = 1;
	}
	*out_buf = m->buf;
	return len;
}

const char *afl_custom_describe(void *data, size_t max_description_len)
{
	struct afl_mutator *m = data;
	size_t n = max_description_len < sizeof(m->desc) ? max_description_len : sizeof(m->desc);

	if (!n)
		return "";
	strncpy(m->desc, mut_last_name(), n - 1);
	m->desc[n - 1] = 0;
	return m->desc;
}

void afl_custom_deinit(void *data)
{
	free(data);
}
