/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the vmacs a configuration asks for and their names (vmac.h).
 */
#include "vrrp/vmac.h"

#include <stdio.h>
#include <string.h>

void vg_vmac_candidate(const char *prefix, uint8_t vrid, uint8_t family, unsigned k, char out[VG_VMAC_NAME_MAX])
{
	char num[12] = "", buf[64];
	unsigned n = 0;
	size_t tail, keep = strlen(prefix);

	/* IPv4: 0, 1, 2, ...; IPv6: 0, 6, 1, 2, 3, 4, 5, 7, ... */
	if (family == VG_AF_INET6)
		n = k == 0 ? 0 : k == 1 ? 6 : k <= 6 ? k - 1 : k;
	else
		n = k;
	if (n)
		snprintf(num, sizeof(num), "%u", n);
	tail = strlen(num) + 1 + (vrid >= 100 ? 3 : vrid >= 10 ? 2 : 1);
	if (keep + tail > VG_VMAC_NAME_MAX - 1)
		keep = tail < VG_VMAC_NAME_MAX - 1 ? VG_VMAC_NAME_MAX - 1 - tail : 0;
	snprintf(buf, sizeof(buf), "%.*s%s.%u", (int)keep, prefix, num, vrid);
	buf[VG_VMAC_NAME_MAX - 1] = '\0';
	memcpy(out, buf, strlen(buf) + 1);
}

static bool taken(const char *name, const struct vg_conf *conf, const struct vg_vmac *vm, size_t n)
{
	uint32_t i;
	size_t k;

	for (k = 0; k < n; k++)
		if (!strcmp(vm[k].name, name))
			return true;
	for (i = 0; i < conf->instances.count; i++)
		if (conf->instances.items[i].vmac_name && !strcmp(conf->instances.items[i].vmac_name, name))
			return true;
	return false;
}

static void pick(const struct vg_conf *conf, const char *prefix, struct vg_vmac *out, size_t n)
{
	unsigned k;

	for (k = 0; k < 1000; k++) {
		vg_vmac_candidate(prefix, out[n].vrid, out[n].family, k, out[n].name);
		if (!taken(out[n].name, conf, out, n))
			return;
	}
}

/* Does the VIP need a vmac of its own; which interface would it sit on. */
static bool vip_wants_vmac(const struct vg_conf_instance *ci, const struct vg_vrrp_config *c,
			   const struct vg_conf_vip *v, const char **base)
{
	bool own_if = !v->dev || (ci->interface && !strcmp(v->dev, ci->interface));

	*base = own_if ? ci->interface : v->dev;
	if (!*base)
		return false;
	if (own_if && ci->use_vmac && v->addr.family == c->family)
		return false; /* on the instance's vmac */
	if (own_if)
		return v->use_vmac || (ci->use_vmac_addr && v->addr.family != c->family);
	return v->use_vmac || ci->use_vmac_addr;
}

static int find(const struct vg_vmac *vm, size_t n, uint8_t vrid, uint8_t family, const char *base)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (vm[k].addr && vm[k].vrid == vrid && vm[k].family == family && !strcmp(vm[k].base, base))
			return (int)k;
	return -1;
}

size_t vg_vmac_plan(const struct vg_conf *conf, const struct vg_vrrp_plan *p, struct vg_vmac *out, size_t max)
{
	const char *prefix = conf->global.vmac_prefix ? conf->global.vmac_prefix : "vrrp";
	const char *aprefix = conf->global.vmac_addr_prefix ? conf->global.vmac_addr_prefix : prefix;
	size_t n = 0;
	uint16_t i;

	for (i = 0; i < p->inst_count; i++) {
		const struct vg_conf_instance *ci = p->src[i];
		const struct vg_vrrp_config *c = &p->cfg[i];
		const struct vg_conf_vips *lists[2] = { &ci->vips, &ci->evips };
		const char *base;
		uint32_t k, j;

		if (ci->use_vmac && ci->interface && n < max) {
			out[n] = (struct vg_vmac){ .inst = i, .family = c->family, .vrid = c->vrid, .base = ci->interface };
			if (ci->vmac_name)
				snprintf(out[n].name, sizeof(out[n].name), "%s", ci->vmac_name);
			else
				pick(conf, prefix, out, n);
			n++;
		}
		for (k = 0; k < 2; k++)
			for (j = 0; j < lists[k]->count; j++) {
				const struct vg_conf_vip *v = &lists[k]->items[j];

				if (!vip_wants_vmac(ci, c, v, &base) || find(out, n, c->vrid, v->addr.family, base) >= 0 ||
				    n >= max)
					continue;
				out[n] = (struct vg_vmac){ .inst = i, .family = v->addr.family, .vrid = c->vrid,
							   .addr = true, .base = base };
				pick(conf, aprefix, out, n);
				n++;
			}
	}
	return n;
}

int vg_vmac_of_vip(const struct vg_vrrp_plan *p, uint16_t i, const struct vg_conf_vip *v, const struct vg_vmac *vm,
		   size_t n)
{
	const struct vg_conf_instance *ci = p->src[i];
	const char *base;
	size_t k;

	if (vip_wants_vmac(ci, &p->cfg[i], v, &base))
		return find(vm, n, p->cfg[i].vrid, v->addr.family, base);
	if (base && ci->use_vmac && v->addr.family == p->cfg[i].family &&
	    !strcmp(base, ci->interface))
		for (k = 0; k < n; k++)
			if (vm[k].inst == i && !vm[k].addr)
				return (int)k;
	return -1;
}
