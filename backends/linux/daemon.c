/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "conf/json.h"
#include "conf_loader.h"
#include "garp.h"
#include "host_check.h"
#include "log.h"
#include "netlink/nl.h"
#include "noaccept.h"
#include "pidfile.h"
#include "script/runner.h"
#include "sdnotify.h"
#include "vrrp/plan.h"
#include "vrrp/router.h"
#include "vrrp_sock.h"
#include "wire/frame.h"

#define VGD_DUMP_FILE "/tmp/keepalived.data"

/* The kernel's view of one interface of the plan (index = plan id - 1). */
struct vgd_if {
	uint32_t kidx; /* 0: absent */
	bool up;
	uint8_t mac[6];
	struct vg_addr primary4, primary6;
	bool joined4, joined6;
};

/* One loaded configuration and everything that runs it. */
struct vgd_gen {
	struct vg_conf *conf;
	struct vg_vrrp_plan plan;
	struct vg_vrrp_instance *inst;
	struct vg_router router;
	struct vgd_if ifs[VG_PLAN_IFACES_MAX];
	uint32_t *tx_kidx;   /* per instance: adverts and GARPs leave here (vmac or base) */
	uint32_t *vmac_kidx; /* per instance: its macvlan, 0 if none */
	uint8_t (*tx_mac)[6];
	bool *vips_on;
	bool started;
	vg_time rx_hold; /* receive coalescing window (rx_hold_window), 0: none */
};

struct vgd {
	const struct vgd_opts *o;
	struct vgd_gen *gen;
	struct vgl_nl *nl;
	struct vgl_runner *runner;
	struct vgl_runner *retired; /* the runner before the last reload, until its notify scripts end */
	struct vgd_noaccept *na;  /* opened when a no_accept Master first installs VIPs */
	struct vgd_vrrp_sock sock;
	int garp_fd, epfd, tfd, sfd;
	bool stop;
	vg_time startup_at;     /* vrrp_startup_delay; NEVER once started */
	vg_time fed;            /* the latest time handed to the core (it must never go back) */
	vg_time armed_at;       /* the timerfd's deadline as last set */
	vg_time last_read;      /* when a socket read last returned packets */
	struct vg_action *abuf;
	size_t acap;
	uint8_t txbuf[VG_VRRP_PKT_MAX]; /* each advert is encoded here as it is sent */
	uint64_t rx_packets, rx_unmapped, rx_dropped, tx_errors;
	uint64_t rx_reads; /* socket reads that returned packets (a wake-up each) */
	uint8_t (*rxbufs)[VGD_RX_BUF];
	struct vgd_rx rx[VGD_RX_BATCH];
	struct vgd_garp_q *garpq; /* paced gratuitous ARP / NA; allocated when an interval is set */
};

enum { TAG_TIMER = 1, TAG_SIGNAL, TAG_SOCK4, TAG_SOCK6, TAG_NL, TAG_RUNNER };

/*
 * keepalived.conf(5) vrrp_garp_interval / vrrp_gna_interval and garp_group:
 * the least time between two gratuitous ARPs (two unsolicited NAs) sent on
 * an interface, or on any interface of a garp_group's `interfaces` list (the
 * delays are aggregated across them). Sends that must wait are queued with
 * the time they are due; the loop's timer covers the earliest.
 */
#define GARP_Q_MAX 4096  /* queued sends; beyond it a send goes out at once (logged) */
#define GARP_PACE_MAX 64 /* pacing domains: interfaces or garp_groups */

struct vgd_garp_send {
	uint32_t key;  /* pacing domain (below) */
	bool na;       /* an unsolicited NA (gna_interval), else a gratuitous ARP (garp_interval) */
	vg_time gap;   /* the interval that applies */
	uint16_t inst; /* instance id in the current generation */
	uint16_t vip;  /* index in its virtual_ipaddress list */
};

struct vgd_garp_q {
	uint32_t len;
	uint64_t overflow;
	struct vgd_garp_send q[GARP_Q_MAX];
	uint32_t pace_count;
	struct {
		uint32_t key;       /* kernel ifindex, or 0x80000000 | garp_group index */
		vg_time next_ok[2]; /* [0] ARP, [1] NA: a send on this domain waits until then */
	} pace[GARP_PACE_MAX];
};

static vg_time now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return VG_S(ts.tv_sec) + (vg_time)ts.tv_nsec;
}

static uint64_t real_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* `now` for the core: never before a time it was already given. */
static vg_time core_time(struct vgd *d, vg_time now)
{
	if (now < d->fed)
		now = d->fed;
	d->fed = now;
	return now;
}

/*
 * When a packet arrived, on the monotonic clock: the kernel stamps it with
 * CLOCK_REALTIME (SO_TIMESTAMPNS); the age of the stamp moves it over. An
 * unknown, future or stale (> 1 s: a clock step) stamp means "now".
 */
static vg_time rx_time(vg_time mono, uint64_t real, uint64_t rx_real)
{
	uint64_t age;

	if (!rx_real || rx_real > real)
		return mono;
	age = real - rx_real;
	return age < VG_S(1) && age < mono ? mono - age : mono;
}

static const char *fmt_addr(const struct vg_addr *a, char *buf)
{
	return vg_addr_format(a, buf, VG_ADDR_STRLEN);
}

static const char *inst_name(const struct vgd_gen *g, uint16_t id)
{
	return g->plan.cfg[id].name;
}

static void print_diags(const struct vg_diags *dg, FILE *f)
{
	char buf[VG_DIAG_MESSAGE_MAX + 256];
	uint32_t i;

	for (i = 0; i < dg->count; i++) {
		vg_diag_format(&dg->items[i], buf, sizeof(buf));
		if (f)
			fprintf(f, "%s\n", buf);
		else
			vgd_log(dg->items[i].severity == VG_DIAG_ERROR ? LOG_ERR : LOG_WARNING, "%s", buf);
	}
}

static const char *config_id(const struct vgd_opts *o, struct utsname *u)
{
	if (o->config_id)
		return o->config_id;
	if (uname(u) == 0)
		return u->nodename;
	return NULL;
}

/* ---- generations ---------------------------------------------------------- */

static void gen_free(struct vgd_gen *g)
{
	if (!g)
		return;
	free(g->inst);
	free(g->tx_kidx);
	free(g->vmac_kidx);
	free(g->tx_mac);
	free(g->vips_on);
	vg_vrrp_plan_free(&g->plan);
	if (g->conf)
		vg_conf_free(g->conf);
	free(g);
}

/*
 * Receive coalescing. A node that backs up many instances gets a steady
 * stream of adverts (1000 instances: 1000 a second, at scattered times); a
 * wake-up per packet costs far more than the packet. So when a read returns
 * packets, drains the sockets and comes less than a window after the
 * previous such read (a dense stream), the loop sleeps for this window
 * (never past a timer), then takes everything that came meanwhile in one
 * read, packets before timers, and goes on so while reads find packets. A
 * packet that arrived before a Master_Down deadline is seen before it, with
 * its kernel receive time, so timers stay exact. What the window costs is
 * reaction time to a packet that follows another within it (a higher
 * priority advert seen up to the window late); a packet after a quiet time
 * is handled at once, and a read that fills its batch (a flood) does not
 * sleep. The window is 1/64 of the shortest advert interval, at most 10 ms.
 */
#define RX_HOLD_MAX VG_MS(10)

static vg_time rx_hold_window(const struct vg_vrrp_plan *p)
{
	vg_time w = RX_HOLD_MAX;
	uint16_t i;

	for (i = 0; i < p->inst_count; i++)
		w = vg_time_min(w, VG_CS(p->cfg[i].adver_int_cs) / 64);
	return p->inst_count ? w : 0;
}

/*
 * Parse and plan. With `strict` (a reload) any error rejects the file; at
 * startup keepalived runs what it understood, and so do we.
 */
static struct vgd_gen *gen_load(const struct vgd_opts *o, bool strict)
{
	struct vgd_gen *g = calloc(1, sizeof(*g));
	struct vg_diags dg;
	struct utsname u;
	int rc;
	uint16_t n;

	if (!g)
		return NULL;
	vg_diags_init(&dg);
	rc = vg_conf_load(o->conf, config_id(o, &u), &g->conf, &dg);
	if (!g->conf || rc == VG_CONF_ERR_IO || rc == VG_CONF_ERR_NOMEM) {
		print_diags(&dg, NULL);
		vgd_log(LOG_ERR, "cannot read configuration %s", o->conf);
		goto fail;
	}
	rc = vgl_plan_build(g->conf, &g->plan, &dg);
	print_diags(&dg, NULL);
	if (rc == VG_CONF_ERR_NOMEM)
		goto fail;
	if (strict && dg.errors) {
		vgd_log(LOG_ERR, "configuration %s has %u error(s)", o->conf, dg.errors);
		goto fail;
	}
	n = g->plan.inst_count;
	g->inst = calloc(n ? n : 1, sizeof(*g->inst));
	g->tx_kidx = calloc(n ? n : 1, sizeof(*g->tx_kidx));
	g->vmac_kidx = calloc(n ? n : 1, sizeof(*g->vmac_kidx));
	g->tx_mac = calloc(n ? n : 1, sizeof(*g->tx_mac));
	g->vips_on = calloc(n ? n : 1, sizeof(*g->vips_on));
	if (!g->inst || !g->tx_kidx || !g->vmac_kidx || !g->tx_mac || !g->vips_on)
		goto fail;
	vg_router_init(&g->router, g->inst, g->plan.cfg, n, g->plan.groups, g->plan.group_count);
	g->rx_hold = rx_hold_window(&g->plan);
	vg_diags_free(&dg);
	return g;
fail:
	vg_diags_free(&dg);
	gen_free(g);
	return NULL;
}

static uint32_t plan_id_of(const struct vgd_gen *g, uint32_t kidx)
{
	uint16_t i;

	for (i = 0; i < g->plan.iface_count; i++)
		if (g->ifs[i].kidx == kidx)
			return i + 1u;
	return 0;
}

static void resolve_iface(struct vgd *d, struct vgd_gen *g, uint16_t i)
{
	struct vgd_if *f = &g->ifs[i];

	f->kidx = vgl_nl_ifindex(d->nl, g->plan.ifaces[i]);
	f->up = false;
	memset(&f->primary4, 0, sizeof(f->primary4));
	memset(&f->primary6, 0, sizeof(f->primary6));
	if (!f->kidx)
		return;
	vgl_nl_link(d->nl, f->kidx, &f->up, f->mac);
	vgl_nl_primary_addr(d->nl, f->kidx, VG_AF_INET, &f->primary4);
	vgl_nl_primary_addr(d->nl, f->kidx, VG_AF_INET6, &f->primary6);
}

static const char *vmac_name(const struct vg_conf_instance *ci, const struct vg_vrrp_config *c, char *buf,
			     size_t n)
{
	if (ci->vmac_name)
		return ci->vmac_name;
	snprintf(buf, n, "%s.%u", c->family == VG_AF_INET6 ? "vrrp6" : "vrrp", c->vrid);
	return buf;
}

/* Write /proc/sys/net/ipv{4,6}/conf/IFNAME/KEY. */
static bool if_sysctl(uint8_t family, const char *ifname, const char *key, const char *value)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv%c/conf/%s/%s", family == VG_AF_INET6 ? '6' : '4',
		 ifname, key);
	f = fopen(path, "we");
	if (!f)
		return false;
	fputs(value, f);
	return fclose(f) == 0;
}

/* Take an interface down and up (a fresh IPv6 link-local address after a sysctl change). */
static void link_bounce(const char *ifname)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return;
	memset(&ifr, 0, sizeof(ifr));
	if (strlen(ifname) >= sizeof(ifr.ifr_name)) {
		close(fd);
		return;
	}
	memcpy(ifr.ifr_name, ifname, strlen(ifname) + 1);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags &= ~IFF_UP;
		ioctl(fd, SIOCSIFFLAGS, &ifr);
		ifr.ifr_flags |= IFF_UP;
		ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
}

/* Interfaces, MACs and vmacs of every instance that does not have them yet. */
static void gen_resolve(struct vgd *d, struct vgd_gen *g)
{
	uint16_t i;

	for (i = 0; i < g->plan.iface_count; i++) {
		resolve_iface(d, g, i);
		if (!g->ifs[i].kidx)
			vgd_log(LOG_WARNING, "interface %s does not exist (yet): its instances stay in FAULT",
				g->plan.ifaces[i]);
	}
	for (i = 0; i < g->plan.inst_count; i++) {
		const struct vg_vrrp_config *c = &g->plan.cfg[i];
		const struct vg_conf_instance *ci = g->plan.src[i];
		const struct vgd_if *f = c->ifindex ? &g->ifs[c->ifindex - 1] : NULL;
		char name[32], err[256];

		g->tx_kidx[i] = f ? f->kidx : 0;
		if (f)
			memcpy(g->tx_mac[i], f->mac, 6);
		/* vrrp_strict is RFC 5798-exact: adverts and ARP come from the virtual MAC (7.3) */
		if (!(ci->use_vmac || ci->strict) || !f || !f->kidx)
			continue;
		if (!g->vmac_kidx[i])
			g->vmac_kidx[i] = vgl_nl_vmac_create(d->nl, f->kidx, vmac_name(ci, c, name, sizeof(name)),
							     c->family, c->vrid, err, sizeof(err));
		if (!g->vmac_kidx[i]) {
			vgd_log(LOG_ERR, "(%s) use_vmac: %s", c->name, err);
			continue;
		}
		/* an IPv6 vmac's link-local is our advert source: no DAD wait before the first advert;
		   the one made while it came up is still tentative, so make it anew */
		if (c->family == VG_AF_INET6 && if_sysctl(VG_AF_INET6, vmac_name(ci, c, name, sizeof(name)),
							  "accept_dad", "0"))
			link_bounce(name);
		if (c->family == VG_AF_INET) {
			/* only the vmac answers ARP for the VIPs, with the virtual MAC */
			if_sysctl(VG_AF_INET, g->plan.ifaces[c->ifindex - 1], "arp_ignore", "1");
			if_sysctl(VG_AF_INET, g->plan.ifaces[c->ifindex - 1], "arp_announce", "2");
			if_sysctl(VG_AF_INET, vmac_name(ci, c, name, sizeof(name)), "arp_ignore", "1");
		}
		if (!ci->vmac_xmit_base) {
			g->tx_kidx[i] = g->vmac_kidx[i];
			vg_frame_vmac(c->family, c->vrid, g->tx_mac[i]);
		}
	}
}

/* ---- effects -------------------------------------------------------------- */

/*
 * Room for every effect of one event of generation g: each instance at most
 * VG_ACTIONS_PER_EVENT_MAX, twice (sync groups settle after the instances).
 * The records are small and only the pages a burst writes become resident.
 */
static int abuf_fit(struct vgd *d, const struct vgd_gen *g)
{
	size_t need = (size_t)(g->plan.inst_count + 8) * VG_ACTIONS_PER_EVENT_MAX * 2;
	struct vg_action *n;

	if (need < 4096)
		need = 4096;
	if (d->abuf && need <= d->acap)
		return 0;
	n = calloc(need, sizeof(*n));
	if (!n)
		return -1;
	free(d->abuf);
	d->abuf = n;
	d->acap = need;
	return 0;
}

static uint32_t vip_ifindex(struct vgd *d, const struct vgd_gen *g, uint16_t id, const struct vg_conf_vip *v)
{
	if (v->dev)
		return vgl_nl_ifindex(d->nl, v->dev);
	return g->vmac_kidx[id] ? g->vmac_kidx[id] : g->tx_kidx[id];
}

/* RFC 5798 6.4.3: without Accept_Mode a non-owner Master drops what is sent to the VIPs. */
static void noaccept(struct vgd *d, const struct vgd_gen *g, uint16_t id, const struct vg_conf_vip *v, bool block)
{
	char err[256], a[VG_ADDR_STRLEN];

	if (!d->na && block)
		d->na = vgd_noaccept_open(err, sizeof(err));
	if (!d->na) {
		if (block)
			vgd_log(LOG_ERR, "(%s) no_accept: %s", inst_name(g, id), err);
		return;
	}
	if (vgd_noaccept_set(d->na, &v->addr, block, err, sizeof(err)))
		vgd_log(LOG_ERR, "(%s) no_accept for %s: %s", inst_name(g, id), fmt_addr(&v->addr, a), err);
}

static void vips_apply(struct vgd *d, struct vgd_gen *g, uint16_t id, bool add, bool accept)
{
	const struct vg_conf_instance *ci = g->plan.src[id];
	const struct vg_conf_vips *lists[2] = { &ci->vips, &ci->evips };
	char err[256], a[VG_ADDR_STRLEN];
	uint32_t i, k;

	if (!add && d->stop && d->o->dont_release_vrrp)
		return;
	for (k = 0; k < 2; k++)
		for (i = 0; i < lists[k]->count; i++) {
			const struct vg_conf_vip *v = &lists[k]->items[i];
			uint32_t kidx = vip_ifindex(d, g, id, v);
			int rc;

			if (!kidx) {
				vgd_log(LOG_ERR, "(%s) VIP %s: no interface %s", inst_name(g, id),
					fmt_addr(&v->addr, a), v->dev ? v->dev : "");
				continue;
			}
			if (!accept && g->plan.cfg[id].priority != 255)
				noaccept(d, g, id, v, add);
			rc = add ? vgl_nl_vip_add(d->nl, kidx, v, err, sizeof(err))
				 : vgl_nl_vip_del(d->nl, kidx, v, err, sizeof(err));
			if (rc)
				vgd_log(LOG_ERR, "(%s) %s VIP %s: %s", inst_name(g, id), add ? "adding" : "removing",
					fmt_addr(&v->addr, a), err);
			else if (vgd_log_detail())
				vgd_log(LOG_INFO, "(%s) %s VIP %s/%u", inst_name(g, id), add ? "added" : "removed",
					fmt_addr(&v->addr, a), v->prefix_len);
		}
	for (i = 0; i < ci->routes.count; i++)
		if (vgl_nl_route_apply(d->nl, &ci->routes.items[i], vg_vrrp_plan_table(&g->plan, id, false, i), add,
				       g->tx_kidx[id], err, sizeof(err)))
			vgd_log(LOG_ERR, "(%s) virtual_route line %u: %s", inst_name(g, id),
				ci->routes.items[i].loc.line, err);
	for (i = 0; i < ci->rules.count; i++)
		if (vgl_nl_rule_apply(d->nl, &ci->rules.items[i], vg_vrrp_plan_table(&g->plan, id, true, i), add,
				      err, sizeof(err)))
			vgd_log(LOG_ERR, "(%s) virtual_rule line %u: %s", inst_name(g, id),
				ci->rules.items[i].loc.line, err);
	g->vips_on[id] = add;
}

/* One gratuitous ARP / unsolicited NA for VIP `i` of instance `id`. */
static void garp_one(struct vgd *d, struct vgd_gen *g, uint16_t id, uint32_t i)
{
	const struct vg_conf_vip *v = &g->plan.src[id]->vips.items[i];
	const struct vg_vrrp_config *c = &g->plan.cfg[id];
	const struct vgd_if *f = c->ifindex ? &g->ifs[c->ifindex - 1] : NULL;
	uint32_t kidx = vip_ifindex(d, g, id, v);
	uint8_t mac[6];

	if (!kidx)
		return;
	memcpy(mac, g->tx_mac[id], 6);
	if (v->dev && kidx != g->tx_kidx[id]) {
		bool up;

		vgl_nl_link(d->nl, kidx, &up, mac);
	}
	if (vgd_garp_send(d->garp_fd, kidx, mac, &v->addr, f ? &f->primary6 : &v->addr))
		d->tx_errors++;
}

/* The pacing of sends on kernel interface kidx: its domain key and interval (0: none). */
static vg_time garp_interval(const struct vgd_gen *g, uint32_t kidx, bool na, uint32_t *key)
{
	const struct vg_conf *conf = g->conf;
	char name[IF_NAMESIZE] = "";
	uint32_t i, k;

	*key = kidx;
	if (conf->garp_groups.count && if_indextoname(kidx, name))
		for (i = 0; i < conf->garp_groups.count; i++) {
			const struct vg_conf_garp_group *gg = &conf->garp_groups.items[i];
			bool in = gg->interface && !strcmp(gg->interface, name);
			vg_time t;

			for (k = 0; !in && k < gg->interfaces.count; k++)
				in = !strcmp(gg->interfaces.items[k], name);
			if (!in)
				continue;
			if (gg->interfaces.count)
				*key = 0x80000000u | i; /* aggregated across the group's interfaces */
			/* 0 is "not written" (the parser's minimum is 1 us): the global value applies */
			t = na ? gg->gna_interval_ns : gg->garp_interval_ns;
			if (t)
				return t;
			break;
		}
	return na ? conf->global.vrrp_gna_interval_ns : conf->global.vrrp_garp_interval_ns;
}

static vg_time *garp_next_ok(struct vgd_garp_q *q, uint32_t key, bool na)
{
	uint32_t i;

	for (i = 0; i < q->pace_count; i++)
		if (q->pace[i].key == key)
			return &q->pace[i].next_ok[na];
	if (q->pace_count == GARP_PACE_MAX)
		return NULL;
	q->pace[q->pace_count].key = key;
	q->pace[q->pace_count].next_ok[0] = q->pace[q->pace_count].next_ok[1] = 0;
	return &q->pace[q->pace_count++].next_ok[na];
}

static bool garp_pending(const struct vgd_garp_q *q, uint32_t key, bool na)
{
	uint32_t i;

	for (i = 0; i < q->len; i++)
		if (q->q[i].key == key && q->q[i].na == na)
			return true;
	return false;
}

/* Send now and set when the next one on that domain may go: spacing from the actual send. */
static void garp_paced(struct vgd *d, struct vgd_gen *g, const struct vgd_garp_send *x, vg_time *next)
{
	garp_one(d, g, x->inst, x->vip);
	if (next)
		*next = now_ns() + x->gap;
}

static void send_garps(struct vgd *d, struct vgd_gen *g, uint16_t id, unsigned repeat)
{
	const struct vg_conf_instance *ci = g->plan.src[id];
	uint32_t i;
	unsigned r;

	if (d->garp_fd < 0)
		return;
	for (r = 0; r < (repeat ? repeat : 1); r++)
		for (i = 0; i < ci->vips.count; i++) {
			const struct vg_conf_vip *v = &ci->vips.items[i];
			uint32_t kidx = vip_ifindex(d, g, id, v);
			struct vgd_garp_send x = { .na = v->addr.family == VG_AF_INET6, .inst = id, .vip = (uint16_t)i };
			vg_time *next;

			x.gap = kidx ? garp_interval(g, kidx, x.na, &x.key) : 0;
			if (!x.gap || (!d->garpq && !(d->garpq = calloc(1, sizeof(*d->garpq))))) {
				garp_one(d, g, id, i);
				continue;
			}
			next = garp_next_ok(d->garpq, x.key, x.na);
			if (!next || (!garp_pending(d->garpq, x.key, x.na) && *next <= now_ns())) {
				garp_paced(d, g, &x, next);
			} else if (d->garpq->len == GARP_Q_MAX) {
				if (!d->garpq->overflow++)
					vgd_log(LOG_WARNING, "gratuitous ARP/NA queue full: sending without the interval");
				garp_one(d, g, id, i);
			} else {
				d->garpq->q[d->garpq->len++] = x;
			}
		}
}

/* Send what may go now: per domain, the oldest queued message once its time has come. */
static void garp_run(struct vgd *d, vg_time now)
{
	struct vgd_garp_q *q = d->garpq;
	uint32_t i, kept = 0;

	if (!q)
		return;
	for (i = 0; i < q->len; i++) {
		vg_time *next = garp_next_ok(q, q->q[i].key, q->q[i].na);

		if (!next || *next <= now)
			garp_paced(d, d->gen, &q->q[i], next); /* sets *next past now: the rest wait */
		else
			q->q[kept++] = q->q[i];
	}
	q->len = kept;
}

static vg_time garp_deadline(struct vgd *d)
{
	vg_time t = VG_TIME_NEVER, *next;
	uint32_t i;

	if (d->garpq)
		for (i = 0; i < d->garpq->len; i++) {
			next = garp_next_ok(d->garpq, d->garpq->q[i].key, d->garpq->q[i].na);
			t = vg_time_min(t, next ? *next : 0);
		}
	return t;
}

/* Forget queued sends of one instance (it left Master), or all (id < 0: a reload). */
static void garp_forget(struct vgd *d, int id)
{
	struct vgd_garp_q *q = d->garpq;
	uint32_t i, kept = 0;

	if (!q)
		return;
	for (i = 0; i < q->len; i++)
		if (id >= 0 && q->q[i].inst != id)
			q->q[kept++] = q->q[i];
	q->len = kept;
}

/*
 * After a reload: the queued sends of an instance carried over (same VIPs in
 * the same order: same_instance) now name its id in the new generation, with
 * the interval of the new configuration (none: sent now); the others went
 * with their instances. to[j]: the new id of old instance j, or -1.
 */
static void garp_carry(struct vgd *d, struct vgd_gen *ng, const int *to)
{
	struct vgd_garp_q *q = d->garpq;
	uint32_t i, kept = 0;

	if (!q)
		return;
	for (i = 0; i < q->len; i++) {
		struct vgd_garp_send x = q->q[i];
		uint32_t kidx;

		if (to[x.inst] < 0)
			continue;
		x.inst = (uint16_t)to[x.inst];
		kidx = vip_ifindex(d, ng, x.inst, &ng->plan.src[x.inst]->vips.items[x.vip]);
		x.gap = kidx ? garp_interval(ng, kidx, x.na, &x.key) : 0;
		if (x.gap)
			q->q[kept++] = x;
		else
			garp_one(d, ng, x.inst, x.vip);
	}
	q->len = kept;
}

static const struct vg_conf_sync_group *conf_group(const struct vgd_gen *g, uint16_t gid)
{
	uint32_t i;

	if (gid >= g->plan.group_count)
		return NULL;
	for (i = 0; i < g->conf->sync_groups.count; i++)
		if (g->conf->sync_groups.items[i].name &&
		    !strcmp(g->conf->sync_groups.items[i].name, g->plan.groups[gid].name))
			return &g->conf->sync_groups.items[i];
	return NULL;
}

/* The advert is encoded from the instance's config into one reused buffer as it is sent. */
static void send_advert(struct vgd *d, struct vgd_gen *g, const struct vg_action *x)
{
	char a[VG_ADDR_STRLEN];
	ssize_t len = vg_vrrp_advert_encode(&g->plan.cfg[x->instance], x, d->txbuf, sizeof(d->txbuf));
	int rc = len > 0 ? vgd_vrrp_sock_send(&d->sock, g->tx_kidx[x->instance], &x->u.advert.src,
					      &x->u.advert.dst, d->txbuf, (size_t)len)
			 : -EINVAL;

	if (rc) {
		d->tx_errors++;
		if (vgd_log_detail())
			vgd_log(LOG_WARNING, "(%s) advert to %s: %s", inst_name(g, x->instance),
				fmt_addr(&x->u.advert.dst, a), strerror(-rc));
	}
}

/*
 * Carry out one event's effects. The adverts go first (RFC 5798 6.4.1/6.4.2:
 * a new Master sends its ADVERTISEMENT, then the gratuitous ARP; each is
 * what the other routers and the hosts wait for), then the rest in the
 * core's order: VIPs before their gratuitous ARP (a host that follows the
 * ARP must find the address), notifies last. Log lines are held until the
 * packets are out: a syslog() or console write costs 0.1-0.3 ms (more when
 * the journal is slow) and used to come before the advert.
 */
static void exec_actions(struct vgd *d, struct vgd_gen *g, const struct vg_actions *acts)
{
	size_t i;

	vgd_log_hold();
	if (acts->lost)
		vgd_log(LOG_ERR, "internal: %zu effects lost (action buffer too small)", acts->lost);
	for (i = 0; i < acts->len; i++)
		if (acts->v[i].kind == VG_ACT_SEND_ADVERT)
			send_advert(d, g, &acts->v[i]);
	for (i = 0; i < acts->len; i++) {
		const struct vg_action *x = &acts->v[i];

		switch (x->kind) {
		case VG_ACT_SEND_ADVERT: /* sent above */
			break;
		case VG_ACT_ADD_VIPS:
			vips_apply(d, g, x->instance, true, x->u.vips.accept);
			break;
		case VG_ACT_DEL_VIPS:
			if (g == d->gen)
				garp_forget(d, x->instance); /* no more announcing addresses we dropped */
			vips_apply(d, g, x->instance, false, g->plan.cfg[x->instance].accept);
			break;
		case VG_ACT_SEND_GARP:
			send_garps(d, g, x->instance, x->u.garp.repeat);
			break;
		case VG_ACT_NOTIFY:
			if (!d->runner)
				break;
			if (x->group) {
				const struct vg_conf_sync_group *cg = conf_group(g, x->instance);

				if (cg)
					vgl_runner_notify_group(d->runner, cg, x->u.notify.what);
			} else {
				vgl_runner_notify_instance(d->runner, g->plan.src[x->instance], x->u.notify.what,
							   x->u.notify.priority);
			}
			break;
		case VG_ACT_STATE:
			if (x->group)
				vgd_log(LOG_INFO, "VRRP_Group(%s) Syncing instances to %s state",
					g->plan.groups[x->instance].name, vg_vrrp_state_name(x->u.state.to));
			else
				vgd_log(LOG_INFO, "(%s) Entering %s STATE (%s)", inst_name(g, x->instance),
					vg_vrrp_state_name(x->u.state.to), vg_vrrp_why_name(x->u.state.why));
			break;
		}
	}
	vgd_log_release();
}

static enum vg_vrrp_drop drive(struct vgd *d, vg_time now, const struct vg_vrrp_event *ev)
{
	struct vg_actions acts;
	enum vg_vrrp_drop why;

	vg_actions_init(&acts, d->abuf, d->acap);
	why = vg_router_input(&d->gen->router, core_time(d, now), ev, &acts);
	exec_actions(d, d->gen, &acts);
	return why;
}

/*
 * An IPv6 instance sending from its vmac uses the vmac's own link-local
 * address (RFC 5798 5.1.2.1: the source is the link-local address of the
 * interface the advert leaves by); the kernel refuses another interface's.
 */
static void vmac_sources(struct vgd *d, struct vgd_gen *g, vg_time now)
{
	uint16_t i;

	for (i = 0; i < g->plan.inst_count; i++) {
		struct vg_vrrp_event ev = { .kind = VG_EV_SRC_ADDR };
		struct vg_actions acts;
		struct vg_addr a = { 0 };

		if (g->plan.cfg[i].family != VG_AF_INET6 || !g->vmac_kidx[i] || g->tx_kidx[i] != g->vmac_kidx[i])
			continue;
		if (vgl_nl_primary_addr(d->nl, g->vmac_kidx[i], VG_AF_INET6, &a) || vg_addr_eq(&a, &g->inst[i].primary))
			continue;
		ev.u.src.ifindex = g->plan.cfg[i].ifindex;
		ev.u.src.addr = a;
		vg_actions_init(&acts, d->abuf, d->acap);
		vg_vrrp_input(&g->inst[i], core_time(d, now), &ev, &acts);
		exec_actions(d, g, &acts);
	}
}

/* Tell the instances what the kernel knows: link states, then primary addresses, then start. */
static void start_instances(struct vgd *d, struct vgd_gen *g, vg_time now)
{
	struct vg_vrrp_event ev;
	uint16_t i;

	for (i = 0; i < g->plan.iface_count; i++) {
		memset(&ev, 0, sizeof(ev));
		ev.kind = VG_EV_LINK;
		ev.u.link.ifindex = i + 1u;
		ev.u.link.up = g->ifs[i].kidx && g->ifs[i].up;
		drive(d, now, &ev);
		ev.kind = VG_EV_SRC_ADDR;
		ev.u.src.ifindex = i + 1u;
		if (g->ifs[i].primary4.family) {
			ev.u.src.addr = g->ifs[i].primary4;
			drive(d, now, &ev);
		}
		if (g->ifs[i].primary6.family) {
			ev.u.src.addr = g->ifs[i].primary6;
			drive(d, now, &ev);
		}
	}
	vmac_sources(d, g, now);
	memset(&ev, 0, sizeof(ev));
	ev.kind = VG_EV_STARTUP;
	drive(d, now, &ev);
	g->started = true;
}

/* ---- sockets -------------------------------------------------------------- */

static void sockets_update(struct vgd *d, struct vgd_gen *g)
{
	uint8_t vrids[32] = { 0 };
	bool v2 = false, v3 = false;
	uint16_t i;

	for (i = 0; i < g->plan.inst_count; i++) {
		const struct vg_vrrp_config *c = &g->plan.cfg[i];
		struct vgd_if *f = c->ifindex ? &g->ifs[c->ifindex - 1] : NULL;
		struct vg_addr grp = vg_addr_vrrp_group(c->family);
		bool *joined;

		vrids[c->vrid / 8] |= (uint8_t)(1u << (c->vrid % 8));
		v2 |= c->version == 2;
		v3 |= c->version == 3;
		if (!f || !f->kidx || c->peer_count)
			continue;
		joined = c->family == VG_AF_INET ? &f->joined4 : &f->joined6;
		if (*joined)
			continue;
		if (vgd_vrrp_sock_join(&d->sock, f->kidx, &grp, true))
			vgd_log(LOG_ERR, "joining the VRRP group on %s failed", g->plan.ifaces[c->ifindex - 1]);
		else
			*joined = true;
	}
	if (vgd_vrrp_sock_filter(&d->sock, vrids, v2, v3))
		vgd_log(LOG_WARNING, "kernel packet filter not attached: every protocol-112 packet wakes us");
}

static void feed_packet(struct vgd *d, const struct vgd_rx *rx, vg_time now, uint64_t real)
{
	struct vg_vrrp_event ev = { .kind = VG_EV_PACKET };
	uint32_t id = plan_id_of(d->gen, rx->meta.ifindex);

	d->rx_packets++;
	if (!rx->buf) {
		d->rx_dropped++; /* not even an IP header */
		return;
	}
	if (!id) {
		d->rx_unmapped++; /* an interface no instance runs on (or a vmac's copy) */
		return;
	}
	ev.u.packet.buf = rx->buf;
	ev.u.packet.len = rx->len;
	ev.u.packet.meta = rx->meta;
	ev.u.packet.meta.ifindex = id;
	if (drive(d, rx_time(now, real, rx->rx_real_ns), &ev) != VG_DROP_NONE)
		d->rx_dropped++;
}

/* A receive stamp for ordering: unknown ones count as the newest. */
static uint64_t rx_order(const struct vgd_rx *rx)
{
	return rx->rx_real_ns ? rx->rx_real_ns : UINT64_MAX;
}

/*
 * One read of the ready sockets (a batch, shared when both are ready), fed
 * to the core oldest first: the core is never handed a time earlier than
 * one it has seen, so a packet that waited behind a later one of the other
 * family would be stamped late. *full: a socket filled its share (more is
 * queued). Returns how many datagrams were read.
 */
static int read_packets(struct vgd *d, bool r4, bool r6, bool *full)
{
	int share = r4 && r6 ? VGD_RX_BATCH / 2 : VGD_RX_BATCH;
	int n4 = 0, n6 = 0, i, j;
	vg_time now;
	uint64_t real;

	if (r4)
		n4 = vgd_vrrp_sock_recv(d->sock.fd4, false, d->rxbufs, d->rx, share);
	if (r6)
		n6 = vgd_vrrp_sock_recv(d->sock.fd6, true, d->rxbufs + n4, d->rx + n4, share);
	*full = (r4 && n4 == share) || (r6 && n6 == share);
	if (!n4 && !n6)
		return 0;
	now = now_ns();
	real = real_ns();
	for (i = 0, j = n4; i < n4 || j < n4 + n6;) {
		if (j == n4 + n6 || (i < n4 && rx_order(&d->rx[i]) <= rx_order(&d->rx[j])))
			feed_packet(d, &d->rx[i++], now, real);
		else
			feed_packet(d, &d->rx[j++], now, real);
	}
	d->rx_reads++;
	return n4 + n6;
}

/* ---- netlink and runner callbacks ------------------------------------------ */

static void on_link(void *ctx, uint32_t kidx, bool up)
{
	struct vgd *d = ctx;
	struct vgd_gen *g = d->gen;
	uint16_t i;

	for (i = 0; i < g->plan.iface_count; i++) {
		struct vgd_if *f = &g->ifs[i];
		struct vg_vrrp_event ev = { .kind = VG_EV_LINK };

		if (!f->kidx) {
			/* an interface that was missing may have appeared */
			resolve_iface(d, g, i);
			if (f->kidx) {
				vgd_log(LOG_INFO, "interface %s appeared", g->plan.ifaces[i]);
				gen_resolve(d, g);
				sockets_update(d, g);
			}
		}
		if (f->kidx != kidx || f->up == up)
			continue;
		f->up = up;
		vgd_log(LOG_INFO, "Netlink reports %s %s", g->plan.ifaces[i], up ? "up" : "down");
		ev.u.link.ifindex = i + 1u;
		ev.u.link.up = up;
		drive(d, now_ns(), &ev);
	}
}

/* fe80::/10 */
static bool ipv6_link_local(const struct vg_addr *a)
{
	return a->family == VG_AF_INET6 && a->bytes[0] == 0xfe && (a->bytes[1] & 0xc0) == 0x80;
}

static void on_addr(void *ctx, uint32_t kidx, const struct vg_addr *a, bool added)
{
	struct vgd *d = ctx;
	struct vgd_gen *g = d->gen;
	uint32_t id = plan_id_of(g, kidx);
	char buf[VG_ADDR_STRLEN];

	if (d->o->address_monitoring)
		vgd_log(LOG_INFO, "Netlink: address %s %s on ifindex %u", fmt_addr(a, buf),
			added ? "added" : "removed", kidx);
	/* an IPv6 source is link-local (RFC 5798 5.1.2.1): a global address (our own VIPs) cannot
	   change it, and each lookup reads every address of the host */
	if (id && (a->family != VG_AF_INET6 || ipv6_link_local(a))) {
		struct vgd_if *f = &g->ifs[id - 1];
		struct vg_addr *cur = a->family == VG_AF_INET ? &f->primary4 : &f->primary6;
		struct vg_addr p = { 0 };

		if (vgl_nl_primary_addr(d->nl, kidx, a->family, &p) == 0 && !vg_addr_eq(&p, cur)) {
			struct vg_vrrp_event ev = { .kind = VG_EV_SRC_ADDR };

			*cur = p;
			ev.u.src.ifindex = id;
			ev.u.src.addr = p;
			drive(d, now_ns(), &ev);
		}
	}
	if (ipv6_link_local(a))
		vmac_sources(d, g, now_ns());
}

static void on_track(void *ctx, uint8_t kind, uint16_t id, bool up, int32_t value)
{
	struct vgd *d = ctx;
	struct vg_vrrp_event ev = { .kind = VG_EV_TRACK };

	ev.u.track.kind = kind;
	ev.u.track.id = id;
	ev.u.track.up = up;
	ev.u.track.value = value;
	drive(d, now_ns(), &ev);
}

static void on_runner_log(void *ctx, int prio, const char *msg)
{
	(void)ctx;
	vgd_log(prio, "%s", msg);
}

static struct vgl_runner *runner_new(struct vgd *d, vg_time now)
{
	struct vgl_runner_cb cb = { .ctx = d, .track = on_track, .log = on_runner_log };

	return vgl_runner_new(d->gen->conf, &cb, now);
}

/*
 * keepalived removes a vrrp_script that cannot run (unsafe under
 * enable_script_security, not found, unknown user) from every instance that
 * tracks it: it no longer weighs on the priority, and its initial state (up,
 * or down with init_fail) does not count either. Before start_instances().
 */
static void untrack_disabled_scripts(struct vgd *d, struct vgd_gen *g, vg_time now)
{
	uint16_t id, i;
	uint8_t k;

	if (!d->runner)
		return;
	for (id = 1; id <= g->conf->scripts.count; id++) {
		struct vg_vrrp_event ev = { .kind = VG_EV_TRACK };
		bool tracked = false;

		if (!vgl_runner_script_disabled(d->runner, id))
			continue;
		for (i = 0; i < g->plan.inst_count && !tracked; i++)
			for (k = 0; k < g->plan.cfg[i].track_count; k++)
				tracked |= g->plan.cfg[i].tracks[k].kind == VG_TRACK_SCRIPT &&
					   g->plan.cfg[i].tracks[k].id == id;
		if (!tracked)
			continue;
		vgd_log(LOG_WARNING, "vrrp_script %s is disabled: removed from tracking",
			g->conf->scripts.items[id - 1].name);
		ev.u.track.kind = VG_TRACK_SCRIPT;
		ev.u.track.id = id;
		ev.u.track.removed = true;
		drive(d, now, &ev);
	}
}

/* ---- reload --------------------------------------------------------------- */

static const char *track_name(const struct vgd_gen *g, uint8_t kind, uint16_t id)
{
	const struct vg_conf *c = g->conf;

	if (!id)
		return "";
	switch (kind) {
	case VG_TRACK_IFACE:
		return id <= g->plan.iface_count ? g->plan.ifaces[id - 1] : "";
	case VG_TRACK_SCRIPT:
		return id <= c->scripts.count ? c->scripts.items[id - 1].name : "";
	case VG_TRACK_FILE:
		return id <= c->track_files.count ? c->track_files.items[id - 1].name : "";
	case VG_TRACK_PROCESS:
		return id <= c->track_processes.count ? c->track_processes.items[id - 1].name : "";
	default:
		return id <= c->bfd_instances.count ? c->bfd_instances.items[id - 1].name : "";
	}
}

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool vips_eq(const struct vg_conf_vips *a, const struct vg_conf_vips *b)
{
	uint32_t i;

	if (a->count != b->count)
		return false;
	for (i = 0; i < a->count; i++) {
		const struct vg_conf_vip *x = &a->items[i], *y = &b->items[i];

		if (!vg_addr_eq(&x->addr, &y->addr) || x->prefix_len != y->prefix_len ||
		    !vg_addr_eq(&x->brd, &y->brd) || x->brd_sign != y->brd_sign || !str_eq(x->dev, y->dev) ||
		    !str_eq(x->scope, y->scope) || !str_eq(x->label, y->label) || x->nodad != y->nodad ||
		    x->home != y->home || x->noprefixroute != y->noprefixroute)
			return false;
	}
	return true;
}

static bool routes_eq(const struct vg_conf_routes *a, const struct vg_conf_routes *b)
{
	uint32_t i, k;

	if (a->count != b->count)
		return false;
	for (i = 0; i < a->count; i++) {
		if (a->items[i].args.count != b->items[i].args.count)
			return false;
		for (k = 0; k < a->items[i].args.count; k++)
			if (!str_eq(a->items[i].args.items[k], b->items[i].args.items[k]))
				return false;
	}
	return true;
}

static bool script_eq(const struct vg_conf_script *a, const struct vg_conf_script *b)
{
	return a == b || (a && b && str_eq(a->cmd, b->cmd) && str_eq(a->user, b->user));
}

static bool addrs_eq(const struct vg_addr *a, const struct vg_addr *b, uint8_t n)
{
	uint8_t k;

	for (k = 0; k < n; k++)
		if (!vg_addr_eq(&a[k], &b[k]))
			return false;
	return true;
}

/* Did instance j of `og` and instance i of `ng` get the same configuration? */
static bool same_instance(const struct vgd_gen *og, uint16_t j, const struct vgd_gen *ng, uint16_t i)
{
	struct vg_vrrp_config a = og->plan.cfg[j], b = ng->plan.cfg[i];
	const struct vg_conf_instance *x = og->plan.src[j], *y = ng->plan.src[i];
	uint8_t k;

	if (!str_eq(track_name(og, VG_TRACK_IFACE, a.ifindex), track_name(ng, VG_TRACK_IFACE, b.ifindex)))
		return false;
	if (a.track_count != b.track_count || a.vip_count != b.vip_count || a.peer_count != b.peer_count)
		return false;
	/* tracked objects by kind, name and how they count (ids are each generation's own) */
	for (k = 0; k < a.track_count; k++) {
		struct vg_track_ref ra = a.tracks[k], rb = b.tracks[k];

		if (ra.kind != rb.kind || !str_eq(track_name(og, ra.kind, ra.id), track_name(ng, rb.kind, rb.id)))
			return false;
		ra.id = rb.id = 0;
		if (memcmp(&ra, &rb, sizeof(ra)))
			return false;
	}
	if (!addrs_eq(a.vips, b.vips, a.vip_count) || !addrs_eq(a.peers, b.peers, a.peer_count))
		return false;
	/* the rest field by field: the lists are compared above, their storage differs */
	a.id = b.id = 0;
	a.ifindex = b.ifindex = 0;
	a.vips = b.vips = NULL;
	a.peers = b.peers = NULL;
	a.tracks = b.tracks = NULL;
	if (memcmp(&a, &b, sizeof(a)))
		return false;
	return vips_eq(&x->vips, &y->vips) && vips_eq(&x->evips, &y->evips) && routes_eq(&x->routes, &y->routes) &&
	       routes_eq(&x->rules, &y->rules) && x->use_vmac == y->use_vmac && str_eq(x->vmac_name, y->vmac_name) &&
	       x->vmac_xmit_base == y->vmac_xmit_base && str_eq(x->sync_group, y->sync_group) &&
	       script_eq(x->notify_master, y->notify_master) && script_eq(x->notify_backup, y->notify_backup) &&
	       script_eq(x->notify_fault, y->notify_fault) && script_eq(x->notify_stop, y->notify_stop) &&
	       script_eq(x->notify, y->notify) && script_eq(x->notify_deleted, y->notify_deleted) &&
	       x->notify_deleted_set == y->notify_deleted_set &&
	       script_eq(x->notify_master_rx_lower_pri, y->notify_master_rx_lower_pri);
}

/* Index of the entry named `name` in an array of n records whose name is at `name_off`, or -1. */
static int find_named(const void *items, size_t size, size_t name_off, uint16_t n, const char *name)
{
	uint16_t i;

	for (i = 0; i < n; i++)
		if (!strcmp((const char *)items + i * size + name_off, name))
			return i;
	return -1;
}

static int find_instance(const struct vgd_gen *g, const char *name)
{
	return find_named(g->plan.cfg, sizeof(*g->plan.cfg), offsetof(struct vg_vrrp_config, name),
			  g->plan.inst_count, name);
}

static int find_group(const struct vgd_gen *g, const char *name)
{
	return find_named(g->plan.groups, sizeof(*g->plan.groups), offsetof(struct vg_sync_group, name),
			  g->plan.group_count, name);
}

static void reload(struct vgd *d)
{
	struct vgd_gen *og = d->gen, *ng;
	struct vg_actions acts;
	vg_time now;
	uint16_t i, kept = 0, stopped = 0, started = 0;
	int8_t *carried;
	int *to;
	int *from;

	vgd_log(LOG_INFO, "Reloading configuration %s", d->o->conf);
	vgd_sd_notify("RELOADING=1");
	ng = gen_load(d->o, true);
	if (!ng) {
		vgd_log(LOG_ERR, "reload failed: keeping the running configuration");
		goto out;
	}
	if (abuf_fit(d, ng)) {
		gen_free(ng);
		vgd_log(LOG_ERR, "reload failed: out of memory");
		goto out;
	}
	carried = calloc(og->plan.inst_count + 1u, 1);
	from = calloc(ng->plan.inst_count + 1u, sizeof(*from));
	if (!carried || !from) {
		free(carried);
		free(from);
		gen_free(ng);
		vgd_log(LOG_ERR, "reload failed: out of memory");
		goto out;
	}
	for (i = 0; i < ng->plan.inst_count; i++) {
		int j = find_instance(og, ng->plan.cfg[i].name);

		from[i] = -1;
		if (j >= 0 && og->started && same_instance(og, (uint16_t)j, ng, i)) {
			from[i] = j;
			carried[j] = 1;
		}
	}
	/* a sync group whose membership changed restarts all its members */
	for (i = 0; i < ng->plan.group_count; i++) {
		int gj = find_group(og, ng->plan.groups[i].name);
		bool same = gj >= 0 && og->plan.groups[gj].count == ng->plan.groups[i].count;
		uint8_t k;

		for (k = 0; same && k < ng->plan.groups[i].count; k++)
			same = from[ng->plan.groups[i].members[k]] == og->plan.groups[gj].members[k];
		if (same) {
			ng->plan.groups[i].state = og->plan.groups[gj].state;
			continue;
		}
		for (k = 0; k < ng->plan.groups[i].count; k++) {
			int *f = &from[ng->plan.groups[i].members[k]];

			if (*f >= 0)
				carried[*f] = 0;
			*f = -1;
		}
	}
	now = now_ns();
	/* stop what goes away or changes, in the old generation */
	for (i = 0; i < og->plan.inst_count; i++) {
		struct vg_vrrp_event ev = { .kind = VG_EV_SHUTDOWN };

		if (carried[i])
			continue;
		vg_actions_init(&acts, d->abuf, d->acap);
		vg_vrrp_input(&og->inst[i], core_time(d, now), &ev, &acts);
		if (find_instance(ng, og->plan.cfg[i].name) < 0) {
			size_t k;

			/* gone from the file: keepalived's notify_deleted (DELETED, else FAULT), not STOP */
			for (k = 0; k < acts.len; k++)
				if (acts.v[k].kind == VG_ACT_NOTIFY && !acts.v[k].group &&
				    acts.v[k].u.notify.what == VG_NOTIFY_STOP)
					acts.v[k].u.notify.what = VG_NOTIFY_DELETED;
		}
		exec_actions(d, og, &acts);
		if (og->vips_on[i])
			vips_apply(d, og, i, false, og->plan.cfg[i].accept);
		stopped++;
	}
	/* move the unchanged ones over, state, timers and VIPs untouched */
	for (i = 0; i < ng->plan.inst_count; i++) {
		struct vg_vrrp_instance *n = &ng->inst[i];

		if (from[i] < 0)
			continue;
		*n = og->inst[from[i]];
		n->cfg = &ng->plan.cfg[i];
		n->track.ref = ng->plan.cfg[i].tracks; /* the same objects, by the new generation's ids */
		ng->vips_on[i] = og->vips_on[from[i]];
		ng->vmac_kidx[i] = og->vmac_kidx[from[i]];
		og->vmac_kidx[from[i]] = 0;
		kept++;
	}
	vg_router_reindex(&ng->router); /* the moved instances carry the old router's bookkeeping */
	for (i = 0; i < og->plan.inst_count; i++)
		if (og->vmac_kidx[i])
			vgl_nl_link_delete(d->nl, og->vmac_kidx[i]);
	d->gen = ng;
	gen_resolve(d, ng);
	/* queued gratuitous ARPs / NAs of the instances kept go on; the others' are dropped */
	to = malloc((og->plan.inst_count + 1u) * sizeof(*to));
	if (to) {
		for (i = 0; i < og->plan.inst_count; i++)
			to[i] = -1;
		for (i = 0; i < ng->plan.inst_count; i++)
			if (from[i] >= 0)
				to[from[i]] = (int)i;
		garp_carry(d, ng, to);
		free(to);
	} else {
		garp_forget(d, -1);
	}
	/* keep the joined-group bookkeeping: the socket memberships survive */
	for (i = 0; i < ng->plan.iface_count; i++) {
		uint16_t k;

		for (k = 0; k < og->plan.iface_count; k++)
			if (ng->ifs[i].kidx && ng->ifs[i].kidx == og->ifs[k].kidx) {
				ng->ifs[i].joined4 = og->ifs[k].joined4;
				ng->ifs[i].joined6 = og->ifs[k].joined6;
			}
	}
	sockets_update(d, ng);
	/* the old runner's notify scripts (notify_stop, notify_deleted) finish in the background */
	vgl_runner_free(d->retired);
	d->retired = d->runner;
	vgl_runner_retire(d->retired);
	d->runner = runner_new(d, now);
	untrack_disabled_scripts(d, ng, now_ns());
	for (i = 0; i < ng->plan.inst_count; i++)
		started += from[i] < 0;
	start_instances(d, ng, now_ns());
	free(carried);
	free(from);
	gen_free(og);
	vgd_log(LOG_INFO, "Reload done: %u instance(s) kept running, %u stopped, %u started", kept, stopped,
		started);
out:
	vgd_sd_notify("READY=1");
	return;
}

/* ---- state dump (SIGUSR1) ---------------------------------------------------- */

static void dump_state(struct vgd *d)
{
	const char *path = getenv("VIGILD_DUMP_FILE") ? getenv("VIGILD_DUMP_FILE") : VGD_DUMP_FILE;
	FILE *f = fopen(path, "we");
	struct vgd_gen *g = d->gen;
	char a[VG_ADDR_STRLEN];
	uint16_t i;
	int r;

	if (!f) {
		vgd_log(LOG_ERR, "state dump: cannot write %s: %s", path, strerror(errno));
		return;
	}
	fprintf(f, "------< vigild VRRP state >------\n");
	fprintf(f, " Configuration file = %s\n", d->o->conf);
	fprintf(f, " Packets received = %llu (not for an instance's interface %llu, dropped %llu), send errors %llu\n",
		(unsigned long long)d->rx_packets, (unsigned long long)d->rx_unmapped,
		(unsigned long long)d->rx_dropped, (unsigned long long)d->tx_errors);
	fprintf(f, " Packet reads = %llu (receive coalescing window %llu us)\n", (unsigned long long)d->rx_reads,
		(unsigned long long)(g->rx_hold / 1000));
	fprintf(f, " Unknown VRID = %llu\n", (unsigned long long)g->router.rx_unknown_vrid);
	for (i = 0; i < g->plan.inst_count; i++) {
		const struct vg_vrrp_instance *in = &g->inst[i];
		const struct vg_vrrp_config *c = in->cfg;
		uint32_t k;

		fprintf(f, " VRRP Instance = %s\n", c->name);
		fprintf(f, "   State = %s\n", vg_vrrp_state_name(in->state));
		fprintf(f, "   Interface = %s\n", c->ifindex ? g->plan.ifaces[c->ifindex - 1] : "(none)");
		fprintf(f, "   Virtual Router ID = %u\n   Version = %u\n", c->vrid, c->version);
		fprintf(f, "   Base priority = %u\n   Effective priority = %u\n", c->priority, in->priority);
		fprintf(f, "   Advert interval = %u cs (master's %u cs)\n", c->adver_int_cs, in->master_adver_int_cs);
		if (in->state == VG_STATE_BACKUP)
			fprintf(f, "   Master = %s priority %u\n", fmt_addr(&in->master_addr, a), in->master_priority);
		fprintf(f, "   Source = %s\n", fmt_addr(&in->primary, a));
		fprintf(f, "   VIPs installed = %s\n", g->vips_on[i] ? "yes" : "no");
		for (k = 0; k < c->vip_count; k++)
			fprintf(f, "     %s\n", fmt_addr(&c->vips[k], a));
		fprintf(f, "   Adverts rx = %llu tx = %llu, became master %llu, released %llu\n",
			(unsigned long long)in->stats.rx_adverts, (unsigned long long)in->stats.tx_adverts,
			(unsigned long long)in->stats.became_master, (unsigned long long)in->stats.released_master);
		for (r = 0; r < VG_DROP__COUNT; r++)
			if (in->stats.drops[r])
				fprintf(f, "   Dropped (%s) = %llu\n", vg_vrrp_drop_name((enum vg_vrrp_drop)r),
					(unsigned long long)in->stats.drops[r]);
	}
	for (i = 0; i < g->plan.group_count; i++)
		fprintf(f, " VRRP Sync Group = %s, %s\n", g->plan.groups[i].name,
			vg_vrrp_state_name(g->plan.groups[i].state));
	if (d->runner)
		vgl_runner_dump(d->runner, f);
	fclose(f);
	vgd_log(LOG_INFO, "state written to %s", path);
}

/* ---- the loop --------------------------------------------------------------- */

static vg_time next_deadline(struct vgd *d)
{
	vg_time t = vg_router_next_deadline(&d->gen->router);

	if (d->runner)
		t = vg_time_min(t, vgl_runner_next_deadline(d->runner));
	t = vg_time_min(t, garp_deadline(d));
	return vg_time_min(t, d->startup_at);
}

static void run_timers(struct vgd *d)
{
	vg_time now = now_ns();

	if (d->startup_at <= now) {
		d->startup_at = VG_TIME_NEVER;
		start_instances(d, d->gen, now);
	}
	if (vg_router_next_deadline(&d->gen->router) <= now) {
		struct vg_vrrp_event ev = { .kind = VG_EV_TIMER };

		drive(d, now, &ev);
	}
	if (d->runner && vgl_runner_next_deadline(d->runner) <= now)
		vgl_runner_timer(d->runner, now);
	if (garp_deadline(d) <= now)
		garp_run(d, now);
}

static struct timespec timespec_of(vg_time t)
{
	struct timespec ts = { .tv_sec = (time_t)(t / VG_S(1)), .tv_nsec = (long)(t % VG_S(1)) };

	return ts;
}

static void arm_timer(struct vgd *d)
{
	struct itimerspec its;
	vg_time t = next_deadline(d);

	/* still pending as armed (a burst of adverts often leaves the earliest deadline alone) */
	if (t == d->armed_at && t != VG_TIME_NEVER && t > now_ns())
		return;
	d->armed_at = t;
	memset(&its, 0, sizeof(its));
	if (t != VG_TIME_NEVER)
		its.it_value = timespec_of(t ? t : 1); /* 0 would disarm */
	timerfd_settime(d->tfd, TFD_TIMER_ABSTIME, &its, NULL);
}

static void epoll_add(struct vgd *d, int fd, uint32_t tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = tag };

	if (fd >= 0)
		epoll_ctl(d->epfd, EPOLL_CTL_ADD, fd, &ev);
}

static void handle_signals(struct vgd *d)
{
	struct signalfd_siginfo si;

	while (read(d->sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGHUP:
			reload(d);
			break;
		case SIGTERM:
		case SIGINT:
			vgd_log(LOG_INFO, "Stopping (signal %u)", si.ssi_signo);
			d->stop = true;
			break;
		case SIGUSR1:
			dump_state(d);
			break;
		case SIGCHLD:
			if (d->runner)
				vgl_runner_child_exited(d->runner, now_ns());
			if (d->retired) {
				vgl_runner_child_exited(d->retired, now_ns());
				if (!vgl_runner_notifies_running(d->retired)) {
					vgl_runner_free(d->retired);
					d->retired = NULL;
				}
			}
			break;
		default:
			break;
		}
	}
}

static int setup_fds(struct vgd *d, char *err, size_t n)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	d->sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	d->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	d->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (d->sfd < 0 || d->tfd < 0 || d->epfd < 0) {
		snprintf(err, n, "event loop: %s", strerror(errno));
		return -1;
	}
	epoll_add(d, d->tfd, TAG_TIMER);
	epoll_add(d, d->sfd, TAG_SIGNAL);
	epoll_add(d, d->sock.fd4, TAG_SOCK4);
	epoll_add(d, d->sock.fd6, TAG_SOCK6);
	epoll_add(d, vgl_nl_monitor_fd(d->nl), TAG_NL);
	if (d->runner)
		epoll_add(d, vgl_runner_fd(d->runner), TAG_RUNNER);
	return 0;
}

static void sleep_until(vg_time t)
{
	struct timespec ts = timespec_of(t);

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

static void loop(struct vgd *d)
{
	struct vgl_nl_events nle = { .ctx = d, .link = on_link, .addr = on_addr };
	struct epoll_event evs[16];
	int n, i, runner_fd = d->runner ? vgl_runner_fd(d->runner) : -1;
	const struct vgl_runner *seen = d->runner;
	bool hold = false;

	run_timers(d); /* timers first: our adverts before anyone's packets */
	while (!d->stop) {
		bool r4 = false, r6 = false, full = false;

		if (hold) {
			/* coalescing (rx_hold_window): sleep, then take what came, packets first */
			vg_time until = vg_time_min(now_ns() + d->gen->rx_hold, next_deadline(d));

			if (until > now_ns())
				sleep_until(until);
			n = epoll_wait(d->epfd, evs, 16, 0);
		} else {
			arm_timer(d);
			n = epoll_wait(d->epfd, evs, 16, -1);
		}
		if (n < 0 && errno != EINTR)
			break;
		for (i = 0; i < n && !d->stop; i++) {
			uint64_t ticks;

			switch (evs[i].data.u32) {
			case TAG_TIMER:
				if (read(d->tfd, &ticks, sizeof(ticks)) < 0)
					(void)0;
				break;
			case TAG_SIGNAL:
				handle_signals(d);
				/* a reload may have replaced the runner and its descriptor (perhaps with
				   the same number: compare runners, not numbers) */
				if (d->runner != seen) {
					if (runner_fd >= 0)
						epoll_ctl(d->epfd, EPOLL_CTL_DEL, runner_fd, NULL);
					runner_fd = d->runner ? vgl_runner_fd(d->runner) : -1;
					epoll_add(d, runner_fd, TAG_RUNNER);
					seen = d->runner;
				}
				break;
			case TAG_SOCK4:
				r4 = true;
				break;
			case TAG_SOCK6:
				r6 = true;
				break;
			case TAG_NL:
				vgl_nl_monitor_dispatch(d->nl, &nle);
				break;
			case TAG_RUNNER:
				if (d->runner)
					vgl_runner_fd_ready(d->runner, now_ns());
				break;
			}
		}
		/* what the sockets hold arrived before now: before the timers that are due now */
		if ((r4 || r6) && !d->stop && read_packets(d, r4, r6, &full) > 0) {
			vg_time now = now_ns();

			/* hold while packets come faster than one a window (a sparse stream would
			   only pay a second wake-up per packet) */
			hold = !full && d->gen->rx_hold && (hold || now - d->last_read < d->gen->rx_hold);
			d->last_read = now;
		} else {
			hold = false;
		}
		run_timers(d);
	}
}

/* ---- start, stop ------------------------------------------------------------ */

/* Remove VIPs a crashed predecessor left (never an address owner's: priority 255 means they are real). */
static unsigned clean_stale(struct vgd *d, struct vgd_gen *g, bool links_too)
{
	unsigned removed = 0;
	uint16_t i;
	char err[256], a[VG_ADDR_STRLEN];

	for (i = 0; i < g->plan.inst_count; i++) {
		const struct vg_conf_instance *ci = g->plan.src[i];
		const struct vg_conf_vips *lists[2] = { &ci->vips, &ci->evips };
		uint32_t k, j;

		if (g->plan.cfg[i].priority == 255)
			continue;
		for (k = 0; k < 2; k++)
			for (j = 0; j < lists[k]->count; j++) {
				const struct vg_conf_vip *v = &lists[k]->items[j];
				uint32_t kidx = vip_ifindex(d, g, i, v);

				if (!kidx || !vgl_nl_vip_present(d->nl, kidx, &v->addr))
					continue;
				if (vgl_nl_vip_del(d->nl, kidx, v, err, sizeof(err)) == 0) {
					removed++;
					vgd_log(LOG_INFO, "(%s) removed stale VIP %s", ci->name, fmt_addr(&v->addr, a));
				}
			}
		for (j = 0; j < ci->routes.count; j++)
			vgl_nl_route_apply(d->nl, &ci->routes.items[j], vg_vrrp_plan_table(&g->plan, i, false, j), false,
					   g->tx_kidx[i], err, sizeof(err));
		for (j = 0; j < ci->rules.count; j++)
			vgl_nl_rule_apply(d->nl, &ci->rules.items[j], vg_vrrp_plan_table(&g->plan, i, true, j), false,
					  err, sizeof(err));
		if (links_too && (ci->use_vmac || ci->strict)) {
			char name[32];
			uint32_t kidx = vgl_nl_ifindex(d->nl, vmac_name(ci, &g->plan.cfg[i], name, sizeof(name)));

			if (kidx && vgl_nl_link_delete(d->nl, kidx) == 0)
				vgd_log(LOG_INFO, "(%s) removed vmac %s", ci->name, name);
		}
	}
	return removed;
}

static void report_ipvs(const struct vgd_gen *g, const struct vgd_opts *o)
{
	if (!g->conf->virtual_servers.count && !o->check_only)
		return;
	if (access("/proc/net/ip_vs", F_OK) == 0) {
		vgd_log(LOG_WARNING, "%u virtual_server block(s): the LVS side is not part of vigild yet; "
			"they are not applied", g->conf->virtual_servers.count);
		return;
	}
	vgd_log(LOG_WARNING, "IPVS is unavailable on this kernel (no /proc/net/ip_vs, CONFIG_IP_VS off?): "
		"%u virtual_server block(s) not applied; the VRRP side keeps running",
		g->conf->virtual_servers.count);
}

/* The first argument of a global_defs keyword kept verbatim by the parser, or NULL. */
static const char *global_arg(const struct vg_conf *c, const char *keyword)
{
	const struct vg_conf_kv *kv = vg_conf_extra_find(c->global.extra, keyword);

	return kv && kv->args.count ? kv->args.items[0] : NULL;
}

static bool global_long(const struct vg_conf *c, const char *keyword, long lo, long hi, long *out)
{
	const char *a = global_arg(c, keyword);
	char *end;
	long v;

	if (!a)
		return false;
	v = strtol(a, &end, 10);
	if (*end || v < lo || v > hi) {
		vgd_log(LOG_WARNING, "%s %s: not in %ld..%ld, ignored", keyword, a, lo, hi);
		return false;
	}
	*out = v;
	return true;
}

/*
 * keepalived.conf(5) global_defs: vrrp_priority (nice -20..19), vrrp_rt_priority
 * (SCHED_RR 1..99) with vrrp_rlimit_rttime (CPU us between blocking calls, default
 * 10000, so a runaway real-time loop is stopped by the kernel). Children (scripts)
 * start as normal processes again (SCHED_RESET_ON_FORK). vrrp_no_swap locks the
 * daemon's memory, present and future (mlockall; a fork's child is not locked).
 */
static void apply_sched(const struct vg_conf *c)
{
	long v;

	if (vg_conf_extra_find(c->global.extra, "vrrp_no_swap") && mlockall(MCL_CURRENT | MCL_FUTURE))
		vgd_log(LOG_WARNING, "vrrp_no_swap: %s", strerror(errno));

	if (global_long(c, "vrrp_priority", -20, 19, &v) && setpriority(PRIO_PROCESS, 0, (int)v))
		vgd_log(LOG_WARNING, "vrrp_priority %ld: %s", v, strerror(errno));
	if (global_long(c, "vrrp_rt_priority", 1, 99, &v)) {
		struct sched_param sp = { .sched_priority = (int)v };
		long rt = 10000;
		struct rlimit rl;

		global_long(c, "vrrp_rlimit_rttime", 2, 100000000, &rt);
		rl.rlim_cur = rl.rlim_max = (rlim_t)rt;
		if (setrlimit(RLIMIT_RTTIME, &rl))
			vgd_log(LOG_WARNING, "vrrp_rlimit_rttime %ld: %s", rt, strerror(errno));
		if (sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &sp))
			vgd_log(LOG_WARNING, "vrrp_rt_priority %ld: %s", v, strerror(errno));
	}
}

static int enter_namespace(const char *name)
{
	char path[256];
	int fd, rc;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		vgd_log(LOG_ERR, "network namespace %s: %s", name, strerror(errno));
		return -1;
	}
	rc = setns(fd, CLONE_NEWNET);
	close(fd);
	if (rc)
		vgd_log(LOG_ERR, "entering network namespace %s: %s", name, strerror(errno));
	return rc;
}

static void shutdown_all(struct vgd *d)
{
	struct vg_vrrp_event ev = { .kind = VG_EV_SHUTDOWN };
	uint16_t i;
	struct vgd_gen *g = d->gen;

	vgd_sd_notify("STOPPING=1");
	drive(d, now_ns(), &ev);
	for (i = 0; i < g->plan.inst_count; i++) {
		if (g->vips_on[i] && !d->o->dont_release_vrrp)
			vips_apply(d, g, i, false, g->plan.cfg[i].accept);
		if (g->vmac_kidx[i] && !d->o->dont_release_vrrp)
			vgl_nl_link_delete(d->nl, g->vmac_kidx[i]);
	}
	/* let notify_stop scripts finish (at most 5 s), as keepalived waits for them */
	if (d->runner) {
		vg_time until = now_ns() + VG_S(5);
		struct pollfd p = { .fd = d->sfd, .events = POLLIN };

		while ((vgl_runner_notifies_running(d->runner) ||
			(d->retired && vgl_runner_notifies_running(d->retired))) && now_ns() < until) {
			if (poll(&p, 1, 50) > 0)
				handle_signals(d);
			vgl_runner_child_exited(d->runner, now_ns());
			if (d->retired)
				vgl_runner_child_exited(d->retired, now_ns());
		}
	}
}

int vgd_run(const struct vgd_opts *o, int ready_fd)
{
	struct vgd d;
	char err[256];
	int rc = 1;

	memset(&d, 0, sizeof(d));
	d.o = o;
	d.garp_fd = d.epfd = d.tfd = d.sfd = -1;
	d.sock.fd4 = d.sock.fd6 = -1;
	d.startup_at = VG_TIME_NEVER;
	if (o->namespace_name && enter_namespace(o->namespace_name))
		return 1;
	/* timers fire on time: the kernel's default slack lets a timer of a normal thread
	   expire up to 50 us late to batch wake-ups */
	prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
	if (vgd_pidfile_running(o->pid_file) > 0) {
		vgd_log(LOG_ERR, "daemon is already running (pid file %s)", o->pid_file);
		return 1;
	}
	d.nl = vgl_nl_open(err, sizeof(err));
	if (!d.nl) {
		vgd_log(LOG_ERR, "netlink: %s", err);
		return 1;
	}
	d.gen = gen_load(o, false);
	if (!d.gen)
		goto out;
	report_ipvs(d.gen, o);
	apply_sched(d.gen->conf);
	if (o->check_only)
		vgd_log(LOG_WARNING, "-C: vigild has no health-checker side to run; idling");
	if (o->dump_conf) {
		static char jbuf[1 << 20];
		struct vg_json j;

		vg_json_init(&j, jbuf, sizeof(jbuf));
		vg_json_conf(&j, NULL, d.gen->conf);
		printf("%s\n", jbuf);
	}
	gen_resolve(&d, d.gen);
	clean_stale(&d, d.gen, false);
	/* open both families: a reload may add the other one */
	if (vgd_vrrp_sock_open(&d.sock, true, true, err, sizeof(err))) {
		vgd_log(LOG_ERR, "%s", err);
		goto out;
	}
	d.garp_fd = vgd_garp_open(err, sizeof(err));
	if (d.garp_fd < 0)
		vgd_log(LOG_ERR, "%s", err);
	d.rxbufs = calloc(VGD_RX_BATCH, VGD_RX_BUF);
	if (abuf_fit(&d, d.gen) || !d.rxbufs)
		goto out;
	sockets_update(&d, d.gen);
	d.runner = runner_new(&d, now_ns());
	if (setup_fds(&d, err, sizeof(err))) {
		vgd_log(LOG_ERR, "%s", err);
		goto out;
	}
	untrack_disabled_scripts(&d, d.gen, now_ns());
	if (d.gen->conf->global.vrrp_startup_delay_ns > 0)
		d.startup_at = now_ns() + d.gen->conf->global.vrrp_startup_delay_ns;
	else
		start_instances(&d, d.gen, now_ns());
	if (vgd_pidfile_write(o->pid_file) || vgd_pidfile_write(o->vrrp_pid_file))
		vgd_log(LOG_WARNING, "cannot write pid file %s: %s", o->pid_file, strerror(errno));
	vgd_log(LOG_INFO, "vigild %s started: %u VRRP instance(s), %u sync group(s)", VIGIL_VERSION,
		d.gen->plan.inst_count, d.gen->plan.group_count);
	if (ready_fd >= 0) {
		if (write(ready_fd, "R", 1) < 0)
			(void)0;
		close(ready_fd);
	}
	{
		char ready[64];

		snprintf(ready, sizeof(ready), "READY=1\nMAINPID=%lu", (unsigned long)getpid());
		vgd_sd_notify(ready);
	}
	loop(&d);
	shutdown_all(&d);
	rc = 0;
	vgd_pidfile_remove(o->pid_file);
	vgd_pidfile_remove(o->vrrp_pid_file);
out:
	vgl_runner_free(d.retired);
	if (d.runner)
		vgl_runner_free(d.runner);
	if (d.na && !o->dont_release_vrrp)
		vgd_noaccept_close(d.na);
	gen_free(d.gen);
	vgd_vrrp_sock_close(&d.sock);
	if (d.garp_fd >= 0)
		close(d.garp_fd);
	if (d.epfd >= 0)
		close(d.epfd);
	if (d.tfd >= 0)
		close(d.tfd);
	if (d.sfd >= 0)
		close(d.sfd);
	free(d.abuf);
	free(d.rxbufs);
	free(d.garpq);
	vgl_nl_close(d.nl);
	vgd_log(LOG_INFO, "Stopped");
	return rc;
}

int vgd_cleanup(const struct vgd_opts *o)
{
	struct vgd d;
	char err[256];
	long pid;
	unsigned n;

	memset(&d, 0, sizeof(d));
	d.o = o;
	d.garp_fd = -1;
	if (o->namespace_name && enter_namespace(o->namespace_name))
		return 1;
	pid = vgd_pidfile_running(o->pid_file);
	if (pid > 0) {
		vgd_log(LOG_ERR, "--cleanup: vigild (pid %ld) is running; stop it first", pid);
		return 1;
	}
	d.nl = vgl_nl_open(err, sizeof(err));
	if (!d.nl) {
		vgd_log(LOG_ERR, "netlink: %s", err);
		return 1;
	}
	d.gen = gen_load(o, false);
	if (!d.gen) {
		vgl_nl_close(d.nl);
		return 1;
	}
	{
		uint16_t i;

		for (i = 0; i < d.gen->plan.iface_count; i++)
			resolve_iface(&d, d.gen, i);
		for (i = 0; i < d.gen->plan.inst_count; i++) {
			const struct vg_vrrp_config *c = &d.gen->plan.cfg[i];
			const struct vg_conf_instance *ci = d.gen->plan.src[i];
			char name[32];

			d.gen->tx_kidx[i] = c->ifindex ? d.gen->ifs[c->ifindex - 1].kidx : 0;
			if (ci->use_vmac || ci->strict)
				d.gen->vmac_kidx[i] = vgl_nl_ifindex(d.nl, vmac_name(ci, c, name, sizeof(name)));
		}
	}
	n = clean_stale(&d, d.gen, true);
	if (vgd_noaccept_cleanup() == 0)
		vgd_log(LOG_INFO, "--cleanup: removed the no_accept nftables table");
	vgd_log(LOG_INFO, "--cleanup: removed %u VIP(s)", n);
	vgd_pidfile_remove(o->pid_file);
	vgd_pidfile_remove(o->vrrp_pid_file);
	gen_free(d.gen);
	vgl_nl_close(d.nl);
	return 0;
}

static bool has_scripts(const struct vg_conf *c)
{
	uint32_t i;

	if (c->scripts.count)
		return true;
	for (i = 0; i < c->instances.count; i++) {
		const struct vg_conf_instance *in = &c->instances.items[i];

		if (in->notify_master || in->notify_backup || in->notify_fault || in->notify_stop || in->notify ||
		    in->notify_deleted || in->notify_master_rx_lower_pri)
			return true;
	}
	for (i = 0; i < c->sync_groups.count; i++) {
		const struct vg_conf_sync_group *g = &c->sync_groups.items[i];

		if (g->notify_master || g->notify_backup || g->notify_fault || g->notify_stop || g->notify)
			return true;
	}
	return false;
}

int vgd_config_test(const struct vgd_opts *o)
{
	struct vg_diags dg;
	struct vg_conf *conf = NULL;
	struct vg_vrrp_plan plan;
	struct utsname u;
	FILE *out = stderr;
	int rc, status = 0;

	if (o->config_test_log) {
		out = fopen(o->config_test_log, "we");
		if (!out) {
			fprintf(stderr, "vigild: cannot write %s: %s\n", o->config_test_log, strerror(errno));
			return 3;
		}
	}
	vg_diags_init(&dg);
	rc = vg_conf_load(o->conf, config_id(o, &u), &conf, &dg);
	if (!conf || rc == VG_CONF_ERR_IO || rc == VG_CONF_ERR_NOMEM) {
		print_diags(&dg, out);
		fprintf(out, "%s: cannot be read: the daemon cannot run\n", o->conf);
		status = 3;
		goto done;
	}
	memset(&plan, 0, sizeof(plan));
	if (vgl_plan_build(conf, &plan, &dg) != VG_CONF_ERR_NOMEM)
		vg_vrrp_plan_free(&plan);
	vg_host_check(conf, &dg);
	vg_diags_sort(&dg);
	print_diags(&dg, out);
	/*
	 * keepalived(8) "Exit status": 4 when there are configuration errors it
	 * works around (every finding of the parser and host checks is one:
	 * keepalived ignores the line or the instance), 5 when scripts are
	 * configured without script security; keepalived 2.2.7 reports the
	 * latter even when there are errors too.
	 */
	if (has_scripts(conf) && !conf->global.enable_script_security)
		status = 5;
	else if (dg.errors || dg.warnings)
		status = 4;
	fprintf(out, "%s: %u error(s), %u warning(s)%s\n", o->conf, dg.errors, dg.warnings,
		status == 5 ? "; scripts are configured without enable_script_security" : "");
	vg_conf_free(conf);
done:
	vg_diags_free(&dg);
	if (out != stderr)
		fclose(out);
	return status;
}
