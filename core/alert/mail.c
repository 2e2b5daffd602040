/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: e-mail alerts: the envelope, the VRRP alerts' words, the DATA
 * payload and the bounded queue. See mail.h; the texts are what keepalived
 * 2.2.7 sent in docs/smtp_alerts.md.
 */
#include "alert/mail.h"

#include <stdio.h>
#include <string.h>

#include "vrrp/action.h"

/* A name that goes into a command or a header line: no space, no control character. */
static bool word_ok(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s == 0x7f)
			return false;
	return true;
}

static int copy_word(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (n == 0 || n >= cap || !word_ok(src))
		return -1;
	memcpy(dst, src, n + 1);
	return 0;
}

int vg_mail_env_build(struct vg_mail_env *e, const struct vg_conf_global *g, const char *host, const char *user)
{
	size_t used = 0;
	bool host_ok = host && *host && strlen(host) < VG_MAIL_NAME_MAX && word_ok(host);
	int rc = 0;

	memset(e, 0, sizeof(*e));
	/* keepalived: helo name and sender default to the host's name (HELO "localhost" without one) */
	if (g->smtp_helo_name)
		rc |= copy_word(e->helo, sizeof(e->helo), g->smtp_helo_name);
	else
		snprintf(e->helo, sizeof(e->helo), "%s", host_ok ? host : "localhost");
	if (g->notification_email_from)
		rc |= copy_word(e->from, sizeof(e->from), g->notification_email_from);
	else if (host_ok && user && *user && word_ok(user) &&
		 (size_t)snprintf(e->from, sizeof(e->from), "%s@%s", user, host) >= sizeof(e->from))
		e->from[0] = '\0';
	if (g->router_id)
		rc |= copy_word(e->router_id, sizeof(e->router_id), g->router_id);
	else if (host_ok)
		snprintf(e->router_id, sizeof(e->router_id), "%s", host);
	for (uint32_t i = 0; i < g->notification_email.count; i++) {
		const char *a = g->notification_email.items[i];
		size_t n = strlen(a);

		if (e->rcpt_count == VG_MAIL_RCPT_MAX || copy_word(e->rcpt[e->rcpt_count], VG_MAIL_NAME_MAX, a)) {
			e->rcpt_dropped++;
			continue;
		}
		e->rcpt_count++;
		/* the To header: ", "-joined while it fits (keepalived stops at its 1024-byte buffer) */
		if (used + (used ? 2 : 0) + n < sizeof(e->to)) {
			if (used) {
				memcpy(e->to + used, ", ", 2);
				used += 2;
			}
			memcpy(e->to + used, a, n + 1);
			used += n;
		}
	}
	e->enabled = e->rcpt_count > 0 && g->smtp_server != NULL && rc == 0;
	return rc ? -1 : 0;
}

bool vg_mail_vrrp_enabled(const struct vg_conf_global *g, enum vg_conf_tri own)
{
	if (own != VG_TRI_UNSET)
		return own == VG_TRI_ON;
	if (g->smtp_alert_vrrp != VG_TRI_UNSET)
		return g->smtp_alert_vrrp == VG_TRI_ON;
	return g->smtp_alert == VG_TRI_ON;
}

bool vg_mail_vrrp(const struct vg_mail_env *e, const struct vg_conf_global *g, bool group, const char *name,
		  uint8_t what, const char *date, struct vg_mail *m)
{
	const char *subject, *body;

	if (!e->enabled)
		return false;
	switch (what) {
	case VG_NOTIFY_MASTER:
		subject = "Entering MASTER state";
		body = group ? "=> All VRRP group instances are now in MASTER state <="
			     : "=> VRRP Instance is now owning VRRP VIPs <=";
		break;
	case VG_NOTIFY_BACKUP:
		subject = "Entering BACKUP state";
		body = group ? "=> All VRRP group instances are now in BACKUP state <="
			     : "=> VRRP Instance is no longer owning VRRP VIPs <=";
		break;
	case VG_NOTIFY_FAULT:
		if (g->no_email_faults)
			return false;
		subject = "Entering FAULT state";
		body = group ? "=> All VRRP group instances are now in FAULT state <="
			     : "=> VRRP Instance is no longer owning VRRP VIPs <=";
		break;
	case VG_NOTIFY_STOP:
		subject = "Stopping";
		body = group ? "=> All VRRP group instances are now stopping <=" : "=> VRRP Instance stopping <=";
		break;
	case VG_NOTIFY_DELETED:
		if (group)
			return false;
		subject = "Deleted";
		body = "=> VRRP Deleted at reload <=";
		break;
	default:
		return false; /* master_rx_lower_pri and priority changes send no mail */
	}
	memset(m, 0, sizeof(*m));
	/* cut at VG_MAIL_SUBJECT_MAX - 1 bytes, as keepalived cuts at its MAX_HEADERS_LENGTH */
	if (snprintf(m->subject, sizeof(m->subject), "[%s] VRRP %s %s - %s", e->router_id,
		     group ? "Group" : "Instance", name, subject) >= (int)sizeof(m->subject))
		m->subject[sizeof(m->subject) - 1] = '\0';
	snprintf(m->body, sizeof(m->body), "%s", body);
	if (snprintf(m->date, sizeof(m->date), "%s", date ? date : "") >= (int)sizeof(m->date))
		m->date[0] = '\0'; /* not a date the backend formats */
	return true;
}

size_t vg_mail_data(const struct vg_mail_env *e, const struct vg_mail *m, char *buf, size_t cap)
{
	int n = snprintf(buf, cap,
			 "Date: %s\r\nFrom: %s\r\nSubject: %s\r\nX-Mailer: Keepalived\r\nTo: %s\r\n\r\n%s\r\n\r\n.\r\n",
			 m->date, e->from, m->subject, e->to, m->body);

	if (n < 0 || (size_t)n >= cap)
		return 0;
	return (size_t)n;
}

void vg_mail_queue_init(struct vg_mail_queue *q)
{
	q->head = q->len = 0;
	q->queued = q->dropped = 0;
}

bool vg_mail_queue_push(struct vg_mail_queue *q, const struct vg_mail *m)
{
	if (q->len == VG_MAIL_QUEUE_MAX) {
		q->dropped++;
		return false;
	}
	q->v[(q->head + q->len) % VG_MAIL_QUEUE_MAX] = *m;
	q->len++;
	q->queued++;
	return true;
}

const struct vg_mail *vg_mail_queue_peek(const struct vg_mail_queue *q)
{
	return q->len ? &q->v[q->head] : NULL;
}

void vg_mail_queue_pop(struct vg_mail_queue *q)
{
	if (!q->len)
		return;
	q->head = (q->head + 1) % VG_MAIL_QUEUE_MAX;
	q->len--;
}
