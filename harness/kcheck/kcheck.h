/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcheck.h - run scenarios on the host's XFS and compare with the port.
 *
 * kernel-check runs a scenario's operations one after the other with real
 * syscalls on a loop-mounted reflink XFS, then compares each file's size,
 * block contents and FIEMAP sharing with the port's reference model
 * (cf_run with want_final on the fixed profile, pauses and async cleared).
 * The pieces are split so that `cowfuzz export` can reuse the sequential
 * model and the tests can compare a directory filled by an exported script.
 */
#ifndef COWFUZZ_KCHECK_H
#define COWFUZZ_KCHECK_H

#include <stddef.h>
#include <stdint.h>
#include "cowfuzz.h"

#define KC_EXIT_SKIP	77	/* the automake/ctest "skipped" code */
#define KC_MSG_MAX	512

/*
 * A plain sequential model of the three files: the tag every block holds and
 * the size.  It is what a correct kernel gives when the lines run one after
 * the other; kernel-check uses it for `read` lines (the port's result only
 * carries the final state) and export uses it to predict reads and the end.
 */
#define KC_TAG_MIXED	0xffff	/* tag[]: the block's bytes differ, see mix[] */
struct kc_model {
	uint32_t	bs;
	uint32_t	size_blocks[CF_NINODES];	/* size rounded up */
	uint64_t	size_bytes[CF_NINODES];
	uint16_t	tag[CF_NINODES][CF_MAX_FILE_BLOCKS];
	struct kc_mix {
		uint8_t			n;
		struct cf_content_run	r[CF_MIX_RUNS];
	} mix[CF_NINODES][CF_MAX_FILE_BLOCKS];
};
/* The profile a real kernel is judged by: the fixed one, or v6.18 (the
 * host's kernel) for a scenario with atomic writes, which only it has. */
const struct cf_profile_info *kc_compare_profile(const struct cf_scenario *scn);
/* The host's atomic write unit maximum on a 512 MiB image, in blocks. */
uint32_t kc_atomic_max_blocks(uint32_t block_size);

/* The tag at byte x of block blk. */
uint16_t kc_model_at(const struct kc_model *m, unsigned ino, uint32_t blk, uint32_t x);

void kc_model_init(struct kc_model *m, const struct cf_scenario *scn);
/* 0 if a real kernel accepts the op, else the -errno it returns. */
int kc_model_predict(const struct kc_model *m, const struct cf_op *op);
/* Apply an op that succeeded; opidx gives its data tag. */
void kc_model_apply(struct kc_model *m, const struct cf_op *op, uint32_t opidx);
/* Reflink length in blocks once "0 = to EOF" is resolved. */
uint32_t kc_reflink_len(const struct kc_model *m, const struct cf_op *op);

/* Why the scenario cannot run sequentially on this host, or NULL. */
const char *kc_unsupported(const struct cf_scenario *scn, int have_always_cow);
/* The sequential reading of a scenario: pauses and `async` cleared, the
 * completion workers run after every line; map[] (CF_MAX_OPS entries)
 * gives each op's index in the original, KC_INSERTED for added ones. */
#define KC_INSERTED	0xffff
void kc_sequentialize(const struct cf_scenario *in, struct cf_scenario *out,
		      uint16_t *map);
/* Run the port on the sequential reading, its tags mapped back to the
 * original lines; 0, 1 when the port fired or crashed, -1 (msg). */
int kc_port_final(const struct cf_scenario *scn, struct cf_result *res,
		  char *msg, size_t len);
/* The same on a given profile (kernel-check --profile). */
int kc_port_final_on(const struct cf_scenario *scn,
		     const struct cf_profile_info *prof, struct cf_result *res,
		     char *msg, size_t len);

/* What the kernel left in one file, read back from disk. */
#define KC_OBS_RUNS	32
struct kc_file_obs {
	uint64_t	size;
	uint32_t	bs;
	uint32_t	nblocks;			/* size rounded up */
	int16_t		byte[CF_MAX_FILE_BLOCKS];	/* -1: bytes differ */
	uint8_t		shared[CF_MAX_FILE_BLOCKS];	/* FIEMAP_EXTENT_SHARED */
	/* the bytes of each block inside EOF as runs (sub-block content);
	 * n = 0 when there were more than KC_OBS_RUNS */
	struct kc_obs_block {
		uint8_t		n;
		uint8_t		val[KC_OBS_RUNS];
		uint16_t	end[KC_OBS_RUNS];
	} blk[CF_MAX_FILE_BLOCKS];
};

/* Flush, drop the clean pages and read ino1..3 in dir back. */
int kc_observe(const char *dir, uint32_t block_size,
	       struct kc_file_obs obs[CF_NINODES], char *msg, size_t len);
/* 0 if the kernel matches the port, 1 with the first difference in msg. */
int kc_compare(const struct cf_result *res,
	       const struct kc_file_obs obs[CF_NINODES], char *msg, size_t len);

/* Executing a scenario with syscalls in a fresh directory. */
struct kc_exec_opts {
	int		verbose;	/* print each syscall and its result */
	volatile int	*stop;		/* set by a signal: give up soon */
	char		*note;		/* KC_MSG_MAX: the first line whose
					 * kernel result the model did not
					 * predict (filled if empty) */
};
/*
 * Returns 0 when every line ran (errors the kernel returns are part of the
 * run: they are noted, the model follows the kernel); 1 when a `read` line
 * returned other data than the sequential model (msg says where); -1 when
 * the host failed us (msg).
 */
int kc_exec(const struct cf_scenario *scn, const char *dir,
	    const struct kc_exec_opts *opts, char *msg, size_t len);

/* Remove ino1..3 and the directory kc_exec made. */
void kc_remove_dir(const char *dir);

/* The host: environment check and one mounted image per block size. */
struct kc_host {
	char		tmpdir[256];	/* our temp dir, removed at the end */
	const char	*image_arg;	/* --image PATH, or NULL */
	int		keep;		/* --keep: leave the images */
	struct {
		uint32_t	block_size;	/* 0: slot unused */
		char		image[320];
		char		mnt[320];
		int		mounted;
	} fs[3];
};

/* NULL if this host can run kernel-check, else the reason, one line. */
const char *kc_host_unusable(void);
int kc_host_init(struct kc_host *h, const char *image_arg, int keep,
		 char *msg, size_t len);
/* The mount point of an XFS with this block size (mkfs + mount on first
 * use); NULL with msg on failure. */
const char *kc_host_mount(struct kc_host *h, uint32_t block_size,
			  char *msg, size_t len);
/* The same with syscalls only, for a fatal signal handler. */
void kc_host_emergency(struct kc_host *h);
/* Unmount everything and remove what we created; safe to call twice. */
void kc_host_cleanup(struct kc_host *h);
int kc_have_always_cow(void);
int kc_host_set_always_cow(struct kc_host *h, uint32_t block_size, int on,
			   char *msg, size_t len);

/* Random sequential scenarios for kernel-check-many. */
void kc_generate(uint64_t seed, uint32_t index, struct cf_scenario *out);

/* Run a program (argv[0] looked up in PATH), output to /dev/null unless
 * verbose; returns its exit status, or -1. */
int kc_spawn(char *const argv[], int quiet);

#endif /* COWFUZZ_KCHECK_H */
