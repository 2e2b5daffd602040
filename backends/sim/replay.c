/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: a flight recording run through the simulator (see replay.h).
 */
#include "sim/replay.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "common/hmac.h"
#include "common/lvs_log.h"
#include "lvs/carry.h"
#include "lvs/from_conf.h"
#include "lvs/node.h"

/* The checker driver's core, rebuilt from the recorded configuration. */
struct vg_replay_lvs {
	uint32_t gen;
	struct vg_lvs_conf_map map;
	struct vg_lvs_service *svc;
	struct vg_lvs_node node;
	struct vg_action *v;
	struct vg_actions acts;
};

static void lvs_free(struct vg_replay_lvs *l)
{
	if (!l)
		return;
	vg_lvs_conf_map_free(&l->map);
	free(l->svc);
	free(l->v);
	free(l);
}

/* ---- the recorded files as a loader ---- */

static int rec_read(void *ctx, const char *path, char **data, size_t *len)
{
	const struct vg_replay_gen *g = ctx;
	struct vg_rec_file f;
	size_t pos = 0;
	size_t pl = strlen(path);

	while (vg_rec_conf_file(&g->rec, &pos, &f) == 1) {
		if (f.path_len != pl || memcmp(f.path, path, pl))
			continue;
		*data = malloc((size_t)f.len + 1);
		if (!*data)
			return -ENOMEM;
		memcpy(*data, f.data, f.len);
		(*data)[f.len] = '\0';
		*len = f.len;
		return 0;
	}
	return -ENOENT; /* not read by vigild: an include that matched nothing, or a file past the limit */
}

static int rec_glob(void *ctx, const char *pattern, char ***paths, size_t *count)
{
	const struct vg_replay_gen *g = ctx;
	struct vg_rec_file f;
	size_t pos = 0, n = 0;
	char **v = calloc(g->rec.u.conf.file_count + 1u, sizeof(*v));
	char name[4096];

	if (!v)
		return -ENOMEM;
	while (vg_rec_conf_file(&g->rec, &pos, &f) == 1) {
		if (f.path_len >= sizeof(name))
			continue;
		memcpy(name, f.path, f.path_len);
		name[f.path_len] = '\0';
		if (fnmatch(pattern, name, FNM_PATHNAME))
			continue;
		v[n] = strdup(name);
		if (!v[n])
			break;
		n++;
	}
	*paths = v;
	*count = n;
	return 0;
}

/* ---- loading ---- */

/* A DEFLATED CONF record (format 4): its files inflated into g->raw. 0, or -1 with err. */
static int inflate_gen(struct vg_replay_gen *g, long off, char *err, size_t errlen)
{
	uLongf n = g->rec.u.conf.raw_len;

	g->raw = malloc(n ? n : 1);
	if (!g->raw) {
		snprintf(err, errlen, "offset %ld: conf record: out of memory", off);
		return -1;
	}
	if (uncompress(g->raw, &n, g->rec.u.conf.files, (uLong)g->rec.u.conf.files_len) != Z_OK ||
	    n != g->rec.u.conf.raw_len) {
		snprintf(err, errlen, "offset %ld: conf record: bad conf.deflated (not a zlib stream of %u bytes)", off,
			 g->rec.u.conf.raw_len);
		return -1;
	}
	if (vg_rec_conf_inflated(&g->rec, g->raw, n)) {
		snprintf(err, errlen, "offset %ld: conf record: bad %s", off, g->rec.bad);
		return -1;
	}
	return 0;
}

static struct vg_replay_gen *find_gen(struct vg_replay *rp, uint32_t gen)
{
	for (uint32_t i = 0; i < rp->gen_count; i++)
		if (rp->gen[i].gen == gen)
			return &rp->gen[i];
	return NULL;
}

static int parse_gen(struct vg_replay_gen *g, struct vg_diags *diags, char *err, size_t errlen)
{
	struct vg_conf_options o = { &g->loader, g->config_id[0] ? g->config_id : NULL, 0, NULL };
	struct vg_rec_file main_file;
	char path[4096];
	size_t pos = 0;
	int rc;

	if (vg_rec_conf_file(&g->rec, &pos, &main_file) != 1 || main_file.path_len >= sizeof(path)) {
		snprintf(err, errlen, "generation %u: no configuration file", g->gen);
		return -1;
	}
	memcpy(path, main_file.path, main_file.path_len);
	path[main_file.path_len] = '\0';
	g->loader = (struct vg_conf_loader){ rec_read, rec_glob, g, NULL, NULL, NULL };
	o.loader = &g->loader;
	rc = vg_conf_parse(path, &o, &g->conf, diags);
	if (!g->conf || rc == VG_CONF_ERR_NOMEM || rc == VG_CONF_ERR_IO) {
		snprintf(err, errlen, "generation %u: cannot parse %s", g->gen, path);
		return -1;
	}
	return 0;
}

int vg_replay_load(struct vg_replay *rp, const uint8_t *buf, size_t len, struct vg_diags *diags, char *err,
		   size_t errlen)
{
	const char *bad;
	long off = vg_rec_header_decode(buf, len, &bad);
	bool first = true, lvs_seen = false;
	vg_time lvs_last = 0;

	memset(rp, 0, sizeof(*rp));
	rp->buf = buf;
	rp->len = len;
	if (off < 0) {
		snprintf(err, errlen, "not a flight recording (%s: %s)", bad,
			 off == VG_REC_ERR_VERSION ? "a version this vigil does not read" : "bad");
		return -1;
	}
	rp->events_at = (size_t)off;
	while ((size_t)off < len) {
		struct vg_rec r;
		long n = vg_rec_decode(buf + off, len - (size_t)off, &r);

		if (n < 0) {
			snprintf(err, errlen, "offset %ld: %s record: %s%s", off, vg_rec_type_name(r.type),
				 n == VG_REC_ERR_SHORT ? "cut short in " : "bad ", r.bad ? r.bad : "record");
			return -1;
		}
		switch (r.type) {
		case VG_REC_INFO:
			rp->lost = r.u.info.lost;
			rp->written_at = r.now;
			snprintf(rp->reason, sizeof(rp->reason), "%.*s", (int)r.u.info.reason_len, r.u.info.reason);
			break;
		case VG_REC_CONF: {
			struct vg_replay_gen *g;

			if (find_gen(rp, r.u.conf.gen) || rp->gen_count == VG_REPLAY_GENS_MAX) {
				snprintf(err, errlen, "offset %ld: conf record: generation %u twice, or too many", off,
					 r.u.conf.gen);
				return -1;
			}
			g = &rp->gen[rp->gen_count++];
			g->gen = r.u.conf.gen;
			g->rec = r;
			g->raw = NULL;
			if (r.u.conf.deflated && inflate_gen(g, off, err, errlen))
				return -1;
			snprintf(g->config_id, sizeof(g->config_id), "%.*s", (int)r.u.conf.config_id_len,
				 r.u.conf.config_id);
			break;
		}
		case VG_REC_EVENT:
		case VG_REC_RELOAD:
		case VG_REC_LVS: {
			uint32_t gen = r.type == VG_REC_EVENT ? r.u.event.gen
				       : r.type == VG_REC_LVS ? r.u.lvs.gen : r.u.reload.gen;

			if (!find_gen(rp, gen)) {
				snprintf(err, errlen, "offset %ld: %s record: generation %u has no configuration in the recording",
					 off, vg_rec_type_name(r.type), gen);
				return -1;
			}
			if (r.type != VG_REC_LVS && !first && r.now < rp->last) {
				snprintf(err, errlen, "offset %ld: %s record: time goes backwards", off,
					 vg_rec_type_name(r.type));
				return -1;
			}
			if (r.type == VG_REC_LVS) {
				/* the checker driver's own clock order (the two drivers interleave in the ring) */
				if (lvs_seen && r.now < lvs_last) {
					snprintf(err, errlen, "offset %ld: lvs record: time goes backwards", off);
					return -1;
				}
				lvs_seen = true;
				lvs_last = r.now;
				rp->lvs_records++;
				break;
			}
			if (first)
				rp->first = r.now;
			first = false;
			rp->last = r.now;
			if (r.type == VG_REC_EVENT)
				rp->events++;
			else
				rp->reloads++;
			break;
		}
		}
		off += n;
	}
	for (uint32_t i = 0; i < rp->gen_count; i++)
		if (parse_gen(&rp->gen[i], diags, err, errlen))
			return -1;
	return 0;
}

void vg_replay_free(struct vg_replay *rp)
{
	lvs_free(rp->lvs);
	lvs_free(rp->lvs_next);
	rp->lvs = NULL;
	rp->lvs_next = NULL;
	for (uint32_t i = 0; i < rp->gen_count; i++) {
		if (rp->gen[i].conf)
			vg_conf_free(rp->gen[i].conf);
		free(rp->gen[i].raw);
		rp->gen[i].raw = NULL;
	}
	rp->gen_count = 0;
}

/* ---- running ---- */

/* The generation of the first event or reload: the node starts with it. */
static uint32_t first_gen(const struct vg_replay *rp)
{
	size_t off = rp->events_at;

	while (off < rp->len) {
		struct vg_rec r;
		long n = vg_rec_decode(rp->buf + off, rp->len - off, &r);

		if (n <= 0)
			break;
		if (r.type == VG_REC_EVENT)
			return r.u.event.gen;
		if (r.type == VG_REC_RELOAD)
			return r.u.reload.gen;
		off += (size_t)n;
	}
	return rp->gen_count ? rp->gen[0].gen : 0;
}

int vg_replay_start(struct vg_replay *rp, struct vg_harness *h, char *err, size_t errlen)
{
	struct vg_replay_gen *g = find_gen(rp, first_gen(rp));
	struct vg_addr addr = { VG_AF_INET, { 192, 0, 2, 1 } };
	struct vg_diags scratch;
	int rc;

	if (!g) {
		snprintf(err, errlen, "the recording holds no configuration");
		return -1;
	}
	rp->current = (uint32_t)(g - rp->gen);
	vg_diags_init(&scratch);
	rc = vg_harness_add_conf(h, g->config_id[0] ? g->config_id : "node", &addr, g->conf, 0, &scratch);
	vg_diags_free(&scratch);
	if (rc != 0 && rc != -1) {
		snprintf(err, errlen, "generation %u: the simulator cannot build this node (%d)", g->gen, rc);
		return -1;
	}
	if (vg_harness_start(h, false, NULL, NULL)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	h->sim.now = rp->first;
	return 0;
}

/* A new LVS node for generation g. */
static struct vg_replay_lvs *lvs_build(struct vg_replay_gen *g, char *err, size_t errlen)
{
	struct vg_replay_lvs *l = calloc(1, sizeof(*l));
	struct vg_diags scratch;
	size_t emax;

	if (!l)
		goto nomem;
	l->gen = g->gen;
	vg_diags_init(&scratch);
	if (vg_lvs_from_conf(g->conf, &l->map, &scratch) == VG_LVS_ENOMEM) {
		vg_diags_free(&scratch);
		goto nomem;
	}
	vg_diags_free(&scratch);
	l->svc = vg_lvs_node_services_alloc(&l->map); /* sized by the configuration; free() */
	if (!l->svc)
		goto nomem;
	vg_lvs_node_init(&l->node, l->svc, &l->map);
	emax = vg_lvs_node_effects_max(&l->node);
	l->v = calloc(emax ? emax : 1, sizeof(*l->v));
	if (!l->v)
		goto nomem;
	vg_actions_init(&l->acts, l->v, emax ? emax : 1);
	return l;
nomem:
	lvs_free(l);
	snprintf(err, errlen, "out of memory building the LVS node of generation %u", g->gen);
	return NULL;
}

/*
 * The LVS node a record of generation g goes to. The running one if g is
 * its generation; else g's next node (built at its first record): a new
 * generation's tracked files are read before its START, so its FILE
 * records come first. The next node takes over at its START or CARRY, or
 * at any other input (a version 2 recording has no CARRY: its new
 * generation starts afresh).
 */
static struct vg_replay_lvs *lvs_node(struct vg_replay *rp, struct vg_replay_gen *g, char *err, size_t errlen)
{
	if (rp->lvs && rp->lvs->gen == g->gen)
		return rp->lvs;
	if (!rp->lvs_next || rp->lvs_next->gen != g->gen) {
		lvs_free(rp->lvs_next); /* a reload that did not commit */
		rp->lvs_next = lvs_build(g, err, errlen);
		if (!rp->lvs_next)
			return NULL;
	}
	return rp->lvs_next;
}

/* The next node runs from now on. */
static void lvs_promote(struct vg_replay *rp)
{
	lvs_free(rp->lvs);
	rp->lvs = rp->lvs_next;
	rp->lvs_next = NULL;
}

/* A CARRY record: START of l carried over from the running node, with the recorded pairing (lvs/carry.h). */
static int lvs_carry(struct vg_replay *rp, struct vg_replay_lvs *l, const struct vg_rec *r, size_t off, char *err,
		     size_t errlen)
{
	const struct vg_replay_lvs *old = rp->lvs && rp->lvs->gen == r->u.lvs.old_gen ? rp->lvs : NULL;
	uint32_t n = l->map.count, from;
	uint32_t *svc_from = calloc(n ? n : 1, sizeof(*svc_from));
	uint16_t **ck_from = calloc(n ? n : 1, sizeof(*ck_from));
	size_t pos = 0;
	uint32_t i = 0;
	uint16_t count;
	int rc = -1, got;

	if (!old) { /* the ring dropped the generation it carried from: start afresh */
		free(svc_from);
		free(ck_from);
		vg_lvs_node_input(&l->node, r->now, &r->u.lvs.ev, &l->acts);
		return 0;
	}
	if (!svc_from || !ck_from) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		svc_from[i] = VG_LVS_CARRY_NO_SVC;
		ck_from[i] = calloc(l->map.svc[i].cfg.checker_count + 1u, sizeof(**ck_from));
		if (!ck_from[i]) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
	}
	for (i = 0; (got = vg_rec_carry_service(r, &pos, &from, &count, i < n ? ck_from[i] : NULL,
						 i < n ? l->map.svc[i].cfg.checker_count : 0)) == 1; i++) {
		if (i >= n || (count && count != l->map.svc[i].cfg.checker_count) ||
		    (from != VG_LVS_CARRY_NO_SVC && from >= old->map.count)) {
			got = -1;
			break;
		}
		svc_from[i] = from;
		for (uint16_t k = 0; k < count; k++)
			if (ck_from[i][k] != VG_LVS_CARRY_NONE &&
			    (from == VG_LVS_CARRY_NO_SVC || ck_from[i][k] >= old->map.svc[from].cfg.checker_count))
				got = -1;
		for (uint16_t k = count; k < l->map.svc[i].cfg.checker_count; k++)
			ck_from[i][k] = VG_LVS_CARRY_NONE;
		if (got < 0)
			break;
	}
	if (got != 0 || i != n) {
		snprintf(err, errlen, "offset %zu: lvs record: a carry that does not fit generation %u's services", off,
			 l->gen);
		goto out;
	}
	vg_lvs_node_start_carry(&l->node, r->now, r->u.lvs.ev.u.start.seed, &old->node, svc_from,
				(const uint16_t *const *)ck_from, &l->acts);
	rc = 0;
out:
	for (i = 0; ck_from && i < n; i++)
		free(ck_from[i]);
	free(ck_from);
	free(svc_from);
	return rc;
}

/* The body facts vigild's driver computed, handed back as it hands them (common/body.h). */
struct lvs_body {
	bool matched;
	const uint8_t *md5;
};

static void body_md5(void *ctx, const uint8_t *data, size_t len, uint8_t out[16])
{
	const struct lvs_body *b = ctx;

	(void)data;
	(void)len;
	memcpy(out, b->md5, 16);
}

static bool body_regex(void *ctx, uint16_t service, uint16_t checker, uint8_t url, const uint8_t *body, size_t len)
{
	const struct lvs_body *b = ctx;

	(void)service;
	(void)checker;
	(void)url;
	(void)body;
	(void)len;
	return b->matched;
}

static int feed_lvs(struct vg_replay *rp, struct vg_rec *r, size_t off, char *err, size_t errlen)
{
	struct vg_replay_gen *g = find_gen(rp, r->u.lvs.gen);
	struct vg_replay_lvs *l;
	struct lvs_body body;
	struct vg_lvs_regex rx = { &body, body_regex };
	struct vg_lvs_md5 md = { &body, body_md5 };
	struct vg_lvs_event ev = r->u.lvs.ev;
	char line[512];

	if (!g || !(l = lvs_node(rp, g, err, errlen)))
		return -1;
	if (r->now < l->node.last_now) {
		snprintf(err, errlen, "offset %zu: lvs record: time goes backwards", off);
		return -1;
	}
	if (r->u.lvs.carry) {
		if (l != rp->lvs_next || lvs_carry(rp, l, r, off, err, errlen)) {
			if (l != rp->lvs_next)
				snprintf(err, errlen, "offset %zu: lvs record: a carry into the running generation %u",
					 off, l->gen);
			return -1;
		}
		lvs_promote(rp); /* vigild does not log the carried START's table edits either */
		for (size_t i = 0; rp->lvs_effect && i < l->acts.len; i++)
			rp->lvs_effect(rp->lvs_ctx, r->now, &l->map, &l->acts.v[i]);
		rp->lvs_fed++;
		vg_actions_clear(&l->acts);
		return 0;
	}
	if (l == rp->lvs_next && ev.kind != VG_LVS_EV_FILE)
		lvs_promote(rp);
	if (ev.kind == VG_LVS_EV_PROBE) {
		body.matched = r->u.lvs.regex_matched;
		body.md5 = r->u.lvs.md5;
		r->u.lvs.result.regex = &rx;
		ev.u.probe.result = &r->u.lvs.result;
		ev.u.probe.md5 = &md;
	}
	vg_lvs_node_input(&l->node, r->now, &ev, &l->acts);
	rp->lvs_fed++;
	for (size_t i = 0; rp->lvs_effect && i < l->acts.len; i++)
		rp->lvs_effect(rp->lvs_ctx, r->now, &l->map, &l->acts.v[i]);
	/* vigild does not log the table edits of START and SHUTDOWN (the install, the removal) */
	for (size_t i = 0; i < l->acts.len && ev.kind != VG_LVS_EV_START && ev.kind != VG_LVS_EV_SHUTDOWN; i++)
		if (rp->lvs_line && vgb_lvs_dest_line(line, sizeof(line), &l->map, &l->acts.v[i]))
			rp->lvs_line(rp->lvs_ctx, r->now, line);
	vg_actions_clear(&l->acts);
	return 0;
}

int vg_replay_run(struct vg_replay *rp, struct vg_harness *h, char *err, size_t errlen)
{
	size_t off = rp->events_at;
	bool first = true;

	while (off < rp->len) {
		struct vg_rec r;
		long n = vg_rec_decode(rp->buf + off, rp->len - off, &r);

		if (n <= 0)
			break;
		if (r.type == VG_REC_RELOAD) {
			struct vg_replay_gen *g = find_gen(rp, r.u.reload.gen);

			/* a recording that starts at a reload: that generation is already running */
			if (!(first && g == &rp->gen[rp->current])) {
				if (vg_sim_swap(&h->sim, 0, r.now, g->conf, rp->started)) {
					snprintf(err, errlen, "offset %zu: generation %u: the simulator cannot build it", off,
						 g->gen);
					return -1;
				}
				rp->current = (uint32_t)(g - rp->gen);
			}
			rp->started = false;
		} else if (r.type == VG_REC_EVENT) {
			enum vg_vrrp_drop why = VG_DROP_NONE;

			if (rp->gen[rp->current].gen != r.u.event.gen) {
				snprintf(err, errlen, "offset %zu: an event of generation %u while %u runs", off,
					 r.u.event.gen, rp->gen[rp->current].gen);
				return -1;
			}
			if (r.u.event.ev.kind == VG_EV_PACKET && r.u.event.ev.u.packet.meta.ah)
				r.u.event.ev.u.packet.meta.hmac = &vgb_hmac_md5_provider; /* auth_type AH, as vigild */
			vg_sim_feed(&h->sim, 0, r.now, &r.u.event.ev,
				    r.u.event.target == VG_REC_ROUTER ? -1 : (int)r.u.event.target, &why);
			if (r.u.event.ev.kind == VG_EV_STARTUP && r.u.event.target == VG_REC_ROUTER)
				rp->started = true;
			rp->fed++;
			rp->dropped += r.u.event.ev.kind == VG_EV_PACKET && why != VG_DROP_NONE;
		}
		if (r.type == VG_REC_LVS && feed_lvs(rp, &r, off, err, errlen))
			return -1;
		if (r.type == VG_REC_LVS && r.u.lvs.ev.kind == VG_LVS_EV_PROBE && !r.u.lvs.carry) {
			size_t pos = 0; /* format 6: one wake-up's further results, in order */

			while (vg_rec_probe_next(&r, &pos) == 1)
				if (feed_lvs(rp, &r, off, err, errlen))
					return -1;
		}
		if (r.type == VG_REC_EVENT || r.type == VG_REC_RELOAD)
			first = false;
		off += (size_t)n;
	}
	return 0;
}
