/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the BFD driver (bfd_driver.h): sessions of core/bfd on the loop.
 */
#include "bfd_driver.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <syslog.h>
#include <unistd.h>

#include "bfd/session.h"
#include "log.h"

struct bsess {
	struct vg_bfd_session s;
	const char *name;     /* in the configuration it came from */
	uint16_t id;          /* 1 + index in conf->bfd_instances */
	struct vg_addr nbr, src;
	uint8_t ttl;
	int16_t max_hops;
	bool to_vrrp, to_checker;
	int txfd;
	bool published_up;
	uint64_t tx_errors;
};

struct vgd_bfd {
	const struct vgd_opts *o;
	struct vgl_loop *loop;
	struct bsess *ss, *next; /* running; prepared by a reload */
	uint32_t n, next_n;
	int rx4, rx6;
	struct vgd_bfd_hooks hooks;
	uint64_t rng;
	uint64_t rx_dropped[VG_BFD_E__COUNT];
	bool started;
};

static uint32_t rnd32(struct vgd_bfd *b)
{
	/* xorshift64*, seeded from getrandom(2): jitter (RFC 5880 6.8.7) needs no more */
	b->rng ^= b->rng >> 12;
	b->rng ^= b->rng << 25;
	b->rng ^= b->rng >> 27;
	return (uint32_t)((b->rng * UINT64_C(2685821657736338717)) >> 32);
}

static socklen_t to_sockaddr(const struct vg_addr *a, uint16_t port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == VG_AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		memcpy(&s6->sin6_addr, a->bytes, 16);
		return sizeof(*s6);
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	s4->sin_family = AF_INET;
	s4->sin_port = htons(port);
	memcpy(&s4->sin_addr, a->bytes, 4);
	return sizeof(*s4);
}

static bool wants(const struct vg_conf_bfd_instance *ci, const struct bsess *s)
{
	return ci->min_rx_us == s->s.cfg.required_min_rx_us && ci->min_tx_us == s->s.cfg.desired_min_tx_us &&
	       ci->idle_tx_us == s->s.cfg.idle_tx_us && ci->multiplier == s->s.cfg.detect_mult &&
	       ci->passive == s->s.cfg.passive && vg_addr_eq(&ci->neighbor_ip, &s->nbr) &&
	       vg_addr_eq(&ci->source_ip, &s->src);
}

static uint32_t new_disc(struct vgd_bfd *b, const struct bsess *list, uint32_t n)
{
	for (;;) {
		uint32_t d = rnd32(b), i;
		bool used = d == 0;

		for (i = 0; i < n && !used; i++)
			used = list[i].s.cfg.local_disc == d;
		for (i = 0; i < b->n && !used; i++)
			used = b->ss[i].s.cfg.local_disc == d;
		if (!used)
			return d;
	}
}

/* The sessions `conf` asks for; those equal to a running one are carried over (state kept). */
static struct bsess *build(struct vgd_bfd *b, const struct vg_conf *conf, uint32_t *count)
{
	struct bsess *list = calloc(conf->bfd_instances.count ? conf->bfd_instances.count : 1, sizeof(*list));
	uint32_t i, k;

	if (!list)
		return NULL;
	for (i = 0; i < conf->bfd_instances.count; i++) {
		const struct vg_conf_bfd_instance *ci = &conf->bfd_instances.items[i];
		struct bsess *s = &list[i];
		struct vg_bfd_config c;

		s->txfd = -1;
		for (k = 0; k < b->n; k++)
			if (b->ss[k].txfd >= 0 && b->ss[k].name && ci->name && !strcmp(b->ss[k].name, ci->name) &&
			    wants(ci, &b->ss[k])) {
				*s = b->ss[k];
				b->ss[k].txfd = -1; /* moved */
				break;
			}
		s->name = ci->name ? ci->name : "";
		s->id = (uint16_t)(i + 1);
		s->nbr = ci->neighbor_ip;
		s->src = ci->source_ip;
		s->ttl = ci->ttl ? ci->ttl : ci->neighbor_ip.family == VG_AF_INET6 ? 64 : 255;
		s->max_hops = ci->max_hops > s->ttl ? s->ttl : ci->max_hops;
		s->to_vrrp = ci->vrrp || !ci->checker;
		s->to_checker = ci->checker || !ci->vrrp;
		if (k < b->n)
			continue;
		vg_bfd_config_defaults(&c);
		c.local_disc = new_disc(b, list, i);
		c.required_min_rx_us = ci->min_rx_us;
		c.desired_min_tx_us = ci->min_tx_us;
		c.idle_tx_us = ci->idle_tx_us;
		c.detect_mult = ci->multiplier;
		c.passive = ci->passive;
		s->s.cfg = c; /* vg_bfd_session_init at start / commit */
		s->s.state = 0xff;
	}
	*count = conf->bfd_instances.count;
	return list;
}

static int open_tx(struct vgd_bfd *b, struct bsess *s)
{
	int fam = s->nbr.family == VG_AF_INET6 ? AF_INET6 : AF_INET;
	int fd = socket(fam, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), ttl = s->ttl, tries;
	struct sockaddr_storage ss;
	char buf[VG_ADDR_STRLEN];

	if (fd < 0)
		return -1;
	if (fam == AF_INET)
		setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl));
	else
		setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl, sizeof(ttl));
	/* RFC 5881 4: the source port is in 49152..65535 */
	for (tries = 0; tries < 256; tries++) {
		struct vg_addr any = { .family = s->nbr.family };
		uint16_t port = (uint16_t)(VG_BFD_SRC_PORT_MIN + rnd32(b) % (VG_BFD_SRC_PORT_MAX - VG_BFD_SRC_PORT_MIN + 1));
		socklen_t len = to_sockaddr(s->src.family ? &s->src : &any, port, &ss);

		if (bind(fd, (struct sockaddr *)&ss, len) == 0)
			return fd;
		if (errno != EADDRINUSE)
			break;
	}
	vgd_log(LOG_ERR, "BFD_Instance(%s): cannot bind a source port to %s: %s", s->name,
		s->src.family ? vg_addr_format(&s->src, buf, sizeof(buf)) : "any", strerror(errno));
	close(fd);
	return -1;
}

static void send_pkt(struct vgd_bfd *b, struct bsess *s, bool final)
{
	struct vg_bfd_packet p;
	uint8_t buf[VG_BFD_LEN_MAX];
	struct sockaddr_storage ss;
	socklen_t sl = to_sockaddr(&s->nbr, VG_BFD_PORT, &ss);
	size_t len;

	(void)b;
	if (s->txfd < 0)
		return;
	vg_bfd_session_packet(&s->s, final, &p);
	len = vg_bfd_encode(&p, buf, sizeof(buf));
	if (sendto(s->txfd, buf, len, 0, (struct sockaddr *)&ss, sl) < 0)
		s->tx_errors++;
}

static void publish(struct vgd_bfd *b, struct bsess *s, vg_time now, bool force)
{
	bool up = s->s.state == VG_BFD_UP;

	if (up == s->published_up && !force)
		return;
	s->published_up = up;
	if (s->to_vrrp && b->hooks.vrrp)
		b->hooks.vrrp(b->hooks.ctx, s->id, s->name, up, now);
	if (s->to_checker && b->hooks.checker)
		b->hooks.checker(b->hooks.ctx, s->id, s->name, up, now);
}

static void effects(struct vgd_bfd *b, struct bsess *s, const struct vg_bfd_out *out, vg_time now)
{
	if (out->send)
		send_pkt(b, s, out->final);
	if (out->changed) {
		vgd_log(out->to == VG_BFD_UP || out->from == VG_BFD_UP ? LOG_NOTICE : LOG_INFO,
			"BFD_Instance(%s) %s -> %s%s%s", s->name, vg_bfd_state_name(out->from),
			vg_bfd_state_name(out->to), out->diag ? ", diagnostic: " : "",
			out->diag ? vg_bfd_diag_name(out->diag) : "");
		publish(b, s, now, false);
	}
}

static struct bsess *lookup(struct vgd_bfd *b, const struct vg_bfd_packet *p, const struct vg_addr *from,
			    const struct vg_addr *to)
{
	uint32_t i;

	for (i = 0; i < b->n; i++) {
		struct bsess *s = &b->ss[i];

		if (p->your_disc) {
			if (s->s.cfg.local_disc == p->your_disc)
				return s;
		} else if (vg_addr_eq(&s->nbr, from) && (!s->src.family || !to->family || vg_addr_eq(&s->src, to))) {
			return s;
		}
	}
	return NULL;
}

static void on_rx(void *ctx, int fd, vg_time now)
{
	struct vgd_bfd *b = ctx;

	for (int budget = 0; budget < 64; budget++) {
		uint8_t buf[256], cbuf[256];
		struct sockaddr_storage from;
		struct iovec iov = { buf, sizeof(buf) };
		struct msghdr mh = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
		ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT);
		struct vg_addr src = { 0 }, dst = { 0 };
		int ttl = -1;
		struct vg_bfd_packet p;
		enum vg_bfd_err e;
		struct bsess *s;
		struct vg_bfd_out out;

		if (n < 0)
			return;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
			if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL)
				memcpy(&ttl, CMSG_DATA(c), sizeof(ttl));
			else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT)
				memcpy(&ttl, CMSG_DATA(c), sizeof(ttl));
			else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
				struct in_pktinfo pi;

				memcpy(&pi, CMSG_DATA(c), sizeof(pi));
				dst = vg_addr_from_bytes((const uint8_t *)&pi.ipi_addr, 4);
			} else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
				struct in6_pktinfo pi;

				memcpy(&pi, CMSG_DATA(c), sizeof(pi));
				dst = vg_addr_from_bytes((const uint8_t *)&pi.ipi6_addr, 16);
			}
		}
		if (from.ss_family == AF_INET)
			src = vg_addr_from_bytes((const uint8_t *)&((struct sockaddr_in *)&from)->sin_addr, 4);
		else
			src = vg_addr_from_bytes((const uint8_t *)&((struct sockaddr_in6 *)&from)->sin6_addr, 16);
		e = vg_bfd_decode(buf, (size_t)n, &p);
		if (e != VG_BFD_OK) {
			b->rx_dropped[e]++;
			continue;
		}
		s = lookup(b, &p, &src, &dst);
		if (!s || s->txfd < 0) {
			b->rx_dropped[VG_BFD_E_NO_SESSION]++;
			continue;
		}
		/* RFC 5881 5 (GTSM) with keepalived's max_hops: TTL + max_hops must reach the configured TTL */
		if (ttl >= 0 && ttl + s->max_hops < s->ttl) {
			s->s.stats.drops[VG_BFD_E_TTL]++;
			continue;
		}
		vg_bfd_session_rx(&s->s, now, &p, rnd32(b), &out);
		effects(b, s, &out, now);
	}
}

static vg_time next_deadline(void *ctx)
{
	struct vgd_bfd *b = ctx;
	vg_time t = VG_TIME_NEVER;

	if (!b->started)
		return t;
	for (uint32_t i = 0; i < b->n; i++)
		if (b->ss[i].txfd >= 0)
			t = vg_time_min(t, vg_bfd_session_next_deadline(&b->ss[i].s));
	return t;
}

static void fire(void *ctx, vg_time now)
{
	struct vgd_bfd *b = ctx;

	for (uint32_t i = 0; i < b->n; i++) {
		struct bsess *s = &b->ss[i];
		struct vg_bfd_out out;

		if (s->txfd < 0 || vg_bfd_session_next_deadline(&s->s) > now)
			continue;
		vg_bfd_session_timer(&s->s, now, rnd32(b), &out);
		effects(b, s, &out, now);
	}
}

static int open_rx(int fam)
{
	int fd = socket(fam, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), one = 1;
	struct vg_addr any = { .family = fam == AF_INET6 ? VG_AF_INET6 : VG_AF_INET };
	struct sockaddr_storage ss;
	socklen_t len = to_sockaddr(&any, VG_BFD_PORT, &ss);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fam == AF_INET) {
		setsockopt(fd, IPPROTO_IP, IP_RECVTTL, &one, sizeof(one));
		setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one));
	} else {
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &one, sizeof(one));
		setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one));
	}
	if (bind(fd, (struct sockaddr *)&ss, len) < 0) {
		vgd_log(LOG_ERR, "BFD: cannot bind UDP port %d (%s): %s", VG_BFD_PORT, fam == AF_INET ? "IPv4" : "IPv6",
			strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static bool need_family(const struct bsess *list, uint32_t n, uint8_t fam)
{
	for (uint32_t i = 0; i < n; i++)
		if (list[i].nbr.family == fam)
			return true;
	return false;
}

static int ensure_rx(struct vgd_bfd *b, const struct bsess *list, uint32_t n)
{
	if (b->rx4 < 0 && need_family(list, n, VG_AF_INET)) {
		if ((b->rx4 = open_rx(AF_INET)) < 0 || vgl_loop_add_fd(b->loop, b->rx4, on_rx, b) < 0)
			return -1;
	}
	if (b->rx6 < 0 && need_family(list, n, VG_AF_INET6)) {
		if ((b->rx6 = open_rx(AF_INET6)) < 0 || vgl_loop_add_fd(b->loop, b->rx6, on_rx, b) < 0)
			return -1;
	}
	return 0;
}

static int bfd_open(void *self, struct vgl_loop *loop)
{
	struct vgd_bfd *b = self;

	b->loop = loop;
	if (ensure_rx(b, b->ss, b->n) < 0)
		return -1;
	return vgl_loop_add_deadline(loop, next_deadline, fire, b);
}

/* Open and start the sessions not carried over. */
static void start_new(struct vgd_bfd *b, vg_time now)
{
	for (uint32_t i = 0; i < b->n; i++) {
		struct bsess *s = &b->ss[i];

		if (s->txfd >= 0)
			continue;
		s->txfd = open_tx(b, s);
		if (s->s.state == 0xff) {
			struct vg_bfd_config c = s->s.cfg;

			vg_bfd_session_init(&s->s, &c, now);
		}
	}
}

static void bfd_start(void *self, vg_time now)
{
	struct vgd_bfd *b = self;

	start_new(b, now);
	b->started = true;
	for (uint32_t i = 0; i < b->n; i++)
		vgd_log(LOG_INFO, "BFD_Instance(%s) started: neighbor %s, min_rx %u us, min_tx %u us, idle_tx %u us, "
			"multiplier %u%s", b->ss[i].name, vg_addr_format(&b->ss[i].nbr, (char[VG_ADDR_STRLEN]){ 0 },
									 VG_ADDR_STRLEN),
			b->ss[i].s.cfg.required_min_rx_us, b->ss[i].s.cfg.desired_min_tx_us, b->ss[i].s.cfg.idle_tx_us,
			b->ss[i].s.cfg.detect_mult, b->ss[i].s.cfg.passive ? ", passive" : "");
	/* keepalived 2.2.7 (bfd_register_workers) tells the checkers every session's state at start:
	   a BFD_CHECK hears "Down" at once (observed: tests/ipvs-vm/test_bfd_check_compare.sh) */
	for (uint32_t i = 0; i < b->n; i++)
		if (b->ss[i].to_checker && b->hooks.checker)
			b->hooks.checker(b->hooks.ctx, b->ss[i].id, b->ss[i].name, b->ss[i].s.state == VG_BFD_UP, now);
}

static void close_list(struct vgd_bfd *b, struct bsess *list, uint32_t n, vg_time now, bool admin_down)
{
	for (uint32_t i = 0; i < n; i++) {
		struct bsess *s = &list[i];

		if (s->txfd < 0)
			continue;
		if (admin_down && s->s.state != 0xff) {
			struct vg_bfd_out out;

			vg_bfd_session_admin_down(&s->s, now, &out);
			if (out.send)
				send_pkt(b, s, false);
		}
		close(s->txfd);
		s->txfd = -1;
	}
}

static int bfd_reload_prepare(void *self, const struct vg_conf *conf, struct vg_diags *dg)
{
	struct vgd_bfd *b = self;

	(void)dg;
	free(b->next);
	b->next = build(b, conf, &b->next_n);
	return b->next ? 0 : -1;
}

static void bfd_reload_commit(void *self, vg_time now)
{
	struct vgd_bfd *b = self;

	close_list(b, b->ss, b->n, now, true); /* what was not carried over leaves with AdminDown */
	free(b->ss);
	b->ss = b->next;
	b->n = b->next_n;
	b->next = NULL;
	if (ensure_rx(b, b->ss, b->n) < 0)
		vgd_log(LOG_ERR, "BFD: no receive socket for the new configuration");
	start_new(b, now);
	/* the other drivers rebuilt their tracking: tell them every session's state again */
	for (uint32_t i = 0; i < b->n; i++)
		publish(b, &b->ss[i], now, true);
}

static void bfd_reload_abort(void *self)
{
	struct vgd_bfd *b = self;

	/* carried sessions were moved out of the running list: put them back */
	for (uint32_t i = 0; i < b->next_n; i++)
		for (uint32_t k = 0; k < b->n; k++)
			if (b->next[i].txfd >= 0 && b->ss[k].txfd < 0 &&
			    b->next[i].s.cfg.local_disc == b->ss[k].s.cfg.local_disc) {
				int fd = b->next[i].txfd;

				b->ss[k].s = b->next[i].s;
				b->ss[k].txfd = fd;
				b->next[i].txfd = -1;
			}
	free(b->next);
	b->next = NULL;
}

static void bfd_dump(void *self, FILE *f)
{
	struct vgd_bfd *b = self;
	char buf[VG_ADDR_STRLEN];

	fprintf(f, "------< BFD >------\n");
	for (uint32_t i = 0; i < b->n; i++) {
		const struct bsess *s = &b->ss[i];

		fprintf(f, " BFD Instance = %s\n  neighbor = %s\n  state = %s, remote state = %s, diagnostic = %s\n"
			"  local discriminator = %u, remote discriminator = %u\n"
			"  desired min tx = %u us, required min rx = %u us, remote min rx = %u us, detect mult = %u\n"
			"  rx = %llu, tx = %llu, up = %llu, down = %llu, tx errors = %llu, ttl drops = %llu\n",
			s->name, vg_addr_format(&s->nbr, buf, sizeof(buf)), vg_bfd_state_name(s->s.state),
			vg_bfd_state_name(s->s.remote_state), vg_bfd_diag_name(s->s.local_diag), s->s.cfg.local_disc,
			s->s.remote_disc, s->s.desired_min_tx_us, s->s.cfg.required_min_rx_us, s->s.remote_min_rx_us,
			s->s.cfg.detect_mult, (unsigned long long)s->s.stats.rx, (unsigned long long)s->s.stats.tx,
			(unsigned long long)s->s.stats.up, (unsigned long long)s->s.stats.down,
			(unsigned long long)s->tx_errors, (unsigned long long)s->s.stats.drops[VG_BFD_E_TTL]);
	}
}

static void bfd_child_exited(void *self, vg_time now)
{
	(void)self;
	(void)now;
}

static void bfd_stop(void *self, vg_time now)
{
	struct vgd_bfd *b = self;

	close_list(b, b->ss, b->n, now, true);
	b->started = false;
}

static bool bfd_busy(void *self)
{
	(void)self;
	return false;
}

static void bfd_free(void *self)
{
	struct vgd_bfd *b = self;

	if (!b)
		return;
	close_list(b, b->ss, b->n, 0, false);
	close_list(b, b->next, b->next_n, 0, false);
	if (b->rx4 >= 0)
		close(b->rx4);
	if (b->rx6 >= 0)
		close(b->rx6);
	free(b->ss);
	free(b->next);
	free(b);
}

static const struct vgd_driver_ops bfd_ops = {
	.name = "bfd",
	.open = bfd_open,
	.start = bfd_start,
	.reload_prepare = bfd_reload_prepare,
	.reload_commit = bfd_reload_commit,
	.reload_abort = bfd_reload_abort,
	.dump = bfd_dump,
	.child_exited = bfd_child_exited,
	.stop = bfd_stop,
	.busy = bfd_busy,
	.free = bfd_free,
};

struct vgd_driver vgd_bfd_new(const struct vgd_opts *o, const struct vg_conf *conf, struct vg_diags *dg)
{
	struct vgd_driver d = { .ops = &bfd_ops, .self = NULL };
	struct vgd_bfd *b = calloc(1, sizeof(*b));

	(void)dg;
	if (!b)
		return d;
	b->o = o;
	b->rx4 = b->rx6 = -1;
	if (getrandom(&b->rng, sizeof(b->rng), GRND_NONBLOCK) != (ssize_t)sizeof(b->rng) || b->rng == 0)
		b->rng = UINT64_C(0x9e3779b97f4a7c15) ^ (uint64_t)getpid();
	b->ss = build(b, conf, &b->n);
	if (!b->ss) {
		free(b);
		return d;
	}
	d.self = b;
	return d;
}

void vgd_bfd_set_hooks(struct vgd_driver *d, const struct vgd_bfd_hooks *h)
{
	struct vgd_bfd *b = d->self;

	b->hooks = *h;
}

bool vgd_bfd_is_up(const struct vgd_driver *d, const char *name)
{
	const struct vgd_bfd *b = d->self;

	for (uint32_t i = 0; i < b->n; i++)
		if (name && !strcmp(b->ss[i].name, name))
			return b->ss[i].s.state == VG_BFD_UP;
	return false;
}
