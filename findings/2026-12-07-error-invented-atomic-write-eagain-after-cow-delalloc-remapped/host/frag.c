/* frag: fill free space of an XFS fs with a file, then punch every other
 * 4 KiB block, so free space becomes 1-block extents.
 * usage: frag FILE [nblocks]   (nblocks 0 = fill until ENOSPC) */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <errno.h>
#include <string.h>
#include <linux/falloc.h>
int main(int argc, char **argv) {
	int fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
	long want = argc > 2 ? atol(argv[2]) : 0;
	if (fd < 0) { perror("open"); return 1; }
	long off = 0; long chunk = 256;   /* blocks */
	for (;;) {
		if (want && off >= want) break;
		long n = chunk; if (want && off + n > want) n = want - off;
		if (fallocate(fd, 0, off * 4096, n * 4096) == 0) { off += n; continue; }
		if (errno != ENOSPC) { perror("fallocate"); return 1; }
		/* fallocate may have allocated part of it; find size via lseek? just shrink chunk */
		if (chunk == 1) break;
		chunk /= 2;
	}
	/* the file may have allocated more than off (partial fallocate); use st_blocks not needed */
	long punched = 0;
	for (long b = 0; b < off; b += 2) {
		if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, b * 4096, 4096)) { perror("punch"); return 1; }
		punched++;
	}
	fsync(fd);
	printf("frag %s: allocated %ld blocks, punched %ld\n", argv[1], off, punched);
	return 0;
}
