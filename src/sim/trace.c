// SPDX-License-Identifier: GPL-2.0
/*
 * The readable trace: one line per event, "step task: text".  Lines go to
 * the caller's callback (-v), into a ring whose tail the report shows, and
 * into an FNV-1a hash that the determinism tests compare.  No pointers and
 * no wall-clock time ever appear in it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "profiles/profile.h"
#include "driver.h"
#include "sched.h"
#include "trace.h"

#define TRACE_RING	48
#define TRACE_LINE	1536	/* an oracle verdict line fits whole */

bool sim_trace_on;

static struct {
	cf_trace_fn	fn;
	void		*ctx;
	uint64_t	hash;
	uint32_t	next;
	char		ring[TRACE_RING][TRACE_LINE];
} tr;

static void trace_put(const char *line)
{
	for (const char *p = line; *p; p++) {
		tr.hash ^= (unsigned char)*p;
		tr.hash *= 0x100000001b3ull;
	}
	tr.hash ^= '\n';
	tr.hash *= 0x100000001b3ull;
	snprintf(tr.ring[tr.next % TRACE_RING], TRACE_LINE, "%s", line);
	tr.next++;
	if (tr.fn)
		tr.fn(tr.ctx, line);
}

const char *sim_errname(int err)
{
	static const struct { int e; const char *name; } names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" },
		{ EIO, "EIO" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
		{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { EXDEV, "EXDEV" },
		{ EINVAL, "EINVAL" }, { EFBIG, "EFBIG" }, { ENOSPC, "ENOSPC" },
		{ EROFS, "EROFS" }, { EDQUOT, "EDQUOT" }, { EOPNOTSUPP, "EOPNOTSUPP" },
		{ EUCLEAN, "EFSCORRUPTED" }, { ENODATA, "ENODATA" },
	};
	static char buf[8][24];
	static unsigned k;
	char *b = buf[k++ % 8];

	if (err < 0)
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (names[i].e == -err) {
				snprintf(b, sizeof(buf[0]), "-%s", names[i].name);
				return b;
			}
	snprintf(b, sizeof(buf[0]), "%d", err);
	return b;
}

void sim_ellipsis(char *s, size_t cap)
{
	size_t n = strlen(s), cut;

	if (cap < 8 || n + 1 < cap)
		return;
	cut = cap - 5;	/* room for " ..." and the NUL */
	while (cut > cap / 2 && s[cut] != ' ')
		cut--;
	memcpy(s + cut, " ...", 5);
}

void sim_trace_emit(const char *fmt, ...)
{
	char msg[TRACE_LINE - 24], line[TRACE_LINE];
	va_list ap;
	int t = sim_current_task();

	va_start(ap, fmt);
	if (vsnprintf(msg, sizeof(msg), fmt, ap) >= (int)sizeof(msg))
		sim_ellipsis(msg, sizeof(msg));
	va_end(ap);
	snprintf(line, sizeof(line), "%6llu %-6s %s", (unsigned long long)sim_steps(),
		 t >= 0 ? cf_task_name(t) : "--", msg);
	trace_put(line);
}

void sim_trace_begin(const struct cf_run_opts *opts, const struct cf_scenario *scn,
		     const struct cf_profile *prof)
{
	const struct cf_geometry *g = &scn->geo;

	memset(&tr, 0, sizeof(tr));
	tr.hash = 0xcbf29ce484222325ull;
	tr.fn = opts ? opts->trace : NULL;
	tr.ctx = opts ? opts->trace_ctx : NULL;
	/* the ring is kept whenever tracing is wanted at all */
	sim_trace_on = opts && opts->trace;
	if (!sim_trace_on)
		return;
	sim_trace("profile %s (%s): block %u, %u blocks a page, dev %u blocks, frag %u, "
		  "cowextsize %u, always_cow %s, init %s/%u",
		  prof->info.name, prof->info.versions, g->block_size,
		  CF_PAGE_SIZE / g->block_size, g->dev_blocks, g->frag, g->cowextsize,
		  g->always_cow ? "on" : "off",
		  g->init == CF_INIT_NONE ? "none" : g->init == CF_INIT_WRITTEN ? "written" : "clone",
		  g->init_blocks);
}

void sim_trace_line_op(int opidx)
{
	char buf[200];

	if (!sim_trace_on)
		return;
	cf_format_op(sim_scenario(), &sim_scenario()->ops[opidx], buf, sizeof(buf));
	sim_trace("== op %d: %s", opidx + 1, buf);
}

void sim_trace_end(struct cf_result *res)
{
	size_t n = 0;
	uint32_t first = tr.next > 24 ? tr.next - 24 : 0;

	res->trace_hash = sim_trace_on ? tr.hash : 0;
	res->tail[0] = 0;
	for (uint32_t i = first; i < tr.next && n < sizeof(res->tail); i++) {
		int k = snprintf(res->tail + n, sizeof(res->tail) - n, "%s\n",
				 tr.ring[i % TRACE_RING]);
		if (k < 0)
			break;
		n += k;
	}
	sim_trace_on = false;
}
