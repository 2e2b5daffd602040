/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the flight recorder's codec (see record.h): bytes in, typed records
 * out, and back. Pure: no allocation, the caller owns every buffer.
 */
#include "rec/record.h"

#include <string.h>

static const uint8_t magic[8] = { 'V', 'I', 'G', 'I', 'L', 'R', 'E', 'C' };

/* ---- writing ---- */

struct wr {
	uint8_t *p;
	size_t cap, len;
	int bad; /* ran out of room */
};

static void put(struct wr *w, const void *src, size_t n)
{
	if (w->bad || n > w->cap - w->len) {
		w->bad = 1;
		return;
	}
	if (n)
		memcpy(w->p + w->len, src, n);
	w->len += n;
}

static void put8(struct wr *w, uint8_t v)
{
	put(w, &v, 1);
}

static void putle(struct wr *w, uint64_t v, unsigned n)
{
	uint8_t b[8];
	unsigned i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	put(w, b, n);
}

static void put_addr(struct wr *w, const struct vg_addr *a)
{
	put8(w, a->family);
	put(w, a->bytes, sizeof(a->bytes));
}

/* The record header; the body length is patched by finish(). */
static void begin(struct wr *w, uint8_t type, uint8_t sub, vg_time now)
{
	put8(w, type);
	put8(w, sub);
	putle(w, 0, 2);
	putle(w, 0, 4);
	putle(w, now, 8);
}

static long finish(struct wr *w)
{
	size_t body;
	unsigned i;

	if (w->bad)
		return VG_REC_ERR_SPACE;
	body = w->len - VG_REC_HDR_LEN;
	if (body > VG_REC_BODY_MAX)
		return VG_REC_ERR_FIELD;
	for (i = 0; i < 4; i++)
		w->p[4 + i] = (uint8_t)(body >> (8 * i));
	return (long)w->len;
}

long vg_rec_header_encode(uint8_t *buf, size_t cap)
{
	struct wr w = { buf, cap, 0, 0 };

	put(&w, magic, sizeof(magic));
	putle(&w, VG_REC_VERSION, 2);
	putle(&w, VG_REC_HEADER_LEN, 2);
	putle(&w, 0, 4);
	return w.bad ? VG_REC_ERR_SPACE : (long)w.len;
}

long vg_rec_encode_event(uint8_t *buf, size_t cap, vg_time now, uint32_t gen, uint16_t target,
			 const struct vg_vrrp_event *ev)
{
	struct wr w = { buf, cap, 0, 0 };

	bool ah = ev->kind == VG_EV_PACKET && ev->u.packet.meta.ah;

	if (ev->kind > VG_EV_SRC_ADDR)
		return VG_REC_ERR_FIELD;
	/* an AH advert: the core checks the ICV over the IP header and the AH too (vrrp/ah.h) */
	if (ah && (!ev->u.packet.meta.ip_hdr || ev->u.packet.meta.ip_hdr_len < VG_AH_IP_HDR_LEN ||
		   ev->u.packet.meta.ip_hdr_len > VG_AH_IP_HDR_MAX))
		return VG_REC_ERR_FIELD;
	begin(&w, VG_REC_EVENT, ah ? VG_REC_SUB_PACKET_AH : ev->kind, now);
	putle(&w, gen, 4);
	putle(&w, target, 2);
	switch (ev->kind) {
	case VG_EV_PACKET:
		if (ev->u.packet.len > VG_VRRP_PKT_MAX)
			return VG_REC_ERR_FIELD;
		put_addr(&w, &ev->u.packet.meta.src);
		put_addr(&w, &ev->u.packet.meta.dst);
		put8(&w, ev->u.packet.meta.ttl);
		putle(&w, ev->u.packet.meta.ifindex, 4);
		putle(&w, ev->u.packet.len, 2);
		put(&w, ev->u.packet.buf, ev->u.packet.len);
		if (ah) {
			put8(&w, ev->u.packet.meta.ip_hdr_len);
			put(&w, ev->u.packet.meta.ip_hdr, ev->u.packet.meta.ip_hdr_len);
			put(&w, ev->u.packet.meta.ah, VG_AH_LEN);
		}
		break;
	case VG_EV_LINK:
		putle(&w, ev->u.link.ifindex, 4);
		put8(&w, ev->u.link.up);
		break;
	case VG_EV_TRACK:
		put8(&w, ev->u.track.kind);
		putle(&w, ev->u.track.id, 2);
		put8(&w, ev->u.track.up);
		put8(&w, ev->u.track.removed);
		putle(&w, (uint32_t)ev->u.track.value, 4);
		break;
	case VG_EV_SRC_ADDR:
		putle(&w, ev->u.src.ifindex, 4);
		put_addr(&w, &ev->u.src.addr);
		break;
	default:
		break;
	}
	return finish(&w);
}

static const uint8_t zero16[16];

long vg_rec_encode_probe_full(uint8_t *buf, size_t cap, vg_time now, uint32_t gen, const struct vg_lvs_event *ev,
			      bool regex_matched, const uint8_t *md5)
{
	struct wr w = { buf, cap, 0, 0 };
	const struct vg_lvs_probe_result *r = ev->u.probe.result;

	if (ev->kind != VG_LVS_EV_PROBE || !r)
		return VG_REC_ERR_FIELD;
	begin(&w, VG_REC_LVS, VG_LVS_EV_PROBE, now);
	putle(&w, gen, 4);
	putle(&w, ev->u.probe.service, 2);
	putle(&w, r->checker, 2);
	putle(&w, r->seq, 4);
	put8(&w, r->outcome);
	putle(&w, r->http_status, 2);
	put8(&w, r->exit_status);
	put8(&w, r->no_data);
	put8(&w, regex_matched);
	put(&w, md5 ? md5 : zero16, 16);
	return finish(&w);
}

/* One probe result of a SUB_PROBE record (after its gen). 0, or VG_REC_ERR_FIELD. */
static int put_probe(struct wr *w, const struct vg_lvs_event *ev, bool regex_matched, const uint8_t *md5)
{
	const struct vg_lvs_probe_result *r = ev->u.probe.result;
	bool has_md5 = md5 && memcmp(md5, zero16, 16) != 0;
	uint8_t flags;

	if (ev->kind != VG_LVS_EV_PROBE || !r)
		return VG_REC_ERR_FIELD;
	flags = (r->http_status ? VG_REC_PROBE_HTTP : 0) | (r->exit_status ? VG_REC_PROBE_EXIT : 0) |
		(r->no_data ? VG_REC_PROBE_NO_DATA : 0) | (regex_matched ? VG_REC_PROBE_REGEX : 0) |
		(has_md5 ? VG_REC_PROBE_MD5 : 0);
	putle(w, ev->u.probe.service, 2);
	putle(w, r->checker, 2);
	putle(w, r->seq, 4);
	put8(w, r->outcome);
	put8(w, flags);
	if (flags & VG_REC_PROBE_HTTP)
		putle(w, r->http_status, 2);
	if (flags & VG_REC_PROBE_EXIT)
		put8(w, r->exit_status);
	if (has_md5)
		put(w, md5, 16);
	return 0;
}

long vg_rec_encode_probe_more(uint8_t *buf, size_t cap, const struct vg_lvs_event *ev, bool regex_matched,
			      const uint8_t *md5)
{
	struct wr w = { buf, cap, 0, 0 };

	if (put_probe(&w, ev, regex_matched, md5))
		return VG_REC_ERR_FIELD;
	return w.bad ? VG_REC_ERR_SPACE : (long)w.len;
}

void vg_rec_set_body_len(uint8_t *hdr, uint32_t len)
{
	for (unsigned i = 0; i < 4; i++)
		hdr[4 + i] = (uint8_t)(len >> (8 * i));
}

long vg_rec_encode_lvs(uint8_t *buf, size_t cap, vg_time now, uint32_t gen, const struct vg_lvs_event *ev,
		       bool regex_matched, const uint8_t *md5)
{
	struct wr w = { buf, cap, 0, 0 };

	if (ev->kind >= VG_LVS_EV__COUNT)
		return VG_REC_ERR_FIELD;
	begin(&w, VG_REC_LVS, ev->kind == VG_LVS_EV_PROBE ? VG_REC_SUB_PROBE : ev->kind, now);
	putle(&w, gen, 4);
	switch (ev->kind) {
	case VG_LVS_EV_START:
		putle(&w, ev->u.start.seed, 8);
		break;
	case VG_LVS_EV_PROBE:
		if (put_probe(&w, ev, regex_matched, md5))
			return VG_REC_ERR_FIELD;
		break;
	case VG_LVS_EV_VIP:
		put_addr(&w, &ev->u.vip.addr);
		put8(&w, ev->u.vip.present);
		break;
	case VG_LVS_EV_WEIGHT:
		putle(&w, ev->u.weight.service, 2);
		putle(&w, ev->u.weight.rs, 2);
		putle(&w, (uint32_t)ev->u.weight.weight, 4);
		break;
	case VG_LVS_EV_FILE:
		putle(&w, ev->u.file.track_file, 2);
		putle(&w, (uint64_t)ev->u.file.value, 8);
		break;
	case VG_LVS_EV_BFD:
		putle(&w, ev->u.bfd.bfd, 2);
		put8(&w, ev->u.bfd.up);
		break;
	default:
		break;
	}
	return finish(&w);
}

long vg_rec_encode_carry(uint8_t *buf, size_t cap, vg_time now, uint32_t gen, uint64_t seed, uint32_t old_gen,
			 uint32_t services, const uint32_t *svc_from, const uint16_t *checkers,
			 const uint16_t *const *ck_from)
{
	struct wr w = { buf, cap, 0, 0 };

	begin(&w, VG_REC_LVS, VG_REC_SUB_CARRY, now);
	putle(&w, gen, 4);
	putle(&w, seed, 8);
	putle(&w, old_gen, 4);
	putle(&w, services, 4);
	for (uint32_t i = 0; i < services; i++) {
		putle(&w, svc_from[i], 4);
		putle(&w, checkers[i], 2);
		for (uint16_t k = 0; k < checkers[i]; k++)
			putle(&w, ck_from && ck_from[i] ? ck_from[i][k] : UINT16_MAX, 2);
	}
	return finish(&w);
}

long vg_rec_encode_reload(uint8_t *buf, size_t cap, vg_time now, uint32_t gen)
{
	struct wr w = { buf, cap, 0, 0 };

	begin(&w, VG_REC_RELOAD, 0, now);
	putle(&w, gen, 4);
	return finish(&w);
}

long vg_rec_encode_info(uint8_t *buf, size_t cap, vg_time now, uint64_t lost, const char *reason, size_t reason_len)
{
	struct wr w = { buf, cap, 0, 0 };

	if (reason_len > UINT16_MAX)
		return VG_REC_ERR_FIELD;
	begin(&w, VG_REC_INFO, 0, now);
	putle(&w, lost, 8);
	putle(&w, reason_len, 2);
	put(&w, reason, reason_len);
	return finish(&w);
}

size_t vg_rec_conf_size(size_t config_id_len, const struct vg_rec_file *files, uint16_t file_count)
{
	size_t n = VG_REC_HDR_LEN + 4 + 2 + config_id_len + 2;
	uint16_t i;

	for (i = 0; i < file_count; i++)
		n += 2 + files[i].path_len + 4 + (size_t)files[i].len;
	return n;
}

static void put_files(struct wr *w, const struct vg_rec_file *files, uint16_t file_count)
{
	for (uint16_t i = 0; i < file_count; i++) {
		putle(w, files[i].path_len, 2);
		put(w, files[i].path, files[i].path_len);
		putle(w, files[i].len, 4);
		put(w, files[i].data, files[i].len);
	}
}

long vg_rec_encode_conf(uint8_t *buf, size_t cap, vg_time now, uint32_t gen, const char *config_id,
			size_t config_id_len, const struct vg_rec_file *files, uint16_t file_count)
{
	struct wr w = { buf, cap, 0, 0 };

	if (config_id_len > UINT16_MAX)
		return VG_REC_ERR_FIELD;
	begin(&w, VG_REC_CONF, 0, now);
	putle(&w, gen, 4);
	putle(&w, config_id_len, 2);
	put(&w, config_id, config_id_len);
	putle(&w, file_count, 2);
	put_files(&w, files, file_count);
	return finish(&w);
}

size_t vg_rec_conf_files_size(const struct vg_rec_file *files, uint16_t file_count)
{
	return vg_rec_conf_size(0, files, file_count) - (VG_REC_HDR_LEN + 4 + 2 + 2);
}

long vg_rec_encode_conf_files(uint8_t *buf, size_t cap, const struct vg_rec_file *files, uint16_t file_count)
{
	struct wr w = { buf, cap, 0, 0 };

	put_files(&w, files, file_count);
	if (w.bad)
		return VG_REC_ERR_SPACE;
	return w.len > VG_REC_CONF_RAW_MAX ? VG_REC_ERR_FIELD : (long)w.len;
}

long vg_rec_encode_conf_deflated(uint8_t *buf, size_t cap, vg_time now, uint32_t gen, const char *config_id,
				 size_t config_id_len, uint16_t file_count, uint32_t raw_len, const uint8_t *z,
				 size_t z_len)
{
	struct wr w = { buf, cap, 0, 0 };

	if (config_id_len > UINT16_MAX || !file_count || raw_len > VG_REC_CONF_RAW_MAX || !z_len)
		return VG_REC_ERR_FIELD;
	begin(&w, VG_REC_CONF, VG_REC_SUB_DEFLATED, now);
	putle(&w, gen, 4);
	putle(&w, config_id_len, 2);
	put(&w, config_id, config_id_len);
	putle(&w, file_count, 2);
	putle(&w, raw_len, 4);
	put(&w, z, z_len);
	return finish(&w);
}

/* ---- reading ---- */

struct rd {
	const uint8_t *p;
	size_t left;
	int bad; /* read past the end */
};

static uint64_t getle(struct rd *r, unsigned n)
{
	uint64_t v = 0;
	unsigned i;

	if (r->bad || r->left < n) {
		r->bad = 1;
		return 0;
	}
	for (i = 0; i < n; i++)
		v |= (uint64_t)r->p[i] << (8 * i);
	r->p += n;
	r->left -= n;
	return v;
}

static const uint8_t *get(struct rd *r, size_t n)
{
	const uint8_t *p = r->p;

	if (r->bad || r->left < n) {
		r->bad = 1;
		return NULL;
	}
	r->p += n;
	r->left -= n;
	return p;
}

static int get_bool(struct rd *r, bool *out)
{
	uint64_t v = getle(r, 1);

	*out = v != 0;
	return v > 1 ? -1 : 0;
}

static int get_addr(struct rd *r, struct vg_addr *a)
{
	const uint8_t *b;

	a->family = (uint8_t)getle(r, 1);
	b = get(r, sizeof(a->bytes));
	if (b)
		memcpy(a->bytes, b, sizeof(a->bytes));
	return a->family == VG_AF_NONE || a->family == VG_AF_INET || a->family == VG_AF_INET6 ? 0 : -1;
}

long vg_rec_header_decode(const uint8_t *buf, size_t len, const char **bad)
{
	struct rd r = { buf, len, 0 };
	const uint8_t *m = get(&r, sizeof(magic));
	uint64_t version, hlen;

	*bad = NULL;
	if (!m) {
		*bad = "header";
		return VG_REC_ERR_SHORT;
	}
	if (memcmp(m, magic, sizeof(magic))) {
		*bad = "magic";
		return VG_REC_ERR_MAGIC;
	}
	version = getle(&r, 2);
	hlen = getle(&r, 2);
	getle(&r, 4);
	if (r.bad) {
		*bad = "header";
		return VG_REC_ERR_SHORT;
	}
	if (version < VG_REC_VERSION_MIN || version > VG_REC_VERSION) {
		*bad = "version";
		return VG_REC_ERR_VERSION;
	}
	if (hlen < VG_REC_HEADER_LEN || hlen > len) {
		*bad = "header_len";
		return hlen > len && hlen <= 4096 ? VG_REC_ERR_SHORT : VG_REC_ERR_FIELD;
	}
	return (long)hlen;
}

uint32_t vg_rec_body_len(const uint8_t *hdr)
{
	return (uint32_t)hdr[4] | (uint32_t)hdr[5] << 8 | (uint32_t)hdr[6] << 16 | (uint32_t)hdr[7] << 24;
}

static long fail(struct vg_rec *r, const char *field)
{
	r->bad = field;
	return VG_REC_ERR_FIELD;
}

static long decode_event(struct rd *b, uint8_t sub, struct vg_rec *r)
{
	struct vg_vrrp_event *ev = &r->u.event.ev;

	bool ah = sub == VG_REC_SUB_PACKET_AH;

	memset(ev, 0, sizeof(*ev));
	if (ah)
		sub = VG_EV_PACKET;
	if (sub > VG_EV_SRC_ADDR)
		return fail(r, "event.kind");
	ev->kind = sub;
	r->u.event.gen = (uint32_t)getle(b, 4);
	r->u.event.target = (uint16_t)getle(b, 2);
	switch (sub) {
	case VG_EV_PACKET:
		if (get_addr(b, &ev->u.packet.meta.src))
			return fail(r, "packet.src.family");
		if (get_addr(b, &ev->u.packet.meta.dst))
			return fail(r, "packet.dst.family");
		ev->u.packet.meta.ttl = (uint8_t)getle(b, 1);
		ev->u.packet.meta.ifindex = (uint32_t)getle(b, 4);
		ev->u.packet.len = (size_t)getle(b, 2);
		if (ev->u.packet.len > VG_VRRP_PKT_MAX)
			return fail(r, "packet.len");
		ev->u.packet.buf = get(b, ev->u.packet.len);
		if (!ah)
			break;
		ev->u.packet.meta.ip_hdr_len = (uint8_t)getle(b, 1);
		if (!b->bad && (ev->u.packet.meta.ip_hdr_len < VG_AH_IP_HDR_LEN ||
				ev->u.packet.meta.ip_hdr_len > VG_AH_IP_HDR_MAX))
			return fail(r, "packet.ip_hdr_len");
		ev->u.packet.meta.ip_hdr = get(b, ev->u.packet.meta.ip_hdr_len);
		ev->u.packet.meta.ah = get(b, VG_AH_LEN);
		break;
	case VG_EV_LINK:
		ev->u.link.ifindex = (uint32_t)getle(b, 4);
		if (get_bool(b, &ev->u.link.up))
			return fail(r, "link.up");
		break;
	case VG_EV_TRACK:
		ev->u.track.kind = (uint8_t)getle(b, 1);
		if (ev->u.track.kind > VG_TRACK_SRC_IP)
			return fail(r, "track.kind");
		ev->u.track.id = (uint16_t)getle(b, 2);
		if (get_bool(b, &ev->u.track.up))
			return fail(r, "track.up");
		if (get_bool(b, &ev->u.track.removed))
			return fail(r, "track.removed");
		ev->u.track.value = (int32_t)(uint32_t)getle(b, 4);
		break;
	case VG_EV_SRC_ADDR:
		ev->u.src.ifindex = (uint32_t)getle(b, 4);
		if (get_addr(b, &ev->u.src.addr))
			return fail(r, "src.addr.family");
		break;
	default:
		break;
	}
	return 0;
}

/* CARRY: a START with its pairing; the pairs are checked for length here, walked by vg_rec_carry_service. */
static long decode_carry(struct rd *b, struct vg_rec *r)
{
	r->u.lvs.carry = true;
	r->u.lvs.ev.kind = VG_LVS_EV_START;
	r->u.lvs.gen = (uint32_t)getle(b, 4);
	r->u.lvs.ev.u.start.seed = getle(b, 8);
	r->u.lvs.old_gen = (uint32_t)getle(b, 4);
	r->u.lvs.services = (uint32_t)getle(b, 4);
	if (b->bad)
		return fail(r, "carry");
	r->u.lvs.pairs = b->p;
	for (uint32_t i = 0; i < r->u.lvs.services; i++) {
		uint16_t n;

		getle(b, 4);
		n = (uint16_t)getle(b, 2);
		get(b, (size_t)n * 2);
		if (b->bad)
			return fail(r, "carry.services");
	}
	r->u.lvs.pairs_len = (size_t)(b->p - r->u.lvs.pairs);
	return 0;
}

int vg_rec_carry_service(const struct vg_rec *r, size_t *pos, uint32_t *from, uint16_t *checkers, uint16_t *ck_from,
			 size_t cap)
{
	struct rd b;

	if (r->type != VG_REC_LVS || !r->u.lvs.carry || *pos > r->u.lvs.pairs_len)
		return VG_REC_ERR_FIELD;
	if (*pos == r->u.lvs.pairs_len)
		return 0;
	b = (struct rd){ r->u.lvs.pairs + *pos, r->u.lvs.pairs_len - *pos, 0 };
	*from = (uint32_t)getle(&b, 4);
	*checkers = (uint16_t)getle(&b, 2);
	if (*checkers > cap)
		return VG_REC_ERR_FIELD;
	for (uint16_t k = 0; k < *checkers; k++)
		ck_from[k] = (uint16_t)getle(&b, 2);
	if (b.bad)
		return VG_REC_ERR_FIELD;
	*pos = r->u.lvs.pairs_len - b.left;
	return 1;
}

/* One result of a PROBE of version 5 or 6: the optional fields its flags name, each present only when
   not zero/false (the result's fields of r are set whole). */
static long decode_probe_result(struct rd *b, struct vg_rec *r)
{
	struct vg_lvs_probe_result *pr = &r->u.lvs.result;
	uint8_t flags;
	const uint8_t *m;

	memset(pr, 0, sizeof(*pr));
	memset(r->u.lvs.md5, 0, sizeof(r->u.lvs.md5));
	r->u.lvs.ev.u.probe.service = (uint16_t)getle(b, 2);
	pr->checker = (uint16_t)getle(b, 2);
	pr->seq = (uint32_t)getle(b, 4);
	pr->outcome = (uint8_t)getle(b, 1);
	flags = (uint8_t)getle(b, 1);
	if (flags & ~(VG_REC_PROBE_HTTP | VG_REC_PROBE_EXIT | VG_REC_PROBE_NO_DATA | VG_REC_PROBE_REGEX |
		      VG_REC_PROBE_MD5))
		return fail(r, "probe.flags");
	pr->no_data = flags & VG_REC_PROBE_NO_DATA;
	r->u.lvs.regex_matched = flags & VG_REC_PROBE_REGEX;
	/* a flagged field is never its default: one result, one encoding */
	if (flags & VG_REC_PROBE_HTTP) {
		pr->http_status = (uint16_t)getle(b, 2);
		if (!b->bad && !pr->http_status)
			return fail(r, "probe.http_status");
	}
	if (flags & VG_REC_PROBE_EXIT) {
		pr->exit_status = (uint8_t)getle(b, 1);
		if (!b->bad && !pr->exit_status)
			return fail(r, "probe.exit_status");
	}
	if (flags & VG_REC_PROBE_MD5) {
		m = get(b, 16);
		if (m && !memcmp(m, zero16, 16))
			return fail(r, "probe.md5");
		if (m)
			memcpy(r->u.lvs.md5, m, 16);
	}
	return 0;
}

/* A PROBE of version 5 (one result) or 6 (one or more, all at the record's time: r has the first). */
static long decode_probe(struct rd *b, struct vg_rec *r)
{
	struct vg_rec t;
	long rc;

	r->u.lvs.ev.kind = VG_LVS_EV_PROBE;
	r->u.lvs.gen = (uint32_t)getle(b, 4);
	rc = decode_probe_result(b, r);
	if (rc || b->bad)
		return rc;
	r->u.lvs.more = b->p;
	r->u.lvs.more_len = b->left;
	while (b->left && !b->bad) { /* every further result checked now: vg_rec_probe_next cannot fail */
		memset(&t, 0, sizeof(t));
		if (decode_probe_result(b, &t))
			return fail(r, t.bad);
	}
	return 0;
}

int vg_rec_probe_next(struct vg_rec *r, size_t *pos)
{
	struct rd b;

	if (r->type != VG_REC_LVS || r->u.lvs.ev.kind != VG_LVS_EV_PROBE || !r->u.lvs.more ||
	    *pos >= r->u.lvs.more_len)
		return 0;
	b = (struct rd){ r->u.lvs.more + *pos, r->u.lvs.more_len - *pos, 0 };
	if (decode_probe_result(&b, r) || b.bad)
		return VG_REC_ERR_FIELD;
	*pos = r->u.lvs.more_len - b.left;
	return 1;
}

static long decode_lvs(struct rd *b, uint8_t sub, struct vg_rec *r)
{
	struct vg_lvs_event *ev = &r->u.lvs.ev;
	struct vg_lvs_probe_result *pr = &r->u.lvs.result;
	const uint8_t *m;

	if (sub == VG_REC_SUB_CARRY)
		return decode_carry(b, r);
	if (sub == VG_REC_SUB_PROBE)
		return decode_probe(b, r);
	if (sub >= VG_LVS_EV__COUNT)
		return fail(r, "lvs.kind");
	ev->kind = sub;
	r->u.lvs.gen = (uint32_t)getle(b, 4);
	r->u.lvs.probe_full = sub == VG_LVS_EV_PROBE;
	switch (sub) {
	case VG_LVS_EV_START:
		ev->u.start.seed = getle(b, 8);
		break;
	case VG_LVS_EV_PROBE:
		ev->u.probe.service = (uint16_t)getle(b, 2);
		pr->checker = (uint16_t)getle(b, 2);
		pr->seq = (uint32_t)getle(b, 4);
		pr->outcome = (uint8_t)getle(b, 1);
		pr->http_status = (uint16_t)getle(b, 2);
		pr->exit_status = (uint8_t)getle(b, 1);
		if (get_bool(b, &pr->no_data))
			return fail(r, "probe.no_data");
		if (get_bool(b, &r->u.lvs.regex_matched))
			return fail(r, "probe.regex_matched");
		m = get(b, 16);
		if (m)
			memcpy(r->u.lvs.md5, m, 16);
		break;
	case VG_LVS_EV_VIP:
		if (get_addr(b, &ev->u.vip.addr))
			return fail(r, "vip.addr.family");
		if (get_bool(b, &ev->u.vip.present))
			return fail(r, "vip.present");
		break;
	case VG_LVS_EV_WEIGHT:
		ev->u.weight.service = (uint16_t)getle(b, 2);
		ev->u.weight.rs = (uint16_t)getle(b, 2);
		ev->u.weight.weight = (int32_t)(uint32_t)getle(b, 4);
		break;
	case VG_LVS_EV_FILE:
		ev->u.file.track_file = (uint16_t)getle(b, 2);
		ev->u.file.value = (int64_t)getle(b, 8);
		break;
	case VG_LVS_EV_BFD:
		ev->u.bfd.bfd = (uint16_t)getle(b, 2);
		if (get_bool(b, &ev->u.bfd.up))
			return fail(r, "bfd.up");
		break;
	default:
		break;
	}
	return 0;
}

/* Read file_count files of a CONF record from b. NULL or the bad field's name. */
static const char *walk_files(struct rd *b, uint16_t file_count)
{
	for (uint16_t i = 0; i < file_count; i++) {
		uint16_t pl = (uint16_t)getle(b, 2);
		uint32_t dl;

		if (!pl)
			return "conf.file.path";
		get(b, pl);
		dl = (uint32_t)getle(b, 4);
		get(b, dl);
		if (b->bad)
			return "conf.file.len";
	}
	return NULL;
}

static long decode_conf(struct rd *b, uint8_t sub, struct vg_rec *r)
{
	const char *bad;

	r->u.conf.gen = (uint32_t)getle(b, 4);
	r->u.conf.config_id_len = (uint16_t)getle(b, 2);
	r->u.conf.config_id = (const char *)get(b, r->u.conf.config_id_len);
	r->u.conf.file_count = (uint16_t)getle(b, 2);
	if (sub == VG_REC_SUB_DEFLATED) {
		r->u.conf.deflated = true;
		r->u.conf.raw_len = (uint32_t)getle(b, 4);
	}
	if (b->bad)
		return fail(r, "conf");
	if (!r->u.conf.file_count)
		return fail(r, "conf.files");
	r->u.conf.files = b->p;
	if (sub == VG_REC_SUB_DEFLATED) {
		/* the rest of the body; the zlib stream is checked when inflated (vg_rec_conf_inflated) */
		if (r->u.conf.raw_len > VG_REC_CONF_RAW_MAX || r->u.conf.raw_len < 6u * r->u.conf.file_count)
			return fail(r, "conf.raw_len");
		if (!b->left)
			return fail(r, "conf.deflated");
		r->u.conf.files_len = b->left;
		get(b, b->left);
		return 0;
	}
	if ((bad = walk_files(b, r->u.conf.file_count)))
		return fail(r, bad);
	r->u.conf.files_len = (size_t)(b->p - r->u.conf.files);
	return 0;
}

int vg_rec_conf_inflated(struct vg_rec *r, const uint8_t *raw, size_t raw_len)
{
	const char *bad;

	if (r->type != VG_REC_CONF || !r->u.conf.deflated || raw_len != r->u.conf.raw_len) {
		r->bad = "conf.raw_len";
		return VG_REC_ERR_FIELD;
	}
	struct rd b = { raw, raw_len, 0 };

	if ((bad = walk_files(&b, r->u.conf.file_count)) || (b.left && (bad = "conf.files (bytes after the last file)"))) {
		r->bad = bad;
		return VG_REC_ERR_FIELD;
	}
	r->u.conf.files = raw;
	r->u.conf.files_len = raw_len;
	r->u.conf.deflated = false;
	return 0;
}

long vg_rec_decode(const uint8_t *buf, size_t len, struct vg_rec *r)
{
	struct rd h = { buf, len, 0 }, b;
	uint8_t type, sub;
	uint32_t blen;
	long rc = 0;

	memset(r, 0, sizeof(*r));
	if (len < VG_REC_HDR_LEN) {
		r->bad = "record header";
		return VG_REC_ERR_SHORT;
	}
	type = (uint8_t)getle(&h, 1);
	sub = (uint8_t)getle(&h, 1);
	if (getle(&h, 2))
		return fail(r, "record.reserved");
	blen = (uint32_t)getle(&h, 4);
	r->now = getle(&h, 8);
	r->type = type;
	if (blen > VG_REC_BODY_MAX)
		return fail(r, "record.body_len");
	if (blen > h.left) {
		r->bad = "record body";
		return VG_REC_ERR_SHORT;
	}
	if (type < VG_REC_INFO || type > VG_REC_LVS)
		return fail(r, "record.type");
	if (type != VG_REC_EVENT && type != VG_REC_LVS && sub && !(type == VG_REC_CONF && sub == VG_REC_SUB_DEFLATED))
		return fail(r, "record.sub");
	b = (struct rd){ h.p, blen, 0 };
	switch (type) {
	case VG_REC_INFO:
		r->u.info.lost = getle(&b, 8);
		r->u.info.reason_len = (uint16_t)getle(&b, 2);
		r->u.info.reason = (const char *)get(&b, r->u.info.reason_len);
		break;
	case VG_REC_CONF:
		rc = decode_conf(&b, sub, r);
		break;
	case VG_REC_EVENT:
		rc = decode_event(&b, sub, r);
		break;
	case VG_REC_RELOAD:
		r->u.reload.gen = (uint32_t)getle(&b, 4);
		break;
	case VG_REC_LVS:
		rc = decode_lvs(&b, sub, r);
		break;
	default:
		return fail(r, "record.type");
	}
	if (rc)
		return rc;
	if (b.bad)
		return fail(r, "record.body_len (short for its fields)");
	if (b.left)
		return fail(r, "record.body_len (bytes after its fields)");
	return (long)(VG_REC_HDR_LEN + blen);
}

int vg_rec_conf_file(const struct vg_rec *r, size_t *pos, struct vg_rec_file *f)
{
	struct rd b;

	if (r->type != VG_REC_CONF || r->u.conf.deflated || *pos > r->u.conf.files_len)
		return VG_REC_ERR_FIELD;
	if (*pos == r->u.conf.files_len)
		return 0;
	b = (struct rd){ r->u.conf.files + *pos, r->u.conf.files_len - *pos, 0 };
	f->path_len = (uint16_t)getle(&b, 2);
	f->path = (const char *)get(&b, f->path_len);
	f->len = (uint32_t)getle(&b, 4);
	f->data = get(&b, f->len);
	if (b.bad)
		return VG_REC_ERR_FIELD;
	*pos = r->u.conf.files_len - b.left;
	return 1;
}

const char *vg_rec_type_name(uint8_t type)
{
	switch (type) {
	case VG_REC_INFO: return "info";
	case VG_REC_CONF: return "conf";
	case VG_REC_EVENT: return "event";
	case VG_REC_RELOAD: return "reload";
	case VG_REC_LVS: return "lvs";
	default: return "?";
	}
}
