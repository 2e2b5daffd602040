/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: shared probes: the sharing key of a probe and the table that finds equal keys.
 *
 * A probe's key is its common options (type, destination, source, bind_if,
 * fwmark, connect_timeout: vgc_share_key_opts) followed by the bytes its
 * type's prepare() appends (for HTTP_GET: protocol, path, Host, whether the
 * body is digested, the regex and its options; see each type). Two
 * checkers with equal keys run one probe: at configuration time each
 * (checker, url) is given a target index by vgc_keytab_intern, equal keys
 * giving the same index; at run time a target has at most one probe in
 * flight, which later requests join (check_driver.c). A key that overflowed
 * VGC_KEY_MAX is never equal to another (its own target).
 */
#ifndef VGC_SHARE_H
#define VGC_SHARE_H

#include <stddef.h>
#include <stdint.h>

#include "probe.h"

/* Reset k and write the common options (also fills the padding-free canonical form). */
void vgc_share_key_opts(struct vgc_key *k, const struct vgc_probe_opts *o, vg_time connect_timeout_ns);

/* The interned keys: an open-addressing table of key copies -> target index. */
struct vgc_keytab {
	struct vgc_keytab_slot *slot;
	size_t cap;                   /* power of two */
	size_t count;                 /* distinct keys */
	uint32_t next_index;          /* targets given out (including unshared ones) */
};

void vgc_keytab_init(struct vgc_keytab *t);
void vgc_keytab_free(struct vgc_keytab *t);
/*
 * The target index of `k`: the index of an equal key interned before, or a
 * new one (*fresh = true). Returns -1 when out of memory.
 */
int64_t vgc_keytab_intern(struct vgc_keytab *t, const struct vgc_key *k, bool *fresh);

uint64_t vgc_key_hash(const struct vgc_key *k);

#endif
