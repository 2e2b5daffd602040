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
#include "vrrp/script.h"

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
	r->svc = vg_lvs_node_services_alloc(&r->map);
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

/* After every input: each service's cached deadline is its checkers' minimum (a full walk: service.c
   keeps them in a heap), the node's the minimum of those (node.c updates them incrementally: a probe
   result, an expiry pass); the heap's two index arrays are inverse permutations, every parent's
   deadline at most its children's */
static void check_deadline_cache(const struct rig *r)
{
	vg_time t = VG_TIME_NEVER;

	for (uint32_t i = 0; i < r->node.count; i++) {
		const struct vg_lvs_service *s = &r->node.svc[i];
		vg_time walk = VG_TIME_NEVER;
		uint16_t n = s->cfg->checker_count;

		for (uint16_t k = 0; k < n; k++) {
			walk = vg_time_min(walk, s->chk[k].next_ns);
			assert_int_equal(s->heap[n + s->heap[k]], k);
			if (k)
				assert_true(s->chk[s->heap[(k - 1) / 2]].next_ns <= s->chk[s->heap[k]].next_ns);
		}
		assert_int_equal(vg_lvs_service_next_deadline(s), s->started ? walk : VG_TIME_NEVER);
		assert_int_equal(s->node_next_ns, vg_lvs_service_next_deadline(s));
		t = vg_time_min(t, s->node_next_ns);
	}
	assert_int_equal(vg_lvs_node_next_deadline(&r->node), t);
}

static const char *input(struct rig *r, vg_time now, const struct vg_lvs_event *ev)
{
	vg_actions_init(&r->out, r->buf, EFF_CAP);
	vg_lvs_node_input(&r->node, now, ev, &r->out);
	check_deadline_cache(r);
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

/* one vocabulary, one list: a node's LVS records and a vrrp_script's go into the same list, in call order */
static void test_lvs_and_script_records_share_one_list(void **state)
{
	static const struct vg_script_config sc = { .id = 4, .interval_ns = VG_S(2), .timeout_ns = VG_S(1), .rise = 1,
						    .fall = 1 };
	struct rig *r = rig(TWO_SERVERS(""));
	struct vg_lvs_event ev = { .kind = VG_LVS_EV_START, .u.start.seed = 1 };
	struct vg_script script;

	(void)state;
	vg_script_init(&script, &sc, T0);
	vg_actions_init(&r->out, r->buf, EFF_CAP);
	vg_lvs_node_input(&r->node, T0, &ev, &r->out);
	assert_int_equal(vg_script_timer(&script, T0, &r->out), 1);
	assert_int_equal(r->out.len, 5);
	assert_int_equal(r->out.v[0].kind, VG_ACT_LVS_SVC_ADD);
	assert_int_equal(r->out.v[3].kind, VG_ACT_LVS_QUORUM_UP);
	assert_int_equal(r->out.v[4].kind, VG_ACT_SCRIPT_RUN);
	assert_int_equal(r->out.v[4].script, 4);
	assert_int_equal(vg_action_domain(r->out.v[4].kind), VG_ACT_DOMAIN_SCRIPT);
}


static const char *misc_exit(struct rig *r, vg_time now, uint16_t svc, uint16_t checker, unsigned status)
{
	struct vg_lvs_probe_result res = { .checker = checker, .seq = r->svc[svc].chk[checker].seq,
					   .outcome = VG_LVS_PROBE_EXIT, .exit_status = (uint8_t)status };
	struct vg_lvs_event ev = { .kind = VG_LVS_EV_PROBE, .u.probe = { .service = svc, .result = &res } };

	return input(r, now, &ev);
}

static const char *file_value(struct rig *r, vg_time now, uint16_t track_file, int64_t value)
{
	struct vg_lvs_event ev = { .kind = VG_LVS_EV_FILE, .u.file = { .track_file = track_file, .value = value } };

	return input(r, now, &ev);
}

/*
 * keepalived.conf(5) misc_dynamic: "An exit status of 10 will set the RS
 * weight to 10 ... If the exit status subsequently changes to 20, the RS
 * weight will become 20" (two less than the exit status with one checker).
 */
static void test_misc_dynamic_sets_weight(void **state)
{
	struct rig *r = rig("virtual_server 192.0.2.10 80 {\n  delay_loop 10\n  protocol TCP\n"
			    "  real_server 10.0.0.1 80 {\n    weight 5\n"
			    "    MISC_CHECK {\n      misc_path /bin/check\n      misc_dynamic\n      warmup 0\n    }\n"
			    "  }\n}\n");

	(void)state;
	assert_string_equal(start(r, T0), "svc-add 0/0, dest-add 0/0 w5, quorum-up 0/0");
	assert_string_equal(timer(r, T0 + VG_S(1)), "probe 0/c0");
	assert_string_equal(misc_exit(r, T0 + VG_S(2), 0, 0, 12), "dest-edit 0/0 w10");
	assert_string_equal(timer(r, T0 + VG_S(11)), "probe 0/c0");
	assert_string_equal(misc_exit(r, T0 + VG_S(11), 0, 0, 22), "dest-edit 0/0 w20");
	assert_int_equal(vg_lvs_service_live_weight(&r->svc[0]), 20);
	assert_string_equal(timer(r, T0 + VG_S(21)), "probe 0/c0");
	assert_string_equal(misc_exit(r, T0 + VG_S(21), 0, 0, 0), "dest-edit 0/0 w5"); /* exit 0: configured */
	assert_string_equal(timer(r, T0 + VG_S(31)), "probe 0/c0");
	/* weight 0 ("effective range 0..253") keeps the server in, unused; quorum 1 is lost */
	assert_string_equal(misc_exit(r, T0 + VG_S(31), 0, 0, 2), "dest-edit 0/0 w0, quorum-down 0/0");
	assert_string_equal(timer(r, T0 + VG_S(41)), "probe 0/c0");
	assert_string_equal(misc_exit(r, T0 + VG_S(41), 0, 0, 1), "dest-del 0/0, notify-down 0/0");
	assert_string_equal(timer(r, T0 + VG_S(51)), "probe 0/c0");
	/* back up with the weight of its exit status */
	assert_string_equal(misc_exit(r, T0 + VG_S(51), 0, 0, 9), "dest-add 0/0 w7, notify-up 0/0, quorum-up 0/0");
}

#define FILE_CONF(W)                                                                                          \
	"track_file tf {\n  file /run/tf\n}\n"                                                                \
	"virtual_server 192.0.2.10 80 {\n  protocol TCP\n  quorum 4\n"                                        \
	"  real_server 10.0.0.1 80 {\n    weight 2\n    FILE_CHECK {\n      track_file tf\n" W "    }\n  }\n" \
	"}\n"

/*
 * keepalived.conf(5) "Track files": "The value, once multiplied by the
 * weight, will be added to the real server's IPVS weight. If the result is
 * <= -2147483648 then the checker will be in the FAULT state."
 */
static void test_file_check_weight_and_fault(void **state)
{
	struct rig *r = rig(FILE_CONF("      weight 3\n"));

	(void)state;
	/* read before START: weight 2 + 1 * 3, no effect yet */
	assert_string_equal(file_value(r, T0, 0, 1), "");
	assert_string_equal(start(r, T0), "svc-add 0/0, dest-add 0/0 w5, quorum-up 0/0");
	assert_int_equal(vg_lvs_node_next_deadline(&r->node), VG_TIME_NEVER); /* FILE_CHECK has no timer */
	assert_string_equal(file_value(r, T0 + VG_S(1), 0, 4), "dest-edit 0/0 w14");
	assert_string_equal(file_value(r, T0 + VG_S(2), 0, 4), ""); /* same value */
	assert_string_equal(file_value(r, T0 + VG_S(3), 0, -1), "dest-edit 0/0 w0, quorum-down 0/0");
	assert_string_equal(file_value(r, T0 + VG_S(4), 1, 9), ""); /* another track_file */
	/* -2147483648 * 3 saturates to the FAULT value: down */
	assert_string_equal(file_value(r, T0 + VG_S(5), 0, INT32_MIN), "dest-del 0/0, notify-down 0/0");
	assert_false(r->svc[0].rs[0].alive);
	assert_string_equal(file_value(r, T0 + VG_S(6), 0, 2), "dest-add 0/0 w8, notify-up 0/0, quorum-up 0/0");
}

/* keepalived set_track_file_checkers_down(): a file in FAULT at start keeps the server out. */
static void test_file_check_fault_at_start(void **state)
{
	struct rig *r = rig(FILE_CONF("      weight 0\n"));

	(void)state;
	assert_string_equal(file_value(r, T0, 0, 1), ""); /* weight 0: non-zero is a failure */
	assert_string_equal(start(r, T0), "svc-add 0/0"); /* the server stays out */
	assert_string_equal(file_value(r, T0 + VG_S(1), 0, 0), "dest-add 0/0 w2, notify-up 0/0");
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
		cmocka_unit_test_teardown(test_lvs_and_script_records_share_one_list, teardown),
		cmocka_unit_test_teardown(test_misc_dynamic_sets_weight, teardown),
		cmocka_unit_test_teardown(test_file_check_weight_and_fault, teardown),
		cmocka_unit_test_teardown(test_file_check_fault_at_start, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
