// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: fuzz the HTTP_GET response parser (fuzz-http).
 *
 * Input layout (fuzz/gen_probe_corpus.py writes seeds in it):
 *
 *   [0]     piece size for the split run: 1 + (byte & 0x3f) bytes; 0x40 set:
 *           VG_HTTP_BODY_WIRE; 0x80 set: signal EOF after the input
 *   [1]     body limit: 64 << (byte & 0x0f) bytes
 *   [2..]   the bytes the server sends
 *
 * Properties checked:
 *  - no read outside the input (ASan), no undefined behaviour (UBSan);
 *  - every call consumes at most what it was given, and some bytes unless
 *    the message is done; body spans lie inside the consumed bytes;
 *  - the same bytes fed whole and in pieces give the same status, error,
 *    completion and framing, and without an error the same body (compared
 *    by length and an FNV hash);
 *  - the decoded body never exceeds the body limit, a header block never
 *    exceeds VG_HTTP_HEAD_MAX bytes before failing, errors are sticky;
 *  - done implies head_done; EOF after done changes nothing.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "probe/http.h"

struct run {
	ssize_t err;
	int eof_rc;
	bool done, head_done;
	uint16_t status;
	uint8_t framing;
	uint64_t body_len, body_hash, consumed;
};

static struct run run(const uint8_t *data, size_t size, size_t step, uint32_t flags, uint32_t body_max, bool eof)
{
	struct run out;
	struct vg_http_resp r;
	size_t off = 0;

	memset(&out, 0, sizeof(out));
	out.body_hash = 1469598103934665603ull;
	vg_http_resp_init(&r, body_max, flags);
	while (off < size && !r.done) {
		size_t piece = size - off < step ? size - off : step;
		size_t left = piece;
		const uint8_t *p = data + off;

		while (left && !r.done) {
			struct vg_probe_span b;
			ssize_t k = vg_http_resp_feed(&r, p, left, &b);

			if (k < 0) {
				out.err = k;
				FUZZ_ASSERT(vg_http_resp_feed(&r, p, left, &b) == k); /* sticky */
				goto end;
			}
			FUZZ_ASSERT((size_t)k <= left);
			FUZZ_ASSERT(k > 0 || r.done);
			FUZZ_ASSERT(b.len <= (size_t)k && (b.len == 0 || (b.p >= p && b.p + b.len <= p + k)));
			for (size_t i = 0; i < b.len; i++)
				out.body_hash = (out.body_hash ^ b.p[i]) * 1099511628211ull;
			out.body_len += b.len;
			p += k;
			left -= (size_t)k;
			off += (size_t)k;
		}
	}
end:
	FUZZ_ASSERT(r.body_bytes <= body_max);
	FUZZ_ASSERT(!r.done || r.head_done);
	if (!r.head_done)
		FUZZ_ASSERT(off <= (VG_HTTP_HEAD_MAX + 1u) * (VG_HTTP_INTERIM_MAX + 1u));
	if (eof && !out.err) {
		bool was_done = r.done;

		out.eof_rc = vg_http_resp_eof(&r);
		FUZZ_ASSERT(!was_done || out.eof_rc == 0);
	}
	out.done = r.done;
	out.head_done = r.head_done;
	out.status = r.status;
	out.framing = r.framing;
	out.consumed = off;
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f;
	uint8_t c0, c1;
	uint32_t flags, body_max;
	size_t step;
	bool eof;
	struct run a, b;

	fz_init(&f, data, size);
	c0 = fz_u8(&f);
	c1 = fz_u8(&f);
	step = 1 + (c0 & 0x3f);
	flags = (c0 & 0x40) ? VG_HTTP_BODY_WIRE : 0;
	eof = (c0 & 0x80) != 0;
	body_max = 64u << (c1 & 0x0f);
	a = run(f.p, f.left, f.left ? f.left : 1, flags, body_max, eof);
	b = run(f.p, f.left, step, flags, body_max, eof);
	FUZZ_ASSERT(a.err == b.err);
	FUZZ_ASSERT(a.eof_rc == b.eof_rc);
	FUZZ_ASSERT(a.done == b.done && a.head_done == b.head_done);
	FUZZ_ASSERT(a.status == b.status && a.framing == b.framing);
	/* after an error the body handed back so far depends on the split: only compare good runs */
	if (!a.err) {
		FUZZ_ASSERT(a.body_len == b.body_len && a.body_hash == b.body_hash);
		FUZZ_ASSERT(a.consumed == b.consumed);
	}
	return 0;
}
