/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: configuration reading and the two-phase reload (see reload.h).
 */
#include "reload.h"

#include <errno.h>
#include <string.h>
#include <sys/utsname.h>

#include "conf/keyword_status.h"
#include "conf_loader.h"
#include "conf_record.h"
#include "log.h"
#include "rt_tables.h"
#include "sdnotify.h"

void vgd_print_diags(const struct vg_diags *dg, FILE *f)
{
	char buf[VG_DIAG_MESSAGE_MAX + 256];
	uint32_t i;

	for (i = 0; i < dg->count; i++) {
		vg_diag_format(&dg->items[i], buf, sizeof(buf));
		if (f)
			fprintf(f, "%s\n", buf);
		else
			vgd_log(dg->items[i].severity == VG_DIAG_ERROR ? LOG_ERR : LOG_WARNING, "%s", buf);
	}
}

const char *vgd_config_id(const struct vgd_opts *o, struct utsname *u)
{
	if (o->config_id)
		return o->config_id;
	if (uname(u) == 0)
		return u->nodename;
	return NULL;
}

/* The tree of a load, or NULL (logged, with dg printed) when it cannot be used. */
static struct vg_conf *loaded(const struct vgd_opts *o, struct vg_conf *conf, int rc, struct vg_diags *dg)
{
	if (!conf || rc == VG_CONF_ERR_IO || rc == VG_CONF_ERR_NOMEM) {
		vgd_print_diags(dg, NULL);
		vgd_log(LOG_ERR, "cannot read configuration %s", o->conf);
		if (conf)
			vg_conf_free(conf);
		return NULL;
	}
	return conf;
}

struct vg_conf *vgd_conf_read(const struct vgd_opts *o, struct vg_diags *dg)
{
	struct vg_conf *conf = NULL;
	struct utsname u;
	int rc = vg_conf_load(o->conf, vgd_config_id(o, &u), &conf, dg);

	return loaded(o, conf, rc, dg);
}

struct vg_conf *vgd_conf_read_recorded(const struct vgd_opts *o, struct vg_diags *dg, struct vg_conf_record **rec)
{
	struct vg_conf *conf = NULL;
	struct utsname u;
	int rc = vg_conf_load_recorded(o->conf, vgd_config_id(o, &u), &conf, dg, rec);

	/* the plan resolves routing-table names through these: they count as read */
	for (size_t i = 0; *rec && i < VG_HOST_RT_TABLES_FILES; i++)
		vg_conf_record_file(*rec, vg_host_rt_tables_files[i]);
	conf = loaded(o, conf, rc, dg);
	/* a host name is looked up in DNS each time the plan is built (mail.c): not a file to compare */
	if (conf && conf->global.smtp_server && conf->global.smtp_server_addr.family != VG_AF_INET &&
	    conf->global.smtp_server_addr.family != VG_AF_INET6)
		vg_conf_record_taint(*rec, "smtp_server is a host name, resolved at each reload");
	if (!conf) {
		vg_conf_record_free(*rec);
		*rec = NULL;
	}
	return conf;
}

/* The running tree is what the files hold: say so, warn as a reload does, touch nothing. */
static void reload_unchanged(const struct vgd_opts *o, const struct vg_conf *conf)
{
	struct vg_diags dg;

	vgd_log(LOG_INFO, "Reloading configuration %s: unchanged", o->conf);
	vg_diags_init(&dg);
	vg_conf_keyword_warnings(conf, &dg); /* once per reload, as a full one */
	vgd_print_diags(&dg, NULL);
	vg_diags_free(&dg);
}

/*
 * global_defs reload_check_config [LOG_FILE] of the running configuration:
 * keepalived 2.2.7 then checks the new files in a `--config-test=LOG_FILE`
 * child before reloading, and reloads only when they are good. vigild always
 * checks first and keeps the running configuration when the new one has
 * errors; with reload_check_config it also refuses one with warnings (lines
 * keepalived works around, which fail its check), and with LOG_FILE writes
 * that check's diagnostics there (the file is emptied first, as keepalived
 * truncates it). NULL: no file.
 */
static FILE *check_log_open(const struct vg_conf *conf)
{
	const struct vg_conf_kv *kv = conf ? vg_conf_extra_find(conf->global.extra, "reload_check_config") : NULL;
	FILE *f;

	if (!kv || !kv->args.count)
		return NULL;
	f = fopen(kv->args.items[0], "we");
	if (!f)
		vgd_log(LOG_WARNING, "reload_check_config %s: %s", kv->args.items[0], strerror(errno));
	return f;
}

enum vgd_reload_result vgd_reload(const struct vgd_opts *o, struct vgd_driver *drv, size_t n, struct vg_conf **conf,
				  struct vg_conf_record **rec, vg_time now)
{
	bool check = *conf && vg_conf_extra_find((*conf)->global.extra, "reload_check_config");
	FILE *check_log = check_log_open(*conf);
	uint32_t kw_before, kw_warnings;
	struct vg_conf_record *nrec = NULL;
	struct vg_diags dg;
	struct vg_conf *nc;
	struct utsname u;
	char why[512] = "";
	size_t i, ready = 0;
	bool ok;

	vgd_sd_notify("RELOADING=1");
	if (rec && *rec && *conf && vg_conf_record_unchanged(*rec, vgd_config_id(o, &u), why, sizeof(why))) {
		if (check_log)
			fclose(check_log);
		reload_unchanged(o, *conf);
		vgd_sd_notify("READY=1");
		return VGD_RELOAD_UNCHANGED;
	}
	if (why[0])
		vgd_log(LOG_INFO, "Reloading configuration %s (%s)", o->conf, why);
	else
		vgd_log(LOG_INFO, "Reloading configuration %s", o->conf);
	vg_diags_init(&dg);
	nc = rec ? vgd_conf_read_recorded(o, &dg, &nrec) : vgd_conf_read(o, &dg);
	ok = nc != NULL;
	kw_before = dg.warnings;
	if (nc) /* once per reload: each keyword the daemon does not act on, at its file:line */
		vg_conf_keyword_warnings(nc, &dg);
	kw_warnings = dg.warnings - kw_before;
	for (; ok && ready < n; ready++)
		if (drv[ready].ops->reload_prepare(drv[ready].self, nc, &dg))
			break;
	if (nc) {
		vgd_print_diags(&dg, NULL);
		ok = ready == n;
		if (ok && dg.errors) {
			vgd_log(LOG_ERR, "configuration %s has %u error(s)", o->conf, dg.errors);
			ok = false;
		}
		/* keepalived's check fails (and its reload is not done) on a line it works around too;
		   vigild's own "does not act on it yet" warnings are not keepalived's */
		if (ok && check && dg.warnings > kw_warnings) {
			vgd_log(LOG_ERR, "reload_check_config: configuration %s has %u warning(s)", o->conf,
				dg.warnings - kw_warnings);
			ok = false;
		}
	}
	if (check_log) {
		vgd_print_diags(&dg, check_log);
		fprintf(check_log, "%s: %u error(s), %u warning(s)%s\n", o->conf, dg.errors, dg.warnings,
			ok ? "" : ": reload refused, the running configuration stays");
		fclose(check_log);
	}
	if (!ok) {
		for (i = 0; i < ready; i++)
			drv[i].ops->reload_abort(drv[i].self);
		if (nc)
			vg_conf_free(nc);
		vg_conf_record_free(nrec); /* the running tree keeps its own record */
		vgd_log(LOG_ERR, "reload failed: keeping the running configuration");
	} else {
		for (i = 0; i < n; i++)
			drv[i].ops->reload_commit(drv[i].self, now);
		vg_conf_free(*conf);
		*conf = nc;
		if (rec) {
			vg_conf_record_free(*rec);
			*rec = nrec;
		}
	}
	vg_diags_free(&dg);
	vgd_sd_notify("READY=1");
	return ok ? VGD_RELOAD_DONE : VGD_RELOAD_FAILED;
}
