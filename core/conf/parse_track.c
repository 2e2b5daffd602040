// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: the blocks of the objects VRRP instances track: vrrp_script,
 * track_file (and the deprecated vrrp_track_file), vrrp_track_process and
 * bfd_instance: their keyword tables, their defaults and the checks made
 * when a block ends. The track_* lists that name them are parse_vrrp.c's.
 */
#include "conf/parser_int.h"

#include <stddef.h>
#include <string.h>

#define S(f) ((uint32_t)offsetof(struct vg_conf_vrrp_script, f))
#define TF(f) ((uint32_t)offsetof(struct vg_conf_track_file, f))
#define TP(f) ((uint32_t)offsetof(struct vg_conf_track_process, f))
#define B(f) ((uint32_t)offsetof(struct vg_conf_bfd_instance, f))

/* Custom ids of these blocks' keywords (an enum of their own: see parse_vrrp.c). */
enum cv_track {
	CV_SCRIPT_SCRIPT = 100, CV_SCRIPT_WEIGHT, CV_SCRIPT_SECONDS, CV_TF_WEIGHT, CV_TF_INIT_FILE,
	CV_TP_PROCESS, CV_TP_PARAM_MATCH, CV_TP_WEIGHT, CV_TP_DELAY, CV_BFD_WEIGHT, CV_BFD_MS,
	CV_BFD_MAX_HOPS, CV__TRACK_END
};
_Static_assert(CV__TRACK_END <= 200, "vg_kw_run sends 100..199 to vg_custom_vrrp");

/* ---- tables ---- */

static const struct kw script_kws[] = {
	{ "script", H_CUSTOM, 0, CV_SCRIPT_SCRIPT, 0, 0, 0 },
	{ "interval", H_CUSTOM, 0, CV_SCRIPT_SECONDS, S(interval_ns), 1, 4294 },
	{ "timeout", H_CUSTOM, 0, CV_SCRIPT_SECONDS, S(timeout_ns), 1, 4294 },
	{ "weight", H_CUSTOM, 0, CV_SCRIPT_WEIGHT, 0, -253, 253 },
	{ "rise", H_U32, 0, 0, S(rise), 1, INT32_MAX },
	{ "fall", H_U32, 0, 0, S(fall), 1, INT32_MAX },
	{ "user", H_USER, 0, 0, (uint32_t)offsetof(struct vg_conf_vrrp_script, script.user), 0, 0 },
	{ "init_fail", H_FLAG, 0, 0, S(init_fail), 0, 0 },
};

static const struct kw track_file_kws[] = {
	{ "file", H_STR, 0, 0, TF(file), 0, 0 },
	{ "weight", H_CUSTOM, 0, CV_TF_WEIGHT, 0, -2147483647, 2147483647 },
	{ "init_file", H_CUSTOM, 0, CV_TF_INIT_FILE, 0, 0, 0 },
};

static const struct kw track_process_kws[] = {
	{ "process", H_CUSTOM, 0, CV_TP_PROCESS, 0, 0, 0 },
	{ "param_match", H_CUSTOM, 0, CV_TP_PARAM_MATCH, 0, 0, 0 },
	{ "weight", H_CUSTOM, 0, CV_TP_WEIGHT, 0, -254, 254 },
	{ "quorum", H_U32, 0, 0, TP(quorum), 0, 65535 },
	{ "quorum_max", H_U32, 0, 0, TP(quorum_max), 0, 65535 },
	{ "fork_delay", H_TIME, 0, 0, TP(fork_delay_ns), 0, 3600 * US_PER_S },
	{ "terminate_delay", H_TIME, 0, 0, TP(terminate_delay_ns), 0, 3600 * US_PER_S },
	{ "delay", H_CUSTOM, 0, CV_TP_DELAY, 0, 0, 3600 * US_PER_S },
	{ "full_command", H_FLAG, 0, 0, TP(full_command), 0, 0 },
};

static const struct kw bfd_kws[] = {
	{ "neighbor_ip", H_ADDR, 0, 0, B(neighbor_ip), 0, 0 },
	{ "neighbour_ip", H_ADDR, 0, 0, B(neighbor_ip), 0, 0 },
	{ "source_ip", H_ADDR, 0, 0, B(source_ip), 0, 0 },
	{ "weight", H_CUSTOM, 0, CV_BFD_WEIGHT, 0, -253, 253 },
	{ "min_rx", H_CUSTOM, 0, CV_BFD_MS, B(min_rx_us), 1, 4294967 },
	{ "min_tx", H_CUSTOM, 0, CV_BFD_MS, B(min_tx_us), 1, 4294967 },
	{ "idle_tx", H_CUSTOM, 0, CV_BFD_MS, B(idle_tx_us), 1000, 4294967 },
	{ "multiplier", H_U8, 0, 0, B(multiplier), 1, 255 },
	{ "passive", H_FLAG, 0, 0, B(passive), 0, 0 },
	{ "ttl", H_U8, 0, 0, B(ttl), 1, 255 },
	{ "hoplimit", H_U8, 0, 0, B(ttl), 1, 255 },
	{ "max_hops", H_CUSTOM, 0, CV_BFD_MAX_HOPS, B(max_hops), -1, 255 },
	{ "vrrp", H_FLAG, 0, 0, B(vrrp), 0, 0 },
	{ "checker", H_FLAG, 0, 0, B(checker), 0, 0 },
};

static void set_table(struct kw_table *t, const char *name, const struct kw *kws, size_t count, ptrdiff_t extra_off)
{
	t->block = name;
	t->kws = kws;
	t->count = count;
	t->extra_off = extra_off;
	t->ignored_off = -1;
}

bool vg_table_track(int id, struct kw_table *t)
{
	switch (id) {
	case T_SCRIPT: set_table(t, "vrrp_script", script_kws, KW_COUNT(script_kws), S(extra)); return true;
	case T_TRACK_FILE: set_table(t, "track_file", track_file_kws, KW_COUNT(track_file_kws), TF(extra)); return true;
	case T_TRACK_PROCESS:
		set_table(t, "vrrp_track_process", track_process_kws, KW_COUNT(track_process_kws), TP(extra));
		return true;
	case T_BFD: set_table(t, "bfd_instance", bfd_kws, KW_COUNT(bfd_kws), B(extra)); return true;
	default: return false;
	}
}

/* ---- the blocks ---- */

void vg_track_object(struct pctx *p, const struct stmt *st, int aux, const char *name)
{
	struct vg_conf *c = p->conf;

	switch (aux) {
	case CV_TOP_SCRIPT: {
		struct vg_conf_vrrp_script *s = VG_LIST_PUSH(p->a, c->scripts);
		if (!s)
			return;
		s->loc = st->loc;
		s->name = name;
		s->interval_ns = VG_S(1);
		s->timeout_ns = VG_TIME_NEVER;
		s->rise = s->fall = 1;
		vg_parse_table(p, st, T_SCRIPT, s);
		if (!s->script.cmd)
			vg_pdiag_loc(p, VG_DIAG_WARNING, &s->loc, "script-missing", NULL,
				     "vrrp_script '%s' has no 'script' line: keepalived removes it, and "
				     "instances that track it track nothing",
				     name ? name : "");
		s->timeout_set = s->timeout_ns != VG_TIME_NEVER;
		if (!s->timeout_set)
			s->timeout_ns = s->interval_ns;
		return;
	}
	case CV_TOP_TRACK_FILE:
	case CV_TOP_VRRP_TRACK_FILE: {
		struct vg_conf_track_file *f = VG_LIST_PUSH(p->a, c->track_files);
		if (!f)
			return;
		f->loc = st->loc;
		f->name = name;
		f->weight = 1;
		f->deprecated_keyword = aux == CV_TOP_VRRP_TRACK_FILE;
		if (f->deprecated_keyword)
			vg_pwarn(p, st, 0, "deprecated", "'vrrp_track_file' is deprecated; write 'track_file'");
		vg_parse_table(p, st, T_TRACK_FILE, f);
		if (!f->file)
			vg_pdiag_loc(p, VG_DIAG_ERROR, &f->loc, "missing-value", NULL,
				     "track_file '%s' has no 'file' line", name ? name : "");
		return;
	}
	case CV_TOP_TRACK_PROCESS: {
		struct vg_conf_track_process *t = VG_LIST_PUSH(p->a, c->track_processes);
		if (!t)
			return;
		t->loc = st->loc;
		t->name = name;
		t->weight = 1;
		t->quorum = 1;
		t->quorum_max = UINT32_MAX;
		vg_parse_table(p, st, T_TRACK_PROCESS, t);
		if (!t->process.count)
			vg_pdiag_loc(p, VG_DIAG_ERROR, &t->loc, "missing-value", NULL,
				     "vrrp_track_process '%s' has no 'process' line", name ? name : "");
		return;
	}
	case CV_TOP_BFD: {
		struct vg_conf_bfd_instance *b = VG_LIST_PUSH(p->a, c->bfd_instances);
		if (!b)
			return;
		b->loc = st->loc;
		b->name = name;
		/* keepalived.conf(5) defaults */
		b->min_rx_us = 10000;
		b->min_tx_us = 10000;
		b->idle_tx_us = 1000000;
		b->multiplier = 5;
		vg_parse_table(p, st, T_BFD, b);
		if (b->neighbor_ip.family == VG_AF_NONE)
			vg_pdiag_loc(p, VG_DIAG_ERROR, &b->loc, "missing-value", NULL,
				     "bfd_instance '%s' has no neighbor_ip", name ? name : "");
		else if (b->source_ip.family != VG_AF_NONE && b->source_ip.family != b->neighbor_ip.family)
			vg_pdiag_loc(p, VG_DIAG_ERROR, &b->loc, "family-mismatch", NULL,
				     "bfd_instance '%s': source_ip and neighbor_ip are not of the same family",
				     name ? name : "");
		return;
	}
	default:
		return;
	}
}

/* ---- custom handlers ---- */

static void weight_reverse(struct pctx *p, const struct stmt *st, const struct kw *k, int32_t *w, bool *rev)
{
	int64_t v;

	if (!vg_pint(p, st, 1, k->min, k->max, &v))
		return;
	*w = (int32_t)v;
	if (st->n > 2) {
		if (strcmp(st->tok[2].text, "reverse") == 0)
			*rev = true;
		else
			vg_perr(p, st, 2, "invalid-value", "expected 'reverse' after the weight, not '%s'",
				st->tok[2].text);
	}
}

bool vg_custom_track(struct pctx *p, const struct stmt *st, void *obj, const struct kw *k)
{
	int64_t v;

	if (!KW_OF(script_kws, k) && !KW_OF(track_file_kws, k) && !KW_OF(track_process_kws, k) && !KW_OF(bfd_kws, k))
		return false;
	switch (k->aux) {
	case CV_SCRIPT_SCRIPT: {
		struct vg_conf_vrrp_script *s = obj;
		const char *user = s->script.user, *group = s->script.group;
		if (st->n < 2) {
			vg_perr(p, st, 0, "missing-value", "'script' needs a command");
			return true;
		}
		vg_pscript_into(p, st, 1, true, &s->script);
		s->script.user = user;
		s->script.group = group;
		return true;
	}
	case CV_SCRIPT_SECONDS:
		/* keepalived 2.2.7 reads whole seconds here ("invalid number '0.5'") */
		vg_pargs(p, st, 1, 1);
		if (st->n > 1 && vg_pint(p, st, 1, k->min, k->max, &v))
			*FIELD(obj, k->off, vg_time) = VG_S(v);
		return true;
	case CV_SCRIPT_WEIGHT: {
		struct vg_conf_vrrp_script *s = obj;
		weight_reverse(p, st, k, &s->weight, &s->weight_reverse);
		return true;
	}
	case CV_TF_WEIGHT: {
		struct vg_conf_track_file *f = obj;
		weight_reverse(p, st, k, &f->weight, &f->weight_reverse);
		return true;
	}
	case CV_TP_WEIGHT: {
		struct vg_conf_track_process *t = obj;
		weight_reverse(p, st, k, &t->weight, &t->weight_reverse);
		return true;
	}
	case CV_BFD_WEIGHT: {
		struct vg_conf_bfd_instance *b = obj;
		weight_reverse(p, st, k, &b->weight, &b->weight_reverse);
		return true;
	}
	case CV_BFD_MS: {
		/* milliseconds with microsecond resolution ("3.312"), keepalived's read_decimal with 3 places */
		const char *t;
		uint64_t us = 0;
		int frac = -1;

		if (!vg_pargs(p, st, 1, 1) || st->n < 2)
			return true;
		for (t = st->tok[1].text; *t; t++) {
			if (*t == '.' && frac < 0) {
				frac = 0;
				continue;
			}
			if (*t < '0' || *t > '9' || frac >= 3 || us > UINT64_C(1) << 40)
				break;
			us = us * 10 + (uint64_t)(*t - '0');
			if (frac >= 0)
				frac++;
		}
		if (*t || t == st->tok[1].text || frac == 0) {
			vg_perr(p, st, 1, "invalid-number", "%s: '%s' is not a number of milliseconds (up to 3 decimals)",
				st->tok[0].text, st->tok[1].text);
			return true;
		}
		for (; frac < 3; frac = frac < 0 ? 1 : frac + 1)
			us *= 10;
		if (us < (uint64_t)k->min * 1000 || us > (uint64_t)k->max * 1000) {
			vg_perr(p, st, 1, "out-of-range", "%s: %s ms is outside %lld..%lld ms", st->tok[0].text,
				st->tok[1].text, (long long)k->min, (long long)k->max);
			return true;
		}
		*FIELD(obj, k->off, uint32_t) = (uint32_t)us;
		return true;
	}
	case CV_BFD_MAX_HOPS:
		if (vg_pargs(p, st, 1, 1) && st->n >= 2 && vg_pint(p, st, 1, k->min, k->max, &v))
			*FIELD(obj, k->off, int16_t) = (int16_t)v;
		return true;
	case CV_TF_INIT_FILE: {
		struct vg_conf_track_file *f = obj;
		f->init_file = true;
		for (uint32_t i = 1; i < st->n; i++) {
			if (strcmp(st->tok[i].text, "overwrite") == 0)
				f->init_overwrite = true;
			else if (vg_pint(p, st, i, INT32_MIN, INT32_MAX, &v))
				f->init_value = v;
		}
		return true;
	}
	case CV_TP_PROCESS: {
		struct vg_conf_track_process *t = obj;
		if (vg_pargs(p, st, 1, VG_CONF_TOKENS_MAX))
			for (uint32_t i = 1; i < st->n; i++)
				vg_pstrs_add(p, &t->process, st->tok[i].text);
		return true;
	}
	case CV_TP_PARAM_MATCH: {
		struct vg_conf_track_process *t = obj;
		t->param_match_set = true;
		if (st->n < 2)
			return true;
		if (strcmp(st->tok[1].text, "initial") == 0)
			t->param_match = VG_PARAM_MATCH_INITIAL;
		else if (strcmp(st->tok[1].text, "partial") == 0)
			t->param_match = VG_PARAM_MATCH_PARTIAL;
		else
			vg_perr(p, st, 1, "invalid-value", "param_match '%s': expected initial or partial",
				st->tok[1].text);
		return true;
	}
	case CV_TP_DELAY: {
		struct vg_conf_track_process *t = obj;
		vg_time d;
		if (vg_ptime(p, st, 1, k->min, k->max, &d))
			t->fork_delay_ns = t->terminate_delay_ns = d;
		return true;
	}
	default:
		return true;
	}
}
