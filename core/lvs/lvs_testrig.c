// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the rig the virtual-server tests share (see lvs_testrig.h); built only for tests.
 */
#include "lvs/lvs_testrig.h"

#include <stdio.h>
#include <stdlib.h>

struct lvs_rig *lvs_rig_new(const int32_t *w, int n, uint32_t retry, uint16_t id)
{
	struct lvs_rig *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	vg_lvs_service_config_defaults(&r->cfg);
	r->cfg.rs = r->rs;
	r->cfg.checker = r->checker;
	r->cfg.url = r->url;
	vg_lvs_service_bind(&r->svc, r->rs_st, r->chk_st, r->heap_st);
	r->cfg.id = id;
	assert_int_equal(vg_addr_parse("192.0.2.100", &r->cfg.addr), 0);
	r->cfg.port = 80;
	r->cfg.rs_count = (uint16_t)n;
	r->cfg.checker_count = (uint16_t)n;
	for (int i = 0; i < n; i++) {
		char ip[32];

		vg_lvs_rs_config_defaults(&r->cfg.rs[i], &r->cfg);
		snprintf(ip, sizeof(ip), "10.2.0.%d", i + 1);
		assert_int_equal(vg_addr_parse(ip, &r->cfg.rs[i].addr), 0);
		r->cfg.rs[i].port = 80;
		r->cfg.rs[i].weight = w[i];
		vg_lvs_checker_config_defaults(&r->cfg.checker[i], &r->tm[i], VG_LVS_CHECK_TCP, VG_S(10));
		r->cfg.checker[i].rs = (uint16_t)i;
		r->cfg.checker[i].retry = (uint16_t)retry;
		r->tm[i].warmup_ns = 0;
	}
	vg_actions_init(&r->out, r->buf, EFF_CAP);
	vg_lvs_service_init(&r->svc, &r->cfg);
	return r;
}

void lvs_rig_start(struct lvs_rig *r)
{
	assert_int_equal(vg_lvs_service_config_check(&r->cfg), 0);
	vg_lvs_service_init(&r->svc, &r->cfg);
	vg_actions_clear(&r->out);
	vg_lvs_service_start(&r->svc, T0, 1, &r->out);
}

const char *lvs_rig_render(struct lvs_rig *r)
{
	size_t n = 0;

	r->text[0] = '\0';
	for (size_t i = 0; i < r->out.len; i++) {
		const struct vg_action *e = &r->out.v[i];
		char rs[8];

		if (e->kind == VG_ACT_LVS_PROBE || e->kind == VG_ACT_LVS_PROBE_ABORT)
			continue;
		if (e->u.lvs.rs == VG_LVS_RS_SORRY)
			snprintf(rs, sizeof(rs), "S");
		else
			snprintf(rs, sizeof(rs), "%u", e->u.lvs.rs);
		switch (e->kind) {
		case VG_ACT_LVS_SVC_ADD: n += (size_t)snprintf(r->text + n, sizeof(r->text) - n, "svc-add"); break;
		case VG_ACT_LVS_SVC_DEL: n += (size_t)snprintf(r->text + n, sizeof(r->text) - n, "svc-del"); break;
		case VG_ACT_LVS_DEST_ADD:
			n += (size_t)snprintf(r->text + n, sizeof(r->text) - n, "add %s w%d", rs, e->u.lvs.weight);
			break;
		case VG_ACT_LVS_DEST_EDIT:
			n += (size_t)snprintf(r->text + n, sizeof(r->text) - n, "edit %s w%d", rs, e->u.lvs.weight);
			break;
		case VG_ACT_LVS_DEST_DEL: n += (size_t)snprintf(r->text + n, sizeof(r->text) - n, "del %s", rs); break;
		case VG_ACT_LVS_NOTIFY_UP: n += (size_t)snprintf(r->text + n, sizeof(r->text) - n, "up %s", rs); break;
		case VG_ACT_LVS_NOTIFY_DOWN: n += (size_t)snprintf(r->text + n, sizeof(r->text) - n, "down %s", rs); break;
		case VG_ACT_LVS_QUORUM_UP: n += (size_t)snprintf(r->text + n, sizeof(r->text) - n, "quorum-up"); break;
		case VG_ACT_LVS_QUORUM_DOWN: n += (size_t)snprintf(r->text + n, sizeof(r->text) - n, "quorum-down"); break;
		default: n += (size_t)snprintf(r->text + n, sizeof(r->text) - n, "?"); break;
		}
		n += (size_t)snprintf(r->text + n, sizeof(r->text) - n, ", ");
	}
	if (n >= 2)
		r->text[n - 2] = '\0';
	return r->text;
}

size_t lvs_rig_round(struct lvs_rig *r, vg_time now, const char *ok)
{
	struct vg_action probes[EFF_CAP];
	size_t np = 0;

	vg_actions_clear(&r->out);
	vg_lvs_service_handle_expiry(&r->svc, now, &r->out);
	for (size_t i = 0; i < r->out.len; i++)
		if (r->out.v[i].kind == VG_ACT_LVS_PROBE)
			probes[np++] = r->out.v[i];
	vg_actions_clear(&r->out);
	for (size_t i = 0; i < np; i++) {
		struct vg_lvs_probe_result res = {
			.checker = probes[i].u.lvs.checker, .seq = probes[i].u.lvs.seq,
			.outcome = ok[probes[i].u.lvs.checker] == '1' ? VG_LVS_PROBE_OK : VG_LVS_PROBE_FAILED,
		};

		vg_lvs_service_probe_result(&r->svc, now, &res, NULL, &r->out);
	}
	return np;
}
