/* faultdisk: a FUSE file that stands in for dm-delay and dm-flakey.
 *
 * It serves one file, <mnt>/disk, backed by an image file, and a control
 * file, <mnt>/ctl.  Every open of the disk is direct_io, so each write of a
 * loop device attached with `losetup --direct-io=on` reaches the daemon as
 * its own request, and the reply to it is the bio's completion.  Rules
 * decide per request:
 *
 *   hold  the write is done on the image at once, its reply waits N ms (or
 *         until `release`): the bio completes late, other I/O goes on;
 *   fail  the request gets EIO and the image is not touched.
 *
 * Every request is logged (time, op, offset, length, action).  The usage
 * text below is the syntax; docs/kernel-check.md has the worked example.
 *
 * Built only where pkg-config finds fuse3 (harness/kcheck/faultdisk/
 * CMakeLists.txt).  Not part of the port: it talks to the kernel only.
 */
#define FUSE_USE_VERSION 31
#define _GNU_SOURCE
#include <fuse.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_RULES 32
#define MAX_SKIPS 8
#define MAX_EXCL 8

enum { OP_READ = 1, OP_WRITE = 2, OP_ANY = 3 };
enum { ACT_HOLD = 1, ACT_FAIL = 2 };

struct range { uint64_t off, len; };

struct rule {
	int used, id, action, ops, once, spent;
	int has_range;
	struct range range;
	int nskip;
	struct range skip[MAX_SKIPS];
	uint64_t nth;   /* fires from the nth matching request on (1 = first) */
	uint64_t seen;  /* matching requests since added or last `arm` */
	uint64_t fired;
	long ms;        /* hold: reply delay; 0 = until `release` */
	char text[256];
};

struct held {
	struct held *next;
	uint64_t seq, off, len;
	int released;
};

static struct {
	const char *image, *mnt, *logpath;
	int fd;
	uint64_t size;
	FILE *log;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct rule rules[MAX_RULES];
	int next_id;
	int nexcl;
	struct range excl[MAX_EXCL];
	uint64_t seq, nread, nwrite, nfailed, nheld;
	struct held *held;
	struct timespec t0;
	char ctlbuf[4096]; /* last answer, read back from ctl */
	int quiet;
} g = { .fd = -1, .mu = PTHREAD_MUTEX_INITIALIZER,
	.next_id = 1 };

static const char usage_text[] =
"usage: faultdisk [-r RULE]... [-x OFF+LEN]... [-l LOGFILE] [-q] [-o FUSEOPT] IMAGE MOUNTPOINT\n"
"\n"
"Serves MOUNTPOINT/disk (IMAGE's bytes, direct_io, multithreaded) and\n"
"MOUNTPOINT/ctl.  Attach: losetup --direct-io=on -f --show MOUNTPOINT/disk\n"
"Stays in the foreground; unmount with fusermount3 -u MOUNTPOINT (or kill).\n"
"\n"
"  -r RULE     add a rule (order counts: the first rule that fires acts)\n"
"  -x OFF+LEN  exclude a byte range of the disk from every rule (e.g. the\n"
"              XFS internal log: xfs_db -r -c 'sb 0' -c 'p logstart logblocks')\n"
"  -l LOGFILE  log every request there (default stderr); -q: log only\n"
"              requests a rule acted on, and ctl commands\n"
"  -o OPT      passed to FUSE (e.g. -o max_threads=64)\n"
"\n"
"RULE := ACTION [OP] [range=OFF+LEN] [skip=OFF+LEN]... [nth=K] [once] [ms=N]\n"
"  ACTION  hold: write the image now, hold the reply N ms (ms=0: until\n"
"                `release`); a read is answered late the same way\n"
"          fail: answer EIO, do not touch the image\n"
"  OP      write (default), read, any\n"
"  range=  only requests that overlap [OFF, OFF+LEN)\n"
"  skip=   not requests that overlap [OFF, OFF+LEN) (not counted either)\n"
"  nth=K   act from the K-th matching request on (default 1); with once,\n"
"          on the K-th only.  Counting starts when the rule is added and\n"
"          again at every `arm`\n"
"  once    act once, then the rule is spent (default: permanent)\n"
"  ms=N    hold time (default 1000)\n"
"  Numbers: decimal or 0x hex, suffix k/m/g (x1024^n) or s (x512 sectors).\n"
"  A request is acted on as a whole, also if it overlaps range= in part.\n"
"\n"
"Control: write one command a line to MOUNTPOINT/ctl; read it for status.\n"
"  hold ... | fail ...   add a rule        clear       remove all rules\n"
"  del ID                remove rule ID    arm         restart every count\n"
"  exclude OFF+LEN       as -x             release [SEQ|all]  release holds\n"
"  mark TEXT             write TEXT into the log\n"
"A bad command makes the write fail with EINVAL (and is logged).\n";

static void usage(FILE *f) { fputs(usage_text, f); }

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - g.t0.tv_sec) + (t.tv_nsec - g.t0.tv_nsec) / 1e9;
}

static void logf_(const char *fmt, ...)
{
	va_list ap;
	struct timespec rt;
	clock_gettime(CLOCK_REALTIME, &rt);
	flockfile(g.log);
	fprintf(g.log, "%ld.%06ld +%.6f ", (long)rt.tv_sec, rt.tv_nsec / 1000,
		now_s());
	va_start(ap, fmt);
	vfprintf(g.log, fmt, ap);
	va_end(ap);
	fputc('\n', g.log);
	fflush(g.log);
	funlockfile(g.log);
}

/* ---- parsing ---------------------------------------------------------- */

static int parse_num(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!*s || *s == '-')
		return -1;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	uint64_t mul = 1;
	switch (*end) {
	case 0: break;
	case 'k': case 'K': mul = 1ULL << 10; end++; break;
	case 'm': case 'M': mul = 1ULL << 20; end++; break;
	case 'g': case 'G': mul = 1ULL << 30; end++; break;
	case 's': case 'S': mul = 512; end++; break;
	default: return -1;
	}
	if (*end || (v && v > UINT64_MAX / mul))
		return -1;
	*out = v * mul;
	return 0;
}

static int parse_range(const char *s, struct range *r)
{
	char buf[128];
	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	char *plus = strchr(buf, '+');
	if (!plus)
		return -1;
	*plus = 0;
	if (parse_num(buf, &r->off) || parse_num(plus + 1, &r->len) || !r->len)
		return -1;
	if (r->off + r->len < r->off)
		return -1;
	return 0;
}

/* Parses RULE into *r; on error fills err and returns -1. */
static int parse_rule(const char *text, struct rule *r, char *err, size_t errlen)
{
	char buf[256], *save = NULL, *tok;
	if (strlen(text) >= sizeof(buf)) {
		snprintf(err, errlen, "rule too long");
		return -1;
	}
	memset(r, 0, sizeof(*r));
	strcpy(buf, text);
	r->ops = OP_WRITE;
	r->nth = 1;
	r->ms = 1000;
	int i = 0, have_ms = 0;
	for (tok = strtok_r(buf, " \t\n", &save); tok;
	     tok = strtok_r(NULL, " \t\n", &save), i++) {
		if (i == 0) {
			if (!strcmp(tok, "hold")) r->action = ACT_HOLD;
			else if (!strcmp(tok, "fail")) r->action = ACT_FAIL;
			else {
				snprintf(err, errlen, "'%s' is not hold or fail", tok);
				return -1;
			}
		} else if (!strcmp(tok, "write")) r->ops = OP_WRITE;
		else if (!strcmp(tok, "read")) r->ops = OP_READ;
		else if (!strcmp(tok, "any")) r->ops = OP_ANY;
		else if (!strcmp(tok, "once")) r->once = 1;
		else if (!strncmp(tok, "range=", 6)) {
			if (parse_range(tok + 6, &r->range)) goto bad;
			r->has_range = 1;
		} else if (!strncmp(tok, "skip=", 5)) {
			if (r->nskip == MAX_SKIPS) {
				snprintf(err, errlen, "more than %d skip=", MAX_SKIPS);
				return -1;
			}
			if (parse_range(tok + 5, &r->skip[r->nskip])) goto bad;
			r->nskip++;
		} else if (!strncmp(tok, "nth=", 4)) {
			if (parse_num(tok + 4, &r->nth) || !r->nth) goto bad;
		} else if (!strncmp(tok, "ms=", 3)) {
			uint64_t v;
			if (parse_num(tok + 3, &v) || v > 3600000) goto bad;
			r->ms = (long)v;
			have_ms = 1;
		} else {
			snprintf(err, errlen, "unknown word '%s'", tok);
			return -1;
		}
		continue;
bad:
		snprintf(err, errlen, "bad value in '%s' (OFF+LEN, numbers >= 1)", tok);
		return -1;
	}
	if (!r->action) {
		snprintf(err, errlen, "empty rule");
		return -1;
	}
	if (have_ms && r->action != ACT_HOLD) {
		snprintf(err, errlen, "ms= is for hold rules");
		return -1;
	}
	/* a normalized copy for status and log */
	snprintf(r->text, sizeof(r->text), "%s", text);
	size_t n = strlen(r->text);
	while (n && (r->text[n - 1] == '\n' || r->text[n - 1] == ' '))
		r->text[--n] = 0;
	return 0;
}

static int add_rule_locked(const struct rule *nr, char *err, size_t errlen)
{
	for (int i = 0; i < MAX_RULES; i++)
		if (!g.rules[i].used) {
			g.rules[i] = *nr;
			g.rules[i].used = 1;
			g.rules[i].id = g.next_id++;
			return g.rules[i].id;
		}
	snprintf(err, errlen, "too many rules (%d)", MAX_RULES);
	return -1;
}

/* ---- matching --------------------------------------------------------- */

static int overlaps(uint64_t off, uint64_t len, const struct range *r)
{
	return off < r->off + r->len && r->off < off + len;
}

/* Under g.mu: counts the request in every rule it matches and returns the
 * first rule that fires (or NULL). */
static struct rule *match_locked(int op, uint64_t off, uint64_t len)
{
	struct rule *fire = NULL;
	for (int i = 0; i < g.nexcl; i++)
		if (overlaps(off, len, &g.excl[i]))
			return NULL;
	for (int i = 0; i < MAX_RULES; i++) {
		struct rule *r = &g.rules[i];
		if (!r->used || r->spent || !(r->ops & op))
			continue;
		if (r->has_range && !overlaps(off, len, &r->range))
			continue;
		int skipped = 0;
		for (int k = 0; k < r->nskip; k++)
			if (overlaps(off, len, &r->skip[k]))
				skipped = 1;
		if (skipped)
			continue;
		r->seen++;
		if (fire || r->seen < r->nth)
			continue;
		fire = r;
		r->fired++;
		if (r->once)
			r->spent = 1;
	}
	return fire;
}

/* Holds the calling FUSE worker (so the reply) for ms, or until released. */
static double hold_request(uint64_t seq, uint64_t off, uint64_t len, long ms)
{
	struct held h = { .seq = seq, .off = off, .len = len };
	double start = now_s();
	struct timespec dl;
	clock_gettime(CLOCK_MONOTONIC, &dl);
	dl.tv_sec += ms / 1000;
	dl.tv_nsec += (ms % 1000) * 1000000L;
	if (dl.tv_nsec >= 1000000000L) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&g.mu);
	h.next = g.held;
	g.held = &h;
	g.nheld++;
	while (!h.released) {
		int e = ms ? pthread_cond_timedwait(&g.cv, &g.mu, &dl)
			   : pthread_cond_wait(&g.cv, &g.mu);
		if (e == ETIMEDOUT)
			break;
	}
	for (struct held **p = &g.held; *p; p = &(*p)->next)
		if (*p == &h) {
			*p = h.next;
			break;
		}
	pthread_mutex_unlock(&g.mu);
	return (now_s() - start) * 1000.0;
}

/* ---- FUSE operations -------------------------------------------------- */

static int is_disk(const char *path) { return !strcmp(path, "/disk"); }
static int is_ctl(const char *path) { return !strcmp(path, "/ctl"); }

static void *fd_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	cfg->direct_io = 1;
	cfg->kernel_cache = 0;
	cfg->attr_timeout = 0;
	cfg->entry_timeout = 0;
	cfg->use_ino = 0;
	if (conn->capable & FUSE_CAP_ASYNC_DIO)
		conn->want |= FUSE_CAP_ASYNC_DIO;
	conn->max_write = 1 << 20;
	conn->max_background = 64;
	conn->congestion_threshold = 48;
	logf_("init mounted %s/disk <- %s (%" PRIu64 " bytes) async_dio=%d max_write=%u",
	      g.mnt, g.image, g.size, !!(conn->want & FUSE_CAP_ASYNC_DIO),
	      conn->max_write);
	return NULL;
}

static int fd_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
	(void)fi;
	memset(st, 0, sizeof(*st));
	st->st_uid = getuid();
	st->st_gid = getgid();
	if (!strcmp(path, "/")) {
		st->st_mode = S_IFDIR | 0755;
		st->st_nlink = 2;
	} else if (is_disk(path)) {
		st->st_mode = S_IFREG | 0600;
		st->st_nlink = 1;
		st->st_size = (off_t)g.size;
		st->st_blocks = (blkcnt_t)(g.size / 512);
		st->st_blksize = 4096;
	} else if (is_ctl(path)) {
		st->st_mode = S_IFREG | 0600;
		st->st_nlink = 1;
		st->st_size = 0;
	} else
		return -ENOENT;
	return 0;
}

static int fd_readdir(const char *path, void *buf, fuse_fill_dir_t fill,
		      off_t off, struct fuse_file_info *fi,
		      enum fuse_readdir_flags fl)
{
	(void)off; (void)fi; (void)fl;
	if (strcmp(path, "/"))
		return -ENOENT;
	fill(buf, ".", NULL, 0, 0);
	fill(buf, "..", NULL, 0, 0);
	fill(buf, "disk", NULL, 0, 0);
	fill(buf, "ctl", NULL, 0, 0);
	return 0;
}

static int fd_open(const char *path, struct fuse_file_info *fi)
{
	if (!is_disk(path) && !is_ctl(path))
		return -ENOENT;
	fi->direct_io = 1;
	fi->keep_cache = 0;
	return 0;
}

static int fd_truncate(const char *path, off_t size, struct fuse_file_info *fi)
{
	(void)fi;
	if (is_ctl(path))
		return 0;   /* `echo > ctl` truncates first */
	if (is_disk(path))
		return (uint64_t)size == g.size ? 0 : -EPERM;
	return -ENOENT;
}

static void status_locked(char *out, size_t n)
{
	size_t k = 0;
#define P(...) do { int _w = snprintf(out + k, n > k ? n - k : 0, __VA_ARGS__); \
		    if (_w > 0) k += (size_t)_w; } while (0)
	P("requests: %" PRIu64 " reads %" PRIu64 " writes %" PRIu64
	  " failed %" PRIu64 " held %" PRIu64 "\n",
	  g.nread, g.nwrite, g.nfailed, g.nheld, g.seq);
	for (int i = 0; i < g.nexcl; i++)
		P("exclude %" PRIu64 "+%" PRIu64 "\n", g.excl[i].off, g.excl[i].len);
	for (int i = 0; i < MAX_RULES; i++) {
		struct rule *r = &g.rules[i];
		if (r->used)
			P("rule %d: %s  [seen %" PRIu64 " fired %" PRIu64 "%s]\n",
			  r->id, r->text, r->seen, r->fired, r->spent ? " spent" : "");
	}
	for (struct held *h = g.held; h; h = h->next)
		P("held #%" PRIu64 " off=%" PRIu64 " len=%" PRIu64 "\n",
		  h->seq, h->off, h->len);
#undef P
	if (k >= n && n)
		out[n - 1] = 0;
}

/*
 * One request to the disk file, op OP_READ (into rbuf) or OP_WRITE (from
 * wbuf): counts it, matches it against the rules, and acts.  FAIL answers
 * EIO without touching the image; otherwise the transfer is done at once
 * and HOLD only delays the reply (a held write is already in the image).
 * Logs "#SEQ read|write off=OFF len=LEN -> ..." lines (FAIL, HOLD and the
 * held reply always; the plain "ok" only when not quiet).
 */
static int disk_request(int op, char *rbuf, const char *wbuf, size_t size,
			off_t off)
{
	const char *what = op == OP_READ ? "read" : "write";
	pthread_mutex_lock(&g.mu);
	uint64_t seq = ++g.seq;
	if (op == OP_READ)
		g.nread++;
	else
		g.nwrite++;
	struct rule *r = match_locked(op, (uint64_t)off, size);
	int act = r ? r->action : 0, id = r ? r->id : 0;
	long ms = r ? r->ms : 0;
	pthread_mutex_unlock(&g.mu);
	if (act == ACT_FAIL) {
		__sync_fetch_and_add(&g.nfailed, 1);
		logf_("#%" PRIu64 " %s off=%jd len=%zu -> FAIL EIO (rule %d)",
		      seq, what, (intmax_t)off, size, id);
		return -EIO;
	}
	ssize_t n = op == OP_READ ? pread(g.fd, rbuf, size, off)
				  : pwrite(g.fd, wbuf, size, off);
	int ret = n < 0 ? -errno : (int)n;
	if (act == ACT_HOLD) {
		char written[32] = "";
		if (op == OP_WRITE)
			snprintf(written, sizeof(written), " written %d", ret);
		logf_("#%" PRIu64 " %s off=%jd len=%zu -> HOLD (rule %d, %s)%s",
		      seq, what, (intmax_t)off, size, id,
		      ms ? "timed" : "until release", written);
		double waited = hold_request(seq, (uint64_t)off, size, ms);
		logf_("#%" PRIu64 " %s off=%jd len=%zu -> reply %d after %.1f ms",
		      seq, what, (intmax_t)off, size, ret, waited);
	} else if (!g.quiet)
		logf_("#%" PRIu64 " %s off=%jd len=%zu -> ok %d", seq, what,
		      (intmax_t)off, size, ret);
	return ret;
}

static int fd_read(const char *path, char *buf, size_t size, off_t off,
		   struct fuse_file_info *fi)
{
	(void)fi;
	if (is_ctl(path)) {
		char st[sizeof(g.ctlbuf) * 2];
		pthread_mutex_lock(&g.mu);
		status_locked(st, sizeof(st));
		pthread_mutex_unlock(&g.mu);
		size_t len = strlen(st);
		if ((size_t)off >= len)
			return 0;
		if (size > len - (size_t)off)
			size = len - (size_t)off;
		memcpy(buf, st + off, size);
		return (int)size;
	}
	if (!is_disk(path))
		return -ENOENT;
	return disk_request(OP_READ, buf, NULL, size, off);
}

static int ctl_command(char *line, char *err, size_t errlen)
{
	char *p = line;
	while (*p == ' ' || *p == '\t')
		p++;
	size_t n = strlen(p);
	while (n && (p[n - 1] == '\n' || p[n - 1] == ' ' || p[n - 1] == '\r'))
		p[--n] = 0;
	if (!*p || *p == '#')
		return 0;
	logf_("ctl: %s", p);
	if (!strncmp(p, "hold", 4) || !strncmp(p, "fail", 4)) {
		struct rule r;
		if (parse_rule(p, &r, err, errlen))
			return -1;
		pthread_mutex_lock(&g.mu);
		int id = add_rule_locked(&r, err, errlen);
		pthread_mutex_unlock(&g.mu);
		if (id < 0)
			return -1;
		logf_("ctl: rule %d added", id);
		return 0;
	}
	if (!strcmp(p, "clear")) {
		pthread_mutex_lock(&g.mu);
		memset(g.rules, 0, sizeof(g.rules));
		pthread_mutex_unlock(&g.mu);
		return 0;
	}
	if (!strcmp(p, "arm")) {
		pthread_mutex_lock(&g.mu);
		for (int i = 0; i < MAX_RULES; i++)
			g.rules[i].seen = 0, g.rules[i].spent = 0;
		pthread_mutex_unlock(&g.mu);
		return 0;
	}
	if (!strncmp(p, "del ", 4)) {
		uint64_t id;
		if (parse_num(p + 4, &id)) {
			snprintf(err, errlen, "del: bad rule id");
			return -1;
		}
		int found = 0;
		pthread_mutex_lock(&g.mu);
		for (int i = 0; i < MAX_RULES; i++)
			if (g.rules[i].used && (uint64_t)g.rules[i].id == id) {
				g.rules[i].used = 0;
				found = 1;
			}
		pthread_mutex_unlock(&g.mu);
		if (!found) {
			snprintf(err, errlen, "del: no rule %" PRIu64, id);
			return -1;
		}
		return 0;
	}
	if (!strncmp(p, "exclude ", 8)) {
		struct range r;
		if (parse_range(p + 8, &r)) {
			snprintf(err, errlen, "exclude: want OFF+LEN");
			return -1;
		}
		pthread_mutex_lock(&g.mu);
		int ok = g.nexcl < MAX_EXCL;
		if (ok)
			g.excl[g.nexcl++] = r;
		pthread_mutex_unlock(&g.mu);
		if (!ok) {
			snprintf(err, errlen, "more than %d excludes", MAX_EXCL);
			return -1;
		}
		return 0;
	}
	if (!strcmp(p, "release") || !strncmp(p, "release ", 8)) {
		const char *a = p[7] ? p + 8 : "all";
		uint64_t seq = 0;
		int all = !strcmp(a, "all");
		if (!all && parse_num(a, &seq)) {
			snprintf(err, errlen, "release: want SEQ or all");
			return -1;
		}
		int cnt = 0;
		pthread_mutex_lock(&g.mu);
		for (struct held *h = g.held; h; h = h->next)
			if (all || h->seq == seq) {
				h->released = 1;
				cnt++;
			}
		pthread_cond_broadcast(&g.cv);
		pthread_mutex_unlock(&g.mu);
		logf_("ctl: released %d", cnt);
		return 0;
	}
	if (!strncmp(p, "mark", 4))
		return 0; /* already logged */
	snprintf(err, errlen, "unknown command '%s'", p);
	return -1;
}

static int fd_write(const char *path, const char *buf, size_t size, off_t off,
		    struct fuse_file_info *fi)
{
	(void)fi;
	if (is_ctl(path)) {
		char text[4096], err[200];
		if (size >= sizeof(text))
			return -EINVAL;
		memcpy(text, buf, size);
		text[size] = 0;
		char *save = NULL;
		for (char *l = strtok_r(text, "\n", &save); l;
		     l = strtok_r(NULL, "\n", &save))
			if (ctl_command(l, err, sizeof(err))) {
				logf_("ctl: error: %s", err);
				return -EINVAL;
			}
		return (int)size;
	}
	if (!is_disk(path))
		return -ENOENT;
	if ((uint64_t)off + size > g.size)
		return -ENOSPC;
	return disk_request(OP_WRITE, NULL, buf, size, off);
}

static int fd_fsync(const char *path, int datasync, struct fuse_file_info *fi)
{
	(void)fi;
	if (!is_disk(path))
		return 0;
	int e = datasync ? fdatasync(g.fd) : fsync(g.fd);
	if (!g.quiet)
		logf_("fsync -> %d", e ? -errno : 0);
	return e ? -errno : 0;
}

static int fd_flush(const char *path, struct fuse_file_info *fi)
{
	(void)path; (void)fi;
	return 0;
}

static const struct fuse_operations ops = {
	.init = fd_init,
	.getattr = fd_getattr,
	.readdir = fd_readdir,
	.open = fd_open,
	.truncate = fd_truncate,
	.read = fd_read,
	.write = fd_write,
	.fsync = fd_fsync,
	.flush = fd_flush,
};

static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("faultdisk: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (faultdisk -h for usage)\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	char *fargv[64];
	int fargc = 0, opt;
	clock_gettime(CLOCK_MONOTONIC, &g.t0);
	g.log = stderr;
	/* hold deadlines are CLOCK_MONOTONIC */
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g.cv, &ca);
	fargv[fargc++] = argv[0];
	/* rules are parsed after -l so that errors name the rule */
	const char *rules[MAX_RULES];
	int nrules = 0;
	while ((opt = getopt(argc, argv, "+r:x:l:o:qh")) != -1) {
		switch (opt) {
		case 'r':
			if (nrules == MAX_RULES)
				die("more than %d rules", MAX_RULES);
			rules[nrules++] = optarg;
			break;
		case 'x':
			if (g.nexcl == MAX_EXCL)
				die("more than %d -x", MAX_EXCL);
			if (parse_range(optarg, &g.excl[g.nexcl++]))
				die("bad -x '%s': want OFF+LEN (LEN >= 1)", optarg);
			break;
		case 'l':
			g.logpath = optarg;
			break;
		case 'o':
			if (fargc > 56)
				die("too many -o");
			fargv[fargc++] = "-o";
			fargv[fargc++] = optarg;
			break;
		case 'q':
			g.quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind != 2)
		die("want IMAGE MOUNTPOINT, got %d argument(s)", argc - optind);
	g.image = argv[optind];
	g.mnt = argv[optind + 1];
	for (int i = 0; i < nrules; i++) {
		struct rule r;
		char err[200];
		if (parse_rule(rules[i], &r, err, sizeof(err)))
			die("bad rule '%s': %s", rules[i], err);
		if (add_rule_locked(&r, err, sizeof(err)) < 0)
			die("%s", err);
	}
	struct stat st;
	if (stat(g.mnt, &st) || !S_ISDIR(st.st_mode))
		die("mount point '%s' is not a directory", g.mnt);
	g.fd = open(g.image, O_RDWR);
	if (g.fd < 0)
		die("cannot open image '%s': %s", g.image, strerror(errno));
	if (fstat(g.fd, &st) || !S_ISREG(st.st_mode) || st.st_size <= 0)
		die("image '%s' is not a non-empty regular file", g.image);
	g.size = (uint64_t)st.st_size;
	if (g.logpath) {
		g.log = fopen(g.logpath, "a");
		if (!g.log)
			die("cannot open log '%s': %s", g.logpath, strerror(errno));
	}
	for (int i = 0; i < MAX_RULES; i++)
		if (g.rules[i].used)
			logf_("rule %d: %s", g.rules[i].id, g.rules[i].text);
	for (int i = 0; i < g.nexcl; i++)
		logf_("exclude %" PRIu64 "+%" PRIu64, g.excl[i].off, g.excl[i].len);
	fargv[fargc++] = "-f";
	fargv[fargc++] = "-o";
	fargv[fargc++] = "fsname=faultdisk,subtype=faultdisk,max_threads=64";
	fargv[fargc++] = (char *)g.mnt;
	fargv[fargc] = NULL;
	int rc = fuse_main(fargc, fargv, &ops, NULL);
	logf_("exit %d", rc);
	return rc;
}
