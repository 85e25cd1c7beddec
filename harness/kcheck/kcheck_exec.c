// SPDX-License-Identifier: GPL-2.0
/*
 * Running a scenario's lines with real syscalls, one after the other, on
 * ino1/ino2/ino3 in a directory of a mounted XFS.  The kernel runs its own
 * flusher and completion workers, so the worker lines (complete, reclaim,
 * resume) and pauses have nothing to act on; `async` direct writes are
 * waited for, since this run is sequential.
 */
#define _GNU_SOURCE	/* O_DIRECT, sync_file_range, fallocate */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/fs.h>
#include <linux/falloc.h>
#include "kcheck.h"
#include "scenario.h"

#define KC_BUF_BYTES	(CF_MAX_FILE_BLOCKS * 4096u)

struct kc_run {
	const struct cf_scenario *scn;
	const struct kc_exec_opts *opts;
	const char	*dir;
	uint32_t	bs;
	int		fd[CF_NINODES];
	int		dfd[CF_NINODES];	/* O_DIRECT, opened on first use */
	uint8_t		*buf;			/* page aligned, for O_DIRECT */
	struct kc_model	model;
	char		*msg;
	size_t		len;
};

static void file_path(const char *dir, unsigned ino, char *buf, size_t len)
{
	snprintf(buf, len, "%s/ino%u", dir, ino);
}

/* The scenario's cowextsize hint, so CoW fork preallocation matches. */
static void set_cowextsize(int fd, uint32_t bytes)
{
	struct fsxattr fa;

	if (ioctl(fd, FS_IOC_FSGETXATTR, &fa) != 0)
		return;
	fa.fsx_xflags |= FS_XFLAG_COWEXTSIZE;
	fa.fsx_cowextsize = bytes;
	/* Best effort: the hint shapes allocation, never file content. */
	(void)ioctl(fd, FS_IOC_FSSETXATTR, &fa);
}

static int open_files(struct kc_run *r)
{
	char path[512];

	if (mkdir(r->dir, 0700) != 0) {
		snprintf(r->msg, r->len, "%s: %s", r->dir, strerror(errno));
		return -1;
	}
	for (unsigned i = 0; i < CF_NINODES; i++) {
		file_path(r->dir, i + 1, path, sizeof(path));
		r->fd[i] = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (r->fd[i] < 0) {
			snprintf(r->msg, r->len, "%s: %s", path, strerror(errno));
			return -1;
		}
		set_cowextsize(r->fd[i], r->scn->geo.cowextsize * r->bs);
	}
	return 0;
}

static int dio_fd(struct kc_run *r, unsigned ino)
{
	char path[512];

	if (r->dfd[ino - 1] < 0) {
		file_path(r->dir, ino, path, sizeof(path));
		r->dfd[ino - 1] = open(path, O_RDWR | O_DIRECT | O_CLOEXEC);
	}
	return r->dfd[ino - 1];
}

static void close_files(struct kc_run *r)
{
	for (unsigned i = 0; i < CF_NINODES; i++) {
		if (r->fd[i] >= 0)
			close(r->fd[i]);
		if (r->dfd[i] >= 0)
			close(r->dfd[i]);
		r->fd[i] = r->dfd[i] = -1;
	}
}

/* pwrite all of it; a short write is an error here (no ENOSPC expected). */
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

static int do_write(struct kc_run *r, const struct cf_op *op, uint16_t tag,
		    int direct)
{
	int fd = direct ? dio_fd(r, op->ino) : r->fd[op->ino - 1];
	size_t n = (size_t)cf_op_byte_len(op, r->bs);

	if (fd < 0)
		return -errno;
	memset(r->buf, cf_tag_byte(tag), n);
	return write_all(fd, r->buf, n, (off_t)cf_op_byte_off(op, r->bs));
}

static int do_reflink(struct kc_run *r, const struct cf_op *op)
{
	struct file_clone_range fcr = {
		.src_fd = r->fd[op->ino - 1],
		.src_offset = (uint64_t)op->off * r->bs,
		/* 0 is the kernel's "to the source's EOF", as in the port */
		.src_length = (uint64_t)op->len * r->bs,
		.dest_offset = (uint64_t)op->off2 * r->bs,
	};

	return ioctl(r->fd[op->ino2 - 1], FICLONERANGE, &fcr) ? -errno : 0;
}

static int drop_caches(void)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return -errno;
	/* "1": clean page cache only; no sync first, as the port's op. */
	if (write(fd, "1", 1) != 1)
		rc = -errno;
	close(fd);
	return rc;
}

/* A buffered read compared, byte by byte, with the sequential model. */
static int do_read(struct kc_run *r, const struct cf_op *op)
{
	uint64_t size = r->model.size_bytes[op->ino - 1];
	uint64_t off = cf_op_byte_off(op, r->bs), len = cf_op_byte_len(op, r->bs);
	uint64_t want = off >= size ? 0 : size - off;
	ssize_t got;

	if (want > len)
		want = len;
	got = pread(r->fd[op->ino - 1], r->buf, (size_t)len, (off_t)off);
	if (got < 0)
		return -errno;
	if ((uint64_t)got != want) {
		snprintf(r->msg, r->len, "line %u: read ino %u: kernel returned %zd bytes, model %llu",
			 op->line, op->ino, got, (unsigned long long)want);
		return 1;
	}
	for (uint64_t i = 0; i < want; i++) {
		uint64_t x = off + i;
		uint8_t exp = cf_tag_byte(kc_model_at(&r->model, op->ino,
						      (uint32_t)(x / r->bs), (uint32_t)(x % r->bs)));

		if (r->buf[i] == exp)
			continue;
		snprintf(r->msg, r->len, "line %u: read ino %u byte %llu (block %llu): kernel 0x%02x model 0x%02x",
			 op->line, op->ino, (unsigned long long)x,
			 (unsigned long long)(x / r->bs), r->buf[i], exp);
		return 1;
	}
	return 0;
}

#ifndef RWF_ATOMIC
#define RWF_ATOMIC	0x00000040	/* include/uapi/linux/fs.h, 6.11 */
#endif

/* pwritev2(RWF_ATOMIC) of one iovec on the O_DIRECT fd: all or nothing,
 * so a short count is an error too. */
static int do_atomic_write(struct kc_run *r, const struct cf_op *op, uint16_t tag)
{
	int fd = dio_fd(r, op->ino);
	size_t n = (size_t)op->len * r->bs;
	struct iovec iov = { .iov_base = r->buf, .iov_len = n };
	ssize_t w;

	if (fd < 0)
		return -errno;
	memset(r->buf, cf_tag_byte(tag), n);
	do {
		w = pwritev2(fd, &iov, 1, (off_t)op->off * r->bs, RWF_ATOMIC);
	} while (w < 0 && errno == EINTR);
	if (w < 0)
		return -errno;
	return (size_t)w == n ? 0 : -EIO;
}

/* One line; returns 0 or -errno from the kernel, 1 on a read mismatch. */
static int do_op(struct kc_run *r, const struct cf_op *op, uint32_t idx)
{
	int fd = op->ino >= 1 && op->ino <= CF_NINODES ? r->fd[op->ino - 1] : -1;
	off_t off = (off_t)op->off * r->bs, len = (off_t)op->len * r->bs;

	switch (op->kind) {
	case CF_OP_WRITE:
		return do_write(r, op, cf_op_tag(idx), 0);
	case CF_OP_DWRITE:
		if (op->atomic)
			return do_atomic_write(r, op, cf_op_tag(idx));
		return do_write(r, op, cf_op_tag(idx), 1);
	case CF_OP_FSYNC:
		return fsync(fd) ? -errno : 0;
	case CF_OP_SYNC_RANGE:
		return sync_file_range(fd, off, len, SYNC_FILE_RANGE_WAIT_BEFORE |
				       SYNC_FILE_RANGE_WRITE |
				       SYNC_FILE_RANGE_WAIT_AFTER) ? -errno : 0;
	case CF_OP_WRITEBACK:
		/* no range: off = len = 0, which sync_file_range reads as all */
		return sync_file_range(fd, off, len, SYNC_FILE_RANGE_WRITE) ? -errno : 0;
	case CF_OP_REFLINK:
		return do_reflink(r, op);
	case CF_OP_TRUNCATE:
		return ftruncate(fd, (off_t)cf_op_byte_off(op, r->bs)) ? -errno : 0;
	case CF_OP_PUNCH:
		return fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				 (off_t)cf_op_byte_off(op, r->bs),
				 (off_t)cf_op_byte_len(op, r->bs)) ? -errno : 0;
	case CF_OP_UNSHARE:
		return fallocate(fd, FALLOC_FL_UNSHARE_RANGE, off, len) ? -errno : 0;
	case CF_OP_DROP_CACHES:
		return drop_caches();
	case CF_OP_WAIT:
		/* filemap_fdatawait only: waits, starts nothing, no fsync */
		return sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WAIT_BEFORE) ? -errno : 0;
	case CF_OP_READ:
		return do_read(r, op);
	default:
		/* complete, reclaim, resume: the kernel's own workers did it */
		return 0;
	}
}

static int do_init(struct kc_run *r)
{
	const struct cf_geometry *g = &r->scn->geo;
	size_t n = (size_t)g->init_blocks * r->bs;
	int rc;

	if (g->init == CF_INIT_NONE)
		return 0;
	memset(r->buf, cf_tag_byte(CF_TAG_INIT), n);
	rc = write_all(r->fd[0], r->buf, n, 0);
	if (!rc && fsync(r->fd[0]))
		rc = -errno;
	if (!rc && g->init == CF_INIT_CLONE && ioctl(r->fd[1], FICLONE, r->fd[0]))
		rc = -errno;
	if (rc) {
		snprintf(r->msg, r->len, "init: %s", strerror(-rc));
		return -1;
	}
	/* "on disk, clean, not cached": let the pages go */
	posix_fadvise(r->fd[0], 0, 0, POSIX_FADV_DONTNEED);
	posix_fadvise(r->fd[1], 0, 0, POSIX_FADV_DONTNEED);
	return 0;
}

/* Run every line; the model follows what the kernel did. */
static int run_lines(struct kc_run *r)
{
	const struct cf_scenario *scn = r->scn;
	char line[256];

	for (uint32_t i = 0; i < scn->nops; i++) {
		const struct cf_op *op = &scn->ops[i];
		int pred = kc_model_predict(&r->model, op);
		int rc;

		if (r->opts->stop && *r->opts->stop) {
			snprintf(r->msg, r->len, "interrupted");
			return -1;
		}
		rc = do_op(r, op, i);
		if (rc == 1)
			return 1;
		if (r->opts->verbose) {
			scn_format_op(scn, op, line, sizeof(line));
			fprintf(stderr, "  [%u] %s -> %s\n", op->line, line,
				rc ? strerror(-rc) : "ok");
		}
		if ((rc == 0) != (pred == 0) && r->opts->note && !r->opts->note[0])
			snprintf(r->opts->note, KC_MSG_MAX,
				 "line %u: kernel %s, sequential model expected %s",
				 op->line, rc ? strerror(-rc) : "succeeded",
				 pred ? strerror(-pred) : "success");
		if (rc == 0)
			kc_model_apply(&r->model, op, i);
	}
	return 0;
}

int kc_exec(const struct cf_scenario *scn, const char *dir,
	    const struct kc_exec_opts *opts, char *msg, size_t len)
{
	struct kc_run *r = calloc(1, sizeof(*r));
	int rc = -1;

	if (!r) {
		snprintf(msg, len, "out of memory");
		return -1;
	}
	r->scn = scn;
	r->opts = opts;
	r->dir = dir;
	r->bs = scn->geo.block_size;
	r->msg = msg;
	r->len = len;
	for (unsigned i = 0; i < CF_NINODES; i++)
		r->fd[i] = r->dfd[i] = -1;
	r->buf = aligned_alloc(4096, KC_BUF_BYTES);
	kc_model_init(&r->model, scn);
	if (!r->buf)
		snprintf(msg, len, "out of memory");
	else if (!open_files(r) && !do_init(r))
		rc = run_lines(r);
	close_files(r);
	free(r->buf);
	free(r);
	return rc;
}

void kc_remove_dir(const char *dir)
{
	char path[512];

	for (unsigned i = 1; i <= CF_NINODES; i++) {
		file_path(dir, i, path, sizeof(path));
		unlink(path);
	}
	rmdir(dir);
}
