/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the LVS driver's kernel sync daemon (keepalived.conf(5) global_defs
 * lvs_sync_daemon, or a vrrp_instance's deprecated lvs_sync_daemon_interface):
 * read from the configuration, then started as master or backup as the named
 * VRRP instance changes state (the VRRP driver's hook vgd_lvs_vrrp_state).
 */
#include "lvs_driver.h"
#include "lvs_driver_int.h"

#include <linux/ip_vs.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "vrrp/action.h"

/*
 * vrrp_instance lvs_sync_daemon_interface IFNAME (deprecated): keepalived
 * 2.2.7 takes the first one as the sync daemon's interface and that instance
 * as its instance, with id 0, unless global_defs has lvs_sync_daemon; a later
 * one is ignored with a warning (the parser warns that the keyword is deprecated).
 */
static void from_instance(struct lvs_syncd *y, const struct vg_conf *conf, struct vg_diags *dg)
{

	for (uint32_t i = 0; i < conf->instances.count; i++) {
		const struct vg_conf_instance *in = &conf->instances.items[i];
		const struct vg_conf_kv *kv = vg_conf_extra_find(in->extra, "lvs_sync_daemon_interface");

		if (!kv || !kv->args.count)
			continue;
		if (y->set) {
			vg_diags_add(dg, VG_DIAG_WARNING, &kv->loc, "lvs-sync-daemon", NULL,
				     "(%s) lvs_sync_daemon_interface: the sync daemon's interface is already %s, "
				     "ignored", in->name ? in->name : "?", y->d.mcast_ifn);
			continue;
		}
		snprintf(y->d.mcast_ifn, sizeof(y->d.mcast_ifn), "%s", kv->args.items[0]);
		snprintf(y->instance, sizeof(y->instance), "%s", in->name ? in->name : "");
		y->d.syncid = 0;
		y->tag.file = kv->loc.file;
		y->tag.line = kv->loc.line;
		y->set = true;
	}
}

void vgd_lvs_syncd_parse(struct lvs_syncd *y, const struct vg_conf *conf, struct vg_diags *dg)
{
	const struct vg_conf_kv *kv = vg_conf_extra_find(conf->global.extra, "lvs_sync_daemon");
	bool id_set = false;
	uint32_t i;

	if (!kv) {
		from_instance(y, conf, dg);
		return;
	}
	if (kv->args.count < 2) {
		vg_diags_add(dg, VG_DIAG_WARNING, &kv->loc, "lvs-sync-daemon", NULL,
			     "lvs_sync_daemon needs <INTERFACE> <VRRP_INSTANCE>: ignored");
		return;
	}
	snprintf(y->d.mcast_ifn, sizeof(y->d.mcast_ifn), "%s", kv->args.items[0]);
	snprintf(y->instance, sizeof(y->instance), "%s", kv->args.items[1]);
	y->d.syncid = 0;
	for (i = 2; i + 1 < kv->args.count; i += 2) {
		const char *k = kv->args.items[i], *v = kv->args.items[i + 1];
		unsigned long n = strtoul(v, NULL, 10);

		if (!strcmp(k, "id")) {
			y->d.syncid = (uint32_t)n;
			id_set = true;
		}
		else if (!strcmp(k, "maxlen"))
			y->d.sync_maxlen = (uint16_t)n;
		else if (!strcmp(k, "port"))
			y->d.mcast_port = (uint16_t)n;
		else if (!strcmp(k, "ttl"))
			y->d.mcast_ttl = (uint8_t)n;
		else if (!strcmp(k, "group") && vg_addr_parse(v, &y->d.mcast_group))
			vg_diags_add(dg, VG_DIAG_WARNING, &kv->loc, "lvs-sync-daemon", NULL,
				     "lvs_sync_daemon group %s: not an address, ignored", v);
	}
	if (!id_set) {
		/* keepalived 2.2.7 (vrrp.c, sync daemon set-up): no id means the instance's VRID */
		const struct vg_conf_instance *in = vg_conf_find_instance(conf, y->instance);
		if (in)
			y->d.syncid = in->virtual_router_id;
	}
	y->tag.file = kv->loc.file;
	y->tag.line = kv->loc.line;
	y->set = true;
	from_instance(y, conf, dg);
}

/* One sync daemon change (IPVS_CMD_NEW_DAEMON / DEL_DAEMON) in its own batch. */
static void send(struct vgd_lvs *l, uint8_t cmd, int state)
{
	struct lvs_syncd *y = &l->gen->syncd;
	struct vgl_ipvs_batch *b = vgl_ipvs_batch_new(1);
	struct vgl_ipvs_daemon d = y->d;
	struct vgl_ipvs_io io = { 0 };
	char err[256], line[512];
	size_t nf = 0;

	if (!b)
		return;
	d.state = (uint32_t)state;
	if (!vgl_ipvs_batch_daemon(b, cmd, &d, &y->tag) && !vgl_ipvs_run(l->sock, b, &io, err, sizeof(err))) {
		const struct vgl_ipvs_failure *f = vgl_ipvs_batch_failures(b, &nf);

		if (nf)
			vgd_log(LOG_ERR, "%s", vgl_ipvs_batch_format(b, f, line, sizeof(line)));
	}
	l->n.messages += io.messages;
	l->n.round_trips += io.round_trips;
	l->n.syncd_changes++;
	vgd_log(LOG_INFO, "IPVS sync daemon: %s %s on %s (syncid %u)%s", cmd == IPVS_CMD_NEW_DAEMON ? "starting" : "stopping",
		state == IP_VS_STATE_MASTER ? "master" : "backup", d.mcast_ifn, d.syncid, nf ? " failed" : "");
	vgl_ipvs_batch_free(b);
}

/* Run the sync daemon as `state` (0: none): keepalived's ipvs_syncd_master / _backup / stop. */
void vgd_lvs_syncd_set(struct vgd_lvs *l, int state)
{
	if (!l->sock || l->syncd_state == state)
		return;
	if (l->syncd_state)
		send(l, IPVS_CMD_DEL_DAEMON, l->syncd_state);
	l->syncd_state = 0;
	if (state) {
		send(l, IPVS_CMD_NEW_DAEMON, state);
		l->syncd_state = state;
	}
}

void vgd_lvs_vrrp_state(void *self, const char *instance, int state)
{
	struct vgd_lvs *l = self;

	if (!l || !l->gen->syncd.set || strcmp(instance, l->gen->syncd.instance))
		return;
	/* keepalived: a Master runs the master daemon, a Backup (and a Fault) the backup one */
	if (state == VG_STATE_MASTER)
		vgd_lvs_syncd_set(l, IP_VS_STATE_MASTER);
	else if (state == VG_STATE_BACKUP || state == VG_STATE_FAULT)
		vgd_lvs_syncd_set(l, IP_VS_STATE_BACKUP);
}
