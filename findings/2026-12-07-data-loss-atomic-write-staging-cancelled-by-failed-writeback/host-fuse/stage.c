/* stage: buffered writeback through an in-flight RWF_ATOMIC write's CoW
 * staging block fails; does the atomic write return success, torn?
 * On an XFS whose disk is a faultdisk (harness/kcheck/faultdisk).
 * See README.md in this directory.
 *
 * usage: stage DIR CTL ITERS BS FLUSH MODE [clone] [trace]
 *   BS     the file system's block size (2048 or 4096); page size 4096
 *   FLUSH  dwrite  a direct write of block 1 (flushes page 0 only if BS < page)
 *          fsync   fsync(2)
 *          range   sync_file_range(block 0, WAIT_BEFORE|WRITE|WAIT_AFTER)
 *   MODE   fault   the flush's write to the staging block fails (the finding)
 *          nofault nothing fails
 *          noatomic no atomic write; the flush's first data write fails
 *   clone  the file is cloned first (a reflink inode; its blocks shared)
 * Per iteration: file c<i>: block 0 = 0x11 (buffered, then flushed),
 * block 1 = 0x22 (direct); t2 = io_submit(O_DIRECT, 2 blocks of 0xb1 at 0,
 * RWF_ATOMIC), its bio's reply held; buffered write of 0xc3 over block 0;
 * the flush; release; wait for t2; read back with O_DIRECT.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/fs.h>
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

static long BS;

/* waits for a held request; returns its offset (and length), or -1 */
static long long wait_held(double secs, long long *len)
{
	double end = now() + secs;
	while (now() < end) {
		char buf[8192];
		if (ctl_status(buf, sizeof(buf)) > 0) {
			char *h = strstr(buf, "held #");
			if (h) {
				char *o = strstr(h, "off="), *l = strstr(h, "len=");
				if (o && l) {
					*len = atoll(l + 4);
					return atoll(o + 4);
				}
			}
		}
		usleep(1000);
	}
	return -1;
}

/* counts of the rule line's "fired N" (the last rule) */
static int ctl_fired(void)
{
	char buf[8192];
	if (ctl_status(buf, sizeof(buf)) < 0)
		return -1;
	int f = 0;
	for (char *p = buf; (p = strstr(p, "fired ")); p++)
		f += atoi(p + 6);
	return f;
}

int main(int argc, char **argv)
{
	if (argc < 7) {
		fprintf(stderr, "usage: stage DIR CTL ITERS BS dwrite|fsync|range fault|nofault|noatomic [clone] [trace]\n");
		return 2;
	}
	const char *dir = argv[1];
	ctl = argv[2];
	long iters = atol(argv[3]);
	BS = atol(argv[4]);
	const char *flush = argv[5], *mode = argv[6];
	int f_dwrite = !strcmp(flush, "dwrite"), f_fsync = !strcmp(flush, "fsync"),
	    f_range = !strcmp(flush, "range");
	int m_fault = !strcmp(mode, "fault"), m_nofault = !strcmp(mode, "nofault"),
	    m_noatomic = !strcmp(mode, "noatomic");
	int clone = 0;
	for (int i = 7; i < argc; i++) {
		if (!strcmp(argv[i], "clone"))
			clone = 1;
		else if (!strcmp(argv[i], "trace"))
			trace_open();
		else {
			fprintf(stderr, "stage: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (iters <= 0 || (BS != 2048 && BS != 4096) || !(f_dwrite || f_fsync || f_range) ||
	    !(m_fault || m_nofault || m_noatomic)) {
		fprintf(stderr, "stage: bad ITERS, BS, FLUSH or MODE\n");
		return 2;
	}
	unsigned char *b11, *b22, *bat, *bc3, *bd4;
	if (posix_memalign((void **)&b11, 4096, 4096) || posix_memalign((void **)&b22, 4096, 4096) ||
	    posix_memalign((void **)&bat, 4096, 8192) || posix_memalign((void **)&bc3, 4096, 4096) ||
	    posix_memalign((void **)&bd4, 4096, 4096))
		return 1;
	memset(b11, 0x11, 4096);
	memset(b22, 0x22, 4096);
	memset(bat, 0xb1, 8192);
	memset(bc3, 0xc3, 4096);
	memset(bd4, 0xd4, 4096);
	aio_context_t ctx = 0;
	if (syscall(SYS_io_setup, 8, &ctx)) {
		perror("io_setup");
		return 1;
	}
	int torn = 0, miss = 0;
	for (long it = 0; it < iters; it++) {
		char pc[512], pd[512];
		snprintf(pc, sizeof(pc), "%s/c%ld", dir, it);
		snprintf(pd, sizeof(pd), "%s/d%ld", dir, it);
		int fb = open(pc, O_RDWR | O_CREAT | O_TRUNC, 0644);
		int fd = open(pc, O_RDWR | O_DIRECT);
		if (fb < 0 || fd < 0) { perror(pc); return 1; }
		struct fsxattr fx;
		if (ioctl(fb, FS_IOC_FSGETXATTR, &fx)) { perror("fsgetxattr"); return 1; }
		fx.fsx_xflags |= FS_XFLAG_COWEXTSIZE;
		fx.fsx_cowextsize = (uint32_t)BS;
		if (ioctl(fb, FS_IOC_FSSETXATTR, &fx)) { perror("fssetxattr"); return 1; }
		/* step 1: block 0 buffered, block 1 direct (flushes block 0) */
		if (pwrite(fb, b11, BS, 0) != BS) { perror("w1"); return 1; }
		if (BS == 4096 && fsync(fb)) { perror("fsync1"); return 1; }
		if (pwrite(fd, b22, BS, BS) != BS) { perror("w2"); return 1; }
		if (fsync(fb)) { perror("fsync"); return 1; }
		if (clone) {
			int fc = open(pd, O_RDWR | O_CREAT | O_TRUNC, 0644);
			if (fc < 0 || ioctl(fc, FICLONE, fb)) { perror("ficlone"); return 1; }
			close(fc);
		}
		int dfd = open(dir, O_RDONLY);
		syncfs(dfd);
		close(dfd);
		marker("iter %ld %s %s start", it, flush, mode);
		long long X = -1, hlen = 0;
		struct iocb cb, *cbs[1] = { &cb };
		if (!m_noatomic) {
			ctl_cmd("hold write once ms=0\n");
			memset(&cb, 0, sizeof(cb));
			cb.aio_fildes = (uint32_t)fd;
			cb.aio_lio_opcode = IOCB_CMD_PWRITE;
			cb.aio_buf = (uintptr_t)bat;
			cb.aio_nbytes = (uint64_t)(2 * BS);
			cb.aio_offset = 0;
			cb.aio_rw_flags = RWF_ATOMIC;
			marker("t2 atomic submit");
			if (syscall(SYS_io_submit, ctx, 1, cbs) != 1) { perror("io_submit atomic"); return 1; }
			X = wait_held(5.0, &hlen);
			if (X < 0) {
				fprintf(stderr, "iter %ld: the atomic write was not held\n", it);
				return 1;
			}
		}
		/* step 3: buffered write over block 0 */
		marker("t0 buffered write block 0");
		if (pwrite(fb, bc3, BS, 0) != BS) { perror("w3"); return 1; }
		char rule[128];
		if (m_fault) {
			snprintf(rule, sizeof(rule), "fail write range=%lld+%ld once\n", X, BS);
			ctl_cmd(rule);
		} else if (m_noatomic)
			ctl_cmd("fail write once\n");
		/* step 4: the flush */
		marker("flush %s", flush);
		ssize_t fr;
		int ferr;
		if (f_dwrite)
			fr = pwrite(fd, bd4, BS, BS);
		else if (f_fsync)
			fr = fsync(fb);
		else
			fr = sync_file_range(fb, 0, BS, SYNC_FILE_RANGE_WAIT_BEFORE |
					     SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
		ferr = fr < 0 ? errno : 0;
		int fired = ctl_fired();
		marker("flush ret=%zd errno=%d fired=%d", fr, ferr, fired);
		ctl_cmd("clear\n");
		long ares = -999;
		if (!m_noatomic) {
			marker("release t2");
			ctl_cmd("release all\n");
			struct io_event ev;
			syscall(SYS_io_getevents, ctx, 1, 1, &ev, NULL);
			ares = (long)ev.res;
			marker("t2 done res=%ld", ares);
		}
		/* a second fsync: the error was reported once */
		int f2 = fsync(fb);
		if (f2)
			f2 = -errno;
		close(fb);
		close(fd);
		char dc[64], dd[64] = "-";
		read2(pc, BS, dc);
		if (clone)
			read2(pd, BS, dd);
		marker("iter %ld read c: %s", it, dc);
		/* torn: the atomic write succeeded, one block holds its data
		 * and the other what was there before it (0x11, 0x22); 0xc3
		 * and 0xd4 are later writes, legitimately over it */
		int old0 = !strncmp(dc, "11", 2), old1 = !strcmp(dc + 3, "22");
		int is_torn = !m_noatomic && ares == 2 * BS &&
			      ((!strncmp(dc, "b1", 2) && old1) || (old0 && !strcmp(dc + 3, "b1")));
		if (m_fault && fired < 2)
			miss++;
		torn += is_torn;
		printf("RESULT iter=%ld flush=%s mode=%s%s held=%lld+%lld flush_ret=%zd errno=%d(%s) fired=%d atomic=%ld fsync2=%d c=[%s] d=[%s]%s\n",
		       it, flush, mode, clone ? " clone" : "", X, hlen, fr, ferr,
		       ferr ? strerror(ferr) : "ok", fired, ares, f2, dc, dd,
		       is_torn ? " TORN" : "");
		fflush(stdout);
	}
	printf("SUMMARY bs=%ld flush=%s mode=%s%s iters=%ld torn=%d nofire=%d\n", BS, flush, mode,
	       clone ? " clone" : "", iters, torn, miss);
	return 0;
}
