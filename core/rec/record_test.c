// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the flight recorder's codec: every record kind round-trips,
 * the header is checked, and a short or lying record is refused naming its field.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "rec/record.h"

static const uint8_t advert[] = { 0x21, 7, 100, 1, 0, 1, 0xaa, 0x55, 192, 0, 2, 100, 0, 0, 0, 0, 0, 0, 0, 0 };

static struct vg_vrrp_event packet_event(void)
{
	struct vg_vrrp_event ev = { .kind = VG_EV_PACKET };

	ev.u.packet.buf = advert;
	ev.u.packet.len = sizeof(advert);
	ev.u.packet.meta.src = (struct vg_addr){ VG_AF_INET, { 192, 0, 2, 12 } };
	ev.u.packet.meta.dst = (struct vg_addr){ VG_AF_INET, { 224, 0, 0, 18 } };
	ev.u.packet.meta.ttl = 255;
	ev.u.packet.meta.ifindex = 1;
	return ev;
}

static void test_header(void **state)
{
	uint8_t b[VG_REC_HEADER_LEN];
	const char *bad;

	(void)state;
	assert_int_equal(vg_rec_header_encode(b, 4), VG_REC_ERR_SPACE);
	assert_int_equal(vg_rec_header_encode(b, sizeof(b)), VG_REC_HEADER_LEN);
	assert_int_equal(vg_rec_header_decode(b, sizeof(b), &bad), VG_REC_HEADER_LEN);
	assert_int_equal(vg_rec_header_decode(b, 10, &bad), VG_REC_ERR_SHORT);
	b[8] = 1; /* version 1 (no LVS records) is still read */
	assert_int_equal(vg_rec_header_decode(b, sizeof(b), &bad), VG_REC_HEADER_LEN);
	b[8] = 2; /* version 2 (no AH, no CARRY records) is still read */
	assert_int_equal(vg_rec_header_decode(b, sizeof(b), &bad), VG_REC_HEADER_LEN);
	b[8] = 3; /* version 3 (no DEFLATED CONF) is still read */
	assert_int_equal(vg_rec_header_decode(b, sizeof(b), &bad), VG_REC_HEADER_LEN);
	b[8] = 4; /* version 4 (PROBEs in full) is still read */
	assert_int_equal(vg_rec_header_decode(b, sizeof(b), &bad), VG_REC_HEADER_LEN);
	b[8] = 5; /* version 5 (one result a PROBE) is still read */
	assert_int_equal(vg_rec_header_decode(b, sizeof(b), &bad), VG_REC_HEADER_LEN);
	b[8] = 7; /* version 7 */
	assert_int_equal(vg_rec_header_decode(b, sizeof(b), &bad), VG_REC_ERR_VERSION);
	b[8] = 0;
	assert_int_equal(vg_rec_header_decode(b, sizeof(b), &bad), VG_REC_ERR_VERSION);
	assert_string_equal(bad, "version");
	b[0] = 'X';
	assert_int_equal(vg_rec_header_decode(b, sizeof(b), &bad), VG_REC_ERR_MAGIC);
}

static void test_packet_round_trip(void **state)
{
	uint8_t b[VG_REC_EVENT_MAX];
	struct vg_vrrp_event ev = packet_event();
	struct vg_rec r;
	long n;

	(void)state;
	n = vg_rec_encode_event(b, sizeof(b), 123456789, 3, VG_REC_ROUTER, &ev);
	assert_true(n > VG_REC_HDR_LEN);
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), n);
	assert_int_equal(r.type, VG_REC_EVENT);
	assert_int_equal(r.now, 123456789);
	assert_int_equal(r.u.event.gen, 3);
	assert_int_equal(r.u.event.target, VG_REC_ROUTER);
	assert_int_equal(r.u.event.ev.kind, VG_EV_PACKET);
	assert_int_equal(r.u.event.ev.u.packet.len, sizeof(advert));
	assert_memory_equal(r.u.event.ev.u.packet.buf, advert, sizeof(advert));
	assert_memory_equal(&r.u.event.ev.u.packet.meta.src, &ev.u.packet.meta.src, sizeof(struct vg_addr));
	assert_int_equal(r.u.event.ev.u.packet.meta.ttl, 255);
	assert_int_equal(r.u.event.ev.u.packet.meta.ifindex, 1);
	/* every shorter buffer is "short", never a read past it */
	for (long k = 0; k < n; k++)
		assert_int_equal(vg_rec_decode(b, (size_t)k, &r), VG_REC_ERR_SHORT);
	assert_int_equal(vg_rec_encode_event(b, (size_t)n - 1, 1, 3, VG_REC_ROUTER, &ev), VG_REC_ERR_SPACE);
}

/* auth_type AH: the IPv4 header and the AH the core checks (RFC 2338 5.3.6.3, 10; vrrp/ah.h) are kept. */
static void test_ah_packet_round_trip(void **state)
{
	uint8_t b[VG_REC_EVENT_MAX];
	uint8_t ip[24], ah[VG_AH_LEN];
	struct vg_vrrp_event ev = packet_event();
	struct vg_rec r;
	long n, plain;

	(void)state;
	for (unsigned i = 0; i < sizeof(ip); i++)
		ip[i] = (uint8_t)(0x45 + i);
	for (unsigned i = 0; i < sizeof(ah); i++)
		ah[i] = (uint8_t)(0xa0 + i);
	plain = vg_rec_encode_event(b, sizeof(b), 1, 3, 0, &ev);
	ev.u.packet.meta.ip_hdr = ip;
	ev.u.packet.meta.ip_hdr_len = sizeof(ip); /* with 4 bytes of options */
	ev.u.packet.meta.ah = ah;
	n = vg_rec_encode_event(b, sizeof(b), 7, 3, 0, &ev);
	assert_int_equal(n, plain + 1 + (long)sizeof(ip) + VG_AH_LEN);
	assert_int_equal(b[1], VG_REC_SUB_PACKET_AH);
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), n);
	assert_int_equal(r.u.event.ev.kind, VG_EV_PACKET);
	assert_int_equal(r.u.event.ev.u.packet.len, sizeof(advert));
	assert_memory_equal(r.u.event.ev.u.packet.buf, advert, sizeof(advert));
	assert_int_equal(r.u.event.ev.u.packet.meta.ip_hdr_len, sizeof(ip));
	assert_memory_equal(r.u.event.ev.u.packet.meta.ip_hdr, ip, sizeof(ip));
	assert_memory_equal(r.u.event.ev.u.packet.meta.ah, ah, sizeof(ah));
	assert_null(r.u.event.ev.u.packet.meta.hmac); /* the replay provides it */
	for (long k = 0; k < n; k++)
		assert_int_equal(vg_rec_decode(b, (size_t)k, &r), VG_REC_ERR_SHORT);
	/* an IP header shorter than 20 bytes or over 60 is refused */
	b[n - VG_AH_LEN - (long)sizeof(ip) - 1] = 19;
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), VG_REC_ERR_FIELD);
	assert_string_equal(r.bad, "packet.ip_hdr_len");
	ev.u.packet.meta.ip_hdr_len = 61;
	assert_int_equal(vg_rec_encode_event(b, sizeof(b), 7, 3, 0, &ev), VG_REC_ERR_FIELD);
}

/* A reload's carried START: the seed, the generation it carries from and the pairing, as recorded. */
static void test_carry_round_trip(void **state)
{
	uint8_t b[VG_REC_CARRY_SIZE(3, 5)];
	uint32_t svc_from[3] = { 1, UINT32_MAX, 0 };
	uint16_t checkers[3] = { 2, 0, 3 };
	uint16_t ck0[2] = { 1, UINT16_MAX }, ck2[3] = { 0, 2, 1 };
	const uint16_t *ck_from[3] = { ck0, NULL, ck2 };
	uint16_t got[4];
	uint32_t from;
	uint16_t count;
	size_t pos = 0;
	struct vg_rec r;
	long n;

	(void)state;
	n = vg_rec_encode_carry(b, sizeof(b), 99, 5, 0x1122334455667788ull, 4, 3, svc_from, checkers, ck_from);
	assert_int_equal(n, (long)sizeof(b));
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), n);
	assert_int_equal(r.type, VG_REC_LVS);
	assert_true(r.u.lvs.carry);
	assert_int_equal(r.u.lvs.ev.kind, VG_LVS_EV_START);
	assert_int_equal(r.u.lvs.ev.u.start.seed, 0x1122334455667788ull);
	assert_int_equal(r.u.lvs.gen, 5);
	assert_int_equal(r.u.lvs.old_gen, 4);
	assert_int_equal(r.u.lvs.services, 3);
	assert_int_equal(vg_rec_carry_service(&r, &pos, &from, &count, got, 4), 1);
	assert_int_equal(from, 1);
	assert_int_equal(count, 2);
	assert_int_equal(got[0], 1);
	assert_int_equal(got[1], UINT16_MAX);
	assert_int_equal(vg_rec_carry_service(&r, &pos, &from, &count, got, 4), 1);
	assert_int_equal(from, UINT32_MAX);
	assert_int_equal(count, 0);
	assert_int_equal(vg_rec_carry_service(&r, &pos, &from, &count, got, 2), VG_REC_ERR_FIELD); /* 3 > cap */
	assert_int_equal(vg_rec_carry_service(&r, &pos, &from, &count, got, 4), 1);
	assert_memory_equal(got, ck2, sizeof(ck2));
	assert_int_equal(vg_rec_carry_service(&r, &pos, &from, &count, got, 4), 0);
	for (long k = 0; k < n; k++)
		assert_int_equal(vg_rec_decode(b, (size_t)k, &r), VG_REC_ERR_SHORT);
	b[VG_REC_HDR_LEN + 16] = 4; /* four services, three recorded */
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), VG_REC_ERR_FIELD);
	assert_string_equal(r.bad, "carry.services");
	assert_int_equal(vg_rec_encode_carry(b, sizeof(b) - 1, 99, 5, 1, 4, 3, svc_from, checkers, ck_from),
			 VG_REC_ERR_SPACE);
}

static void test_other_events_round_trip(void **state)
{
	struct vg_vrrp_event evs[5] = { { .kind = VG_EV_TIMER }, { .kind = VG_EV_LINK }, { .kind = VG_EV_TRACK },
					{ .kind = VG_EV_SRC_ADDR }, { .kind = VG_EV_STARTUP } };
	uint8_t b[VG_REC_EVENT_MAX];
	struct vg_rec r;
	long n;
	int i;

	(void)state;
	evs[1].u.link.ifindex = 2;
	evs[1].u.link.up = true;
	evs[2].u.track.kind = VG_TRACK_SCRIPT;
	evs[2].u.track.id = 4;
	evs[2].u.track.value = -7;
	evs[2].u.track.removed = true;
	evs[3].u.src.ifindex = 1;
	evs[3].u.src.addr = (struct vg_addr){ VG_AF_INET6, { 0xfe, 0x80, [15] = 1 } };
	for (i = 0; i < 5; i++) {
		n = vg_rec_encode_event(b, sizeof(b), (vg_time)i, 1, 7, &evs[i]);
		assert_true(n >= VG_REC_HDR_LEN);
		assert_int_equal(vg_rec_decode(b, (size_t)n, &r), n);
		assert_int_equal(r.u.event.target, 7);
		assert_memory_equal(&r.u.event.ev, &evs[i], sizeof(evs[i]));
	}
}

static void test_conf_info_reload(void **state)
{
	struct vg_rec_file f[2] = { { "/etc/k.conf", 11, (const uint8_t *)"include x\n", 10 },
				    { "x", 1, (const uint8_t *)"", 0 } };
	uint8_t b[256];
	struct vg_rec r;
	struct vg_rec_file g;
	size_t pos = 0;
	long n;

	(void)state;
	n = vg_rec_encode_conf(b, sizeof(b), 5, 2, "n1", 2, f, 2);
	assert_int_equal(n, (long)vg_rec_conf_size(2, f, 2));
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), n);
	assert_int_equal(r.u.conf.gen, 2);
	assert_int_equal(r.u.conf.file_count, 2);
	assert_memory_equal(r.u.conf.config_id, "n1", 2);
	assert_int_equal(vg_rec_conf_file(&r, &pos, &g), 1);
	assert_memory_equal(g.path, "/etc/k.conf", 11);
	assert_int_equal(g.len, 10);
	assert_int_equal(vg_rec_conf_file(&r, &pos, &g), 1);
	assert_int_equal(g.len, 0);
	assert_int_equal(vg_rec_conf_file(&r, &pos, &g), 0);

	n = vg_rec_encode_info(b, sizeof(b), 9, 42, "signal", 6);
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), n);
	assert_int_equal(r.u.info.lost, 42);
	assert_memory_equal(r.u.info.reason, "signal", 6);

	n = vg_rec_encode_reload(b, sizeof(b), 10, 8);
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), n);
	assert_int_equal(r.type, VG_REC_RELOAD);
	assert_int_equal(r.u.reload.gen, 8);
}

/* a record that lies about its fields is refused and names the field */
/*
 * A DEFLATED CONF (format 4): the files part is encoded alone, compressed by
 * the caller (here a stand-in stream: the core never inflates), and put back
 * with vg_rec_conf_inflated, after which it walks as a plain CONF's.
 */
static void test_conf_deflated(void **state)
{
	struct vg_rec_file f[2] = { { "/etc/k.conf", 11, (const uint8_t *)"include x\n", 10 },
				    { "x", 1, (const uint8_t *)"", 0 } };
	const uint8_t z[5] = { 0x78, 0x9c, 1, 2, 3 };
	uint8_t b[256], raw[64], bad_raw[65];
	struct vg_rec r;
	struct vg_rec_file g;
	size_t pos = 0;
	long n, raw_len;

	(void)state;
	raw_len = vg_rec_encode_conf_files(raw, sizeof(raw), f, 2);
	assert_int_equal(raw_len, (long)vg_rec_conf_files_size(f, 2));
	assert_int_equal(raw_len, 2 + 11 + 4 + 10 + 2 + 1 + 4);
	n = vg_rec_encode_conf_deflated(b, sizeof(b), 5, 2, "n1", 2, 2, (uint32_t)raw_len, z, sizeof(z));
	assert_int_equal(n, VG_REC_HDR_LEN + 4 + 2 + 2 + 2 + 4 + (long)sizeof(z));
	assert_int_equal(b[1], VG_REC_SUB_DEFLATED);
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), n);
	assert_true(r.u.conf.deflated);
	assert_int_equal(r.u.conf.gen, 2);
	assert_int_equal(r.u.conf.file_count, 2);
	assert_int_equal(r.u.conf.raw_len, raw_len);
	assert_int_equal(r.u.conf.files_len, sizeof(z));
	assert_memory_equal(r.u.conf.files, z, sizeof(z));
	assert_int_equal(vg_rec_conf_file(&r, &pos, &g), VG_REC_ERR_FIELD); /* not before inflating */

	/* inflated bytes that do not fit the header are refused, r unchanged */
	assert_int_equal(vg_rec_conf_inflated(&r, raw, (size_t)raw_len - 1), VG_REC_ERR_FIELD);
	memcpy(bad_raw, raw, (size_t)raw_len);
	bad_raw[raw_len] = 0;
	r.u.conf.raw_len = (uint32_t)raw_len + 1;
	assert_int_equal(vg_rec_conf_inflated(&r, bad_raw, (size_t)raw_len + 1), VG_REC_ERR_FIELD);
	assert_non_null(strstr(r.bad, "after the last file"));
	r.u.conf.raw_len = (uint32_t)raw_len;
	assert_true(r.u.conf.deflated);

	assert_int_equal(vg_rec_conf_inflated(&r, raw, (size_t)raw_len), 0);
	assert_false(r.u.conf.deflated);
	assert_int_equal(vg_rec_conf_file(&r, &pos, &g), 1);
	assert_memory_equal(g.path, "/etc/k.conf", 11);
	assert_memory_equal(g.data, "include x\n", 10);
	assert_int_equal(vg_rec_conf_file(&r, &pos, &g), 1);
	assert_int_equal(g.len, 0);
	assert_int_equal(vg_rec_conf_file(&r, &pos, &g), 0);

	/* a raw length no files fit, and an empty stream, are bad fields */
	n = vg_rec_encode_conf_deflated(b, sizeof(b), 5, 2, "n1", 2, 2, (uint32_t)raw_len, z, sizeof(z));
	b[VG_REC_HDR_LEN + 4 + 2 + 2 + 2] = 3; /* raw_len 3 < two files' headers */
	b[VG_REC_HDR_LEN + 4 + 2 + 2 + 2 + 1] = 0;
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), VG_REC_ERR_FIELD);
	assert_string_equal(r.bad, "conf.raw_len");
	assert_int_equal(vg_rec_encode_conf_deflated(b, sizeof(b), 5, 2, "n1", 2, 2, (uint32_t)raw_len, z, 0),
			 VG_REC_ERR_FIELD);
	/* a plain CONF's sub is still 0, and another sub is refused */
	n = vg_rec_encode_conf(b, sizeof(b), 5, 2, "n1", 2, f, 2);
	assert_int_equal(b[1], 0);
	b[1] = 2;
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), VG_REC_ERR_FIELD);
	assert_string_equal(r.bad, "record.sub");
}

static void test_bad_fields(void **state)
{
	uint8_t b[VG_REC_EVENT_MAX];
	struct vg_vrrp_event ev = packet_event();
	struct vg_rec r;
	long n;

	(void)state;
	n = vg_rec_encode_event(b, sizeof(b), 1, 1, VG_REC_ROUTER, &ev);
	b[VG_REC_HDR_LEN + 6] = 5; /* src family */
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), VG_REC_ERR_FIELD);
	assert_string_equal(r.bad, "packet.src.family");

	n = vg_rec_encode_event(b, sizeof(b), 1, 1, VG_REC_ROUTER, &ev);
	b[1] = 9; /* event kind */
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), VG_REC_ERR_FIELD);
	assert_string_equal(r.bad, "event.kind");

	n = vg_rec_encode_event(b, sizeof(b), 1, 1, VG_REC_ROUTER, &ev);
	b[4] = (uint8_t)(b[4] - 1); /* body one byte shorter than its packet */
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), VG_REC_ERR_FIELD);

	n = vg_rec_encode_event(b, sizeof(b), 1, 1, VG_REC_ROUTER, &ev);
	b[0] = 77;
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), VG_REC_ERR_FIELD);
	assert_string_equal(r.bad, "record.type");

	ev.u.packet.len = VG_VRRP_PKT_MAX + 1;
	assert_int_equal(vg_rec_encode_event(b, sizeof(b), 1, 1, VG_REC_ROUTER, &ev), VG_REC_ERR_FIELD);
}

/* The decoded PROBE in r is service's result want, with regex and md5 (NULL: zeros). */
static void assert_probe(const struct vg_rec *r, uint16_t service, const struct vg_lvs_probe_result *want,
			 bool regex, const uint8_t *md5)
{
	static const uint8_t zero[16];

	assert_int_equal(r->type, VG_REC_LVS);
	assert_int_equal(r->u.lvs.ev.kind, VG_LVS_EV_PROBE);
	assert_int_equal(r->u.lvs.ev.u.probe.service, service);
	assert_null(r->u.lvs.ev.u.probe.result);
	assert_int_equal(r->u.lvs.result.checker, want->checker);
	assert_int_equal(r->u.lvs.result.seq, want->seq);
	assert_int_equal(r->u.lvs.result.outcome, want->outcome);
	assert_int_equal(r->u.lvs.result.http_status, want->http_status);
	assert_int_equal(r->u.lvs.result.exit_status, want->exit_status);
	assert_int_equal(r->u.lvs.result.no_data, want->no_data);
	assert_int_equal(r->u.lvs.regex_matched, regex);
	assert_memory_equal(r->u.lvs.md5, md5 ? md5 : zero, 16);
}

/*
 * Format 6: one PROBE record holds a wake-up's results back to back (10
 * bytes more a TCP_CHECK, none of them a header); the decoder gives the
 * first, vg_rec_probe_next the others in order, each with only its own
 * fields; a bad one among them fails the record, naming its field.
 */
static void test_probe_results_joined(void **state)
{
	uint8_t b[3 * VG_REC_LVS_MAX];
	uint8_t md5[16] = { 0xd4, 0x1d, 0x8c, 0xd9, 0x8f, 0x00, 0xb2, 0x04, 0xe9, 0x80, 0x09, 0x98, 0xec, 0xf8, 0x42, 0x7e };
	struct vg_lvs_probe_result pr[3] = { { .checker = 1, .seq = 7, .outcome = 1 },
					     { .checker = 2, .seq = 8, .outcome = 4, .http_status = 503 },
					     { .checker = 3, .seq = 9, .outcome = 0 } };
	struct vg_lvs_event ev = { .kind = VG_LVS_EV_PROBE, .u.probe = { .service = 5, .result = &pr[0] } };
	struct vg_rec r;
	size_t pos = 0;
	long n = vg_rec_encode_lvs(b, sizeof(b), 42, 2, &ev, false, NULL), k;

	(void)state;
	assert_int_equal(n, 30);
	ev.u.probe.result = &pr[1];
	k = vg_rec_encode_probe_more(b + n, sizeof(b) - (size_t)n, &ev, true, md5);
	assert_int_equal(k, 10 + 2 + 16);
	n += k;
	ev.u.probe.service = 6;
	ev.u.probe.result = &pr[2];
	k = vg_rec_encode_probe_more(b + n, sizeof(b) - (size_t)n, &ev, false, NULL);
	assert_int_equal(k, 10);
	n += k;
	vg_rec_set_body_len(b, (uint32_t)(n - VG_REC_HDR_LEN));
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), n);
	assert_int_equal(r.now, 42);
	assert_int_equal(r.u.lvs.gen, 2);
	assert_probe(&r, 5, &pr[0], false, NULL);
	assert_int_equal(vg_rec_probe_next(&r, &pos), 1);
	assert_probe(&r, 5, &pr[1], true, md5);
	assert_int_equal(vg_rec_probe_next(&r, &pos), 1);
	assert_probe(&r, 6, &pr[2], false, NULL); /* the digest and regex of the one before are not its */
	assert_int_equal(vg_rec_probe_next(&r, &pos), 0);
	/* cut inside the last result: short for its fields */
	vg_rec_set_body_len(b, (uint32_t)(n - 3 - VG_REC_HDR_LEN));
	assert_int_equal(vg_rec_decode(b, (size_t)n - 3, &r), VG_REC_ERR_FIELD);
	vg_rec_set_body_len(b, (uint32_t)(n - VG_REC_HDR_LEN));
	/* the second result's flags with an unknown bit */
	b[30 + 9] |= 0x80;
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), VG_REC_ERR_FIELD);
	assert_string_equal(r.bad, "probe.flags");
}

/* A version 5 PROBE holds only the fields it has: a TCP_CHECK's result is 30 bytes, an
   HTTP_GET's with its status and digest 48; each field comes back, absent ones as zero. */
static void test_probe_compact(void **state)
{
	uint8_t b[VG_REC_LVS_MAX];
	uint8_t md5[16] = { 0xd4, 0x1d, 0x8c, 0xd9, 0x8f, 0x00, 0xb2, 0x04, 0xe9, 0x80, 0x09, 0x98, 0xec, 0xf8, 0x42, 0x7e };
	struct vg_lvs_probe_result pr = { .checker = 1, .seq = 70000, .outcome = 1 };
	struct vg_lvs_event ev = { .kind = VG_LVS_EV_PROBE, .u.probe = { .service = 300, .result = &pr } };
	struct vg_rec r;
	long n = vg_rec_encode_lvs(b, sizeof(b), 42, 2, &ev, false, NULL);

	(void)state;
	assert_int_equal(n, VG_REC_HDR_LEN + 4 + 2 + 2 + 4 + 1 + 1);
	assert_int_equal(n, 30);
	assert_int_equal(b[1], VG_REC_SUB_PROBE);
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), n);
	assert_false(r.u.lvs.probe_full);
	assert_probe(&r, 300, &pr, false, NULL);
	for (long k = 0; k < n; k++)
		assert_int_equal(vg_rec_decode(b, (size_t)k, &r), VG_REC_ERR_SHORT);
	/* a zero digest is as none */
	memset(md5 + 8, 0, 8);
	{
		uint8_t z[16] = { 0 };

		assert_int_equal(vg_rec_encode_lvs(b, sizeof(b), 42, 2, &ev, false, z), 30);
	}
	/* an HTTP_GET: status, digest, regex */
	md5[8] = 0xe9;
	pr.http_status = 200;
	n = vg_rec_encode_lvs(b, sizeof(b), 43, 2, &ev, true, md5);
	assert_int_equal(n, 30 + 2 + 16);
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), n);
	assert_probe(&r, 300, &pr, true, md5);
	/* a MISC_CHECK: its exit status; a UDP_CHECK without an answer: no_data */
	pr = (struct vg_lvs_probe_result){ .checker = 2, .seq = 3, .outcome = 2, .exit_status = 7, .no_data = true };
	n = vg_rec_encode_lvs(b, sizeof(b), 44, 2, &ev, false, NULL);
	assert_int_equal(n, 30 + 1);
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), n);
	assert_probe(&r, 300, &pr, false, NULL);
	/* flags: an unknown bit, or a flagged field at its default (two encodings of one result) */
	b[VG_REC_HDR_LEN + 4 + 2 + 2 + 4 + 1] |= 0x20;
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), VG_REC_ERR_FIELD);
	assert_string_equal(r.bad, "probe.flags");
	b[VG_REC_HDR_LEN + 4 + 2 + 2 + 4 + 1] &= (uint8_t)~0x20;
	b[n - 1] = 0; /* exit_status flagged, 0 */
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), VG_REC_ERR_FIELD);
	assert_string_equal(r.bad, "probe.exit_status");
	pr = (struct vg_lvs_probe_result){ .checker = 2, .seq = 3, .outcome = 0, .http_status = 500 };
	n = vg_rec_encode_lvs(b, sizeof(b), 45, 2, &ev, false, NULL);
	b[n - 2] = b[n - 1] = 0;
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), VG_REC_ERR_FIELD);
	assert_string_equal(r.bad, "probe.http_status");
	n = vg_rec_encode_lvs(b, sizeof(b), 46, 2, &ev, false, md5);
	memset(b + n - 16, 0, 16);
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), VG_REC_ERR_FIELD);
	assert_string_equal(r.bad, "probe.md5");
}

/* every vg_lvs_node input the checker driver gives the core survives the round trip */
static void test_lvs_round_trip(void **state)
{
	uint8_t b[VG_REC_LVS_MAX];
	uint8_t md5[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	struct vg_lvs_probe_result pr = { .checker = 3, .seq = 77, .outcome = 2, .http_status = 404,
					  .exit_status = 5, .no_data = true };
	struct vg_lvs_event ev = { .kind = VG_LVS_EV_PROBE };
	struct vg_rec r;
	long n;

	(void)state;
	ev.u.probe.service = 9;
	ev.u.probe.result = &pr;
	/* a PROBE as versions 2-4 wrote it (every field) is read */
	n = vg_rec_encode_probe_full(b, sizeof(b), 123, 4, &ev, true, md5);
	assert_int_equal(n, VG_REC_LVS_MAX);
	assert_int_equal(b[1], VG_LVS_EV_PROBE);
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), n);
	assert_true(r.u.lvs.probe_full);
	assert_int_equal(r.now, 123);
	assert_int_equal(r.u.lvs.gen, 4);
	assert_probe(&r, 9, &pr, true, md5);
	b[VG_REC_HDR_LEN + 4 + 2 + 2 + 4 + 1 + 2 + 1] = 2; /* no_data not a boolean */
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), VG_REC_ERR_FIELD);
	assert_string_equal(r.bad, "probe.no_data");
	ev.u.probe.result = NULL;
	assert_int_equal(vg_rec_encode_lvs(b, sizeof(b), 1, 1, &ev, false, NULL), VG_REC_ERR_FIELD);
	assert_int_equal(vg_rec_encode_probe_full(b, sizeof(b), 1, 1, &ev, false, NULL), VG_REC_ERR_FIELD);

	ev = (struct vg_lvs_event){ .kind = VG_LVS_EV_START, .u.start.seed = 0x1122334455667788ull };
	n = vg_rec_encode_lvs(b, sizeof(b), 5, 1, &ev, false, NULL);
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), n);
	assert_int_equal(r.u.lvs.ev.u.start.seed, 0x1122334455667788ull);

	ev = (struct vg_lvs_event){ .kind = VG_LVS_EV_VIP, .u.vip = { { VG_AF_INET, { 192, 0, 2, 9 } }, true } };
	n = vg_rec_encode_lvs(b, sizeof(b), 6, 1, &ev, false, NULL);
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), n);
	assert_int_equal(r.u.lvs.ev.u.vip.addr.family, VG_AF_INET);
	assert_int_equal(r.u.lvs.ev.u.vip.addr.bytes[3], 9);
	assert_true(r.u.lvs.ev.u.vip.present);

	ev = (struct vg_lvs_event){ .kind = VG_LVS_EV_WEIGHT, .u.weight = { 2, 1, -7 } };
	n = vg_rec_encode_lvs(b, sizeof(b), 7, 1, &ev, false, NULL);
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), n);
	assert_int_equal(r.u.lvs.ev.u.weight.service, 2);
	assert_int_equal(r.u.lvs.ev.u.weight.rs, 1);
	assert_int_equal(r.u.lvs.ev.u.weight.weight, -7);

	ev = (struct vg_lvs_event){ .kind = VG_LVS_EV_FILE, .u.file = { 3, -5000000000ll } };
	n = vg_rec_encode_lvs(b, sizeof(b), 8, 1, &ev, false, NULL);
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), n);
	assert_int_equal(r.u.lvs.ev.u.file.track_file, 3);
	assert_int_equal(r.u.lvs.ev.u.file.value, -5000000000ll);

	ev = (struct vg_lvs_event){ .kind = VG_LVS_EV_BFD, .u.bfd = { 4, true } };
	n = vg_rec_encode_lvs(b, sizeof(b), 8, 1, &ev, false, NULL);
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), n);
	assert_int_equal(r.u.lvs.ev.kind, VG_LVS_EV_BFD);
	assert_int_equal(r.u.lvs.ev.u.bfd.bfd, 4);
	assert_true(r.u.lvs.ev.u.bfd.up);

	ev = (struct vg_lvs_event){ .kind = VG_LVS_EV_TIMER };
	n = vg_rec_encode_lvs(b, sizeof(b), 9, 1, &ev, false, NULL);
	assert_int_equal(n, VG_REC_HDR_LEN + 4);
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), n);
	assert_int_equal(r.u.lvs.ev.kind, VG_LVS_EV_TIMER);
	b[1] = VG_LVS_EV__COUNT;
	assert_int_equal(vg_rec_decode(b, (size_t)n, &r), VG_REC_ERR_FIELD);
	assert_string_equal(r.bad, "lvs.kind");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_packet_round_trip),
		cmocka_unit_test(test_ah_packet_round_trip),
		cmocka_unit_test(test_carry_round_trip),
		cmocka_unit_test(test_other_events_round_trip),
		cmocka_unit_test(test_conf_info_reload),
		cmocka_unit_test(test_conf_deflated),
		cmocka_unit_test(test_bad_fields),
		cmocka_unit_test(test_probe_compact),
		cmocka_unit_test(test_probe_results_joined),
		cmocka_unit_test(test_lvs_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
