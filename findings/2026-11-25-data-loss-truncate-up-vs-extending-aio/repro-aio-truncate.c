// SPDX-License-Identifier: GPL-2.0
/*
 * Real-kernel reproducer for findings/2026-11-25-data-loss-truncate-up-vs-
 * extending-aio: an extending AIO O_DIRECT write of 16 KiB at offset 0 of an
 * empty file, then ftruncate(32 KiB) while the AIO is still in flight, then
 * read back.  Any serial order of the two keeps the 16 KiB of 0xab; the
 * kernel returns zeroes.  Usage: repro-aio-truncate DIR TRIES (DIR on XFS).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(int argc, char **argv) {
	int tries = atoi(argv[2]), bad = 0, inflight = 0;
	for (int t = 0; t < tries; t++) {
		char path[256]; snprintf(path, sizeof path, "%s/f%d", argv[1], t);
		int fd = open(path, O_CREAT|O_TRUNC|O_RDWR|O_DIRECT, 0644);
		void *buf; posix_memalign(&buf, 4096, 16384); memset(buf, 0xab, 16384);
		aio_context_t ctx = 0; syscall(SYS_io_setup, 4, &ctx);
		struct iocb cb = {0}; struct iocb *cbs[1] = {&cb};
		cb.aio_fildes = fd; cb.aio_lio_opcode = IOCB_CMD_PWRITE; cb.aio_buf = (unsigned long)buf; cb.aio_nbytes = 16384; cb.aio_offset = 0;
		syscall(SYS_io_submit, ctx, 1, cbs);
		struct io_event ev; struct timespec zero = {0, 0};
		int done_before = syscall(SYS_io_getevents, ctx, 0, 1, &ev, &zero);
		ftruncate(fd, 32768);
		if (done_before <= 0) { inflight++; syscall(SYS_io_getevents, ctx, 1, 1, &ev, NULL); }
		char rb[16384] __attribute__((aligned(4096)));
		int rfd = open(path, O_RDONLY);
		pread(rfd, rb, 16384, 0);
		int zeros = 0; for (int i = 0; i < 16384; i++) zeros += rb[i] == 0;
		if (zeros) { bad++; if (bad < 4) printf("try %d: %d zero bytes in the AIO range (aio res %lld, in flight at truncate: %d)\n", t, zeros, (long long)ev.res, done_before <= 0); }
		close(rfd); close(fd); syscall(SYS_io_destroy, ctx); free(buf); unlink(path);
	}
	printf("%d tries, %d with the AIO still in flight at ftruncate, %d lost the AIO data\n", tries, inflight, bad);
}
