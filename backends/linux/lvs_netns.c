/* SPDX-License-Identifier: GPL-2.0-or-later */
/* DOC: net_namespace_ipvs: the IPVS socket opened in its namespace (lvs_netns.h). */
#include "lvs_netns.h"

#include <errno.h>
#include <stdio.h>

#include "netns_call.h"

static const char *kv_name(const struct vg_conf_kv *kv)
{
	return kv->args.count ? kv->args.items[0] : "";
}

const char *vgd_ipvs_namespace(const struct vg_conf *conf)
{
	/* top level only: keepalived 2.2.7 answers "Unknown keyword" to it in global_defs */
	const struct vg_conf_kv *kv = vg_conf_extra_find(conf->extra, "net_namespace_ipvs");

	return kv ? kv_name(kv) : NULL;
}

struct open_args {
	struct vgl_ipvs **out;
	char *err;
	size_t errlen;
};

static int open_here(void *arg)
{
	struct open_args *a = arg;

	return vgl_ipvs_open(a->out, a->err, a->errlen);
}

int vgd_ipvs_open_conf(const struct vg_conf *conf, struct vgl_ipvs **out, char *err, size_t errlen)
{
	const char *ns = vgd_ipvs_namespace(conf);
	struct open_args a = { out, err, errlen };
	char why[256];
	int rc;

	*out = NULL;
	if (!ns)
		return vgl_ipvs_open(out, err, errlen);
	why[0] = 0;
	rc = vgl_netns_call(ns, open_here, &a, why, sizeof(why));
	if (why[0]) {
		if (*out) {
			vgl_ipvs_close(*out);
			*out = NULL;
		}
		snprintf(err, errlen, "net_namespace_ipvs: %s", why);
		return -EINVAL;
	}
	return rc;
}
