// SPDX-License-Identifier: GPL-2.0
/*
 * A cowfuzz scenario as a program for a real kernel.
 *
 * This file is the runtime half of every reproducer `cowfuzz reproduce`
 * writes; the generator inserts the scenario's tables at the SCENARIO
 * marker below.  It needs only libc, pthreads and the kernel's uapi
 * headers (no libaio, no xfsprogs headers): cc -O2 -pthread repro.c.
 *
 * The scenario's tasks are threads.  Its lines are issued in order: a line
 * is posted to its task's thread and the main thread waits until it
 * returns, or, where the scenario has the line stop in the kernel, only as
 * long as it takes to get there.  What holds a race window open:
 *   - a pause at map_blocks.delay or write_iomap.begin_done: the XFS debug
 *     error tags wb_delay_ms / write_delay_ms (--errortag DIR, debug
 *     kernels only), set while the line starts and cleared right after;
 *   - I/O completions: a device-mapper delay target under XFS, set up by
 *     whoever runs this (--hold-ms says how long it holds each I/O);
 *   - `fault: eio`: a window in which writes fail, opened by the command
 *     --fault-on CMD before the line and closed by --fault-off CMD (set up
 *     by whoever runs this): under device-mapper every write to the data
 *     device fails (a flakey target with error_writes, the log on its own
 *     device); on the host, the small tmpfs holding the image is filled, so
 *     writes into blocks never written before fail.  It closes once the
 *     line has returned and its writeback has ended, before the next line
 *     that does I/O of its own, or at the drain.
 * Every other pause has no counterpart on a real kernel: the line is
 * started and the next one follows at once (a few microseconds later,
 * varied per try), and the program says so at the start.
 *
 * After the lines it drains (every task returns, AIO reaped, writeback
 * waited for, the store emptied, fsync, syncfs, drop_caches) and reads the
 * three files back from disk.  Each block must hold one of the values the
 * cowfuzz reference model allows for it on the fixed profile; the kernel
 * log must show no XFS assertion, internal error or WARNING.
 *
 * usage: repro DIR [--tries N] [--fault-on CMD --fault-off CMD]
 *              [--errortag DIR] [--hold-ms N] [--pause-ms N] [-v]
 * The last line is `reproduced K/N on RELEASE` (exit 0) or
 * `not reproduced 0/N on RELEASE` (exit 1); 2 bad usage; 3 the environment
 * failed (a syscall the set-up needs, a hung line, the file system shut
 * down), with what was measured until then.  A failure after a try has
 * reproduced still ends with `reproduced K/N` and exit 0: the tries that
 * completed decided it (the host's fault window can shut the file system
 * down when a log write lands in it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <linux/aio_abi.h>
#include <linux/fs.h>
#include <linux/falloc.h>
#include <linux/fiemap.h>

enum rp_task { RP_T0, RP_T1, RP_T2, RP_T3, RP_WB, RP_ENDIO, RP_DIOEND, RP_GC, RP_NTASKS };
static const char *const rp_task_name[RP_NTASKS] = {
	"t0", "t1", "t2", "t3", "wb", "endio", "dioend", "gc",
};

enum rp_kind {
	RP_WRITE, RP_DWRITE, RP_FSYNC, RP_SYNC_RANGE, RP_WRITEBACK, RP_REFLINK,
	RP_TRUNCATE, RP_PUNCH, RP_ALWAYS_COW, RP_DROP_CACHES, RP_WAIT, RP_READ,
	RP_ENDIO_COMPLETE, RP_DIOEND_COMPLETE, RP_RECLAIM, RP_RESUME,
	RP_UNSHARE,	/* the extended opcodes follow RP_RESUME, as in cowfuzz.h */
};

enum rp_init { RP_INIT_NONE, RP_INIT_WRITTEN, RP_INIT_CLONE };

/* One scenario line.  Offsets and lengths in bytes. */
struct rp_step {
	unsigned	line;		/* in the scenario file */
	const char	*text;		/* the scenario line */
	enum rp_task	task;
	enum rp_kind	kind;
	unsigned	ino, ino2;	/* reflink: source, destination */
	uint64_t	off, len, off2;	/* reflink len 0: to the source's EOF */
	uint8_t		byte;		/* what a write puts in every byte */
	int		async;		/* dwrite: io_submit, reaped later */
	int		atomic;		/* dwrite: RWF_ATOMIC (all or nothing) */
	int		count;		/* complete: how many (0: all) */
	int		pause;		/* the scenario stops the line inside */
	int		nth;		/* ... the nth time it gets there (0: 1st) */
	const char	*knob;		/* error tag that holds it, or NULL */
	int		fault_eio;	/* new blocks fail while it runs */
};

/* The values a block may hold at the end (n == 0: any). */
#define RP_ALLOW_MAX	16
struct rp_allow {
	unsigned	ino, blk;
	unsigned	n;
	uint8_t		bytes[RP_ALLOW_MAX];
};

struct rp_size {
	unsigned	ino;
	unsigned	n;
	uint64_t	bytes[2];
};

struct rp_geometry {
	unsigned	bs;
	unsigned	cowextsize;	/* blocks */
	enum rp_init	init;
	unsigned	init_blocks;
};

#define RP_NINODES	3

/* SCENARIO: the generator puts rp_name, rp_geo, rp_steps, rp_allows,
 * rp_sizes, rp_freeze_after and rp_notes here. */

#define RP_NSTEPS	(sizeof(rp_steps) / sizeof(rp_steps[0]))
#define RP_NALLOWS	(sizeof(rp_allows) / sizeof(rp_allows[0]))
#define RP_NSIZES	(sizeof(rp_sizes) / sizeof(rp_sizes[0]))
#define RP_MAX_AIO	64

static struct {
	const char	*dir;
	int		tries;
	const char	*fault_on, *fault_off;
	const char	*errortag;
	unsigned	hold_ms;
	unsigned	pause_ms;
	int		verbose;
} opt = { .tries = 100, .pause_ms = 1000 };

/* State of one try, shared by the task threads under rp_mu. */
static pthread_mutex_t rp_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t rp_cv = PTHREAD_COND_INITIALIZER;
static struct rp_taskctl {
	pthread_t		th;
	const struct rp_step	*step;		/* posted, not yet taken */
	int			nsteps;		/* ... and the lines after it */
	const struct rp_step	*running;	/* being run */
	uint8_t			*buf;
} rp_tasks[RP_NTASKS];
static int rp_quit;

static struct {
	char		dir[4096];
	int		fd[RP_NINODES];
	int		dfd[RP_NINODES];	/* O_DIRECT */
	aio_context_t	aio;
	int		aio_inflight;
	int		faulting;		/* the fault window is open */
	const struct rp_step *fault_step;	/* the line that opened it */
	int		fault_lines;		/* fault lines issued */
	int		reported[RP_NINODES + 1];	/* an error reached a caller */
	char		first_diff[512];
} rp;

/* A file no later line changes, as it read then (rp_freeze_after). */
static struct {
	int		taken;
	const char	*after;		/* "the start" or the step's text */
	unsigned	line;
	off_t		size;
	uint8_t		*data;
} rp_frozen[RP_NINODES];

static int rp_kmsg = -1;
static int rp_done, rp_reproduced;	/* tries so far, for an early stop */
static uint8_t *rp_stepbuf[256];	/* an async line's buffer, by step */

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void die(int code, const char *fmt, ...)
{
	va_list ap;

	printf("repro: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (code == 3)
		printf(" (stopped after %d tries, %d of them reproduced)", rp_done,
		       rp_reproduced);
	putchar('\n');
	if (code == 3 && rp_reproduced) {
		struct utsname u;

		uname(&u);
		say("reproduced %d/%d on %s", rp_reproduced, rp_done, u.release);
		code = 0;
	}
	fflush(stdout);
	exit(code);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void deadline_in(struct timespec *ts, unsigned ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000;
	if (ts->tv_nsec >= 1000000000) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

static void sleep_us(unsigned us)
{
	struct timespec ts = { .tv_sec = us / 1000000, .tv_nsec = (long)(us % 1000000) * 1000 };

	nanosleep(&ts, NULL);
}

/* ---- the kernel's knobs ------------------------------------------------ */

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		rc = -errno;
	close(fd);
	return rc;
}

static void set_knob(const char *knob, unsigned value)
{
	char path[4096], val[32];

	snprintf(path, sizeof(path), "%s/%s", opt.errortag, knob);
	snprintf(val, sizeof(val), "%u", value);
	if (write_text(path, val))
		die(3, "cannot set error tag %s: %s", path, strerror(errno));
}

/* Does this kernel have the error tag (wb_delay_ms is 6.2+)? */
static int knob_present(const char *knob)
{
	char path[4096];

	if (!opt.errortag || !knob)
		return 0;
	snprintf(path, sizeof(path), "%s/%s", opt.errortag, knob);
	return access(path, W_OK) == 0;
}

static int drop_caches(const char *what)
{
	return write_text("/proc/sys/vm/drop_caches", what);
}

static void run_cmd(const char *what, const char *cmd)
{
	int rc = system(cmd);

	if (rc != 0)
		die(3, "%s: '%s' failed (status %d)", what, cmd, rc);
}

static void fault_open(const struct rp_step *s)
{
	if (!rp.faulting)
		run_cmd("--fault-on", opt.fault_on);
	rp.faulting = 1;
	rp.fault_step = s;
	rp.fault_lines++;
}

/*
 * Wait until no page is under writeback, without touching any file's error
 * state: sync_file_range(WAIT_BEFORE) would report and clear the error a
 * failed writeback left (AS_EIO), which the scenario's next line may be
 * the one to see.  The machine-wide Writeback counter of /proc/meminfo
 * drops to zero once every ioend has completed (under UML ours is the only
 * I/O; on a host a busy disk only makes this wait longer).
 */
static void wait_writeback_quiet(unsigned ms)
{
	uint64_t until = now_ms() + ms;
	char line[256];

	for (;;) {
		FILE *f = fopen("/proc/meminfo", "r");
		long kb = -1;

		while (f && fgets(line, sizeof(line), f))
			if (sscanf(line, "Writeback: %ld kB", &kb) == 1)
				break;
		if (f)
			fclose(f);
		if (kb <= 0 || now_ms() > until)
			return;
		sleep_us(2000);
	}
}

/* The fault line has returned and its writeback ended: writes work again. */
static void fault_close(void)
{
	if (!rp.faulting)
		return;
	wait_writeback_quiet(60000);
	run_cmd("--fault-off", opt.fault_off);
	rp.faulting = 0;
}

/* The kernel log since the last call: the first XFS complaint, if any. */
static int kmsg_complaint(char *out, size_t cap)
{
	static const char *const bad[] = {
		"Assertion failed", "Internal error", "Corruption", "WARNING:",
		"BUG:", "shut down", "Shutting down",
	};
	char rec[2048];
	ssize_t n;
	int found = 0;

	if (rp_kmsg < 0)
		return 0;
	while ((n = read(rp_kmsg, rec, sizeof(rec) - 1)) != 0) {
		if (n < 0) {
			if (errno == EPIPE)
				continue;	/* overwritten records: go on */
			break;			/* EAGAIN: nothing more */
		}
		rec[n] = 0;
		char *msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		msg[strcspn(msg, "\n")] = 0;
		if (found || strstr(msg, "Injecting"))
			continue;
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			if (strstr(msg, bad[i])) {
				snprintf(out, cap, "%.*s", (int)cap - 1, msg);
				found = 1;
				break;
			}
		}
	}
	return found;
}

/* ---- one line ------------------------------------------------------------ */

static int write_all(int fd, const uint8_t *buf, size_t n, off_t off)
{
	while (n) {
		ssize_t w = pwrite(fd, buf, n, off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		buf += w;
		n -= (size_t)w;
		off += w;
	}
	return 0;
}

#ifndef RWF_ATOMIC
#define RWF_ATOMIC	0x00000040	/* include/uapi/linux/fs.h, 6.11 */
#endif

/* pwritev2(RWF_ATOMIC): one iovec, and no short count to continue from */
static int atomic_write(int fd, uint8_t *buf, size_t n, off_t off)
{
	struct iovec iov = { .iov_base = buf, .iov_len = n };
	ssize_t w;

	do {
		w = pwritev2(fd, &iov, 1, off, RWF_ATOMIC);
	} while (w < 0 && errno == EINTR);
	if (w < 0)
		return -errno;
	return (size_t)w == n ? 0 : -EIO;
}

static int aio_submit_write(const struct rp_step *s, uint8_t *buf)
{
	struct iocb cb = {
		.aio_rw_flags = s->atomic ? RWF_ATOMIC : 0,
		.aio_lio_opcode = IOCB_CMD_PWRITE,
		.aio_fildes = (uint32_t)rp.dfd[s->ino - 1],
		.aio_buf = (uint64_t)(uintptr_t)buf,
		.aio_nbytes = s->len,
		.aio_offset = (int64_t)s->off,
		.aio_data = s->ino,
	};
	struct iocb *cbs[1] = { &cb };

	/* the buffer stays in use until reaped: each async line gets its own */
	if (syscall(SYS_io_submit, rp.aio, 1, cbs) != 1)
		return -errno;
	pthread_mutex_lock(&rp_mu);
	rp.aio_inflight++;
	pthread_mutex_unlock(&rp_mu);
	return 0;
}

/* Reap up to want completions (0: all in flight); waits up to ms. */
static int aio_reap(int want, unsigned ms)
{
	struct io_event ev[RP_MAX_AIO];
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 };
	int n;

	pthread_mutex_lock(&rp_mu);
	if (!want || want > rp.aio_inflight)
		want = rp.aio_inflight;
	pthread_mutex_unlock(&rp_mu);
	if (!want)
		return 0;
	n = (int)syscall(SYS_io_getevents, rp.aio, want, want, ev, &ts);
	if (n < 0)
		return -errno;
	pthread_mutex_lock(&rp_mu);
	rp.aio_inflight -= n;
	for (int i = 0; i < n; i++) {
		if (ev[i].res < 0 && ev[i].data <= RP_NINODES)
			rp.reported[ev[i].data] = 1;
	}
	pthread_mutex_unlock(&rp_mu);
	return n < want ? -ETIMEDOUT : 0;
}


static int do_reclaim(int fd)
{
	/* XFS_IOC_FREE_EOFBLOCKS: the blockgc scan, CoW blocks included */
	struct {
		uint32_t version, flags, uid, gid, prid, pad32;
		uint64_t min_file_size, pad64[12];
	} eofb = { .version = 1, .flags = 1 /* SYNC */ };

	return ioctl(fd, _IOR('X', 58, eofb), &eofb) ? -errno : 0;
}

static int run_step_errno(const struct rp_step *s, uint8_t *buf);

/* An error a line returns has reached a caller: the fault was reported. */
static int run_step(const struct rp_step *s, uint8_t *buf)
{
	int rc = run_step_errno(s, buf);

	if (rc < 0 && s->ino >= 1 && s->ino <= RP_NINODES) {
		pthread_mutex_lock(&rp_mu);
		rp.reported[s->ino] = 1;
		pthread_mutex_unlock(&rp_mu);
	}
	return rc;
}

static int run_step_errno(const struct rp_step *s, uint8_t *buf)
{
	int fd = s->ino >= 1 && s->ino <= RP_NINODES ? rp.fd[s->ino - 1] : -1;

	switch (s->kind) {
	case RP_WRITE:
		memset(buf, s->byte, s->len);
		return write_all(fd, buf, s->len, (off_t)s->off);
	case RP_DWRITE:
		memset(buf, s->byte, s->len);
		if (s->async)
			return aio_submit_write(s, buf);
		if (s->atomic)
			return atomic_write(rp.dfd[s->ino - 1], buf, s->len, (off_t)s->off);
		return write_all(rp.dfd[s->ino - 1], buf, s->len, (off_t)s->off);
	case RP_FSYNC:
		return fsync(fd) ? -errno : 0;
	case RP_SYNC_RANGE:
		return sync_file_range(fd, (off_t)s->off, (off_t)s->len,
				       SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
				       SYNC_FILE_RANGE_WAIT_AFTER) ? -errno : 0;
	case RP_WRITEBACK:
		/* WB_SYNC_NONE: starts the writeback and returns */
		return sync_file_range(fd, (off_t)s->off, (off_t)s->len,
				       SYNC_FILE_RANGE_WRITE) ? -errno : 0;
	case RP_REFLINK: {
		struct file_clone_range fcr = {
			.src_fd = rp.fd[s->ino - 1],
			.src_offset = s->off,
			.src_length = s->len,
			.dest_offset = s->off2,
		};
		return ioctl(rp.fd[s->ino2 - 1], FICLONERANGE, &fcr) ? -errno : 0;
	}
	case RP_TRUNCATE:
		return ftruncate(fd, (off_t)s->off) ? -errno : 0;
	case RP_PUNCH:
		return fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				 (off_t)s->off, (off_t)s->len) ? -errno : 0;
	case RP_UNSHARE:
		return fallocate(fd, FALLOC_FL_UNSHARE_RANGE,
				 (off_t)s->off, (off_t)s->len) ? -errno : 0;
	case RP_DROP_CACHES:
		return drop_caches("1");
	case RP_WAIT:
		return sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WAIT_BEFORE) ? -errno : 0;
	case RP_READ: {
		ssize_t n = pread(fd, buf, s->len, (off_t)s->off);
		return n < 0 ? -errno : 0;
	}
	case RP_ENDIO_COMPLETE:
		/* the completions ran: the errors stay for the lines to see */
		wait_writeback_quiet(60000);
		return 0;
	case RP_DIOEND_COMPLETE:
		return aio_reap(s->count, 60000);
	case RP_RECLAIM:
		return do_reclaim(rp.fd[0]);
	case RP_ALWAYS_COW:
	case RP_RESUME:
		return 0;
	}
	return 0;
}

static void *task_main(void *arg)
{
	struct rp_taskctl *t = arg;

	pthread_mutex_lock(&rp_mu);
	for (;;) {
		while (!t->step && !rp_quit)
			pthread_cond_wait(&rp_cv, &rp_mu);
		if (rp_quit)
			break;
		const struct rp_step *first = t->step;
		int nsteps = t->nsteps;
		t->step = NULL;
		t->running = first;
		pthread_mutex_unlock(&rp_mu);
		for (const struct rp_step *s = first; s < first + nsteps; s++) {
			/* an async write's buffer lives until the drain: its own */
			uint8_t *buf = s->kind == RP_DWRITE && s->async ?
				       rp_stepbuf[s - rp_steps] : t->buf;
			int rc = run_step(s, buf);

			if (opt.verbose)
				say("  line %u (%s) returned %d%s%s", s->line,
				    rp_task_name[s->task], rc, rc ? " " : "",
				    rc ? strerror(-rc) : "");
		}
		pthread_mutex_lock(&rp_mu);
		t->running = NULL;
		pthread_cond_broadcast(&rp_cv);
	}
	pthread_mutex_unlock(&rp_mu);
	return NULL;
}

/* Wait until the task has returned from its line; 0, or -1 after ms. */
static int task_wait_idle(enum rp_task task, unsigned ms)
{
	struct rp_taskctl *t = &rp_tasks[task];
	struct timespec dl;
	int rc = 0;

	deadline_in(&dl, ms);
	pthread_mutex_lock(&rp_mu);
	while ((t->step || t->running) && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&rp_cv, &rp_mu, &dl);
	rc = t->step || t->running ? -1 : 0;
	pthread_mutex_unlock(&rp_mu);
	return rc;
}

static void task_post(const struct rp_step *s, int nsteps)
{
	pthread_mutex_lock(&rp_mu);
	rp_tasks[s->task].nsteps = nsteps;
	rp_tasks[s->task].step = s;
	pthread_cond_broadcast(&rp_cv);
	pthread_mutex_unlock(&rp_mu);
}

/* ---- one try --------------------------------------------------------------- */

static void set_cowextsize(int fd, unsigned bytes)
{
	struct fsxattr fa;

	if (ioctl(fd, FS_IOC_FSGETXATTR, &fa))
		die(3, "FS_IOC_FSGETXATTR: %s", strerror(errno));
	fa.fsx_xflags |= FS_XFLAG_COWEXTSIZE;
	fa.fsx_cowextsize = bytes;
	if (ioctl(fd, FS_IOC_FSSETXATTR, &fa))
		die(3, "setting the CoW extent size hint: %s", strerror(errno));
}

static void try_setup(int n)
{
	char path[4200];
	uint8_t *buf = rp_tasks[RP_T0].buf;

	memset(&rp, 0, sizeof(rp));
	snprintf(rp.dir, sizeof(rp.dir), "%s/try-%d", opt.dir, n);
	if (mkdir(rp.dir, 0700))
		die(3, "%s: %s", rp.dir, strerror(errno));
	for (int i = 0; i < RP_NINODES; i++) {
		snprintf(path, sizeof(path), "%s/ino%d", rp.dir, i + 1);
		rp.fd[i] = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (rp.fd[i] < 0)
			die(3, "%s: %s", path, strerror(errno));
		set_cowextsize(rp.fd[i], rp_geo.cowextsize * rp_geo.bs);
		rp.dfd[i] = open(path, O_RDWR | O_DIRECT | O_CLOEXEC);
		if (rp.dfd[i] < 0)
			die(3, "%s (O_DIRECT): %s", path, strerror(errno));
	}
	if (rp_geo.init != RP_INIT_NONE) {
		size_t len = (size_t)rp_geo.init_blocks * rp_geo.bs;

		/* init: ino1 written with 0x01, on disk, clean, not cached */
		memset(buf, 0x01, len);
		if (write_all(rp.fd[0], buf, len, 0) || fsync(rp.fd[0]))
			die(3, "init write of ino1: %s", strerror(errno));
		if (rp_geo.init == RP_INIT_CLONE && ioctl(rp.fd[1], FICLONE, rp.fd[0]))
			die(3, "init clone ino1 -> ino2: %s", strerror(errno));
		posix_fadvise(rp.fd[0], 0, 0, POSIX_FADV_DONTNEED);
		posix_fadvise(rp.fd[1], 0, 0, POSIX_FADV_DONTNEED);
	}
	if (syscall(SYS_io_setup, RP_MAX_AIO, &rp.aio))
		die(3, "io_setup: %s", strerror(errno));
}

static void try_teardown(void)
{
	char path[4200];

	syscall(SYS_io_destroy, rp.aio);
	for (int i = 0; i < RP_NINODES; i++) {
		close(rp.fd[i]);
		close(rp.dfd[i]);
		snprintf(path, sizeof(path), "%s/ino%d", rp.dir, i + 1);
		unlink(path);
	}
	rmdir(rp.dir);
}


static void freeze(unsigned ino, const struct rp_step *after)
{
	struct stat st;
	ssize_t n;

	rp_frozen[ino - 1].taken = 0;
	if (fstat(rp.fd[ino - 1], &st) || st.st_size > 256 * 4096)
		return;
	n = st.st_size ? pread(rp.fd[ino - 1], rp_frozen[ino - 1].data, (size_t)st.st_size, 0) : 0;
	if (n != st.st_size)
		return;
	rp_frozen[ino - 1] = (__typeof__(rp_frozen[0])){ 1, after ? after->text : "the start",
		after ? after->line : 0, st.st_size, rp_frozen[ino - 1].data };
}

/* Does the line send I/O of its own (the fault window must not hit it)? */
static int does_io(const struct rp_step *s)
{
	switch (s->kind) {
	case RP_DWRITE: case RP_FSYNC: case RP_SYNC_RANGE: case RP_WRITEBACK:
	case RP_REFLINK: case RP_TRUNCATE: case RP_PUNCH: case RP_READ:
	case RP_RECLAIM: case RP_UNSHARE:
		return 1;
	default:
		return 0;
	}
}

/* A line main must stand beside: a pause, a fault window, a resume. */
static int held_or_faulting(const struct rp_step *s)
{
	return s->pause || s->knob || s->fault_eio || s->kind == RP_RESUME || rp.faulting;
}

/* Issue every line in order. */
static void run_lines(int n)
{
	/* a line the kernel has no way to stop inside: the next line follows
	 * after this long, varied per try so that repetition covers timings */
	unsigned jitter_us = (unsigned)(n * 7919) % 400;
	unsigned block_ms = 1000 + 20 * opt.hold_ms;

	for (unsigned ino = 1; ino <= RP_NINODES; ino++)
		if (rp_freeze_after[ino - 1] == -1)
			freeze(ino, NULL);
		else
			rp_frozen[ino - 1].taken = 0;
	for (size_t i = 0; i < RP_NSTEPS; i++) {
		const struct rp_step *s = &rp_steps[i];
		size_t last = i;

		/*
		 * Lines of one task in a row run back to back in its thread (the
		 * next one waits for the last anyway): a hand-off through this
		 * thread between an io_submit and the next syscall would let the
		 * I/O complete first and close the very window the lines race in.
		 */
		while (!held_or_faulting(s) && last + 1 < RP_NSTEPS &&
		       rp_steps[last + 1].task == s->task &&
		       rp_steps[last + 1].kind != RP_RESUME &&
		       !held_or_faulting(&rp_steps[last + 1]))
			last++;
		for (size_t k = i; k <= last && opt.verbose; k++)
			say(" line %u: %s", rp_steps[k].line, rp_steps[k].text);
		/* an earlier line still running on this task finishes first */
		if (task_wait_idle(s->task, 60000))
			die(3, "try %d: line %u: %s's earlier line did not return in 60 s "
			    "(hung in the kernel?)", n, s->line, rp_task_name[s->task]);
		if (s->kind == RP_RESUME)
			continue;
		if (rp.faulting && does_io(s) &&
		    !task_wait_idle(rp.fault_step->task, 0))
			fault_close();
		if (s->fault_eio && opt.fault_on)
			fault_open(s);
		int held = knob_present(s->knob);
		if (held)
			set_knob(s->knob, opt.pause_ms);
		task_post(s, (int)(last - i + 1));
		if (held) {
			/* long enough to reach the delay (the nth: every one before
			 * it sleeps its full time too); it sleeps its full time */
			sleep_us(s->nth > 1 ? ((s->nth - 1) * opt.pause_ms + opt.pause_ms / 2) * 1000u
					    : 50000);
			set_knob(s->knob, 0);
		} else if (s->pause) {
			sleep_us(jitter_us);
		} else {
			(void)task_wait_idle(s->task, block_ms);	/* or it blocks */
		}
		for (unsigned ino = 1; ino <= RP_NINODES; ino++)
			for (size_t k = i; k <= last; k++)
				if (rp_freeze_after[ino - 1] == (int)k &&
				    !task_wait_idle(s->task, 0))
					freeze(ino, &rp_steps[k]);
		i = last;
	}
}

static const char *byte_name(uint8_t b, char *buf, size_t cap)
{
	if (b == 0)
		return "zeroes";
	if (b == 1)
		return "the initial data";
	for (size_t i = 0; i < RP_NSTEPS; i++)
		if ((rp_steps[i].kind == RP_WRITE || rp_steps[i].kind == RP_DWRITE) &&
		    rp_steps[i].byte == b) {
			snprintf(buf, cap, "line %u's data", rp_steps[i].line);
			return buf;
		}
	return "data no line wrote";
}

static void note_diff(const char *fmt, ...)
{
	va_list ap;

	if (rp.first_diff[0])
		return;
	va_start(ap, fmt);
	vsnprintf(rp.first_diff, sizeof(rp.first_diff), fmt, ap);
	va_end(ap);
}

static void check_block(unsigned ino, unsigned blk, const uint8_t *p, size_t len)
{
	const struct rp_allow *a = NULL;
	char nb[64], list[512] = "";
	size_t used = 0;

	for (size_t i = 0; i < len; i++) {
		if (p[i] != p[0]) {
			note_diff("ino %u block %u: bytes differ inside the block (0x%02x at 0, "
				  "0x%02x at %zu): a torn block", ino, blk, p[0], p[i], i);
			return;
		}
	}
	for (size_t i = 0; i < RP_NALLOWS; i++)
		if (rp_allows[i].ino == ino && rp_allows[i].blk == blk)
			a = &rp_allows[i];
	if (!a) {
		/* past every size the model allows: must read zeroes */
		if (p[0])
			note_diff("ino %u block %u holds 0x%02x (%s) where the model has no "
				  "data", ino, blk, p[0], byte_name(p[0], nb, sizeof(nb)));
		return;
	}
	if (!a->n)
		return;
	for (unsigned i = 0; i < a->n; i++) {
		if (a->bytes[i] == p[0])
			return;
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s0x%02x (%s)",
					 i ? ", " : "", a->bytes[i],
					 byte_name(a->bytes[i], nb, sizeof(nb)));
		if (used >= sizeof(list))
			break;
	}
	char got[64];
	note_diff("ino %u block %u holds 0x%02x (%s); allowed: %s", ino, blk, p[0],
		  byte_name(p[0], got, sizeof(got)), list);
}

/* -v: where each extent of a file lies and whether FIEMAP calls it shared. */
static void show_extents(unsigned ino)
{
	struct {
		struct fiemap		fm;
		struct fiemap_extent	ext[32];
	} m = { .fm = { .fm_length = ~0ull, .fm_flags = FIEMAP_FLAG_SYNC,
			.fm_extent_count = 32 } };

	if (ioctl(rp.fd[ino - 1], FS_IOC_FIEMAP, &m.fm)) {
		say("  ino %u: FIEMAP: %s", ino, strerror(errno));
		return;
	}
	for (unsigned i = 0; i < m.fm.fm_mapped_extents; i++)
		say("  ino %u: [%llu, +%llu) at byte %llu%s%s", ino,
		    (unsigned long long)(m.ext[i].fe_logical / rp_geo.bs),
		    (unsigned long long)(m.ext[i].fe_length / rp_geo.bs),
		    (unsigned long long)m.ext[i].fe_physical,
		    m.ext[i].fe_flags & FIEMAP_EXTENT_SHARED ? " shared" : "",
		    m.ext[i].fe_flags & FIEMAP_EXTENT_UNWRITTEN ? " unwritten" : "");
}

/* Drain as the cowfuzz drain does, read the files back, compare. */
static int drain_and_check(int n)
{
	uint8_t *buf = rp_tasks[RP_T0].buf;
	char kmsg[512];

	for (size_t i = 0; i < RP_NSTEPS; i++)
		if (knob_present(rp_steps[i].knob))
			set_knob(rp_steps[i].knob, 0);
	for (int t = 0; t < RP_NTASKS; t++)
		if (task_wait_idle((enum rp_task)t, 60000))
			die(3, "try %d: %s's line did not return in 60 s (hung in the kernel?)",
			    n, rp_task_name[t]);
	if (aio_reap(0, 60000))
		die(3, "try %d: AIO completions did not arrive in 60 s", n);
	/* the failing I/O must have failed before writes work again */
	fault_close();
	for (int i = 0; i < RP_NINODES; i++)
		if (fsync(rp.fd[i]))
			rp.reported[i + 1] = 1;
	(void)syncfs(rp.fd[0]);		/* reports the fault once more, or not */
	if (drop_caches("3"))
		die(3, "try %d: drop_caches: %s", n, strerror(errno));

	for (unsigned ino = 1; ino <= RP_NINODES; ino++) {
		struct stat st;
		int ok_size = 0;

		if (fstat(rp.fd[ino - 1], &st))
			die(3, "fstat: %s", strerror(errno));
		if (opt.verbose)
			show_extents(ino);
		for (size_t i = 0; i < RP_NSIZES; i++)
			if (rp_sizes[i].ino == ino)
				for (unsigned k = 0; k < rp_sizes[i].n; k++)
					ok_size |= rp_sizes[i].bytes[k] == (uint64_t)st.st_size;
		if (!ok_size)
			note_diff("ino %u is %lld bytes long; the model allows %llu",
				  ino, (long long)st.st_size,
				  (unsigned long long)rp_sizes[ino - 1].bytes[0]);
		for (uint64_t off = 0; off < (uint64_t)st.st_size; off += rp_geo.bs) {
			size_t want = (uint64_t)st.st_size - off < rp_geo.bs ?
				      (size_t)((uint64_t)st.st_size - off) : rp_geo.bs;
			ssize_t got = pread(rp.fd[ino - 1], buf, want, (off_t)off);

			if (got != (ssize_t)want) {
				note_diff("ino %u: reading block %llu failed: %s", ino,
					  (unsigned long long)(off / rp_geo.bs),
					  got < 0 ? strerror(errno) : "short read");
				break;
			}
			if (opt.verbose)
				say("  ino %u block %llu reads 0x%02x", ino,
				    (unsigned long long)(off / rp_geo.bs), buf[0]);
			check_block(ino, (unsigned)(off / rp_geo.bs), buf, want);
		}
	}
	for (unsigned ino = 1; ino <= RP_NINODES; ino++) {
		struct stat st;

		if (!rp_frozen[ino - 1].taken || fstat(rp.fd[ino - 1], &st))
			continue;
		if (st.st_size != rp_frozen[ino - 1].size) {
			note_diff("ino %u changed size from %lld to %lld after '%s' (line %u), "
				  "though no later line changes it", ino,
				  (long long)rp_frozen[ino - 1].size, (long long)st.st_size,
				  rp_frozen[ino - 1].after, rp_frozen[ino - 1].line);
			continue;
		}
		for (off_t off = 0; off < st.st_size; off += rp_geo.bs) {
			size_t want = st.st_size - off < rp_geo.bs ? (size_t)(st.st_size - off) :
				      rp_geo.bs;
			const uint8_t *was = rp_frozen[ino - 1].data + off;
			char nb[64], nb2[64];

			if (pread(rp.fd[ino - 1], buf, want, off) != (ssize_t)want ||
			    !memcmp(buf, was, want))
				continue;
			note_diff("ino %u block %lld changed from 0x%02x (%s) to 0x%02x (%s) after "
				  "'%s' (line %u), though no later line changes ino %u", ino,
				  (long long)(off / rp_geo.bs), was[0], byte_name(was[0], nb, sizeof(nb)),
				  buf[0], byte_name(buf[0], nb2, sizeof(nb2)), rp_frozen[ino - 1].after,
				  rp_frozen[ino - 1].line, ino);
			break;
		}
	}
	if (kmsg_complaint(kmsg, sizeof(kmsg))) {
		/* a shut-down file system fails every later try: stop */
		if (strstr(kmsg, "shut down") || strstr(kmsg, "Shutting down"))
			die(3, "try %d: the file system shut down: %s", n, kmsg);
		note_diff("the kernel log says: %s", kmsg);
	}
	if (opt.verbose && rp.fault_lines)
		for (unsigned ino = 1; ino <= RP_NINODES; ino++)
			say(" ino %u: an I/O error %s reported to a caller", ino,
			    rp.reported[ino] ? "was" : "was not");
	if (rp.first_diff[0]) {
		say("try %d: %s", n, rp.first_diff);
		return 1;
	}
	return 0;
}

static unsigned parse_num(const char *what, const char *s, unsigned max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (!*s || *end || errno || v > max || s[0] == '-')
		die(2, "%s takes a whole number from 0 to %u, got '%s'", what, max, s);
	return (unsigned)v;
}

static void parse_args(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "-v")) {
			opt.verbose = 1;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			printf("usage: %s DIR [--tries N] [--fault-on CMD --fault-off CMD] "
			       "[--errortag DIR] [--hold-ms N] [--pause-ms N] [-v]\n", argv[0]);
			exit(0);
		}
		if (a[0] != '-') {
			if (opt.dir)
				die(2, "one directory only (got '%s' and '%s')", opt.dir, a);
			opt.dir = a;
			continue;
		}
		if (!v)
			die(2, "%s needs a value", a);
		i++;
		if (!strcmp(a, "--tries"))
			opt.tries = (int)parse_num(a, v, 1000000);
		else if (!strcmp(a, "--fault-on"))
			opt.fault_on = v;
		else if (!strcmp(a, "--fault-off"))
			opt.fault_off = v;
		else if (!strcmp(a, "--errortag"))
			opt.errortag = v;
		else if (!strcmp(a, "--hold-ms"))
			opt.hold_ms = parse_num(a, v, 10000);
		else if (!strcmp(a, "--pause-ms"))
			opt.pause_ms = parse_num(a, v, 60000);
		else
			die(2, "unknown option '%s' (try --help)", a);
	}
	if (!opt.dir)
		die(2, "usage: repro DIR [--tries N] [--fault-on CMD --fault-off CMD] "
		    "[--errortag DIR] [--hold-ms N] [-v]");
	if (opt.tries < 1)
		die(2, "--tries must be at least 1");
	if (!opt.fault_on != !opt.fault_off)
		die(2, "--fault-on and --fault-off go together");
}

int main(int argc, char **argv)
{
	struct utsname u;
	int reproduced = 0, done = 0;

	parse_args(argc, argv);
	uname(&u);
	setvbuf(stdout, NULL, _IOLBF, 0);
	say("repro: %s on %s %s, %d tries, block size %u%s%s%s", rp_name, u.sysname,
	    u.release, opt.tries, rp_geo.bs, opt.hold_ms ? ", I/O held " : "",
	    opt.hold_ms ? "by a delay target" : "", opt.errortag ? ", error tags" : "");
	for (size_t i = 0; rp_notes[i]; i++)
		say("repro: %s", rp_notes[i]);
	for (size_t i = 0; i < RP_NSTEPS; i++) {
		if (rp_steps[i].knob && !knob_present(rp_steps[i].knob))
			say("repro: line %u: the pause has an error tag (%s) but this kernel "
			    "does not: timing only", rp_steps[i].line, rp_steps[i].knob);
		if (rp_steps[i].fault_eio && !opt.fault_on)
			say("repro: line %u: no way to fail writes here: the fault is not "
			    "injected", rp_steps[i].line);
	}
	rp_kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (rp_kmsg >= 0)
		lseek(rp_kmsg, 0, SEEK_END);
	if (RP_NSTEPS > sizeof(rp_stepbuf) / sizeof(rp_stepbuf[0]))
		die(2, "more lines than this runtime takes");
	for (size_t i = 0; i < RP_NSTEPS; i++)
		if (rp_steps[i].kind == RP_DWRITE && rp_steps[i].async &&
		    !(rp_stepbuf[i] = aligned_alloc(4096, (rp_steps[i].len + 4095) & ~4095ull)))
			die(3, "out of memory");
	for (int i = 0; i < RP_NINODES; i++)
		if (!(rp_frozen[i].data = malloc(256 * 4096)))
			die(3, "out of memory");
	for (int t = 0; t < RP_NTASKS; t++) {
		rp_tasks[t].buf = aligned_alloc(4096, 256 * 4096);
		if (!rp_tasks[t].buf || pthread_create(&rp_tasks[t].th, NULL, task_main, &rp_tasks[t]))
			die(3, "cannot start task %s", rp_task_name[t]);
	}
	for (int n = 0; n < opt.tries; n++) {
		uint64_t t0 = now_ms();

		try_setup(n);
		run_lines(n);
		reproduced += drain_and_check(n);
		try_teardown();
		done++;
		rp_done = done;
		rp_reproduced = reproduced;
		if (opt.verbose)
			say(" try %d took %llu ms", n, (unsigned long long)(now_ms() - t0));
	}
	pthread_mutex_lock(&rp_mu);
	rp_quit = 1;
	pthread_cond_broadcast(&rp_cv);
	pthread_mutex_unlock(&rp_mu);
	for (int t = 0; t < RP_NTASKS; t++)
		pthread_join(rp_tasks[t].th, NULL);
	if (reproduced)
		say("reproduced %d/%d on %s", reproduced, done, u.release);
	else
		say("not reproduced 0/%d on %s", done, u.release);
	return reproduced ? 0 : 1;
}
