// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: fuzz the SMTP reply parser and the SMTP_CHECK dialogue (fuzz-smtp).
 *
 * Input layout (fuzz/gen_probe_corpus.py writes seeds in it):
 *
 *   [0]     piece size for the split run: 1 + (byte & 0x3f); 0x40 set: EOF
 *           after the input
 *   [1..]   the bytes the server sends (greeting, HELO reply, QUIT reply)
 *
 * Properties checked:
 *  - no read outside the input, no undefined behaviour;
 *  - the dialogue fed whole and in pieces ends in the same state, failure,
 *    error and codes, and sends the same commands;
 *  - each call consumes at most what it was given; a reply never holds more
 *    than VG_SMTP_LINES_MAX lines or a line more than VG_SMTP_LINE_MAX bytes;
 *  - the commands are "HELO <name>\r\n" then "QUIT\r\n", in that order, and
 *    only after a 220 and a 250 reply; success only after both.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "probe/smtp.h"

struct run {
	uint8_t state, fail;
	int err;
	uint16_t last, quit;
	unsigned sent;
};

static struct run run(const uint8_t *data, size_t size, size_t step, bool eof)
{
	struct vg_smtp_check c;
	struct run out;
	size_t off = 0;
	char cmd[VG_SMTP_HELO_MAX + 8];

	memset(&out, 0, sizeof(out));
	FUZZ_ASSERT(vg_smtp_check_init(&c, "fuzz.example") == 0);
	while (off < size && c.state != VG_SMTP_FAILED && c.state != VG_SMTP_DONE_OK) {
		size_t piece = size - off < step ? size - off : step;
		ssize_t k = vg_smtp_check_feed(&c, data + off, piece);

		if (k < 0)
			break;
		FUZZ_ASSERT((size_t)k <= piece);
		FUZZ_ASSERT(c.reply.lines <= VG_SMTP_LINES_MAX && c.reply.line_bytes <= VG_SMTP_LINE_MAX);
		off += (size_t)k;
		if (c.to_send) {
			int n = vg_smtp_check_output(&c, cmd, sizeof(cmd));

			FUZZ_ASSERT(n > 0 && !c.to_send);
			if (out.sent == 0)
				FUZZ_ASSERT(c.last_code == 220 && strcmp(cmd, "HELO fuzz.example\r\n") == 0);
			else
				FUZZ_ASSERT(out.sent == 1 && c.last_code == 250 && strcmp(cmd, "QUIT\r\n") == 0);
			out.sent++;
		} else {
			FUZZ_ASSERT(k > 0 || c.state == VG_SMTP_DONE_OK);
		}
	}
	if (eof)
		vg_smtp_check_eof(&c);
	FUZZ_ASSERT(c.state != VG_SMTP_DONE_OK || out.sent == 2);
	FUZZ_ASSERT((c.state == VG_SMTP_FAILED) == (c.fail != VG_SMTP_FAIL_NONE));
	out.state = c.state;
	out.fail = c.fail;
	out.err = c.err;
	out.last = c.last_code;
	out.quit = c.quit_code;
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f;
	uint8_t c0;
	struct run a, b;

	fz_init(&f, data, size);
	c0 = fz_u8(&f);
	a = run(f.p, f.left, f.left ? f.left : 1, c0 & 0x40);
	b = run(f.p, f.left, 1 + (c0 & 0x3f), c0 & 0x40);
	FUZZ_ASSERT(a.state == b.state && a.fail == b.fail && a.err == b.err);
	FUZZ_ASSERT(a.last == b.last && a.quit == b.quit && a.sent == b.sent);
	return 0;
}
