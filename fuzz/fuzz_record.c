// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: fuzz the flight recorder's decoder (fuzz-record, core/rec/record.h).
 *
 * Input: a recording as `vigil replay` reads it (fuzz/gen_record_corpus.py
 * writes seeds): the file header, then records. A bad header does not end
 * the run: the records are then decoded from the first byte, so the record
 * decoder sees every input.
 *
 * Properties checked:
 *  - the decoders never read past the buffer (ASan) and a record's length
 *    is within the input;
 *  - every record that decodes encodes back to the same bytes (the format
 *    has one spelling per record), and decodes again to the same fields;
 *  - a CONF record's files walk to exactly its file count, inside it.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "rec/record.h"

static uint8_t out[VG_REC_BODY_MAX / 16];

/* A CARRY record: its pairing walked, then encoded again (at most 64 services of 64 checkers). */
static long reencode_carry(const struct vg_rec *r, uint8_t *buf, size_t cap)
{
	static uint16_t ck[64][64];
	uint32_t from[64];
	uint16_t count[64];
	const uint16_t *ckp[64];
	size_t pos = 0;
	uint32_t n = 0;
	int rc;

	while (n < 64 && (rc = vg_rec_carry_service(r, &pos, &from[n], &count[n], ck[n], 64)) == 1) {
		ckp[n] = ck[n];
		n++;
	}
	if (n == 64 || rc != 0)
		return -100; /* too big for this harness: not compared */
	FUZZ_ASSERT(n == r->u.lvs.services);
	return vg_rec_encode_carry(buf, cap, r->now, r->u.lvs.gen, r->u.lvs.ev.u.start.seed, r->u.lvs.old_gen, n,
				   from, count, ckp);
}

static long reencode(const struct vg_rec *r, uint8_t *buf, size_t cap)
{
	struct vg_rec_file files[64];
	struct vg_rec_file f;
	size_t pos = 0;
	uint16_t n = 0;

	switch (r->type) {
	case VG_REC_INFO:
		return vg_rec_encode_info(buf, cap, r->now, r->u.info.lost, r->u.info.reason, r->u.info.reason_len);
	case VG_REC_RELOAD:
		return vg_rec_encode_reload(buf, cap, r->now, r->u.reload.gen);
	case VG_REC_LVS: {
		struct vg_lvs_event ev = r->u.lvs.ev;

		if (r->u.lvs.carry)
			return reencode_carry(r, buf, cap);

		if (ev.kind == VG_LVS_EV_PROBE)
			ev.u.probe.result = &r->u.lvs.result;
		if (r->u.lvs.probe_full) /* a version 2-4 PROBE: back in its own form */
			return vg_rec_encode_probe_full(buf, cap, r->now, r->u.lvs.gen, &ev, r->u.lvs.regex_matched,
							r->u.lvs.md5);
		{
			/* format 6: the results after the first, each as the recorder joins them */
			struct vg_rec w = *r;
			size_t at = 0;
			long len = vg_rec_encode_lvs(buf, cap, r->now, r->u.lvs.gen, &ev, r->u.lvs.regex_matched,
						     r->u.lvs.md5);

			while (len > 0 && ev.kind == VG_LVS_EV_PROBE && vg_rec_probe_next(&w, &at) == 1) {
				long k;

				ev = w.u.lvs.ev;
				ev.u.probe.result = &w.u.lvs.result;
				k = vg_rec_encode_probe_more(buf + len, cap - (size_t)len, &ev, w.u.lvs.regex_matched,
							     w.u.lvs.md5);
				if (k < 0)
					return k;
				len += k;
				vg_rec_set_body_len(buf, (uint32_t)(len - VG_REC_HDR_LEN));
			}
			return len;
		}
	}
	case VG_REC_EVENT:
		return vg_rec_encode_event(buf, cap, r->now, r->u.event.gen, r->u.event.target, &r->u.event.ev);
	case VG_REC_CONF:
		if (r->u.conf.deflated) { /* the zlib stream is the reader's to inflate: kept as it is */
			FUZZ_ASSERT(vg_rec_conf_file(r, &pos, &f) < 0);
			return vg_rec_encode_conf_deflated(buf, cap, r->now, r->u.conf.gen, r->u.conf.config_id,
							   r->u.conf.config_id_len, r->u.conf.file_count,
							   r->u.conf.raw_len, r->u.conf.files, r->u.conf.files_len);
		}
		while (vg_rec_conf_file(r, &pos, &f) == 1) {
			FUZZ_ASSERT(n < r->u.conf.file_count);
			FUZZ_ASSERT(f.data + f.len <= r->u.conf.files + r->u.conf.files_len);
			if (n < 64)
				files[n] = f;
			n++;
		}
		FUZZ_ASSERT(n == r->u.conf.file_count);
		if (n > 64)
			return -100;
		return vg_rec_encode_conf(buf, cap, r->now, r->u.conf.gen, r->u.conf.config_id, r->u.conf.config_id_len,
					  files, n);
	}
	FUZZ_ASSERT(0);
	return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *bad;
	long off = vg_rec_header_decode(data, size, &bad);

	if (off < 0) {
		FUZZ_ASSERT(bad != NULL);
		off = 0;
	}
	FUZZ_ASSERT((size_t)off <= size);
	while ((size_t)off < size) {
		struct vg_rec r, again;
		long n = vg_rec_decode(data + off, size - (size_t)off, &r), m;

		if (n < 0) {
			FUZZ_ASSERT(r.bad != NULL);
			break;
		}
		FUZZ_ASSERT(n >= VG_REC_HDR_LEN && (size_t)n <= size - (size_t)off);
		m = reencode(&r, out, sizeof(out));
		if (m != -100) {
			FUZZ_ASSERT(m == n);
			FUZZ_ASSERT(memcmp(out, data + off, (size_t)n) == 0);
			FUZZ_ASSERT(vg_rec_decode(out, (size_t)m, &again) == m);
			FUZZ_ASSERT(again.type == r.type && again.now == r.now);
		}
		off += n;
	}
	return 0;
}
