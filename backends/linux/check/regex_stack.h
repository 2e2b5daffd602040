/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: a url's `regex_stack START MAX` (keepalived.conf(5) HTTP_GET url).
 *
 * keepalived sizes the PCRE2 JIT stack of the url's regex matches with it;
 * vigild matches with the interpreter, whose backtracking frames live on
 * the heap, so MAX becomes that regex's heap limit (common/body.h). As in
 * keepalived 2.2.7's check_http.c, a line without exactly two numbers, or
 * with START above MAX, is ignored with a log line.
 */
#ifndef VGC_REGEX_STACK_H
#define VGC_REGEX_STACK_H

#include <stddef.h>

#include "conf/conf.h"

/* MAX of url u's valid regex_stack, 0 without one (u may be NULL). */
size_t vgc_regex_stack_max(const struct vg_conf_url *u);

#endif
