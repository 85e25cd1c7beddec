// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of kernel-check: is this machine able to do it, and a
 * loop-mounted reflink XFS per block size, always unmounted and removed at
 * the end.  mkfs.xfs and mount(8) are run as programs rather than
 * reimplemented: `mount -o loop` sets the loop device up with autoclear, so
 * unmounting also frees the loop device.
 */
#define _GNU_SOURCE	/* O_DIRECT, sync_file_range, fallocate */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "kcheck.h"

/* xfsprogs 6.1 refuses images under 300 MB; sparse, so it costs nothing. */
#define KC_IMAGE_BYTES	(512ull << 20)
#define KC_ALWAYS_COW	"/sys/fs/xfs/debug/always_cow"

static int in_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[512];

	if (!path || !*path)
		path = "/usr/sbin:/usr/bin:/sbin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path, prog);
		if (n && access(buf, X_OK) == 0)
			return 1;
		path += n + (path[n] == ':');
	}
	/* root's tools live in sbin, which a plain user PATH may lack */
	snprintf(buf, sizeof(buf), "/usr/sbin/%s", prog);
	if (access(buf, X_OK) == 0)
		return 1;
	snprintf(buf, sizeof(buf), "/sbin/%s", prog);
	return access(buf, X_OK) == 0;
}

const char *kc_host_unusable(void)
{
	if (geteuid() != 0)
		return "kernel-check needs root (mkfs, loop mount); skipped";
	if (access("/dev/loop-control", F_OK) != 0)
		return "kernel-check: no loop device support here (/dev/loop-control missing); skipped";
	if (!in_path("mkfs.xfs"))
		return "kernel-check: mkfs.xfs not found (apt-get install xfsprogs); skipped";
	if (!in_path("mount"))
		return "kernel-check: mount(8) not found; skipped";
	return NULL;
}

int kc_have_always_cow(void)
{
	return access(KC_ALWAYS_COW, W_OK) == 0;
}

/* The child gets a PATH that has sbin in it, whatever ours says. */
static void child_exec(char *const argv[], int errfd)
{
	const char *path = getenv("PATH");
	char buf[1024];

	snprintf(buf, sizeof(buf), "%s:/usr/sbin:/sbin:/usr/bin:/bin",
		 path ? path : "");
	setenv("PATH", buf, 1);
	if (errfd >= 0) {
		dup2(errfd, 1);
		dup2(errfd, 2);
	}
	execvp(argv[0], argv);
	_exit(127);
}

/* Run argv; its output goes to outfile (or stays on ours if NULL). */
static int spawn_to(char *const argv[], const char *outfile)
{
	int fd = -1, status;
	pid_t pid, w;

	if (outfile) {
		fd = open(outfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd < 0)
			return -1;
	}
	pid = fork();
	if (pid < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (pid == 0)
		child_exec(argv, fd);
	if (fd >= 0)
		close(fd);
	/* A signal interrupts the wait: the child had it too (same process
	 * group) or is told now, so it never outlives our cleanup. */
	while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		kill(pid, SIGTERM);
	if (w < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int kc_spawn(char *const argv[], int quiet)
{
	return spawn_to(argv, quiet ? "/dev/null" : NULL);
}

/* Run argv; on failure put its first output line into msg. */
static int spawn_checked(struct kc_host *h, char *const argv[], char *msg,
			 size_t len)
{
	char out[320], line[256] = "";
	FILE *f;
	int rc;

	snprintf(out, sizeof(out), "%s/cmd.out", h->tmpdir);
	rc = spawn_to(argv, out);
	if (rc == 0) {
		unlink(out);
		return 0;
	}
	f = fopen(out, "r");
	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = 0;
		fclose(f);
	}
	unlink(out);
	line[strcspn(line, "\n")] = 0;
	snprintf(msg, len, "%s failed (exit %d)%s%s", argv[0], rc,
		 line[0] ? ": " : "", line);
	return -1;
}

int kc_host_init(struct kc_host *h, const char *image_arg, int keep,
		 char *msg, size_t len)
{
	const char *tmp = getenv("TMPDIR");

	memset(h, 0, sizeof(*h));
	h->image_arg = image_arg;
	h->keep = keep;
	snprintf(h->tmpdir, sizeof(h->tmpdir), "%s/cowfuzz-kcheck.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(h->tmpdir)) {
		snprintf(msg, len, "cannot create a temp dir in %s: %s",
			 tmp && *tmp ? tmp : "/tmp", strerror(errno));
		h->tmpdir[0] = 0;
		return -1;
	}
	return 0;
}

static void image_path(struct kc_host *h, int slot, uint32_t bs, char *buf,
		       size_t len)
{
	if (h->image_arg && slot == 0)
		snprintf(buf, len, "%s", h->image_arg);
	else if (h->image_arg)
		snprintf(buf, len, "%s.%u", h->image_arg, bs);
	else
		snprintf(buf, len, "%s/xfs-%u.img", h->tmpdir, bs);
}

static int make_image(const char *path, uint32_t bs, struct kc_host *h,
		      char *msg, size_t len)
{
	char bsz[32];
	char *mkfs[] = { "mkfs.xfs", "-q", "-f", "-m", "reflink=1", "-b", bsz,
			 (char *)path, NULL };
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0) {
		snprintf(msg, len, "%s: cannot create: %s", path, strerror(errno));
		return -1;
	}
	if (ftruncate(fd, (off_t)KC_IMAGE_BYTES) != 0) {
		snprintf(msg, len, "%s: cannot size to 512 MiB: %s", path,
			 strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	snprintf(bsz, sizeof(bsz), "size=%u", bs);
	return spawn_checked(h, mkfs, msg, len);
}

static int do_mount(struct kc_host *h, int slot, char *msg, size_t len)
{
	char *mnt[] = { "mount", "-t", "xfs", "-o", "loop", h->fs[slot].image,
			h->fs[slot].mnt, NULL };

	if (spawn_checked(h, mnt, msg, len))
		return -1;
	h->fs[slot].mounted = 1;
	return 0;
}

/* umount(2), waiting out a short EBUSY (a just-closed file, a flusher),
 * then detaching lazily so the image never stays mounted behind us. */
static void do_umount(const char *mnt)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };

	for (int i = 0; i < 20; i++) {
		if (umount2(mnt, 0) == 0 || errno == EINVAL || errno == ENOENT)
			return;
		if (errno != EBUSY)
			break;
		nanosleep(&ts, NULL);
	}
	if (umount2(mnt, MNT_DETACH) != 0 && errno != EINVAL)
		fprintf(stderr, "kernel-check: cannot unmount %s: %s\n", mnt,
			strerror(errno));
}

const char *kc_host_mount(struct kc_host *h, uint32_t bs, char *msg, size_t len)
{
	int slot;

	for (slot = 0; slot < 3 && h->fs[slot].block_size; slot++)
		if (h->fs[slot].block_size == bs)
			return h->fs[slot].mnt;
	if (slot == 3) {
		snprintf(msg, len, "more than three block sizes");
		return NULL;
	}
	h->fs[slot].block_size = bs;
	image_path(h, slot, bs, h->fs[slot].image, sizeof(h->fs[slot].image));
	snprintf(h->fs[slot].mnt, sizeof(h->fs[slot].mnt), "%s/mnt-%u",
		 h->tmpdir, bs);
	if (mkdir(h->fs[slot].mnt, 0700) != 0) {
		snprintf(msg, len, "%s: %s", h->fs[slot].mnt, strerror(errno));
		return NULL;
	}
	if (make_image(h->fs[slot].image, bs, h, msg, len) ||
	    do_mount(h, slot, msg, len))
		return NULL;
	return h->fs[slot].mnt;
}

int kc_host_set_always_cow(struct kc_host *h, uint32_t bs, int on, char *msg,
			   size_t len)
{
	int slot, fd;

	for (slot = 0; slot < 3; slot++)
		if (h->fs[slot].block_size == bs && h->fs[slot].mounted)
			break;
	if (slot == 3) {
		snprintf(msg, len, "no mount for block size %u", bs);
		return -1;
	}
	fd = open(KC_ALWAYS_COW, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, on ? "1" : "0", 1) != 1) {
		snprintf(msg, len, "%s: %s", KC_ALWAYS_COW, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	/* XFS copies the knob into m_always_cow at mount time only. */
	do_umount(h->fs[slot].mnt);
	h->fs[slot].mounted = 0;
	return do_mount(h, slot, msg, len);
}

/* Only syscalls: safe in a fatal-signal handler (a crash of ours). */
void kc_host_emergency(struct kc_host *h)
{
	for (int slot = 0; slot < 3; slot++) {
		if (!h->fs[slot].block_size)
			continue;
		if (h->fs[slot].mounted)
			umount2(h->fs[slot].mnt, MNT_DETACH);
		rmdir(h->fs[slot].mnt);
		if (!h->keep)
			unlink(h->fs[slot].image);
	}
	if (h->tmpdir[0] && !h->keep)
		rmdir(h->tmpdir);
}

void kc_host_cleanup(struct kc_host *h)
{
	int kept = 0;

	for (int slot = 0; slot < 3; slot++) {
		if (!h->fs[slot].block_size)
			continue;
		if (h->fs[slot].mounted) {
			do_umount(h->fs[slot].mnt);
			h->fs[slot].mounted = 0;
		}
		rmdir(h->fs[slot].mnt);
		if (h->keep) {
			fprintf(stderr, "kernel-check: kept image %s (block size %u)\n",
				h->fs[slot].image, h->fs[slot].block_size);
			kept |= !h->image_arg;
		} else {
			unlink(h->fs[slot].image);
		}
		h->fs[slot].block_size = 0;
	}
	if (h->tmpdir[0] && !kept) {
		char out[320];

		snprintf(out, sizeof(out), "%s/cmd.out", h->tmpdir);
		unlink(out);
		rmdir(h->tmpdir);
		h->tmpdir[0] = 0;
	}
}
