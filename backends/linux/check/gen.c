/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the checker driver's generation: one configuration's services, probe targets, scripts, FIFOs.
 *
 * Built once per configuration (start, reload prepare): the core LVS node
 * over vg_lvs_from_conf's map, one probe target per distinct sharing key
 * (share.h: equal (checker, url)s get the same target), the notify and
 * quorum scripts prepared with the script runner's command preparation
 * (script/cmd.h: users, script security, PATH looked up once), the
 * lvs_notify_fifo / notify_fifo descriptors, and the names keepalived's
 * log lines use for each virtual and real server.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_int.h"
#include "common/lvs_log.h"
#include "log.h"
#include "probe_file.h"
#include "script/spawn.h"

/* ---- small helpers ---------------------------------------------------------- */

/* keepalived's inet_sockaddrtotrio: "[addr]:proto:port". */
void chk_fmt_trio(char *buf, size_t n, const struct vg_addr *a, uint8_t proto, uint16_t port)
{
	vgb_lvs_fmt_trio(buf, n, a, proto, port);
}

/* keepalived's format_vs. */
static void chk_fmt_vs(char *buf, size_t n, const struct vg_conf_virtual_server *vs, uint8_t proto)
{
	if (vs->kind == VG_CONF_VS_GROUP)
		snprintf(buf, n, "[%s]:%u", vs->group ? vs->group : "?", vs->port);
	else if (vs->kind == VG_CONF_VS_FWMARK)
		snprintf(buf, n, "FWM %u", vs->fwmark);
	else
		chk_fmt_trio(buf, n, &vs->addr, proto, vs->port);
}

static void chk_addr_to_sa(const struct vg_addr *a, uint16_t port, union vgc_sa *ss, uint8_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == VG_AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		memcpy(&s6->sin6_addr, a->bytes, 16);
		*len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		memcpy(&s4->sin_addr, a->bytes, 4);
		*len = sizeof(*s4);
	}
}

struct chk_rs *chk_rs_stat(struct chk_gen *g, uint32_t svc, uint16_t rs)
{
	return &g->stat[g->stat_first[svc] + rs];
}

void chk_rs_where(const struct chk_gen *g, uint32_t i, uint32_t *svc, uint16_t *rs)
{
	uint32_t lo = 0, hi = g->map->count; /* the last service whose first record is <= i */

	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (g->stat_first[mid] <= i)
			lo = mid;
		else
			hi = mid;
	}
	*svc = lo;
	*rs = (uint16_t)(i - g->stat_first[lo]);
}

const char *chk_rs_name(const struct chk_gen *g, uint32_t svc, uint16_t rs, char *buf, size_t n)
{
	const struct vg_lvs_service_config *cfg = &g->map->svc[svc].cfg;

	chk_fmt_trio(buf, n, &cfg->rs[rs].addr, cfg->protocol, cfg->rs[rs].port);
	return buf;
}

/*
 * The failure reasons, kept only for the servers that have one (a failing
 * server is the exception: 8 bytes a server otherwise): open addressing
 * on the status index, linear probing, deletion by shifting back.
 */
static uint32_t why_home(const struct chk_gen *g, uint32_t i)
{
	return (i * 2654435761u) & (g->why_cap - 1);
}

/* The slot of status record i, or of the empty slot where it would go. */
static uint32_t why_find(const struct chk_gen *g, uint32_t i)
{
	uint32_t h = why_home(g, i);

	while (g->why[h].why && g->why[h].rs != i)
		h = (h + 1) & (g->why_cap - 1);
	return h;
}

const char *chk_rs_why_of(const struct chk_gen *g, uint32_t i)
{
	return g->why_cap ? g->why[why_find(g, i)].why : NULL;
}

static int why_grow(struct chk_gen *g)
{
	uint32_t oc = g->why_cap, nc = oc ? 2 * oc : 64;
	struct chk_why *old = g->why, *nw = calloc(nc, sizeof(*nw));

	if (!nw)
		return -1;
	g->why = nw;
	g->why_cap = nc;
	for (uint32_t k = 0; k < oc; k++)
		if (old[k].why)
			g->why[why_find(g, old[k].rs)] = old[k];
	free(old);
	return 0;
}

void chk_rs_why(struct chk_gen *g, uint32_t i, const char *why)
{
	uint32_t h, j;
	char *w;

	if (!why || !*why) {
		if (!g->why_cap || !g->why[h = why_find(g, i)].why)
			return;
		free(g->why[h].why);
		g->why[h].why = NULL;
		g->why_n--;
		/* shift back the entries of the run after it that could sit earlier */
		for (j = (h + 1) & (g->why_cap - 1); g->why[j].why; j = (j + 1) & (g->why_cap - 1)) {
			uint32_t k = why_home(g, g->why[j].rs);

			if (((j - k) & (g->why_cap - 1)) >= ((j - h) & (g->why_cap - 1))) {
				g->why[h] = g->why[j];
				g->why[j].why = NULL;
				h = j;
			}
		}
		return;
	}
	if (g->why_cap && g->why[h = why_find(g, i)].why) {
		if (strcmp(g->why[h].why, why) && (w = strdup(why))) { /* out of memory: the older reason stays */
			free(g->why[h].why);
			g->why[h].why = w;
		}
		return;
	}
	if ((g->why_n + 1) * 2 > g->why_cap && why_grow(g))
		return;
	if (!(w = strdup(why)))
		return;
	h = why_find(g, i);
	g->why[h].rs = i;
	g->why[h].why = w;
	g->why_n++;
}

/* ---- scripts and the FIFOs ----------------------------------------------------- */

static void runner_log(void *ctx, int prio, const char *msg)
{
	(void)ctx;
	vgd_log(prio, "%s", msg);
}

static const struct vgl_runner_cb script_cb = { .ctx = NULL, .log = runner_log };

static struct vgl_cmd *script_prepare(struct chk_gen *g, const struct vg_conf_script *s, const char *what)
{
	struct vgl_cmd *c;

	if (!s || !s->cmd)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	if (vgl_cmd_prepare(c, &g->env, what, s->cmd, s->argv.items, s->argv.count,
			    s->user, s->group) < 0) {
		free(c);
		return NULL;
	}
	return c;
}

/*
 * Room for one more element of `size` bytes in arr (n used, *cap allocated; doubling, from 16):
 * the generation's lists of scripts, parameters and bind records. The array (moved or not), or
 * NULL out of memory (arr unchanged).
 */
static void *room(void *arr, uint32_t n, uint32_t *cap, size_t size)
{
	void *na;
	uint32_t nc;

	if (n < *cap)
		return arr;
	nc = *cap ? 2 * *cap : 16;
	na = realloc(arr, nc * size);
	if (na)
		*cap = nc;
	return na;
}

/* Prepare s into *slot and keep it in g->scripts (to free). 0, or -1 out of memory (nothing kept). */
static int script_keep(struct chk_gen *g, const struct vg_conf_script *s, const char *what, struct vgl_cmd **slot)
{
	struct vgl_cmd **ns = room(g->scripts, g->nscripts, &g->cap_scripts, sizeof(*ns));

	if (!ns)
		return -1;
	g->scripts = ns;
	*slot = script_prepare(g, s, what);
	if (*slot)
		g->scripts[g->nscripts++] = *slot;
	return 0;
}

/*
 * Real server r of service i's notify_up (up) or notify_down script s, if any. The per-server
 * array is made for a virtual server with such a script only (16 bytes a server otherwise).
 * 0, or -1 out of memory.
 */
static int rs_script(struct chk_gen *g, uint32_t i, uint16_t r, bool up, const struct vg_conf_script *s,
		     const char *rsn)
{
	struct vgl_cmd ***arr = up ? g->rs_up : g->rs_down;
	char what[CHK_RS_NAME_MAX + 32];

	if (!s)
		return 0;
	if (!arr[i] && !(arr[i] = calloc((size_t)g->map->svc[i].cfg.rs_count + 1, sizeof(*arr[i]))))
		return -1;
	snprintf(what, sizeof(what), "%s of %s", up ? "notify_up" : "notify_down", rsn);
	return script_keep(g, s, what, &arr[i][r]);
}

static void script_free(struct vgl_cmd *c)
{
	if (!c)
		return;
	vgl_cmd_free(c);
	free(c);
}

void chk_script_run(struct vgc_check *c, struct vgl_cmd *cmd)
{
	pid_t pid;

	if (!cmd || !cmd->enabled)
		return;
	pid = vgl_spawn(cmd, NULL, 0);
	if (pid < 0) {
		vgd_log(LOG_ERR, "%s: cannot start: %s", cmd->what, strerror(errno));
		return;
	}
	c->n.notifies++;
	if (c->nchildren < CHK_CHILDREN_MAX)
		c->children[c->nchildren++] = pid;
	else
		c->children_lost++; /* reaped by nobody: counted */
}

static int fifo_open(const char *path)
{
	struct stat st;
	int fd;

	if (stat(path, &st) < 0) {
		if (errno != ENOENT || mkfifo(path, 0600) < 0) {
			vgd_log(LOG_ERR, "notify fifo '%s': %s - not written", path, strerror(errno));
			return -1;
		}
	} else if (!S_ISFIFO(st.st_mode)) {
		vgd_log(LOG_ERR, "notify fifo '%s' exists and is not a FIFO - not written", path);
		return -1;
	}
	/* read-write: opening never fails for want of a reader, and writes never block (O_NONBLOCK) */
	fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		vgd_log(LOG_ERR, "notify fifo '%s': %s - not written", path, strerror(errno));
	return fd;
}

void chk_fifo_line(struct chk_gen *g, const char *fmt, ...)
{
	char line[320];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	for (int i = 0; i < 2; i++)
		if (g->fifo[i] >= 0 && write(g->fifo[i], line, (size_t)n) != n)
			g->fifo_dropped++;
}

/* ---- generations ---------------------------------------------------------------- */

void chk_gen_free(struct chk_gen *g)
{
	if (!g)
		return;
	chk_carry_free(g);
	for (uint32_t i = 0; i < g->nparams; i++) {
		const struct vgc_probe_ops *ops = vgc_probe_ops_for(g->params[i].type);

		if (ops && ops->params_free && g->params[i].p)
			ops->params_free(g->params[i].p);
	}
	free(g->targets);
	free(g->bytes);
	free(g->params);
	for (uint32_t i = 0; i < g->nbinds; i++)
		free(g->binds[i]);
	free(g->binds);
	for (uint32_t i = 0; i < g->map->count; i++) {
		free(g->tgt ? g->tgt[i] : NULL);
		free(g->ck ? g->ck[i] : NULL);
		free(g->dur ? g->dur[i] : NULL);
		free(g->rs_up ? g->rs_up[i] : NULL); /* the arrays; their commands are g->scripts' */
		free(g->rs_down ? g->rs_down[i] : NULL);
	}
	free(g->tgt);
	free(g->ck);
	free(g->dur);
	free(g->ndur);
	free(g->url_path);
	free(g->url_off);
	for (uint32_t i = 0; i < g->nscripts; i++)
		script_free(g->scripts[i]);
	free(g->scripts);
	free(g->rs_up);
	free(g->rs_down);
	free(g->q_up);
	free(g->q_down);
	for (uint32_t i = 0; i < g->why_cap; i++)
		free(g->why[i].why);
	free(g->why);
	free(g->stat);
	free(g->stat_first);
	free(g->vsname);
	free(g->dirty);
	free(g->dirty_list);
	if (g->acts_v)
		munmap(g->acts_v, g->acts_bytes);
	free(g->svc);
	for (int i = 0; i < 2; i++)
		if (g->fifo[i] >= 0)
			close(g->fifo[i]);
	vgc_tls_free(g->tls);
	vgc_files_free(g->files);
	vgl_cmd_env_free(&g->env);
	vgd_lvs_map_unref(g->shared);
	free(g);
}

uint32_t chk_tgt_slot(const struct vg_lvs_service_config *cfg, uint16_t ck, uint8_t url)
{
	const struct vg_lvs_checker_config *k = &cfg->checker[ck];

	/* the first url's target in the checker's own slot: checkers of one url share the url's place
	   (core/lvs/from_conf.c url1_share), a checker of more urls has its own places */
	if (url && (k->type == VG_LVS_CHECK_HTTP || k->type == VG_LVS_CHECK_SSL))
		return cfg->checker_count + k->url_first + url;
	return ck;
}

/* The common options of checker `ck` of real server `rs` (keepalived.conf(5) checker options). */
static void opts_of(struct vgc_probe_opts *o, struct vgc_probe_bind *b, const struct vg_lvs_service_config *cfg,
		    const struct vg_lvs_checker_config *k, const struct vg_conf_real_server *rs,
		    const struct vg_conf_checker *ck)
{
	const struct vg_conf_check_conn *cn = ck ? ck->conn : NULL;
	struct vg_addr dst = rs ? rs->addr : cfg->rs[k->rs].addr;
	uint16_t port = ck && ck->connect_port ? ck->connect_port : cfg->rs[k->rs].port;

	memset(o, 0, sizeof(*o));
	memset(b, 0, sizeof(*b));
	o->type = k->type;
	o->proto = cfg->protocol;
	if (cn && cn->connect_ip.family != VG_AF_NONE)
		dst = cn->connect_ip;
	o->dst = dst;
	o->port = port;
	if (cn && (cn->bindto.family != VG_AF_NONE || cn->bind_port)) {
		struct vg_addr any = { .family = dst.family };

		chk_addr_to_sa(cn->bindto.family != VG_AF_NONE ? &cn->bindto : &any, cn->bind_port, &b->src, &b->src_len);
	}
	if (cn && cn->bind_if)
		snprintf(b->bind_if, sizeof(b->bind_if), "%s", cn->bind_if);
	b->fwmark = cn ? cn->fwmark : 0;
	o->bind = vgc_probe_bind_any(b) ? b : NULL; /* the caller's until the target keeps it (bind_keep) */
}

/* A new target's bind record, held by the generation: the previous one when equal (checkers
   written alike come one after another), else a copy. NULL: no memory. */
static const struct vgc_probe_bind *bind_keep(struct chk_gen *g, const struct vgc_probe_bind *b)
{
	struct vgc_probe_bind *c, **nb;

	if (g->nbinds && memcmp(g->binds[g->nbinds - 1], b, sizeof(*b)) == 0)
		return g->binds[g->nbinds - 1];
	nb = room(g->binds, g->nbinds, &g->cap_binds, sizeof(*nb));
	if (!nb)
		return NULL;
	g->binds = nb;
	c = malloc(sizeof(*c));
	if (!c)
		return NULL;
	*c = *b;
	g->binds[g->nbinds++] = c;
	return c;
}

/* Service i's duration histograms: one per checker type it has; each checker's chk_ck.dur names its own. */
static int dur_plan(struct chk_gen *g, uint32_t i)
{
	const struct vg_lvs_service_config *cfg = &g->map->svc[i].cfg;
	struct chk_dur l[VG_LVS_CHECK__COUNT];
	uint8_t n = 0;

	for (uint16_t k = 0; k < cfg->checker_count; k++) {
		uint8_t j = 0;

		while (j < n && l[j].type != cfg->checker[k].type)
			j++;
		if (j == n) {
			memset(&l[n], 0, sizeof(l[n]));
			l[n++].type = cfg->checker[k].type;
		}
		g->ck[i][k].dur = j;
	}
	g->ndur[i] = n;
	g->dur[i] = n ? malloc(n * sizeof(*l)) : NULL;
	if (n && !g->dur[i])
		return -1;
	if (n)
		memcpy(g->dur[i], l, n * sizeof(*l));
	return 0;
}

/* Append n bytes to the generation's byte pool (keys' type parts, url paths): their offset, or -1. */
static int64_t bytes_add(struct chk_gen *g, const void *b, size_t n)
{
	if (g->bytes_len + n > UINT32_MAX)
		return -1;
	if (g->bytes_len + n > g->bytes_cap) { /* (given back at the end of the build) */
		size_t nc = g->bytes_cap ? g->bytes_cap * 2 : 4096;
		uint8_t *nb;

		while (nc < g->bytes_len + n)
			nc *= 2;
		nb = realloc(g->bytes, nc);
		if (!nb)
			return -1;
		g->bytes = nb;
		g->bytes_cap = nc;
	}
	memcpy(g->bytes + g->bytes_len, b, n);
	g->bytes_len += n;
	return (int64_t)(g->bytes_len - n);
}

/* What the generation's build keeps aside: equal keys (targets), equal shared parameters. */
struct chk_build {
	struct vgc_keytab targets;
	struct vgc_keytab params;     /* (type, the type's key bytes) of a params_shared type */
	uint32_t *pmap;               /* its index -> the generation's params index + 1 */
	uint32_t npmap, cap_pmap;
	struct vgc_keytab paths;      /* the urls' paths */
	uint32_t *path_off;           /* its index -> the path's offset in g->bytes */
	uint32_t npath, cap_path;
};

static void build_free(struct chk_build *b)
{
	vgc_keytab_free(&b->targets);
	vgc_keytab_free(&b->params);
	free(b->pmap);
	vgc_keytab_free(&b->paths);
	free(b->path_off);
}

/*
 * The index of bytes a (na) then b (nb) in t: an equal one's, or a new one
 * (*fresh). -1: out of memory; -2: too long for a key (not interned).
 */
static int64_t intern_bytes(struct vgc_keytab *t, const void *a, size_t na, const void *b, size_t nb, bool *fresh)
{
	struct vgc_key *k = malloc(sizeof(*k));
	int64_t i;

	*fresh = true;
	if (!k)
		return -1;
	k->len = 0;
	k->overflow = false;
	vgc_key_put(k, a, na);
	vgc_key_put(k, b, nb);
	i = k->overflow ? -2 : vgc_keytab_intern(t, k, fresh);
	free(k);
	return i;
}

/* Url ix's path, copied out of the tree once for every url with the same one (the logs read it). 0 / -1. */
static int path_keep(struct chk_gen *g, struct chk_build *b, const char *path, uint32_t ix)
{
	bool fresh;
	int64_t pi = intern_bytes(&b->paths, path, strlen(path) + 1, NULL, 0, &fresh), off;

	if (pi == -1)
		return -1;
	if (!fresh) {
		g->url_path[ix] = b->path_off[pi] + 1;
		return 0;
	}
	if ((off = bytes_add(g, path, strlen(path) + 1)) < 0 || off >= UINT32_MAX)
		return -1;
	if (pi >= 0) { /* (a path too long for a key is kept on its own) */
		uint32_t *o = room(b->path_off, b->npath, &b->cap_path, sizeof(*o));

		if (!o)
			return -1;
		b->path_off = o;
		b->path_off[b->npath++] = (uint32_t)off;
	}
	g->url_path[ix] = (uint32_t)off + 1;
	return 0;
}

/*
 * Keep what prepare made for a new target (params, the key's bytes from
 * `base` on): *ix its place + 1 in g->params, 0 when there is nothing.
 * Shared parameters equal to kept ones are freed and those used. 0 / -1.
 */
static int params_keep(struct chk_gen *g, struct chk_build *b, const struct vgc_probe_ops *ops, void *params,
		       const struct vgc_key *key, size_t base, uint32_t *ix)
{
	struct chk_params *e;
	int64_t off = 0, pi = -1;
	bool fresh = true;

	*ix = 0;
	if (!params && key->len == base && !key->overflow)
		return 0;
	if (ops->params_shared && !key->overflow) {
		pi = intern_bytes(&b->params, &ops->type, 1, key->b + base, key->len - base, &fresh);
		if (pi == -1)
			return -1;
		if (pi >= 0 && !fresh) {
			*ix = b->pmap[pi];
			if (ops->params_free && params)
				ops->params_free(params);
			return 0;
		}
	}
	e = room(g->params, g->nparams, &g->cap_params, sizeof(*e));
	if (!e)
		return -1;
	g->params = e;
	if (!key->overflow && (off = bytes_add(g, key->b + base, key->len - base)) < 0)
		return -1;
	if (pi >= 0) {
		uint32_t *m = room(b->pmap, b->npmap, &b->cap_pmap, sizeof(*m));

		if (!m)
			return -1;
		b->pmap = m;
		b->pmap[b->npmap++] = g->nparams + 1;
	}
	e = &g->params[g->nparams++];
	e->p = params;
	e->type = ops->type;
	e->key_off = (uint32_t)off;
	e->key_len = key->overflow ? CHK_KEY_NONE : (uint16_t)(key->len - base);
	*ix = g->nparams;
	return 0;
}

/*
 * The effects buffer is sized for the largest batch (every service starting
 * or stopping at once: ~6 records of 40 B per real server); a batch that
 * wrote far into it (START, a reload, a quorum change) leaves those pages
 * resident for good. Give back what lies past the first CHK_ACTS_KEEP
 * bytes: the pages read as zero again and are faulted in when a batch
 * needs them (records are written before they are read).
 */
#define CHK_ACTS_KEEP (64 * 1024)
void chk_acts_release(struct chk_gen *g, size_t used)
{
	uintptr_t pg = (uintptr_t)sysconf(_SC_PAGESIZE), a, e;

	if (!g->acts_v || used * sizeof(*g->acts_v) <= CHK_ACTS_KEEP)
		return;
	a = ((uintptr_t)g->acts_v + CHK_ACTS_KEEP + pg - 1) & ~(pg - 1);
	e = ((uintptr_t)g->acts_v + used * sizeof(*g->acts_v) + pg - 1) & ~(pg - 1);
	if (e > (uintptr_t)g->acts_v + g->acts_bytes)
		e = (uintptr_t)g->acts_v + g->acts_bytes;
	if (e > a)
		(void)madvise((void *)a, e - a, MADV_DONTNEED);
}

/* Intern one probe target (checker ck, url u): a new target or an equal one's index. */
static int add_target(struct chk_gen *g, struct chk_build *b, uint32_t svc, uint16_t ck, uint8_t u,
		      struct vg_diags *dg)
{
	const struct vg_lvs_conf_service *cs = &g->map->svc[svc];
	const struct vg_lvs_service_config *cfg = &cs->cfg;
	const struct vg_lvs_checker_config *k = &cfg->checker[ck];
	const struct vgc_probe_ops *ops = vgc_probe_ops_for(k->type);
	struct vgc_probe_conf pc = { 0 };
	struct vgc_probe_opts opts;
	struct vgc_probe_bind bind;
	struct vgc_key *key;
	void *params = NULL;
	char err[256] = "";
	bool fresh;
	int64_t idx;
	size_t base;
	bool http = k->type == VG_LVS_CHECK_HTTP || k->type == VG_LVS_CHECK_SSL;

	g->tgt[svc][chk_tgt_slot(cfg, ck, u)] = CHK_NONE;
	if (!ops)
		return 0;
	opts_of(&opts, &bind, cfg, k, cs->rs[k->rs], cs->checker[ck]);
	pc.conf = g->conf;
	pc.vs = cs->vs;
	pc.rs = cs->rs[k->rs];
	pc.ck = cs->checker[ck];
	pc.opts = &opts;
	pc.cmd_env = &g->env;
	if (http) {
		uint16_t ui = k->url_first + u;

		pc.url = cs->url[ui];
		pc.url_model = &cfg->url[ui];
		pc.url_regex = cs->url_regex[ui];
		pc.url_index = u;
		if (k->type == VG_LVS_CHECK_SSL) {
			if (!g->tls && !g->tls_tried) {
				char terr[256] = "";

				g->tls_tried = true;
				g->tls = vgc_tls_new(g->conf, terr, sizeof(terr));
				if (!g->tls)
					vgd_log(LOG_ERR, "SSL: %s", terr);
			}
			pc.tls = g->tls;
		}
	}
	key = malloc(sizeof(*key));
	if (!key)
		return -1;
	vgc_share_key_opts(key, &opts, k->tm->connect_timeout_ns);
	base = key->len;
	if (ops->prepare && ops->prepare(&pc, &params, key, err, sizeof(err))) {
		if (pc.ck)
			vg_diags_add(dg, VG_DIAG_WARNING, &pc.ck->loc, "lvs-checker", NULL, "%s: %s: not run", ops->name,
				     err);
		free(key);
		return 0;
	}
	idx = vgc_keytab_intern(&b->targets, key, &fresh);
	if (idx < 0 || (fresh && (uint32_t)idx >= g->cap_targets) || /* cap_targets counts every (checker, url) */
	    (fresh && opts.bind && !(opts.bind = bind_keep(g, &bind)))) {
		free(key);
		if (ops->params_free && params)
			ops->params_free(params);
		return -1;
	}
	if (!fresh) {
		if (ops->params_free && params)
			ops->params_free(params);
		g->shared_targets++;
	} else {
		struct chk_target *t = &g->targets[idx];

		memset(t, 0, sizeof(*t));
		t->opts = opts;
		t->service = (uint16_t)svc;
		t->checker = ck;
		if (params_keep(g, b, ops, params, key, base, &t->params)) {
			free(key);
			if (ops->params_free && params)
				ops->params_free(params);
			return -1;
		}
		g->ntargets = (uint32_t)idx + 1;
	}
	free(key);
	g->tgt[svc][chk_tgt_slot(cfg, ck, u)] = (uint32_t)idx;
	return 0;
}

struct chk_gen *chk_gen_new(const struct vg_conf *conf, const struct vgd_lvs_map_source *src, struct vg_diags *dg)
{
	struct chk_gen *g = calloc(1, sizeof(*g));
	struct chk_build bt = { 0 };
	uint32_t nrs = 0;
	size_t emax;

	if (!g)
		return NULL;
	g->fifo[0] = g->fifo[1] = -1;
	g->conf = conf;
	vgl_cmd_env_init(&g->env, &conf->global, &script_cb);
	/* the LVS driver's map of the same tree (lvs_map.h), else one of our own (its diagnostics are the
	   LVS driver's: none here) */
	g->shared = src && src->get ? src->get(src->ctx, conf) : NULL;
	if (!g->shared)
		g->shared = vgd_lvs_map_new(conf, NULL);
	if (!g->shared || g->shared->map.tree_dropped) /* planning reads the tree: never a released one */
		goto fail;
	g->map = &g->shared->map;
	(void)dg;
	g->svc = vg_lvs_node_services_alloc(g->map);
	g->tgt = calloc(g->map->count ? g->map->count : 1, sizeof(*g->tgt));
	g->ck = calloc(g->map->count ? g->map->count : 1, sizeof(*g->ck));
	g->dur = calloc(g->map->count ? g->map->count : 1, sizeof(*g->dur));
	g->ndur = calloc(g->map->count ? g->map->count : 1, sizeof(*g->ndur));
	g->stat_first = calloc(g->map->count + 1, sizeof(*g->stat_first));
	g->vsname = calloc(g->map->count ? g->map->count : 1, sizeof(*g->vsname));
	g->rs_up = calloc(g->map->count ? g->map->count : 1, sizeof(*g->rs_up));
	g->rs_down = calloc(g->map->count ? g->map->count : 1, sizeof(*g->rs_down));
	g->q_up = calloc(g->map->count ? g->map->count : 1, sizeof(*g->q_up));
	g->q_down = calloc(g->map->count ? g->map->count : 1, sizeof(*g->q_down));
	g->dirty = calloc(g->map->count ? g->map->count : 1, sizeof(*g->dirty));
	g->dirty_list = calloc(g->map->count ? g->map->count : 1, sizeof(*g->dirty_list));
	g->url_off = calloc(g->map->count ? g->map->count : 1, sizeof(*g->url_off));
	if (!g->svc || !g->tgt || !g->ck || !g->dur || !g->ndur || !g->stat_first || !g->vsname || !g->rs_up || !g->rs_down || !g->q_up ||
	    !g->q_down || !g->dirty || !g->dirty_list || !g->url_off)
		goto fail;
	for (uint32_t i = 0; i < g->map->count; i++) {
		g->url_off[i] = g->nurl;
		g->nurl += g->map->svc[i].cfg.url_count;
		g->stat_first[i] = nrs;
		nrs += g->map->svc[i].cfg.rs_count;
		g->cap_targets += (uint32_t)g->map->svc[i].cfg.checker_count + g->map->svc[i].cfg.url_count;
	}
	/* at most one target per (checker, url); shrunk to the distinct ones below */
	g->targets = malloc((g->cap_targets ? g->cap_targets : 1) * sizeof(*g->targets));
	if (!g->targets)
		goto fail;
	g->stat_first[g->map->count] = nrs;
	g->nrs = nrs;
	g->stat = calloc(nrs ? nrs : 1, sizeof(*g->stat));
	g->url_path = calloc(g->nurl ? g->nurl : 1, sizeof(*g->url_path));
	if (!g->stat || !g->url_path)
		goto fail;
	vg_lvs_node_init(&g->node, g->svc, g->map);
	vgc_keytab_init(&bt.targets);
	vgc_keytab_init(&bt.params);
	vgc_keytab_init(&bt.paths);
	for (uint32_t i = 0; i < g->map->count; i++) {
		const struct vg_lvs_conf_service *cs = &g->map->svc[i];
		const struct vg_lvs_service_config *cfg = &cs->cfg;
		char what[160];

		chk_fmt_vs(g->vsname[i], sizeof(g->vsname[i]), cs->vs, cfg->protocol);
		g->tgt[i] = malloc(((size_t)cfg->checker_count + cfg->url_count + 1) * sizeof(uint32_t));
		g->ck[i] = calloc((size_t)cfg->checker_count + 1, sizeof(struct chk_ck));
		if (!g->tgt[i] || !g->ck[i] || dur_plan(g, i)) {
			build_free(&bt);
			goto fail;
		}
		for (uint16_t k = 0; k < cfg->checker_count; k++) {
			const struct vg_lvs_checker_config *kc = &cfg->checker[k];
			const struct vg_conf_checker *cc = cs->checker ? cs->checker[k] : NULL;
			bool http = kc->type == VG_LVS_CHECK_HTTP || kc->type == VG_LVS_CHECK_SSL;
			uint8_t nu = http ? kc->url_count : 1;

			/* what the logs read later, copied out of the tree (vg_conf_drop_lvs) */
			g->ck[i][k].log_all_failures = cc ? (uint8_t)cc->log_all_failures : (uint8_t)VG_TRI_UNSET;
			for (uint8_t u = 0; http && cc && u < kc->url_count && u < cc->urls.count; u++) {
				uint32_t ix = g->url_off[i] + kc->url_first + u;

				if (cc->urls.items[u].path && ix < g->nurl && path_keep(g, &bt, cc->urls.items[u].path, ix)) {
					build_free(&bt);
					goto fail;
				}
			}

			for (uint8_t u = 0; u < nu; u++)
				if (add_target(g, &bt, i, k, u, dg)) {
					build_free(&bt);
					goto fail;
				}
		}
		for (uint16_t r = 0; r < cfg->rs_count; r++) {
			struct chk_rs *st = chk_rs_stat(g, i, r);
			const struct vg_conf_real_server *crs = cs->rs ? cs->rs[r] : NULL;
			char rsn[CHK_RS_NAME_MAX];

			st->smtp_alert = crs ? (unsigned)crs->smtp_alert : (unsigned)VG_TRI_UNSET;
			chk_rs_name(g, i, r, rsn, sizeof(rsn));
			for (uint16_t k = 0; k < cfg->checker_count; k++)
				if (cfg->checker[k].rs == r && st->checkers < UINT8_MAX)
					st->checkers++;
			if ((crs && rs_script(g, i, r, true, crs->notify_up, rsn)) ||
			    (crs && rs_script(g, i, r, false, crs->notify_down, rsn))) {
				build_free(&bt);
				goto fail;
			}
		}
		if (cs->vs && cs->vs->quorum_up) {
			snprintf(what, sizeof(what), "quorum_up of VS %s", g->vsname[i]);
			if (script_keep(g, cs->vs->quorum_up, what, &g->q_up[i])) {
				build_free(&bt);
				goto fail;
			}
		}
		if (cs->vs && cs->vs->quorum_down) {
			snprintf(what, sizeof(what), "quorum_down of VS %s", g->vsname[i]);
			if (script_keep(g, cs->vs->quorum_down, what, &g->q_down[i])) {
				build_free(&bt);
				goto fail;
			}
		}
	}
	build_free(&bt);
	if (g->ntargets < g->cap_targets) { /* give back what sharing saved (unshared: nothing) */
		struct chk_target *nt = realloc(g->targets, (g->ntargets ? g->ntargets : 1) * sizeof(*nt));

		if (nt)
			g->targets = nt;
		g->cap_targets = g->ntargets;
	}
	if (g->bytes_len < g->bytes_cap) {
		uint8_t *nb = realloc(g->bytes, g->bytes_len ? g->bytes_len : 1);

		if (nb)
			g->bytes = nb;
		g->bytes_cap = g->bytes_len;
	}
	emax = vg_lvs_node_effects_max(&g->node) + 64;
	/* its own mapping, no huge pages: only the pages a batch writes are resident (chk_acts_release) */
	g->acts_bytes = emax * sizeof(*g->acts_v);
	g->acts_v = mmap(NULL, g->acts_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (g->acts_v == MAP_FAILED) {
		g->acts_v = NULL;
		goto fail;
	}
	(void)madvise(g->acts_v, g->acts_bytes, MADV_NOHUGEPAGE);
	g->acts_cap = emax;
	{
		const char *kw[2] = { "lvs_notify_fifo", "notify_fifo" };

		for (int i = 0; i < 2; i++) {
			const struct vg_conf_kv *kv = vg_conf_extra_find(conf->global.extra, kw[i]);

			if (kv && kv->args.count && conf->virtual_servers.count)
				g->fifo[i] = fifo_open(kv->args.items[0]);
		}
		if (g->fifo[0] >= 0)
			chk_fifo_script_start(g, g->fifo[0], vg_conf_extra_find(conf->global.extra, "lvs_notify_fifo")->args.items[0]);
		if (g->fifo[0] >= 0 && g->fifo[1] >= 0) {
			struct stat a, b;

			/* one FIFO named twice: one line */
			if (!fstat(g->fifo[0], &a) && !fstat(g->fifo[1], &b) && a.st_ino == b.st_ino && a.st_dev == b.st_dev) {
				close(g->fifo[1]);
				g->fifo[1] = -1;
			}
		}
	}
	return g;
fail:
	chk_gen_free(g);
	return NULL;
}

