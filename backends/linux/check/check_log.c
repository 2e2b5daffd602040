/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the checker driver's log lines, worded as keepalived 2.2.7's checker process words them.
 *
 * A verdict is logged when it reports UP or DOWN (and every failure with log_all_failures);
 * a url that passes while its server is down is logged on its own (check_driver.c calls both
 * from deliver()).
 */
#include <stdio.h>
#include <string.h>

#include "check_int.h"
#include "log.h"

static const char *type_word(uint8_t t)
{
	switch (t) {
	case VG_LVS_CHECK_TCP: return "TCP";
	case VG_LVS_CHECK_HTTP:
	case VG_LVS_CHECK_SSL: return "HTTP";
	default: return vg_lvs_check_type_name((enum vg_lvs_check_type)t);
	}
}

/* Logs the verdict as keepalived does; returns 1 or -1 when it reports UP or DOWN (e-mail alerts), else 0. */
int chk_log_result(struct chk_gen *g, uint16_t s, uint16_t ck, const struct vg_lvs_checker *before_c,
		   bool was_up, bool had_run, bool ok, uint8_t outcome, const char *why)
{
	const struct vg_lvs_service_config *cfg = &g->map->svc[s].cfg;
	const struct vg_lvs_checker *chk = &g->svc[s].chk[ck];
	uint8_t laf = g->ck[s][ck].log_all_failures; /* the checker's log_all_failures, copied (gen.c) */
	uint8_t t = cfg->checker[ck].type;
	bool http = t == VG_LVS_CHECK_HTTP || t == VG_LVS_CHECK_SSL;
	char rsn[CHK_RS_NAME_MAX];
	/* the server's name, formatted only for a line that is written (not per result) */
#define RS_NAME chk_rs_name(g, s, cfg->checker[ck].rs, rsn, sizeof(rsn))

	(void)before_c;
	/* keepalived logs a failure that does not change the verdict only with log_all_failures:
	   the checker's, or global_defs checker_log_all_failures (kept verbatim) */
	if (!ok && was_up &&
	    (laf == VG_TRI_ON ||
	     (laf == VG_TRI_UNSET &&
	      vg_conf_extra_find(g->conf->global.extra, "checker_log_all_failures")))) {
		if (http)
			vgd_log(LOG_INFO, "%s server %s.", why && *why ? why : "Connection failed", RS_NAME);
		else
			vgd_log(LOG_INFO, "%s connection to %s %s.", type_word(t), RS_NAME,
				outcome == VG_LVS_PROBE_TIMEOUT ? "timeout" : "failed");
	}
	/* keepalived's epilogs: success logged when it reports UP (not up yet, or the first run;
	   HTTP once every url passed), failure when the retries are used up and it reports DOWN */
	if (ok && chk->is_up && (!was_up || !had_run) && (!http || chk->url_it == 0)) {
		if (t == VG_LVS_CHECK_TCP)
			vgd_log(LOG_INFO, "TCP connection to %s success.", RS_NAME);
		else if (http)
			vgd_log(LOG_INFO, "Remote Web server %s succeed on service.", RS_NAME);
		else
			vgd_log(LOG_INFO, "%s on service %s succeed.", vg_lvs_check_type_name((enum vg_lvs_check_type)t), RS_NAME);
		return 1;
	} else if (!ok && !chk->is_up && (was_up || !had_run) &&
		   (http ? chk->failed_url >= 0 : chk->retry_it == 0)) {
		const char *name = http ? "HTTP_CHECK" : vg_lvs_check_type_name((enum vg_lvs_check_type)t);

		if (cfg->checker[ck].retry && had_run)
			vgd_log(LOG_INFO, "%s on service %s failed after %u retries.", name, RS_NAME, cfg->checker[ck].retry);
		else
			vgd_log(LOG_INFO, "%s on service %s failed.", name, RS_NAME);
		return -1;
	}
	return 0;
#undef RS_NAME
}

/*
 * A url of a server that is down passes: keepalived 2.2.7 logs each such
 * pass ("MD5 digest success to [198.51.100.4]:tcp:80 url(/cgi-bin/page)",
 * seen in tests/ipvs-vm/test_checkers_compare.sh), before the server is
 * up a full pass later ("Remote Web server .. succeed on service.").
 */
void chk_log_url_pass(struct chk_gen *g, uint16_t s, uint16_t ck, uint8_t u)
{
	const struct vg_lvs_service_config *cfg = &g->map->svc[s].cfg;
	const struct vg_lvs_checker_config *k = &cfg->checker[ck];
	const struct vg_lvs_url *url;
	uint32_t ix;
	char rsn[CHK_RS_NAME_MAX];

	if ((k->type != VG_LVS_CHECK_HTTP && k->type != VG_LVS_CHECK_SSL) || u >= k->url_count)
		return;
	url = &cfg->url[k->url_first + u];
	ix = g->url_off[s] + k->url_first + u; /* the path, copied out of the tree (gen.c) */
	vgd_log(LOG_INFO, "%s success to %s url(%s)",
		url->has_regex ? "Regex match" : url->has_digest ? "MD5 digest" : "HTTP status code",
		chk_rs_name(g, s, k->rs, rsn, sizeof(rsn)),
		ix < g->nurl && g->url_path[ix] ? (const char *)g->bytes + g->url_path[ix] - 1 : "/");
}
