/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: a batch of IPVS changes and the matching of acks to them (see batch.h).
 *
 * Entries are encoded back to back into one arena, which grows by doubling up
 * to max_entries * VGL_IPVS_MSG_MAX bytes. Entry i carries sequence number
 * seq_base + i, so an ack finds its entry by subtraction.
 */
#include "batch.h"

#include <assert.h>
#include <errno.h>
#include <linux/ip_vs.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum entry_state { WAITING, ACKED, FAILED };

struct entry {
	size_t off;
	uint32_t len;
	uint8_t state; /* enum entry_state */
	int error;
	struct vgl_ipvs_tag tag;
};

struct vgl_ipvs_batch {
	uint8_t *arena;
	size_t used, cap, cap_max;
	struct entry *ent;
	size_t count, max;
	uint32_t seq_base;
	size_t acked, failed;
	struct vgl_ipvs_failure fail[VGL_IPVS_FAIL_KEPT];
	size_t fail_kept;
};

struct vgl_ipvs_batch *vgl_ipvs_batch_new(size_t max_entries)
{
	struct vgl_ipvs_batch *b;

	if (max_entries == 0 || max_entries > VGL_IPVS_BATCH_MAX)
		return NULL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->max = max_entries;
	b->cap_max = max_entries * VGL_IPVS_MSG_MAX;
	b->ent = calloc(max_entries, sizeof(*b->ent));
	if (!b->ent) {
		free(b);
		return NULL;
	}
	return b;
}

void vgl_ipvs_batch_free(struct vgl_ipvs_batch *b)
{
	if (!b)
		return;
	free(b->arena);
	free(b->ent);
	free(b);
}

void vgl_ipvs_batch_reset(struct vgl_ipvs_batch *b)
{
	b->used = 0;
	b->count = 0;
	b->acked = b->failed = b->fail_kept = 0;
}

size_t vgl_ipvs_batch_count(const struct vgl_ipvs_batch *b)
{
	return b->count;
}

/* Room for one more message at the arena's end. */
static int reserve(struct vgl_ipvs_batch *b)
{
	size_t want = b->used + VGL_IPVS_MSG_MAX;
	size_t cap = b->cap ? b->cap : 65536;
	uint8_t *p;

	if (b->count >= b->max)
		return VGL_IPVS_ERR_NOSPACE;
	if (want <= b->cap)
		return 0;
	while (cap < want)
		cap *= 2;
	if (cap > b->cap_max)
		cap = b->cap_max;
	p = realloc(b->arena, cap);
	if (!p)
		return VGL_IPVS_ERR_NOSPACE;
	b->arena = p;
	b->cap = cap;
	return 0;
}

static int push(struct vgl_ipvs_batch *b, ssize_t n, const struct vgl_ipvs_tag *tag)
{
	struct entry *e;

	if (n < 0)
		return (int)n;
	e = &b->ent[b->count++];
	e->off = b->used;
	e->len = (uint32_t)n;
	e->state = WAITING;
	e->error = 0;
	e->tag = tag ? *tag : (struct vgl_ipvs_tag){ NULL, NULL, 0 };
	b->used += (size_t)n;
	assert(b->used <= b->cap);
	return 0;
}

static const struct vgl_ipvs_req UNNUMBERED = { 0, 0 };

#define TAIL(b) ((b)->arena + (b)->used), VGL_IPVS_MSG_MAX, &UNNUMBERED

int vgl_ipvs_batch_service(struct vgl_ipvs_batch *b, uint8_t cmd, const struct vgl_ipvs_service *svc,
			   const struct vgl_ipvs_tag *tag)
{
	int rc = reserve(b);

	return rc ? rc : push(b, vgl_ipvs_enc_service(TAIL(b), cmd, svc), tag);
}

int vgl_ipvs_batch_dest(struct vgl_ipvs_batch *b, uint8_t cmd, const struct vgl_ipvs_service *svc,
			const struct vgl_ipvs_dest *dest, const struct vgl_ipvs_tag *tag)
{
	int rc = reserve(b);

	return rc ? rc : push(b, vgl_ipvs_enc_dest(TAIL(b), cmd, svc, dest), tag);
}

int vgl_ipvs_batch_daemon(struct vgl_ipvs_batch *b, uint8_t cmd, const struct vgl_ipvs_daemon *d,
			  const struct vgl_ipvs_tag *tag)
{
	int rc = reserve(b);

	return rc ? rc : push(b, vgl_ipvs_enc_daemon(TAIL(b), cmd, d), tag);
}

int vgl_ipvs_batch_flush(struct vgl_ipvs_batch *b, const struct vgl_ipvs_tag *tag)
{
	int rc = reserve(b);

	return rc ? rc : push(b, vgl_ipvs_enc_flush(TAIL(b)), tag);
}

int vgl_ipvs_batch_timeouts(struct vgl_ipvs_batch *b, const struct vgl_ipvs_timeouts *t,
			    const struct vgl_ipvs_tag *tag)
{
	int rc = reserve(b);

	return rc ? rc : push(b, vgl_ipvs_enc_set_config(TAIL(b), t), tag);
}

void vgl_ipvs_batch_number(struct vgl_ipvs_batch *b, uint16_t family, uint32_t seq_base)
{
	b->seq_base = seq_base;
	b->acked = b->failed = b->fail_kept = 0;
	for (size_t i = 0; i < b->count; i++) {
		struct nlmsghdr h;
		uint8_t *p = b->arena + b->ent[i].off;

		memcpy(&h, p, sizeof(h));
		h.nlmsg_type = family;
		h.nlmsg_seq = seq_base + (uint32_t)i;
		memcpy(p, &h, sizeof(h));
		b->ent[i].state = WAITING;
		b->ent[i].error = 0;
	}
}

const uint8_t *vgl_ipvs_batch_window(const struct vgl_ipvs_batch *b, size_t first, size_t max_bytes,
				     size_t max_count, size_t *count, size_t *len)
{
	size_t n = 0, bytes = 0;

	*count = *len = 0;
	if (first >= b->count)
		return NULL;
	while (first + n < b->count && (n == 0 || (n < max_count && bytes + b->ent[first + n].len <= max_bytes)))
		bytes += b->ent[first + n++].len;
	*count = n;
	*len = bytes;
	return b->arena + b->ent[first].off;
}

const uint8_t *vgl_ipvs_batch_msg(const struct vgl_ipvs_batch *b, size_t i, size_t *len)
{
	assert(i < b->count);
	*len = b->ent[i].len;
	return b->arena + b->ent[i].off;
}

static void fail(struct vgl_ipvs_batch *b, size_t i, int error, bool codec, const char *ext)
{
	struct entry *e = &b->ent[i];

	e->state = FAILED;
	e->error = error;
	b->failed++;
	if (b->fail_kept < VGL_IPVS_FAIL_KEPT) {
		struct vgl_ipvs_failure *f = &b->fail[b->fail_kept++];

		f->index = i;
		f->tag = e->tag;
		f->error = error;
		f->codec = codec;
		snprintf(f->ext_msg, sizeof(f->ext_msg), "%s", ext ? ext : "");
	}
}

int vgl_ipvs_batch_answer(struct vgl_ipvs_batch *b, const struct vgl_ipvs_reply *r)
{
	uint32_t i = r->seq - b->seq_base;

	if (i >= b->count || b->ent[i].state != WAITING)
		return -1;
	switch (r->kind) {
	case VGL_IPVS_R_ACK:
		b->ent[i].state = ACKED;
		b->acked++;
		return 0;
	case VGL_IPVS_R_ERROR:
		fail(b, i, r->error, false, r->ext_msg);
		return 0;
	case VGL_IPVS_R_BAD:
		fail(b, i, r->error, true, "malformed acknowledgement");
		return 0;
	default:
		return -1;
	}
}

size_t vgl_ipvs_batch_unanswered(struct vgl_ipvs_batch *b, size_t first, size_t count, int error,
				 const char *why)
{
	size_t n = 0;

	for (size_t i = first; i < first + count && i < b->count; i++)
		if (b->ent[i].state == WAITING) {
			fail(b, i, error, false, why);
			n++;
		}
	return n;
}

size_t vgl_ipvs_batch_acked(const struct vgl_ipvs_batch *b)
{
	return b->acked;
}

size_t vgl_ipvs_batch_failed(const struct vgl_ipvs_batch *b)
{
	return b->failed;
}

int vgl_ipvs_batch_result(const struct vgl_ipvs_batch *b, size_t i)
{
	assert(i < b->count);
	return b->ent[i].state == WAITING ? 1 : b->ent[i].state == ACKED ? 0 : b->ent[i].error;
}

const struct vgl_ipvs_failure *vgl_ipvs_batch_failures(const struct vgl_ipvs_batch *b, size_t *n)
{
	*n = b->fail_kept;
	return b->fail;
}

static const char *proto_name(uint16_t p)
{
	switch (p) {
	case IPPROTO_TCP:
		return "TCP";
	case IPPROTO_UDP:
		return "UDP";
	case IPPROTO_SCTP:
		return "SCTP";
	default:
		return "protocol";
	}
}

/* "192.0.2.1:80" or "[2001:db8::1]:80" */
static const char *endpoint(const struct vg_addr *a, uint16_t port, char *buf, size_t n)
{
	char text[VG_ADDR_STRLEN];

	if (a->family == VG_AF_INET6)
		snprintf(buf, n, "[%s]:%u", vg_addr_format(a, text, sizeof(text)), port);
	else
		snprintf(buf, n, "%s:%u", vg_addr_format(a, text, sizeof(text)), port);
	return buf;
}

const char *vgl_ipvs_service_name(const struct vgl_ipvs_service *svc, char *buf, size_t n)
{
	char ep[VG_ADDR_STRLEN + 10];

	if (svc->fwmark)
		snprintf(buf, n, "fwmark %u (%s)", svc->fwmark, svc->addr.family == VG_AF_INET6 ? "IPv6" : "IPv4");
	else
		snprintf(buf, n, "%s %s", proto_name(svc->protocol), endpoint(&svc->addr, svc->port, ep, sizeof(ep)));
	return buf;
}

const char *vgl_ipvs_describe(const struct vgl_ipvs_reply *req, char *buf, size_t n)
{
	char svc[VG_ADDR_STRLEN + 32], ep[VG_ADDR_STRLEN + 10];
	const char *verb = "";
	struct vg_addr da;

	switch (req->cmd) {
	case IPVS_CMD_NEW_SERVICE:
	case IPVS_CMD_NEW_DEST:
		verb = "add";
		break;
	case IPVS_CMD_SET_SERVICE:
	case IPVS_CMD_SET_DEST:
		verb = "change";
		break;
	case IPVS_CMD_DEL_SERVICE:
	case IPVS_CMD_DEL_DEST:
		verb = "remove";
		break;
	default:
		break;
	}
	switch (req->kind) {
	case VGL_IPVS_R_SERVICE:
		snprintf(buf, n, "%s virtual server %s", verb, vgl_ipvs_service_name(&req->service, svc, sizeof(svc)));
		break;
	case VGL_IPVS_R_DEST:
		da = req->dest.addr;
		if (da.family == VG_AF_NONE)
			da.family = req->service.addr.family;
		snprintf(buf, n, "%s real server %s %s %s", verb, endpoint(&da, req->dest.port, ep, sizeof(ep)),
			 req->cmd == IPVS_CMD_NEW_DEST ? "to" : "of",
			 vgl_ipvs_service_name(&req->service, svc, sizeof(svc)));
		break;
	case VGL_IPVS_R_DAEMON:
		snprintf(buf, n, "%s the %s sync daemon", req->cmd == IPVS_CMD_NEW_DAEMON ? "start" : "stop",
			 req->daemon.state == IP_VS_STATE_MASTER ? "master" : "backup");
		break;
	case VGL_IPVS_R_CONFIG:
		snprintf(buf, n, "set the connection timeouts");
		break;
	case VGL_IPVS_R_COMMAND:
		snprintf(buf, n, req->cmd == IPVS_CMD_FLUSH ? "flush the IPVS table" : "IPVS command %u", req->cmd);
		break;
	default:
		snprintf(buf, n, "IPVS request");
		break;
	}
	return buf;
}

/*
 * What an errno means for IPVS, where strerror() says something else
 * (ip_vs_genl_set_cmd: ESRCH for a service that is not there, ENOENT for a
 * destination, EBUSY for a sync daemon already running).
 */
static const char *hint(uint8_t cmd, int error)
{
	if (error == -ESRCH)
		return "no such virtual server";
	if (error == -ENOENT && (cmd == IPVS_CMD_SET_DEST || cmd == IPVS_CMD_DEL_DEST))
		return "no such real server";
	if (error == -ENOENT && (cmd == IPVS_CMD_NEW_SERVICE || cmd == IPVS_CMD_SET_SERVICE))
		return "unknown scheduler or persistence engine";
	return "";
}

const char *vgl_ipvs_batch_format(const struct vgl_ipvs_batch *b, const struct vgl_ipvs_failure *f,
				  char *buf, size_t n)
{
	char what[160], where[256] = "";
	struct vgl_ipvs_reply req;
	size_t len;
	const uint8_t *msg = vgl_ipvs_batch_msg(b, f->index, &len);
	struct nlmsghdr h;

	memcpy(&h, msg, sizeof(h)); /* our own request: its type is the family it was numbered with */
	const char *ext;

	if (vgl_ipvs_dec_reply(msg, len, h.nlmsg_type, &req) < 0 || req.kind == VGL_IPVS_R_BAD) {
		snprintf(what, sizeof(what), "IPVS request %zu", f->index);
		req.cmd = 0;
	} else {
		vgl_ipvs_describe(&req, what, sizeof(what));
	}
	ext = f->ext_msg[0] || f->codec ? f->ext_msg : hint(req.cmd, f->error);
	if (f->tag.file && f->tag.line)
		snprintf(where, sizeof(where), "%s:%u: ", f->tag.file, f->tag.line);
	else if (f->tag.file)
		snprintf(where, sizeof(where), "%s: ", f->tag.file);
	snprintf(buf, n, "%s%s: %s%s%s%s", where, what,
		 f->codec ? vgl_ipvs_strerror(f->error) : strerror(-f->error), ext[0] ? " (" : "", ext,
		 ext[0] ? ")" : "");
	return buf;
}
