/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: e-mail alerts of the checkers: the decisions and the words. See
 * mail_checker.h; the texts are what keepalived 2.2.7 sent in
 * docs/smtp_alerts.md "Checker alerts".
 */
#include "alert/mail_checker.h"

#include <stdio.h>
#include <string.h>

#include "lvs/checker.h"

static bool tri_default(const struct vg_conf_global *g, enum vg_conf_tri own, bool dflt)
{
	if (own != VG_TRI_UNSET)
		return own == VG_TRI_ON;
	if (g->smtp_alert_checker != VG_TRI_UNSET)
		return g->smtp_alert_checker == VG_TRI_ON;
	if (g->smtp_alert != VG_TRI_UNSET)
		return g->smtp_alert == VG_TRI_ON;
	return dflt;
}

bool vg_mail_rs_enabled(const struct vg_conf_global *g, enum vg_conf_tri own)
{
	return tri_default(g, own, true);
}

bool vg_mail_vs_enabled(const struct vg_conf_global *g, enum vg_conf_tri own)
{
	return tri_default(g, own, false);
}

bool vg_mail_checker_body(const struct vg_conf_global *g, bool rs_on, const struct vg_mail_check_ev *ev, char *body,
			  size_t cap)
{
	const char *w;

	if (!rs_on || ev->type == VG_LVS_CHECK_FILE || ev->type >= VG_LVS_CHECK__COUNT)
		return false;
	/* keepalived's checkers mail on a change of their own verdict; its misc checker on every report */
	if (ev->type != VG_LVS_CHECK_MISC && ev->up == ev->checker_was_up)
		return false;
	if (g->no_checker_emails && ev->rs_was_alive == ev->rs_alive)
		return false;
	switch ((enum vg_lvs_check_type)ev->type) {
	case VG_LVS_CHECK_TCP:
		w = ev->up ? "=> TCP CHECK succeed on service <=" : "=> TCP CHECK failed on service <=";
		break;
	case VG_LVS_CHECK_UDP:
		w = ev->up ? "=> UDP CHECK succeed on service <=" : "=> UDP CHECK failed on service <=";
		break;
	case VG_LVS_CHECK_PING:
		w = ev->up ? "=> ICMP CHECK succeed on service <=" : "=> ICMP CHECK failed on service <=";
		break;
	case VG_LVS_CHECK_DNS:
		w = ev->up ? "=> DNS_CHECK: succeed on service <=" : "=> DNS_CHECK: failed on service <=";
		break;
	case VG_LVS_CHECK_HTTP:
	case VG_LVS_CHECK_SSL:
		w = ev->up ? "=> CHECK succeed on service <=" : "=> CHECK failed on service : HTTP request failed <=";
		break;
	case VG_LVS_CHECK_SMTP:
		if (!ev->up && ev->why && *ev->why) {
			snprintf(body, cap, "=> CHECK failed on service : %s <=", ev->why);
			return true;
		}
		w = ev->up ? "=> CHECK succeed on service <=" : "=> CHECK failed on service <=";
		break;
	case VG_LVS_CHECK_MISC:
		w = ev->up ? "=> MISC CHECK succeeded on service <="
		    : ev->misc ? "=> MISC CHECK timed out on service <=" : "=> MISC CHECK failed on service <=";
		break;
	default:
		return false;
	}
	snprintf(body, cap, "%s", w);
	return true;
}

void vg_mail_quorum_body(char *body, size_t cap, bool up, bool init, uint32_t quorum, uint32_t hysteresis,
			 int64_t weight)
{
	int64_t t = up ? (int64_t)quorum + hysteresis : (int64_t)quorum - hysteresis;

	snprintf(body, cap, "=> %s %u+%u=%lld <= %lld <=",
		 up ? (init ? "Starting with quorum up" : "Gained quorum")
		    : (init ? "Starting with quorum down" : "Lost quorum"),
		 quorum, hysteresis, (long long)t, (long long)weight);
}

static void fill(struct vg_mail *m, const char *body, const char *date)
{
	snprintf(m->body, sizeof(m->body), "%s", body);
	if (snprintf(m->date, sizeof(m->date), "%s", date ? date : "") >= (int)sizeof(m->date))
		m->date[0] = '\0';
}

bool vg_mail_realserver(const struct vg_mail_env *e, const char *rs, const char *vs, bool alive, const char *body,
			const char *date, struct vg_mail *m)
{
	if (!e->enabled)
		return false;
	memset(m, 0, sizeof(*m));
	/* cut at VG_MAIL_SUBJECT_MAX - 1 bytes, as keepalived cuts at its MAX_HEADERS_LENGTH */
	if (snprintf(m->subject, sizeof(m->subject), "[%s] Realserver %s of virtual server %s - %s", e->router_id, rs,
		     vs, alive ? "UP" : "DOWN") >= (int)sizeof(m->subject))
		m->subject[sizeof(m->subject) - 1] = '\0';
	fill(m, body, date);
	return true;
}

bool vg_mail_virtualserver(const struct vg_mail_env *e, const char *vs, bool up, const char *body, const char *date,
			   struct vg_mail *m)
{
	if (!e->enabled)
		return false;
	memset(m, 0, sizeof(*m));
	if (snprintf(m->subject, sizeof(m->subject), "[%s] Virtualserver %s - %s", e->router_id, vs,
		     up ? "UP" : "DOWN") >= (int)sizeof(m->subject))
		m->subject[sizeof(m->subject) - 1] = '\0';
	fill(m, body, date);
	return true;
}
