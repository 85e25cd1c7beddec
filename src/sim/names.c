// SPDX-License-Identifier: GPL-2.0
/* Names shared by the port's trace and the scenario text form. */
#include <string.h>
#include "cowfuzz.h"
#include "cf_windows.h"

static const char *const yield_names[YP_NR] = {
#define X(id, name) [id] = name,
	CF_YIELD_POINTS(X)
#undef X
};

static const char *const op_names[CF_OP_NR] = {
	[CF_OP_WRITE] = "write",	[CF_OP_DWRITE] = "dwrite",
	[CF_OP_FSYNC] = "fsync",	[CF_OP_SYNC_RANGE] = "sync_range",
	[CF_OP_WRITEBACK] = "writeback", [CF_OP_REFLINK] = "reflink",
	[CF_OP_TRUNCATE] = "truncate",	[CF_OP_PUNCH] = "punch",
	[CF_OP_ALWAYS_COW] = "always_cow", [CF_OP_DROP_CACHES] = "drop_caches",
	[CF_OP_WAIT] = "wait",		[CF_OP_READ] = "read",
	[CF_OP_ENDIO] = "complete",	[CF_OP_DIOEND] = "complete",
	[CF_OP_RECLAIM] = "reclaim",	[CF_OP_RESUME] = "resume",
	[CF_OP_UNSHARE] = "unshare",
};

static const char *const task_names[CF_NTASKS] = {
	"t0", "t1", "t2", "t3", "wb", "endio", "dioend", "gc",
};

static const char *const fault_names[CF_FAULT_NR] = {
	"none", "eio", "enospc", "nomem", "edquot",
};

int cf_yield_count(void) { return YP_NR; }

const char *cf_yield_name(int point)
{
	return point >= 0 && point < YP_NR ? yield_names[point] : "?";
}

int cf_yield_find(const char *name)
{
	for (int i = 0; i < YP_NR; i++)
		if (!strcmp(yield_names[i], name))
			return i;
	return -1;
}

const char *cf_op_name(int kind)
{
	return kind >= 0 && kind < CF_OP_NR ? op_names[kind] : "?";
}

const char *cf_task_name(int task)
{
	return task >= 0 && task < CF_NTASKS ? task_names[task] : "?";
}

const char *cf_fault_name(int fault)
{
	return fault >= 0 && fault < CF_FAULT_NR ? fault_names[fault] : "?";
}

static const struct { int klass; const char *name; } class_names[] = {
	{ CF_OK, "ok" },
	{ CF_STALE_WHICHFORK, "stale-whichfork" },
	{ CF_WRITE_TOSSED, "write-tossed" },
	{ CF_DATA_LOSS, "data-loss" },
	{ CF_STALE_DATA, "stale-data" },
	{ CF_INVARIANT, "invariant" },
	{ CF_ERROR_NOT_REPORTED, "error-not-reported" },
	{ CF_ERROR_INVENTED, "error-invented" },
	{ CF_LIVENESS, "liveness" },
};

const char *cf_class_name(int klass)
{
	for (size_t i = 0; i < sizeof(class_names) / sizeof(class_names[0]); i++)
		if (class_names[i].klass == klass)
			return class_names[i].name;
	return "?";
}

int cf_class_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(class_names) / sizeof(class_names[0]); i++)
		if (!strcmp(class_names[i].name, name))
			return class_names[i].klass;
	return -1;
}

void cf_geometry_default(struct cf_geometry *geo)
{
	memset(geo, 0, sizeof(*geo));
	geo->block_size = 4096;
	geo->dev_blocks = 256;
	geo->frag = 0;
	geo->cowextsize = 8;
	geo->always_cow = 0;
	geo->init = CF_INIT_NONE;
	geo->init_blocks = 0;
}
