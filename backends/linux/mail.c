/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the mail driver: e-mail alerts over one non-blocking connection.
 *
 * See mail.h. The socket is the only I/O here: connect (non-blocking), then
 * on every wake-up of its descriptor read what there is into the core's
 * client and write what it has to send; the client's deadline is a
 * deadline source of the loop. Log lines are keepalived's
 * (docs/smtp_alerts.md). An alert waits in the core's queue while another
 * is being sent; a full queue drops the new alert, counts it and logs it
 * (once per burst). At stop, what is queued is dropped: keepalived 2.2.7's
 * own Stopping alerts never reach the server (it exits after the greeting).
 */
#include "mail.h"

#include <errno.h>
#include <netdb.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "alert/mail.h"
#include "alert/mail_checker.h"
#include "alert/smtp_client.h"
#include "log.h"
#include "loop.h"

/* What one configuration asks for (built at creation and at each reload's prepare). */
struct mail_setup {
	struct vg_mail_env env;
	struct sockaddr_storage addr;
	socklen_t alen;
	char addr_text[INET6_ADDRSTRLEN + 16]; /* keepalived's "[192.0.2.2]:2525" */
	vg_time timeout_ns;
	const struct vg_conf *conf;
};

struct vgd_mail {
	struct vgl_loop *loop;
	struct mail_setup cur, next, sending; /* sending: the setup of the connection under way */
	struct vg_mail_queue q;
	struct vg_smtpc c;
	int fd;
	bool active, stopping;
	uint64_t dropped_logged;
	uint64_t sent, failed;
};

static void setup_build(struct mail_setup *s, const struct vg_conf *conf, struct vg_diags *dg)
{
	const struct vg_conf_global *g = &conf->global;
	struct utsname u;
	struct passwd *pw = getpwuid(getuid());
	const char *host = uname(&u) == 0 ? u.nodename : NULL;
	uint16_t port = g->smtp_server_port ? g->smtp_server_port : 25;

	memset(s, 0, sizeof(*s));
	s->conf = conf;
	s->timeout_ns = g->smtp_connect_timeout_ns ? g->smtp_connect_timeout_ns : VG_S(30);
	if (vg_mail_env_build(&s->env, g, host, pw ? pw->pw_name : NULL) && dg)
		vg_diags_add(dg, VG_DIAG_WARNING, &g->loc, "smtp", NULL,
			     "e-mail alerts off: a sender, recipient, router_id or helo name holds a space or a "
			     "control character");
	if (!g->smtp_server)
		return;
	if (g->smtp_server_addr.family == VG_AF_INET || g->smtp_server_addr.family == VG_AF_INET6) {
		if (g->smtp_server_addr.family == VG_AF_INET) {
			struct sockaddr_in *a = (struct sockaddr_in *)&s->addr;

			a->sin_family = AF_INET;
			a->sin_port = htons(port);
			memcpy(&a->sin_addr, g->smtp_server_addr.bytes, 4);
			s->alen = sizeof(*a);
		} else {
			struct sockaddr_in6 *a = (struct sockaddr_in6 *)&s->addr;

			a->sin6_family = AF_INET6;
			a->sin6_port = htons(port);
			memcpy(&a->sin6_addr, g->smtp_server_addr.bytes, 16);
			s->alen = sizeof(*a);
		}
	} else {
		/* a host name: resolved once per configuration, as keepalived resolves it when it reads the file */
		struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res = NULL;
		char ps[8];

		snprintf(ps, sizeof(ps), "%u", port);
		if (getaddrinfo(g->smtp_server, ps, &hints, &res) || !res) {
			if (dg)
				vg_diags_add(dg, VG_DIAG_WARNING, &g->loc, "smtp", NULL,
					     "e-mail alerts off: smtp_server %s does not resolve", g->smtp_server);
			s->env.enabled = false;
			return;
		}
		memcpy(&s->addr, res->ai_addr, res->ai_addrlen);
		s->alen = res->ai_addrlen;
		freeaddrinfo(res);
	}
	{
		char a[INET6_ADDRSTRLEN];
		const void *p = s->addr.ss_family == AF_INET ? (const void *)&((struct sockaddr_in *)&s->addr)->sin_addr
							     : (const void *)&((struct sockaddr_in6 *)&s->addr)->sin6_addr;
		uint16_t pt = ntohs(s->addr.ss_family == AF_INET ? ((struct sockaddr_in *)&s->addr)->sin_port
								 : ((struct sockaddr_in6 *)&s->addr)->sin6_port);

		inet_ntop(s->addr.ss_family, p, a, sizeof(a));
		snprintf(s->addr_text, sizeof(s->addr_text), "[%s]:%u", a, pt);
	}
}

/* The Date header (RFC 5322 3.3), local time as keepalived writes it: "Sun, 06 Dec 2026 10:30:30 +0000". */
static void format_date(const struct vgd_mail *m, char *buf, size_t cap)
{
	uint64_t real = vgl_loop_real(m->loop);
	struct timespec ts;
	time_t t;
	struct tm tm;

	if (real) {
		t = (time_t)(real / 1000000000u);
	} else {
		clock_gettime(CLOCK_REALTIME, &ts); /* before the loop's first wake-up: only for the header */
		t = ts.tv_sec;
	}
	localtime_r(&t, &tm);
	if (!strftime(buf, cap, "%a, %d %b %Y %H:%M:%S %z", &tm))
		buf[0] = '\0';
}

static void log_note(struct vgd_mail *m)
{
	const char *a = m->sending.addr_text;

	switch ((enum vg_smtpc_note)m->c.note) {
	case VG_SMTPC_N_NONE:
		break;
	case VG_SMTPC_N_CONNECTED:
		vgd_log(LOG_INFO, "Remote SMTP server %s connected.", a);
		break;
	case VG_SMTPC_N_CONNECT_FAILED:
		vgd_log(LOG_INFO, "SMTP connection ERROR to %s.", a);
		break;
	case VG_SMTPC_N_CONNECT_TIMEOUT:
		vgd_log(LOG_INFO, "Timeout opening connection to remote SMTP server %s.", a);
		break;
	case VG_SMTPC_N_REPLY_ERROR:
		vgd_log(LOG_INFO, "Error processing %s cmd on SMTP server %s. SMTP status code = %u",
			vg_smtpc_stage_name((enum vg_smtpc_stage)m->c.fail_stage), a, m->c.fail_code);
		break;
	case VG_SMTPC_N_READ_TIMEOUT:
		vgd_log(LOG_INFO, "Timeout reading data to remote SMTP server %s.", a);
		break;
	case VG_SMTPC_N_CLOSED:
		vgd_log(LOG_INFO, "Remote SMTP server %s has closed the connection.", a);
		break;
	case VG_SMTPC_N_SYNTAX:
		vgd_log(LOG_INFO, "Bad SMTP reply from server %s.", a);
		break;
	case VG_SMTPC_N_SENT:
		if (vgd_log_detail())
			vgd_log(LOG_INFO, "SMTP alert successfully sent.");
		break;
	}
	m->c.note = VG_SMTPC_N_NONE;
}

static void kick(struct vgd_mail *m, vg_time now);

static void conn_close(struct vgd_mail *m, vg_time now)
{
	if (m->fd >= 0) {
		vgl_loop_del_fd(m->loop, m->fd);
		close(m->fd);
	}
	m->fd = -1;
	if (m->active) {
		if (m->c.result == VG_SMTPC_SENT)
			m->sent++;
		else
			m->failed++;
	}
	m->active = false;
	kick(m, now);
}

/* Write what the client has to send; wake on POLLOUT only while some of it waits. */
static void flush(struct vgd_mail *m)
{
	const uint8_t *p;
	size_t n;

	while ((n = vg_smtpc_pending(&m->c, &p)) > 0) {
		ssize_t w = send(m->fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (w < 0) {
			if (errno == EAGAIN || errno == EINTR)
				break;
			vg_smtpc_eof(&m->c, 0);
			return;
		}
		vg_smtpc_written(&m->c, (size_t)w);
	}
	vgl_loop_fd_events(m->loop, m->fd, true, vg_smtpc_pending(&m->c, &p) > 0);
}

static void on_sock(void *ctx, int fd, vg_time now)
{
	struct vgd_mail *m = ctx;
	uint8_t buf[1024];

	(void)fd;
	if (!m->active)
		return;
	if (m->c.stage == VG_SMTPC_CONNECT) {
		int err = 0;
		socklen_t el = sizeof(err);

		if (getsockopt(m->fd, SOL_SOCKET, SO_ERROR, &err, &el) || err) {
			vg_smtpc_connect_failed(&m->c, now);
			log_note(m);
			if (err && vgd_log_detail())
				vgd_log(LOG_INFO, "SMTP connect to %s: %s", m->sending.addr_text, strerror(err));
			conn_close(m, now);
			return;
		}
		vg_smtpc_connected(&m->c, now);
		log_note(m);
	}
	for (;;) {
		ssize_t r = recv(m->fd, buf, sizeof(buf), MSG_DONTWAIT);
		size_t off = 0;

		if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
			vg_smtpc_eof(&m->c, now);
			log_note(m);
			break;
		}
		if (r < 0)
			break;
		while (off < (size_t)r && !vg_smtpc_done(&m->c)) {
			off += vg_smtpc_feed(&m->c, now, buf + off, (size_t)r - off);
			log_note(m);
			flush(m);
		}
		if (vg_smtpc_done(&m->c))
			break;
	}
	if (vg_smtpc_done(&m->c))
		conn_close(m, now);
	else
		flush(m);
}

/* Start sending the oldest queued alert, if no connection is under way. */
static void kick(struct vgd_mail *m, vg_time now)
{
	const struct vg_mail *msg;

	while (!m->active && !m->stopping && (msg = vg_mail_queue_peek(&m->q))) {
		m->sending = m->cur;
		if (!m->sending.env.enabled || !m->sending.alen ||
		    vg_smtpc_start(&m->c, now, &m->sending.env, msg, m->sending.timeout_ns)) {
			vg_mail_queue_pop(&m->q);
			continue;
		}
		vg_mail_queue_pop(&m->q);
		m->active = true;
		m->fd = socket(m->sending.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
		if (m->fd < 0 || vgl_loop_add_fd(m->loop, m->fd, on_sock, m)) {
			vgd_log(LOG_WARNING, "SMTP alert to %s not sent: %s", m->sending.addr_text,
				m->fd < 0 ? strerror(errno) : "no room in the event loop");
			if (m->fd >= 0)
				close(m->fd);
			m->fd = -1;
			m->active = false;
			m->failed++;
			continue;
		}
		if (connect(m->fd, (struct sockaddr *)&m->sending.addr, m->sending.alen) == 0 || errno == EINPROGRESS) {
			/* the connect's result comes as writability */
			vgl_loop_fd_events(m->loop, m->fd, true, true);
			continue;
		}
		vg_smtpc_connect_failed(&m->c, now);
		log_note(m);
		conn_close(m, now);
		return; /* conn_close kicked the next one */
	}
}

/* Queue msg and start sending it if the connection is free; a full queue drops it (logged once per burst). */
static void enqueue(struct vgd_mail *m, const struct vg_mail *msg, vg_time now)
{
	if (!vg_mail_queue_push(&m->q, msg)) {
		/* once per burst of drops: the next successful push re-arms the line */
		if (m->dropped_logged + 1 == m->q.dropped || !m->dropped_logged)
			vgd_log(LOG_WARNING, "SMTP alert queue full (%u waiting): alert \"%s\" dropped (%llu dropped)",
				VG_MAIL_QUEUE_MAX, msg->subject, (unsigned long long)m->q.dropped);
		m->dropped_logged = m->q.dropped;
		return;
	}
	m->dropped_logged = 0;
	kick(m, now);
}

void vgd_mail_checker(void *self, const char *rs, const char *vs, bool up, const char *body, vg_time now)
{
	struct vgd_mail *m = self;
	struct vg_mail msg;
	char date[VG_MAIL_DATE_MAX];
	bool ok;

	if (!m || m->stopping || !m->cur.conf || !m->cur.env.enabled || !vs || !body)
		return;
	format_date(m, date, sizeof(date));
	ok = rs ? vg_mail_realserver(&m->cur.env, rs, vs, up, body, date, &msg)
		: vg_mail_virtualserver(&m->cur.env, vs, up, body, date, &msg);
	if (ok)
		enqueue(m, &msg, now);
}

void vgd_mail_vrrp(void *self, const struct vg_conf_instance *ci, const struct vg_conf_sync_group *cg,
		   uint8_t what, vg_time now)
{
	struct vgd_mail *m = self;
	const struct vg_conf_global *g;
	struct vg_mail msg;
	char date[VG_MAIL_DATE_MAX];

	if (!m || m->stopping || !m->cur.conf || !m->cur.env.enabled || (!ci && !cg))
		return;
	g = &m->cur.conf->global;
	if (!vg_mail_vrrp_enabled(g, ci ? ci->smtp_alert : cg->smtp_alert))
		return;
	format_date(m, date, sizeof(date));
	if (vg_mail_vrrp(&m->cur.env, g, !ci, ci ? ci->name : cg->name, what, date, &msg))
		enqueue(m, &msg, now);
}

static vg_time mail_next(void *ctx)
{
	struct vgd_mail *m = ctx;

	return m->active ? vg_smtpc_next_deadline(&m->c) : VG_TIME_NEVER;
}

static void mail_fire(void *ctx, vg_time now)
{
	struct vgd_mail *m = ctx;

	if (!m->active)
		return;
	vg_smtpc_timer(&m->c, now);
	log_note(m);
	if (vg_smtpc_done(&m->c))
		conn_close(m, now);
	else
		flush(m);
}

static int mail_open(void *self, struct vgl_loop *loop)
{
	struct vgd_mail *m = self;

	m->loop = loop;
	return vgl_loop_add_deadline(loop, mail_next, mail_fire, m);
}

static void mail_start(void *self, vg_time now)
{
	(void)self;
	(void)now;
}

static int mail_reload_prepare(void *self, const struct vg_conf *conf, struct vg_diags *dg)
{
	struct vgd_mail *m = self;

	setup_build(&m->next, conf, dg);
	return 0;
}

static void mail_reload_commit(void *self, vg_time now)
{
	struct vgd_mail *m = self;

	(void)now;
	m->cur = m->next; /* a connection under way keeps its own copy (sending) */
}

static void mail_reload_abort(void *self)
{
	(void)self;
}

static void mail_dump(void *self, FILE *f)
{
	struct vgd_mail *m = self;

	fprintf(f, "------< SMTP alerts >------\n");
	fprintf(f, " Server = %s, enabled = %s\n", m->cur.addr_text[0] ? m->cur.addr_text : "none",
		m->cur.env.enabled ? "yes" : "no");
	fprintf(f, " Queued = %u, sent = %llu, failed = %llu, dropped (queue full) = %llu\n", m->q.len,
		(unsigned long long)m->sent, (unsigned long long)m->failed, (unsigned long long)m->q.dropped);
}

static void mail_child_exited(void *self, vg_time now)
{
	(void)self;
	(void)now;
}

static void mail_stop(void *self, vg_time now)
{
	struct vgd_mail *m = self;

	(void)now;
	m->stopping = true;
	if (m->q.len)
		vgd_log(LOG_INFO, "%u SMTP alert(s) not sent: stopping", m->q.len);
	while (m->q.len)
		vg_mail_queue_pop(&m->q);
	if (m->fd >= 0) {
		vgl_loop_del_fd(m->loop, m->fd);
		close(m->fd);
		m->fd = -1;
	}
	m->active = false;
}

static bool mail_busy(void *self)
{
	(void)self;
	return false;
}

static void mail_free(void *self)
{
	struct vgd_mail *m = self;

	if (!m)
		return;
	if (m->fd >= 0)
		close(m->fd);
	free(m);
}

static const struct vgd_driver_ops mail_ops = {
	.name = "mail",
	.open = mail_open,
	.start = mail_start,
	.reload_prepare = mail_reload_prepare,
	.reload_commit = mail_reload_commit,
	.reload_abort = mail_reload_abort,
	.dump = mail_dump,
	.child_exited = mail_child_exited,
	.stop = mail_stop,
	.busy = mail_busy,
	.free = mail_free,
};

struct vgd_driver vgd_mail_new(const struct vgd_opts *o, const struct vg_conf *conf, struct vg_diags *dg)
{
	struct vgd_driver d = { .ops = &mail_ops, .self = NULL };
	struct vgd_mail *m = calloc(1, sizeof(*m));

	(void)o;
	if (!m)
		return d;
	m->fd = -1;
	vg_mail_queue_init(&m->q);
	setup_build(&m->cur, conf, dg);
	d.self = m;
	return d;
}
