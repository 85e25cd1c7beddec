/* fragrun: fill the free space of an XFS file system with one file, then
 * punch RUN blocks out of every RUN+1, so free space is RUN-block extents;
 * with WANT, allocate only WANT blocks (a later round over what is left).
 * usage: fragrun FILE RUN [WANT]        (blocks of 4 KiB) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <linux/falloc.h>

int main(int argc, char **argv)
{
	long run, want = 0, off = 0, chunk = 1024, holes = 0;
	int fd;

	if (argc < 3 || argc > 4 || (run = atol(argv[2])) < 1 ||
	    (argc == 4 && (want = atol(argv[3])) < 1)) {
		fprintf(stderr, "usage: fragrun FILE RUN [WANT] (RUN, WANT >= 1 blocks)\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	for (;;) {
		long n = want && off + chunk > want ? want - off : chunk;

		if (n <= 0)
			break;
		if (fallocate(fd, 0, off * 4096, n * 4096) == 0) {
			off += n;
			continue;
		}
		if (errno != ENOSPC) {
			perror("fallocate");
			return 1;
		}
		if (chunk == 1)
			break;
		chunk /= 2;
	}
	for (long b = 0; b + run <= off; b += run + 1, holes++)
		if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			      b * 4096, run * 4096)) {
			perror("punch");
			return 1;
		}
	fsync(fd);
	printf("fragrun %s: %ld blocks allocated, %ld holes of %ld blocks\n",
	       argv[1], off, holes, run);
	return 0;
}
