// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the instance state machine: what it receives. The validation
 * ladder (RFC 5798 7.1 / RFC 3768 7.1: each dropped packet counted under its
 * reason, with no other effect), an owner's discards, unicast peers.
 * Each names the RFC 5798 / RFC 3768 section (or keepalived.conf(5) keyword)
 * it checks; times are literal nanoseconds: `deadline - 1` still waits,
 * `deadline` fires. The rig: instance_rig.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vrrp/instance_rig.h"

/* keepalived unicast_peer: one advert per peer, each checksummed for its destination */
static void test_unicast_peers(void **state)
{
	struct vg_addr peers[2];
	uint8_t pkt[VG_VRRP_PKT_MAX];
	struct rig r;
	size_t i;
	int n = 0;

	(void)state;
	rig_init(&r, 3, 255);
	r.c.src_addr = tu_addr("192.0.2.1");
	peers[0] = tu_addr("192.0.2.2");
	peers[1] = tu_addr("192.0.2.3");
	r.c.peer_count = 2;
	r.c.peers = peers;
	rig_start(&r, T0);
	for (i = 0; i < r.o.a.len; i++) {
		const struct vg_action *a = &r.o.v[i];
		struct vg_vrrp_packet p;

		if (a->kind != VG_ACT_SEND_ADVERT)
			continue;
		assert_true(vg_addr_eq(&a->u.advert.dst, &r.c.peers[n]));
		assert_true(vg_vrrp_decode(&p, pkt, tu_advert_bytes(&r.c, a, pkt), VG_AF_INET) > 0);
		assert_int_equal(vg_vrrp_checksum(3, &a->u.advert.src, &a->u.advert.dst, pkt,
						  tu_advert_bytes(&r.c, a, pkt)), p.checksum);
		n++;
	}
	assert_int_equal(n, 2);
}

struct bad_case {
	const char *what;
	enum vg_vrrp_drop want;
};

static void test_rx_validation_v2(void **state)
{
	struct rig r;
	struct tu_pkt p;

	(void)state;
	rig_init(&r, 2, 100);
	r.c.auth_type = VG_VRRP_AUTH_PASS;
	memcpy(r.c.auth_data, "secret", 6);
	rig_start(&r, T0);

	/* RFC 3768 7.1: TTL must be 255 */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.meta.ttl = 254;
	rig_rx_drop(&r.in, &p, VG_DROP_TTL);
	/* version must be 2 */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.buf[0] = 0x31;
	tu_fix_checksum(&p);
	rig_rx_drop(&r.in, &p, VG_DROP_VERSION);
	/* the complete packet: count says 2 addresses */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.buf[3] = 2;
	rig_rx_drop(&r.in, &p, VG_DROP_LENGTH);
	p.len = 7;
	rig_rx_drop(&r.in, &p, VG_DROP_LENGTH);
	/* checksum */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.buf[7] ^= 1;
	rig_rx_drop(&r.in, &p, VG_DROP_CHECKSUM);
	/* type must be ADVERTISEMENT */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.buf[0] = 0x22;
	tu_fix_checksum(&p);
	rig_rx_drop(&r.in, &p, VG_DROP_TYPE);
	/* VRID configured on the receiving interface */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.buf[1] = 52;
	tu_fix_checksum(&p);
	rig_rx_drop(&r.in, &p, VG_DROP_VRID);
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.meta.ifindex = 3;
	rig_rx_drop(&r.in, &p, VG_DROP_VRID);
	/* RFC 3768 7.1: Auth Type must match */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.buf[4] = 0;
	tu_fix_checksum(&p);
	rig_rx_drop(&r.in, &p, VG_DROP_AUTH_TYPE);
	/* simple text password must match */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.buf[p.len - 8] = 'S';
	tu_fix_checksum(&p);
	rig_rx_drop(&r.in, &p, VG_DROP_AUTH);
	/* RFC 3768 7.1: Adver Interval must match */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 300);
	rig_rx_drop(&r.in, &p, VG_DROP_INTERVAL);
	/* RFC 3768 7.1: address list differs and sender is not the owner: MUST drop */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.buf[11] = 99;
	tu_fix_checksum(&p);
	rig_rx_drop(&r.in, &p, VG_DROP_ADDR_LIST);
	/* ... otherwise continue processing */
	tu_advert(&p, &r.c, "192.0.2.2", 255, 100);
	p.buf[11] = 99;
	tu_fix_checksum(&p);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(2), &p, &r.o), VG_DROP_NONE);
	/* our own advert looped back */
	tu_advert(&p, &r.c, "192.0.2.1", 150, 100);
	rig_rx_drop(&r.in, &p, VG_DROP_LOOP);
	/* IPv6 packet to an IPv4 instance */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.meta.src = tu_addr("2001:db8::2");
	rig_rx_drop(&r.in, &p, VG_DROP_FAMILY);
}

static void test_rx_validation_v3(void **state)
{
	struct rig r;
	struct tu_pkt p;

	(void)state;
	rig_init(&r, 3, 100);
	rig_start(&r, T0);

	/* RFC 5798 7.1: version must be 3 */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.buf[0] = 0x21;
	tu_fix_checksum(&p);
	rig_rx_drop(&r.in, &p, VG_DROP_VERSION);
	/* RFC 5798 5.2.8: the checksum covers the pseudo-header: a spoofed source fails */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.meta.src = tu_addr("192.0.2.3");
	rig_rx_drop(&r.in, &p, VG_DROP_CHECKSUM);
	/* a zero interval would make Master_Down_Interval zero */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 0);
	rig_rx_drop(&r.in, &p, VG_DROP_INTERVAL);
	/* RFC 5798 7.1: a different address list is counted, not dropped */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 100);
	p.buf[11] = 99;
	tu_fix_checksum(&p);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(1), &p, &r.o), VG_DROP_NONE);
	assert_int_equal(r.in.stats.addr_list_mismatch, 1);
	/* v3 has no interval check: a different interval is learned */
	tu_advert(&p, &r.c, "192.0.2.2", 150, 300);
	assert_int_equal(tu_rx(&r.in, T0 + VG_S(2), &p, &r.o), VG_DROP_NONE);
	assert_int_equal(r.in.master_adver_int_cs, 300);
}

/* RFC 5798 7.1: the address owner discards adverts for its VRID */
static void test_rx_owner_discards(void **state)
{
	struct rig r;
	struct tu_pkt p;

	(void)state;
	rig_init(&r, 3, 255);
	rig_start(&r, T0);
	tu_advert(&p, &r.c, "192.0.2.9", 255, 100);
	rig_rx_drop(&r.in, &p, VG_DROP_OWNER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unicast_peers),
		cmocka_unit_test(test_rx_validation_v2),
		cmocka_unit_test(test_rx_validation_v3),
		cmocka_unit_test(test_rx_owner_discards),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
