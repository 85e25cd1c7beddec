/* Does a writeback pass reuse a cached CoW mapping after another writeback
 * remapped part of it?  t0: sync_file_range(WRITE) over a big CoW range of a;
 * t1, meanwhile: clone a[k] to b[0] (its flush writes a[k] through the CoW
 * fork and remaps it), then write Y to a[k].  If t0 later writes a[k] with
 * its cached mapping, Y lands in the block b now shares. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/fs.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static int fa, fb;
static off_t size, koff;
static long delay_us;
static double t0s, t0e, t1c, t1w;
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e6 + t.tv_nsec / 1e3; }

static void *t0(void *arg)
{
	(void)arg;
	t0s = now();
	if (sync_file_range(fa, 0, size, SYNC_FILE_RANGE_WRITE))
		perror("sync_file_range");
	t0e = now();
	return NULL;
}

static void *t1(void *arg)
{
	static char y[4096];
	struct file_clone_range r = { .src_fd = fa, .src_offset = koff,
				      .src_length = 4096, .dest_offset = 0 };
	struct timespec ts = { 0, delay_us * 1000 };

	(void)arg;
	memset(y, 0x59, sizeof(y));
	nanosleep(&ts, NULL);
	if (ioctl(fb, FICLONERANGE, &r))
		perror("FICLONERANGE");
	t1c = now();
	if (pwrite(fa, y, 4096, koff) != 4096)
		perror("pwrite y");
	t1w = now();
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t a, b;
	unsigned char buf[4096];

	if (argc != 6) {
		fprintf(stderr, "usage: %s A B SIZE KOFF DELAY_US\n", argv[0]);
		return 2;
	}
	size = atoll(argv[3]);
	koff = atoll(argv[4]);
	delay_us = atol(argv[5]);
	fa = open(argv[1], O_RDWR);
	fb = open(argv[2], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fa < 0 || fb < 0) {
		perror("open");
		return 2;
	}
	pthread_create(&a, NULL, t0, NULL);
	pthread_create(&b, NULL, t1, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	fsync(fa);
	fsync(fb);
	close(fb);
	/* read b[0] back from disk */
	{
		int fd;
		FILE *f = fopen("/proc/sys/vm/drop_caches", "w");

		if (f) { fputs("3\n", f); fclose(f); }
		fd = open(argv[2], O_RDONLY | O_DIRECT);
		if (fd < 0 || pread(fd, buf, 4096, 0) != 4096) {
			/* O_DIRECT needs alignment; fall back */
			fd = open(argv[2], O_RDONLY);
			if (pread(fd, buf, 4096, 0) != 4096) { perror("pread"); return 2; }
		}
	}
	fprintf(stderr, "t0 %.0f us; clone done at %.0f, write at %.0f\n", t0e - t0s, t1c - t0s, t1w - t0s);
	printf("b[0] = 0x%02x (0x58 = a's data when cloned, 0x59 = written to a after the clone)\n", buf[0]);
	return buf[0] == 0x59;
}
