/* torn: an RWF_ATOMIC write over another direct write's CoW staging block,
 * on an XFS whose disk is a faultdisk (harness/kcheck/faultdisk).
 * See README.md in this directory.
 *
 * usage: torn DIR CTL ITERS MODE [trace]
 *   DIR   a directory on the XFS; CTL the faultdisk's control file
 *   MODE  fault    t0 held; t1's write of block 1 fails (the finding)
 *         nofault  t0 held; t1 succeeds
 *         inflight t0 held; t1's block-1 write held too; t0 released and
 *                  waited for, the file read while t1 is still in flight
 *         control  no t0; t1's first data write fails
 *         crash    inflight, plus a syncfs and $TORN_SNAP ITER (a copy of
 *                  the image: the crash) while t1 is still in flight
 *         crashctl the same crash without t0 (t1's write held)
 * Per iteration: file a<i> = 2 blocks of 0xaa, cowextsize 1 block, cloned
 * to b<i>; t0 = io_submit O_DIRECT 4 KiB of 0xc0 at block 0, its bio's
 * reply held by the faultdisk; t1 = pwritev2(O_DIRECT, 8 KiB of 0xb1 at 0,
 * RWF_ATOMIC); release t0, wait for it; read both files back with
 * O_DIRECT.  One RESULT line per iteration.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/fs.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "fdctl.h"

#ifndef RWF_ATOMIC
#define RWF_ATOMIC 0x00000040
#endif
#define BS 4096

/* offset of the first held request, or -1 */
static long long ctl_held(void)
{
	char buf[8192];
	if (ctl_status(buf, sizeof(buf)) < 0)
		return -1;
	char *h = strstr(buf, "held #");
	if (!h)
		return -1;
	char *o = strstr(h, "off=");
	return o ? atoll(o + 4) : -1;
}

static int wait_held(int count, double secs)
{
	double end = now() + secs;
	while (now() < end) {
		char buf[8192];
		if (ctl_status(buf, sizeof(buf)) > 0) {
			int c = 0;
			for (char *p = buf; (p = strstr(p, "held #")); p++)
				c++;
			if (c >= count)
				return 0;
		}
		usleep(1000);
	}
	return -1;
}

struct t1arg { int fd; char *buf; ssize_t ret; int err; double secs; };
static void *t1_thread(void *p)
{
	struct t1arg *a = p;
	struct iovec iov = { a->buf, 2 * BS };
	double s = now();
	a->ret = pwritev2(a->fd, &iov, 1, 0, RWF_ATOMIC);
	a->err = a->ret < 0 ? errno : 0;
	a->secs = now() - s;
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: torn DIR CTL ITERS fault|nofault|inflight|control|crash|crashctl [trace]\n");
		return 2;
	}
	const char *dir = argv[1];
	ctl = argv[2];
	long iters = atol(argv[3]);
	const char *mode = argv[4];
	int m_fault = !strcmp(mode, "fault"), m_nofault = !strcmp(mode, "nofault"),
	    m_inflight = !strcmp(mode, "inflight"), m_control = !strcmp(mode, "control");
	/* crash: inflight, and while t1 is still in flight after t0's
	 * completion, syncfs (a log force, as any sync would do) and run
	 * $TORN_SNAP ITER (run.sh: copy the image, the "crash") */
	int m_crash = !strcmp(mode, "crash");
	/* crashctl: the same crash with no t0 (t1's first write held) */
	int m_crashctl = !strcmp(mode, "crashctl");
	if (m_crash || m_crashctl)
		m_inflight = 1;
	if (iters <= 0 || !(m_fault || m_nofault || m_inflight || m_control || m_crash || m_crashctl)) {
		fprintf(stderr, "torn: bad ITERS or MODE\n");
		return 2;
	}
	if (argc > 5 && !strcmp(argv[5], "trace"))
		trace_open();
	char *b0, *b1, *bi;
	if (posix_memalign((void **)&b0, BS, BS) || posix_memalign((void **)&b1, BS, 2 * BS) ||
	    posix_memalign((void **)&bi, BS, 2 * BS))
		return 1;
	memset(b0, 0xc0, BS);
	memset(b1, 0xb1, 2 * BS);
	memset(bi, 0xaa, 2 * BS);
	aio_context_t ctx = 0;
	if (syscall(SYS_io_setup, 8, &ctx)) {
		perror("io_setup");
		return 1;
	}
	/* miss (the held request not t0's CoW block) cannot be told without
	 * the CoW fork's map: always 0, kept for the SUMMARY line's format */
	int torn = 0, miss = 0;
	for (long it = 0; it < iters; it++) {
		char pa[512], pb[512];
		snprintf(pa, sizeof(pa), "%s/a%ld", dir, it);
		snprintf(pb, sizeof(pb), "%s/b%ld", dir, it);
		int fa = open(pa, O_RDWR | O_CREAT | O_TRUNC, 0644);
		if (fa < 0) { perror(pa); return 1; }
		struct fsxattr fx;
		if (ioctl(fa, FS_IOC_FSGETXATTR, &fx)) { perror("fsgetxattr"); return 1; }
		fx.fsx_xflags |= FS_XFLAG_COWEXTSIZE;
		fx.fsx_cowextsize = BS;
		if (ioctl(fa, FS_IOC_FSSETXATTR, &fx)) { perror("fssetxattr"); return 1; }
		if (pwrite(fa, bi, 2 * BS, 0) != 2 * BS || fsync(fa)) { perror("init"); return 1; }
		int fb = open(pb, O_RDWR | O_CREAT | O_TRUNC, 0644);
		if (fb < 0 || ioctl(fb, FICLONE, fa)) { perror("ficlone"); return 1; }
		close(fb);
		close(fa);
		syncfs(fa = open(dir, O_RDONLY));
		close(fa);
		int fd = open(pa, O_RDWR | O_DIRECT);
		if (fd < 0) { perror("open direct"); return 1; }
		struct iocb cb, *cbs[1] = { &cb };
		long long X = -1;
		int t0 = !m_control && !m_crashctl;
		marker("iter %ld %s start", it, mode);
		if (t0) {
			ctl_cmd("hold write once ms=0\n");
			memset(&cb, 0, sizeof(cb));
			cb.aio_fildes = (uint32_t)fd;
			cb.aio_lio_opcode = IOCB_CMD_PWRITE;
			cb.aio_buf = (uintptr_t)b0;
			cb.aio_nbytes = BS;
			cb.aio_offset = 0;
			marker("t0 submit");
			if (syscall(SYS_io_submit, ctx, 1, cbs) != 1) { perror("io_submit"); return 1; }
			if (wait_held(1, 5.0)) {
				fprintf(stderr, "iter %ld: t0's write was not held\n", it);
				return 1;
			}
			/* the held request is taken to be t0's (the trace
			 * confirms it): this kernel refuses XFS_IOC_GETBMAPX
			 * with BMV_IF_COWFORK (EINVAL, also from xfs_io bmap -c),
			 * so the CoW fork cannot be checked here */
			X = ctl_held();
		}
		char rule[256];
		if (m_fault || m_control) {
			if (X >= 0)
				snprintf(rule, sizeof(rule), "fail write skip=%lld+%d once\n", X, BS);
			else
				snprintf(rule, sizeof(rule), "fail write once\n");
			ctl_cmd(rule);
		} else if (m_crashctl) {
			ctl_cmd("hold write once ms=0\n");
		} else if (m_inflight) {
			snprintf(rule, sizeof(rule), "hold write skip=%lld+%d once ms=0\n", X, BS);
			ctl_cmd(rule);
		}
		struct t1arg a = { .fd = fd, .buf = b1 };
		pthread_t th;
		marker("t1 atomic start");
		pthread_create(&th, NULL, t1_thread, &a);
		char during[64] = "-";
		long long cow1 = -1;	/* the CoW fork is not readable, see above */
		long t0res = -999;
		if (m_inflight) {
			if (wait_held(t0 ? 2 : 1, 5.0))
				fprintf(stderr, "iter %ld: t1's write was not held\n", it);
			/* release t0 only: its seq is the first held one listed last */
			char buf[8192];
			ctl_status(buf, sizeof(buf));
			char cmd[64] = "";
			for (char *p = buf; (p = strstr(p, "held #")); p++) {
				long long seq = atoll(p + 6);
				char *o = strstr(p, "off=");
				if (o && atoll(o + 4) == X)
					snprintf(cmd, sizeof(cmd), "release %lld\n", seq);
			}
			if (t0) {
				marker("release t0");
				ctl_cmd(cmd);
				struct io_event ev;
				syscall(SYS_io_getevents, ctx, 1, 1, &ev, NULL);
				t0res = (long)ev.res;
			}
			read2(pa, BS, during);
			marker("read during t1: %s", during);
			if (m_crash || m_crashctl) {
				int dfd = open(dir, O_RDONLY);
				syncfs(dfd);
				close(dfd);
				char cmd[1024];
				snprintf(cmd, sizeof(cmd), "%s %ld", getenv("TORN_SNAP") ? getenv("TORN_SNAP") : "true", it);
				marker("snapshot: %s", cmd);
				if (system(cmd) != 0)
					fprintf(stderr, "iter %ld: snapshot command failed\n", it);
			}
			ctl_cmd("release all\n");
			pthread_join(th, NULL);
		} else {
			pthread_join(th, NULL);
			marker("t1 done ret=%zd errno=%d", a.ret, a.err);
			if (t0) {
				marker("release t0");
				ctl_cmd("release all\n");
				struct io_event ev;
				syscall(SYS_io_getevents, ctx, 1, 1, &ev, NULL);
				t0res = (long)ev.res;
			}
		}
		ctl_cmd("clear\n");
		close(fd);
		char da[64], db[64];
		read2(pa, BS, da);
		read2(pb, BS, db);
		marker("iter %ld read a: %s", it, da);
		int is_torn = (!strcmp(da, "b1 aa") || !strcmp(da, "aa b1"));
		int torn_during = (!strcmp(during, "b1 aa") || !strcmp(during, "aa b1"));
		torn += is_torn || torn_during;
		printf("RESULT iter=%ld mode=%s t1=%zd errno=%d(%s) t1_secs=%.3f t0=%ld cow0=%lld cow1=%lld during=[%s] a=[%s] b=[%s]%s\n",
		       it, mode, a.ret, a.err, a.err ? strerror(a.err) : "ok", a.secs, t0res,
		       X, cow1, during, da, db, is_torn ? " TORN" : torn_during ? " TORN-INFLIGHT" : "");
		fflush(stdout);
	}
	printf("SUMMARY mode=%s iters=%ld torn=%d miss=%d\n", mode, iters, torn, miss);
	return 0;
}
