// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of `auth_type AH` (RFC 2338 5.3.6.2 / 10 as keepalived 2.2.7
 * implements it): the header built and checked (ah.c) with a stand-in MAC
 * (the HMAC-MD5 known-answer vector from a keepalived capture is in
 * backends/common/hmac_test.c, which links OpenSSL), and the instance's
 * sequence numbers (instance.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/cksum.h"
#include "vrrp/ah.h"
#include "vrrp/instance.h"
#include "vrrp/testutil.h"

#define T0 VG_S(10)

/* A stand-in keyed digest: every byte of key and message, at its position, changes the output. */
static void fake_mac(void *ctx, const uint8_t *key, size_t key_len, const uint8_t *msg, size_t len, uint8_t out[16])
{
	uint64_t h1 = 1469598103934665603u, h2 = 1099511628211u;
	size_t i;

	(*(int *)ctx)++;
	for (i = 0; i < key_len; i++)
		h1 = (h1 ^ key[i]) * 1099511628211u;
	for (i = 0; i < len; i++) {
		h1 = (h1 ^ msg[i]) * 1099511628211u;
		h2 = (h2 + h1) * 6364136223846793005u;
	}
	memcpy(out, &h1, 8);
	memcpy(out + 8, &h2, 8);
}

static int mac_calls;
static const struct vg_hmac_md5 mac = { &mac_calls, fake_mac };
static const uint8_t key[VG_VRRP_AUTH_LEN] = { 's', 'e', 'c', 'r', 'e', 't', 0, 0 };
static const uint8_t vrrp_msg[20] = { 0x21, 0x33, 0x96, 0x01, 0x02, 0x01, 0x84, 0x65, 0xc0, 0x00,
				      0x02, 0x64, 0, 0, 0, 0, 0, 0, 0, 0 };

static ssize_t build(uint8_t *out, uint32_t seq, bool unicast)
{
	struct vg_ah_tx tx = { .key = key, .ttl = 255, .ip_id = 7, .seq = seq, .unicast = unicast };

	tx.src = tu_addr("192.0.2.11");
	tx.dst = tu_addr(unicast ? "192.0.2.12" : "224.0.0.18");
	return vg_ah_encode(&tx, vrrp_msg, sizeof(vrrp_msg), &mac, out, VG_AH_DGRAM_MAX);
}

static enum vg_ah_verdict verify(const uint8_t *d, bool unicast, uint32_t *seq)
{
	return vg_ah_verify(key, d, 20, d + 20, d + 44, sizeof(vrrp_msg), unicast, &mac, seq);
}

/* RFC 2402 2 / keepalived: IP protocol 51, next header 112, length 4, SPI = source, the sequence number */
static void test_encode_layout(void **state)
{
	uint8_t d[VG_AH_DGRAM_MAX];
	uint32_t seq;

	(void)state;
	assert_int_equal(build(d, 9, false), 64);
	assert_int_equal(d[0], 0x45);
	assert_int_equal(d[1], 0xc0);
	assert_int_equal(d[2] << 8 | d[3], 64);
	assert_int_equal(d[4] << 8 | d[5], 7);
	assert_int_equal(d[8], 255);
	assert_int_equal(d[9], VG_AH_PROTO);
	assert_int_equal(vg_cksum_fold(vg_cksum_add(0, d, 20)), 0); /* a valid header checksum */
	assert_int_equal(d[20], VG_VRRP_PROTO);
	assert_int_equal(d[21], VG_AH_PLEN);
	assert_memory_equal(d + 24, d + 12, 4); /* SPI */
	assert_int_equal(d[31], 9);
	assert_memory_equal(d + 44, vrrp_msg, sizeof(vrrp_msg));
	assert_int_equal(verify(d, false, &seq), VG_AH_OK);
	assert_int_equal(seq, 9);
}

/* RFC 2402 3.3.3.1.1.1: TOS, fragment fields and checksum are outside the ICV; (unicast) the TTL */
static void test_mutable_fields(void **state)
{
	uint8_t d[VG_AH_DGRAM_MAX];
	uint32_t seq;

	(void)state;
	build(d, 1, false);
	d[1] = 0x10;
	d[6] = 0x40;
	d[10] ^= 0xff;
	assert_int_equal(verify(d, false, &seq), VG_AH_OK);
	d[8] = 254; /* multicast: keepalived keeps the TTL in the ICV */
	assert_int_equal(verify(d, false, &seq), VG_AH_BAD_ICV);
	build(d, 1, true);
	d[8] = 64; /* unicast: the TTL is zeroed (a routed unicast_ttl advert) */
	assert_int_equal(verify(d, true, &seq), VG_AH_OK);
	build(d, 1, false);
	d[5] ^= 1; /* the IP identification is covered */
	assert_int_equal(verify(d, false, &seq), VG_AH_BAD_ICV);
	build(d, 1, false);
	d[44 + 2] ^= 1; /* so is the VRRP message (the priority) */
	assert_int_equal(verify(d, false, &seq), VG_AH_BAD_ICV);
	build(d, 1, false);
	d[31] ^= 1; /* and the sequence number */
	assert_int_equal(verify(d, false, &seq), VG_AH_BAD_ICV);
}

static void test_bad_headers(void **state)
{
	uint8_t d[VG_AH_DGRAM_MAX];
	uint32_t seq;

	(void)state;
	build(d, 1, false);
	d[20] = 6; /* AH for another protocol */
	assert_int_equal(verify(d, false, &seq), VG_AH_BAD_HEADER);
	build(d, 1, false);
	d[21] = 5; /* another ICV length */
	assert_int_equal(verify(d, false, &seq), VG_AH_BAD_HEADER);
	build(d, 1, false);
	assert_int_equal(vg_ah_verify(key, NULL, 0, d + 20, d + 44, 20, false, &mac, &seq), VG_AH_BAD_HEADER);
	assert_int_equal(vg_ah_verify(key, d, 20, d + 20, d + 44, 20, false, NULL, &seq), VG_AH_BAD_ICV);
	/* keepalived: the SPI must be the sender's address (a valid ICV with another SPI fails) */
	d[27] ^= 1;
	memset(d + 32, 0, 12);
	{
		uint8_t cover[VG_AH_DGRAM_MAX], dig[16];

		memcpy(cover, d, 64);
		cover[1] = 0;
		cover[6] = cover[7] = 0;
		cover[10] = cover[11] = 0;
		fake_mac(&mac_calls, key, 8, cover, 64, dig);
		memcpy(d + 32, dig, 12);
	}
	assert_int_equal(verify(d, false, &seq), VG_AH_BAD_SPI);
}

/* ---- the instance ------------------------------------------------------------ */

static void ah_config(struct vg_vrrp_config *c, uint8_t priority)
{
	tu_config(c, 2, priority);
	c->auth_type = VG_VRRP_AUTH_AH;
	memcpy(c->auth_data, key, sizeof(key));
}

struct ah_pkt {
	uint8_t d[VG_AH_DGRAM_MAX];
	size_t len;
	struct vg_rx_meta meta;
};

/* An AH advert from src as keepalived sends it. */
static void ah_advert(struct ah_pkt *p, const struct vg_vrrp_config *c, const char *src, uint8_t priority,
		      uint32_t seq, const uint8_t *k)
{
	struct tu_pkt v;
	struct vg_ah_tx tx = { .key = k, .ttl = 255, .ip_id = 1, .seq = seq };
	ssize_t n;

	tu_advert(&v, c, src, priority, c->adver_int_cs);
	memset(v.buf + v.len - 8, 0, 8); /* AH: no password in the VRRP message */
	tu_fix_checksum(&v);
	tx.src = v.meta.src;
	tx.dst = v.meta.dst;
	n = vg_ah_encode(&tx, v.buf, v.len, &mac, p->d, sizeof(p->d));
	assert_true(n > 0);
	p->len = (size_t)n;
	p->meta = v.meta;
	p->meta.ip_hdr = p->d;
	p->meta.ip_hdr_len = 20;
	p->meta.ah = p->d + 20;
	p->meta.hmac = &mac;
}

static enum vg_vrrp_drop ah_rx(struct vg_vrrp_instance *in, vg_time now, const struct ah_pkt *p, struct tu_out *o)
{
	struct vg_vrrp_event ev = { .kind = VG_EV_PACKET };

	ev.u.packet.buf = p->d + 44;
	ev.u.packet.len = p->len - 44;
	ev.u.packet.meta = p->meta;
	return vg_vrrp_input(in, now, &ev, &o->a);
}

/* keepalived 2.2.7: one counter per instance, above every sequence number accepted (replay check) */
static void test_backup_accepts_and_counts(void **state)
{
	struct vg_vrrp_config c;
	struct vg_vrrp_instance in;
	struct tu_out o;
	struct ah_pkt p;
	const uint8_t wrong[VG_VRRP_AUTH_LEN] = { 'w', 'r', 'o', 'n', 'g', 0, 0, 0 };

	(void)state;
	ah_config(&c, 100);
	assert_null(vg_vrrp_config_check(&c));
	tu_out_init(&o);
	tu_start(&in, &c, T0, &o);
	ah_advert(&p, &c, "192.0.2.11", 150, 5, key);
	assert_int_equal(ah_rx(&in, T0 + VG_S(1), &p, &o), VG_DROP_NONE);
	assert_int_equal(in.ah_seq, 5);
	assert_int_equal(in.master_priority, 150);
	/* the same sequence number again: a replay */
	assert_int_equal(ah_rx(&in, T0 + VG_S(2), &p, &o), VG_DROP_AUTH);
	ah_advert(&p, &c, "192.0.2.11", 150, 4, key);
	assert_int_equal(ah_rx(&in, T0 + VG_S(2), &p, &o), VG_DROP_AUTH);
	ah_advert(&p, &c, "192.0.2.11", 150, 6, wrong); /* another auth_pass */
	assert_int_equal(ah_rx(&in, T0 + VG_S(2), &p, &o), VG_DROP_AUTH);
	assert_int_equal(in.stats.drops[VG_DROP_AUTH], 3);
	assert_int_equal(in.ah_seq, 5);
	ah_advert(&p, &c, "192.0.2.11", 150, 6, key);
	assert_int_equal(ah_rx(&in, T0 + VG_S(2), &p, &o), VG_DROP_NONE);
	assert_int_equal(in.ah_seq, 6);
	/* no AH where AH is configured (a protocol-112 advert): type mismatch, as keepalived */
	p.meta.ah = NULL;
	assert_int_equal(ah_rx(&in, T0 + VG_S(3), &p, &o), VG_DROP_AUTH_TYPE);
}

/* an AH advert reaching an instance without AH */
static void test_ah_where_none(void **state)
{
	struct vg_vrrp_config c, plain;
	struct vg_vrrp_instance in;
	struct tu_out o;
	struct ah_pkt p;

	(void)state;
	ah_config(&c, 100);
	tu_config(&plain, 2, 100);
	tu_out_init(&o);
	tu_start(&in, &plain, T0, &o);
	ah_advert(&p, &c, "192.0.2.11", 150, 1, key);
	assert_int_equal(ah_rx(&in, T0 + VG_S(1), &p, &o), VG_DROP_AUTH_TYPE);
}

/* the Master numbers its adverts from the counter: a takeover goes on above the old Master's */
static void test_master_numbers_adverts(void **state)
{
	struct vg_vrrp_config c;
	struct vg_vrrp_instance in;
	struct tu_out o;
	struct ah_pkt p;
	uint8_t buf[VG_VRRP_PKT_MAX];
	const struct vg_action *a;
	size_t n;

	(void)state;
	ah_config(&c, 100);
	tu_out_init(&o);
	tu_start(&in, &c, T0, &o);
	ah_advert(&p, &c, "192.0.2.11", 150, 41, key);
	ah_rx(&in, T0 + VG_S(1), &p, &o);
	tu_out_init(&o);
	tu_event(&in, vg_vrrp_next_deadline(&in), VG_EV_TIMER, &o); /* Master_Down_Timer */
	assert_int_equal(in.state, VG_STATE_MASTER);
	a = tu_find(&o, VG_ACT_SEND_ADVERT);
	assert_non_null(a);
	assert_int_equal(in.ah_seq, 42);
	n = tu_advert_bytes(&c, a, buf);
	assert_int_equal(buf[4], VG_VRRP_AUTH_AH);
	assert_int_equal(buf[n - 1] | buf[n - 2] | buf[n - 8], 0); /* no password in the message */
	tu_out_init(&o);
	tu_event(&in, vg_vrrp_next_deadline(&in), VG_EV_TIMER, &o); /* Adver_Timer */
	assert_int_equal(tu_count(&o, VG_ACT_SEND_ADVERT), 1);
	assert_int_equal(in.ah_seq, 43);
	/* keepalived: a lower-priority advert moves the counter to its number + 1, our answer + 1 more */
	ah_advert(&p, &c, "192.0.2.12", 50, 100, key);
	tu_out_init(&o);
	assert_int_equal(ah_rx(&in, vg_vrrp_next_deadline(&in) - 1, &p, &o), VG_DROP_LOWER_PRIO);
	assert_int_equal(tu_count(&o, VG_ACT_SEND_ADVERT), 1);
	assert_int_equal(in.ah_seq, 102);
}

/* keepalived: the counter stops at 0xfffffffe ("cycled") and restarts when the instance next becomes Master */
static void test_cycled_counter(void **state)
{
	struct vg_vrrp_config c;
	struct vg_vrrp_instance in;
	struct tu_out o;

	(void)state;
	ah_config(&c, 255);
	tu_out_init(&o);
	vg_vrrp_init(&in, &c);
	in.ah_seq = VG_AH_SEQ_LAST;
	tu_event(&in, T0, VG_EV_STARTUP, &o); /* the owner: Master at once, one advert */
	assert_int_equal(in.state, VG_STATE_MASTER);
	assert_int_equal(in.ah_seq, VG_AH_SEQ_LAST + 1);
	tu_event(&in, vg_vrrp_next_deadline(&in), VG_EV_TIMER, &o);
	assert_int_equal(in.ah_seq, VG_AH_SEQ_LAST + 1);
	assert_true(in.ah_cycled);
	tu_event(&in, T0 + VG_S(5), VG_EV_SHUTDOWN, &o);
	tu_out_init(&o);
	tu_event(&in, T0 + VG_S(9), VG_EV_STARTUP, &o);
	assert_int_equal(in.state, VG_STATE_MASTER);
	assert_int_equal(in.ah_seq, 1);
	assert_false(in.ah_cycled);
}

/* keepalived: AH is IPv4 (VRRPv2) only */
static void test_config_check(void **state)
{
	struct vg_vrrp_config c;
	struct vg_addr v6 = tu_addr("2001:db8::1");

	(void)state;
	ah_config(&c, 100);
	assert_null(vg_vrrp_config_check(&c));
	c.version = 3;
	c.family = VG_AF_INET6;
	c.vips = &v6;
	assert_non_null(vg_vrrp_config_check(&c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_layout),
		cmocka_unit_test(test_mutable_fields),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_backup_accepts_and_counts),
		cmocka_unit_test(test_ah_where_none),
		cmocka_unit_test(test_master_numbers_adverts),
		cmocka_unit_test(test_cycled_counter),
		cmocka_unit_test(test_config_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
