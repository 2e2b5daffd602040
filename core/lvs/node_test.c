// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the LVS node unit: a keepalived.conf mapped by from_conf,
 * driven through vg_lvs_node_input with literal times, its effect records
 * rendered as text: a real server failing past its retries leaves the
 * table, a VIP leaving suspends ha_suspend checks, quorum loss brings the
 * sorry server in, the deadline is the earliest of the services'.
 */
#include "conf/testutil.h"
#include "lvs/node.h"

#define T0 VG_S(1000)
#define EFF_CAP 256

struct rig {
	struct parsed p;
	struct vg_lvs_conf_map map;
	struct vg_lvs_service *svc;
	struct vg_lvs_node node;
	struct vg_action buf[EFF_CAP];
	struct vg_actions out;
	char text[2048];
};

static struct rig R;

/* Parse and map `conf`, bind a node to it (not started). */
static struct rig *rig(const char *conf)
{
	struct rig *r = &R;

	memset(r, 0, sizeof(*r));
	parse_text(&r->p, conf);
	if (r->p.rc != 0)
		dump_diags(&r->p.diags);
	assert_int_equal(r->p.rc, 0);
	assert_int_equal(vg_lvs_from_conf(r->p.conf, &r->map, &r->p.diags), 0);
	r->svc = calloc(r->map.count, sizeof(*r->svc));
	assert_non_null(r->svc);
	vg_lvs_node_init(&r->node, r->svc, &r->map);
	assert_true(vg_lvs_node_effects_max(&r->node) <= EFF_CAP);
	return r;
}

static int teardown(void **state)
{
	(void)state;
	free(R.svc);
	vg_lvs_conf_map_free(&R.map);
	parsed_free(&R.p);
	return 0;
}

/* The records of the last input, "kind svc/rs[ wN]", probes as "probe svc/checker#seq". */
static const char *render(struct rig *r)
{
	size_t n = 0;

	r->text[0] = '\0';
	assert_int_equal(r->out.lost, 0);
	for (size_t i = 0; i < r->out.len && n < sizeof(r->text); i++) {
		const struct vg_action *e = &r->out.v[i];
		const char *name = vg_action_kind_name(e->kind) + 4; /* without "lvs-" */

		assert_int_equal(vg_action_domain(e->kind), VG_ACT_DOMAIN_LVS);
		if (e->kind == VG_ACT_LVS_PROBE || e->kind == VG_ACT_LVS_PROBE_ABORT)
			n += (size_t)snprintf(r->text + n, sizeof(r->text) - n, "%s %u/c%u", name, e->service,
					      e->u.lvs.checker);
		else if (e->u.lvs.rs == VG_LVS_RS_SORRY)
			n += (size_t)snprintf(r->text + n, sizeof(r->text) - n, "%s %u/S", name, e->service);
		else
			n += (size_t)snprintf(r->text + n, sizeof(r->text) - n, "%s %u/%u", name, e->service,
					      e->u.lvs.rs);
		if (e->kind == VG_ACT_LVS_DEST_ADD || e->kind == VG_ACT_LVS_DEST_EDIT)
			n += (size_t)snprintf(r->text + n, sizeof(r->text) - n, " w%d", e->u.lvs.weight);
		n += (size_t)snprintf(r->text + n, sizeof(r->text) - n, ", ");
	}
	if (n >= 2)
		r->text[n - 2] = '\0';
	return r->text;
}

static const char *input(struct rig *r, vg_time now, const struct vg_lvs_event *ev)
{
	vg_actions_init(&r->out, r->buf, EFF_CAP);
	vg_lvs_node_input(&r->node, now, ev, &r->out);
	return render(r);
}

static const char *start(struct rig *r, vg_time now)
{
	struct vg_lvs_event ev = { .kind = VG_LVS_EV_START, .u.start.seed = 1 };

	return input(r, now, &ev);
}

static const char *timer(struct rig *r, vg_time now)
{
	struct vg_lvs_event ev = { .kind = VG_LVS_EV_TIMER };

	return input(r, now, &ev);
}

/* The answer to the probe in flight of checker `checker` of service `svc`. */
static const char *answer(struct rig *r, vg_time now, uint16_t svc, uint16_t checker, bool ok)
{
	struct vg_lvs_probe_result res = { .checker = checker, .seq = r->svc[svc].chk[checker].seq,
					   .outcome = ok ? VG_LVS_PROBE_OK : VG_LVS_PROBE_FAILED };
	struct vg_lvs_event ev = { .kind = VG_LVS_EV_PROBE, .u.probe = { .service = svc, .result = &res } };

	return input(r, now, &ev);
}

static const char *vip(struct rig *r, vg_time now, const char *addr, bool present)
{
	struct vg_lvs_event ev = { .kind = VG_LVS_EV_VIP, .u.vip.present = present };

	assert_int_equal(vg_addr_parse(addr, &ev.u.vip.addr), 0);
	return input(r, now, &ev);
}

/* Two servers, TCP_CHECK: first probe at start + 1 s, retry 1 a retry 2 s later, delay_loop 10 s. */
#define TWO_SERVERS(EXTRA)                                                                                    \
	"virtual_server 192.0.2.10 80 {\n"                                                                    \
	"  delay_loop 10\n  lb_algo rr\n  lb_kind DR\n  protocol TCP\n" EXTRA                                \
	"  real_server 10.0.0.1 80 {\n    weight 1\n"                                                        \
	"    TCP_CHECK {\n      connect_timeout 3\n      retry 1\n      delay_before_retry 2\n      warmup 0\n    }\n  }\n" \
	"  real_server 10.0.0.2 80 {\n    weight 1\n"                                                        \
	"    TCP_CHECK {\n      connect_timeout 3\n      retry 1\n      delay_before_retry 2\n      warmup 0\n    }\n  }\n" \
	"}\n"

/* check_tcp.c tcp_epilog: the (retry + 1)-th failure in a row takes the server out of the table */
static void test_failure_past_retry_takes_server_out(void **state)
{
	struct rig *r = rig(TWO_SERVERS(""));

	(void)state;
	assert_int_equal(vg_lvs_node_next_deadline(&r->node), VG_TIME_NEVER); /* nothing before START */
	assert_string_equal(start(r, T0), "svc-add 0/0, dest-add 0/0 w1, dest-add 0/1 w1, quorum-up 0/0");
	assert_int_equal(vg_lvs_node_next_deadline(&r->node), T0 + VG_S(1));
	assert_string_equal(timer(r, T0 + VG_S(1) - 1), "");
	assert_string_equal(timer(r, T0 + VG_S(1)), "probe 0/c0, probe 0/c1");
	assert_string_equal(answer(r, T0 + VG_S(1) + VG_MS(1), 0, 1, true), "");
	/* first failure: a retry delay_before_retry later, nothing changes */
	assert_string_equal(answer(r, T0 + VG_S(1) + VG_MS(1), 0, 0, false), "");
	assert_int_equal(vg_lvs_node_next_deadline(&r->node), T0 + VG_S(3) + VG_MS(1));
	assert_string_equal(timer(r, T0 + VG_S(3) + VG_MS(1) - 1), "");
	assert_string_equal(timer(r, T0 + VG_S(3) + VG_MS(1)), "probe 0/c0");
	/* second failure: retries used up, the server goes */
	assert_string_equal(answer(r, T0 + VG_S(3) + VG_MS(2), 0, 0, false), "dest-del 0/0, notify-down 0/0");
	assert_false(r->svc[0].rs[0].alive);
	assert_true(r->svc[0].rs[1].alive);
	/* one success brings it back */
	assert_int_equal(vg_lvs_node_next_deadline(&r->node), T0 + VG_S(11) + VG_MS(1)); /* checker 1's delay_loop */
	assert_string_equal(timer(r, T0 + VG_S(11) + VG_MS(1)), "probe 0/c1");
	assert_string_equal(timer(r, T0 + VG_S(13) + VG_MS(2)), "probe 0/c0");
	assert_string_equal(answer(r, T0 + VG_S(13) + VG_MS(3), 0, 0, true), "dest-add 0/0 w1, notify-up 0/0");
}

/* keepalived ha_suspend: while the VIP is not on this node the checkers do not probe */
static void test_vip_leaving_suspends_checks(void **state)
{
	struct rig *r = rig(TWO_SERVERS("  ha_suspend\n"));

	(void)state;
	start(r, T0);
	assert_string_equal(vip(r, T0 + VG_MS(500), "192.0.2.10", false), ""); /* no effect of its own */
	assert_false(r->svc[0].vip_present);
	assert_int_equal(r->node.vip_changes, 1);
	/* the due checks look again a delay_loop later instead of probing */
	assert_string_equal(timer(r, T0 + VG_S(1)), "");
	assert_int_equal(vg_lvs_node_next_deadline(&r->node), T0 + VG_S(11));
	/* another address changes nothing */
	assert_string_equal(vip(r, T0 + VG_S(2), "192.0.2.11", true), "");
	assert_false(r->svc[0].vip_present);
	assert_string_equal(vip(r, T0 + VG_S(2), "192.0.2.10", true), "");
	assert_string_equal(timer(r, T0 + VG_S(11)), "probe 0/c0, probe 0/c1");
}

/* without ha_suspend the presence is recorded but the checks go on */
static void test_vip_without_ha_suspend_keeps_checking(void **state)
{
	struct rig *r = rig(TWO_SERVERS(""));

	(void)state;
	start(r, T0);
	vip(r, T0, "192.0.2.10", false);
	assert_false(r->svc[0].vip_present);
	assert_string_equal(timer(r, T0 + VG_S(1)), "probe 0/c0, probe 0/c1");
}

/* ipwrapper.c update_quorum_state: live weight below quorum - hysteresis swaps in the sorry server */
static void test_quorum_loss_brings_sorry_server(void **state)
{
	struct rig *r = rig(TWO_SERVERS("  quorum 2\n  sorry_server 10.0.0.9 80\n"));

	(void)state;
	assert_string_equal(start(r, T0), "svc-add 0/0, dest-add 0/0 w1, dest-add 0/1 w1, quorum-up 0/0");
	timer(r, T0 + VG_S(1));
	answer(r, T0 + VG_S(1) + VG_MS(1), 0, 0, false);
	answer(r, T0 + VG_S(1) + VG_MS(1), 0, 1, true);
	timer(r, T0 + VG_S(3) + VG_MS(1));
	assert_string_equal(answer(r, T0 + VG_S(3) + VG_MS(2), 0, 0, false),
			    "dest-del 0/0, notify-down 0/0, dest-del 0/1, dest-add 0/S w1, quorum-down 0/0");
	assert_false(r->svc[0].quorum_up);
	/* back to quorum: while the sorry server serves a recovery only notifies; then it leaves and
	   the alive servers return in index order */
	timer(r, T0 + VG_S(13) + VG_MS(2));
	assert_string_equal(answer(r, T0 + VG_S(13) + VG_MS(3), 0, 0, true),
			    "notify-up 0/0, dest-del 0/S, dest-add 0/0 w1, dest-add 0/1 w1, quorum-up 0/0");
}

/* two services: the node's deadline is the earliest of theirs, and only due services run */
static void test_next_deadline_is_min_of_services(void **state)
{
	struct rig *r = rig(TWO_SERVERS("") "virtual_server 192.0.2.20 443 {\n  delay_loop 4\n  lb_algo rr\n"
					  "  real_server 10.0.0.3 443 {\n    TCP_CHECK {\n      warmup 0\n"
					  "      connect_timeout 1\n    }\n  }\n}\n");

	(void)state;
	assert_int_equal(r->node.count, 2);
	assert_string_equal(start(r, T0), "svc-add 0/0, dest-add 0/0 w1, dest-add 0/1 w1, quorum-up 0/0, "
					  "svc-add 1/0, dest-add 1/0 w1, quorum-up 1/0");
	assert_string_equal(timer(r, T0 + VG_S(1)), "probe 0/c0, probe 0/c1, probe 1/c0");
	answer(r, T0 + VG_S(1), 0, 0, true);
	answer(r, T0 + VG_S(1), 0, 1, true);
	/* service 1's probe in flight: its connect_timeout (1 s) is the earliest */
	assert_int_equal(vg_lvs_node_next_deadline(&r->node), T0 + VG_S(2));
	assert_int_equal(vg_lvs_node_next_deadline(&r->node),
			 vg_time_min(vg_lvs_service_next_deadline(&r->svc[0]), vg_lvs_service_next_deadline(&r->svc[1])));
	assert_string_equal(answer(r, T0 + VG_S(1) + VG_MS(5), 1, 0, true), "");
	assert_int_equal(vg_lvs_node_next_deadline(&r->node), T0 + VG_S(5) + VG_MS(5)); /* delay_loop 4 */
	assert_string_equal(timer(r, T0 + VG_S(5) + VG_MS(5)), "probe 1/c0");
	assert_int_equal(vg_lvs_node_next_deadline(&r->node), T0 + VG_S(6) + VG_MS(5));
	assert_string_equal(timer(r, T0 + VG_S(6) + VG_MS(5)), "probe-abort 1/c0");
	assert_int_equal(vg_lvs_node_next_deadline(&r->node), T0 + VG_S(7) + VG_MS(5)); /* delay_before_retry 1 s */
	assert_int_equal(vg_lvs_node_next_deadline(&r->node),
			 vg_time_min(vg_lvs_service_next_deadline(&r->svc[0]), vg_lvs_service_next_deadline(&r->svc[1])));
}

/* SHUTDOWN removes every service (omega: with the down notifies); unknown services are counted */
static void test_shutdown_and_unknown_service(void **state)
{
	struct rig *r = rig(TWO_SERVERS("  omega\n"));
	struct vg_lvs_event down = { .kind = VG_LVS_EV_SHUTDOWN };
	struct vg_lvs_probe_result res = { .checker = 0, .seq = 1, .outcome = VG_LVS_PROBE_OK };
	struct vg_lvs_event stray = { .kind = VG_LVS_EV_PROBE, .u.probe = { .service = 7, .result = &res } };

	(void)state;
	start(r, T0);
	assert_string_equal(input(r, T0 + VG_S(1) - 1, &stray), "");
	assert_int_equal(r->node.unknown_service, 1);
	assert_string_equal(input(r, T0 + VG_S(1) - 1, &down),
			    "dest-del 0/0, notify-down 0/0, dest-del 0/1, notify-down 0/1, quorum-down 0/0, svc-del 0/0");
	assert_true(r->out.v[1].u.lvs.stopping);
	assert_false(r->node.started);
	assert_int_equal(vg_lvs_node_next_deadline(&r->node), VG_TIME_NEVER);
	assert_string_equal(timer(r, T0 + VG_S(1)), "");
	/* it can start again */
	assert_string_equal(start(r, T0 + VG_S(2)), "svc-add 0/0, dest-add 0/0 w1, dest-add 0/1 w1, quorum-up 0/0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_failure_past_retry_takes_server_out, teardown),
		cmocka_unit_test_teardown(test_vip_leaving_suspends_checks, teardown),
		cmocka_unit_test_teardown(test_vip_without_ha_suspend_keeps_checking, teardown),
		cmocka_unit_test_teardown(test_quorum_loss_brings_sorry_server, teardown),
		cmocka_unit_test_teardown(test_next_deadline_is_min_of_services, teardown),
		cmocka_unit_test_teardown(test_shutdown_and_unknown_service, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
