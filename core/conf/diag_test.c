// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the diagnostics list: its order and its shared file names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "conf/diag.h"

static void add(struct vg_diags *d, const char *file, uint32_t line, uint32_t col, const char *msg)
{
	struct vg_conf_loc loc = { file, line, col };

	assert_int_equal(vg_diags_add(d, VG_DIAG_WARNING, &loc, "c", NULL, "%s", msg), 0);
}

/* Sorted by file, line, column, then the order they were added in. */
static void test_sort_order(void **state)
{
	struct vg_diags d;
	char other[] = "/b.conf"; /* a name equal to a stored one but another pointer */
	static const char *const want[] = { "a1", "a2", "a3", "a4", "b1", "b2" };

	(void)state;
	vg_diags_init(&d);
	add(&d, "/b.conf", 3, 1, "b2");
	add(&d, "/a.conf", 9, 1, "a4");
	add(&d, "/a.conf", 2, 5, "a2");
	add(&d, other, 1, 1, "b1");
	add(&d, "/a.conf", 2, 1, "a1");
	add(&d, "/a.conf", 2, 5, "a3"); /* same place as a2: after it */
	vg_diags_sort(&d);
	assert_int_equal(d.count, 6);
	for (uint32_t i = 0; i < d.count; i++)
		assert_string_equal(d.items[i].message, want[i]);
	vg_diags_free(&d);
}

/* A run of diagnostics of one file shares one copy of its name; the copy is the list's own. */
static void test_file_names_shared(void **state)
{
	struct vg_diags d;
	char name[16] = "/x.conf";

	(void)state;
	vg_diags_init(&d);
	add(&d, name, 1, 1, "one");
	add(&d, name, 2, 1, "two");
	add(&d, "/y.conf", 1, 1, "three");
	add(&d, name, 3, 1, "four");
	strcpy(name, "/changed");
	assert_ptr_equal(d.items[0].loc.file, d.items[1].loc.file);
	assert_ptr_not_equal(d.items[0].loc.file, name);
	assert_string_equal(d.items[3].loc.file, "/x.conf");
	assert_string_equal(d.items[2].loc.file, "/y.conf");
	/* already in order: sorting keeps it */
	vg_diags_sort(&d);
	assert_string_equal(d.items[0].message, "one");
	assert_string_equal(d.items[3].message, "three");
	vg_diags_free(&d);
}

/* A diagnostic without a location keeps a NULL file and sorts first. */
static void test_no_location(void **state)
{
	struct vg_diags d;

	(void)state;
	vg_diags_init(&d);
	add(&d, "/a.conf", 1, 1, "located");
	assert_int_equal(vg_diags_add(&d, VG_DIAG_ERROR, NULL, "c", NULL, "nowhere"), 0);
	vg_diags_sort(&d);
	assert_null(d.items[0].loc.file);
	assert_string_equal(d.items[0].message, "nowhere");
	assert_int_equal(d.errors, 1);
	vg_diags_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_order),
		cmocka_unit_test(test_file_names_shared),
		cmocka_unit_test(test_no_location),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
