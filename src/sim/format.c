// SPDX-License-Identifier: GPL-2.0
/*
 * The one formatter of a scenario operation, as the canonical text form
 * writes it (docs/scenario.md), exported through cowfuzz.h: the trace's
 * "== op N:" lines use it, and the harness's scenario text can.
 */
#include <stdarg.h>
#include <stdio.h>
#include "cowfuzz.h"

static void emit(char *buf, size_t cap, size_t *pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void emit(char *buf, size_t cap, size_t *pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(*pos < cap ? buf + *pos : NULL, *pos < cap ? cap - *pos : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		*pos += n;
}

size_t cf_format_op(const struct cf_scenario *scn, const struct cf_op *op,
		    char *buf, size_t cap)
{
	uint64_t bs = scn->geo.block_size;
	size_t pos = 0;
	const char *sep = " (";

	if (cap)
		buf[0] = 0;
	emit(buf, cap, &pos, "%s: %s", cf_task_name(op->task), cf_op_name(op->kind));
	switch (op->kind) {
	case CF_OP_WRITE: case CF_OP_DWRITE: case CF_OP_SYNC_RANGE:
	case CF_OP_PUNCH: case CF_OP_READ: case CF_OP_UNSHARE:
		emit(buf, cap, &pos, " ino=%u off=%llu len=%llu", op->ino,
		     (unsigned long long)cf_op_byte_off(op, bs),
		     (unsigned long long)cf_op_byte_len(op, bs));
		if (op->kind == CF_OP_DWRITE && op->flag)
			emit(buf, cap, &pos, " async");
		if (op->kind == CF_OP_DWRITE && op->atomic)
			emit(buf, cap, &pos, " atomic");
		break;
	case CF_OP_WRITEBACK:
		emit(buf, cap, &pos, " ino=%u", op->ino);
		if (op->flag)
			emit(buf, cap, &pos, " off=%llu len=%llu",
			     (unsigned long long)(op->off * bs), (unsigned long long)(op->len * bs));
		break;
	case CF_OP_FSYNC: case CF_OP_WAIT:
		emit(buf, cap, &pos, " ino=%u", op->ino);
		break;
	case CF_OP_REFLINK:
		emit(buf, cap, &pos, " src=%u dst=%u soff=%llu doff=%llu len=%llu",
		     op->ino, op->ino2, (unsigned long long)(op->off * bs),
		     (unsigned long long)(op->off2 * bs), (unsigned long long)(op->len * bs));
		break;
	case CF_OP_TRUNCATE:
		emit(buf, cap, &pos, " ino=%u size=%llu", op->ino,
		     (unsigned long long)cf_op_byte_off(op, bs));
		break;
	case CF_OP_ALWAYS_COW:
		emit(buf, cap, &pos, " %s", op->flag ? "on" : "off");
		break;
	case CF_OP_ENDIO: case CF_OP_DIOEND:
		if (op->len)
			emit(buf, cap, &pos, " count=%u", op->len);
		break;
	case CF_OP_RECLAIM:
		if (op->flag)
			emit(buf, cap, &pos, " ino=%u", op->ino);
		break;
	default:
		break;
	}
	if (op->pause_point) {
		emit(buf, cap, &pos, "%spause: %s", sep, cf_yield_name(op->pause_point - 1));
		if (op->pause_nth != 1)
			emit(buf, cap, &pos, "#%u", op->pause_nth);
		sep = ", ";
	}
	if (op->fault) {
		emit(buf, cap, &pos, "%sfault: %s", sep, cf_fault_name(op->fault));
		if (op->fault_nth != 1)
			emit(buf, cap, &pos, "#%u", op->fault_nth);
		sep = ", ";
	}
	if (sep[0] == ',')
		emit(buf, cap, &pos, ")");
	return pos;
}
