// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: vrrp_track_process matching and quorum with its delays (rules in
 * proctrack.h).
 */
#include "vrrp/proctrack.h"

#include <assert.h>
#include <string.h>

void vg_proctrack_match_init(struct vg_proctrack_match *m, const struct vg_conf_track_process *t)
{
	m->conf = t;
	/* keepalived: parameters on the process line, or param_match, imply the full command line */
	m->params = t->process.count > 1 || t->param_match_set;
	m->full_command = t->full_command || m->params;
}

/* The written parameters, each followed by a NUL: their total length. */
static size_t params_len(const struct vg_conf_strs *p)
{
	size_t n = 0;
	uint32_t i;

	for (i = 1; i < p->count; i++)
		n += strlen(p->items[i]) + 1;
	return n;
}

/* Are the first n bytes of the written parameters (NUL-separated) those of `got`? */
static bool params_prefix_eq(const struct vg_conf_strs *p, const char *got, size_t n)
{
	uint32_t i;

	for (i = 1; i < p->count && n; i++) {
		size_t len = strlen(p->items[i]) + 1; /* with its NUL */
		size_t k = len < n ? len : n;

		if (memcmp(got, p->items[i], k))
			return false;
		got += k;
		n -= k;
	}
	return n == 0;
}

static bool params_match(const struct vg_proctrack_match *m, const char *got, size_t got_len)
{
	const struct vg_conf_track_process *t = m->conf;
	size_t want = params_len(&t->process);

	if (got_len < want)
		return false;
	switch (t->param_match) {
	case VG_PARAM_MATCH_EXACT:
		return got_len == want && params_prefix_eq(&t->process, got, want);
	case VG_PARAM_MATCH_PARTIAL:
		return params_prefix_eq(&t->process, got, want);
	case VG_PARAM_MATCH_INITIAL:
		/* the last written parameter may be the start of a longer one: its NUL is not compared */
		return want <= 1 || params_prefix_eq(&t->process, got, want - 1);
	}
	return false;
}

bool vg_proctrack_matches(const struct vg_proctrack_match *m, const char *comm, const char *cmdline,
			  size_t cmdline_len)
{
	const char *name = m->conf->process.count ? m->conf->process.items[0] : NULL;
	const char *end;
	size_t argv0;

	if (!name)
		return false;
	if (!m->full_command)
		return comm && strcmp(comm, name) == 0;
	if (!cmdline || !cmdline_len)
		return false; /* a kernel thread or a zombie: no command line */
	end = memchr(cmdline, '\0', cmdline_len);
	argv0 = end ? (size_t)(end - cmdline) : cmdline_len;
	if (argv0 != strlen(name) || memcmp(cmdline, name, argv0))
		return false;
	if (!m->params)
		return true;
	argv0 = end ? argv0 + 1 : cmdline_len;
	return params_match(m, cmdline + argv0, cmdline_len - argv0);
}

void vg_proctrack_init(struct vg_proctrack *p, const struct vg_conf_track_process *t, uint32_t count)
{
	memset(p, 0, sizeof(*p));
	p->quorum = t->quorum;
	p->quorum_max = t->quorum_max;
	if (p->quorum_max == 0)
		p->quorum = 0; /* keepalived: quorum_max 0 means "up while none runs" */
	p->fork_delay_ns = t->fork_delay_ns;
	p->terminate_delay_ns = t->terminate_delay_ns;
	p->count = count;
	p->up = vg_proctrack_in_quorum(p, count);
	p->delay_end = VG_TIME_NEVER;
}

bool vg_proctrack_in_quorum(const struct vg_proctrack *p, uint32_t count)
{
	return count >= p->quorum && count <= p->quorum_max;
}

static bool settle(struct vg_proctrack *p)
{
	bool up = vg_proctrack_in_quorum(p, p->count);
	bool changed = up != p->up;

	p->up = up;
	p->delay_end = VG_TIME_NEVER;
	return changed;
}

bool vg_proctrack_set(struct vg_proctrack *p, vg_time now, uint32_t count, enum vg_proctrack_cause cause)
{
	bool was = vg_proctrack_in_quorum(p, p->count), is = vg_proctrack_in_quorum(p, count);
	vg_time delay = 0;

	assert(now >= p->last_now);
	p->last_now = now;
	p->count = count;
	if (was == is)
		return false; /* no crossing: a running delay goes on */
	if (p->delay_end != VG_TIME_NEVER)
		return settle(p); /* crossed back while a delay ran: cancelled, state from the count */
	if (cause == VG_PROC_FORK)
		delay = p->fork_delay_ns;
	else if (cause == VG_PROC_EXIT || (cause == VG_PROC_SCAN && !is))
		delay = p->terminate_delay_ns;
	if (!delay)
		return settle(p);
	p->delay_end = vg_time_add(now, delay);
	return false;
}

bool vg_proctrack_timer(struct vg_proctrack *p, vg_time now)
{
	assert(now >= p->last_now);
	p->last_now = now;
	if (now < p->delay_end)
		return false;
	return settle(p);
}

vg_time vg_proctrack_next_deadline(const struct vg_proctrack *p)
{
	return p->delay_end;
}
