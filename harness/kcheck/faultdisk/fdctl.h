/* fdctl.h: helpers for the host-test programs that drive a faultdisk
 * (faultdisk.c here) through its control file, e.g. the findings'
 * host-fuse/torn.c and stage.c.  Header-only: static inline functions and
 * two file-scope variables, for a program of one .c file.
 *
 * The program sets ctl to the control file's path (fdenv.sh's $FD_CTL,
 * passed on its command line) before marker(), ctl_cmd() or ctl_status(),
 * and may call trace_open() to have marker() write to tracefs too.
 * read2() is the programs' read-back of a test file's first two blocks.
 *
 * Needs _GNU_SOURCE defined before the first #include (O_DIRECT).
 */
#ifndef FDCTL_H
#define FDCTL_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

static const char *ctl;		/* the faultdisk's control file */
static int tracefd = -1;	/* tracefs trace_marker, or -1 */

/* Opens $TRACE_MARKER (run.sh's tracefs instance), else the top-level
 * trace_marker, for marker(); left -1 if that fails. */
static inline void trace_open(void)
{
	tracefd = open(getenv("TRACE_MARKER") ? getenv("TRACE_MARKER")
		       : "/sys/kernel/tracing/trace_marker", O_WRONLY);
}

/* A printf-style line into the tracefs capture (if trace_open() was
 * called) and, as "mark TEXT", into the faultdisk's request log, so that
 * both show where in the program the requests around it came from. */
static inline void marker(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void marker(const char *fmt, ...)
{
	char b[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b, sizeof(b), fmt, ap);
	va_end(ap);
	if (tracefd >= 0 && n > 0)
		if (write(tracefd, b, (size_t)n) < 0) {}
	int fd = open(ctl, O_WRONLY);
	if (fd >= 0) {
		char m[300];
		int k = snprintf(m, sizeof(m), "mark %s\n", b);
		if (write(fd, m, (size_t)k) < 0) {}
		close(fd);
	}
}

/* Writes control commands (one or more lines, each ending in \n, e.g.
 * "hold write once ms=0\n", "release all\n"; see faultdisk -h) in one
 * write.  0, or -1 (the error on stderr) if faultdisk refused them. */
static inline int ctl_cmd(const char *cmd)
{
	int fd = open(ctl, O_WRONLY);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, cmd, strlen(cmd));
	close(fd);
	if (n < 0) {
		fprintf(stderr, "ctl '%s': %s\n", cmd, strerror(errno));
		return -1;
	}
	return 0;
}

/* Reads the faultdisk's status (counters, "rule N: ... [seen S fired F]"
 * and "held #SEQ off=OFF len=LEN" lines) into buf, NUL-terminated.
 * Returns its length (> 0), or -1 if it could not be read. */
static inline ssize_t ctl_status(char *buf, size_t size)
{
	int fd = open(ctl, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, size - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n <= 0) {
		buf[0] = 0;
		return -1;
	}
	buf[n] = 0;
	return n;
}

/* Reads blocks 0 and 1 (of bs bytes each) of path with O_DIRECT and
 * describes them in desc (64 bytes are enough): per block its byte in hex
 * if the block is that byte throughout, else "??", e.g. "b1 aa".  On a
 * short read desc says "read error N ..." and -1 is returned, else 0. */
static inline int read2(const char *path, long bs, char *desc)
{
	unsigned char *b;
	if (posix_memalign((void **)&b, 4096, 2 * bs))
		return -1;
	int fd = open(path, O_RDONLY | O_DIRECT);
	ssize_t n = fd >= 0 ? pread(fd, b, 2 * bs, 0) : -1;
	if (fd >= 0)
		close(fd);
	if (n != 2 * bs) {
		sprintf(desc, "read error %zd %s", n, strerror(errno));
		free(b);
		return -1;
	}
	char *p = desc;
	for (int k = 0; k < 2; k++) {
		int u = 1;
		for (long i = 1; i < bs; i++)
			if (b[k * bs + i] != b[k * bs]) u = 0;
		p += u ? sprintf(p, "%s%02x", k ? " " : "", b[k * bs])
		       : sprintf(p, "%s??", k ? " " : "");
	}
	free(b);
	return 0;
}

/* CLOCK_MONOTONIC in seconds */
static inline double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

#endif
