/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: run one call with the thread in another network namespace.
 *
 * keepalived's net_namespace_ipvs opens the IPVS socket in a namespace of
 * its own: the thread enters it (setns), the socket is made, the thread
 * goes back. A socket keeps the namespace it was made in, so every later
 * use of it acts there. The name is one of `ip netns`'s (/run/netns/NAME);
 * the empty name is the initial namespace (PID 1's), as keepalived 2.2.7.
 */
#ifndef VGL_NETNS_CALL_H
#define VGL_NETNS_CALL_H

#include <stddef.h>

/*
 * fn(arg) with the calling thread in namespace `name`, then back in the one
 * it was in. Returns fn's value, or -1 with err set when the namespace
 * could not be entered (fn not called) or left (fn's value is lost: the
 * thread is in the wrong namespace, the caller must stop).
 */
int vgl_netns_call(const char *name, int (*fn)(void *arg), void *arg, char *err, size_t errlen);

#endif
