// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: fuzz the BFD Control packet codec and one session (fuzz-bfd).
 *
 * Input layout (fuzz/gen_bfd_corpus.py writes seeds in it):
 *
 *   [0]     session flags: 0x01 passive, 0x02 simple password "pw",
 *           0x0c Detect Mult 1..4 (bits 2-3, plus one)
 *   then records until the input ends:
 *   [0]     kind: even: a datagram follows; odd: time advances
 *   [1]     datagram: its length n (0..48); time: the step in ms
 *   [2..]   datagram: n bytes; 0x10 of the kind set: patch Your
 *           Discriminator to the session's (11) so the state machine is
 *           reached without the fuzzer guessing it
 *
 * Properties checked:
 *  - no read outside a datagram (ASan), no undefined behaviour;
 *  - a datagram that decodes re-encodes to its first Length bytes (any
 *    bits the codec keeps) and decodes again to the same fields;
 *  - the session's state is one of the four, a state change names the state
 *    it left and the one it is in; a Final never carries a Poll;
 *  - no deadline in the past after a call; a due timer is handled (the next
 *    deadline moves past `now`);
 *  - Up only after a packet from the remote; Detect Mult and discriminators
 *    in the packets we would send are the configured ones.
 */
#include <stdint.h>
#include <string.h>

#include "bfd/session.h"
#include "fuzz.h"

static void check_session(const struct vg_bfd_session *s, vg_time now, const struct vg_bfd_out *o)
{
	struct vg_bfd_packet p;

	FUZZ_ASSERT(s->state <= VG_BFD_UP);
	if (o->changed) {
		FUZZ_ASSERT(o->to == s->state);
		FUZZ_ASSERT(o->from <= VG_BFD_UP && o->from != o->to);
	}
	FUZZ_ASSERT(vg_bfd_session_next_deadline(s) >= now);
	vg_bfd_session_packet(s, o->final, &p);
	FUZZ_ASSERT(!(p.poll && p.final));
	FUZZ_ASSERT(p.detect_mult == s->cfg.detect_mult);
	FUZZ_ASSERT(p.my_disc == 11);
	FUZZ_ASSERT(p.your_disc == s->remote_disc);
	if (s->state == VG_BFD_UP)
		FUZZ_ASSERT(s->stats.rx > 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f;
	struct vg_bfd_config c;
	struct vg_bfd_session s;
	struct vg_bfd_out o;
	vg_time now = VG_S(1);
	uint8_t flags;
	uint32_t rnd = 1;

	fz_init(&f, data, size);
	flags = fz_u8(&f);
	vg_bfd_config_defaults(&c);
	c.local_disc = 11;
	c.passive = flags & 1;
	if (flags & 2) {
		c.auth = true;
		c.password_len = 2;
		memcpy(c.password, "pw", 2);
	}
	c.detect_mult = (uint8_t)(((flags >> 2) & 3) + 1);
	vg_bfd_session_init(&s, &c, now);
	memset(&o, 0, sizeof(o));
	check_session(&s, now, &o);

	while (f.left) {
		uint8_t kind = fz_u8(&f), n = fz_u8(&f);

		rnd = rnd * 1103515245u + 12345u;
		if (kind & 1) {
			now += VG_MS(n);
			if (vg_bfd_session_next_deadline(&s) <= now) {
				vg_bfd_session_timer(&s, now, rnd, &o);
				check_session(&s, now, &o);
				FUZZ_ASSERT(vg_bfd_session_next_deadline(&s) > now);
			}
		} else {
			uint8_t *m, enc[VG_BFD_LEN_MAX];
			struct vg_bfd_packet p, q;
			enum vg_bfd_err e;

			n = (uint8_t)(n % (VG_BFD_LEN_MAX + 6));
			if (n > f.left)
				n = (uint8_t)f.left;
			/* an exact-size copy, so ASan sees any read past the datagram */
			m = malloc(n ? n : 1);
			FUZZ_ASSERT(m != NULL);
			memcpy(m, f.p, n);
			f.p += n;
			f.left -= n;
			if ((kind & 0x10) && n >= 12)
				m[8] = 0, m[9] = 0, m[10] = 0, m[11] = 11;
			e = vg_bfd_decode(m, n, &p);
			if (e == VG_BFD_OK) {
				size_t len = vg_bfd_encode(&p, enc, sizeof(enc));

				FUZZ_ASSERT(len >= VG_BFD_LEN && len <= p.length);
				FUZZ_ASSERT(memcmp(enc, m, 3) == 0);
				FUZZ_ASSERT(memcmp(enc + 4, m + 4, VG_BFD_LEN - 4) == 0);
				FUZZ_ASSERT(vg_bfd_decode(enc, len, &q) == VG_BFD_OK);
				FUZZ_ASSERT(q.my_disc == p.my_disc && q.your_disc == p.your_disc &&
					    q.state == p.state && q.diag == p.diag && q.poll == p.poll &&
					    q.final == p.final && q.detect_mult == p.detect_mult &&
					    q.password_len == p.password_len &&
					    memcmp(q.password, p.password, p.password_len) == 0);
				e = vg_bfd_session_rx(&s, now, &p, rnd, &o);
				FUZZ_ASSERT(e == VG_BFD_OK || e == VG_BFD_E_NO_SESSION || e == VG_BFD_E_AUTH);
				if (e == VG_BFD_OK && p.poll && s.state != VG_BFD_ADMIN_DOWN)
					FUZZ_ASSERT(o.send && o.final);
				check_session(&s, now, &o);
			} else {
				FUZZ_ASSERT(e < VG_BFD_E__COUNT);
			}
			free(m);
		}
	}
	vg_bfd_session_admin_down(&s, now, &o);
	FUZZ_ASSERT(s.state == VG_BFD_ADMIN_DOWN);
	FUZZ_ASSERT(vg_bfd_session_next_deadline(&s) == VG_TIME_NEVER);
	return 0;
}
