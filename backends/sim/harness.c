// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the simulation harness (see harness.h): nodes, faults, expectations, invariants.
 *
 * What `vigil sim`, `vigil explore`, `vigil demo` and fuzz-sim used to set
 * up each in their own way: loading nodes, the network options, turning a
 * scenario timeline or a random draw into faults, the heal, the checkers,
 * the expectations and the convergence check after a heal.
 */
#include "sim/harness.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/proctrack.h"

void vg_harness_opts_default(struct vg_harness_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->seed = 1;
	o->duration = VG_S(60);
	o->delay_ns = VG_US(100);
	o->faults_min = 2;
	o->faults_max = 9;
	for (int k = 0; k < VG_HARNESS_DRAW_KINDS; k++)
		o->weight[k] = 1;
	o->keep_one_in = 3;
	o->reloads_max = 2;
	o->rs_faults_max = 3;
	o->client_bursts_max = 2;
}

void vg_harness_init(struct vg_harness *h, const struct vg_harness_opts *o)
{
	memset(h->node, 0, sizeof(h->node));
	memset(h->info, 0, sizeof(h->info));
	memset(h->obs, 0, sizeof(h->obs));
	h->opt = *o;
	h->node_count = 0;
	h->obs_count = 0;
	h->lvs = NULL;
	h->lvs_built = false;
	h->reload_count = 0;
	h->draw_reloads = -1;
	h->log = NULL;
	h->log_len = 0;
	h->log_lost = 0;
}

/* The in-memory loader: ctx is the text, the one file any path names. */
static int text_read(void *ctx, const char *path, char **data, size_t *len)
{
	const char *text = ctx;

	(void)path;
	*len = strlen(text);
	*data = malloc(*len + 1);
	if (!*data)
		return -ENOMEM;
	memcpy(*data, text, *len + 1);
	return 0;
}

int vg_harness_conf_text(const char *name, const char *text, struct vg_conf **out, struct vg_diags *diags)
{
	struct vg_conf_loader l = { text_read, NULL, (void *)(uintptr_t)text, NULL, NULL, NULL };
	struct vg_conf_options o = { &l, NULL, 0, NULL };

	return vg_conf_parse(name, &o, out, diags);
}

/* Build node n from conf; the flags adjust its configs. */
static int build_node(struct vg_sim_node *n, const char *name, const struct vg_addr *addr, const struct vg_conf *conf,
		      unsigned flags, struct vg_diags *diags)
{
	int rc = vg_sim_node_build(n, name, addr, conf, diags);

	if (rc != 0 && rc != -1)
		return rc;
	if (flags & VG_HARNESS_ONE_SEGMENT)
		vg_sim_node_multicast(n);
	return rc;
}

int vg_harness_add_conf(struct vg_harness *h, const char *name, const struct vg_addr *addr, const struct vg_conf *conf,
			unsigned flags, struct vg_diags *diags)
{
	struct vg_sim_node *n;
	int rc;

	if (h->node_count >= VG_SIM_NODES_MAX)
		return VG_SIM_ERR_SIZE;
	n = &h->node[h->node_count];
	rc = build_node(n, name, addr, conf, flags, diags);
	if (rc != 0 && rc != -1)
		return rc;
	h->info[h->node_count] = (struct vg_harness_node){ conf, &n->node.plan, n->node.plan.iface_count,
							    (uint16_t)conf->scripts.count, flags };
	h->node_count++;
	return rc;
}

int vg_harness_add_configs(struct vg_harness *h, const char *name, const struct vg_addr *addr,
			   const struct vg_vrrp_config *cfg, uint16_t count, uint16_t iface_count, uint16_t script_count)
{
	struct vg_sim_node *n;
	int rc;

	if (h->node_count >= VG_SIM_NODES_MAX)
		return VG_SIM_ERR_SIZE;
	n = &h->node[h->node_count];
	rc = vg_sim_node_build_configs(n, name, addr, cfg, count, NULL, 0);
	if (rc)
		return rc;
	h->info[h->node_count] = (struct vg_harness_node){ NULL, &n->node.plan, iface_count, script_count, 0 };
	h->node_count++;
	return 0;
}

int vg_harness_observe(struct vg_harness *h, vg_harness_observer fn, void *ctx)
{
	if (h->obs_count >= VG_HARNESS_OBSERVERS_MAX)
		return -1;
	h->obs[h->obs_count].fn = fn;
	h->obs[h->obs_count].ctx = ctx;
	h->obs_count++;
	return 0;
}

int vg_harness_reload_add(struct vg_harness *h, const struct vg_conf *conf, bool refused)
{
	if (h->reload_count >= VG_HARNESS_RELOADS_MAX)
		return -1;
	h->reload[h->reload_count].conf = conf;
	h->reload_refused[h->reload_count] = refused;
	return h->reload_count++;
}

int vg_harness_reload_slots(struct vg_harness *h)
{
	static const int16_t delta[3] = { 0, -VG_HARNESS_RELOAD_DELTA, VG_HARNESS_RELOAD_DELTA };
	int first = h->reload_count;

	if (h->reload_count + 3 * h->node_count > VG_HARNESS_RELOADS_MAX)
		return -1;
	for (uint8_t k = 0; k < h->node_count; k++)
		if (!h->info[k].conf)
			return -1; /* configs written by hand: nothing to reload */
	for (uint8_t k = 0; k < h->node_count; k++)
		for (int v = 0; v < 3; v++) {
			h->reload[h->reload_count] = (struct vg_sim_reload){ h->info[k].conf, delta[v] };
			h->reload_refused[h->reload_count++] = false;
		}
	h->draw_reloads = (int16_t)first;
	return 0;
}

int vg_harness_log_enable(struct vg_harness *h)
{
	if (!h->log)
		h->log = calloc(VG_HARNESS_LOG_MAX, sizeof(*h->log));
	h->log_len = 0;
	h->log_lost = 0;
	return h->log ? 0 : -1;
}

static void log_action(struct vg_harness *h, const struct vg_sim_obs *o)
{
	const struct vg_action *a = o->action;
	const struct vg_sim_node *n = &h->node[o->node];
	struct vg_harness_log_rec *r;

	if (!h->log || a->group || a->instance >= n->inst_count ||
	    (a->kind != VG_ACT_STATE && a->kind != VG_ACT_SEND_GARP) ||
	    (a->kind == VG_ACT_SEND_GARP && a->u.garp.extra)) /* garp_extra_if: other LANs, not modelled */
		return;
	if (h->log_len >= VG_HARNESS_LOG_MAX) {
		h->log_lost++;
		return;
	}
	r = &h->log[h->log_len++];
	r->at = h->sim.now;
	r->node = o->node;
	r->kind = a->kind;
	r->count = (uint16_t)(a->kind == VG_ACT_STATE ? 1 : a->u.garp.repeat * n->cfg[a->instance].vip_count);
	snprintf(r->inst, sizeof(r->inst), "%s", n->cfg[a->instance].name);
}

/* The fan-out: checkers first (they read the world as the event left it), then LVS, then the caller's. */
static void fan_out(void *ctx, const struct vg_sim *s, const struct vg_sim_obs *o)
{
	struct vg_harness *h = ctx;

	vg_sim_check_observe(&h->check, s, o);
	vg_lvs_sim_observe(h->lvs, s, o);
	if (o->note == VG_SIM_NOTE_ACTION)
		log_action(h, o);
	for (uint8_t i = 0; i < h->obs_count; i++)
		h->obs[i].fn(h->obs[i].ctx, h, o);
}

int vg_harness_start(struct vg_harness *h, bool lvs, struct vg_diags *diags, uint8_t *bad_node)
{
	for (uint8_t k = 0; k < h->node_count; k++) {
		struct vg_sim_node *n = &h->node[k];

		if (n->reloaded) { /* the last run reloaded it: back to its own configuration */
			char name[sizeof(n->name)];
			struct vg_addr addr = n->addr;
			uint8_t seg[VG_SIM_IFACES_MAX];

			memcpy(name, n->name, sizeof(name));
			memcpy(seg, n->segment, sizeof(seg));
			vg_sim_node_free(n);
			int rc = build_node(n, name, &addr, h->info[k].conf, h->info[k].flags, NULL);

			if (rc != 0 && rc != -1)
				return -2; /* out of memory */
			memcpy(n->segment, seg, sizeof(seg));
			h->info[k].plan = &n->node.plan;
		}
		vg_sim_node_clear(n);
	}
	if (!lvs || !h->lvs_built) {
		vg_lvs_sim_free(h->lvs);
		h->lvs = NULL;
		h->lvs_built = false;
	}
	vg_sim_init(&h->sim, h->node, h->node_count, h->queue, h->opt.seed);
	h->sim.delay_ns = h->opt.delay_ns;
	h->sim.jitter_ns = h->opt.jitter_ns;
	h->sim.loss_ppm = h->opt.loss_ppm;
	h->sim.dup_ppm = h->opt.dup_ppm;
	h->sim.observe = fan_out;
	h->sim.observe_ctx = h;
	h->sim.reloads = h->reload;
	h->sim.reload_count = h->reload_count;
	h->log_len = 0;
	vg_sim_check_init(&h->check, &h->sim);
	if (!lvs)
		return 0;
	if (h->lvs_built) { /* the same nodes again (explore's next seed): keep what was set up */
		vg_lvs_sim_reset(h->lvs, h->opt.seed);
		vg_lvs_sim_attach(h->lvs, &h->sim);
		return 0;
	}
	h->lvs = vg_lvs_sim_new(h->opt.seed);
	if (!h->lvs)
		return -2;
	vg_lvs_sim_attach(h->lvs, &h->sim); /* one loop, one clock */
	for (uint8_t k = 0; k < h->node_count; k++) {
		if (!h->info[k].conf)
			continue;
		if (vg_lvs_sim_add_node(h->lvs, &h->sim, k, h->info[k].conf, diags) < 0) {
			if (bad_node)
				*bad_node = k;
			return -1;
		}
	}
	h->lvs_built = true;
	return 0;
}

int vg_harness_schedule(struct vg_harness *h, const struct vg_harness_fault *f)
{
	struct vg_scn_event e;

	if (f->kind != VG_HARNESS_RS_MODE && f->kind != VG_HARNESS_CLIENTS)
		return vg_sim_schedule_arg(&h->sim, f->at, f->node, (enum vg_sim_fault)f->kind, f->arg);
	if (!h->lvs)
		return -1;
	memset(&e, 0, sizeof(e));
	e.at = f->at;
	if (f->kind == VG_HARNESS_RS_MODE) {
		if (f->arg >= h->lvs->server_count)
			return -1;
		e.kind = VG_SCN_REALSERVER;
		e.addr = h->lvs->server[f->arg].addr;
		e.port = h->lvs->server[f->arg].port;
		e.value = f->mode;
		e.period_ns = f->span_ns;
	} else {
		e.kind = VG_SCN_CLIENTS;
		e.rate = f->arg;
		e.for_ns = f->span_ns;
		e.hold_ns = VG_S(1);
	}
	return vg_lvs_sim_schedule(h->lvs, &e, "explore");
}

int vg_harness_schedule_faults(struct vg_harness *h, const struct vg_harness_fault *f, int n)
{
	int rc = 0;

	for (int i = 0; i < n; i++)
		rc |= vg_harness_schedule(h, &f[i]);
	return rc;
}

void vg_harness_start_nodes(struct vg_harness *h, uint32_t mask)
{
	for (uint8_t k = 0; k < h->node_count; k++)
		if (mask & (UINT32_C(1) << k))
			vg_sim_schedule(&h->sim, 0, k, VG_SIM_START);
}

int vg_harness_attach_segments(struct vg_harness *h, const struct vg_scenario *scn, const char *path)
{
	for (uint16_t t = 0; t < scn->attach_count; t++) {
		const struct vg_scn_attach *a = &scn->attach[t];
		uint32_t id = h->info[a->node].plan ? vg_vrrp_plan_iface(h->info[a->node].plan, a->iface) : 0;

		if (id == 0 || id >= VG_SIM_IFACES_MAX) {
			fprintf(stderr, "%s:%u: node %s's configuration uses no interface '%s'\n", path, a->line,
				scn->nodes[a->node].name, a->iface);
			return -1;
		}
		h->node[a->node].segment[id] = a->segment;
	}
	return 0;
}

/* Script rise/fall: the tracked state flips after `fall` failing (or `rise` passing) runs. */
static vg_time script_delay(const struct vg_conf_vrrp_script *sc, uint8_t kind)
{
	uint32_t runs = kind == VG_SCN_SCRIPT_OK ? sc->rise : sc->fall;

	if (runs == 0)
		runs = 1;
	if (kind == VG_SCN_SCRIPT_HANG) /* the first run hangs until its timeout, the rest fail too */
		return sc->timeout_ns + (vg_time)(runs - 1) * sc->interval_ns;
	return (vg_time)runs * sc->interval_ns;
}

static int schedule_event(struct vg_harness *h, const struct vg_scenario *scn, const struct vg_scn_event *ev,
			  const char *path, uint16_t *reloads)
{
	static const uint8_t simple[] = {
		[VG_SCN_START] = VG_SIM_START,     [VG_SCN_CRASH] = VG_SIM_CRASH,
		[VG_SCN_STOP] = VG_SIM_STOP,       [VG_SCN_FW_DROP] = VG_SIM_FW_DROP,
		[VG_SCN_FW_ALLOW] = VG_SIM_FW_ALLOW, [VG_SCN_FW_DROP_IN] = VG_SIM_FW_DROP_IN,
		[VG_SCN_FW_DROP_OUT] = VG_SIM_FW_DROP_OUT,
	};
	const struct vg_harness_node *in = &h->info[ev->node];
	int rc = 0;

	switch (ev->kind) {
	case VG_SCN_START:
	case VG_SCN_CRASH:
	case VG_SCN_STOP:
	case VG_SCN_FW_DROP:
	case VG_SCN_FW_ALLOW:
	case VG_SCN_FW_DROP_IN:
	case VG_SCN_FW_DROP_OUT:
		return vg_sim_schedule(&h->sim, ev->at, ev->node, (enum vg_sim_fault)simple[ev->kind]);
	case VG_SCN_PARTITION:
	case VG_SCN_HEAL:
		for (uint8_t k = 0; k < scn->node_count && !rc; k++)
			rc = vg_sim_schedule_arg(&h->sim, ev->at, k, VG_SIM_PARTITION,
						 ev->kind == VG_SCN_HEAL ? 0 : ev->side[k] + 1u);
		return rc;
	case VG_SCN_LINK_DOWN:
	case VG_SCN_LINK_UP: {
		uint32_t id = in->plan ? vg_vrrp_plan_iface(in->plan, ev->arg) : 0;

		if (!id) {
			fprintf(stderr, "%s:%u: node %s's configuration uses no interface '%s'\n", path, ev->line,
				scn->nodes[ev->node].name, ev->arg);
			return -2;
		}
		return vg_sim_schedule_arg(&h->sim, ev->at, ev->node,
					   ev->kind == VG_SCN_LINK_UP ? VG_SIM_LINK_UP : VG_SIM_LINK_DOWN, id);
	}
	case VG_SCN_VIP_DEL:
		for (uint16_t i = 0; in->plan && i < in->plan->inst_count; i++) {
			const struct vg_conf_instance *ci = in->plan->src[i];
			const struct vg_conf_vips *lists[2] = { &ci->vips, &ci->evips };

			for (uint8_t k = 0; k < 2; k++)
				for (uint32_t j = 0; j < lists[k]->count; j++)
					if (vg_addr_eq(&lists[k]->items[j].addr, &ev->addr))
						return vg_sim_schedule_arg(&h->sim, ev->at, ev->node, VG_SIM_VIP_DEL,
									   in->plan->cfg[i].id |
									   (lists[k]->items[j].no_track ? 1u << 16 : 0));
		}
		fprintf(stderr, "%s:%u: node %s's configuration has no VIP of that address\n", path, ev->line,
			scn->nodes[ev->node].name);
		return -2;
	case VG_SCN_REALSERVER:
	case VG_SCN_CLIENTS:
		if (!h->lvs || vg_lvs_sim_schedule(h->lvs, ev, path))
			return -2;
		return 0;
	case VG_SCN_PROCESS_DOWN:
	case VG_SCN_PROCESS_UP:
		return 0; /* schedule_processes(): all of a block's events at once */
	case VG_SCN_RELOAD:
		if (*reloads >= h->reload_count) {
			fprintf(stderr, "%s:%u: the configuration to reload was not loaded\n", path, ev->line);
			return -2;
		}
		h->sim.reload_count = h->reload_count;
		(*reloads)++;
		return vg_sim_schedule_arg(&h->sim, ev->at, ev->node,
					   h->reload_refused[*reloads - 1] ? VG_SIM_RELOAD_REFUSED : VG_SIM_RELOAD,
					   (uint32_t)(*reloads - 1));
	default: {
		const struct vg_conf_vrrp_script *sc = in->conf ? vg_conf_find_script(in->conf, ev->arg) : NULL;

		if (!sc) {
			fprintf(stderr, "%s:%u: node %s's configuration has no vrrp_script '%s'\n", path, ev->line,
				scn->nodes[ev->node].name, ev->arg);
			return -2;
		}
		return vg_sim_schedule_arg(&h->sim, ev->at + script_delay(sc, ev->kind), ev->node,
					   ev->kind == VG_SCN_SCRIPT_OK ? VG_SIM_TRACK_OK : VG_SIM_TRACK_FAIL,
					   (uint32_t)(sc - in->conf->scripts.items) + 1);
	}
	}
}

static int schedule_proc(struct vg_harness *h, vg_time at, uint8_t node, uint32_t id, bool up)
{
	return vg_sim_schedule_arg(&h->sim, at, node, up ? VG_SIM_PROC_UP : VG_SIM_PROC_DOWN, id);
}

/*
 * `at T process NODE NAME down|up`: the vrrp_track_process NAME's processes
 * end (count 0, as exits) or run again (quorum of them, as an exec), the
 * processes running at start. The core's machine (vrrp/proctrack.h) decides
 * when the tracked state changes (terminate_delay; a restart within it never
 * shows), run here over the block's events in time order; each change is a
 * fault at its time.
 */
static int schedule_processes(struct vg_harness *h, const struct vg_scenario *scn, const char *path)
{
	for (uint16_t e = 0; e < scn->event_count; e++) {
		const struct vg_scn_event *ev = &scn->events[e];
		const struct vg_conf *conf = h->info[ev->node].conf;
		const struct vg_conf_track_process *t;
		const struct vg_scn_event *seq[VG_SCN_EVENTS_MAX];
		struct vg_proctrack p;
		uint32_t id, up_count;
		uint16_t n;
		bool first = true, up;

		if (ev->kind != VG_SCN_PROCESS_DOWN && ev->kind != VG_SCN_PROCESS_UP)
			continue;
		t = conf ? vg_conf_find_track_process(conf, ev->arg) : NULL;
		if (!t) {
			fprintf(stderr, "%s:%u: node %s's configuration has no vrrp_track_process '%s'\n", path,
				ev->line, scn->nodes[ev->node].name, ev->arg);
			return -2;
		}
		/* only the first event of each (node, block) drives the whole sequence */
		for (uint16_t k = 0; k < e && first; k++)
			first = !((scn->events[k].kind == VG_SCN_PROCESS_DOWN || scn->events[k].kind == VG_SCN_PROCESS_UP) &&
				  scn->events[k].node == ev->node && !strcmp(scn->events[k].arg, ev->arg));
		if (!first)
			continue;
		id = (uint32_t)(t - conf->track_processes.items) + 1;
		up_count = t->quorum ? t->quorum : 1;
		vg_proctrack_init(&p, t, up_count);
		/* this block's events in time order (file order among equal times) */
		n = 0;
		for (uint16_t k = e; k < scn->event_count; k++) {
			const struct vg_scn_event *x = &scn->events[k];
			uint16_t j;

			if ((x->kind != VG_SCN_PROCESS_DOWN && x->kind != VG_SCN_PROCESS_UP) || x->node != ev->node ||
			    strcmp(x->arg, ev->arg))
				continue;
			for (j = n; j > 0 && seq[j - 1]->at > x->at; j--)
				seq[j] = seq[j - 1];
			seq[j] = x;
			n++;
		}
		for (uint16_t k = 0; k <= n; k++) {
			vg_time at = k < n ? seq[k]->at : VG_TIME_NEVER;

			if (p.delay_end != VG_TIME_NEVER && p.delay_end <= at) {
				vg_time when = p.delay_end;

				if (vg_proctrack_timer(&p, when) && schedule_proc(h, when, ev->node, id, p.up))
					return -1;
			}
			if (k == n)
				break;
			up = seq[k]->kind == VG_SCN_PROCESS_UP;
			if (vg_proctrack_set(&p, at, up ? up_count : 0, up ? VG_PROC_EXEC : VG_PROC_EXIT) &&
			    schedule_proc(h, at, ev->node, id, p.up))
				return -1;
		}
	}
	return 0;
}

int vg_harness_schedule_scenario(struct vg_harness *h, const struct vg_scenario *scn, const char *path)
{
	uint32_t mask = 0;
	uint16_t reloads = 0;

	for (uint8_t k = 0; k < scn->node_count; k++)
		if (scn->nodes[k].start)
			mask |= UINT32_C(1) << k;
	vg_harness_start_nodes(h, mask);
	for (uint16_t e = 0; e < scn->event_count; e++) {
		const struct vg_scn_event *ev = &scn->events[e];
		int rc = schedule_event(h, scn, ev, path, &reloads);

		if (rc == -2)
			return -1;
		if (rc) {
			fprintf(stderr, "%s:%u: too many events for the simulator queue\n", path, ev->line);
			return -1;
		}
	}
	switch (schedule_processes(h, scn, path)) {
	case 0:
		return 0;
	case -2:
		return -1;
	default:
		fprintf(stderr, "%s: too many events for the simulator queue\n", path);
		return -1;
	}
}

vg_time vg_harness_heal_time(const struct vg_harness *h)
{
	return h->opt.chaos_ns ? h->opt.chaos_ns : h->opt.duration * 2 / 3;
}

/* The kind of fault r falls on, by the options' weights. */
static int pick_kind(const struct vg_harness_opts *o, uint64_t r)
{
	uint32_t total = 0, k;

	for (k = 0; k < VG_HARNESS_DRAW_KINDS; k++)
		total += o->weight[k];
	if (total == 0)
		return -1;
	r %= total;
	for (k = 0; r >= o->weight[k]; k++)
		r -= o->weight[k];
	return (int)k;
}

/* A time in [1 s, chaos) and a repair time after it, before the heal. */
static vg_time draw_at(uint64_t *rng, vg_time chaos)
{
	return VG_S(1) + vg_sim_splitmix(rng) % (chaos - VG_S(1));
}

/* Reloads and the LVS world's faults, each from its own stream of the seed. */
static int draw_extras(const struct vg_harness *h, uint64_t seed, struct vg_harness_fault *f, int n, int max)
{
	const struct vg_harness_opts *o = &h->opt;
	vg_time chaos = vg_harness_heal_time(h);
	uint64_t rng;
	int count, i;

	if (h->draw_reloads >= 0 && o->reloads_max) {
		rng = seed * UINT64_C(0x9e3779b97f4a7c15) + 3;
		count = (int)(vg_sim_splitmix(&rng) % (o->reloads_max + 1u));
		for (i = 0; i < count && n < max; i++) {
			vg_time at = draw_at(&rng, chaos);
			uint8_t node = (uint8_t)(vg_sim_splitmix(&rng) % h->node_count);
			uint32_t variant = (uint32_t)(vg_sim_splitmix(&rng) % 3);

			f[n++] = (struct vg_harness_fault){ at, node, VG_SIM_RELOAD,
							     (uint32_t)h->draw_reloads + 3u * node + variant, 0, 0 };
		}
	}
	if (!h->lvs || h->lvs->server_count == 0)
		return n;
	rng = seed * UINT64_C(0xd1342543de82ef95) + 5;
	count = o->rs_faults_max ? (int)(vg_sim_splitmix(&rng) % (o->rs_faults_max + 1u)) : 0;
	for (i = 0; i < count && n + 1 < max; i++) {
		static const uint8_t modes[4] = { VG_SCN_RS_DOWN, VG_SCN_RS_SLOW, VG_SCN_RS_WRONG_BODY, VG_SCN_RS_FLAP };
		vg_time at = draw_at(&rng, chaos);
		uint32_t srv = (uint32_t)(vg_sim_splitmix(&rng) % h->lvs->server_count);
		uint8_t mode = modes[vg_sim_splitmix(&rng) % 4];
		vg_time period = VG_S(2) + vg_sim_splitmix(&rng) % VG_S(8);

		f[n++] = (struct vg_harness_fault){ at, 0, VG_HARNESS_RS_MODE, srv, mode, mode == VG_SCN_RS_FLAP ? period : 0 };
		f[n] = f[n - 1]; /* repaired before the heal (the heal repairs every server anyway) */
		f[n].at = at + VG_MS(100) + vg_sim_splitmix(&rng) % (chaos - at + VG_MS(100));
		f[n].mode = VG_SCN_RS_UP;
		f[n].span_ns = 0;
		n++;
	}
	/* at least one burst: the LVS invariants need connections while servers fail */
	count = o->client_bursts_max ? 1 + (int)(vg_sim_splitmix(&rng) % o->client_bursts_max) : 0;
	for (i = 0; i < count && n < max; i++) {
		vg_time at = draw_at(&rng, chaos);
		uint32_t rate = 1 + (uint32_t)(vg_sim_splitmix(&rng) % 50);
		vg_time span = VG_S(5) + vg_sim_splitmix(&rng) % VG_S(30);

		f[n++] = (struct vg_harness_fault){ at, 0, VG_HARNESS_CLIENTS, rate, 0, span };
	}
	return n;
}

int vg_harness_draw(const struct vg_harness *h, uint64_t seed, struct vg_harness_fault *f, int max)
{
	const struct vg_harness_opts *o = &h->opt;
	uint64_t rng = seed * UINT64_C(0x2545f4914f6cdd1d) + 1;
	vg_time chaos = vg_harness_heal_time(h);
	int n = 0, count, i;
	uint32_t spread = (uint32_t)(o->faults_max >= o->faults_min ? o->faults_max - o->faults_min + 1 : 1);

	count = o->faults_min + (int)(vg_sim_splitmix(&rng) % spread);
	for (i = 0; i < count && n < max - 1; i++) {
		vg_time at = VG_S(1) + vg_sim_splitmix(&rng) % (chaos - VG_S(1));
		uint8_t node = (uint8_t)(vg_sim_splitmix(&rng) % h->node_count);
		const struct vg_harness_node *in = &h->info[node];
		int kind = pick_kind(o, vg_sim_splitmix(&rng));

		f[n] = (struct vg_harness_fault){ at, node, 0, 0, 0, 0 };
		switch (kind) {
		case VG_HARNESS_DRAW_CRASH: f[n].kind = VG_SIM_CRASH; break;
		case VG_HARNESS_DRAW_STOP: f[n].kind = VG_SIM_STOP; break;
		case VG_HARNESS_DRAW_FIREWALL: f[n].kind = VG_SIM_FW_DROP; break;
		case VG_HARNESS_DRAW_PARTITION:
			f[n].kind = VG_SIM_PARTITION;
			f[n].arg = 1 + (uint32_t)(vg_sim_splitmix(&rng) % 2);
			break;
		case VG_HARNESS_DRAW_LINK:
			if (in->iface_count == 0)
				continue;
			f[n].kind = VG_SIM_LINK_DOWN;
			f[n].arg = 1 + (uint32_t)(vg_sim_splitmix(&rng) % in->iface_count);
			break;
		case VG_HARNESS_DRAW_SCRIPT:
			if (in->script_count == 0)
				continue;
			f[n].kind = VG_SIM_TRACK_FAIL;
			f[n].arg = 1 + (uint32_t)(vg_sim_splitmix(&rng) % in->script_count);
			break;
		default:
			continue;
		}
		n++;
		/* most faults are repaired later, some only at the heal */
		if (o->keep_one_in == 0 || vg_sim_splitmix(&rng) % o->keep_one_in) {
			f[n] = f[n - 1];
			f[n].at = at + VG_MS(100) + vg_sim_splitmix(&rng) % (chaos - at + VG_MS(100));
			switch (f[n - 1].kind) {
			case VG_SIM_CRASH:
			case VG_SIM_STOP: f[n].kind = VG_SIM_START; break;
			case VG_SIM_FW_DROP: f[n].kind = VG_SIM_FW_ALLOW; break;
			case VG_SIM_PARTITION: f[n].arg = 0; break;
			case VG_SIM_LINK_DOWN: f[n].kind = VG_SIM_LINK_UP; break;
			default: f[n].kind = VG_SIM_TRACK_OK; break;
			}
			n++;
		}
	}
	return draw_extras(h, seed, f, n, max);
}

int vg_harness_heal(const struct vg_harness *h, vg_time at, struct vg_harness_fault *f, int n, int max)
{
	for (uint8_t k = 0; k < h->node_count; k++) {
		const struct vg_harness_node *in = &h->info[k];
		uint32_t j;

		if (n + 3 + 32 > max)
			break;
		f[n++] = (struct vg_harness_fault){ at, k, VG_SIM_START, 0, 0, 0 };
		f[n++] = (struct vg_harness_fault){ at, k, VG_SIM_FW_ALLOW, 0, 0, 0 };
		f[n++] = (struct vg_harness_fault){ at, k, VG_SIM_PARTITION, 0, 0, 0 };
		for (j = 1; j <= in->iface_count && j <= 16; j++)
			f[n++] = (struct vg_harness_fault){ at, k, VG_SIM_LINK_UP, j, 0, 0 };
		for (j = 1; j <= in->script_count && j <= 16; j++)
			f[n++] = (struct vg_harness_fault){ at, k, VG_SIM_TRACK_OK, j, 0, 0 };
	}
	for (uint16_t r = 0; h->lvs && r < h->lvs->server_count && n < max; r++)
		f[n++] = (struct vg_harness_fault){ at, 0, VG_HARNESS_RS_MODE, r, VG_SCN_RS_UP, 0 };
	return n;
}

static vg_time later(vg_time a, vg_time b)
{
	return a > b ? a : b;
}

vg_time vg_harness_converge_ns(const struct vg_harness *h)
{
	vg_time adv_max = 0, worst = 0;
	uint8_t k;
	uint16_t i;

	/* v3 Backups time out on the Master's interval (RFC 5798 6.4.2): take the largest of all */
	for (k = 0; k < h->node_count; k++)
		for (i = 0; i < h->node[k].inst_count; i++)
			adv_max = later(adv_max, VG_CS(h->node[k].cfg[i].adver_int_cs));
	for (k = 0; k < h->node_count; k++) {
		for (i = 0; i < h->node[k].inst_count; i++) {
			const struct vg_vrrp_config *c = &h->node[k].cfg[i];
			vg_time adv = c->version == 2 ? VG_CS(c->adver_int_cs) : adv_max;
			/* RFC 5798 6.1 Skew_Time is at most one interval; RFC 3768 6.1 at most 1 s */
			vg_time skew = c->version == 2 ? VG_S(1) : adv;
			uint32_t downs = c->down_timer_adverts ? c->down_timer_adverts : 3;
			/* a node (re)started at the heal is Master after Master_Down_Interval; a
			   better one waits preempt_delay more, and one more advert settles the loser */
			vg_time t = (vg_time)downs * adv + skew + c->preempt_delay_ns + adv;

			worst = later(worst, t);
		}
	}
	/* each of those steps is an advert on the wire: the one-way delay and jitter, twice */
	return worst + 2 * (h->opt.delay_ns + h->opt.jitter_ns) + VG_MS(1);
}

void vg_harness_run(struct vg_harness *h, vg_time until)
{
	vg_sim_run(&h->sim, until);
}

bool vg_harness_converged(const struct vg_harness *h)
{
	const struct vg_sim_node *first = &h->node[0];
	bool ok = true;

	for (uint16_t j = 0; j < first->inst_count; j++) {
		int masters = 0;

		for (uint8_t k = 0; k < h->node_count; k++)
			for (uint16_t m = 0; m < h->node[k].inst_count; m++)
				if (h->node[k].cfg[m].vrid == first->cfg[j].vrid &&
				    h->node[k].cfg[m].family == first->cfg[j].family &&
				    h->node[k].inst[m].state == VG_STATE_MASTER)
					masters++;
		if (masters != 1)
			ok = false;
	}
	return ok;
}

int vg_harness_find_inst(const struct vg_harness *h, uint8_t node, const char *name)
{
	for (uint16_t i = 0; i < h->node[node].inst_count; i++)
		if (!strcmp(h->node[node].cfg[i].name, name))
			return i;
	return -1;
}

bool vg_harness_master_is(const struct vg_harness *h, uint16_t inst, uint8_t node)
{
	int who = -1, n = vg_sim_masters(&h->sim, inst, &who);

	return n == 1 && who == node && h->node[node].vips_held[inst];
}

uint32_t vg_harness_violations(const struct vg_harness *h)
{
	return h->check.count + (h->lvs ? h->lvs->violation_count : 0);
}

/* transitions / garps: what the log holds for INST (on NODE or any) in (since, at]. */
static void expect_count(const struct vg_harness *h, const struct vg_scenario *scn, const struct vg_scn_expect *x,
			 struct vg_harness_verdict *v)
{
	bool garps = x->kind == VG_SCN_EXPECT_GARPS;
	uint64_t n = 0;

	for (uint8_t k = 0; k < h->node_count; k++)
		v->known |= vg_harness_find_inst(h, k, x->inst) >= 0;
	for (uint32_t i = 0; h->log && i < h->log_len; i++) {
		const struct vg_harness_log_rec *r = &h->log[i];

		if (r->kind == (garps ? VG_ACT_SEND_GARP : VG_ACT_STATE) && (x->any_node || r->node == x->node) &&
		    r->at > x->since && r->at <= x->at && !strcmp(r->inst, x->inst)) {
			n += r->count;
			v->known = true;
		}
	}
	v->lvs = true; /* the note says why, like the LVS expectations */
	v->ok = vg_scn_op_holds(x->op, n, (uint64_t)x->value);
	snprintf(v->what, sizeof(v->what), "%s %s %s %s %d since %.3fs", garps ? "garps" : "transitions", x->inst,
		 x->any_node ? "*" : scn->nodes[x->node].name, vg_scn_op_name(x->op), x->value, (double)x->since / 1e9);
	snprintf(v->note, sizeof(v->note), "%llu %s%s", (unsigned long long)n,
		 garps ? "gratuitous ARP / NA frame(s)" : "state change(s)",
		 h->log ? (h->log_lost ? "; the log overflowed" : "") : "; not recorded");
}

void vg_harness_expect(struct vg_harness *h, const struct vg_scenario *scn, const struct vg_scn_expect *x,
		       struct vg_harness_verdict *v)
{
	int masters = 0, holders = 0, who = -1, idx;
	uint8_t k;

	memset(v, 0, sizeof(*v));
	if (x->kind == VG_SCN_EXPECT_TRANSITIONS || x->kind == VG_SCN_EXPECT_GARPS) {
		expect_count(h, scn, x, v);
		return;
	}
	if (vg_lvs_sim_expect_kind(x->kind)) {
		v->lvs = true;
		v->known = true;
		v->ok = h->lvs && vg_lvs_sim_expect(h->lvs, x, v->what, sizeof(v->what), v->note, sizeof(v->note));
		return;
	}
	for (k = 0; k < h->node_count; k++) {
		int i = vg_harness_find_inst(h, k, x->inst);
		const struct vg_sim_node *n = &h->node[k];

		if (i < 0)
			continue;
		v->known = true;
		if (n->running && n->inst[i].state == VG_STATE_MASTER) {
			masters++;
			who = k;
		}
		if (n->running && n->vips_held[i] && n->cfg[i].vip_count > 0)
			holders++;
	}
	v->masters = masters;
	v->holders = holders;
	if (!v->known)
		return;
	idx = vg_harness_find_inst(h, x->node, x->inst);
	switch (x->kind) {
	case VG_SCN_EXPECT_MASTER:
		v->ok = masters == 1 && who == x->node && idx >= 0 && h->node[x->node].vips_held[idx];
		snprintf(v->what, sizeof(v->what), "master %s %s", x->inst, scn->nodes[x->node].name);
		break;
	case VG_SCN_EXPECT_STATE:
		v->ok = idx >= 0 && (h->node[x->node].running ? h->node[x->node].inst[idx].state : VG_STATE_INIT) ==
					    (enum vg_vrrp_state)x->value;
		snprintf(v->what, sizeof(v->what), "state %s %s %s", x->inst, scn->nodes[x->node].name,
			 vg_vrrp_state_name((enum vg_vrrp_state)x->value));
		break;
	case VG_SCN_EXPECT_PRIORITY:
		v->ok = idx >= 0 && h->node[x->node].inst[idx].priority == x->value;
		snprintf(v->what, sizeof(v->what), "priority %s %s %d", x->inst, scn->nodes[x->node].name, x->value);
		break;
	case VG_SCN_EXPECT_SPLIT_BRAIN:
		v->ok = masters > 1;
		snprintf(v->what, sizeof(v->what), "split-brain %s", x->inst);
		break;
	case VG_SCN_EXPECT_NO_MASTER:
		v->ok = masters == 0;
		snprintf(v->what, sizeof(v->what), "no-master %s", x->inst);
		break;
	case VG_SCN_EXPECT_NO_VIP:
		v->ok = holders == 0;
		snprintf(v->what, sizeof(v->what), "no-vip %s", x->inst);
		break;
	default:
		break;
	}
	snprintf(v->note, sizeof(v->note), "%d master(s), %d node(s) holding VIPs", masters, holders);
}

void vg_harness_fini(struct vg_harness *h)
{
	h->lvs_built = false;
	free(h->log);
	h->log = NULL;
	vg_lvs_sim_free(h->lvs);
	h->lvs = NULL;
	for (uint8_t k = 0; k < h->node_count; k++)
		vg_sim_node_free(&h->node[k]);
	h->node_count = 0;
}
