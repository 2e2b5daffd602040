/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: e-mail alerts of the checkers: which checker events send one, and the words.
 *
 * keepalived 2.2.7's checker alerts (docs/smtp_alerts.md "Checker alerts",
 * observed in the ipvs-vm guest, tests/ipvs-vm/test_checker_mail.sh):
 *
 *   Subject: [<router_id>] Realserver [198.51.100.2]:tcp:80 of virtual server [192.0.2.10]:tcp:80 - DOWN
 *   => TCP CHECK failed on service <=
 *   Subject: [<router_id>] Virtualserver [192.0.2.10]:tcp:80 - UP
 *   => Gained quorum 2+0=2 <= 2 <=
 *
 * A real server's alerts (one per checker that changes its verdict) are
 * on by the server's smtp_alert, else global smtp_alert_checker, else
 * global smtp_alert, else ON (keepalived keeps this default for backward
 * compatibility); a virtual server's (quorum) alerts by its smtp_alert,
 * else smtp_alert_checker, else smtp_alert, else OFF. no_checker_emails:
 * a checker's change sends an alert only when it changes the server's
 * state (alive / not alive). The subject says the server's state after the
 * change, so a second checker failing on a server already down sends
 * "- DOWN" with that checker's words. Nothing is sent without
 * notification_email and smtp_server (struct vg_mail_env .enabled).
 */
#ifndef VG_ALERT_MAIL_CHECKER_H
#define VG_ALERT_MAIL_CHECKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alert/mail.h"
#include "conf/conf.h"

/* A real server's checker alerts: own smtp_alert, else smtp_alert_checker, else smtp_alert, else on. */
bool vg_mail_rs_enabled(const struct vg_conf_global *g, enum vg_conf_tri own);
/* A virtual server's quorum alerts: own smtp_alert, else smtp_alert_checker, else smtp_alert, else off. */
bool vg_mail_vs_enabled(const struct vg_conf_global *g, enum vg_conf_tri own);

/* One checker reporting a verdict (the moment keepalived logs "... success." / "... failed."). */
struct vg_mail_check_ev {
	uint8_t type;          /* enum vg_lvs_check_type (lvs/checker.h) */
	bool up;               /* it reports UP (else DOWN) */
	bool checker_was_up;   /* the checker's verdict before */
	bool rs_was_alive;     /* the real server's state before and after */
	bool rs_alive;
	uint8_t misc;          /* MISC_CHECK's DOWN: 0 failed, 1 timed out */
	const char *why;       /* SMTP_CHECK's failure reason ("" or NULL: none) */
};

/*
 * Whether ev sends an alert for a real server whose alerts are `rs_on`:
 * the checker's verdict changed (MISC_CHECK: every report, its first
 * included, as keepalived's misc checker), and the server's state changed
 * or no_checker_emails is off. FILE_CHECK sends none (keepalived 2.2.7's
 * file checker has no alert). If so, the body goes to body (cap bytes).
 */
bool vg_mail_checker_body(const struct vg_conf_global *g, bool rs_on, const struct vg_mail_check_ev *ev, char *body,
			  size_t cap);

/*
 * The quorum alert's body: "=> Gained quorum Q+H=T <= W <=" (up),
 * "=> Lost quorum Q+H=T <= W <=" (keepalived writes '+' here even when
 * T = Q - H), "Starting with quorum up|down" in place of the first words
 * at start-up. T: the threshold crossed (Q + H when gained, Q - H when lost).
 */
void vg_mail_quorum_body(char *body, size_t cap, bool up, bool init, uint32_t quorum, uint32_t hysteresis,
			 int64_t weight);

/* "[RID] Realserver RS of virtual server VS - UP|DOWN" (alive: the server's state). false: alerts off. */
bool vg_mail_realserver(const struct vg_mail_env *e, const char *rs, const char *vs, bool alive, const char *body,
			const char *date, struct vg_mail *m);
/* "[RID] Virtualserver VS - UP|DOWN" (up: quorum). false: alerts off. */
bool vg_mail_virtualserver(const struct vg_mail_env *e, const char *vs, bool up, const char *body, const char *date,
			   struct vg_mail *m);

#endif
