/* atomic1: one RWF_ATOMIC O_DIRECT write of LEN bytes at OFF; prints the
 * result ("ok" or the errno name) and exits 0 either way (1: bad usage or
 * open failure).  usage: atomic1 FILE OFF LEN */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>
#ifndef RWF_ATOMIC
#define RWF_ATOMIC 0x00000040
#endif

int main(int argc, char **argv)
{
	struct iovec iov;
	long off, len;
	void *buf;
	ssize_t ret;
	int fd;

	if (argc != 4 || (off = atol(argv[2])) < 0 || (len = atol(argv[3])) <= 0) {
		fprintf(stderr, "usage: atomic1 FILE OFF LEN\n");
		return 1;
	}
	fd = open(argv[1], O_RDWR | O_DIRECT);
	if (fd < 0 || posix_memalign(&buf, 4096, len)) {
		perror(argv[1]);
		return 1;
	}
	memset(buf, 0xab, len);
	iov.iov_base = buf;
	iov.iov_len = len;
	ret = pwritev2(fd, &iov, 1, off, RWF_ATOMIC);
	if (ret == len)
		printf("ok\n");
	else if (ret < 0)
		printf("%s\n", strerrorname_np(errno));
	else
		printf("short %zd\n", ret);
	free(buf);
	close(fd);
	return 0;
}
