// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the BFD session (RFC 5880 6.2, 6.5, 6.8.1-6.8.7), with
 * literal times (ns) and literal random numbers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "bfd/session.h"

#define T0 VG_S(100)

static struct vg_bfd_config cfg(void)
{
	struct vg_bfd_config c;

	vg_bfd_config_defaults(&c);
	c.local_disc = 11;
	c.desired_min_tx_us = 100000; /* 100 ms */
	c.required_min_rx_us = 100000;
	c.detect_mult = 3;
	return c;
}

/* What the peer sends: its discriminator 77 */
static struct vg_bfd_packet peer(uint8_t state, uint32_t your, uint32_t tx_us, uint32_t rx_us, uint8_t mult)
{
	struct vg_bfd_packet p = { 0 };

	p.version = 1;
	p.state = state;
	p.detect_mult = mult;
	p.length = 24;
	p.my_disc = 77;
	p.your_disc = your;
	p.desired_min_tx_us = tx_us;
	p.required_min_rx_us = rx_us;
	return p;
}

/* Bring s Up at `now` by the three-way handshake; returns the time. */
static vg_time bring_up(struct vg_bfd_session *s, vg_time now)
{
	struct vg_bfd_out o;
	struct vg_bfd_packet p = peer(VG_BFD_DOWN, 0, 1000000, 100000, 3);

	assert_int_equal(vg_bfd_session_rx(s, now, &p, 0, &o), VG_BFD_OK);
	p = peer(VG_BFD_UP, 11, 1000000, 100000, 3);
	assert_int_equal(vg_bfd_session_rx(s, now, &p, 0, &o), VG_BFD_OK);
	assert_int_equal(s->state, VG_BFD_UP);
	return now;
}

/* A session with cfg() and a packet to fill, as most tests start. */
struct bfd_rig {
	struct vg_bfd_config c;
	struct vg_bfd_session s;
	struct vg_bfd_out o;
	struct vg_bfd_packet p;
};

/* r's session Down at T0 (RFC 5880 6.8.1). */
static void rig_down(struct bfd_rig *r)
{
	r->c = cfg();
	vg_bfd_session_init(&r->s, &r->c, T0);
}

/* r's session brought Up at T0; returns T0. */
static vg_time rig_up(struct bfd_rig *r)
{
	rig_down(r);
	return bring_up(&r->s, T0);
}

static void test_initial_state(void **state)
{
	struct vg_bfd_config c = cfg();
	struct vg_bfd_session s;
	struct vg_bfd_packet p;

	(void)state;
	vg_bfd_session_init(&s, &c, T0);
	/* RFC 5880 6.8.1: Down, RemoteDiscr 0, RemoteMinRxInterval 1, LocalDiag 0 */
	assert_int_equal(s.state, VG_BFD_DOWN);
	assert_int_equal(s.remote_disc, 0);
	assert_int_equal(s.remote_min_rx_us, 1);
	/* 6.8.3: not Up -> DesiredMinTxInterval is the idle interval (1 s) */
	vg_bfd_session_packet(&s, false, &p);
	assert_int_equal(p.version, 1);
	assert_int_equal(p.state, VG_BFD_DOWN);
	assert_int_equal(p.my_disc, 11);
	assert_int_equal(p.your_disc, 0);
	assert_int_equal(p.desired_min_tx_us, 1000000);
	assert_int_equal(p.required_min_rx_us, 100000);
	assert_int_equal(p.required_min_echo_rx_us, 0);
	assert_int_equal(p.detect_mult, 3);
	/* an active session transmits at once */
	assert_int_equal(vg_bfd_session_next_deadline(&s), T0);
}

static void test_passive_waits_for_the_remote(void **state)
{
	struct vg_bfd_config c = cfg();
	struct vg_bfd_session s;
	struct vg_bfd_out o;
	struct vg_bfd_packet p = peer(VG_BFD_DOWN, 0, 1000000, 100000, 3);

	(void)state;
	c.passive = true;
	vg_bfd_session_init(&s, &c, T0);
	/* RFC 5880 6.1: a passive system sends nothing until it has received a packet */
	assert_int_equal(vg_bfd_session_next_deadline(&s), VG_TIME_NEVER);
	vg_bfd_session_rx(&s, T0 + 5, &p, 0, &o);
	assert_int_equal(s.tx_timer, T0 + 5);
}

static void test_three_way_handshake(void **state)
{
	struct bfd_rig r;

	(void)state;
	rig_down(&r);
	/* RFC 5880 6.2: Down + remote Down -> Init */
	r.p = peer(VG_BFD_DOWN, 0, 1000000, 100000, 3);
	assert_int_equal(vg_bfd_session_rx(&r.s, T0, &r.p, 0, &r.o), VG_BFD_OK);
	assert_true(r.o.changed);
	assert_int_equal(r.o.from, VG_BFD_DOWN);
	assert_int_equal(r.o.to, VG_BFD_INIT);
	assert_int_equal(r.s.remote_disc, 77);
	/* Init + remote Init -> Up */
	r.p = peer(VG_BFD_INIT, 11, 1000000, 100000, 3);
	vg_bfd_session_rx(&r.s, T0 + 1, &r.p, 0, &r.o);
	assert_int_equal(r.o.to, VG_BFD_UP);
	assert_int_equal(r.s.stats.up, 1);
	/* 6.8.3 + 6.5: reaching Up lowers DesiredMinTx to min_tx, announced with Poll */
	vg_bfd_session_packet(&r.s, false, &r.p);
	assert_int_equal(r.p.state, VG_BFD_UP);
	assert_int_equal(r.p.your_disc, 77);
	assert_int_equal(r.p.desired_min_tx_us, 100000);
	assert_true(r.p.poll);
	/* the remote's Final ends the Poll Sequence */
	r.p = peer(VG_BFD_UP, 11, 100000, 100000, 3);
	r.p.final = true;
	vg_bfd_session_rx(&r.s, T0 + 2, &r.p, 0, &r.o);
	assert_false(r.o.changed);
	assert_false(r.s.poll);
	vg_bfd_session_packet(&r.s, false, &r.p);
	assert_false(r.p.poll);
}

static void test_down_to_up_directly_on_init(void **state)
{
	struct vg_bfd_config c = cfg();
	struct vg_bfd_session s;
	struct vg_bfd_out o;
	struct vg_bfd_packet p = peer(VG_BFD_INIT, 11, 1000000, 100000, 3);

	(void)state;
	vg_bfd_session_init(&s, &c, T0);
	/* RFC 5880 6.2: Down + remote Init -> Up; Down + remote Up stays Down */
	p.state = VG_BFD_UP;
	vg_bfd_session_rx(&s, T0, &p, 0, &o);
	assert_false(o.changed);
	p.state = VG_BFD_INIT;
	vg_bfd_session_rx(&s, T0, &p, 0, &o);
	assert_int_equal(s.state, VG_BFD_UP);
}

static void test_detection_time(void **state)
{
	struct bfd_rig r;
	vg_time t;

	(void)state;
	t = rig_up(&r);
	/* the remote goes to 50 ms tx, mult 3; our RequiredMinRx is 100 ms:
	   RFC 5880 6.8.4: Detection Time = 3 x max(100 ms, 50 ms) = 300 ms */
	r.p = peer(VG_BFD_UP, 11, 50000, 100000, 3);
	vg_bfd_session_rx(&r.s, t, &r.p, 0, &r.o);
	assert_int_equal(vg_bfd_detect_time(&r.s), VG_MS(300));
	assert_int_equal(r.s.detect_timer, t + VG_MS(300));
	/* with the remote at 200 ms tx, mult 4: 4 x 200 ms */
	r.p = peer(VG_BFD_UP, 11, 200000, 100000, 4);
	vg_bfd_session_rx(&r.s, t + VG_MS(10), &r.p, 0, &r.o);
	assert_int_equal(r.s.detect_timer, t + VG_MS(10) + VG_MS(800));
	/* one ns before: still Up */
	vg_bfd_session_timer(&r.s, t + VG_MS(810) - 1, 0, &r.o);
	assert_false(r.o.changed);
	assert_int_equal(r.s.state, VG_BFD_UP);
	/* at the deadline: Down, diag 1, RemoteDiscr reset (6.8.1) */
	vg_bfd_session_timer(&r.s, t + VG_MS(810), 0, &r.o);
	assert_true(r.o.changed);
	assert_int_equal(r.o.to, VG_BFD_DOWN);
	assert_int_equal(r.o.diag, VG_BFD_DIAG_DETECT_EXPIRED);
	assert_int_equal(r.s.remote_disc, 0);
	assert_int_equal(r.s.stats.down, 1);
	vg_bfd_session_packet(&r.s, false, &r.p);
	assert_int_equal(r.p.diag, VG_BFD_DIAG_DETECT_EXPIRED);
	assert_int_equal(r.p.desired_min_tx_us, 1000000); /* 6.8.3: back to >= 1 s */
	assert_false(r.p.poll);
}

static void test_remote_down_and_admin_down(void **state)
{
	/* RFC 5880 6.8.6: Up and the remote says Down or AdminDown -> Down, diag 3 */
	static const uint8_t says[] = { VG_BFD_DOWN, VG_BFD_ADMIN_DOWN };
	struct bfd_rig r;

	(void)state;
	rig_down(&r);
	for (size_t i = 0; i < sizeof(says); i++) {
		vg_time t = T0 + 2 * i;

		bring_up(&r.s, t);
		r.p = peer(says[i], 11, 1000000, 100000, 3);
		vg_bfd_session_rx(&r.s, t + 1, &r.p, 0, &r.o);
		assert_int_equal(r.o.to, VG_BFD_DOWN);
		assert_int_equal(r.o.diag, VG_BFD_DIAG_NEIGHBOR_DOWN);
	}
	/* AdminDown received in Down: nothing changes */
	vg_bfd_session_rx(&r.s, T0 + 4, &r.p, 0, &r.o);
	assert_false(r.o.changed);
}

static void test_local_admin_down(void **state)
{
	struct bfd_rig r;

	(void)state;
	rig_up(&r);
	vg_bfd_session_admin_down(&r.s, T0 + 1, &r.o);
	assert_true(r.o.send);
	assert_int_equal(r.o.to, VG_BFD_ADMIN_DOWN);
	vg_bfd_session_packet(&r.s, false, &r.p);
	assert_int_equal(r.p.state, VG_BFD_ADMIN_DOWN);
	assert_int_equal(r.p.diag, VG_BFD_DIAG_ADMIN_DOWN);
	/* RFC 5880 6.8.6: in AdminDown received packets change no state */
	r.p = peer(VG_BFD_UP, 11, 100000, 100000, 3);
	assert_int_equal(vg_bfd_session_rx(&r.s, T0 + 2, &r.p, 0, &r.o), VG_BFD_OK);
	assert_false(r.o.changed);
	assert_int_equal(vg_bfd_session_next_deadline(&r.s), VG_TIME_NEVER);
}

static void test_poll_answered_with_final(void **state)
{
	struct bfd_rig r;

	(void)state;
	rig_up(&r);
	/* RFC 5880 6.5 / 6.8.6: a Poll is answered at once with a Final, P and F never both */
	r.p = peer(VG_BFD_UP, 11, 300000, 300000, 3);
	r.p.poll = true;
	vg_bfd_session_rx(&r.s, T0 + 1, &r.p, 0, &r.o);
	assert_true(r.o.send);
	assert_true(r.o.final);
	vg_bfd_session_packet(&r.s, r.o.final, &r.p);
	assert_true(r.p.final);
	assert_false(r.p.poll);
}

static void test_transmit_interval_and_jitter(void **state)
{
	struct bfd_rig r;

	(void)state;
	r.c = cfg();
	/* RFC 5880 6.8.7: the interval less 0..25 % */
	assert_int_equal(vg_bfd_jitter(VG_MS(100), 3, 0), VG_MS(100));
	assert_int_equal(vg_bfd_jitter(VG_MS(100), 3, 2500), VG_MS(75));
	assert_int_equal(vg_bfd_jitter(VG_MS(100), 3, 2501), VG_MS(100));
	/* ... and 10..25 % with Detect Mult 1 */
	assert_int_equal(vg_bfd_jitter(VG_MS(100), 1, 0), VG_MS(90));
	assert_int_equal(vg_bfd_jitter(VG_MS(100), 1, 1500), VG_MS(75));

	vg_bfd_session_init(&r.s, &r.c, T0);
	vg_bfd_session_timer(&r.s, T0, 0, &r.o);
	assert_true(r.o.send);
	/* 6.8.2: max(DesiredMinTx 1 s idle, RemoteMinRx 1 us) = 1 s, jitter 10 % with rnd 1000 */
	assert_int_equal(r.s.tx_timer, T0 + VG_MS(1000));
	vg_bfd_session_timer(&r.s, T0 + VG_MS(1000) - 1, 0, &r.o);
	assert_false(r.o.send);
	vg_bfd_session_timer(&r.s, T0 + VG_MS(1000), 1000, &r.o);
	assert_true(r.o.send);
	assert_int_equal(r.s.tx_timer, T0 + VG_MS(1900));
	/* Up: the remote wants no packet faster than 300 ms: max(100 ms, 300 ms) */
	bring_up(&r.s, T0 + VG_MS(1100));
	r.p = peer(VG_BFD_UP, 11, 100000, 300000, 3);
	r.p.final = true;
	/* the interval shrank from 1 s to 100 ms: the last packet (1000 ms) + 100 ms is past, due now */
	assert_int_equal(r.s.tx_timer, T0 + VG_MS(1100));
	vg_bfd_session_rx(&r.s, T0 + VG_MS(1100), &r.p, 0, &r.o);
	assert_int_equal(vg_bfd_tx_interval(&r.s), VG_MS(300));
	vg_bfd_session_timer(&r.s, T0 + VG_MS(1100), 0, &r.o);
	assert_true(r.o.send);
	assert_int_equal(r.s.tx_timer, T0 + VG_MS(1400));
	/* RemoteMinRx 0: the remote asks for no packets */
	r.p.required_min_rx_us = 0;
	vg_bfd_session_rx(&r.s, T0 + VG_MS(1200), &r.p, 0, &r.o);
	vg_bfd_session_timer(&r.s, T0 + VG_MS(1400), 0, &r.o);
	assert_false(r.o.send);
}

static void test_increase_waits_for_final(void **state)
{
	struct bfd_rig r;

	(void)state;
	r.c = cfg();
	/* RFC 5880 6.8.3: an increase of DesiredMinTx while Up takes effect when the Poll ends */
	r.c.desired_min_tx_us = 2000000; /* min_tx above idle_tx */
	vg_bfd_session_init(&r.s, &r.c, T0);
	bring_up(&r.s, T0);
	assert_true(r.s.poll);
	assert_int_equal(r.s.desired_min_tx_us, 2000000);
	assert_int_equal(vg_bfd_tx_interval(&r.s), VG_MS(1000));
	r.p = peer(VG_BFD_UP, 11, 1000000, 100000, 3);
	r.p.final = true;
	vg_bfd_session_rx(&r.s, T0 + 1, &r.p, 0, &r.o);
	assert_int_equal(vg_bfd_tx_interval(&r.s), VG_MS(2000));
}

static void test_discriminator_and_auth_checks(void **state)
{
	struct vg_bfd_config c = cfg();
	struct vg_bfd_session s;
	struct vg_bfd_out o;
	struct vg_bfd_packet p = peer(VG_BFD_DOWN, 12, 1000000, 100000, 3);

	(void)state;
	vg_bfd_session_init(&s, &c, T0);
	/* RFC 5880 6.8.6: Your Discriminator names another session */
	assert_int_equal(vg_bfd_session_rx(&s, T0, &p, 0, &o), VG_BFD_E_NO_SESSION);
	/* A bit set and the session has no authentication */
	p.your_disc = 0;
	p.auth = true;
	assert_int_equal(vg_bfd_session_rx(&s, T0, &p, 0, &o), VG_BFD_E_AUTH);
	/* simple password: the right one passes, a wrong one does not */
	c.auth = true;
	c.password_len = 2;
	memcpy(c.password, "pw", 2);
	vg_bfd_session_init(&s, &c, T0);
	p.password_len = 2;
	memcpy(p.password, "px", 2);
	assert_int_equal(vg_bfd_session_rx(&s, T0, &p, 0, &o), VG_BFD_E_AUTH);
	memcpy(p.password, "pw", 2);
	assert_int_equal(vg_bfd_session_rx(&s, T0, &p, 0, &o), VG_BFD_OK);
	assert_int_equal(s.stats.drops[VG_BFD_E_AUTH], 1);
	vg_bfd_session_packet(&s, false, &p);
	assert_true(p.auth);
	assert_int_equal(p.length, 29);
}

static void test_ttl(void **state)
{
	(void)state;
	/* RFC 5881 5: single hop, TTL 255 only */
	assert_true(vg_bfd_ttl_ok(255, 0));
	assert_false(vg_bfd_ttl_ok(254, 0));
	/* keepalived's max_hops: that many less; 255 disables the check */
	assert_true(vg_bfd_ttl_ok(253, 2));
	assert_false(vg_bfd_ttl_ok(252, 2));
	assert_true(vg_bfd_ttl_ok(1, 255));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_initial_state),
		cmocka_unit_test(test_passive_waits_for_the_remote),
		cmocka_unit_test(test_three_way_handshake),
		cmocka_unit_test(test_down_to_up_directly_on_init),
		cmocka_unit_test(test_detection_time),
		cmocka_unit_test(test_remote_down_and_admin_down),
		cmocka_unit_test(test_local_admin_down),
		cmocka_unit_test(test_poll_answered_with_final),
		cmocka_unit_test(test_transmit_interval_and_jitter),
		cmocka_unit_test(test_increase_waits_for_final),
		cmocka_unit_test(test_discriminator_and_auth_checks),
		cmocka_unit_test(test_ttl),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
