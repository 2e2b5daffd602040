/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: what every fuzz harness shares.
 *
 * Each harness (fuzz/<target>.c) defines LLVMFuzzerTestOneInput(). It is
 * linked three ways: with libFuzzer (clang, -fsanitize=fuzzer), with
 * AFL++'s libFuzzer-compatible driver (afl-clang-fast -fsanitize=fuzzer),
 * and with driver_main.c, a plain main() that replays files so the corpora
 * run as regression tests in every build.
 *
 * A harness reports a broken invariant with FUZZ_ASSERT, which aborts even
 * when NDEBUG is set: the fuzzers turn the abort into a saved crash input.
 *
 * struct fz reads typed values from the input; once the input is used up
 * every read returns zero, so a short input is still a whole test case.
 */
#ifndef VG_FUZZ_FUZZ_H
#define VG_FUZZ_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond)                                                                      \
	do {                                                                                   \
		if (!(cond)) {                                                                 \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                               \
		}                                                                              \
	} while (0)

/*
 * A harness's own checking code (a JSON syntax check, the input splitter) is not what the
 * fuzzer should steer by: without coverage instrumentation it adds no features and runs
 * several times faster. clang 13 and later; nothing elsewhere.
 */
#if defined(__clang__) && __clang_major__ >= 13
#define FUZZ_NO_COVERAGE __attribute__((no_sanitize("coverage")))
#else
#define FUZZ_NO_COVERAGE
#endif

struct fz {
	const uint8_t *p;
	size_t left;
};

static inline void fz_init(struct fz *f, const uint8_t *data, size_t size)
{
	f->p = data;
	f->left = size;
}

static inline uint8_t fz_u8(struct fz *f)
{
	if (f->left == 0)
		return 0;
	f->left--;
	return *f->p++;
}

static inline uint16_t fz_u16(struct fz *f)
{
	uint16_t hi = fz_u8(f);

	return (uint16_t)(hi << 8 | fz_u8(f));
}

static inline uint32_t fz_u32(struct fz *f)
{
	uint32_t hi = fz_u16(f);

	return hi << 16 | fz_u16(f);
}

static inline bool fz_bool(struct fz *f)
{
	return fz_u8(f) & 1;
}

/* Copy n bytes (zero-filled past the end of the input). */
static inline void fz_bytes(struct fz *f, uint8_t *out, size_t n)
{
	size_t k = n < f->left ? n : f->left;

	memcpy(out, f->p, k);
	memset(out + k, 0, n - k);
	f->p += k;
	f->left -= k;
}

#endif
