// SPDX-License-Identifier: GPL-2.0
/*
 * Reading back what the kernel left (size, each block's bytes, FIEMAP
 * sharing) and comparing it with the port's reference model.
 *
 * The port's drain phase writes back and waits for everything before it
 * reports, so the files are fsynced first; their clean pages are then
 * dropped so the bytes compared are the ones on disk, not a page cache that
 * writeback may have failed to persist.
 */
#define _GNU_SOURCE	/* O_DIRECT, sync_file_range, fallocate */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include "kcheck.h"

#define KC_FIEMAP_EXTENTS	64

static void mark_shared(struct kc_file_obs *o, uint32_t bs,
			const struct fiemap_extent *fe)
{
	uint64_t first = fe->fe_logical / bs;
	uint64_t end = (fe->fe_logical + fe->fe_length + bs - 1) / bs;

	for (uint64_t b = first; b < end && b < CF_MAX_FILE_BLOCKS; b++)
		o->shared[b] = 1;
}

static int read_fiemap(int fd, uint32_t bs, struct kc_file_obs *o)
{
	size_t sz = sizeof(struct fiemap) +
		    KC_FIEMAP_EXTENTS * sizeof(struct fiemap_extent);
	struct fiemap *fm = malloc(sz);
	uint64_t start = 0;
	int last = 0, rc = 0;

	if (!fm)
		return -ENOMEM;
	while (!last) {
		memset(fm, 0, sz);
		fm->fm_start = start;
		fm->fm_length = FIEMAP_MAX_OFFSET - start;
		fm->fm_flags = FIEMAP_FLAG_SYNC;
		fm->fm_extent_count = KC_FIEMAP_EXTENTS;
		if (ioctl(fd, FS_IOC_FIEMAP, fm) != 0) {
			rc = -errno;
			break;
		}
		if (!fm->fm_mapped_extents)
			break;
		for (uint32_t i = 0; i < fm->fm_mapped_extents; i++) {
			const struct fiemap_extent *fe = &fm->fm_extents[i];

			if (fe->fe_flags & FIEMAP_EXTENT_SHARED)
				mark_shared(o, bs, fe);
			if (fe->fe_flags & FIEMAP_EXTENT_LAST)
				last = 1;
			start = fe->fe_logical + fe->fe_length;
		}
		if (fm->fm_mapped_extents < KC_FIEMAP_EXTENTS)
			break;
	}
	free(fm);
	return rc;
}

static int read_blocks(int fd, uint32_t bs, struct kc_file_obs *o)
{
	uint8_t *buf = malloc(bs);
	int rc = 0;

	if (!buf)
		return -ENOMEM;
	for (uint32_t b = 0; b < o->nblocks; b++) {
		uint64_t left = o->size - (uint64_t)b * bs;
		size_t want = left < bs ? (size_t)left : bs;
		ssize_t got = pread(fd, buf, want, (off_t)b * bs);

		if (got != (ssize_t)want) {
			rc = got < 0 ? -errno : -EIO;
			break;
		}
		o->byte[b] = buf[0];
		o->blk[b].n = 0;
		for (size_t i = 0; i < want; i++) {
			struct kc_obs_block *ob = &o->blk[b];

			if (buf[i] != buf[0])
				o->byte[b] = -1;
			if (ob->n && ob->val[ob->n - 1] == buf[i]) {
				ob->end[ob->n - 1] = (uint16_t)(i + 1);
			} else if (ob->n < KC_OBS_RUNS) {
				ob->val[ob->n] = buf[i];
				ob->end[ob->n++] = (uint16_t)(i + 1);
			} else {
				ob->n = 0;	/* too many runs to keep */
				break;
			}
		}
	}
	free(buf);
	return rc;
}

static int flush_one(const char *path, char *msg, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return 0;	/* missing: observe_one says what it means */
	if (fsync(fd)) {
		snprintf(msg, len, "%s: fsync: %s", path, strerror(errno));
		rc = -1;
	}
	close(fd);
	return rc;
}

static int observe_one(const char *path, uint32_t bs, struct kc_file_obs *o,
		       char *msg, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	int rc;

	memset(o, 0, sizeof(*o));
	if (fd < 0) {
		/* A file the scenario never made is an empty one. */
		if (errno == ENOENT)
			return 0;
		snprintf(msg, len, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = fstat(fd, &st) ? -errno : 0;
	if (!rc) {
		o->size = (uint64_t)st.st_size;
		o->bs = bs;
		o->nblocks = (uint32_t)((o->size + bs - 1) / bs);
		if (o->nblocks > CF_MAX_FILE_BLOCKS)
			o->nblocks = CF_MAX_FILE_BLOCKS;
		posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
		rc = read_blocks(fd, bs, o);
	}
	if (!rc)
		rc = read_fiemap(fd, bs, o);
	close(fd);
	if (rc) {
		snprintf(msg, len, "%s: %s", path, strerror(-rc));
		return -1;
	}
	return 0;
}

int kc_observe(const char *dir, uint32_t block_size,
	       struct kc_file_obs obs[CF_NINODES], char *msg, size_t len)
{
	char path[512];

	/* All of them first: one file's CoW writeback unshares another's. */
	for (unsigned i = 0; i < CF_NINODES; i++) {
		snprintf(path, sizeof(path), "%s/ino%u", dir, i + 1);
		if (flush_one(path, msg, len))
			return -1;
	}
	for (unsigned i = 0; i < CF_NINODES; i++) {
		snprintf(path, sizeof(path), "%s/ino%u", dir, i + 1);
		if (observe_one(path, block_size, &obs[i], msg, len))
			return -1;
	}
	return 0;
}

/* Count one difference; the first one found is the one reported. */
static void differ(int *n, char *msg, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void differ(int *n, char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	if ((*n)++)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
}

/* How many content differences the port's own read agrees with the
 * kernel on: tells a reference-model slip from a simulation difference. */
struct kc_agree {
	int	content, read_is_kernel;
};

/* The byte at x of a block held as runs. */
static uint16_t run_at(const struct cf_content_run *r, int n, uint32_t x)
{
	for (int i = 0; i < n; i++)
		if (x < r[i].end)
			return r[i].tag;
	return r[n - 1].tag;
}

/* A block whose port or kernel bytes are not all one value: byte by byte. */
static void compare_bytes(unsigned ino, uint32_t b, const struct cf_result *res,
			  const struct cf_file_final *port, const struct kc_file_obs *k,
			  int *n, char *msg, size_t len, struct kc_agree *ag)
{
	struct cf_content_run er[CF_MIX_RUNS], gr[CF_MIX_RUNS];
	int ne = cf_final_runs(res, port->expect[b], k->bs, er);
	int ng = cf_final_runs(res, port->got[b], k->bs, gr);
	const struct kc_obs_block *ob = &k->blk[b];
	int r = 0;

	if (!ob->n) {
		differ(n, msg, len, "ino %u block %u: kernel has more than %d runs of bytes",
		       ino, b, KC_OBS_RUNS);
		ag->content++;
		return;
	}
	for (uint32_t x = 0; x < ob->end[ob->n - 1]; x++) {
		uint8_t want = cf_tag_byte(run_at(er, ne, x));

		while (x >= ob->end[r])
			r++;
		if (ob->val[r] == want)
			continue;
		ag->content++;
		ag->read_is_kernel += ob->val[r] == cf_tag_byte(run_at(gr, ng, x));
		differ(n, msg, len, "ino %u block %u byte %u: kernel 0x%02x port 0x%02x "
		       "(port's read 0x%02x)", ino, b, x, ob->val[r], want,
		       cf_tag_byte(run_at(gr, ng, x)));
		return;
	}
}

static void compare_file(unsigned ino, const struct cf_result *res,
			 const struct cf_file_final *port,
			 const struct kc_file_obs *k, int *n, char *msg,
			 size_t len, struct kc_agree *ag)
{
	if (k->size != port->size_bytes)
		differ(n, msg, len, "ino %u size: kernel %llu port %llu", ino,
		       (unsigned long long)k->size,
		       (unsigned long long)port->size_bytes);
	for (uint32_t b = 0; b < k->nblocks; b++) {
		uint8_t want = cf_tag_byte(port->expect[b]);

		if (port->expect[b] >= CF_TAG_MIX || k->byte[b] < 0 ||
		    k->size - (uint64_t)b * k->bs < k->bs) {
			compare_bytes(ino, b, res, port, k, n, msg, len, ag);
			continue;
		}

		if (k->byte[b] != want) {
			ag->content++;
			ag->read_is_kernel += k->byte[b] == cf_tag_byte(port->got[b]);
		}

		if (k->byte[b] < 0)
			differ(n, msg, len, "ino %u block %u: kernel mixed bytes port 0x%02x (port's read 0x%02x)",
			       ino, b, want, cf_tag_byte(port->got[b]));
		else if (k->byte[b] != want)
			differ(n, msg, len, "ino %u block %u: kernel 0x%02x port 0x%02x (port's read 0x%02x)",
			       ino, b, k->byte[b], want, cf_tag_byte(port->got[b]));
	}
	for (uint32_t b = 0; b < k->nblocks; b++)
		if (!!k->shared[b] != !!port->shared[b])
			differ(n, msg, len, "ino %u block %u shared: kernel %s port %s",
			       ino, b, k->shared[b] ? "yes" : "no",
			       port->shared[b] ? "yes" : "no");
}

int kc_compare(const struct cf_result *res,
	       const struct kc_file_obs obs[CF_NINODES], char *msg, size_t len)
{
	char first[KC_MSG_MAX] = "", more[32] = "", agree[96] = "";
	struct kc_agree ag = { 0, 0 };
	int n = 0;

	for (unsigned i = 0; i < CF_NINODES; i++)
		compare_file(i + 1, res, &res->files[i], &obs[i], &n, first,
			     sizeof(first), &ag);
	if (!n)
		return 0;
	if (n > 1)
		snprintf(more, sizeof(more), " (+%d more)", n - 1);
	if (ag.content)
		snprintf(agree, sizeof(agree),
			 " [port's read = kernel in %d of %d content differences]",
			 ag.read_is_kernel, ag.content);
	snprintf(msg, len, "%s%s%s", first, more, agree);
	return 1;
}

/* The child's end: cf_run, then the result down the pipe. */
static void port_child(int fd, const struct cf_scenario *seq,
		       const struct cf_profile_info *prof, struct cf_result *res)
{
	struct cf_run_opts opts;
	const char *p = (const char *)res;
	size_t left = sizeof(*res);

	memset(&opts, 0, sizeof(opts));
	opts.want_final = 1;
	memset(res, 0, sizeof(*res));
	cf_run(seq, prof, &opts, res);
	while (left) {
		ssize_t w = write(fd, p, left);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(1);
		p += w;
		left -= (size_t)w;
	}
	_exit(0);
}

/*
 * cf_run in a child process: a crash in the port (it is under test too)
 * must not take kernel-check down with its mount still in place.
 */
static int port_run_isolated(const struct cf_scenario *seq,
			     const struct cf_profile_info *prof,
			     struct cf_result *res, char *msg, size_t len)
{
	char *p = (char *)res;
	size_t got = 0;
	int fds[2], status;
	pid_t pid;

	if (pipe(fds)) {
		snprintf(msg, len, "port: pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(msg, len, "port: fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		port_child(fds[1], seq, prof, res);
	}
	close(fds[1]);
	while (got < sizeof(*res)) {
		ssize_t r = read(fds[0], p + got, sizeof(*res) - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status)) {
		snprintf(msg, len, "port: cf_run crashed with signal %d on the sequential run",
			 WTERMSIG(status));
		return 1;
	}
	if (got != sizeof(*res)) {
		snprintf(msg, len, "port: cf_run gave no result (exit %d)",
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return 1;
	}
	return 0;
}

/* A tag of the sequential reading as the tag of the original line. */
static uint16_t map_tag(uint16_t tag, const uint16_t *map, uint32_t nops)
{
	uint32_t j;

	if (tag < cf_op_tag(0))
		return tag;
	j = tag - cf_op_tag(0);
	if (j >= nops || map[j] == KC_INSERTED)
		return tag;
	return cf_op_tag(map[j]);
}

static void map_result(struct cf_result *res, const uint16_t *map,
		       uint32_t nops)
{
	for (int i = 0; i < CF_NINODES; i++) {
		struct cf_file_final *f = &res->files[i];

		for (int b = 0; b < CF_MAX_FILE_BLOCKS; b++) {
			if (f->expect[b] < CF_TAG_MIX)
				f->expect[b] = map_tag(f->expect[b], map, nops);
			if (f->got[b] < CF_TAG_MIX)
				f->got[b] = map_tag(f->got[b], map, nops);
		}
	}
	for (int i = 0; i < res->nmixes; i++)
		for (int k = 0; k < res->mixes[i].n; k++)
			res->mixes[i].r[k].tag = map_tag(res->mixes[i].r[k].tag, map, nops);
}

/* The profile the host is compared with: the fixed one, or v6.18 (the
 * host's kernel) when the scenario has atomic writes, which only it has. */
const struct cf_profile_info *kc_compare_profile(const struct cf_scenario *scn)
{
	for (uint32_t i = 0; i < scn->nops; i++)
		if (scn->ops[i].kind == CF_OP_DWRITE && scn->ops[i].atomic)
			return cf_profile_find("v6.18");
	return cf_profile_find(cf_profile_default());
}

int kc_port_final(const struct cf_scenario *scn, struct cf_result *res,
		  char *msg, size_t len)
{
	return kc_port_final_on(scn, kc_compare_profile(scn), res, msg, len);
}

int kc_port_final_on(const struct cf_scenario *scn,
		     const struct cf_profile_info *prof, struct cf_result *res,
		     char *msg, size_t len)
{
	static struct cf_scenario seq;
	static uint16_t map[CF_MAX_OPS];
	int rc;

	if (!prof) {
		snprintf(msg, len, "port: no such profile");
		return -1;
	}
	kc_sequentialize(scn, &seq, map);
	rc = port_run_isolated(&seq, prof, res, msg, len);
	if (rc)
		return rc;
	map_result(res, map, seq.nops);
	if (res->klass != CF_OK) {
		/* The compared profile must not fire on a sequential run. */
		snprintf(msg, len, "port: oracle %s at %s on the sequential run of profile %s",
			 cf_class_name(res->klass), res->site, prof->name);
		return 1;
	}
	return 0;
}
