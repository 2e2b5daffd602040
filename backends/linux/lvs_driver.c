/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the LVS driver (lvs_driver.h): open, start, reload, dump, stop, --cleanup, --ipvs-diff.
 */
#include "lvs_driver.h"
#include "lvs_driver_int.h"
#include "lvs_netns.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check_driver.h"
#include "log.h"
#include "pidfile.h"
#include "lvs/ipvsadm_fmt.h"
#include "lvs/table_from_conf.h"
#include "lvs_table.h"
#include "reload.h"

/* ---- generations ------------------------------------------------------------ */

static void gen_free(struct lvs_gen *g)
{
	if (!g)
		return;
	vgd_lvs_map_unref(g->shared);
	vg_lvs_table_free(&g->want);
	free(g->vip_present);
	free(g);
}

static struct lvs_gen *gen_new(const struct vg_conf *conf, struct vg_diags *dg)
{
	struct lvs_gen *g = calloc(1, sizeof(*g));
	const struct vg_conf_kv *kv;
	int rc;

	if (!g)
		return NULL;
	g->conf = conf;
	g->shared = vgd_lvs_map_new(conf, dg); /* the checker driver takes it too (vgd_lvs_shared_map) */
	if (!g->shared) {
		gen_free(g);
		return NULL;
	}
	g->map = &g->shared->map;
	rc = vg_lvs_table_from_conf(g->map, &g->want, dg);
	if (rc == VG_LVS_ENOMEM) {
		gen_free(g);
		return NULL;
	}
	if (!g->want.sorted && vgd_lvs_table_empty(&g->want)) {
		gen_free(g);
		return NULL;
	}
	g->vip_present = calloc(g->map->count ? g->map->count : 1, sizeof(*g->vip_present));
	if (!g->vip_present) {
		gen_free(g);
		return NULL;
	}
	vgd_lvs_syncd_parse(&g->syncd, conf, dg);
	g->flush = conf->global.lvs_flush;
	/* keepalived.conf(5): lvs_flush_on_stop [VS]; VS is vigild's plain stop (lvs_table.h) */
	kv = vg_conf_extra_find(conf->global.extra, "lvs_flush_on_stop");
	g->flush_on_stop = vgd_lvs_flush_on_stop(kv, dg) == VGD_LVS_STOP_FLUSH;
	return g;
}

struct vgd_lvs_map *vgd_lvs_shared_map(void *self, const struct vg_conf *conf)
{
	struct vgd_lvs *l = self;

	/* both trees are alive while their generations are: never a freed tree's reused address */
	if (l->next && l->next->conf == conf)
		return vgd_lvs_map_ref(l->next->shared);
	if (l->gen && l->gen->conf == conf)
		return vgd_lvs_map_ref(l->gen->shared);
	return NULL;
}

int vgd_lvs_release_tree(struct vgd_driver *drv)
{
	struct vgd_lvs *l = drv->self;

	if (!l || l->next || !l->gen)
		return -1;
	return vgd_lvs_map_drop_tree(l->gen->shared);
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
	apply(l, &l->gen->want, NULL, l->gen->flush, NULL, l->gen->map, l->gen->map, "start");
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
	for (uint32_t i = 0; l->reload_state && i < l->gen->map->count; i++) {
		const struct vg_lvs_service *st = l->reload_state(l->reload_ctx, i);

		if (st && vgd_lvs_table_put(&l->gen->want, l->gen->map, i, st))
			vgd_log(LOG_ERR, "IPVS reload: out of memory (checker states not applied)");
	}
	/*
	 * The old desired table is what vigild owns: a service the new file drops
	 * is deleted. When the kernel acked all of it, it is also the current
	 * table: the diff of the two models, no dump, so an unchanged file sends
	 * and reads nothing. lvs_flush acts at start only, as keepalived's
	 * (check_daemon.c: `if (!reload && global_data->lvs_flush)`).
	 */
	apply(l, &l->gen->want, &old->want, false, l->in_sync && l->started ? &old->want : NULL, l->gen->map,
	      old->map, "reload");
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
	rc = apply(l, &empty, &l->gen->want, false, l->in_sync ? &l->gen->want : NULL, l->gen->map, l->gen->map,
		   why);
	vg_lvs_table_free(&empty);
	return rc;
}

static void lvs_stop(void *self, vg_time now)
{
	struct vgd_lvs *l = self;

	(void)now;
	vgd_lvs_syncd_set(l, 0);
	if (!l->started || l->o->dont_release_ipvs)
		return;
	remove_ours(l, "stop");
	owned_remove(l);
	l->started = false;
}

/* ---- the VRRP driver's hooks (daemon.c wires them) ---------------------------- */

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
	for (i = 0; i < g->map->count; i++) {
		const struct vg_lvs_conf_service *cs = &g->map->svc[i];

		if (!cs->cfg.ha_suspend || g->vip_present[i] == present)
			continue;
		for (k = cs->key_first; k < cs->key_first + cs->key_count; k++)
			if (g->map->keys[k].kind == VG_LVS_VS_ADDR && vg_addr_eq(&g->map->keys[k].addr, addr))
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
	.dump = vgd_lvs_dump,
	.status = vgd_lvs_status,
	.child_exited = lvs_child_exited,
	.stop = lvs_stop,
	.busy = lvs_busy,
	.free = lvs_free,
	.metrics = vgd_lvs_metrics,
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
