/* race: RWF_ATOMIC O_DIRECT write racing a plain O_DIRECT write over a CoW
 * delalloc extent on a fragmented reflink XFS.  See README in this dir.
 * usage: race DIR ITERS COWEXT(blocks) BMODE STRAT [opts...]
 *   BMODE: 2 = B writes block 2 only, 12 = blocks 1-2, 012 = blocks 0-2, none

 *   STRAT: delayN = B spins a random 0..N loop iterations then writes
 *   opts: pin (A on cpu0, B on cpu1), idle (A SCHED_IDLE), chop (a thread on
 *         A's cpu that wakes every few us and spins, to preempt A), verbose,
 *         trace (write markers to trace_marker)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <sys/syscall.h>
#include <linux/fs.h>

#ifndef RWF_ATOMIC
#define RWF_ATOMIC 0x00000040
#endif
#define STATX_WRITE_ATOMIC_ 0x00010000U
#define BS 4096

struct getbmapx {
	int64_t bmv_offset, bmv_block, bmv_length;
	int32_t bmv_count, bmv_entries, bmv_iflags, bmv_oflags, u1, u2;
};
struct getbmap_ { int64_t a, b, c; int32_t d, e; };
#define XFS_IOC_GETBMAPX _IOWR('X', 56, struct getbmap_)
#define BMV_IF_PREALLOC 0x4
#define BMV_IF_DELALLOC 0x8
#define BMV_IF_COWFORK 0x20

static const char *dir; static long iters; static int cowext; static const char *bmode, *strat;
static int opt_noflush, opt_stop, opt_nobuf, opt_pin, opt_idle, opt_chop, opt_verbose, opt_trace;
static long delaymax;
static int tracefd = -1;
static volatile int go, ready, a_done, chop_stop;
static int fd_f, fd_d;
static char *bufA, *bufB;
static ssize_t a_ret; static int a_err;
static ssize_t b_ret; static int b_err; static int b_seen; static long b_polls;

static void pin(int cpu) {
	cpu_set_t s; CPU_ZERO(&s); CPU_SET(cpu, &s);
	sched_setaffinity(0, sizeof(s), &s);
}

/* returns number of entries; fills ext[] with (off,len,block) in fs blocks; block -2 delalloc, -1 hole */
static int cowmap(int fd, long ext[][3], int max) {
	struct getbmapx m[33];
	memset(m, 0, sizeof(m));
	m[0].bmv_offset = 0; m[0].bmv_length = -1; m[0].bmv_count = 33;
	m[0].bmv_iflags = BMV_IF_COWFORK | BMV_IF_DELALLOC | BMV_IF_PREALLOC;
	if (ioctl(fd, XFS_IOC_GETBMAPX, m) < 0) return -errno;
	int n = m[0].bmv_entries < max ? m[0].bmv_entries : max;
	for (int i = 0; i < n; i++) {
		ext[i][0] = m[i + 1].bmv_offset / 8;
		ext[i][1] = m[i + 1].bmv_length / 8;
		ext[i][2] = m[i + 1].bmv_block < 0 ? m[i + 1].bmv_block : m[i + 1].bmv_block / 8;
	}
	return n;
}
static long cow_at(long ext[][3], int n, long blk) { /* block type at blk: -2 delalloc, -1 hole, >=0 real */
	for (int i = 0; i < n; i++) if (ext[i][0] <= blk && blk < ext[i][0] + ext[i][1]) return ext[i][2];
	return -1;
}
static long cow_start(long ext[][3], int n, long blk) {
	for (int i = 0; i < n; i++) if (ext[i][0] <= blk && blk < ext[i][0] + ext[i][1]) return ext[i][0];
	return -1;
}
static void cowdump(const char *tag, int fd) {
	long e[32][3]; int n = cowmap(fd, e, 32);
	printf("  %s cow fork:", tag);
	for (int i = 0; i < n; i++) printf(" [%ld,+%ld)%s%ld", e[i][0], e[i][1], e[i][2] == -2 ? "delalloc" : e[i][2] == -1 ? "hole" : "@", e[i][2] >= 0 ? e[i][2] : 0L);
	printf("\n");
}
static void mark(const char *s) { if (tracefd >= 0) write(tracefd, s, strlen(s)); }

static void *thrA(void *x) {
	(void)x;
	if (opt_pin) pin(0);
	if (opt_idle) { struct sched_param p = {0}; sched_setscheduler(0, SCHED_IDLE, &p); }
	__sync_fetch_and_add(&ready, 1);
	while (!go) ;
	struct iovec iov = { bufA, BS };
	mark("A start");
	a_ret = pwritev2(fd_d, &iov, 1, 2 * BS, RWF_ATOMIC);
	a_err = a_ret < 0 ? errno : 0;
	{ char m[80]; snprintf(m, sizeof m, "A end ret %zd errno %d", a_ret, a_err); mark(m); }
	a_done = 1;
	return NULL;
}
static void *thrB(void *x) {
	(void)x;
	if (opt_pin) pin(1);
	__sync_fetch_and_add(&ready, 1);
	while (!go) ;
	b_seen = 0; b_polls = 0;
	{
		long d = delaymax ? random() % delaymax : 0;
		for (volatile long i = 0; i < d; i++) ;
	}
	if (!strcmp(bmode, "none")) return NULL;
	long off = !strcmp(bmode, "2") ? 2 : !strcmp(bmode, "12") ? 1 : 0;
	long len = 3 - off;
	mark("B start");
	b_ret = pwrite(fd_d, bufB, len * BS, off * BS);
	b_err = b_ret < 0 ? errno : 0;
	mark("B end");
	return NULL;
}
static void *thrC(void *x) {
	(void)x;
	pin(0);
	while (!chop_stop) {
		struct timespec ts = { 0, 2000 + random() % 20000 };
		nanosleep(&ts, NULL);
		struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
		do clock_gettime(CLOCK_MONOTONIC, &t1);
		while ((t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec) < 300000 && !chop_stop);
	}
	return NULL;
}

static int statx_atomic(const char *p, unsigned *mn, unsigned *mx) {
	unsigned char b[256]; memset(b, 0, sizeof b);
	if (syscall(SYS_statx, AT_FDCWD, p, 0, STATX_WRITE_ATOMIC_, b) < 0) return -1;
	unsigned mask; memcpy(&mask, b, 4);
	memcpy(mn, b + 168, 4); memcpy(mx, b + 172, 4);
	return (mask & STATX_WRITE_ATOMIC_) ? 0 : -2;
}

int main(int argc, char **argv) {
	if (argc < 6) { fprintf(stderr, "usage\n"); return 2; }
	dir = argv[1]; iters = atol(argv[2]); cowext = atoi(argv[3]); bmode = argv[4]; strat = argv[5];
	if (!strncmp(strat, "delay", 5)) delaymax = atol(strat + 5);
	for (int i = 6; i < argc; i++) {
		if (!strcmp(argv[i], "pin")) opt_pin = 1;
		else if (!strcmp(argv[i], "idle")) opt_idle = 1;
		else if (!strcmp(argv[i], "nobuf")) opt_nobuf = 1;
		else if (!strcmp(argv[i], "stop")) opt_stop = 1;
		else if (!strcmp(argv[i], "noflush")) opt_noflush = 1;
		else if (!strcmp(argv[i], "chop")) opt_chop = 1;
		else if (!strcmp(argv[i], "verbose")) opt_verbose = 1;
		else if (!strcmp(argv[i], "trace")) opt_trace = 1;
	}
	if (opt_trace) tracefd = open(getenv("TRACE_MARKER") ? getenv("TRACE_MARKER") : "/sys/kernel/tracing/trace_marker", O_WRONLY);
	srandom(getpid());
	posix_memalign((void **)&bufA, BS, BS); memset(bufA, 'A', BS);
	posix_memalign((void **)&bufB, BS, 3 * BS); memset(bufB, 'B', 3 * BS);
	char *init = malloc(3 * BS); memset(init, 'I', 3 * BS);
	char *bz = malloc(BS); memset(bz, 'Z', BS);
	char fpath[512], gpath[512];
	snprintf(fpath, sizeof fpath, "%s/F", dir); snprintf(gpath, sizeof gpath, "%s/G", dir);

	long n_bad = 0, n_ok = 0, n_eagain = 0, n_other = 0, n_pre = 0, n_pre_start1 = 0, n_seen = 0, n_berr = 0, n_short = 0;
	long errhist[256] = {0};
	struct timespec ts0, ts1; clock_gettime(CLOCK_MONOTONIC, &ts0);
	int checked_atomic = 0;
	for (long it = 0; it < iters; it++) {
		unlink(fpath); unlink(gpath);
		fd_f = open(fpath, O_CREAT | O_RDWR | O_TRUNC, 0644);
		if (fd_f < 0) { perror("open F"); return 1; }
		struct fsxattr fa;
		if (ioctl(fd_f, FS_IOC_FSGETXATTR, &fa)) { perror("getxattr"); return 1; }
		fa.fsx_xflags |= FS_XFLAG_COWEXTSIZE; fa.fsx_cowextsize = cowext * BS;
		if (ioctl(fd_f, FS_IOC_FSSETXATTR, &fa)) { perror("setxattr cowextsize"); return 1; }
		if (pwrite(fd_f, init, 3 * BS, 0) != 3 * BS || fsync(fd_f)) { perror("init write"); return 1; }
		int fd_g = open(gpath, O_CREAT | O_RDWR | O_TRUNC, 0644);
		if (fd_g < 0 || ioctl(fd_g, FICLONE, fd_f)) { perror("ficlone"); return 1; }
		close(fd_g);
		if (!checked_atomic) {
			unsigned mn = 0, mx = 0; int r = statx_atomic(fpath, &mn, &mx);
			printf("statx atomic: r=%d unit_min=%u unit_max=%u\n", r, mn, mx);
			if (r || mn > BS || mx < BS) { fprintf(stderr, "4K atomic writes not supported\n"); return 1; }
			checked_atomic = 1;
		}
		if (!opt_nobuf && pwrite(fd_f, bz, BS, 0) != BS) { perror("buffered write"); return 1; }
		if (!opt_nobuf && !opt_noflush && sync_file_range(fd_f, 0, BS, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER)) { perror("sfr"); return 1; }
		int pre = -1; /* CoW fork GETBMAPX is DEBUG-only: precondition is checked with tracefs instead */
		fd_d = open(fpath, O_RDWR | O_DIRECT);
		if (fd_d < 0) { perror("open direct"); return 1; }

		go = 0; ready = 0; a_done = 0; chop_stop = 0; b_ret = 0; b_err = 0; b_seen = 0;
		pthread_t ta, tb, tc;
		pthread_create(&ta, NULL, thrA, NULL);
		pthread_create(&tb, NULL, thrB, NULL);
		if (opt_chop) pthread_create(&tc, NULL, thrC, NULL);
		while (ready < 2) ;
		if (opt_trace) { char m[64]; snprintf(m, sizeof m, "iter %ld go pre=%d", it, pre); mark(m); }
		go = 1;
		pthread_join(ta, NULL); pthread_join(tb, NULL);
		chop_stop = 1; if (opt_chop) pthread_join(tc, NULL);
		n_seen += b_seen;
		if (b_ret < 0) n_berr++;
		if (a_ret == BS) n_ok++;
		else if (a_ret < 0 && a_err == EAGAIN) n_eagain++;
		else if (a_ret >= 0) n_short++;
		else n_other++;
		if (a_ret < 0) errhist[a_err & 255]++;
		if (a_ret != BS || b_ret < 0 || (opt_verbose && it < 3)) {
			printf("iter %ld: A ret %zd errno %d (%s); B ret %zd errno %d\n",
			       it, a_ret, a_err, a_err ? strerror(a_err) : "-", b_ret, b_err);
			fflush(stdout);
		}
		{ /* verify contents: F = Z,?,? ; G = I,I,I ; F block 2 must be A or B data */
			char *rb; posix_memalign((void **)&rb, BS, 3 * BS);
			int bad = 0;
			if (pread(fd_d, rb, 3 * BS, 0) != 3 * BS) bad |= 1;
			long off = !strcmp(bmode, "2") ? 2 : !strcmp(bmode, "12") ? 1 : !strcmp(bmode, "none") ? 3 : 0;
			for (int b = 0; b < 3 && !(bad & 1); b++) {
				char want0 = b == 0 ? 'Z' : 'I';
				for (int i = 0; i < BS; i++) {
					char c = rb[b * BS + i];
					int okc;
					if (b == 2) okc = (a_ret == BS && c == 'A') || (b_ret > 0 && c == 'B') || (b_ret <= 0 && a_ret != BS && c == 'I');
					else okc = c == want0 || (b >= off && b_ret > 0 && c == 'B');
					if (!okc) { bad |= 2; printf("iter %ld: F block %d byte %d = 0x%02x unexpected (A ret %zd B ret %zd)\n", it, b, i, (unsigned char)c, a_ret, b_ret); break; }
				}
			}
			int gfd = open(gpath, O_RDONLY | O_DIRECT);
			if (gfd < 0 || pread(gfd, rb, 3 * BS, 0) != 3 * BS) bad |= 4;
			else for (int i = 0; i < 3 * BS; i++) if (rb[i] != 'I') { bad |= 8; printf("iter %ld: G byte %d = 0x%02x\n", it, i, (unsigned char)rb[i]); break; }
			if (gfd >= 0) close(gfd);
			if (bad) n_bad++;
			free(rb);
		}
		close(fd_d); close(fd_f);
		if (opt_stop && a_ret < 0 && a_err == EAGAIN) { iters = it + 1; printf("stopping at first EAGAIN (iter %ld)\n", it); mark("STOP at EAGAIN"); break; }
		if ((it + 1) % 1000 == 0) {
			clock_gettime(CLOCK_MONOTONIC, &ts1);
			printf("progress %ld: ok %ld eagain %ld other %ld short %ld berr %ld (%.1fs)\n",
			       it + 1, n_ok, n_eagain, n_other, n_short, n_berr,
			       ts1.tv_sec - ts0.tv_sec + (ts1.tv_nsec - ts0.tv_nsec) / 1e9);
			fflush(stdout);
		}
	}
	unlink(fpath); unlink(gpath);
	clock_gettime(CLOCK_MONOTONIC, &ts1);
	printf("SUMMARY iters %ld cowext %d bmode %s strat %s pin %d idle %d chop %d: A ok %ld, A EAGAIN %ld, A other err %ld, A short %ld; B errors %ld; %.1fs\n",
	       iters, cowext, bmode, strat, opt_pin, opt_idle, opt_chop, n_ok, n_eagain, n_other, n_short, n_berr,
	       ts1.tv_sec - ts0.tv_sec + (ts1.tv_nsec - ts0.tv_nsec) / 1e9);
	printf("VERIFY: iterations with unexpected file contents: %ld\n", n_bad);
	for (int i = 0; i < 256; i++) if (errhist[i]) printf("  A errno %d (%s): %ld\n", i, strerror(i), errhist[i]);
	return 0;
}
