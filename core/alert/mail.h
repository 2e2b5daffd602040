/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: e-mail alerts: which transitions send one, the message, the queue.
 *
 * keepalived 2.2.7's alerts, as observed on the wire (docs/smtp_alerts.md):
 *
 *   Subject: [<router_id>] VRRP Instance <name> - Entering MASTER state
 *   Subject: [<router_id>] VRRP Group <name> - Entering BACKUP state
 *
 * with a one-line body per state ("=> VRRP Instance is now owning VRRP VIPs
 * <="), sent when the instance's (or sync group's) smtp_alert is on: the
 * block's own smtp_alert, else global smtp_alert_vrrp, else global
 * smtp_alert, else off; never without notification_email and smtp_server;
 * no_email_faults leaves out FAULT.
 *
 * `struct vg_mail_env` is the envelope and the fixed headers, built once
 * per configuration from global_defs and the host (its name and the user
 * are inputs: the core reads neither): HELO name (smtp_helo_name, else the
 * host name, else "localhost"), sender (notification_email_from, else
 * user@host), recipients (notification_email, in order) and the To header
 * (them joined with ", ", at most VG_MAIL_TO_MAX bytes as in keepalived).
 *
 * `struct vg_mail` is one alert: subject, body and the Date header value
 * (RFC 5322 3.3, formatted by the backend from the time of the event).
 * `struct vg_mail_queue` holds the alerts waiting for the one connection:
 * a fixed ring; an alert that finds it full is dropped and counted.
 */
#ifndef VG_ALERT_MAIL_H
#define VG_ALERT_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"

#define VG_MAIL_SUBJECT_MAX 256u  /* keepalived's MAX_HEADERS_LENGTH */
#define VG_MAIL_BODY_MAX    128u
#define VG_MAIL_DATE_MAX    48u
#define VG_MAIL_NAME_MAX    256u  /* a HELO name, a sender, one recipient (RFC 5321 4.5.3.1.3: 256) */
#define VG_MAIL_RCPT_MAX    32u   /* recipients named in RCPT TO */
#define VG_MAIL_TO_MAX      1024u /* the To header's value (keepalived's buffer) */
#define VG_MAIL_DATA_MAX    (VG_MAIL_DATE_MAX + 2 * VG_MAIL_NAME_MAX + VG_MAIL_SUBJECT_MAX + VG_MAIL_TO_MAX + \
			     VG_MAIL_BODY_MAX + 96u)
#define VG_MAIL_QUEUE_MAX   32u   /* alerts waiting for the connection */

struct vg_mail {
	char subject[VG_MAIL_SUBJECT_MAX];
	char body[VG_MAIL_BODY_MAX];
	char date[VG_MAIL_DATE_MAX];
};

struct vg_mail_env {
	char helo[VG_MAIL_NAME_MAX];
	char from[VG_MAIL_NAME_MAX];
	char rcpt[VG_MAIL_RCPT_MAX][VG_MAIL_NAME_MAX];
	uint16_t rcpt_count;
	uint16_t rcpt_dropped;  /* recipients over VG_MAIL_RCPT_MAX or unusable (counted, not named) */
	char to[VG_MAIL_TO_MAX];
	char router_id[VG_MAIL_NAME_MAX]; /* router_id, else the host name */
	bool enabled;           /* notification_email and smtp_server are both set */
};

/*
 * The envelope of g (global_defs) on host `host` (its name; NULL or "" if
 * unknown) run by `user`. Returns 0, or -1 when a configured name holds a
 * control character or a space (it would inject a command: never sent).
 */
int vg_mail_env_build(struct vg_mail_env *e, const struct vg_conf_global *g, const char *host, const char *user);

/* Whether a block with smtp_alert `own` alerts (keepalived: own, else smtp_alert_vrrp, else smtp_alert). */
bool vg_mail_vrrp_enabled(const struct vg_conf_global *g, enum vg_conf_tri own);

/*
 * The alert for a VRRP notify (enum vg_notify, vrrp/action.h) of instance
 * (group false) or sync group `name`, if that notify sends one: MASTER,
 * BACKUP, FAULT (unless no_email_faults), STOP, DELETED (instances only).
 * date as formatted by the caller. Returns true and fills m, or false.
 */
bool vg_mail_vrrp(const struct vg_mail_env *e, const struct vg_conf_global *g, bool group, const char *name,
		  uint8_t what, const char *date, struct vg_mail *m);

/*
 * The DATA payload of m: the headers keepalived sends (Date, From, Subject,
 * X-Mailer, To), an empty line, the body, and the terminating "." line
 * (RFC 5321 4.1.1.4). Returns its length, or 0 if it does not fit in cap.
 */
size_t vg_mail_data(const struct vg_mail_env *e, const struct vg_mail *m, char *buf, size_t cap);

struct vg_mail_queue {
	struct vg_mail v[VG_MAIL_QUEUE_MAX];
	uint32_t head, len;
	uint64_t queued, dropped; /* totals */
};

void vg_mail_queue_init(struct vg_mail_queue *q);
/* Appends a copy of m; false (and dropped++) when full. */
bool vg_mail_queue_push(struct vg_mail_queue *q, const struct vg_mail *m);
/* The oldest alert, or NULL. */
const struct vg_mail *vg_mail_queue_peek(const struct vg_mail_queue *q);
void vg_mail_queue_pop(struct vg_mail_queue *q);

#endif
