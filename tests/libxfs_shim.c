// SPDX-License-Identifier: GPL-2.0
/*
 * libxfs_shim.c - what the libxfs unit tests need from the rest of cowfuzz,
 * and the helpers they share.
 *
 * The libxfs tests compile the four libxfs files directly (the simulator is
 * written concurrently and is not linked), so this file provides the few
 * simulator entry points they call: sim_fault() with a scripted fault,
 * oracle_assfail()/oracle_warn() that print and abort (or count, when a
 * test expects an assertion), the trace hooks, the scheduler's locks as
 * no-ops under the port's inode locks (xfs_isilocked() true), and two
 * profiles, with the 9230a0b65b47
 * switch on and off.
 *
 * Test files include this file with LIBXFS_SHIM_DECLS_ONLY defined to get
 * the declarations and macros (the test TU pattern of
 * tools/testing/vma/main.c; the shim stays one file).
 */
#ifndef LIBXFS_SHIM_C
#define LIBXFS_SHIM_C

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "xfs_linux.h"
#include "xfs_mount.h"
#include "xfs_inode.h"
#include "xfs_inode_fork.h"
#include "xfs_bmap.h"
#include "xfs_alloc.h"
#include "xfs_refcount.h"
#include "own/cf_space_check.h"

/* ---- declarations shared with the test files ------------------------- */

#define T_NINODES	3

extern struct xfs_mount		t_mount;
extern struct xfs_inode		t_inodes[T_NINODES];
extern struct cf_profile	t_prof_fixed;	/* 9230a0b65b47 applied */
extern struct cf_profile	t_prof_buggy;	/* the bug of 9230a0b65b47 */
extern int			t_failed;	/* failed checks, all tests */
extern int			t_asserts;	/* ASSERTs caught (see below) */
extern bool			t_catch_asserts;

/*
 * Reset the file system: a device of strlen(layout) blocks, '.' free and
 * 'X' pre-filled (XFS_BLK_OTHER), empty inodes 1..3 without a CoW fork,
 * m_fdblocks = the free blocks, the given CoW extent size default, the
 * fixed profile, no scripted faults.
 */
void t_setup(const char *layout, xfs_extlen_t cowextsz);

/* The nth call of sim_fault(kind) from now on returns true (1-based). */
void t_fault_at(enum cf_fault_kind kind, int nth);

/* Map an extent the way the tests' "before" diagrams draw it, bypassing
 * the bmap code: allocate exactly [blk, blk+len) and set up ownership, or
 * reserve a delalloc extent with the given indlen. */
void t_put_real(struct xfs_inode *ip, int whichfork, xfs_fileoff_t off,
		xfs_fsblock_t blk, xfs_filblks_t len, xfs_exntst_t state);
void t_put_delay(struct xfs_inode *ip, int whichfork, xfs_fileoff_t off,
		 xfs_filblks_t len, xfs_filblks_t indlen);

/* Mark [blk, blk+len) allocated, owned by nobody yet, as
 * xfs_alloc_vextent would (m_fdblocks untouched). */
void t_take_blocks(xfs_fsblock_t blk, xfs_filblks_t len);

/* Compare a fork with the expected records; print both on mismatch. */
bool t_fork_matches(const char *file, int line, const char *what,
		    struct xfs_ifork *ifp, const struct xfs_bmbt_irec *exp,
		    int nexp);
/* Run cf_check_space over t_mount and t_inodes; print the reason. */
bool t_space_ok(const char *file, int line);
/* The fork as a block ruler: '.' hole, 'd' delalloc, 'W' written,
 * 'u' unwritten. */
void t_draw_fork(const char *what, struct xfs_ifork *ifp);

/* Expected records.  D = delalloc (offset, length, indlen); W/U = written
 * or unwritten real extents (offset, device block, length). */
/* (nullstartblock() spelled out: static tables need a constant) */
#define D(o, l, ind)	{ (o), STARTBLOCKMASK | (xfs_fsblock_t)(ind), (l), XFS_EXT_NORM }
#define W(o, b, l)	{ (o), (b), (l), XFS_EXT_NORM }
#define U(o, b, l)	{ (o), (b), (l), XFS_EXT_UNWRITTEN }

/*
 * Checks.  One argument order everywhere: expected first, then what was
 * seen (kselftest's order).  A failed check prints file:line, the test
 * function and the expression, counts, and returns from the test.
 */
#define T_FAIL_AT(fmt, ...)						\
	do {								\
		fprintf(stderr, "%s:%d: %s: " fmt "\n", __FILE__,	\
			__LINE__, __func__, __VA_ARGS__);		\
		t_failed++;						\
		return;							\
	} while (0)

#define ASSERT_EQ(expected, seen)					\
	do {								\
		long long e__ = (long long)(expected);			\
		long long s__ = (long long)(seen);			\
		if (e__ != s__)						\
			T_FAIL_AT("ASSERT_EQ(%s, %s): expected %lld, seen %lld", \
				  #expected, #seen, e__, s__);		\
	} while (0)

#define ASSERT_TRUE(expr)						\
	do {								\
		if (!(expr))						\
			T_FAIL_AT("ASSERT_TRUE(%s) is false", #expr);	\
	} while (0)

#define ASSERT_FALSE(expr)						\
	do {								\
		if (expr)						\
			T_FAIL_AT("ASSERT_FALSE(%s) is true", #expr);	\
	} while (0)

#define ASSERT_FORK(ifp, ...)						\
	do {								\
		const struct xfs_bmbt_irec exp__[] = { __VA_ARGS__ };	\
		if (!t_fork_matches(__FILE__, __LINE__, #ifp, (ifp),	\
				    exp__, (int)ARRAY_SIZE(exp__))) {	\
			t_failed++;					\
			return;						\
		}							\
	} while (0)

#define ASSERT_FORK_EMPTY(ifp)						\
	do {								\
		if (!t_fork_matches(__FILE__, __LINE__, #ifp, (ifp),	\
				    NULL, 0)) {				\
			t_failed++;					\
			return;						\
		}							\
	} while (0)

/* The accounting invariant, checked after every step. */
#define ASSERT_SPACE()							\
	do {								\
		if (!t_space_ok(__FILE__, __LINE__)) {			\
			t_failed++;					\
			return;						\
		}							\
	} while (0)

#define RUN(test)							\
	do {								\
		int before__ = t_failed;				\
		test();							\
		printf("%-60s %s\n", #test,				\
		       t_failed == before__ ? "ok" : "FAILED");		\
	} while (0)

#ifndef LIBXFS_SHIM_DECLS_ONLY
/* ---- definitions ----------------------------------------------------- */

struct xfs_mount	t_mount;
struct xfs_inode	t_inodes[T_NINODES];
struct cf_profile	t_prof_fixed = {
	.bug_delay_real_right_contig_state = false,
};
struct cf_profile	t_prof_buggy = {
	.bug_delay_real_right_contig_state = true,
};
int			t_failed;
int			t_asserts;
bool			t_catch_asserts;

static int		t_fault_kind = CF_FAULT_NONE;
static int		t_fault_countdown;

/* The simulator's face (sim/sched.h, sim/trace.h, shim/linux/bug.h). */
bool sim_trace_on;

void
sim_trace_emit(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	fputs("  trace: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
}

bool
sim_fault(enum cf_fault_kind kind)
{
	if (kind != t_fault_kind || t_fault_countdown <= 0)
		return false;
	if (--t_fault_countdown > 0)
		return false;
	t_fault_kind = CF_FAULT_NONE;
	return true;
}

void
oracle_assfail(const char *expr, const char *func, int line)
{
	if (t_catch_asserts) {
		t_asserts++;
		return;
	}
	fprintf(stderr, "ASSERT failed: %s in %s, line %d\n", expr, func, line);
	abort();
}

void
oracle_warn(const char *expr, const char *func, int line)
{
	fprintf(stderr, "WARN: %s in %s, line %d\n", expr, func, line);
	abort();
}

/* The scheduler's locks under src/xfs/xfs_inode.c: one task, never
 * blocked, every lock held (xfs_isilocked() true); no windows, no trace. */
unsigned char sim_window_armed;
void sim_window_open(void) { }
void sim_lock_acquire(struct sim_lock *l, bool excl) { }
bool sim_lock_try(struct sim_lock *l, bool excl) { return true; }
void sim_lock_release(struct sim_lock *l, bool excl) { }
bool sim_lock_held(const struct sim_lock *l, bool excl) { return true; }
void cf_tp_xfs_ilock(struct xfs_inode *ip, unsigned int lock_flags) { }

/* ---- helpers ---------------------------------------------------------- */

void
t_setup(const char *layout, xfs_extlen_t cowextsz)
{
	size_t		n = strlen(layout);
	size_t		i;

	if (n == 0 || n > CF_MAX_DEV_BLOCKS) {
		fprintf(stderr, "t_setup: bad layout length %zu\n", n);
		abort();
	}
	memset(&t_mount, 0, sizeof(t_mount));
	memset(t_inodes, 0, sizeof(t_inodes));
	t_mount.m_sb_blocksize = 4096;
	t_mount.m_blocks_per_page = 1;
	t_mount.m_sb_dblocks = n;
	t_mount.m_cowextsize_default = cowextsz;
	t_mount.m_profile = &t_prof_fixed;
	for (i = 0; i < n; i++) {
		t_mount.m_blk_use[i] = layout[i] == 'X' ? XFS_BLK_OTHER :
							   XFS_BLK_FREE;
		if (layout[i] != 'X')
			t_mount.m_fdblocks++;
	}
	for (i = 0; i < T_NINODES; i++) {
		t_inodes[i].i_ino = i + 1;
		t_inodes[i].i_mount = &t_mount;
	}
	t_fault_kind = CF_FAULT_NONE;
	t_fault_countdown = 0;
	t_catch_asserts = false;
	t_asserts = 0;
	sim_trace_on = getenv("LIBXFS_TRACE") != NULL;
}

void
t_fault_at(enum cf_fault_kind kind, int nth)
{
	t_fault_kind = kind;
	t_fault_countdown = nth;
}

/* Append a record to a fork directly (setup only; the tests build the
 * "before" state in offset order). */
static void
t_append(struct xfs_inode *ip, int whichfork, struct xfs_bmbt_irec *rec)
{
	struct xfs_ifork	*ifp;
	struct xfs_iext_cursor	icur;

	if (whichfork == XFS_COW_FORK)
		xfs_ifork_init_cow(ip);
	ifp = XFS_IFORK_PTR(ip, whichfork);
	icur.pos = xfs_iext_count(ifp);
	xfs_iext_insert(ip, &icur, rec,
			whichfork == XFS_COW_FORK ? BMAP_COWFORK : 0);
}

void
t_put_real(struct xfs_inode *ip, int whichfork, xfs_fileoff_t off,
	   xfs_fsblock_t blk, xfs_filblks_t len, xfs_exntst_t state)
{
	struct xfs_bmbt_irec	rec = { off, blk, len, state };
	xfs_filblks_t		i;

	for (i = 0; i < len; i++) {
		/* A clone maps blocks another inode already owns. */
		if (t_mount.m_blk_use[blk + i] == XFS_BLK_FREE) {
			t_mount.m_blk_use[blk + i] = XFS_BLK_INUSE;
			t_mount.m_fdblocks--;
		}
	}
	if (whichfork == XFS_COW_FORK)
		xfs_refcount_alloc_cow_extent(&t_mount, blk, len);
	else
		xfs_rmap_map_extent(&t_mount, blk, len);
	t_append(ip, whichfork, &rec);
}

void
t_put_delay(struct xfs_inode *ip, int whichfork, xfs_fileoff_t off,
	    xfs_filblks_t len, xfs_filblks_t indlen)
{
	struct xfs_bmbt_irec	rec = { off, nullstartblock((int)indlen), len,
					XFS_EXT_NORM };

	t_mount.m_fdblocks -= (int64_t)(len + indlen);
	ip->i_delayed_blks += len;
	t_append(ip, whichfork, &rec);
}

void
t_take_blocks(xfs_fsblock_t blk, xfs_filblks_t len)
{
	xfs_filblks_t	i;

	for (i = 0; i < len; i++) {
		if (t_mount.m_blk_use[blk + i] != XFS_BLK_FREE) {
			fprintf(stderr, "t_take_blocks: block %llu not free\n",
				(unsigned long long)(blk + i));
			abort();
		}
		t_mount.m_blk_use[blk + i] = XFS_BLK_INUSE;
	}
}

static void
t_print_rec(const char *pfx, const struct xfs_bmbt_irec *r)
{
	if (isnullstartblock(r->br_startblock))
		fprintf(stderr, "%s[off %llu len %llu delalloc indlen %llu]\n",
			pfx, (unsigned long long)r->br_startoff,
			(unsigned long long)r->br_blockcount,
			(unsigned long long)startblockval(r->br_startblock));
	else
		fprintf(stderr, "%s[off %llu len %llu blk %llu %s]\n", pfx,
			(unsigned long long)r->br_startoff,
			(unsigned long long)r->br_blockcount,
			(unsigned long long)r->br_startblock,
			r->br_state == XFS_EXT_UNWRITTEN ? "unwritten" :
							   "written");
}

bool
t_fork_matches(const char *file, int line, const char *what,
	       struct xfs_ifork *ifp, const struct xfs_bmbt_irec *exp,
	       int nexp)
{
	int	n = ifp ? ifp->if_nextents : 0;
	bool	same = n == nexp;
	int	i;

	/* field by field: the records' padding is not part of the value */
	for (i = 0; same && i < n; i++) {
		const struct xfs_bmbt_irec	*r = &ifp->if_ext[i];

		same = r->br_startoff == exp[i].br_startoff &&
		       r->br_startblock == exp[i].br_startblock &&
		       r->br_blockcount == exp[i].br_blockcount &&
		       r->br_state == exp[i].br_state;
	}
	if (same)
		return true;

	fprintf(stderr, "%s:%d: fork %s differs\n  expected:\n", file, line,
		what);
	for (i = 0; i < nexp; i++)
		t_print_rec("    ", &exp[i]);
	fprintf(stderr, "  seen:\n");
	for (i = 0; i < n; i++)
		t_print_rec("    ", &ifp->if_ext[i]);
	return false;
}

bool
t_space_ok(const char *file, int line)
{
	char	why[256];

	if (cf_check_space(&t_mount, t_inodes, T_NINODES, why,
			    sizeof(why)) == 0)
		return true;
	fprintf(stderr, "%s:%d: cf_check_space: %s\n", file, line, why);
	return false;
}

void
t_draw_fork(const char *what, struct xfs_ifork *ifp)
{
	char	ruler[CF_MAX_FILE_BLOCKS + 1];
	int	last = 0;
	int	i;

	memset(ruler, '.', sizeof(ruler));
	for (i = 0; ifp && i < ifp->if_nextents; i++) {
		struct xfs_bmbt_irec	*r = &ifp->if_ext[i];
		char			c = 'W';
		xfs_filblks_t		b;

		if (isnullstartblock(r->br_startblock))
			c = 'd';
		else if (r->br_state == XFS_EXT_UNWRITTEN)
			c = 'u';
		for (b = 0; b < r->br_blockcount &&
			    r->br_startoff + b < CF_MAX_FILE_BLOCKS; b++)
			ruler[r->br_startoff + b] = c;
		if (r->br_startoff + r->br_blockcount > (xfs_fileoff_t)last)
			last = (int)min_t(xfs_fileoff_t, CF_MAX_FILE_BLOCKS,
					  r->br_startoff + r->br_blockcount);
	}
	ruler[last] = '\0';
	printf("  %-10s|%s|\n", what, ruler);
}


/* The oracle canaries are never on in the libxfs unit tests. */
bool
cf_sabotaged(uint32_t what)
{
	(void)what;
	return false;
}

/* No scenario runs in the libxfs unit tests: no op to charge. */
void
oracle_fdblocks_seen(int64_t fdblocks)
{
	(void)fdblocks;
}

#endif /* !LIBXFS_SHIM_DECLS_ONLY */
#endif /* LIBXFS_SHIM_C */
