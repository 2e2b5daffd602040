// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: scenario file parser (format in docs/scenarios.md).
 *
 * Line based: `#` starts a comment, words are separated by blanks, and a
 * word may be quoted with "...". Every error names file:line.
 */
#include "sim/scenario.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/action.h"

#define WORDS_MAX 40
#define LINE_MAX_BYTES 1024

struct ctx {
	const char *file;
	uint32_t line;
	char *err;
	size_t errlen;
	struct vg_scenario *s;
};

static int fail(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(c->err, c->errlen, "%s:%u: ", c->file, c->line);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < c->errlen)
		vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

int vg_scenario_duration(const char *text, vg_time *out)
{
	char *end;
	double v = strtod(text, &end);
	double unit;

	if (end == text || v < 0)
		return -1;
	if (!strcmp(end, "s") || !*end)
		unit = 1e9;
	else if (!strcmp(end, "ms"))
		unit = 1e6;
	else if (!strcmp(end, "us"))
		unit = 1e3;
	else if (!strcmp(end, "ns"))
		unit = 1;
	else if (!strcmp(end, "m") || !strcmp(end, "min"))
		unit = 60e9;
	else if (!strcmp(end, "h"))
		unit = 3600e9;
	else if (!strcmp(end, "d"))
		unit = 86400e9;
	else
		return -1;
	if (v * unit > 1.8e19)
		return -1;
	*out = (vg_time)(v * unit + 0.5);
	return 0;
}

static int percent_ppm(const char *text, uint32_t *out)
{
	char *end;
	double v = strtod(text, &end);

	if (end == text || (*end && strcmp(end, "%")) || v < 0 || v > 100)
		return -1;
	*out = (uint32_t)(v * 10000 + 0.5);
	return 0;
}

static int node_index(struct ctx *c, const char *name, uint8_t *out)
{
	uint8_t i;

	for (i = 0; i < c->s->node_count; i++) {
		if (!strcmp(c->s->nodes[i].name, name)) {
			*out = i;
			return 0;
		}
	}
	return fail(c, "unknown node '%s' (declare it with 'node %s address ... config ...')", name, name);
}

static int split(struct ctx *c, char *line, char **w)
{
	int n = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p || *p == '#')
			break;
		if (n >= WORDS_MAX)
			return fail(c, "too many words on one line (max %d)", WORDS_MAX);
		if (*p == '"') {
			w[n++] = ++p;
			while (*p && *p != '"')
				p++;
			if (!*p)
				return fail(c, "unterminated quote");
			*p++ = '\0';
			continue;
		}
		w[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

static int parse_state(const char *t)
{
	if (!strcasecmp(t, "MASTER"))
		return VG_STATE_MASTER;
	if (!strcasecmp(t, "BACKUP"))
		return VG_STATE_BACKUP;
	if (!strcasecmp(t, "FAULT"))
		return VG_STATE_FAULT;
	if (!strcasecmp(t, "INIT") || !strcasecmp(t, "STOPPED"))
		return VG_STATE_INIT;
	return -1;
}

static int do_node(struct ctx *c, char **w, int n)
{
	struct vg_scn_node *nd;
	int i;

	if (n < 2)
		return fail(c, "usage: node NAME address ADDR config FILE [down]");
	if (c->s->node_count >= VG_SCN_NODES_MAX)
		return fail(c, "too many nodes (max %d)", VG_SCN_NODES_MAX);
	nd = &c->s->nodes[c->s->node_count];
	memset(nd, 0, sizeof(*nd));
	if (strlen(w[1]) >= sizeof(nd->name))
		return fail(c, "node name too long");
	strcpy(nd->name, w[1]);
	nd->start = true;
	for (i = 2; i < n; i++) {
		if (!strcmp(w[i], "address") && i + 1 < n) {
			if (vg_addr_parse(w[++i], &nd->addr))
				return fail(c, "'%s' is not an IP address", w[i]);
		} else if (!strcmp(w[i], "config") && i + 1 < n) {
			if (strlen(w[++i]) >= sizeof(nd->config))
				return fail(c, "config path too long");
			strcpy(nd->config, w[i]);
		} else if (!strcmp(w[i], "down")) {
			nd->start = false;
		} else {
			return fail(c, "unexpected '%s' (node NAME address ADDR config FILE [down])", w[i]);
		}
	}
	if (!nd->config[0])
		return fail(c, "node %s has no config", nd->name);
	if (nd->addr.family == VG_AF_NONE) {
		char ip[32];

		snprintf(ip, sizeof(ip), "192.0.2.%u", c->s->node_count + 1);
		vg_addr_parse(ip, &nd->addr);
	}
	c->s->node_count++;
	return 0;
}

static int do_link(struct ctx *c, char **w, int n)
{
	int i;

	for (i = 1; i + 1 < n; i += 2) {
		int bad;

		if (!strcmp(w[i], "delay"))
			bad = vg_scenario_duration(w[i + 1], &c->s->delay_ns);
		else if (!strcmp(w[i], "jitter"))
			bad = vg_scenario_duration(w[i + 1], &c->s->jitter_ns);
		else if (!strcmp(w[i], "loss"))
			bad = percent_ppm(w[i + 1], &c->s->loss_ppm);
		else if (!strcmp(w[i], "duplicate"))
			bad = percent_ppm(w[i + 1], &c->s->dup_ppm);
		else
			return fail(c, "unknown link option '%s' (delay, jitter, loss, duplicate)", w[i]);
		if (bad)
			return fail(c, "bad value '%s' for %s", w[i + 1], w[i]);
	}
	if (i != n)
		return fail(c, "link options come in pairs: link delay 1ms loss 1%%");
	return 0;
}

static int do_segment(struct ctx *c, char **w, int n)
{
	uint8_t seg;
	int i;

	if (n < 3)
		return fail(c, "usage: segment NAME NODE:IFACE [NODE:IFACE...]");
	if (c->s->segment_count >= VG_SCN_SEGMENTS_MAX)
		return fail(c, "too many segments (max %d)", VG_SCN_SEGMENTS_MAX);
	snprintf(c->s->segments[c->s->segment_count], VG_SCN_NAME_MAX, "%s", w[1]);
	seg = ++c->s->segment_count;
	for (i = 2; i < n; i++) {
		struct vg_scn_attach *a;
		char *colon = strchr(w[i], ':');

		if (!colon || !colon[1])
			return fail(c, "'%s': write NODE:IFACE", w[i]);
		if (c->s->attach_count >= VG_SCN_ATTACH_MAX)
			return fail(c, "too many segment attachments (max %d)", VG_SCN_ATTACH_MAX);
		a = &c->s->attach[c->s->attach_count];
		*colon = '\0';
		if (node_index(c, w[i], &a->node))
			return -1;
		snprintf(a->iface, sizeof(a->iface), "%s", colon + 1);
		a->segment = seg;
		a->line = c->line;
		c->s->attach_count++;
	}
	return 0;
}

/* "192.0.2.21:80" or "[2001:db8::1]:80" (LVS statements). */
static int addr_port(struct ctx *c, const char *text, struct vg_addr *a, uint16_t *port)
{
	char buf[VG_ADDR_STRLEN + 8];
	const char *colon;
	char *end;
	unsigned long p;
	size_t n;

	if (text[0] == '[') {
		colon = strstr(text, "]:");
		if (!colon)
			return fail(c, "'%s': write [IPV6]:PORT", text);
		n = (size_t)(colon - text - 1);
		text++;
		colon++;
	} else {
		colon = strrchr(text, ':');
		if (!colon)
			return fail(c, "'%s': write ADDR:PORT", text);
		n = (size_t)(colon - text);
	}
	if (n >= sizeof(buf))
		return fail(c, "'%s' is not ADDR:PORT", text);
	memcpy(buf, text, n);
	buf[n] = '\0';
	p = strtoul(colon + 1, &end, 10);
	if (vg_addr_parse(buf, a) || *end || end == colon + 1 || p > 65535)
		return fail(c, "'%s' is not ADDR:PORT", text);
	*port = (uint16_t)p;
	return 0;
}

/* at T realserver ADDR:PORT up|down|slow|flap T|wrong-body */
static int do_realserver(struct ctx *c, struct vg_scn_event *e, char **w, int n)
{
	static const char usage[] = "usage: at TIME realserver ADDR:PORT up|down|slow|flap PERIOD|wrong-body";

	e->kind = VG_SCN_REALSERVER;
	if (n < 5)
		return fail(c, "%s", usage);
	if (addr_port(c, w[3], &e->addr, &e->port))
		return -1;
	if (!strcmp(w[4], "up") && n == 5)
		e->value = VG_SCN_RS_UP;
	else if (!strcmp(w[4], "down") && n == 5)
		e->value = VG_SCN_RS_DOWN;
	else if (!strcmp(w[4], "slow") && n == 5)
		e->value = VG_SCN_RS_SLOW;
	else if (!strcmp(w[4], "wrong-body") && n == 5)
		e->value = VG_SCN_RS_WRONG_BODY;
	else if (!strcmp(w[4], "flap") && n == 6) {
		e->value = VG_SCN_RS_FLAP;
		if (vg_scenario_duration(w[5], &e->period_ns) || e->period_ns == 0)
			return fail(c, "'%s' is not a flap period (e.g. 2s)", w[5]);
	} else
		return fail(c, "%s", usage);
	return 0;
}

/* at T clients RATE/s for T [hold T] [to ADDR:PORT] */
static int do_clients(struct ctx *c, struct vg_scn_event *e, char **w, int n)
{
	static const char usage[] = "usage: at TIME clients RATE/s for DURATION [hold DURATION] [to ADDR:PORT]";
	char *end;
	unsigned long rate;
	int i;

	e->kind = VG_SCN_CLIENTS;
	e->hold_ns = VG_S(1);
	if (n < 6 || strcmp(w[4], "for"))
		return fail(c, "%s", usage);
	rate = strtoul(w[3], &end, 10);
	if (end == w[3] || strcmp(end, "/s") || rate == 0 || rate > 100000)
		return fail(c, "'%s' is not a rate (1/s .. 100000/s)", w[3]);
	e->rate = (uint32_t)rate;
	if (vg_scenario_duration(w[5], &e->for_ns))
		return fail(c, "'%s' is not a time", w[5]);
	for (i = 6; i + 1 < n; i += 2) {
		if (!strcmp(w[i], "hold")) {
			if (vg_scenario_duration(w[i + 1], &e->hold_ns))
				return fail(c, "'%s' is not a time", w[i + 1]);
		} else if (!strcmp(w[i], "to")) {
			if (addr_port(c, w[i + 1], &e->addr, &e->port))
				return -1;
		} else {
			return fail(c, "%s", usage);
		}
	}
	if (i != n)
		return fail(c, "%s", usage);
	return 0;
}

static int do_at(struct ctx *c, char **w, int n)
{
	struct vg_scn_event *e;
	int i;

	if (n < 3)
		return fail(c, "usage: at TIME ACTION ...");
	if (c->s->event_count >= VG_SCN_EVENTS_MAX)
		return fail(c, "too many events (max %d)", VG_SCN_EVENTS_MAX);
	e = &c->s->events[c->s->event_count];
	memset(e, 0, sizeof(*e));
	e->line = c->line;
	if (vg_scenario_duration(w[1], &e->at))
		return fail(c, "'%s' is not a time (e.g. 10s, 250ms)", w[1]);

	if (!strcmp(w[2], "heal") && n == 3) {
		e->kind = VG_SCN_HEAL;
	} else if (!strcmp(w[2], "partition")) {
		uint8_t side = 0, node = 0;
		bool seen = false;

		e->kind = VG_SCN_PARTITION;
		for (i = 3; i < n; i++) {
			if (!strcmp(w[i], "|")) {
				if (++side >= 8)
					return fail(c, "too many partition sides");
				continue;
			}
			if (node_index(c, w[i], &node))
				return -1;
			e->side[node] = side;
			seen = true;
		}
		if (!seen || side == 0)
			return fail(c, "usage: at TIME partition NODE... | NODE...");
	} else if (n >= 4 && (!strcmp(w[2], "start") || !strcmp(w[2], "crash") || !strcmp(w[2], "stop"))) {
		uint8_t node = 0;
		vg_time at = e->at;

		for (i = 3; i < n; i++) {
			if (node_index(c, w[i], &node))
				return -1;
			if (c->s->event_count >= VG_SCN_EVENTS_MAX)
				return fail(c, "too many events");
			e = &c->s->events[c->s->event_count++];
			memset(e, 0, sizeof(*e));
			e->line = c->line;
			e->at = at;
			e->kind = !strcmp(w[2], "start") ? VG_SCN_START : !strcmp(w[2], "crash") ? VG_SCN_CRASH : VG_SCN_STOP;
			e->node = node;
		}
		return 0;
	} else if (!strcmp(w[2], "firewall") && n == 5) {
		if (node_index(c, w[3], &e->node))
			return -1;
		if (!strcmp(w[4], "drop"))
			e->kind = VG_SCN_FW_DROP;
		else if (!strcmp(w[4], "allow"))
			e->kind = VG_SCN_FW_ALLOW;
		else if (!strcmp(w[4], "drop-in"))
			e->kind = VG_SCN_FW_DROP_IN;
		else if (!strcmp(w[4], "drop-out"))
			e->kind = VG_SCN_FW_DROP_OUT;
		else
			return fail(c, "usage: at TIME firewall NODE drop|drop-in|drop-out|allow");
	} else if (!strcmp(w[2], "link") && n == 6) {
		if (node_index(c, w[3], &e->node))
			return -1;
		snprintf(e->arg, sizeof(e->arg), "%s", w[4]);
		if (!strcmp(w[5], "down"))
			e->kind = VG_SCN_LINK_DOWN;
		else if (!strcmp(w[5], "up"))
			e->kind = VG_SCN_LINK_UP;
		else
			return fail(c, "usage: at TIME link NODE IFACE down|up");
	} else if (!strcmp(w[2], "script") && n == 6) {
		if (node_index(c, w[3], &e->node))
			return -1;
		snprintf(e->arg, sizeof(e->arg), "%s", w[4]);
		if (!strcmp(w[5], "fail"))
			e->kind = VG_SCN_SCRIPT_FAIL;
		else if (!strcmp(w[5], "ok"))
			e->kind = VG_SCN_SCRIPT_OK;
		else if (!strcmp(w[5], "hang"))
			e->kind = VG_SCN_SCRIPT_HANG;
		else
			return fail(c, "usage: at TIME script NODE NAME fail|ok|hang");
	} else if (!strcmp(w[2], "vip-del")) {
		if (n != 5)
			return fail(c, "usage: at TIME vip-del NODE ADDR");
		if (node_index(c, w[3], &e->node))
			return -1;
		if (vg_addr_parse(w[4], &e->addr))
			return fail(c, "vip-del: not an address");
		e->kind = VG_SCN_VIP_DEL;
	} else if (!strcmp(w[2], "process") && n == 6) {
		if (node_index(c, w[3], &e->node))
			return -1;
		snprintf(e->arg, sizeof(e->arg), "%s", w[4]);
		if (!strcmp(w[5], "down"))
			e->kind = VG_SCN_PROCESS_DOWN;
		else if (!strcmp(w[5], "up"))
			e->kind = VG_SCN_PROCESS_UP;
		else
			return fail(c, "usage: at TIME process NODE NAME down|up");
	} else if (!strcmp(w[2], "reload")) {
		if (n != 5)
			return fail(c, "usage: at TIME reload NODE FILE");
		if (node_index(c, w[3], &e->node))
			return -1;
		if (strlen(w[4]) >= sizeof(e->file))
			return fail(c, "config path too long");
		e->kind = VG_SCN_RELOAD;
		strcpy(e->file, w[4]);
	} else if (!strcmp(w[2], "realserver")) {
		if (do_realserver(c, e, w, n))
			return -1;
	} else if (!strcmp(w[2], "clients")) {
		if (do_clients(c, e, w, n))
			return -1;
	} else {
		return fail(c, "unknown action '%s' (start, crash, stop, firewall, partition, heal, link, script, process, "
			    "reload, realserver, clients)", w[2]);
	}
	c->s->event_count++;
	return 0;
}

/* OP N [since T0] of conns, transitions and garps lines, from word i. */
static int count_test(struct ctx *c, struct vg_scn_expect *x, char **w, int n, int i, const char *usage)
{
	static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };
	char *end;
	long v;
	int o;

	if (n != i + 2 && n != i + 4)
		return fail(c, "%s", usage);
	for (o = 0; o < 6 && strcmp(w[i], ops[o]); o++)
		;
	if (o == 6)
		return fail(c, "'%s' is not a comparison (== != < <= > >=)", w[i]);
	x->op = (uint8_t)o;
	v = strtol(w[i + 1], &end, 10);
	if (*end || end == w[i + 1] || v < 0 || v > 1000000000)
		return fail(c, "'%s' is not a count", w[i + 1]);
	x->value = (int)v;
	if (n == i + 4 && (strcmp(w[i + 2], "since") || vg_scenario_duration(w[i + 3], &x->since)))
		return fail(c, "%s", usage);
	if (x->since > x->at)
		return fail(c, "'since %s' is after the expectation's time", w[i + 3]);
	return 0;
}

static int do_expect(struct ctx *c, char **w, int n)
{
	struct vg_scn_expect *x;

	if (n < 5 || strcmp(w[1], "at"))
		return fail(c, "usage: expect at TIME master|state|split-brain|no-master|no-vip|priority|transitions|garps "
			    "INST ... (or conns|realserver|sorry|quorum|lvs-edits ...)");
	if (c->s->expect_count >= VG_SCN_EXPECTS_MAX)
		return fail(c, "too many expectations (max %d)", VG_SCN_EXPECTS_MAX);
	x = &c->s->expects[c->s->expect_count];
	memset(x, 0, sizeof(*x));
	x->line = c->line;
	if (vg_scenario_duration(w[2], &x->at))
		return fail(c, "'%s' is not a time", w[2]);
	snprintf(x->inst, sizeof(x->inst), "%s", w[4]);
	if (!strcmp(w[3], "master") && n == 6) {
		x->kind = VG_SCN_EXPECT_MASTER;
		if (node_index(c, w[5], &x->node))
			return -1;
	} else if (!strcmp(w[3], "state") && n == 7) {
		x->kind = VG_SCN_EXPECT_STATE;
		if (node_index(c, w[5], &x->node))
			return -1;
		x->value = parse_state(w[6]);
		if (x->value < 0)
			return fail(c, "'%s' is not a state (MASTER, BACKUP, FAULT, INIT)", w[6]);
	} else if (!strcmp(w[3], "priority") && n == 7) {
		char *end;

		x->kind = VG_SCN_EXPECT_PRIORITY;
		if (node_index(c, w[5], &x->node))
			return -1;
		x->value = (int)strtol(w[6], &end, 10);
		if (*end || x->value < 0 || x->value > 255)
			return fail(c, "'%s' is not a priority", w[6]);
	} else if (!strcmp(w[3], "split-brain") && n == 5) {
		x->kind = VG_SCN_EXPECT_SPLIT_BRAIN;
	} else if (!strcmp(w[3], "no-master") && n == 5) {
		x->kind = VG_SCN_EXPECT_NO_MASTER;
	} else if (!strcmp(w[3], "no-vip") && n == 5) {
		x->kind = VG_SCN_EXPECT_NO_VIP;
	} else if (!strcmp(w[3], "conns") && (n == 7 || n == 9)) {
		static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };
		char *end;
		long v;
		int o;

		x->kind = VG_SCN_EXPECT_CONNS;
		if (addr_port(c, w[4], &x->addr, &x->port))
			return -1;
		for (o = 0; o < 6 && strcmp(w[5], ops[o]); o++)
			;
		if (o == 6)
			return fail(c, "'%s' is not a comparison (== != < <= > >=)", w[5]);
		x->op = (uint8_t)o;
		v = strtol(w[6], &end, 10);
		if (*end || end == w[6] || v < 0 || v > 1000000000)
			return fail(c, "'%s' is not a count", w[6]);
		x->value = (int)v;
		if (n == 9 && (strcmp(w[7], "since") || vg_scenario_duration(w[8], &x->since)))
			return fail(c, "usage: expect at TIME conns ADDR:PORT OP N [since TIME]");
		if (x->since > x->at)
			return fail(c, "'since %s' is after the expectation's time", w[8]);
	} else if ((!strcmp(w[3], "transitions") || !strcmp(w[3], "garps")) && n >= 8) {
		x->kind = !strcmp(w[3], "garps") ? VG_SCN_EXPECT_GARPS : VG_SCN_EXPECT_TRANSITIONS;
		if (!strcmp(w[5], "*"))
			x->any_node = true;
		else if (node_index(c, w[5], &x->node))
			return -1;
		if (count_test(c, x, w, n, 6, "usage: expect at TIME transitions|garps INST NODE|* OP N [since TIME]"))
			return -1;
	} else if (!strcmp(w[3], "lvs-edits") && n >= 7) {
		x->kind = VG_SCN_EXPECT_LVS_EDITS;
		x->inst[0] = '\0';
		if (node_index(c, w[4], &x->node))
			return -1;
		if (count_test(c, x, w, n, 5, "usage: expect at TIME lvs-edits NODE OP N [since TIME]"))
			return -1;
	} else if (!strcmp(w[3], "realserver") && n == 6 && (!strcmp(w[5], "in") || !strcmp(w[5], "out"))) {
		x->kind = VG_SCN_EXPECT_RS;
		if (addr_port(c, w[4], &x->addr, &x->port))
			return -1;
		x->value = !strcmp(w[5], "in");
	} else if (!strcmp(w[3], "sorry") && n == 5 && (!strcmp(w[4], "in") || !strcmp(w[4], "out"))) {
		x->kind = VG_SCN_EXPECT_SORRY;
		x->value = !strcmp(w[4], "in");
	} else if (!strcmp(w[3], "quorum") && n == 5 && (!strcmp(w[4], "up") || !strcmp(w[4], "down"))) {
		x->kind = VG_SCN_EXPECT_QUORUM;
		x->value = !strcmp(w[4], "up");
	} else {
		return fail(c, "unknown expectation '%s' or wrong arguments", w[3]);
	}
	c->s->expect_count++;
	return 0;
}

int vg_scenario_parse(const char *text, size_t len, const char *file, struct vg_scenario *out, char *err,
		      size_t errlen)
{
	struct ctx c = { file, 0, err, errlen, out };
	size_t pos = 0;

	memset(out, 0, sizeof(*out));
	out->seed = 1;
	out->duration = VG_S(60);
	out->delay_ns = VG_US(100);
	while (pos < len) {
		char line[LINE_MAX_BYTES], *w[WORDS_MAX];
		size_t end = pos;
		int n, rc;

		while (end < len && text[end] != '\n')
			end++;
		c.line++;
		if (end - pos >= sizeof(line))
			return fail(&c, "line too long");
		memcpy(line, text + pos, end - pos);
		line[end - pos] = '\0';
		pos = end + 1;
		n = split(&c, line, w);
		if (n < 0)
			return -1;
		if (n == 0)
			continue;
		if (!strcmp(w[0], "scenario") && n == 2) {
			snprintf(out->title, sizeof(out->title), "%s", w[1]);
			rc = 0;
		} else if (!strcmp(w[0], "seed") && n == 2) {
			char *e;

			out->seed = strtoull(w[1], &e, 0);
			rc = *e ? fail(&c, "'%s' is not a number", w[1]) : 0;
		} else if (!strcmp(w[0], "duration") && n == 2) {
			rc = vg_scenario_duration(w[1], &out->duration) ? fail(&c, "'%s' is not a time", w[1]) : 0;
		} else if (!strcmp(w[0], "node")) {
			rc = do_node(&c, w, n);
		} else if (!strcmp(w[0], "segment")) {
			rc = do_segment(&c, w, n);
		} else if (!strcmp(w[0], "link")) {
			rc = do_link(&c, w, n);
		} else if (!strcmp(w[0], "at")) {
			rc = do_at(&c, w, n);
		} else if (!strcmp(w[0], "expect")) {
			rc = do_expect(&c, w, n);
		} else {
			rc = fail(&c, "unknown statement '%s' (scenario, seed, duration, node, segment, link, at, expect)", w[0]);
		}
		if (rc)
			return -1;
	}
	if (out->node_count == 0) {
		c.line = 0;
		return fail(&c, "no nodes");
	}
	return 0;
}
