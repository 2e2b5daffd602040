/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the LVS driver (lvs_driver.h): open, start, reload, dump, stop, --cleanup, --ipvs-diff.
 */
#include "lvs_driver.h"
#include "lvs_netns.h"

#include <errno.h>
#include <linux/ip_vs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check_driver.h"
#include "log.h"
#include "metrics/metrics.h"
#include "pidfile.h"
#include "vrrp/action.h"
#include "lvs/ipvsadm_fmt.h"
#include "lvs/table_from_conf.h"
#include "lvs_table.h"
#include "reload.h"
#include "status.h"

/* What the driver counts (the state dump prints them). */
struct vgd_lvs_counters {
	uint64_t applies;       /* start, reloads, stop: each a dump + diff + batch */
	uint64_t messages;      /* IPVS change requests sent */
	uint64_t round_trips;   /* sendmsg()s of changes, each waiting for its acks */
	uint64_t failures;      /* requests the kernel refused */
	uint64_t last_messages; /* of the latest apply */
	uint64_t last_round_trips;
	uint64_t dump_round_trips;
	uint64_t dumps;         /* applies that read the kernel table first */
	uint64_t last_apply_us; /* the latest apply, from its first step (dump or diff) to the last ack */
	uint64_t vip_events;    /* VIP presence changes of ha_suspend services */
	uint64_t syncd_changes; /* sync daemons started or stopped */
	uint64_t verdict_edits; /* IPVS changes sent for checker verdicts */
};

/* keepalived.conf(5) global_defs lvs_sync_daemon <INTERFACE> <VRRP_INSTANCE> [id N] [maxlen N]
   [port N] [ttl N] [group ADDR]: the kernel's sync daemon follows the instance's state. */
struct lvs_syncd {
	bool set;
	char instance[64];
	struct vgl_ipvs_daemon d; /* state filled when sent */
	struct vgl_ipvs_tag tag;
};

/* One configuration's desired table. */
struct lvs_gen {
	const struct vg_conf *conf;
	struct vg_lvs_conf_map map;
	struct vg_lvs_table want;
	struct vg_lvs_table all; /* every destination it can have (rows of status and metrics) */
	bool flush;          /* lvs_flush */
	bool flush_on_stop;  /* bare lvs_flush_on_stop: one flush of the whole table */
	bool *vip_present;   /* per mapped service: ha_suspend's address is on this host */
	struct lvs_syncd syncd;
};

struct vgd_lvs {
	const struct vgd_opts *o;
	/* the checker driver's states for a reload being committed (vgd_lvs_set_reload_states) */
	const struct vg_lvs_service *(*reload_state)(void *ctx, uint32_t svc);
	void *reload_ctx;
	struct lvs_gen *gen, *next;
	struct vgl_ipvs *sock; /* NULL: no IPVS here */
	bool started;
	bool tried;            /* the socket was tried once (the unavailability is logged once) */
	bool in_sync;          /* the last apply was acked in full: the kernel holds gen->want */
	int syncd_state;       /* the sync daemon running: 0 none, IP_VS_STATE_MASTER or _BACKUP */
	struct vgd_lvs_counters n;
};

/* ---- generations ------------------------------------------------------------ */

static void gen_free(struct lvs_gen *g)
{
	if (!g)
		return;
	vg_lvs_conf_map_free(&g->map);
	vg_lvs_table_free(&g->want);
	vg_lvs_table_free(&g->all);
	free(g->vip_present);
	free(g);
}

/*
 * vrrp_instance lvs_sync_daemon_interface IFNAME (deprecated): keepalived
 * 2.2.7 takes the first one as the sync daemon's interface and that instance
 * as its instance, with id 0, unless global_defs has lvs_sync_daemon; a later
 * one is ignored with a warning (the parser warns that the keyword is deprecated).
 */
static void syncd_from_instance(struct lvs_gen *g, const struct vg_conf *conf, struct vg_diags *dg)
{
	struct lvs_syncd *y = &g->syncd;

	for (uint32_t i = 0; i < conf->instances.count; i++) {
		const struct vg_conf_instance *in = &conf->instances.items[i];
		const struct vg_conf_kv *kv = vg_conf_extra_find(in->extra, "lvs_sync_daemon_interface");

		if (!kv || !kv->args.count)
			continue;
		if (y->set) {
			vg_diags_add(dg, VG_DIAG_WARNING, &kv->loc, "lvs-sync-daemon", NULL,
				     "(%s) lvs_sync_daemon_interface: the sync daemon's interface is already %s, "
				     "ignored", in->name ? in->name : "?", y->d.mcast_ifn);
			continue;
		}
		snprintf(y->d.mcast_ifn, sizeof(y->d.mcast_ifn), "%s", kv->args.items[0]);
		snprintf(y->instance, sizeof(y->instance), "%s", in->name ? in->name : "");
		y->d.syncid = 0;
		y->tag.file = kv->loc.file;
		y->tag.line = kv->loc.line;
		y->set = true;
	}
}

static void syncd_parse(struct lvs_gen *g, const struct vg_conf *conf, struct vg_diags *dg)
{
	const struct vg_conf_kv *kv = vg_conf_extra_find(conf->global.extra, "lvs_sync_daemon");
	struct lvs_syncd *y = &g->syncd;
	bool id_set = false;
	uint32_t i;

	if (!kv) {
		syncd_from_instance(g, conf, dg);
		return;
	}
	if (kv->args.count < 2) {
		vg_diags_add(dg, VG_DIAG_WARNING, &kv->loc, "lvs-sync-daemon", NULL,
			     "lvs_sync_daemon needs <INTERFACE> <VRRP_INSTANCE>: ignored");
		return;
	}
	snprintf(y->d.mcast_ifn, sizeof(y->d.mcast_ifn), "%s", kv->args.items[0]);
	snprintf(y->instance, sizeof(y->instance), "%s", kv->args.items[1]);
	y->d.syncid = 0;
	for (i = 2; i + 1 < kv->args.count; i += 2) {
		const char *k = kv->args.items[i], *v = kv->args.items[i + 1];
		unsigned long n = strtoul(v, NULL, 10);

		if (!strcmp(k, "id")) {
			y->d.syncid = (uint32_t)n;
			id_set = true;
		}
		else if (!strcmp(k, "maxlen"))
			y->d.sync_maxlen = (uint16_t)n;
		else if (!strcmp(k, "port"))
			y->d.mcast_port = (uint16_t)n;
		else if (!strcmp(k, "ttl"))
			y->d.mcast_ttl = (uint8_t)n;
		else if (!strcmp(k, "group") && vg_addr_parse(v, &y->d.mcast_group))
			vg_diags_add(dg, VG_DIAG_WARNING, &kv->loc, "lvs-sync-daemon", NULL,
				     "lvs_sync_daemon group %s: not an address, ignored", v);
	}
	if (!id_set) {
		/* keepalived 2.2.7 (vrrp.c, sync daemon set-up): no id means the instance's VRID */
		const struct vg_conf_instance *in = vg_conf_find_instance(conf, y->instance);
		if (in)
			y->d.syncid = in->virtual_router_id;
	}
	y->tag.file = kv->loc.file;
	y->tag.line = kv->loc.line;
	y->set = true;
	syncd_from_instance(g, conf, dg);
}

static struct lvs_gen *gen_new(const struct vg_conf *conf, struct vg_diags *dg)
{
	struct lvs_gen *g = calloc(1, sizeof(*g));
	const struct vg_conf_kv *kv;
	int rc;

	if (!g)
		return NULL;
	g->conf = conf;
	rc = vg_lvs_from_conf(conf, &g->map, dg);
	if (rc == 0 || rc == VG_LVS_EINVAL)
		rc = vg_lvs_table_from_conf(&g->map, &g->want, dg);
	else
		memset(&g->want, 0, sizeof(g->want));
	if (rc == VG_LVS_ENOMEM) {
		gen_free(g);
		return NULL;
	}
	if (!g->want.sorted && vgd_lvs_table_empty(&g->want)) {
		gen_free(g);
		return NULL;
	}
	g->vip_present = calloc(g->map.count ? g->map.count : 1, sizeof(*g->vip_present));
	if (!g->vip_present || vgd_lvs_table_all(&g->map, &g->all) == VG_LVS_ENOMEM) {
		gen_free(g);
		return NULL;
	}
	syncd_parse(g, conf, dg);
	g->flush = conf->global.lvs_flush;
	/* keepalived.conf(5): lvs_flush_on_stop [VS]; VS is vigild's plain stop (lvs_table.h) */
	kv = vg_conf_extra_find(conf->global.extra, "lvs_flush_on_stop");
	g->flush_on_stop = vgd_lvs_flush_on_stop(kv, dg) == VGD_LVS_STOP_FLUSH;
	return g;
}

/* ---- applying a diff ---------------------------------------------------------- */

static uint64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/*
 * Turn the kernel table into `want`. `owned`: the table whose services
 * vigild may delete when they are not wanted (NULL: none); flush: any.
 * `model`: what vigild last programmed, acked in full (l->in_sync), used as
 * the current table instead of a dump (a reload, a stop); NULL: dump the
 * kernel (the start, which adopts what it finds, or after a refusal).
 * Returns the requests the kernel refused, or -1 when the socket failed.
 */
static int apply(struct vgd_lvs *l, const struct vg_lvs_table *want, const struct vg_lvs_table *owned, bool flush,
		 const struct vg_lvs_table *model, const struct vg_lvs_conf_map *map,
		 const struct vg_lvs_conf_map *old_map, const char *why)
{
	struct vgl_ipvs_table kt = { 0 };
	struct vg_lvs_table dumped = { 0 };
	const struct vg_lvs_table *cur = model;
	struct vgl_ipvs_io io = { 0 }, dio = { 0 };
	struct vgl_ipvs_batch *b = NULL;
	struct vg_lvs_op *opv = NULL;
	struct vg_lvs_ops ops;
	char err[256];
	size_t cap, i, nf = 0;
	uint64_t t0 = mono_us();
	int rc = -1;

	if (!l->sock)
		return 0;
	l->in_sync = false;
	if (!model || !model->sorted) {
		if (vgl_ipvs_dump(l->sock, &kt, &dio, err, sizeof(err))) {
			vgd_log(LOG_ERR, "IPVS %s: reading the kernel table: %s", why, err);
			goto out;
		}
		l->n.dump_round_trips += dio.round_trips;
		l->n.dumps++;
		if (vgd_lvs_from_kernel(&kt, &dumped)) {
			vgd_log(LOG_ERR, "IPVS %s: out of memory", why);
			goto out;
		}
		cur = &dumped;
	}
	cap = (size_t)cur->svc_count + cur->dest_count + want->svc_count + want->dest_count + 1;
	opv = calloc(cap, sizeof(*opv));
	b = vgl_ipvs_batch_new(cap);
	if (!opv || !b) {
		vgd_log(LOG_ERR, "IPVS %s: out of memory", why);
		goto out;
	}
	vg_lvs_ops_init(&ops, opv, cap);
	if (vg_lvs_table_diff(cur, want, owned ? vg_lvs_table_owns : NULL, (void *)owned, flush, &ops) < 0 ||
	    ops.lost || vgd_lvs_queue_ops(b, cur, want, &ops, map, old_map) < 0) {
		vgd_log(LOG_ERR, "IPVS %s: cannot build the changes", why);
		goto out;
	}
	l->n.applies++;
	l->n.last_messages = l->n.last_round_trips = 0;
	if (!ops.len) {
		rc = 0;
		l->in_sync = true;
		l->n.last_apply_us = mono_us() - t0;
		vgd_log(LOG_INFO, "IPVS %s: the kernel table is as configured (0 changes%s)", why,
			cur == &dumped ? "" : ", from vigild's model: nothing read, nothing sent");
		goto out;
	}
	if (vgl_ipvs_run(l->sock, b, &io, err, sizeof(err)))
		vgd_log(LOG_ERR, "IPVS %s: %s", why, err);
	l->n.messages += io.messages;
	l->n.round_trips += io.round_trips;
	l->n.last_messages = io.messages;
	l->n.last_round_trips = io.round_trips;
	{
		const struct vgl_ipvs_failure *f = vgl_ipvs_batch_failures(b, &nf);
		char line[512];

		for (i = 0; i < nf; i++)
			vgd_log(LOG_ERR, "%s", vgl_ipvs_batch_format(b, &f[i], line, sizeof(line)));
		nf = vgl_ipvs_batch_failed(b);
	}
	l->n.failures += nf;
	l->n.last_apply_us = mono_us() - t0;
	/* a refusal or a lost ack: the next apply reads the kernel rather than guess */
	l->in_sync = nf == 0 && io.messages == ops.len;
	vgd_log(LOG_INFO, "IPVS %s: %zu change(s) in %u round trip(s), %zu refused", why, io.messages,
		io.round_trips, nf);
	rc = (int)nf;
out:
	vgl_ipvs_batch_free(b);
	free(opv);
	vg_lvs_table_free(&dumped);
	vgl_ipvs_table_free(&kt);
	return rc;
}

/* ---- what this vigild owns, for --ipvs-diff in another process ------------------- */

/*
 * After an apply the kernel acked in full: the owned services' -A lines into
 * PIDFILE.ipvs (lvs_table.h), written again only when the set of services
 * changed (an unchanged reload writes nothing). Not fatal.
 */
static void owned_write(struct vgd_lvs *l, const struct vg_lvs_table *before)
{
	char path[4096], tmp[4100];
	char *text;
	FILE *f;

	if (!l->in_sync || !l->o || !l->o->pid_file)
		return;
	if (before && before->svc_count == l->gen->want.svc_count) {
		uint32_t i;

		for (i = 0; i < before->svc_count; i++)
			if (vg_lvs_svc_key_cmp(&before->svc[i].key, &l->gen->want.svc[i].key))
				break;
		if (i == before->svc_count)
			return;
	}
	vgd_lvs_owned_path(l->o->pid_file, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s~", path);
	text = vgd_lvs_owned_text(&l->gen->want);
	f = text ? fopen(tmp, "w") : NULL;
	if (!f || fputs(text, f) < 0 || fclose(f) || rename(tmp, path)) {
		vgd_log(LOG_WARNING, "IPVS: cannot write %s (what this vigild owns, for --ipvs-diff): %s", path,
			strerror(errno));
		if (f)
			unlink(tmp);
	}
	free(text);
}

static void owned_remove(struct vgd_lvs *l)
{
	char path[4096];

	if (!l->o || !l->o->pid_file)
		return;
	vgd_lvs_owned_path(l->o->pid_file, path, sizeof(path));
	unlink(path);
}

/* ---- the driver ----------------------------------------------------------------- */

static void syncd_set(struct vgd_lvs *l, int state);

/* keepalived runs modprobe ip_vs before its first IPVS call (check/ipwrapper.c); not fatal. */
static void modprobe_ip_vs(void)
{
	pid_t pid;
	int st;

	if (access("/proc/net/ip_vs", F_OK) == 0)
		return;
	pid = fork();
	if (pid == 0) {
		execl("/sbin/modprobe", "modprobe", "-s", "ip_vs", (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
}

static int lvs_open(void *self, struct vgl_loop *loop)
{
	struct vgd_lvs *l = self;
	char err[256];
	int rc;

	(void)loop;
	/* keepalived's VRRP process runs lvs_sync_daemon even without virtual servers */
	if (!l->gen->conf->virtual_servers.count && !l->gen->syncd.set)
		return 0;
	if (l->tried)
		return 0;
	l->tried = true;
	modprobe_ip_vs();
	rc = vgd_ipvs_open_conf(l->gen->conf, &l->sock, err, sizeof(err));
	if (rc) {
		l->sock = NULL;
		vgd_log(LOG_WARNING, "IPVS is unavailable (%s): %u virtual_server block(s) are not applied to the "
			"kernel; the rest of vigild keeps running", err, l->gen->conf->virtual_servers.count);
	}
	return 0;
}

static void log_checkers(const struct lvs_gen *g)
{
	struct vg_diags dg;
	uint32_t i;
	char buf[512];

	vg_diags_init(&dg);
	vgd_lvs_report_checkers(g->conf, &dg);
	for (i = 0; i < dg.count; i++) {
		vg_diag_format(&dg.items[i], buf, sizeof(buf));
		vgd_log(LOG_WARNING, "%s", buf);
	}
	vg_diags_free(&dg);
}

static void set_timeouts(struct vgd_lvs *l, const struct vg_conf *conf)
{
	const struct vg_conf_kv *kv = vg_conf_extra_find(conf->global.extra, "lvs_timeouts");
	struct vgl_ipvs_timeouts t = { 0 };
	struct vgl_ipvs_batch *b;
	struct vgl_ipvs_io io = { 0 };
	char err[256];
	uint32_t i;

	if (!kv || !l->sock)
		return;
	/* keepalived.conf(5): lvs_timeouts [tcp SECS] [tcpfin SECS] [udp SECS] */
	for (i = 0; i + 1 < kv->args.count; i += 2) {
		uint32_t v = (uint32_t)strtoul(kv->args.items[i + 1], NULL, 10);

		if (!strcmp(kv->args.items[i], "tcp"))
			t.tcp_s = v;
		else if (!strcmp(kv->args.items[i], "tcpfin"))
			t.tcp_fin_s = v;
		else if (!strcmp(kv->args.items[i], "udp"))
			t.udp_s = v;
	}
	vgd_log(LOG_INFO, "lvs_timeouts: tcp %u tcpfin %u udp %u (0: unchanged)", t.tcp_s, t.tcp_fin_s, t.udp_s);
	b = vgl_ipvs_batch_new(1);
	if (!b)
		return;
	{
		struct vgl_ipvs_tag tag = { .file = kv->loc.file, .line = kv->loc.line };

		if (!vgl_ipvs_batch_timeouts(b, &t, &tag) && !vgl_ipvs_run(l->sock, b, &io, err, sizeof(err))) {
			size_t nf;
			const struct vgl_ipvs_failure *f = vgl_ipvs_batch_failures(b, &nf);
			char line[512];

			if (nf)
				vgd_log(LOG_ERR, "%s", vgl_ipvs_batch_format(b, f, line, sizeof(line)));
		}
	}
	l->n.messages += io.messages;
	l->n.round_trips += io.round_trips;
	vgl_ipvs_batch_free(b);
}

static void lvs_start(void *self, vg_time now)
{
	struct vgd_lvs *l = self;

	(void)now;
	if (!l->gen->conf->virtual_servers.count)
		return;
	log_checkers(l->gen);
	set_timeouts(l, l->gen->conf);
	/* what a previous vigild (killed) left is adopted: services of the configuration are
	   reconciled in place; others are left alone unless lvs_flush */
	apply(l, &l->gen->want, NULL, l->gen->flush, NULL, &l->gen->map, &l->gen->map, "start");
	l->started = true;
	owned_write(l, NULL);
}

static int lvs_reload_prepare(void *self, const struct vg_conf *conf, struct vg_diags *dg)
{
	struct vgd_lvs *l = self;

	gen_free(l->next);
	l->next = gen_new(conf, dg);
	return l->next ? 0 : -1;
}

static void lvs_reload_commit(void *self, vg_time now)
{
	struct vgd_lvs *l = self;
	struct lvs_gen *old = l->gen;

	(void)now;
	if (!l->next)
		return;
	l->gen = l->next;
	l->next = NULL;
	if (!l->sock)
		lvs_open(l, NULL);
	if (l->gen->conf->virtual_servers.count && !l->started)
		log_checkers(l->gen);
	set_timeouts(l, l->gen->conf);
	/* a server the checkers keep down across the reload stays out (check_carry.c) */
	for (uint32_t i = 0; l->reload_state && i < l->gen->map.count; i++) {
		const struct vg_lvs_service *st = l->reload_state(l->reload_ctx, i);

		if (st && vgd_lvs_table_put(&l->gen->want, &l->gen->map, i, st))
			vgd_log(LOG_ERR, "IPVS reload: out of memory (checker states not applied)");
	}
	/*
	 * The old desired table is what vigild owns: a service the new file drops
	 * is deleted. When the kernel acked all of it, it is also the current
	 * table: the diff of the two models, no dump, so an unchanged file sends
	 * and reads nothing. lvs_flush acts at start only, as keepalived's
	 * (check_daemon.c: `if (!reload && global_data->lvs_flush)`).
	 */
	apply(l, &l->gen->want, &old->want, false, l->in_sync && l->started ? &old->want : NULL, &l->gen->map,
	      &old->map, "reload");
	l->started = true;
	owned_write(l, &old->want);
	gen_free(old);
}

static void lvs_reload_abort(void *self)
{
	struct vgd_lvs *l = self;

	gen_free(l->next);
	l->next = NULL;
}

static void lvs_dump(void *self, FILE *f)
{
	struct vgd_lvs *l = self;

	fprintf(f, "------< LVS >------\n");
	fprintf(f, " IPVS = %s\n", l->sock ? "open" : "unavailable");
	fprintf(f, " Virtual services configured = %u, real servers = %u\n", l->gen->want.svc_count,
		l->gen->want.dest_count);
	fprintf(f, " Applies = %llu\n", (unsigned long long)l->n.applies);
	fprintf(f, " IPVS messages = %llu\n", (unsigned long long)l->n.messages);
	fprintf(f, " IPVS round trips = %llu\n", (unsigned long long)l->n.round_trips);
	fprintf(f, " IPVS refused = %llu\n", (unsigned long long)l->n.failures);
	fprintf(f, " IPVS last apply messages = %llu\n", (unsigned long long)l->n.last_messages);
	fprintf(f, " IPVS last apply round trips = %llu\n", (unsigned long long)l->n.last_round_trips);
	fprintf(f, " IPVS dump round trips = %llu\n", (unsigned long long)l->n.dump_round_trips);
	fprintf(f, " IPVS dumps = %llu\n", (unsigned long long)l->n.dumps);
	fprintf(f, " IPVS last apply time us = %llu\n", (unsigned long long)l->n.last_apply_us);
	fprintf(f, " ha_suspend VIP changes = %llu\n", (unsigned long long)l->n.vip_events);
	fprintf(f, " IPVS messages for checker verdicts = %llu\n", (unsigned long long)l->n.verdict_edits);
	if (l->gen->syncd.set)
		fprintf(f, " Sync daemon configuration = %s %s id %u\n", l->gen->syncd.d.mcast_ifn,
			l->gen->syncd.instance, (unsigned)l->gen->syncd.d.syncid);
	fprintf(f, " Sync daemon = %s (changes %llu)\n",
		l->syncd_state == IP_VS_STATE_MASTER ? "master" : l->syncd_state == IP_VS_STATE_BACKUP ? "backup" : "none",
		(unsigned long long)l->n.syncd_changes);
}

static void lvs_child_exited(void *self, vg_time now)
{
	(void)self;
	(void)now;
}

/* keepalived removes the virtual servers it configured on shutdown; lvs_flush_on_stop flushes all. */
static int remove_ours(struct vgd_lvs *l, const char *why)
{
	struct vg_lvs_table empty;
	int rc;

	if (!l->sock)
		return 0;
	if (l->gen->flush_on_stop) {
		struct vgl_ipvs_batch *b = vgl_ipvs_batch_new(1);
		struct vgl_ipvs_io io = { 0 };
		char err[256];

		if (!b)
			return -1;
		rc = vgl_ipvs_batch_flush(b, NULL) || vgl_ipvs_run(l->sock, b, &io, err, sizeof(err)) ||
		     vgl_ipvs_batch_failed(b) ? -1 : 0;
		l->n.messages += io.messages;
		l->n.round_trips += io.round_trips;
		vgl_ipvs_batch_free(b);
		vgd_log(LOG_INFO, "IPVS %s: lvs_flush_on_stop: table flushed%s", why, rc ? " (failed)" : "");
		return rc;
	}
	if (vgd_lvs_table_empty(&empty))
		return -1;
	rc = apply(l, &empty, &l->gen->want, false, l->in_sync ? &l->gen->want : NULL, &l->gen->map, &l->gen->map,
		   why);
	vg_lvs_table_free(&empty);
	return rc;
}

static void lvs_stop(void *self, vg_time now)
{
	struct vgd_lvs *l = self;

	(void)now;
	syncd_set(l, 0);
	if (!l->started || l->o->dont_release_ipvs)
		return;
	remove_ours(l, "stop");
	owned_remove(l);
	l->started = false;
}

/* ---- the VRRP driver's hooks (daemon.c wires them) ---------------------------- */

/* One sync daemon change (IPVS_CMD_NEW_DAEMON / DEL_DAEMON) in its own batch. */
static void syncd_send(struct vgd_lvs *l, uint8_t cmd, int state)
{
	struct lvs_syncd *y = &l->gen->syncd;
	struct vgl_ipvs_batch *b = vgl_ipvs_batch_new(1);
	struct vgl_ipvs_daemon d = y->d;
	struct vgl_ipvs_io io = { 0 };
	char err[256], line[512];
	size_t nf = 0;

	if (!b)
		return;
	d.state = (uint32_t)state;
	if (!vgl_ipvs_batch_daemon(b, cmd, &d, &y->tag) && !vgl_ipvs_run(l->sock, b, &io, err, sizeof(err))) {
		const struct vgl_ipvs_failure *f = vgl_ipvs_batch_failures(b, &nf);

		if (nf)
			vgd_log(LOG_ERR, "%s", vgl_ipvs_batch_format(b, f, line, sizeof(line)));
	}
	l->n.messages += io.messages;
	l->n.round_trips += io.round_trips;
	l->n.syncd_changes++;
	vgd_log(LOG_INFO, "IPVS sync daemon: %s %s on %s (syncid %u)%s", cmd == IPVS_CMD_NEW_DAEMON ? "starting" : "stopping",
		state == IP_VS_STATE_MASTER ? "master" : "backup", d.mcast_ifn, d.syncid, nf ? " failed" : "");
	vgl_ipvs_batch_free(b);
}

/* Run the sync daemon as `state` (0: none): keepalived's ipvs_syncd_master / _backup / stop. */
static void syncd_set(struct vgd_lvs *l, int state)
{
	if (!l->sock || l->syncd_state == state)
		return;
	if (l->syncd_state)
		syncd_send(l, IPVS_CMD_DEL_DAEMON, l->syncd_state);
	l->syncd_state = 0;
	if (state) {
		syncd_send(l, IPVS_CMD_NEW_DAEMON, state);
		l->syncd_state = state;
	}
}

void vgd_lvs_vrrp_state(void *self, const char *instance, int state)
{
	struct vgd_lvs *l = self;

	if (!l || !l->gen->syncd.set || strcmp(instance, l->gen->syncd.instance))
		return;
	/* keepalived: a Master runs the master daemon, a Backup (and a Fault) the backup one */
	if (state == VG_STATE_MASTER)
		syncd_set(l, IP_VS_STATE_MASTER);
	else if (state == VG_STATE_BACKUP || state == VG_STATE_FAULT)
		syncd_set(l, IP_VS_STATE_BACKUP);
}

/*
 * ha_suspend: the service's checkers pause while its address is not on this
 * host (keepalived's ipwrapper.c; the table is left as it is). No checker
 * runs yet, so this records and logs the presence.
 */
void vgd_lvs_vip(void *self, const struct vg_addr *addr, bool present)
{
	struct vgd_lvs *l = self;
	struct lvs_gen *g;
	uint32_t i, k;
	char a[VG_ADDR_STRLEN];

	if (!l)
		return;
	g = l->gen;
	for (i = 0; i < g->map.count; i++) {
		const struct vg_lvs_conf_service *cs = &g->map.svc[i];

		if (!cs->cfg.ha_suspend || g->vip_present[i] == present)
			continue;
		for (k = cs->key_first; k < cs->key_first + cs->key_count; k++)
			if (g->map.keys[k].kind == VG_LVS_VS_ADDR && vg_addr_eq(&g->map.keys[k].addr, addr))
				break;
		if (k == cs->key_first + cs->key_count)
			continue;
		g->vip_present[i] = present;
		l->n.vip_events++;
		vgd_log(LOG_INFO, "ha_suspend: virtual server %s: address %s, its checkers %s",
			vg_addr_format(addr, a, sizeof(a)), present ? "present" : "gone",
			present ? "resume" : "pause");
	}
}

/* ---- metrics (metrics/metrics.h) ------------------------------------------------ */

/* The kernel's value of each destination; a field or, with a direction label, two. */
enum kfield { K_WEIGHT, K_CONNS, K_ACTIVE, K_INACTIVE, K_BYTES, K_PACKETS };

static uint64_t kvalue(const struct vgl_ipvs_dest *d, enum kfield f, bool in)
{
	switch (f) {
	case K_WEIGHT: return d->weight;
	case K_CONNS: return d->stats.conns;
	case K_ACTIVE: return d->active_conns;
	case K_INACTIVE: return d->inact_conns;
	case K_BYTES: return in ? d->stats.inbytes : d->stats.outbytes;
	case K_PACKETS: return in ? d->stats.inpkts : d->stats.outpkts;
	}
	return 0;
}

static void kernel_dest_metrics(struct vgd_expo *w, const struct vgl_ipvs_table *kt, const char *name,
				const char *help, enum vgd_expo_type type, enum kfield f)
{
	bool dir = f == K_BYTES || f == K_PACKETS;
	size_t i, j;
	int in;

	vgd_expo_family(w, name, type, help);
	for (i = 0; i < kt->nsvc; i++) {
		const struct vgl_ipvs_service *s = &kt->svc[i].svc;
		char vs[96], rs[96];

		vgd_metrics_svc_label(s->addr.family, s->protocol, &s->addr, s->port, s->fwmark, vs, sizeof(vs));
		for (j = kt->svc[i].dest_first; j < kt->svc[i].dest_first + kt->svc[i].dest_count; j++) {
			const struct vgl_ipvs_dest *d = &kt->dest[j];

			for (in = 1; in >= (dir ? 0 : 1); in--) {
				const struct vgd_label l[] = {
					{ "virtual_server", vs },
					{ "real_server", vgd_metrics_dest_label(&d->addr, d->port, rs, sizeof(rs)) },
					{ "direction", in ? "in" : "out" },
				};

				vgd_expo_u64(w, l, dir ? 3 : 2, kvalue(d, f, in));
			}
		}
	}
}

/*
 * The configured table (real servers up, weights), then the kernel's
 * counters, dumped at each scrape (one netlink dump: a few round trips per
 * thousand entries) so they are as fresh as the scrape.
 */
static void lvs_metrics(void *self, struct vgd_expo *w)
{
	struct vgd_lvs *l = self;
	const struct vg_lvs_table *t = &l->gen->all, *want = &l->gen->want;
	struct vgl_ipvs_table kt = { 0 };
	char err[256];
	bool dumped = false;
	uint32_t i;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		vgd_expo_family(w, pass ? "vigil_lvs_real_server_weight" : "vigil_lvs_real_server_up", VGD_EXPO_GAUGE,
				pass ? "A real server's weight in the table vigild programs."
				     : "A real server in the table vigild programs with a weight above 0 (1), or at "
				       "weight 0 (0).");
		for (i = 0; i < t->dest_count; i++) {
			const struct vg_lvs_tdest *d = &t->dest[i];
			const struct vg_lvs_svc_key *k = &t->svc[d->svc].key;
			char vs[96], rs[96];
			const struct vgd_label lb[] = {
				{ "virtual_server",
				  vgd_metrics_svc_label(k->family, k->protocol, &k->addr, k->port, k->fwmark, vs, sizeof(vs)) },
				{ "real_server", vgd_metrics_dest_label(&d->addr, d->port, rs, sizeof(rs)) },
			};
			/* a server out of the table (a checker removed it) keeps its series: 0 */
			const struct vg_lvs_tdest *wd = vgd_lvs_table_dest(want, vg_lvs_table_find(want, k), &d->addr, d->port);
			int32_t wt = wd && wd->weight > 0 ? wd->weight : 0;

			vgd_expo_u64(w, lb, 2, pass ? (uint64_t)wt : wt > 0);
		}
	}
	vgd_expo_family(w, "vigil_lvs_ipvs_available", VGD_EXPO_GAUGE,
			"Whether vigild reads the kernel's IPVS table (1) or not (0: no IPVS, or nothing configured).");
	if (l->sock && vgl_ipvs_dump(l->sock, &kt, NULL, err, sizeof(err)) == 0)
		dumped = true;
	vgd_expo_u64(w, NULL, 0, dumped);
	vgd_expo_family(w, "vigil_lvs_ipvs_messages_total", VGD_EXPO_COUNTER, "IPVS change requests sent.");
	vgd_expo_u64(w, NULL, 0, l->n.messages);
	vgd_expo_family(w, "vigil_lvs_ipvs_refused_total", VGD_EXPO_COUNTER, "IPVS change requests the kernel refused.");
	vgd_expo_u64(w, NULL, 0, l->n.failures);
	kernel_dest_metrics(w, &kt, "vigil_lvs_ipvs_weight", "A real server's weight in the kernel's table.",
			    VGD_EXPO_GAUGE, K_WEIGHT);
	kernel_dest_metrics(w, &kt, "vigil_lvs_ipvs_connections_total",
			    "Connections the kernel scheduled to a real server.", VGD_EXPO_COUNTER, K_CONNS);
	kernel_dest_metrics(w, &kt, "vigil_lvs_ipvs_active_connections", "A real server's active connections.",
			    VGD_EXPO_GAUGE, K_ACTIVE);
	kernel_dest_metrics(w, &kt, "vigil_lvs_ipvs_inactive_connections", "A real server's inactive connections.",
			    VGD_EXPO_GAUGE, K_INACTIVE);
	kernel_dest_metrics(w, &kt, "vigil_lvs_ipvs_bytes_total",
			    "Bytes from clients to a real server (in) and back (out).", VGD_EXPO_COUNTER, K_BYTES);
	kernel_dest_metrics(w, &kt, "vigil_lvs_ipvs_packets_total",
			    "Packets from clients to a real server (in) and back (out).", VGD_EXPO_COUNTER, K_PACKETS);
}

/* ---- vigil status ------------------------------------------------------------------ */

static bool same_service(const struct vg_lvs_svc_key *k, const struct vgl_ipvs_service *s)
{
	if (k->fwmark || s->fwmark)
		return k->fwmark == s->fwmark && k->family == s->addr.family;
	return k->protocol == s->protocol && k->port == s->port && vg_addr_eq(&k->addr, &s->addr);
}

static const struct vgl_ipvs_dest *find_dest(const struct vgl_ipvs_table *kt, size_t svc, const struct vg_lvs_tdest *d)
{
	size_t i;

	for (i = kt->svc[svc].dest_first; i < kt->svc[svc].dest_first + kt->svc[svc].dest_count; i++)
		if (kt->dest[i].port == d->port && vg_addr_eq(&kt->dest[i].addr, &d->addr))
			return &kt->dest[i];
	return NULL;
}

/*
 * The configuration's virtual and real servers (the desired table), each
 * with what the kernel's table holds for it now: presence, weight and the
 * IPVS counters (one dump per request). Without IPVS it says so.
 */
static void lvs_status(void *self, struct vgd_status *st)
{
	struct vgd_lvs *l = self;
	const struct vg_lvs_table *w = &l->gen->all, *want = &l->gen->want;
	struct vgl_ipvs_table kt = { 0 };
	struct vgl_ipvs_io io = { 0 };
	bool have = false;
	char err[256];
	uint32_t i, k;

	st->lvs_configured = w->svc_count > 0;
	st->ipvs_available = l->sock != NULL;
	if (!l->sock)
		snprintf(st->ipvs_note, sizeof(st->ipvs_note), "IPVS is unavailable on this kernel");
	else if (vgl_ipvs_dump(l->sock, &kt, &io, err, sizeof(err)))
		snprintf(st->ipvs_note, sizeof(st->ipvs_note), "reading the IPVS table: %.96s", err);
	else
		have = true;
	l->n.dump_round_trips += io.round_trips;
	for (i = 0; i < w->svc_count; i++) {
		const struct vg_lvs_tsvc *s = &w->svc[i];
		struct vgd_status_vs *v = vgd_status_add_vs(st);
		size_t ks = kt.nsvc;

		if (!v)
			break;
		{
			struct vg_addr fa = s->key.addr;

			fa.family = s->key.family; /* a fwmark service's family: "fwmark 7/ipv6" */
			vgd_status_service(&fa, s->key.port, s->key.protocol, s->key.fwmark, v->name, sizeof(v->name));
		}
		snprintf(v->sched, sizeof(v->sched), "%s", s->sched);
		for (ks = 0; have && ks < kt.nsvc && !same_service(&s->key, &kt.svc[ks].svc); ks++)
			;
		if (have && ks < kt.nsvc) {
			const struct vgl_ipvs_stats *c = &kt.svc[ks].svc.stats;

			v->in_kernel = true;
			snprintf(v->sched, sizeof(v->sched), "%s", kt.svc[ks].svc.sched_name);
			v->conns = c->conns;
			v->inpkts = c->inpkts;
			v->outpkts = c->outpkts;
			v->inbytes = c->inbytes;
			v->outbytes = c->outbytes;
		}
		for (k = s->dest_first; k < s->dest_first + s->dest_count; k++) {
			const struct vg_lvs_tdest *d = &w->dest[k];
			const struct vgl_ipvs_dest *kd = v->in_kernel ? find_dest(&kt, ks, d) : NULL;
			const struct vg_lvs_tdest *wd;
			struct vgd_status_rs *r = vgd_status_add_rs(st);

			if (!r)
				break;
			vgd_status_endpoint(&d->addr, d->port, r->name, sizeof(r->name));
			/* configured weight; out of the desired table (taken out): its row stays, out */
			r->weight = d->weight;
			wd = vgd_lvs_table_dest(want, vg_lvs_table_find(want, &s->key), &d->addr, d->port);
			if (!l->sock && wd) { /* no IPVS: in or out of the table vigild would program */
				r->weight = wd->weight;
				r->in = wd->weight > 0;
			}
			if (kd) {
				r->in_kernel = true;
				r->weight = (int32_t)kd->weight;
				r->in = kd->weight > 0;
				r->active_conns = kd->active_conns;
				r->inact_conns = kd->inact_conns;
				r->conns = kd->stats.conns;
				r->inbytes = kd->stats.inbytes;
				r->outbytes = kd->stats.outbytes;
			}
			/* the check fields stay empty here: a checker driver fills them (vgd_status_rs_find) */
		}
	}
	vgl_ipvs_table_free(&kt);
}

/* ---- the checker driver's hook (daemon.c wires it) ---------------------------- */

/*
 * Mapped service `svc` of the running configuration is now in state `st`:
 * its part of the desired table is rebuilt from that state, diffed against
 * the part as last applied (no kernel dump), and the difference is sent in
 * one batch; the desired table keeps the new part.
 */
int vgd_lvs_service_state(void *self, uint32_t svc, const struct vg_lvs_service *st)
{
	struct vgd_lvs *l = self;
	struct lvs_gen *g;
	const struct vg_lvs_conf_service *cs;
	struct vg_lvs_table part = { 0 }, old = { 0 };
	struct vg_lvs_op *opv = NULL;
	struct vg_lvs_ops ops;
	struct vgl_ipvs_batch *b = NULL;
	struct vgl_ipvs_io io = { 0 };
	char err[256];
	size_t cap;
	bool was_in_sync;
	int rc = -1;

	if (!l || !l->started)
		return -1;
	g = l->gen;
	if (svc >= g->map.count)
		return -1;
	cs = &g->map.svc[svc];
	if (vg_lvs_table_init(&part, cs->key_count, (uint32_t)cs->key_count * (cs->cfg.rs_count + 1u)) ||
	    vg_lvs_table_init(&old, cs->key_count, (uint32_t)cs->key_count * (cs->cfg.rs_count + 1u)))
		goto out;
	if (vg_lvs_table_put_service(&part, &g->map, cs, st) || vg_lvs_table_sort(&part) < 0)
		goto out;
	/* the part as applied: the desired table's entries for the same keys */
	for (uint32_t i = 0; i < part.svc_count; i++) {
		int64_t w = vg_lvs_table_find(&g->want, &part.svc[i].key);
		int idx;

		if (w < 0)
			continue;
		idx = vg_lvs_table_add_service(&old, &g->want.svc[w]);
		if (idx < 0)
			goto out;
		for (uint32_t d = g->want.svc[w].dest_first; d < g->want.svc[w].dest_first + g->want.svc[w].dest_count; d++) {
			struct vg_lvs_tdest td = g->want.dest[d];

			td.svc = (uint32_t)idx;
			if (vg_lvs_table_add_dest(&old, &td))
				goto out;
		}
	}
	if (vg_lvs_table_sort(&old) < 0)
		goto out;
	cap = (size_t)old.svc_count + old.dest_count + part.svc_count + part.dest_count + 1;
	opv = calloc(cap, sizeof(*opv));
	if (!opv)
		goto out;
	vg_lvs_ops_init(&ops, opv, cap);
	if (vg_lvs_table_diff(&old, &part, NULL, NULL, false, &ops) < 0 || ops.lost)
		goto out;
	if (vgd_lvs_table_replace(&g->want, &part))
		goto out;
	if (!ops.len) {
		rc = 0;
		goto out;
	}
	/* the desired table moved: it is the kernel's again only once every edit is acked */
	was_in_sync = l->in_sync;
	l->in_sync = false;
	if (!l->sock)
		goto out; /* no IPVS: not applied (the checker driver logs it once) */
	b = vgl_ipvs_batch_new(ops.len);
	if (!b || vgd_lvs_queue_ops(b, &old, &part, &ops, &g->map, &g->map) < 0)
		goto out;
	if (vgl_ipvs_run(l->sock, b, &io, err, sizeof(err)))
		vgd_log(LOG_ERR, "IPVS checker verdict: %s", err);
	l->n.messages += io.messages;
	l->n.round_trips += io.round_trips;
	l->n.verdict_edits += io.messages;
	{
		size_t nf = 0;
		const struct vgl_ipvs_failure *f = vgl_ipvs_batch_failures(b, &nf);
		char line[512];

		for (size_t i = 0; i < nf; i++)
			vgd_log(LOG_ERR, "%s", vgl_ipvs_batch_format(b, &f[i], line, sizeof(line)));
		nf = vgl_ipvs_batch_failed(b);
		l->n.failures += nf;
		rc = nf ? -1 : (int)io.messages;
		l->in_sync = was_in_sync && nf == 0 && io.messages == ops.len;
	}
out:
	vgl_ipvs_batch_free(b);
	free(opv);
	vg_lvs_table_free(&part);
	vg_lvs_table_free(&old);
	return rc;
}

static bool lvs_busy(void *self)
{
	(void)self;
	return false;
}

static void lvs_free(void *self)
{
	struct vgd_lvs *l = self;

	gen_free(l->gen);
	gen_free(l->next);
	if (l->sock)
		vgl_ipvs_close(l->sock);
	free(l);
}

static const struct vgd_driver_ops lvs_ops = {
	.name = "lvs",
	.open = lvs_open,
	.start = lvs_start,
	.reload_prepare = lvs_reload_prepare,
	.reload_commit = lvs_reload_commit,
	.reload_abort = lvs_reload_abort,
	.dump = lvs_dump,
	.status = lvs_status,
	.child_exited = lvs_child_exited,
	.stop = lvs_stop,
	.busy = lvs_busy,
	.free = lvs_free,
	.metrics = lvs_metrics,
};

struct vgd_driver vgd_lvs_new(const struct vgd_opts *o, const struct vg_conf *conf, struct vg_diags *dg)
{
	struct vgd_driver d = { .ops = &lvs_ops, .self = NULL };
	struct vgd_lvs *l = calloc(1, sizeof(*l));

	if (!l)
		return d;
	l->o = o;
	l->gen = gen_new(conf, dg);
	if (!l->gen) {
		free(l);
		return d;
	}
	d.self = l;
	return d;
}

void vgd_lvs_set_reload_states(struct vgd_driver *drv, const struct vg_lvs_service *(*state)(void *ctx, uint32_t svc),
			       void *ctx)
{
	struct vgd_lvs *l = drv->self;

	l->reload_state = state;
	l->reload_ctx = ctx;
}

int vgd_lvs_cleanup(struct vgd_driver *drv)
{
	struct vgd_lvs *l = drv->self;
	uint32_t before = l->gen->want.svc_count;

	lvs_open(l, NULL);
	if (!l->sock)
		return 0;
	owned_remove(l);
	return remove_ours(l, "--cleanup") < 0 ? -1 : (int)before;
}

/*
 * The owned table of a vigild running with pid file `pid_file` (0, out
 * initialised), or 1 when none runs or it left no file (out untouched).
 */
static int owned_read(const char *pid_file, struct vg_lvs_table *out)
{
	char path[4096], *text = NULL;
	long pid = pid_file ? vgd_pidfile_running(pid_file) : 0;
	size_t len = 0, cap = 0;
	uint32_t bad = 0;
	FILE *f;
	int rc;

	if (pid <= 0)
		return 1;
	vgd_lvs_owned_path(pid_file, path, sizeof(path));
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "vigild: --ipvs-diff: vigild runs (pid %ld) but %s is missing: services it owns "
			"that FILE drops are not listed\n", pid, path);
		return 1;
	}
	for (;;) {
		size_t n;

		if (len + 4096 + 1 > cap) {
			char *t = realloc(text, cap = 2 * cap + 8192);

			if (!t) {
				free(text);
				fclose(f);
				return 1;
			}
			text = t;
		}
		n = fread(text + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	fclose(f);
	text[len] = 0;
	rc = vgd_lvs_owned_parse(text, out, &bad);
	free(text);
	if (rc) {
		fprintf(stderr, "vigild: --ipvs-diff: %s:%u: not a service line\n", path, bad);
		vg_lvs_table_free(out);
		return 1;
	}
	fprintf(stderr, "vigild: --ipvs-diff: vigild runs (pid %ld): what a reload with FILE changes (%u services "
		"it owns, from %s)\n", pid, out->svc_count, path);
	return 0;
}

int vgd_lvs_print_diff(const struct vg_conf *conf, const char *pid_file, FILE *out)
{
	struct vg_diags dg;
	struct vg_lvs_table owned = { 0 };
	bool running;
	struct lvs_gen *g;
	struct vgl_ipvs *s = NULL;
	struct vgl_ipvs_table kt = { 0 };
	struct vg_lvs_table cur = { 0 };
	struct vg_lvs_op *opv = NULL;
	struct vg_lvs_ops ops;
	char err[256], *buf = NULL;
	int64_t need;
	size_t cap;
	int rc = 1;

	vg_diags_init(&dg);
	g = gen_new(conf, &dg);
	vgd_print_diags(&dg, stderr);
	vg_diags_free(&dg);
	if (!g)
		return 1;
	modprobe_ip_vs();
	if (vgd_ipvs_open_conf(conf, &s, err, sizeof(err)) || vgl_ipvs_dump(s, &kt, NULL, err, sizeof(err))) {
		fprintf(stderr, "vigild: --ipvs-diff: %s\n", err);
		goto out;
	}
	if (vgd_lvs_from_kernel(&kt, &cur))
		goto out;
	cap = (size_t)cur.svc_count + cur.dest_count + g->want.svc_count + g->want.dest_count + 1;
	opv = calloc(cap, sizeof(*opv));
	if (!opv)
		goto out;
	vg_lvs_ops_init(&ops, opv, cap);
	/*
	 * A vigild runs: what its reload with this file does; the services it owns
	 * (its file) that this file drops are deleted, no flush (lvs_flush acts at
	 * start only). None runs: what a start does: the file's services are
	 * reconciled, others left alone unless lvs_flush.
	 */
	running = owned_read(pid_file, &owned) == 0;
	if (vg_lvs_table_diff(&cur, &g->want, running ? vg_lvs_table_owns : NULL, running ? &owned : NULL,
			      running ? false : g->flush, &ops) < 0)
		goto out;
	need = vg_lvs_ipvsadm_ops(&cur, &g->want, &ops, NULL, 0);
	if (need < 0)
		goto out;
	buf = malloc((size_t)need + 1);
	if (!buf || vg_lvs_ipvsadm_ops(&cur, &g->want, &ops, buf, (size_t)need + 1) < 0)
		goto out;
	fputs(buf, out);
	rc = 0;
out:
	free(buf);
	free(opv);
	vg_lvs_table_free(&owned);
	vg_lvs_table_free(&cur);
	vgl_ipvs_table_free(&kt);
	if (s)
		vgl_ipvs_close(s);
	gen_free(g);
	return rc;
}

void vgd_lvs_report_checkers(const struct vg_conf *conf, struct vg_diags *dg)
{
	/* the checker driver runs the types it has a probe for; the others are reported */
	vgd_check_report_unrun(conf, dg);
}
