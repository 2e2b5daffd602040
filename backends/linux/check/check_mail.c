/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the checker driver's e-mail alerts: a checker reporting a verdict
 * (the moment keepalived 2.2.7 logs "TCP connection to ... success." or
 * "TCP_CHECK on service ... failed.") and a quorum change become alerts
 * through the mail driver's hook (check_driver.h struct
 * vgd_check_mail_hook). Which ones send an alert, and their words, are the
 * core's (core/alert/mail_checker.h); docs/smtp_alerts.md "Checker alerts".
 * Nothing is sent while stopping: keepalived's omega "Shutting down"
 * alerts leave as the process exits (see the docs).
 */
#include <string.h>

#include "alert/mail_checker.h"
#include "check_int.h"
#include "lvs/checker.h"

void vgd_check_set_mail_hook(struct vgd_driver *drv, const struct vgd_check_mail_hook *h)
{
	struct vgc_check *c = drv->self;

	if (c && h)
		c->mail = *h;
}

void chk_mail_verdict(struct vgc_check *c, struct chk_gen *g, uint16_t s, uint16_t ck, bool up, bool was_up,
		      bool rs_was_alive, uint8_t outcome, const char *why, vg_time now)
{
	const struct vg_lvs_service_config *cfg = &g->map->svc[s].cfg;
	uint16_t r = cfg->checker[ck].rs;
	struct vg_mail_check_ev ev = { .type = cfg->checker[ck].type, .up = up, .checker_was_up = was_up,
				       .rs_was_alive = rs_was_alive, .why = why };
	char body[VG_MAIL_BODY_MAX], rsn[CHK_RS_NAME_MAX];
	bool on;

	if (!c->mail.checker || c->stopping || r >= cfg->rs_count)
		return;
	ev.rs_alive = g->svc[s].rs[r].alive;
	ev.misc = outcome == VG_LVS_PROBE_TIMEOUT;
	/* the real_server's smtp_alert, copied out of the tree (gen.c) */
	on = vg_mail_rs_enabled(&g->conf->global, (enum vg_conf_tri)chk_rs_stat(g, s, r)->smtp_alert);
	if (!vg_mail_checker_body(&g->conf->global, on, &ev, body, sizeof(body)))
		return;
	c->mail.checker(c->mail.ctx, chk_rs_name(g, s, r, rsn, sizeof(rsn)), g->vsname[s], ev.rs_alive, body, now);
}

void chk_mail_quorum(struct vgc_check *c, struct chk_gen *g, uint16_t s, bool up, vg_time now)
{
	const struct vg_lvs_service_config *cfg = &g->map->svc[s].cfg;
	const struct vg_conf_virtual_server *vs = g->map->svc[s].vs;
	char body[VG_MAIL_BODY_MAX];

	if (!c->mail.checker || c->stopping ||
	    !vg_mail_vs_enabled(&g->conf->global, vs ? vs->smtp_alert : VG_TRI_UNSET))
		return;
	vg_mail_quorum_body(body, sizeof(body), up, g->starting, cfg->quorum, cfg->hysteresis,
			    vg_lvs_service_live_weight(&g->svc[s]));
	c->mail.checker(c->mail.ctx, NULL, g->vsname[s], up, body, now);
}
