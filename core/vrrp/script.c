// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the vrrp_script state machine (see script.h).
 */
#include "vrrp/script.h"

#include <assert.h>
#include <string.h>

void vg_script_init(struct vg_script *s, const struct vg_script_config *cfg, vg_time now)
{
	assert(cfg->interval_ns > 0 && cfg->timeout_ns > 0 && cfg->rise >= 1 && cfg->fall >= 1);
	memset(s, 0, sizeof(*s));
	s->cfg = cfg;
	s->up = !cfg->init_fail;
	s->next_run = now; /* first run at once */
	s->timeout_at = VG_TIME_NEVER;
	s->last_now = now;
}

/* Append one record; 1 if it was written (a full list counts it as lost). */
static int emit(const struct vg_script *s, struct vg_actions *out, enum vg_action_kind kind, bool up)
{
	struct vg_action *a = vg_actions_push(out, kind, s->cfg->id);

	if (!a)
		return 0;
	a->u.script.up = up;
	return 1;
}

/* Count one run's outcome; emit CHANGED when the streak crosses rise/fall. */
static int outcome(struct vg_script *s, bool ok, struct vg_actions *out)
{
	if (ok) {
		s->ok_streak++;
		s->fail_streak = 0;
		if (!s->up && s->ok_streak >= s->cfg->rise) {
			s->up = true;
			return emit(s, out, VG_ACT_SCRIPT_CHANGED, true);
		}
	} else {
		s->fail_streak++;
		s->ok_streak = 0;
		if (s->up && s->fail_streak >= s->cfg->fall) {
			s->up = false;
			return emit(s, out, VG_ACT_SCRIPT_CHANGED, false);
		}
	}
	return 0;
}

int vg_script_timer(struct vg_script *s, vg_time now, struct vg_actions *out)
{
	int n = 0;

	assert(now >= s->last_now);
	s->last_now = now;
	if (s->running && now >= s->timeout_at) {
		/* the run hung past its timeout: kill it, count a failure */
		n += emit(s, out, VG_ACT_SCRIPT_KILL, s->up);
		s->running = false;
		s->timeout_at = VG_TIME_NEVER;
		n += outcome(s, false, out);
	}
	if (!s->running && now >= s->next_run) {
		n += emit(s, out, VG_ACT_SCRIPT_RUN, s->up);
		s->running = true;
		s->timeout_at = vg_time_add(now, s->cfg->timeout_ns);
		s->next_run = vg_time_add(now, s->cfg->interval_ns);
	}
	assert(n <= VG_SCRIPT_EFFECTS_MAX);
	return n;
}

int vg_script_result(struct vg_script *s, vg_time now, bool ok, struct vg_actions *out)
{
	assert(now >= s->last_now);
	s->last_now = now;
	if (!s->running)
		return 0;
	s->running = false;
	s->timeout_at = VG_TIME_NEVER;
	return outcome(s, ok, out);
}

vg_time vg_script_next_deadline(const struct vg_script *s)
{
	return s->running ? s->timeout_at : s->next_run;
}
