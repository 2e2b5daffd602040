/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: tests of the sharing key (share.h): what makes two probes one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <netinet/in.h>

#include "share.h"

static void opts(struct vgc_probe_opts *o, uint32_t addr, uint16_t port)
{
	uint32_t a = htonl(addr);

	memset(o, 0, sizeof(*o));
	o->type = VG_LVS_CHECK_TCP;
	o->dst.family = VG_AF_INET;
	memcpy(o->dst.bytes, &a, 4);
	o->port = port;
}

static int64_t intern_t(struct vgc_keytab *t, const struct vgc_probe_opts *o, vg_time timeout, const char *extra,
		       bool *fresh)
{
	struct vgc_key k;

	vgc_share_key_opts(&k, o, timeout);
	if (extra)
		vgc_key_str(&k, extra);
	return vgc_keytab_intern(t, &k, fresh);
}

static int64_t intern(struct vgc_keytab *t, const struct vgc_probe_opts *o, const char *extra, bool *fresh)
{
	return intern_t(t, o, VG_S(5), extra, fresh);
}

/* The same target and parameters: one probe; any difference: another. */
static void test_equal_and_different(void **state)
{
	struct vgc_keytab t;
	struct vgc_probe_opts a, b;
	struct vgc_probe_bind bind = { 0 }, bind2 = { 0 };
	bool fresh;
	int64_t i0, i1;

	(void)state;
	vgc_keytab_init(&t);
	opts(&a, 0xc000020a, 80);
	i0 = intern(&t, &a, NULL, &fresh);
	assert_true(fresh);
	opts(&b, 0xc000020a, 80);
	b.proto = 17; /* the virtual server's protocol only names it in logs */
	assert_int_equal(intern(&t, &b, NULL, &fresh), i0);
	assert_false(fresh);
	i1 = intern_t(&t, &b, VG_S(3), NULL, &fresh); /* another timeout: another probe */
	assert_true(fresh);
	assert_int_not_equal(i1, i0);
	opts(&b, 0xc000020a, 81);
	assert_true(intern(&t, &b, NULL, &fresh) != i0 && fresh);
	opts(&b, 0xc000020b, 80);
	assert_true(intern(&t, &b, NULL, &fresh) != i0 && fresh);
	opts(&b, 0xc000020a, 80);
	bind.fwmark = 7;
	b.bind = &bind;
	i1 = intern(&t, &b, NULL, &fresh);
	assert_true(i1 != i0 && fresh);
	opts(&b, 0xc000020a, 80);
	b.bind = &bind2; /* an equal record elsewhere: the same key */
	bind2.fwmark = 7;
	assert_int_equal(intern(&t, &b, NULL, &fresh), i1);
	assert_false(fresh);
	opts(&b, 0xc000020a, 80);
	memset(&bind, 0, sizeof(bind));
	b.bind = &bind; /* a record that binds nothing: as none */
	assert_int_equal(intern(&t, &b, NULL, &fresh), i0);
	opts(&b, 0xc000020a, 80);
	strcpy(bind.bind_if, "eth1");
	b.bind = &bind;
	assert_true(intern(&t, &b, NULL, &fresh) != i0 && fresh);
	opts(&b, 0xc000020a, 80);
	b.type = VG_LVS_CHECK_HTTP;
	assert_true(intern(&t, &b, NULL, &fresh) != i0 && fresh);
	vgc_keytab_free(&t);
}

/* A type's bytes: "/a" + "b" is not "/ab"; an absent string is not "". */
static void test_type_bytes(void **state)
{
	struct vgc_keytab t;
	struct vgc_probe_opts a;
	struct vgc_key k1, k2;
	bool fresh;
	int64_t i;

	(void)state;
	vgc_keytab_init(&t);
	opts(&a, 0xc000020a, 80);
	vgc_share_key_opts(&k1, &a, VG_S(5));
	vgc_key_str(&k1, "/a");
	vgc_key_str(&k1, "b");
	vgc_share_key_opts(&k2, &a, VG_S(5));
	vgc_key_str(&k2, "/ab");
	vgc_key_str(&k2, "");
	i = vgc_keytab_intern(&t, &k1, &fresh);
	assert_true(vgc_keytab_intern(&t, &k2, &fresh) != i);
	assert_true(intern(&t, &a, NULL, &fresh) != intern(&t, &a, "", &fresh));
	assert_int_equal(intern(&t, &a, "/x", &fresh), intern(&t, &a, "/x", &fresh));
	assert_false(fresh);
	vgc_keytab_free(&t);
}

/* Many keys (the table grows); an overflowing key is never shared. */
static void test_many_and_overflow(void **state)
{
	struct vgc_keytab t;
	struct vgc_probe_opts a;
	struct vgc_key k;
	bool fresh;
	char big[VGC_KEY_MAX + 1];

	(void)state;
	vgc_keytab_init(&t);
	for (uint32_t i = 0; i < 10000; i++) {
		opts(&a, 0xc6336400 + i / 100, (uint16_t)(8000 + i % 100));
		assert_int_equal(intern(&t, &a, NULL, &fresh), i);
		assert_true(fresh);
	}
	for (uint32_t i = 0; i < 10000; i += 997) {
		opts(&a, 0xc6336400 + i / 100, (uint16_t)(8000 + i % 100));
		assert_int_equal(intern(&t, &a, NULL, &fresh), i);
		assert_false(fresh);
	}
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	opts(&a, 0xc000020a, 80);
	vgc_share_key_opts(&k, &a, VG_S(5));
	vgc_key_str(&k, big);
	assert_true(k.overflow);
	assert_int_equal(vgc_keytab_intern(&t, &k, &fresh), 10000);
	assert_int_equal(vgc_keytab_intern(&t, &k, &fresh), 10001);
	vgc_keytab_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal_and_different),
		cmocka_unit_test(test_type_bytes),
		cmocka_unit_test(test_many_and_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
