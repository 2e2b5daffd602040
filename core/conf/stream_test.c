// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the streaming parser: files read through the loader a few
 * bytes at a time give the same tree and diagnostics as whole files, the
 * tree keeps no line text yet every diagnostic (parser, preprocessor, lint)
 * shows its line, and arena lists reuse and fit their blocks.
 */
#include "conf/testutil.h"

#include "conf/lint.h"

static size_t chunk_bytes = 3;

struct mfile {
	const char *text;
	size_t pos;
};

static int chunk_open(void *ctx, const char *path, void **file)
{
	struct memfs *fs = ctx;

	for (size_t i = 0; i < fs->count; i++) {
		if (strcmp(fs->path[i], path) == 0) {
			struct mfile *f = calloc(1, sizeof(*f));
			if (!f)
				return -12;
			f->text = fs->text[i];
			*file = f;
			return 0;
		}
	}
	return -2;
}

static long chunk_read(void *ctx, void *file, char *buf, size_t cap)
{
	struct mfile *f = file;
	size_t left = strlen(f->text + f->pos), n = cap < chunk_bytes ? cap : chunk_bytes;

	(void)ctx;
	if (n > left)
		n = left;
	memcpy(buf, f->text + f->pos, n);
	f->pos += n;
	return (long)n;
}

static void chunk_close(void *ctx, void *file)
{
	(void)ctx;
	free(file);
}

static const char main_conf[] =
	"! comment line\n"
	"$IF=eth0\n"
	"$VIPS=192.0.2.1/24 \\\n"
	"      192.0.2.2\n"
	"global_defs {\n"
	"    router_id r1   # trailing comment\n"
	"}\n"
	"include /inc/*.conf\n"
	"vrrp_instance VI_1\n"
	"{\n"
	"    interface $IF\n"
	"    virtual_router_id 51\n"
	"    priorty 50\n"
	"    virtual_ipaddress {\n"
	"        $VIPS\n"
	"        ~SEQ(n, 3, 4) 192.0.2.$n/24\n"
	"    }\n"
	"}\n"
	"virtual_server 192.0.2.1 80 {\r\n"
	"    protocol TCP\r\n"
	"    real_server 198.51.100.1 80 {\r\n"
	"        TCP_CHECK {\r\n"
	"            conect_timeout 3\r\n"
	"        }\r\n"
	"    }\r\n"
	"}"; /* no newline at the end */

static const char inc_conf[] = "vrrp_script chk {\n    script \"/bin/true\"\n    interval 2\n}\n";

static struct memfs fs = { { "/main.conf", "/inc/a.conf" }, { main_conf, inc_conf }, 2 };

static int parse_with(bool chunked, struct vg_conf **conf, struct vg_diags *d)
{
	struct vg_conf_loader whole = { memfs_read, memfs_glob, &fs, NULL, NULL, NULL };
	struct vg_conf_loader stream = { NULL, memfs_glob, &fs, chunk_open, chunk_read, chunk_close };
	struct vg_conf_options o = { chunked ? &stream : &whole, NULL, 1 };
	int rc;

	vg_diags_init(d);
	rc = vg_conf_parse("/main.conf", &o, conf, d);
	if (*conf)
		vg_conf_lint(*conf, d);
	vg_diags_sort(d);
	return rc;
}

static void test_chunks_match_whole_files(void **state)
{
	static const size_t chunks[] = { 1, 2, 3, 7, 64, 100000 };
	struct vg_conf *ref, *c;
	struct vg_diags rd, d;
	int rrc = parse_with(false, &ref, &rd);

	(void)state;
	assert_non_null(ref);
	assert_int_equal(ref->instances.count, 1);
	assert_true(ref->instances.items[0].vips.count >= 2);
	assert_string_equal(ref->instances.items[0].interface, "eth0");
	assert_int_equal(ref->scripts.count, 1);
	assert_int_equal(ref->virtual_servers.count, 1);
	assert_int_equal(ref->virtual_servers.items[0].real_servers.items[0].checkers.count, 1);
	assert_int_equal(ref->files.count, 2);
	for (size_t k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
		chunk_bytes = chunks[k];
		assert_int_equal(parse_with(true, &c, &d), rrc);
		assert_non_null(c);
		assert_int_equal(c->instances.count, ref->instances.count);
		assert_int_equal(c->instances.items[0].vips.count, ref->instances.items[0].vips.count);
		assert_int_equal(c->instances.items[0].virtual_router_id, 51);
		assert_string_equal(c->global.router_id, "r1");
		assert_int_equal(c->scripts.count, 1);
		assert_int_equal(c->scripts.items[0].interval_ns, ref->scripts.items[0].interval_ns);
		assert_int_equal(c->virtual_servers.items[0].real_servers.count, 1);
		assert_int_equal(c->virtual_servers.items[0].real_servers.items[0].checkers.items[0].connect_timeout_ns,
				 ref->virtual_servers.items[0].real_servers.items[0].checkers.items[0].connect_timeout_ns);
		assert_int_equal(d.count, rd.count);
		for (uint32_t i = 0; i < d.count; i++) {
			assert_string_equal(d.items[i].code, rd.items[i].code);
			assert_int_equal(d.items[i].loc.line, rd.items[i].loc.line);
			assert_int_equal(d.items[i].loc.col, rd.items[i].loc.col);
			assert_string_equal(d.items[i].loc.file, rd.items[i].loc.file);
			if (rd.items[i].text)
				assert_string_equal(d.items[i].text, rd.items[i].text);
			else
				assert_null(d.items[i].text);
		}
		vg_conf_free(c);
		vg_diags_free(&d);
	}
	vg_conf_free(ref);
	vg_diags_free(&rd);
}

/* Line text comes from the line in hand (parser), or is read again (lint, after the file is gone). */
static void test_diagnostics_show_their_line(void **state)
{
	struct vg_conf *c;
	struct vg_diags d;
	const struct vg_diag *g;

	(void)state;
	chunk_bytes = 5;
	parse_with(true, &c, &d);
	assert_non_null(c);
	g = vg_diags_find(&d, "unknown-keyword", 13);
	assert_non_null(g);
	assert_string_equal(g->text, "    priorty 50");
	assert_int_equal(g->loc.col, 5);
	g = vg_diags_find(&d, "vip-no-prefix", 15); /* lint: the VIP from $VIPS's second line */
	assert_non_null(g);
	assert_string_equal(g->text, "        $VIPS");
	g = vg_diags_find(&d, "unknown-keyword", 23); /* a CRLF line: no CR in the text */
	assert_non_null(g);
	assert_string_equal(g->text, "            conect_timeout 3");
	/* the tree keeps locations only (struct vg_conf_loc has no text) */
	assert_int_equal(c->instances.items[0].loc.line, 9);
	vg_conf_free(c);
	vg_diags_free(&d);
}

static void test_arena_lists_reuse_and_fit(void **state)
{
	struct vg_arena a;
	struct { uint64_t *items; uint32_t count, cap; } l1 = { 0 }, l2 = { 0 };
	uint64_t *first;

	(void)state;
	vg_arena_init(&a);
	for (uint64_t i = 0; i < 10; i++) {
		uint64_t *x = VG_LIST_PUSH(&a, l1);
		assert_non_null(x);
		*x = i;
		assert_non_null(vg_arena_alloc(&a, 8)); /* l1 is never the last allocation */
	}
	assert_int_equal(l1.cap, 16);
	first = l1.items;
	l1.items = vg_arena_list_fit(&a, l1.items, l1.count, &l1.cap, sizeof(*l1.items));
	assert_ptr_not_equal(l1.items, first);
	assert_true(l1.cap >= 10 && l1.cap < 16); /* blocks are rounded to 8 bytes */
	for (uint64_t i = 0; i < 10; i++)
		assert_int_equal(l1.items[i], i);
	/* a list of the same shape takes the blocks l1 outgrew, zeroed */
	for (uint64_t i = 0; i < 9; i++) {
		assert_non_null(VG_LIST_PUSH(&a, l2));
		assert_int_equal(l2.items[i], 0);
		l2.items[i] = 100 + i;
		assert_non_null(vg_arena_alloc(&a, 8));
	}
	assert_ptr_equal(l2.items, first); /* the 16-element block */
	for (uint64_t i = 0; i < 10; i++)
		assert_int_equal(l1.items[i], i);
	assert_false(a.failed);
	vg_arena_free(&a);
}

/* A chunk source that counts what it hands out and checks what comes back. */
struct chunk_log {
	size_t allocs, frees, live_bytes;
};

static void *log_alloc(void *ctx, size_t size)
{
	struct chunk_log *l = ctx;
	unsigned char *p = calloc(1, size);

	if (p) {
		l->allocs++;
		l->live_bytes += size;
	}
	return p;
}

static void log_free(void *ctx, void *p, size_t size)
{
	struct chunk_log *l = ctx;

	l->frees++;
	l->live_bytes -= size;
	free(p);
}

/* Chunks come from the caller and go back to it, each with its size; fresh memory is zero. */
static void test_arena_chunks_from_caller(void **state)
{
	struct chunk_log log = { 0 };
	const struct vg_arena_chunks src = { log_alloc, log_free, &log };
	struct vg_arena a;
	char *s1, *s2;
	(void)state;
	vg_arena_init(&a);
	vg_arena_use(&a, &src);
	for (int i = 0; i < 20000; i++) {
		unsigned char *p = vg_arena_alloc(&a, 100);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 8, 0);
		for (int k = 0; k < 100; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xa5, 100); /* dirty it: later allocations must still come zeroed */
	}
	assert_true(vg_arena_alloc(&a, 3u << 20) != NULL); /* larger than a chunk */
	/* strings are packed: no alignment padding between them */
	s1 = vg_arena_strdup(&a, "abc");
	s2 = vg_arena_strdup(&a, "de");
	assert_ptr_equal(s2, s1 + 4);
	assert_true(log.allocs > 2);
	assert_false(a.failed);
	vg_arena_free(&a);
	assert_int_equal(log.frees, log.allocs);
	assert_int_equal(log.live_bytes, 0);
}

/* A list larger than VG_ARENA_LIST_HEAP_BYTES lives on the heap: intact, zero-filled, freed with the arena. */
static void test_arena_large_list(void **state)
{
	struct vg_arena a;
	struct { uint64_t *items; uint32_t count, cap; } l = { 0 };
	const uint32_t n = 3 * VG_ARENA_LIST_HEAP_BYTES / sizeof(uint64_t);
	uint64_t *before_fit;
	(void)state;
	vg_arena_init(&a);
	for (uint32_t i = 0; i < n; i++) {
		uint64_t *x = VG_LIST_PUSH(&a, l);
		assert_non_null(x);
		assert_int_equal(*x, 0);
		*x = i * 3u;
		if (i % 1000 == 0) /* other allocations between the pushes */
			assert_non_null(vg_arena_alloc(&a, 24));
	}
	for (uint32_t i = 0; i < n; i++)
		assert_int_equal(l.items[i], i * 3u);
	before_fit = l.items;
	l.items = vg_arena_list_fit(&a, l.items, l.count, &l.cap, sizeof(*l.items));
	assert_ptr_equal(l.items, before_fit); /* a heap list keeps its block */
	assert_true(l.cap >= n);
	assert_false(a.failed);
	vg_arena_free(&a); /* under ASan/LSan: no leak of the heap blocks */
}

/*
 * What a large director costs: 300 services of 10 real servers, each with an
 * HTTP_GET checker and its url (the shape of bench/conf_bench's files). The
 * tree stays under 400 bytes a real server, checker, url and its share of
 * the service included (the structs: real server 128, checker 112, url 64,
 * service 256 on LP64; a heap list counts its whole capacity), and a file
 * twice as large costs about twice as much. Session 2's tree took 760.
 */
static size_t director_bytes(int services)
{
	static char text[2 * 1024 * 1024];
	struct parsed P2;
	size_t o = 0, bytes;

	for (int v = 0; v < services; v++) {
		o += (size_t)snprintf(text + o, sizeof(text) - o,
				      "virtual_server 192.0.2.%d %d {\n    protocol TCP\n    lb_algo wrr\n", v % 200 + 1,
				      1024 + v);
		for (int r = 1; r <= 10; r++)
			o += (size_t)snprintf(text + o, sizeof(text) - o,
					      "    real_server 198.51.100.%d 80 {\n        weight %d\n        HTTP_GET {\n"
					      "            url {\n                path /healthz\n                status_code 200\n"
					      "            }\n            connect_timeout 3\n        }\n    }\n", r, r);
		o += (size_t)snprintf(text + o, sizeof(text) - o, "}\n");
		assert_true(o < sizeof(text));
	}
	parse_text(&P2, text);
	assert_int_equal(P2.rc, 0);
	assert_int_equal(P2.conf->virtual_servers.count, (uint32_t)services);
	bytes = vg_arena_used(&P2.conf->arena);
	vg_conf_free(P2.conf);
	vg_diags_free(&P2.diags);
	return bytes;
}

static void test_large_director_memory(void **state)
{
	size_t small, large;
	(void)state;
	small = director_bytes(300);
	print_message("# director: %zu bytes for 3,000 real servers\n", small);
	large = director_bytes(600);
	print_message("# director: %zu bytes for 6,000 real servers\n", large);
	if (sizeof(void *) == 8)
		assert_true(large / 6000 < 400);
	/* linear: the second 300 services cost about what the first did */
	assert_true(large - small < small + small / 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chunks_match_whole_files),
		cmocka_unit_test(test_diagnostics_show_their_line),
		cmocka_unit_test(test_arena_lists_reuse_and_fit),
		cmocka_unit_test(test_arena_chunks_from_caller),
		cmocka_unit_test(test_arena_large_list),
		cmocka_unit_test(test_large_director_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
