/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the flight recorder's file format: a pure encoder and decoder.
 *
 * vigild records every input it gives the core (the event, the `now` it
 * passed, the configuration generation it ran under) and the configuration
 * files of each generation; `vigil replay` feeds them to the simulator. The
 * format is documented in docs/recorder.md. All integers little-endian.
 *
 *   file    = header record*
 *   header  = "VIGILREC" u16 version(3) u16 header_len(16) u32 flags(0)
 *   record  = u8 type  u8 sub  u16 zero  u32 body_len  u64 now  body
 *
 *   INFO    body: u64 lost (events the ring dropped), u16 len, reason
 *   CONF    body: u32 gen, u16 len, config_id, u16 files,
 *                 files x (u16 len, path, u32 len, contents)   (main file first)
 *           sub 1 (DEFLATED, version 4): u32 gen, u16 len, config_id,
 *                 u16 files, u32 raw_len, then to the end of the body
 *                 the files part above (raw_len bytes) as a zlib stream
 *                 (RFC 1950); the reader inflates it (zlib: not in core)
 *                 and hands the bytes to vg_rec_conf_inflated()
 *   EVENT   sub = enum vg_vrrp_event_kind;
 *           body: u32 gen, u16 target (VG_REC_ROUTER or an instance index), then
 *             PACKET   addr src, addr dst, u8 ttl, u32 ifindex, u16 len, bytes
 *             LINK     u32 ifindex, u8 up
 *             TRACK    u8 kind, u16 id, u8 up, u8 removed, i32 value
 *             SRC_ADDR u32 ifindex, addr
 *             PACKET_AH (sub 0x82, version 3: an auth_type AH advert) PACKET's
 *                      fields, then u8 ip_hdr_len (20..60), the IPv4 header
 *                      as received, the 24 bytes of the AH (what the core
 *                      checks: RFC 2338 5.3.6.3 / 10, vrrp/ah.h)
 *             (STARTUP, SHUTDOWN, TIMER: nothing)
 *           addr = u8 family (0, 4, 6), 16 bytes
 *   RELOAD  body: u32 gen (the generation the daemon switched to at `now`)
 *   LVS     (version 2) sub = enum vg_lvs_event_kind; one vg_lvs_node_input of
 *           the checker driver; body: u32 gen, then
 *             START    u64 seed
 *             PROBE    u16 service, u16 checker, u32 seq, u8 outcome,
 *                      u16 http_status, u8 exit_status, u8 no_data,
 *                      u8 regex_matched, 16 bytes md5 (the body facts the
 *                      driver computed: the core asks only for these);
 *                      written by versions 2-4, read by all
 *             PROBE    (sub 0x81, version 5: what vigild writes) u16 service,
 *                      u16 checker, u32 seq, u8 outcome, u8 flags
 *                      (VG_REC_PROBE_*), then u16 http_status if flagged,
 *                      u8 exit_status if flagged, 16 bytes md5 if flagged:
 *                      a TCP_CHECK's result takes 30 bytes instead of 50;
 *                      version 6: the body may hold more results after
 *                      the first, each from u16 service on, all at the
 *                      record's time (one wake-up's results: 10 bytes
 *                      more a TCP_CHECK, not a record of 30 each)
 *             VIP      addr, u8 present
 *             WEIGHT   u16 service, u16 rs, i32 weight
 *             FILE     u16 track_file, i64 value
 *             (TIMER, SHUTDOWN: nothing)
 *             CARRY    (sub 0x80, version 3: a reload's START carried over,
 *                      vg_lvs_node_start_carry) u64 seed, u32 old_gen,
 *                      u32 services, then per new service u32 from (or
 *                      VG_LVS_CARRY_NO_SVC), u16 checkers, checkers x u16
 *                      from (VG_LVS_CARRY_NONE: starts afresh)
 *
 * Decoding never trusts a length: every field is checked against the
 * record and the record against the buffer; a bad one names its field.
 */
#ifndef VG_REC_RECORD_H
#define VG_REC_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/time.h"
#include "lvs/node.h"
#include "vrrp/ah.h"
#include "vrrp/instance.h"

#define VG_REC_VERSION 6             /* written; 1 (no LVS records), 2 (no AH, no CARRY), 3 (no DEFLATED),
					4 (PROBEs in full), 5 (one result a PROBE) read too */
#define VG_REC_VERSION_MIN 1
#define VG_REC_HEADER_LEN 16
#define VG_REC_HDR_LEN 16              /* of each record */
#define VG_REC_BODY_MAX (1u << 24)     /* 16 MiB: a CONF with every included file */
#define VG_REC_ROUTER 0xffffu          /* EVENT target: the node's router (vg_router_input) */
#define VG_REC_LVS_MAX (VG_REC_HDR_LEN + 4 + 2 + 2 + 4 + 1 + 2 + 1 + 1 + 1 + 16)
#define VG_REC_EVENT_MAX (VG_REC_HDR_LEN + 6 + 2 * 17 + 1 + 4 + 2 + VG_VRRP_PKT_MAX + 1 + VG_AH_IP_HDR_MAX + VG_AH_LEN)
#define VG_REC_SUB_PACKET_AH 0x82u     /* EVENT: a PACKET with its IPv4 header and AH (version 3) */
#define VG_REC_SUB_CARRY 0x80u         /* LVS: a reload's carried START (version 3) */
#define VG_REC_SUB_DEFLATED 1u         /* CONF: its files zlib-compressed (version 4) */
#define VG_REC_SUB_PROBE 0x81u         /* LVS: a PROBE with only the fields it has (version 5) */
/* VG_REC_SUB_PROBE's flags: which optional fields follow, in this order */
#define VG_REC_PROBE_HTTP 0x01u        /* u16 http_status (not 0) */
#define VG_REC_PROBE_EXIT 0x02u        /* u8 exit_status (not 0) */
#define VG_REC_PROBE_NO_DATA 0x04u     /* no_data (no field) */
#define VG_REC_PROBE_REGEX 0x08u       /* regex_matched (no field) */
#define VG_REC_PROBE_MD5 0x10u         /* 16 bytes md5 (not all zero) */
#define VG_REC_CONF_RAW_MAX VG_REC_BODY_MAX /* a DEFLATED CONF's files, inflated */

/* The size of a CARRY record for these services (to allocate its buffer). */
#define VG_REC_CARRY_SIZE(services, checkers) (VG_REC_HDR_LEN + 4 + 8 + 4 + 4 + (size_t)(services) * 6 + \
					       (size_t)(checkers) * 2)

enum vg_rec_type {
	VG_REC_INFO = 1,
	VG_REC_CONF = 2,
	VG_REC_EVENT = 3,
	VG_REC_RELOAD = 4,
	VG_REC_LVS = 5,   /* version 2 */
};

/* Errors (negative returns). */
#define VG_REC_ERR_SHORT (-1)   /* the buffer ends inside the header or the record */
#define VG_REC_ERR_MAGIC (-2)   /* not a recording */
#define VG_REC_ERR_VERSION (-3) /* a version this decoder does not read */
#define VG_REC_ERR_FIELD (-4)   /* a field is out of range: see ->bad */
#define VG_REC_ERR_SPACE (-5)   /* encode: the buffer is too small */

/* One file of a CONF record. */
struct vg_rec_file {
	const char *path;
	uint16_t path_len;
	const uint8_t *data;
	uint32_t len;
};

/* One decoded record; pointers point into the decoded buffer. */
struct vg_rec {
	uint8_t type; /* enum vg_rec_type */
	vg_time now;
	union {
		struct {
			uint64_t lost;
			const char *reason;
			uint16_t reason_len;
		} info;
		struct {
			uint32_t gen;
			const char *config_id;
			uint16_t config_id_len;
			uint16_t file_count;
			const uint8_t *files; /* file_count entries: vg_rec_conf_file() walks them */
			size_t files_len;
			bool deflated;        /* DEFLATED: files is the zlib stream (vg_rec_conf_inflated) */
			uint32_t raw_len;     /* DEFLATED: the files part's length, inflated */
		} conf;
		struct {
			uint32_t gen;
			uint16_t target;
			struct vg_vrrp_event ev; /* a packet's buf points into the decoded buffer */
		} event;
		struct {
			uint32_t gen;
		} reload;
		struct {
			uint32_t gen;
			struct vg_lvs_event ev;            /* a PROBE's .result and .md5 are NULL: */
			struct vg_lvs_probe_result result; /* PROBE: the result (no body, no regex) */
			bool regex_matched;                /* PROBE: the driver's regex verdict */
			uint8_t md5[16];                   /* PROBE: the driver's digest of the body */
			bool carry;                        /* a CARRY record (ev.kind is START, ev.u.start.seed) */
			bool probe_full;                   /* PROBE: in the form of versions 2-4 (sub 2) */
			uint32_t old_gen;                  /* CARRY: the generation carried from */
			uint32_t services;                 /* CARRY: the new generation's services */
			const uint8_t *pairs;              /* CARRY: vg_rec_carry_service() walks them */
			size_t pairs_len;
			const uint8_t *more;               /* PROBE (version 6): the results after the first */
			size_t more_len;                   /* (vg_rec_probe_next walks them) */
		} lvs;
	} u;
	const char *bad; /* VG_REC_ERR_FIELD: the field's name */
};

/* The file header into buf (VG_REC_HEADER_LEN bytes); VG_REC_ERR_SPACE if cap is smaller. */
long vg_rec_header_encode(uint8_t *buf, size_t cap);

/* Check a file header: its length, or a negative error (*bad names the field). */
long vg_rec_header_decode(const uint8_t *buf, size_t len, const char **bad);

/*
 * Decode the record at buf: the bytes it takes, or a negative error
 * (VG_REC_ERR_SHORT when len ends inside it, VG_REC_ERR_FIELD with r->bad).
 * A record of an unknown type is an error (the version would have changed).
 */
long vg_rec_decode(const uint8_t *buf, size_t len, struct vg_rec *r);

/*
 * A DEFLATED CONF record's files, inflated by the caller into raw (raw_len
 * bytes, kept while r is used): checked (file_count files, nothing after)
 * and put in r as a plain CONF's. 0, or VG_REC_ERR_FIELD with r->bad.
 */
int vg_rec_conf_inflated(struct vg_rec *r, const uint8_t *raw, size_t raw_len);

/*
 * The next file of a CONF record (a DEFLATED one once inflated): *pos starts at 0. Returns 1 and fills f,
 * 0 after the last one, or VG_REC_ERR_FIELD (decode checked them already).
 */
int vg_rec_conf_file(const struct vg_rec *r, size_t *pos, struct vg_rec_file *f);

/*
 * The next service of a CARRY record: *pos starts at 0. Returns 1 with
 * *from (the old service, or VG_LVS_CARRY_NO_SVC), *checkers and up to
 * cap checker pairings in ck_from; 0 after the last one; VG_REC_ERR_FIELD
 * when it has more than cap checkers.
 */
int vg_rec_carry_service(const struct vg_rec *r, size_t *pos, uint32_t *from, uint16_t *checkers, uint16_t *ck_from,
			 size_t cap);

/*
 * The next result of a PROBE record that holds several (version 6): *pos
 * starts at 0. Returns 1 with r's result, service, regex and md5 set to
 * it (the time and gen are the record's), 0 after the last one.
 */
int vg_rec_probe_next(struct vg_rec *r, size_t *pos);
/*
 * One more result for a PROBE record (the bytes that follow its last one,
 * no header): their length, or a negative error. The writer then adds
 * them to the record's body_len (vg_rec_set_body_len).
 */
long vg_rec_encode_probe_more(uint8_t *buf, size_t cap, const struct vg_lvs_event *ev, bool regex_matched,
			      const uint8_t *md5);
/* Set a record header's body_len (the header's 16 bytes at hdr). */
void vg_rec_set_body_len(uint8_t *hdr, uint32_t len);
#define VG_REC_PROBE_MORE_MAX (2 + 2 + 4 + 1 + 1 + 2 + 1 + 16)

/* Encoders: the bytes written, or VG_REC_ERR_SPACE / VG_REC_ERR_FIELD (a length over its field). */
long vg_rec_encode_event(uint8_t *buf, size_t cap, vg_time now, uint32_t gen, uint16_t target,
			 const struct vg_vrrp_event *ev);
/* One vg_lvs_node input; a PROBE's body facts are regex_matched and md5 (16 bytes, or NULL: zeros). */
long vg_rec_encode_lvs(uint8_t *buf, size_t cap, vg_time now, uint32_t gen, const struct vg_lvs_event *ev,
		       bool regex_matched, const uint8_t *md5);
/* A PROBE as versions 2-4 wrote it (sub 2, every field): for the tests and the fuzz round trip. */
long vg_rec_encode_probe_full(uint8_t *buf, size_t cap, vg_time now, uint32_t gen, const struct vg_lvs_event *ev,
			      bool regex_matched, const uint8_t *md5);
/*
 * A reload's START carried over (vg_lvs_node_start_carry's arguments):
 * services new services, svc_from[i] the old one (VG_LVS_CARRY_NO_SVC) and
 * ck_from[i] its checkers' pairing (checkers[i] of them; NULL: none paired).
 */
long vg_rec_encode_carry(uint8_t *buf, size_t cap, vg_time now, uint32_t gen, uint64_t seed, uint32_t old_gen,
			 uint32_t services, const uint32_t *svc_from, const uint16_t *checkers,
			 const uint16_t *const *ck_from);
long vg_rec_encode_reload(uint8_t *buf, size_t cap, vg_time now, uint32_t gen);
long vg_rec_encode_info(uint8_t *buf, size_t cap, vg_time now, uint64_t lost, const char *reason, size_t reason_len);
long vg_rec_encode_conf(uint8_t *buf, size_t cap, vg_time now, uint32_t gen, const char *config_id,
			size_t config_id_len, const struct vg_rec_file *files, uint16_t file_count);

/* The size of a CONF record with these files (to allocate its buffer). */
size_t vg_rec_conf_size(size_t config_id_len, const struct vg_rec_file *files, uint16_t file_count);

/*
 * A DEFLATED CONF: the files part alone (what is compressed; its size from
 * vg_rec_conf_files_size), then the record around the zlib stream z of it.
 */
size_t vg_rec_conf_files_size(const struct vg_rec_file *files, uint16_t file_count);
long vg_rec_encode_conf_files(uint8_t *buf, size_t cap, const struct vg_rec_file *files, uint16_t file_count);
long vg_rec_encode_conf_deflated(uint8_t *buf, size_t cap, vg_time now, uint32_t gen, const char *config_id,
				 size_t config_id_len, uint16_t file_count, uint32_t raw_len, const uint8_t *z,
				 size_t z_len);

/* The body length of the record header at buf (at least VG_REC_HDR_LEN bytes). */
uint32_t vg_rec_body_len(const uint8_t *hdr);

const char *vg_rec_type_name(uint8_t type);

#endif
