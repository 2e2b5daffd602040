/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: a batch of IPVS changes, each tagged with what it is for.
 *
 * The LVS driver queues every change of a start, reload or stop here (add a
 * virtual server, change a weight, remove a real server...), each with a tag:
 * an opaque pointer to its own object and the configuration file:line the
 * object came from. The messages are encoded at once (msg.c) into one
 * contiguous arena, so the socket layer (sock.c) can send many of them in one
 * sendmsg(); vgl_ipvs_batch_number() stamps family and sequence numbers just
 * before sending, and every ack the kernel returns is matched back to its
 * entry by sequence number (vgl_ipvs_batch_answer()).
 *
 * A failed entry keeps its -errno (or the codec error of a malformed ack) and
 * the kernel's extended-ack text; vgl_ipvs_batch_format() writes the line a
 * log gets, naming the object from the request's own bytes:
 *   "keepalived.conf:12: add real server 10.0.0.2:80 to TCP 192.0.2.1:80: File exists"
 *
 * No socket here: batch_test.c drives it with acks written by hand.
 */
#ifndef VGL_IPVS_BATCH_H
#define VGL_IPVS_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msg.h"

#define VGL_IPVS_BATCH_MAX (1u << 22)  /* entries in one batch: 4M (10,000 x 10 is 110,000) */
#define VGL_IPVS_FAIL_KEPT 64          /* failures whose extended-ack text is kept */

/* What a request is for: the caller's object and where the configuration says it. */
struct vgl_ipvs_tag {
	const void *obj;  /* opaque to this layer */
	const char *file; /* configuration file (caller-owned, outlives the batch); NULL if none */
	uint32_t line;    /* 0 if none */
};

/* One failed entry. */
struct vgl_ipvs_failure {
	size_t index;                      /* entry number, in queue order */
	struct vgl_ipvs_tag tag;
	int error;                         /* -errno from the kernel, or a VGL_IPVS_ERR_* if codec */
	bool codec;                        /* error is a VGL_IPVS_ERR_* (a malformed answer) */
	char ext_msg[VGL_IPVS_EXTACK_MAX]; /* the kernel's extended-ack text, "" if none */
};

struct vgl_ipvs_batch; /* opaque */

/* A batch of at most max_entries (<= VGL_IPVS_BATCH_MAX). NULL if out of memory. */
struct vgl_ipvs_batch *vgl_ipvs_batch_new(size_t max_entries);
void vgl_ipvs_batch_free(struct vgl_ipvs_batch *b);
/* Empty it for reuse (keeps the memory). */
void vgl_ipvs_batch_reset(struct vgl_ipvs_batch *b);

/*
 * Queue one change. 0, or VGL_IPVS_ERR_ARG (the encoder refused a field),
 * VGL_IPVS_ERR_NOSPACE (the batch is full or memory ran out).
 */
int vgl_ipvs_batch_service(struct vgl_ipvs_batch *b, uint8_t cmd, const struct vgl_ipvs_service *svc,
			   const struct vgl_ipvs_tag *tag);
int vgl_ipvs_batch_dest(struct vgl_ipvs_batch *b, uint8_t cmd, const struct vgl_ipvs_service *svc,
			const struct vgl_ipvs_dest *dest, const struct vgl_ipvs_tag *tag);
int vgl_ipvs_batch_daemon(struct vgl_ipvs_batch *b, uint8_t cmd, const struct vgl_ipvs_daemon *d,
			  const struct vgl_ipvs_tag *tag);
int vgl_ipvs_batch_flush(struct vgl_ipvs_batch *b, const struct vgl_ipvs_tag *tag);
int vgl_ipvs_batch_timeouts(struct vgl_ipvs_batch *b, const struct vgl_ipvs_timeouts *t,
			    const struct vgl_ipvs_tag *tag);

size_t vgl_ipvs_batch_count(const struct vgl_ipvs_batch *b);

/* ---- used by the socket layer (and tests) ---- */

/* Stamp every message with family and seq_base + index; clears earlier answers. */
void vgl_ipvs_batch_number(struct vgl_ipvs_batch *b, uint16_t family, uint32_t seq_base);
/*
 * The messages from entry first on that fit max_bytes and max_count (at
 * least one if any is left): their bytes are contiguous. Returns the
 * address, with *count entries and *len bytes; NULL when first is past the end.
 */
const uint8_t *vgl_ipvs_batch_window(const struct vgl_ipvs_batch *b, size_t first, size_t max_bytes,
				     size_t max_count, size_t *count, size_t *len);
/* The bytes of entry i (for tests and logs). */
const uint8_t *vgl_ipvs_batch_msg(const struct vgl_ipvs_batch *b, size_t i, size_t *len);
/*
 * Record a decoded answer (ACK, ERROR or BAD). 0 when it answered an entry
 * that was waiting; -1 for anything else (another seq, a second answer).
 */
int vgl_ipvs_batch_answer(struct vgl_ipvs_batch *b, const struct vgl_ipvs_reply *r);
/* Entries first..first+count-1 that got no answer fail with error (e.g. -ENOBUFS). Returns how many. */
size_t vgl_ipvs_batch_unanswered(struct vgl_ipvs_batch *b, size_t first, size_t count, int error,
				 const char *why);

/* ---- results ---- */

size_t vgl_ipvs_batch_acked(const struct vgl_ipvs_batch *b);
size_t vgl_ipvs_batch_failed(const struct vgl_ipvs_batch *b);
/* 0 if entry i was acked, its error if it failed, 1 if it has no answer yet. */
int vgl_ipvs_batch_result(const struct vgl_ipvs_batch *b, size_t i);
/* The first min(failed, VGL_IPVS_FAIL_KEPT) failures, in the order they were answered. */
const struct vgl_ipvs_failure *vgl_ipvs_batch_failures(const struct vgl_ipvs_batch *b, size_t *n);
/*
 * "FILE:LINE: WHAT: ERROR[ (kernel: EXT)]" for a failure. Returns buf.
 * WHAT is worked out from the request's bytes (vgl_ipvs_describe()).
 */
const char *vgl_ipvs_batch_format(const struct vgl_ipvs_batch *b, const struct vgl_ipvs_failure *f,
				  char *buf, size_t n);

/* "add real server 10.0.0.2:80 to TCP 192.0.2.1:80" for a decoded request. Returns buf. */
const char *vgl_ipvs_describe(const struct vgl_ipvs_reply *req, char *buf, size_t n);
/* "TCP 192.0.2.1:80", "UDP [2001:db8::1]:53", "fwmark 42 (IPv4)". Returns buf. */
const char *vgl_ipvs_service_name(const struct vgl_ipvs_service *svc, char *buf, size_t n);

#endif
