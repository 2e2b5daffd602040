/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: tests of nl.c against the kernel.
 *
 * Run by nl_test.sh inside a fresh vgnl-<pid> network namespace that holds a
 * veth pair vgnl0 <-> vgnl1, both up, with 192.0.2.1/24, 192.0.2.2/24
 * (secondary), fe80::1/64 and 2001:db8::1/64 on vgnl0 and no address on
 * vgnl1 (addrgenmode none on both). What the kernel did is checked through
 * `ip -j` (iproute2 as an independent witness) or through libnl.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>

#include "nl.h"

#define OUT_BYTES_MAX 65536
#define EVENTS_MAX 256

static struct vgl_nl *nl;
static uint32_t if0, if1;
static char err[256];
static char out[OUT_BYTES_MAX];

/* Run a shell command and keep its stdout in out. */
static const char *sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	FILE *p;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	pclose(p);
	return out;
}

/*
 * The JSON object of `ip -j` output that contains key (e.g. "\"local\":\"192.0.2.10\""),
 * copied into obj; "" if absent. Objects searched this way hold no nested braces.
 */
static const char *json_obj(const char *json, const char *key, char *obj, size_t len)
{
	const char *k = strstr(json, key), *b, *e;
	size_t n;

	obj[0] = '\0';
	if (!k)
		return obj;
	for (b = k; b > json && *b != '{'; b--)
		;
	e = strchr(k, '}');
	if (!e)
		return obj;
	n = (size_t)(e - b + 1);
	if (n >= len)
		n = len - 1;
	memcpy(obj, b, n);
	obj[n] = '\0';
	return obj;
}

/* A call that must succeed; its message shows when it does not. */
#define OK(call)                                                       \
	do {                                                           \
		err[0] = '\0';                                         \
		int rc_ = (call);                                      \
		if (rc_ != 0)                                          \
			fprintf(stderr, "# %s: %d %s\n", #call, rc_, err); \
		assert_int_equal(rc_, 0);                              \
	} while (0)

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static struct vg_addr addr(const char *text)
{
	struct vg_addr a;

	assert_int_equal(vg_addr_parse(text, &a), 0);
	return a;
}

static struct vg_conf_vip vip(const char *a, uint8_t plen, bool prefix_set)
{
	struct vg_conf_vip v;

	memset(&v, 0, sizeof(v));
	v.addr = addr(a);
	v.prefix_len = plen;
	v.prefix_set = prefix_set;
	v.preferred_lft = -2;
	return v;
}

/* A route/rule line as vigild gets it: parsed and typed by the configuration parser. */
struct line {
	char text[512];
	struct vg_conf *conf;
	struct vg_diags diags;
	const struct vg_conf_route *r;
};

static int line_read(void *ctx, const char *path, char **data, size_t *len)
{
	const struct line *l = ctx;

	(void)path;
	*len = strlen(l->text);
	*data = malloc(*len + 1);
	if (!*data)
		return -ENOMEM;
	memcpy(*data, l->text, *len + 1);
	return 0;
}

static void line_free(struct line *l)
{
	vg_conf_free(l->conf);
	vg_diags_free(&l->diags);
	l->conf = NULL;
}

static const struct vg_conf_route *parse_line(struct line *l, const char *block, const char *text)
{
	struct vg_conf_loader loader = { line_read, NULL, l, NULL, NULL, NULL };
	struct vg_conf_options opts = { &loader, NULL, 1, NULL };
	const struct vg_conf_instance *in;

	line_free(l);
	snprintf(l->text, sizeof(l->text),
		 "vrrp_instance T {\n interface vgnl0\n virtual_router_id 1\n %s {\n  %s\n }\n}\n", block,
		 text);
	vg_diags_init(&l->diags);
	vg_conf_parse("t.conf", &opts, &l->conf, &l->diags);
	assert_non_null(l->conf);
	in = &l->conf->instances.items[0];
	l->r = block[9] == 'o' ? &in->routes.items[0] : &in->rules.items[0];
	return l->r;
}

static const struct vg_conf_route *line(struct line *l, const char *text)
{
	return parse_line(l, "virtual_routes", text);
}

static const struct vg_conf_route *rline(struct line *l, const char *text)
{
	return parse_line(l, "virtual_rules", text);
}

/* The table as the plan resolves it (numbers and built-in names here). */
static uint32_t tbl(const struct line *l)
{
	const struct vg_conf_rt_table *t = l->r->route ? &l->r->route->table : &l->r->rule->table;
	uint32_t id = VG_RT_TABLE_UNRESOLVED;

	vg_conf_rt_table_resolve(t, NULL, &id);
	return id;
}

/* The parser's first diagnostic message, or "". */
static const char *diag(const struct line *l)
{
	return l->diags.count ? l->diags.items[0].message : "";
}

static int setup(void **state)
{
	(void)state;
	nl = vgl_nl_open(err, sizeof(err));
	if (!nl)
		fprintf(stderr, "# vgl_nl_open: %s\n", err);
	assert_non_null(nl);
	if0 = vgl_nl_ifindex(nl, "vgnl0");
	if1 = vgl_nl_ifindex(nl, "vgnl1");
	assert_true(if0 > 0 && if1 > 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	vgl_nl_close(nl);
	return 0;
}

static void test_links(void **state)
{
	bool up = false;
	uint8_t mac[6], zero[6] = { 0 };
	char name[16];

	(void)state;
	assert_int_equal(vgl_nl_ifindex(nl, "vgnl-absent"), 0);
	assert_int_equal(vgl_nl_link(nl, if0, &up, mac), 0);
	assert_true(up);
	assert_memory_not_equal(mac, zero, 6);
	assert_non_null(strstr(sh("ip -j link show vgnl0"), "\"address\""));
	{
		char want[32];
		snprintf(want, sizeof(want), "\"address\":\"%02x:%02x:%02x:%02x:%02x:%02x\"", mac[0],
			 mac[1], mac[2], mac[3], mac[4], mac[5]);
		assert_non_null(strstr(out, want));
	}
	assert_int_equal(vgl_nl_ifname(nl, if1, name, sizeof(name)), 0);
	assert_string_equal(name, "vgnl1");
	/* the peer down takes the carrier (IFF_RUNNING) away */
	sh("ip link set vgnl1 down");
	assert_int_equal(vgl_nl_link(nl, if0, &up, NULL), 0);
	assert_false(up);
	assert_int_equal(vgl_nl_link(nl, if1, &up, NULL), 0);
	assert_false(up);
	sh("ip link set vgnl1 up");
	assert_int_equal(vgl_nl_link(nl, if0, &up, NULL), 0);
	assert_true(up);
	assert_int_equal(vgl_nl_link(nl, 999999, &up, NULL), -ENODEV);
}

static void test_primary(void **state)
{
	struct vg_addr a, want;

	(void)state;
	assert_int_equal(vgl_nl_primary_addr(nl, if0, VG_AF_INET, &a), 0);
	want = addr("192.0.2.1");
	assert_true(vg_addr_eq(&a, &want));
	assert_int_equal(vgl_nl_primary_addr(nl, if0, VG_AF_INET6, &a), 0);
	want = addr("fe80::1");
	assert_true(vg_addr_eq(&a, &want));
	/* a VIP in the same subnet is secondary and does not change the answer */
	sh("ip addr add 192.0.2.3/24 dev vgnl0");
	assert_int_equal(vgl_nl_primary_addr(nl, if0, VG_AF_INET, &a), 0);
	want = addr("192.0.2.1");
	assert_true(vg_addr_eq(&a, &want));
	sh("ip addr del 192.0.2.3/24 dev vgnl0");
	assert_int_equal(vgl_nl_primary_addr(nl, if1, VG_AF_INET, &a), -1);
	assert_int_equal(vgl_nl_primary_addr(nl, if1, VG_AF_INET6, &a), -1);
}

static void test_vip4(void **state)
{
	/* /25: not in 192.0.2.1/24's subnet, so not a secondary that must share its scope */
	struct vg_conf_vip v = vip("192.0.2.10", 25, true);
	struct vg_addr a = v.addr;
	char obj[1024];

	(void)state;
	v.brd_sign = '+';
	v.scope = "link";
	v.label = "vgnl0:v1";
	assert_false(vgl_nl_vip_present(nl, if0, &a));
	OK(vgl_nl_vip_add(nl, if0, &v, err, sizeof(err)));
	assert_true(vgl_nl_vip_present(nl, if0, &a));
	assert_false(vgl_nl_vip_present(nl, if1, &a));
	json_obj(sh("ip -j addr show dev vgnl0"), "\"local\":\"192.0.2.10\"", obj, sizeof(obj));
	assert_non_null(strstr(obj, "\"prefixlen\":25"));
	assert_non_null(strstr(obj, "\"broadcast\":\"192.0.2.127\""));
	assert_non_null(strstr(obj, "\"scope\":\"link\""));
	assert_non_null(strstr(obj, "\"label\":\"vgnl0:v1\""));
	/* idempotent */
	OK(vgl_nl_vip_add(nl, if0, &v, err, sizeof(err)));
	OK(vgl_nl_vip_del(nl, if0, &v, err, sizeof(err)));
	assert_false(vgl_nl_vip_present(nl, if0, &a));
	assert_null(strstr(sh("ip -j addr show dev vgnl0"), "192.0.2.10\""));
	OK(vgl_nl_vip_del(nl, if0, &v, err, sizeof(err)));

	/* defaults: /32, no broadcast, scope global, the interface's label */
	v = vip("192.0.2.11", 32, false);
	OK(vgl_nl_vip_add(nl, if0, &v, err, sizeof(err)));
	json_obj(sh("ip -j addr show dev vgnl0"), "\"local\":\"192.0.2.11\"", obj, sizeof(obj));
	assert_non_null(strstr(obj, "\"prefixlen\":32"));
	assert_null(strstr(obj, "broadcast"));
	assert_non_null(strstr(obj, "\"scope\":\"global\""));
	OK(vgl_nl_vip_del(nl, if0, &v, err, sizeof(err)));

	/* brd -, numeric scope host */
	v = vip("192.0.2.12", 25, true);
	v.brd_sign = '-';
	v.scope = "254";
	OK(vgl_nl_vip_add(nl, if0, &v, err, sizeof(err)));
	json_obj(sh("ip -j addr show dev vgnl0"), "\"local\":\"192.0.2.12\"", obj, sizeof(obj));
	assert_non_null(strstr(obj, "\"broadcast\":\"192.0.2.0\""));
	assert_non_null(strstr(obj, "\"scope\":\"host\""));
	OK(vgl_nl_vip_del(nl, if0, &v, err, sizeof(err)));

	/* keepalived's label rule */
	v = vip("192.0.2.13", 24, true);
	v.label = "eth0:bad";
	assert_int_equal(vgl_nl_vip_add(nl, if0, &v, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "vgnl0"));
	a = v.addr;
	assert_false(vgl_nl_vip_present(nl, if0, &a));
	v.label = NULL;
	v.scope = "galaxy";
	assert_int_equal(vgl_nl_vip_add(nl, if0, &v, err, sizeof(err)), -EINVAL);
	assert_int_equal(vgl_nl_vip_add(nl, 0, &v, err, sizeof(err)), -EINVAL);
}

static void test_vip6(void **state)
{
	struct vg_conf_vip v = vip("2001:db8::10", 64, true);
	struct vg_addr a = v.addr;
	char obj[1024];

	(void)state;
	v.nodad = true;
	v.noprefixroute = true;
	v.preferred_lft = 0;
	OK(vgl_nl_vip_add(nl, if0, &v, err, sizeof(err)));
	assert_true(vgl_nl_vip_present(nl, if0, &a));
	json_obj(sh("ip -j addr show dev vgnl0"), "\"local\":\"2001:db8::10\"", obj, sizeof(obj));
	assert_non_null(strstr(obj, "\"prefixlen\":64"));
	assert_non_null(strstr(obj, "\"nodad\":true"));
	assert_non_null(strstr(obj, "\"noprefixroute\":true"));
	assert_non_null(strstr(obj, "\"preferred_life_time\":0"));
	OK(vgl_nl_vip_add(nl, if0, &v, err, sizeof(err)));
	OK(vgl_nl_vip_del(nl, if0, &v, err, sizeof(err)));
	assert_false(vgl_nl_vip_present(nl, if0, &a));
	OK(vgl_nl_vip_del(nl, if0, &v, err, sizeof(err)));

	/* default /128, DAD runs (no nodad flag) */
	v = vip("2001:db8::11", 128, false);
	OK(vgl_nl_vip_add(nl, if0, &v, err, sizeof(err)));
	json_obj(sh("ip -j addr show dev vgnl0"), "\"local\":\"2001:db8::11\"", obj, sizeof(obj));
	assert_non_null(strstr(obj, "\"prefixlen\":128"));
	assert_null(strstr(obj, "nodad"));
	OK(vgl_nl_vip_del(nl, if0, &v, err, sizeof(err)));
}

static void test_routes(void **state)
{
	struct line l = { .conf = NULL };
	char obj[1024];

	(void)state;
	line(&l, "192.0.2.128/25 via 192.0.2.254 table 100 metric 7");
	OK(vgl_nl_route_apply(nl, l.r, tbl(&l), true, 0, err, sizeof(err)));
	json_obj(sh("ip -j route show table 100"), "\"dst\":\"192.0.2.128/25\"", obj, sizeof(obj));
	assert_non_null(strstr(obj, "\"gateway\":\"192.0.2.254\""));
	assert_non_null(strstr(obj, "\"dev\":\"vgnl0\""));
	assert_non_null(strstr(obj, "\"metric\":7"));
	OK(vgl_nl_route_apply(nl, l.r, tbl(&l), true, 0, err, sizeof(err)));
	OK(vgl_nl_route_apply(nl, l.r, tbl(&l), false, 0, err, sizeof(err)));
	assert_null(strstr(sh("ip -j route show table 100"), "192.0.2.128/25"));
	OK(vgl_nl_route_apply(nl, l.r, tbl(&l), false, 0, err, sizeof(err)));

	/* no device, no gateway: the default interface; src */
	line(&l, "src 192.0.2.1 192.0.2.64/26 table 100");
	OK(vgl_nl_route_apply(nl, l.r, tbl(&l), true, if0, err, sizeof(err)));
	json_obj(sh("ip -j route show table 100"), "\"dst\":\"192.0.2.64/26\"", obj, sizeof(obj));
	assert_non_null(strstr(obj, "\"dev\":\"vgnl0\""));
	assert_non_null(strstr(obj, "\"scope\":\"link\""));
	assert_non_null(strstr(obj, "\"prefsrc\":\"192.0.2.1\""));
	OK(vgl_nl_route_apply(nl, l.r, tbl(&l), false, if0, err, sizeof(err)));
	assert_int_equal(vgl_nl_route_apply(nl, l.r, tbl(&l), true, 0, err, sizeof(err)), -EINVAL);

	/* "or": two gateways, one multipath route */
	line(&l, "192.0.2.160/27 via 192.0.2.253 or 192.0.2.254 table 100");
	OK(vgl_nl_route_apply(nl, l.r, tbl(&l), true, 0, err, sizeof(err)));
	sh("ip -j route show table 100");
	assert_non_null(strstr(out, "\"dst\":\"192.0.2.160/27\""));
	assert_int_equal(count(out, "\"gateway\":\"192.0.2.25"), 2);
	OK(vgl_nl_route_apply(nl, l.r, tbl(&l), false, 0, err, sizeof(err)));
	assert_null(strstr(sh("ip -j route show table 100"), "192.0.2.160/27"));

	line(&l, "default via 192.0.2.254 table 100");
	OK(vgl_nl_route_apply(nl, l.r, tbl(&l), true, 0, err, sizeof(err)));
	json_obj(sh("ip -j route show table 100"), "\"dst\":\"default\"", obj, sizeof(obj));
	assert_non_null(strstr(obj, "\"gateway\":\"192.0.2.254\""));
	OK(vgl_nl_route_apply(nl, l.r, tbl(&l), false, 0, err, sizeof(err)));

	line(&l, "blackhole 192.0.2.192/26 table 100");
	OK(vgl_nl_route_apply(nl, l.r, tbl(&l), true, if0, err, sizeof(err)));
	json_obj(sh("ip -j route show table 100"), "\"dst\":\"192.0.2.192/26\"", obj, sizeof(obj));
	assert_non_null(strstr(obj, "\"type\":\"blackhole\""));
	OK(vgl_nl_route_apply(nl, l.r, tbl(&l), false, if0, err, sizeof(err)));

	line(&l, "2001:db8::100/120 via 2001:db8::2 dev vgnl0 table 100 proto static");
	OK(vgl_nl_route_apply(nl, l.r, tbl(&l), true, 0, err, sizeof(err)));
	json_obj(sh("ip -6 -j route show table 100"), "\"dst\":\"2001:db8::100/120\"", obj,
		 sizeof(obj));
	assert_non_null(strstr(obj, "\"gateway\":\"2001:db8::2\""));
	assert_non_null(strstr(obj, "\"protocol\":\"static\""));
	OK(vgl_nl_route_apply(nl, l.r, tbl(&l), true, 0, err, sizeof(err)));
	OK(vgl_nl_route_apply(nl, l.r, tbl(&l), false, 0, err, sizeof(err)));
	assert_null(strstr(sh("ip -6 -j route show table 100"), "2001:db8::100/120"));

	line(&l, "192.0.2.0/28 dev vgnl-absent");
	assert_int_equal(vgl_nl_route_apply(nl, l.r, tbl(&l), true, 0, err, sizeof(err)), -ENODEV);
	line(&l, "192.0.2.0/28 dev vgnl0 wibble");
	assert_non_null(strstr(diag(&l), "wibble"));
	assert_int_equal(vgl_nl_route_apply(nl, l.r, RT_TABLE_MAIN, true, 0, err, sizeof(err)), -EINVAL);

	/* a name the plan did not resolve */
	line(&l, "192.0.2.0/28 dev vgnl0 table nosuch");
	assert_int_equal(vgl_nl_route_apply(nl, l.r, tbl(&l), true, 0, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "nosuch"));

	/* multipath with weights; metrics with lock */
	line(&l, "192.0.2.224/27 table 100 nexthop via 192.0.2.253 weight 1 nexthop via 192.0.2.254 weight 3");
	OK(vgl_nl_route_apply(nl, l.r, tbl(&l), true, 0, err, sizeof(err)));
	json_obj(sh("ip -j route show table 100"), "\"dst\":\"192.0.2.224/27\"", obj, sizeof(obj));
	assert_non_null(strstr(out, "\"weight\":3"));
	OK(vgl_nl_route_apply(nl, l.r, tbl(&l), false, 0, err, sizeof(err)));
	line(&l, "192.0.2.16/28 dev vgnl0 table 100 mtu lock 1300 advmss 1200 hoplimit 9 initcwnd 4");
	OK(vgl_nl_route_apply(nl, l.r, tbl(&l), true, 0, err, sizeof(err)));
	json_obj(sh("ip -j route show table 100"), "\"dst\":\"192.0.2.16/28\"", obj, sizeof(obj));
	assert_non_null(strstr(obj, "\"mtu\":1300"));
	assert_non_null(strstr(obj, "\"advmss\":1200"));
	assert_non_null(strstr(obj, "\"hoplimit\":9"));
	OK(vgl_nl_route_apply(nl, l.r, tbl(&l), false, 0, err, sizeof(err)));
	assert_null(strstr(sh("ip -j route show table 100"), "192.0.2.16/28"));
	line_free(&l);
}

static void test_rules(void **state)
{
	struct line l = { .conf = NULL };
	char obj[1024];

	(void)state;
	rline(&l, "from 192.0.2.0/25 table 100 priority 1000");
	OK(vgl_nl_rule_apply(nl, l.r, tbl(&l), true, err, sizeof(err)));
	json_obj(sh("ip -j rule show"), "\"priority\":1000", obj, sizeof(obj));
	assert_non_null(strstr(obj, "\"src\":\"192.0.2.0\""));
	assert_non_null(strstr(obj, "\"srclen\":25"));
	assert_non_null(strstr(obj, "\"table\":\"100\""));
	OK(vgl_nl_rule_apply(nl, l.r, tbl(&l), true, err, sizeof(err)));
	assert_int_equal(count(sh("ip -j rule show"), "\"priority\":1000"), 1);

	rline(&l, "not from 192.0.2.1 fwmark 0x10/0xff iif vgnl0 table 101 priority 1001");
	OK(vgl_nl_rule_apply(nl, l.r, tbl(&l), true, err, sizeof(err)));
	json_obj(sh("ip -j rule show"), "\"priority\":1001", obj, sizeof(obj));
	assert_non_null(strstr(obj, "\"not\":null"));
	assert_non_null(strstr(obj, "\"fwmark\":\"0x10\""));
	assert_non_null(strstr(obj, "\"fwmask\":\"0xff\""));
	assert_non_null(strstr(obj, "\"iif\":\"vgnl0\""));
	assert_non_null(strstr(obj, "\"table\":\"101\""));

	rline(&l, "to 2001:db8::/64 prohibit priority 1002");
	OK(vgl_nl_rule_apply(nl, l.r, tbl(&l), true, err, sizeof(err)));
	json_obj(sh("ip -6 -j rule show"), "\"priority\":1002", obj, sizeof(obj));
	assert_non_null(strstr(obj, "\"dst\":\"2001:db8::\""));
	assert_non_null(strstr(obj, "\"action\":\"prohibit\""));

	/* delete all three, twice */
	for (int round = 0; round < 2; round++) {
		rline(&l, "from 192.0.2.0/25 table 100 priority 1000");
		OK(vgl_nl_rule_apply(nl, l.r, tbl(&l), false, err, sizeof(err)));
		rline(&l, "not from 192.0.2.1 fwmark 0x10/0xff iif vgnl0 table 101 priority 1001");
		OK(vgl_nl_rule_apply(nl, l.r, tbl(&l), false, err, sizeof(err)));
		rline(&l, "to 2001:db8::/64 prohibit priority 1002");
		OK(vgl_nl_rule_apply(nl, l.r, tbl(&l), false, err, sizeof(err)));
	}
	assert_null(strstr(sh("ip -j rule show; ip -6 -j rule show"), "\"priority\":100"));
	/* a word the parser refused: vigild -t said so; apply refuses the untyped line */
	rline(&l, "from 192.0.2.1 table 5 whatever priority 1003");
	assert_non_null(strstr(diag(&l), "whatever"));
	assert_int_equal(vgl_nl_rule_apply(nl, l.r, 5, true, err, sizeof(err)), -EINVAL);

	/* words libnl has setters for, and those vigil adds to the message itself */
	rline(&l, "from 192.0.2.0/24 table 102 priority 1004 uidrange 1000-1999 sport 10-20 dport 53 "
		  "ipproto udp tos 0x10 suppress_prefixlength 0");
	OK(vgl_nl_rule_apply(nl, l.r, tbl(&l), true, err, sizeof(err)));
	json_obj(sh("ip -j rule show"), "\"priority\":1004", obj, sizeof(obj));
	assert_non_null(strstr(obj, "\"uid_start\":1000"));
	assert_non_null(strstr(obj, "\"uid_end\":1999"));
	assert_non_null(strstr(obj, "\"ipproto\":\"udp\""));
	assert_non_null(strstr(obj, "\"sport_start\":10"));
	assert_non_null(strstr(obj, "\"dport\":53"));
	assert_non_null(strstr(obj, "\"suppress_prefixlen\":0"));
	OK(vgl_nl_rule_apply(nl, l.r, tbl(&l), false, err, sizeof(err)));
	assert_null(strstr(sh("ip -j rule show"), "\"priority\":1004"));
	line_free(&l);
}

static void test_vmac(void **state)
{
	uint32_t ifx, again;
	bool up;
	uint8_t mac[6];
	const uint8_t want4[6] = { 0x00, 0x00, 0x5e, 0x00, 0x01, 51 };
	const uint8_t want6[6] = { 0x00, 0x00, 0x5e, 0x00, 0x02, 7 };

	(void)state;
	ifx = vgl_nl_vmac_create(nl, if0, "vrrp.51", VG_AF_INET, 51, err, sizeof(err));
	if (!ifx)
		fprintf(stderr, "# %s\n", err);
	assert_true(ifx > 0);
	assert_int_equal(vgl_nl_link(nl, ifx, &up, mac), 0);
	assert_memory_equal(mac, want4, 6);
	assert_true(up);
	sh("ip -j -d link show vrrp.51");
	assert_non_null(strstr(out, "\"address\":\"00:00:5e:00:01:33\""));
	assert_non_null(strstr(out, "\"info_kind\":\"macvlan\""));
	assert_non_null(strstr(out, "\"mode\":\"private\""));
	assert_non_null(strstr(out, "\"link\":\"vgnl0\""));
	again = vgl_nl_vmac_create(nl, if0, "vrrp.51", VG_AF_INET, 51, err, sizeof(err));
	assert_int_equal(again, ifx);

	ifx = vgl_nl_vmac_create(nl, if0, "vrrp6.7", VG_AF_INET6, 7, err, sizeof(err));
	assert_true(ifx > 0);
	assert_int_equal(vgl_nl_link(nl, ifx, &up, mac), 0);
	assert_memory_equal(mac, want6, 6);
	assert_int_equal(vgl_nl_link_delete(nl, ifx), 0);
	assert_int_equal(vgl_nl_ifindex(nl, "vrrp6.7"), 0);
	assert_int_equal(vgl_nl_link_delete(nl, ifx), 0);

	/* a name taken by something else is an error */
	assert_int_equal(vgl_nl_vmac_create(nl, if0, "vgnl1", VG_AF_INET, 9, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "vgnl1"));
	assert_int_equal(vgl_nl_link_delete(nl, vgl_nl_ifindex(nl, "vrrp.51")), 0);
	assert_int_equal(vgl_nl_ifindex(nl, "vrrp.51"), 0);
}

struct events {
	uint32_t n_link, n_addr;
	vg_time now;      /* given to dispatch */
	uint32_t bad_now; /* callbacks that got another time */
	struct {
		uint32_t ifindex;
		bool up;
	} link[EVENTS_MAX];
	struct {
		uint32_t ifindex;
		struct vg_addr a;
		bool added;
	} addr[EVENTS_MAX];
};

static void on_link(void *ctx, uint32_t ifindex, bool up, vg_time now)
{
	struct events *e = ctx;

	e->bad_now += now != e->now;
	if (e->n_link < EVENTS_MAX) {
		e->link[e->n_link].ifindex = ifindex;
		e->link[e->n_link++].up = up;
	}
}

static void on_addr(void *ctx, uint32_t ifindex, const struct vg_addr *a, bool added, vg_time now)
{
	struct events *e = ctx;

	e->bad_now += now != e->now;
	if (e->n_addr < EVENTS_MAX) {
		e->addr[e->n_addr].ifindex = ifindex;
		e->addr[e->n_addr].a = *a;
		e->addr[e->n_addr++].added = added;
	}
}

static bool saw_link(const struct events *e, uint32_t ifindex, bool up)
{
	for (uint32_t i = 0; i < e->n_link; i++)
		if (e->link[i].ifindex == ifindex && e->link[i].up == up)
			return true;
	return false;
}

static bool last_link_up(const struct events *e, uint32_t ifindex)
{
	bool up = false;

	for (uint32_t i = 0; i < e->n_link; i++)
		if (e->link[i].ifindex == ifindex)
			up = e->link[i].up;
	return up;
}

static bool saw_addr(const struct events *e, uint32_t ifindex, const char *a, bool added)
{
	struct vg_addr want = addr(a);

	for (uint32_t i = 0; i < e->n_addr; i++)
		if (e->addr[i].ifindex == ifindex && e->addr[i].added == added &&
		    vg_addr_eq(&e->addr[i].a, &want))
			return true;
	return false;
}

/* Dispatch until pred holds or 2 s pass without it. */
static bool wait_for(struct events *e, bool (*pred)(const struct events *e, const void *arg),
		     const void *arg)
{
	const struct vgl_nl_events ev = { .ctx = e, .link = on_link, .addr = on_addr };
	struct pollfd p = { .fd = vgl_nl_monitor_fd(nl), .events = POLLIN };

	for (int i = 0; i < 20 && !pred(e, arg); i++) {
		if (poll(&p, 1, 100) > 0) {
			e->now = VG_S(100) + (vg_time)i; /* the wake-up's time: every callback gets it */
			vgl_nl_monitor_dispatch(nl, &ev, e->now);
		}
	}
	return pred(e, arg);
}

struct want_link {
	uint32_t ifindex;
	bool up;
};

static bool pred_link(const struct events *e, const void *arg)
{
	const struct want_link *w = arg;
	return saw_link(e, w->ifindex, w->up);
}

struct want_addr {
	uint32_t ifindex;
	const char *a;
	bool added;
};

static bool pred_addr(const struct events *e, const void *arg)
{
	const struct want_addr *w = arg;
	return saw_addr(e, w->ifindex, w->a, w->added);
}

static void test_monitor(void **state)
{
	static struct events e;
	const struct vgl_nl_events ev = { .ctx = &e, .link = on_link, .addr = on_addr };
	struct vg_conf_vip v = vip("192.0.2.60", 24, true);

	(void)state;
	assert_true(vgl_nl_monitor_fd(nl) >= 0);
	vgl_nl_monitor_dispatch(nl, &ev, 0); /* drain whatever the earlier tests caused */
	memset(&e, 0, sizeof(e));
	vgl_nl_monitor_dispatch(nl, &ev, 0); /* nothing pending: returns at once */
	assert_int_equal(e.n_link + e.n_addr, 0);

	sh("ip link set vgnl1 down");
	assert_true(wait_for(&e, pred_link, &(struct want_link){ if1, false }));
	assert_true(wait_for(&e, pred_link, &(struct want_link){ if0, false })); /* carrier */
	memset(&e, 0, sizeof(e));
	sh("ip link set vgnl1 up");
	assert_true(wait_for(&e, pred_link, &(struct want_link){ if1, true }));
	assert_true(last_link_up(&e, if1)); /* may pass through up-without-carrier first */

	sh("ip addr add 192.0.2.50/24 dev vgnl1");
	assert_true(wait_for(&e, pred_addr, &(struct want_addr){ if1, "192.0.2.50", true }));
	sh("ip addr del 192.0.2.50/24 dev vgnl1");
	assert_true(wait_for(&e, pred_addr, &(struct want_addr){ if1, "192.0.2.50", false }));
	sh("ip addr add 2001:db8::50/64 dev vgnl1 nodad");
	assert_true(wait_for(&e, pred_addr, &(struct want_addr){ if1, "2001:db8::50", true }));
	sh("ip addr del 2001:db8::50/64 dev vgnl1");
	assert_true(wait_for(&e, pred_addr, &(struct want_addr){ if1, "2001:db8::50", false }));

	/* our own VIP changes are seen too */
	OK(vgl_nl_vip_add(nl, if0, &v, err, sizeof(err)));
	assert_true(wait_for(&e, pred_addr, &(struct want_addr){ if0, "192.0.2.60", true }));
	OK(vgl_nl_vip_del(nl, if0, &v, err, sizeof(err)));
	assert_true(wait_for(&e, pred_addr, &(struct want_addr){ if0, "192.0.2.60", false }));
	assert_false(saw_addr(&e, if1, "192.0.2.60", true));
	assert_int_equal(e.bad_now, 0); /* every callback had its dispatch's time */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_links),  cmocka_unit_test(test_primary),
		cmocka_unit_test(test_vip4),   cmocka_unit_test(test_vip6),
		cmocka_unit_test(test_routes), cmocka_unit_test(test_rules),
		cmocka_unit_test(test_vmac),   cmocka_unit_test(test_monitor),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
