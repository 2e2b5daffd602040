/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the mail driver: e-mail alerts (smtp_alert) over a non-blocking socket.
 *
 * The VRRP driver's notifies reach it through the root's hook (driver.h
 * struct vgd_hooks .notify), the checker driver's alerts through another
 * (check/check_driver.h struct vgd_check_mail_hook); the core (core/alert/mail.h) decides whether
 * one sends an alert and words it, the alert waits in a bounded queue
 * (overflow counted and logged), and one connection at a time carries the
 * oldest to smtp_server with core/alert/smtp_client.h's dialogue. Every
 * wait is bounded by smtp_connect_timeout and nothing blocks: a dead or
 * slow server never delays an advert. docs/smtp_alerts.md.
 */
#ifndef VGD_MAIL_H
#define VGD_MAIL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/time.h"
#include "conf/conf.h"
#include "driver.h"
#include "options.h"

struct vgd_driver vgd_mail_new(const struct vgd_opts *o, const struct vg_conf *conf, struct vg_diags *dg);

/*
 * A VRRP notify (enum vg_notify) of instance ci or, with ci NULL, of sync
 * group cg (driver.h struct vgd_hooks .notify, ctx = drv->self).
 */
void vgd_mail_vrrp(void *self, const struct vg_conf_instance *ci, const struct vg_conf_sync_group *cg,
		   uint8_t what, vg_time now);

/*
 * A checker alert (check_driver.h struct vgd_check_mail_hook, ctx =
 * drv->self): real server rs of virtual server vs, or with rs NULL the
 * virtual server's quorum; up: the state after; body: keepalived's words
 * (the checker side decided that it is sent: core/alert/mail_checker.h).
 */
void vgd_mail_checker(void *self, const char *rs, const char *vs, bool up, const char *body, vg_time now);

#endif
