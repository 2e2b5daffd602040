/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: vgc-probe-solo: run the probes of one checker without the checker driver (tests only).
 *
 * The probe types (probe.h) need a host: sockets with the checker's options
 * in an epoll set, a deadline, the outcome. This program is that host in
 * its smallest form, so each probe type can be tested against real servers
 * in network namespaces (tests/netns/probes_test.py) with neither the
 * checker driver nor IPVS:
 *
 *   vgc-probe-solo -f keepalived.conf [-s SERVICE] [-k CHECKER] [-n COUNT] [-i INTERVAL_MS]
 *
 * For checker CHECKER (default 0) of mapped virtual server SERVICE
 * (default 0) it prepares the probe as the driver would (connect_ip /
 * connect_port / bindto / bind_port / bind_if / fwmark, connect_timeout as
 * the core computes it) and runs COUNT probes INTERVAL_MS apart, printing
 * one line per probe:
 *
 *   probe N OUTCOME [EXIT_STATUS] ELAPSED_MS why
 *
 * OUTCOME is ok / failed / timeout / exit. A FILE_CHECK prints the values
 * its tracked file takes (initial, then each change) for the -i * -n
 * duration: "file INDEX VALUE ELAPSED_MS". It implements vgc_probe_* and
 * vgc_key_* from probe.h the simple way (one probe at a time); vigild's
 * checker driver implements them for real.
 */
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "conf_loader.h"
#include "lvs/from_conf.h"
#include "probe.h"
#include "probe_file.h"
#include "probe_misc.h"

struct solo {
	int ep;
	struct vgc_probe_outcome out;
	bool done;
};

static struct solo S;

static vg_time now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (vg_time)ts.tv_sec * 1000000000u + (vg_time)ts.tv_nsec;
}

/* ---- probe.h, the simple way ---- */

void vgc_key_put(struct vgc_key *k, const void *p, size_t n)
{
	if (k->overflow || k->len + n > sizeof(k->b)) {
		k->overflow = true;
		return;
	}
	memcpy(k->b + k->len, p, n);
	k->len += n;
}

void vgc_key_str(struct vgc_key *k, const char *s)
{
	if (!s) {
		vgc_key_put(k, "\xff", 1);
		return;
	}
	vgc_key_put(k, s, strlen(s) + 1);
}

void vgc_key_u32(struct vgc_key *k, uint32_t v)
{
	vgc_key_put(k, &v, sizeof(v));
}

static int slot_add(struct vgc_probe *p, int fd, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.fd = fd };

	for (int i = 0; i < VGC_PROBE_FDS_MAX; i++) {
		if (p->fd[i] >= 0)
			continue;
		if (epoll_ctl(S.ep, EPOLL_CTL_ADD, fd, &ev) != 0)
			return -1;
		p->fd[i] = fd;
		return 0;
	}
	errno = EMFILE;
	return -1;
}

int vgc_probe_socket(struct vgc_probe *p, int family, int type, int protocol, uint32_t events)
{
	const struct vgc_probe_opts *o = p->opts;
	static const struct vgc_probe_bind none;
	const struct vgc_probe_bind *b = o->bind ? o->bind : &none;
	int fd = socket(family == AF_UNSPEC ? vgc_probe_af(o) : family, type | SOCK_NONBLOCK | SOCK_CLOEXEC,
			protocol);

	if (fd < 0)
		return -1;
	if ((b->fwmark && setsockopt(fd, SOL_SOCKET, SO_MARK, &b->fwmark, sizeof(b->fwmark)) != 0) ||
	    (b->bind_if[0] &&
	     setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, b->bind_if, (socklen_t)strlen(b->bind_if)) != 0) ||
	    (b->src_len && bind(fd, (const struct sockaddr *)&b->src, b->src_len) != 0) ||
	    slot_add(p, fd, events) != 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int vgc_probe_add_fd(struct vgc_probe *p, int fd, uint32_t events)
{
	return slot_add(p, fd, events);
}

int vgc_probe_watch(struct vgc_probe *p, int fd, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.fd = fd };

	(void)p;
	return epoll_ctl(S.ep, EPOLL_CTL_MOD, fd, &ev);
}

void vgc_probe_close_fd(struct vgc_probe *p, int fd)
{
	for (int i = 0; i < VGC_PROBE_FDS_MAX; i++)
		if (p->fd[i] == fd) {
			epoll_ctl(S.ep, EPOLL_CTL_DEL, fd, NULL);
			close(fd);
			p->fd[i] = -1;
		}
}

void vgc_probe_done(struct vgc_probe *p, const struct vgc_probe_outcome *o, vg_time now)
{
	(void)now;
	if (p->done) {
		fprintf(stderr, "probe ended twice\n");
		exit(3);
	}
	p->done = true;
	S.out = *o;
}

void vgc_probe_ok(struct vgc_probe *p, vg_time now)
{
	struct vgc_probe_outcome o = { .outcome = VG_LVS_PROBE_OK };

	vgc_probe_done(p, &o, now);
}

void vgc_probe_fail(struct vgc_probe *p, vg_time now, uint8_t outcome, const char *fmt, ...)
{
	struct vgc_probe_outcome o = { .outcome = outcome };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(o.why, sizeof(o.why), fmt, ap);
	va_end(ap);
	vgc_probe_done(p, &o, now);
}

const char *vgc_probe_dst_str(const struct vgc_probe_opts *o, char *buf, size_t n)
{
	snprintf(buf, n, "(dst family %d)", vgc_probe_af(o));
	return buf;
}

static const struct vgc_probe_ops *ops_for(uint8_t type)
{
	switch (type) {
	case VG_LVS_CHECK_SMTP: return &vgc_probe_smtp;
	case VG_LVS_CHECK_DNS: return &vgc_probe_dns;
	case VG_LVS_CHECK_UDP: return &vgc_probe_udp;
	case VG_LVS_CHECK_PING: return &vgc_probe_ping;
	case VG_LVS_CHECK_MISC: return &vgc_probe_misc;
	default: return NULL;
	}
}

/* ---- the checker's options, resolved as the driver does ---- */

static void set_addr(union vgc_sa *ss, uint8_t *len, const struct vg_addr *a, uint16_t port)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == VG_AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, a->bytes, 16);
		s6->sin6_port = htons(port);
		*len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, a->bytes, 4);
		s4->sin_port = htons(port);
		*len = sizeof(*s4);
	}
}

static void opts_of(struct vgc_probe_opts *o, struct vgc_probe_bind *b, const struct vg_lvs_conf_service *cs,
		    uint16_t k)
{
	const struct vg_conf_checker *ck = cs->checker[k];
	const struct vg_lvs_checker_config *cc = &cs->cfg.checker[k];
	const struct vg_conf_real_server *rs = cs->rs[cc->rs];
	const struct vg_conf_check_conn *cn = ck->conn;
	uint16_t port = ck->connect_port ? ck->connect_port : rs->port;

	memset(o, 0, sizeof(*o));
	memset(b, 0, sizeof(*b));
	o->type = cc->type;
	o->dst = cn && cn->connect_ip.family ? cn->connect_ip : rs->addr;
	o->port = port;
	if (cn && (cn->bindto.family || cn->bind_port)) {
		struct vg_addr any = { .family = o->dst.family == VG_AF_INET6 ? VG_AF_INET6 : VG_AF_INET };

		set_addr(&b->src, &b->src_len, cn->bindto.family ? &cn->bindto : &any, cn->bind_port);
	}
	if (cn && cn->bind_if)
		snprintf(b->bind_if, sizeof(b->bind_if), "%s", cn->bind_if);
	b->fwmark = cn ? cn->fwmark : 0;
	o->bind = vgc_probe_bind_any(b) ? b : NULL;
}

/* ---- one probe ---- */

static void run_one(const struct vgc_probe_ops *ops, const struct vgc_probe_opts *o, vg_time timeout,
		    const void *params, unsigned n)
{
	struct vgc_probe p;
	vg_time t0 = now_ns();
	static const char *names[] = { "ok", "failed", "timeout", "http", "exit" };

	memset(&p, 0, sizeof(p));
	memset(&S.out, 0, sizeof(S.out));
	p.ops = ops;
	p.opts = o;
	p.params = params;
	p.state = calloc(1, ops->state_size ? ops->state_size : 1);
	p.id = n;
	p.started_ns = t0;
	p.deadline_ns = t0 + timeout;
	for (int i = 0; i < VGC_PROBE_FDS_MAX; i++)
		p.fd[i] = -1;
	if (!p.state)
		exit(2);
	ops->start(&p, t0);
	while (!p.done) {
		struct epoll_event ev[4];
		vg_time t = now_ns();
		int ms = t >= p.deadline_ns ? 0 : (int)((p.deadline_ns - t + 999999) / 1000000);
		int k = epoll_wait(S.ep, ev, 4, ms);

		t = now_ns();
		for (int i = 0; i < k && !p.done; i++)
			ops->ready(&p, ev[i].data.fd, ev[i].events, t);
		if (!p.done && t >= p.deadline_ns) {
			if (ops->timeout)
				ops->timeout(&p, t);
			else
				vgc_probe_fail(&p, t, VG_LVS_PROBE_TIMEOUT, "timeout");
		}
	}
	if (ops->cleanup)
		ops->cleanup(&p);
	for (int i = 0; i < VGC_PROBE_FDS_MAX; i++)
		if (p.fd[i] >= 0)
			vgc_probe_close_fd(&p, p.fd[i]);
	free(p.state);
	if (S.out.outcome == VG_LVS_PROBE_EXIT)
		printf("probe %u exit %u %llu %s\n", n, S.out.exit_status,
		       (unsigned long long)((now_ns() - t0) / 1000000), S.out.why);
	else
		printf("probe %u %s %llu %s\n", n, S.out.outcome < 5 ? names[S.out.outcome] : "?",
		       (unsigned long long)((now_ns() - t0) / 1000000), S.out.why);
	fflush(stdout);
}

/* ---- FILE_CHECK ---- */

static vg_time file_t0;

static void file_value(void *ctx, uint16_t idx, int64_t value, vg_time now)
{
	(void)ctx;
	printf("file %u %lld %llu\n", idx, (long long)value, (unsigned long long)((now - file_t0) / 1000000));
	fflush(stdout);
}

static void run_files(const struct vg_conf *conf, const struct vg_lvs_conf_map *map, unsigned ms)
{
	struct vgc_files_cb cb = { .value = file_value };
	struct vgc_files *f;
	vg_time end;

	file_t0 = now_ns();
	end = file_t0 + (vg_time)ms * 1000000u;
	f = vgc_files_new(conf, map, &cb, file_t0);
	if (!f)
		exit(2);
	if (vgc_files_fd(f) >= 0) {
		struct epoll_event ev = { .events = EPOLLIN, .data.fd = vgc_files_fd(f) };

		epoll_ctl(S.ep, EPOLL_CTL_ADD, vgc_files_fd(f), &ev);
	}
	for (vg_time t = now_ns(); t < end; t = now_ns()) {
		struct epoll_event ev;

		if (epoll_wait(S.ep, &ev, 1, (int)((end - t) / 1000000 + 1)) > 0)
			vgc_files_ready(f, now_ns());
	}
	vgc_files_free(f);
}

static void log_cb(void *ctx, int prio, const char *msg)
{
	(void)ctx;
	(void)prio;
	fprintf(stderr, "log: %s\n", msg);
}

int main(int argc, char **argv)
{
	const char *file = NULL;
	unsigned svc = 0, chk = 0, count = 1, interval_ms = 1000;
	struct vg_conf *conf = NULL;
	struct vg_diags dg;
	struct vg_lvs_conf_map map;
	const struct vg_lvs_conf_service *cs;
	const struct vgc_probe_ops *ops;
	struct vgc_probe_opts o;
	struct vgc_probe_bind bind;
	struct vgc_probe_conf pc;
	struct vgl_runner_cb rcb = { .log = log_cb };
	struct vgl_cmd_env env;
	struct vgc_key key;
	void *params = NULL;
	char err[256];
	int c;

	while ((c = getopt(argc, argv, "f:s:k:n:i:")) != -1) {
		switch (c) {
		case 'f': file = optarg; break;
		case 's': svc = (unsigned)atoi(optarg); break;
		case 'k': chk = (unsigned)atoi(optarg); break;
		case 'n': count = (unsigned)atoi(optarg); break;
		case 'i': interval_ms = (unsigned)atoi(optarg); break;
		default:
			fprintf(stderr, "usage: vgc-probe-solo -f FILE [-s SERVICE] [-k CHECKER] [-n COUNT] [-i MS]\n");
			return 2;
		}
	}
	if (!file) {
		fprintf(stderr, "usage: vgc-probe-solo -f FILE [-s SERVICE] [-k CHECKER] [-n COUNT] [-i MS]\n");
		return 2;
	}
	vg_diags_init(&dg);
	if (vg_conf_load(file, NULL, &conf, &dg) != 0 || vg_lvs_from_conf(conf, &map, &dg) != 0) {
		for (size_t i = 0; i < dg.count; i++)
			fprintf(stderr, "%s:%u: %s\n", file, dg.items[i].loc.line, dg.items[i].message);
		return 2;
	}
	if (svc >= map.count || chk >= map.svc[svc].cfg.checker_count) {
		fprintf(stderr, "no checker %u of service %u\n", chk, svc);
		return 2;
	}
	S.ep = epoll_create1(EPOLL_CLOEXEC);
	cs = &map.svc[svc];
	if (cs->cfg.checker[chk].type == VG_LVS_CHECK_FILE) {
		run_files(conf, &map, count * interval_ms);
		return 0;
	}
	ops = ops_for(cs->cfg.checker[chk].type);
	if (!ops) {
		fprintf(stderr, "%s is not a probe of this tool\n", vg_lvs_check_type_name(cs->cfg.checker[chk].type));
		return 2;
	}
	opts_of(&o, &bind, cs, (uint16_t)chk);
	vgl_cmd_env_init(&env, &conf->global, &rcb);
	memset(&pc, 0, sizeof(pc));
	pc.conf = conf;
	pc.vs = cs->vs;
	pc.rs = cs->rs[cs->cfg.checker[chk].rs];
	pc.ck = cs->checker[chk];
	pc.opts = &o;
	pc.cmd_env = &env;
	memset(&key, 0, sizeof(key));
	if (ops->prepare(&pc, &params, &key, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s:%u: %s\n", file, pc.ck->loc.line, err);
		return 2;
	}
	for (unsigned n = 0; n < count; n++) {
		vg_time t = now_ns();

		run_one(ops, &o, cs->cfg.checker[chk].tm->connect_timeout_ns, params, n);
		vgc_misc_reap(now_ns());
		if (n + 1 < count) {
			vg_time next = t + (vg_time)interval_ms * 1000000u, cur = now_ns();

			if (next > cur)
				usleep((useconds_t)((next - cur) / 1000));
		}
	}
	for (int i = 0; i < 50 && vgc_misc_stragglers(); i++) {
		usleep(100000);
		vgc_misc_reap(now_ns());
	}
	ops->params_free(params);
	vgl_cmd_env_free(&env);
	vg_lvs_conf_map_free(&map);
	return 0;
}
