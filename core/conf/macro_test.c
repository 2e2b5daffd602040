// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the preprocessor: include, $NAME definitions (plain,
 * multi-line, with parameters), @id conditionals, ~SEQ / ~SEQx / ~LST.
 * Checked through the parsed tree and through the logical lines.
 */
#include "conf/testutil.h"

#include "conf/macro.h"

static struct vg_src src;
static struct vg_arena arena;
static struct vg_diags diags;

/* Preprocess one in-memory file; returns the lines joined by '|'. */
static const char *pre(struct memfs *fs, const char *config_id)
{
	static char out[8192];
	struct vg_conf_loader loader = { memfs_read, memfs_glob, fs };
	struct vg_conf_options opts = { &loader, config_id, 7 };
	size_t o = 0;

	vg_arena_free(&arena);
	vg_arena_init(&arena);
	vg_diags_free(&diags);
	vg_diags_init(&diags);
	memset(&src, 0, sizeof(src));
	vg_macro_read(&arena, fs->path[0], &opts, &src, &diags);
	out[0] = '\0';
	for (uint32_t i = 0; i < src.count && o < sizeof(out) - 1; i++)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s", i ? "|" : "", src.items[i].text);
	return out;
}

static const char *pre1(const char *text, const char *config_id)
{
	static struct memfs fs;
	fs.count = 1;
	fs.path[0] = "/etc/keepalived/keepalived.conf";
	fs.text[0] = text;
	return pre(&fs, config_id);
}

static void test_comments_and_lines(void **state)
{
	(void)state;
	assert_string_equal(pre1("! c\n  a b # x\n\n# y\nc\n", NULL), "a b|c");
	assert_int_equal(src.items[0].line, 2);
	assert_int_equal(src.items[0].col0, 3);
	assert_string_equal(src.items[0].raw, "  a b # x");
}

static void test_definitions(void **state)
{
	(void)state;
	assert_string_equal(pre1("$A=10.0.0\n$B=5\nip ${A}.$B\n", NULL), "ip 10.0.0.5");
	/* undefined names stay, $ followed by non-space is not a reference */
	assert_string_equal(pre1("$A=x\n${U} $U $A.b ${A}.b\n", NULL), "${U} $U $A.b x.b");
	/* expansion happens at use time (keepalived.conf(5) example) */
	assert_string_equal(pre1("$BASE=10.2.${SUB}\n$SUB=0\n${BASE}.100/32\n$SUB=10\n${BASE}.100/32\n", NULL),
			    "10.2.0.100/32|10.2.10.100/32");
	assert_string_equal(pre1("$E=\nx $E y\n", NULL), "x  y");
}

/* "${" closes at the first '}' that balances the braces after it, whatever comes before or
   after; one not closed, or not a name, stays as written; the inner ones are expanded on their own */
static void test_brace_matching(void **state)
{
	(void)state;
	assert_string_equal(pre1("$A=x\n${U${A}} ${A}\n", NULL), "${Ux} x");
	assert_string_equal(pre1("$A=x\n${A ${A}\n", NULL), "${A x");
	assert_string_equal(pre1("$F(a)=<${a}>\n${F(1)} ${F(2} ${F(3} x)\n", NULL), "<1> ${F(2} ${F(3} x)");
	assert_string_equal(pre1("${a${b${c}}} }}${\n", NULL), "${a${b${c}}} }}${");
	assert_string_equal(pre1("$A(x)=[${x}]\n${A(${B})} ${C} $A(y)\n", NULL), "[${B}] ${C} [y]");
	assert_string_equal(pre1("$A=x\n{${A}} ${{A}} ${A}}\n", NULL), "{x} ${{A}} x}");
}

/* A line that expands into ever more unclosed "${" grows to the 1 MiB limit and is refused; the
   closing braces are found in one pass per expansion (fuzz/regressions/config/slow-*: 1.5 s of
   counting braces from every "${" before, in vigild -t) */
static void test_unclosed_braces_refused(void **state)
{
	(void)state;
	pre1("$D=${ ${ ${ ${ $D $D $D $D\n$D\n", NULL);
	assert_true(diags.count >= 1);
	assert_string_equal(diags.items[0].code, "expansion-size");
	pre1("$I(N)=${ ${ ${I(${N})} $I(${N}) $I(${N})\n$I(1)\n", NULL);
	assert_true(diags.count >= 1);
}

static void test_multiline_definition(void **state)
{
	(void)state;
	assert_string_equal(pre1("$INST= \\\n"
				 "vrrp_instance VI_${N} { \\\n"
				 "  @high priority 130 \\\n"
				 "  @low priority 120 \\\n"
				 "}\n"
				 "$N=0\n$INST\n$N=1\n$INST\n",
				 "low"),
			    "vrrp_instance VI_0 {|priority 120|}|vrrp_instance VI_1 {|priority 120|}");
	assert_int_equal(src.items[0].line, 7);
	assert_true(src.items[0].expanded);
}

static void test_parameterised_definition(void **state)
{
	(void)state;
	assert_string_equal(pre1("$VIP(ip,len)=${ip}/${len} dev eth0\n$VIP(10.0.0.1,24)\n${VIP(10.0.0.2, 16)}\n", NULL),
			    "10.0.0.1/24 dev eth0|10.0.0.2/16 dev eth0");
}

static void test_predefined(void **state)
{
	(void)state;
	assert_string_equal(pre1("a ${_HASH} ${_BANG} ${_PWD} ${_INSTANCE}\n", "node1"),
			    "a # ! /etc/keepalived node1");
	/* seeded: the same seed gives the same number, within the bounds */
	{
		const char *s = pre1("${_RANDOM 5 9}\n", NULL);
		int v = atoi(s);
		assert_true(v >= 5 && v <= 9);
		assert_string_equal(pre1("${_RANDOM 5 9}\n", NULL), s);
	}
}

/*
 * keepalived.conf(5) random_seed: the ${_RANDOM} numbers after it come from
 * that seed ("to make configurations repeatable"); the lines before it
 * keep theirs; the same seed gives the same numbers, another seed others.
 */
static void test_random_seed_reseeds(void **state)
{
	char a[256], b[256], plain[256];
	const char *n = "${_RANDOM 0 1000000000} ${_RANDOM 0 1000000000}\n";
	char text[512];

	(void)state;
	snprintf(plain, sizeof(plain), "%s", pre1(n, NULL));
	snprintf(text, sizeof(text), "%s random_seed 7\n%s", n, n);
	snprintf(a, sizeof(a), "%s", pre1(text, NULL));
	assert_int_equal(strncmp(a, plain, strlen(plain)), 0); /* before the keyword: unchanged */
	assert_string_equal(pre1(text, NULL), a);              /* repeatable */
	snprintf(text, sizeof(text), "%s random_seed 8\n%s", n, n);
	snprintf(b, sizeof(b), "%s", pre1(text, NULL));
	assert_string_not_equal(a, b);                         /* another seed, other numbers */
	/* the same seed later in another file gives the same numbers after it */
	snprintf(text, sizeof(text), "random_seed 7\n%s", n);
	assert_string_equal(strchr(pre1(text, NULL), '|') + 1, strrchr(a, '|') + 1);
	/* not a seed: out of range, a word */
	snprintf(text, sizeof(text), "random_seed 4294967296\n%s", n);
	assert_string_equal(strchr(pre1(text, NULL), '|') + 1, plain);
	snprintf(text, sizeof(text), "random_seedx 7\n%s", n);
	assert_string_equal(strchr(pre1(text, NULL), '|') + 1, plain);
}

static void test_recursive_definition_is_an_error(void **state)
{
	(void)state;
	pre1("$A=$A \n$A\n", NULL);
	assert_non_null(vg_diags_find(&diags, "expansion-depth", 2));
}

static void test_conditionals(void **state)
{
	(void)state;
	assert_string_equal(pre1("@main router_id m\n@backup router_id b\n@^main x\n", "main"), "router_id m");
	assert_string_equal(pre1("@main router_id m\n@^main x\n", NULL), "x");
	assert_string_equal(pre1("$IF_MAIN=@main\n$IF_MAIN priority 240\n", "main"), "priority 240");
	assert_string_equal(pre1("$IF_MAIN=@main\n$IF_MAIN priority 240\n", "other"), "");
}

static void test_seq(void **state)
{
	(void)state;
	assert_string_equal(pre1("~SEQ(S, 0, 3) ip 10.0.${S}.1\n", NULL),
			    "ip 10.0.0.1|ip 10.0.1.1|ip 10.0.2.1|ip 10.0.3.1");
	assert_string_equal(pre1("~SEQx(S, 0x90, 0x10, 0xc0) fe80::${S}:1\n", NULL),
			    "fe80::90:1|fe80::a0:1|fe80::b0:1|fe80::c0:1");
	assert_string_equal(pre1("~SEQ(A, 3) a$A\n", NULL), "a1|a2|a3");
	assert_string_equal(pre1("~SEQ(A, 3, 1) ${A}\n", NULL), "3|2|1");
	assert_string_equal(pre1("~SEQ(A,1,2) ~SEQ(B,1,2) ${A}${B}\n", NULL), "11|12|21|22");
	pre1("~SEQ(A, 1, 0, 5) x\n", NULL);
	assert_non_null(vg_diags_find(&diags, "seq", 1));
}

static void test_expansion_is_bounded(void **state)
{
	(void)state;
	/* 10^10 lines would never finish: the preprocessor stops at its limits */
	pre1("~SEQ(A,1,100000) ~SEQ(B,1,100000) x\n", NULL);
	assert_non_null(vg_diags_find(&diags, "too-large", 1));
	assert_true(src.count <= VG_CONF_LINES_MAX);
}

static void test_lst(void **state)
{
	(void)state;
	assert_string_equal(pre1("~LST(IP, 1, 2) 10.${IP}\n", NULL), "10.1|10.2");
	assert_string_equal(pre1("~LST({IP, IP1}, {10,1},{20,4}) 192.168.${IP}.${IP1}\n", NULL),
			    "192.168.10.1|192.168.20.4");
}

static void test_include(void **state)
{
	struct memfs fs = { { "/etc/k/main.conf", "/etc/k/conf.d/b.conf", "/etc/k/conf.d/a.conf" },
			    { "x 1\ninclude conf.d/*.conf\ninclude none/*.conf\nincluder /nope\ny 2\n", "b\n",
			      "a ${_PWD}\n" },
			    3 };
	(void)state;
	assert_string_equal(pre(&fs, NULL), "x 1|a /etc/k/conf.d|b|y 2");
	assert_string_equal(src.items[1].file, "/etc/k/conf.d/a.conf");
	assert_int_equal(src.files.count, 3);
	/* plain include of nothing: a warning; includer: an error */
	assert_int_equal(vg_diags_find(&diags, "include", 3)->severity, VG_DIAG_WARNING);
	assert_int_equal(vg_diags_find(&diags, "include", 4)->severity, VG_DIAG_ERROR);
}

static void test_include_loop(void **state)
{
	struct memfs fs = { { "/a.conf" }, { "include /a.conf\n" }, 1 };
	(void)state;
	pre(&fs, NULL);
	assert_non_null(vg_diags_find(&diags, "include-cycle", 1));
	assert_string_equal(diags.items[0].loc.file, "/a.conf");
	assert_int_equal(src.files.count, 1); /* read once, not 16 deep */
}

/*
 * Found by fuzz-config: a file that includes itself twice read 2^16 files (keepalived 2.2.7
 * reads a self-including file until "Too many open files"). Now each include of a file that is
 * already open is an error and is not read; a cycle through another file is found too.
 */
static void test_include_cycle(void **state)
{
	struct memfs fs = { { "/a.conf", "/b.conf" },
			    { "include /a.conf\ninclude /b.conf\ninclude /a.conf\nx 1\n",
			      "include /a.conf\ny 2\ninclude /b.conf\n" },
			    2 };
	(void)state;
	assert_string_equal(pre(&fs, NULL), "y 2|x 1");
	assert_non_null(vg_diags_find(&diags, "include-cycle", 1));
	assert_non_null(vg_diags_find(&diags, "include-cycle", 3));
	assert_null(vg_diags_find(&diags, "too-large", 0));
	assert_int_equal(src.files.count, 2);
	assert_non_null(strstr(vg_diags_find(&diags, "include-cycle", 1)->message, "'/a.conf' includes itself"));
	/* the plain include warns (keepalived runs such a file); includea and the others refuse it */
	assert_int_equal(vg_diags_find(&diags, "include-cycle", 1)->severity, VG_DIAG_WARNING);
}

static void test_include_cycle_strict(void **state)
{
	struct memfs fs = { { "/a.conf" }, { "includea /a.conf\nx 1\n" }, 1 };
	(void)state;
	assert_string_equal(pre(&fs, NULL), "x 1");
	assert_int_equal(vg_diags_find(&diags, "include-cycle", 1)->severity, VG_DIAG_ERROR);
}

/* A caller's lower line limit (the fuzzer's): ~SEQ stops at it, and so do the expansions' work */
static void test_caller_lines_max(void **state)
{
	struct memfs fs = { { "/a.conf" }, { "~SEQ(i, 1, 1000) x $i\ny 1\n" }, 1 };
	struct vg_conf_loader loader = { memfs_read, memfs_glob, &fs };
	struct vg_conf_options opts = { &loader, NULL, 7 };

	(void)state;
	opts.lines_max = 100;
	vg_arena_free(&arena);
	vg_arena_init(&arena);
	vg_diags_free(&diags);
	vg_diags_init(&diags);
	memset(&src, 0, sizeof(src));
	vg_macro_read(&arena, "/a.conf", &opts, &src, &diags);
	assert_non_null(strstr(vg_diags_find(&diags, "too-large", 1)->message, "more than 100 lines"));
	assert_int_equal(src.count, 100);
	/* the default: all 1,000 and the line after them */
	pre(&fs, NULL);
	assert_int_equal(src.count, 1001);
	assert_null(vg_diags_find(&diags, "too-large", 0));
}

/* Without a cycle, a tree of includes is bounded by the files read: 12 levels of 2 includes */
static void test_include_fanout(void **state)
{
	static char text[12][64];
	struct memfs fs = { { 0 }, { 0 }, 12 };
	static char path[12][16];
	(void)state;
	for (int i = 0; i < 12; i++) {
		snprintf(path[i], sizeof(path[i]), "/f%d.conf", i);
		if (i < 11)
			snprintf(text[i], sizeof(text[i]), "include /f%d.conf\ninclude /f%d.conf\n", i + 1, i + 1);
		else
			snprintf(text[i], sizeof(text[i]), "x 1\n");
		fs.path[i] = path[i];
		fs.text[i] = text[i];
	}
	pre(&fs, NULL);
	assert_non_null(vg_diags_find(&diags, "too-large", 0));
	assert_true(src.files.count <= VG_CONF_FILES_READ_MAX);
}

/* Found measuring vigild -t on garbage: 1,000 includes of a large file read it 1,000 times */
static void test_read_bytes_bounded(void **state)
{
	static struct memfs fs = { { "/a.conf", "/b.conf" }, { NULL, NULL }, 2 };
	size_t line = 1024, lines = 1024, n = 1000, i;
	char *big = malloc(line * lines + 1), *main_ = malloc(n * 16 + 1), *p;

	(void)state;
	assert_non_null(big);
	assert_non_null(main_);
	for (i = 0, p = big; i < lines; i++, p += line) { /* 1 MiB of comment lines */
		memset(p, 'x', line - 1);
		p[0] = '#';
		p[line - 1] = '\n';
	}
	*p = '\0';
	for (i = 0, p = main_; i < n; i++, p += 16)
		memcpy(p, "include /b.conf\n", 16);
	*p = '\0';
	fs.text[0] = main_;
	fs.text[1] = big;
	pre(&fs, NULL);
	assert_non_null(vg_diags_find(&diags, "too-large", 0));
	assert_true(src.files.count < 200); /* stopped after 128 MiB, not 1,000 MiB */
	free(big);
	free(main_);
}

/* Thirty definitions that each double the one before: every use grows to the 1 MiB limit */
static void test_expanded_bytes_bounded(void **state)
{
	size_t cap = 64 * 1024, o = 0;
	char *text = malloc(cap);
	int i;

	(void)state;
	assert_non_null(text);
	o += (size_t)snprintf(text + o, cap - o, "$A0=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n");
	for (i = 1; i < 30; i++)
		o += (size_t)snprintf(text + o, cap - o, "$A%d=$A%d $A%d\n", i, i - 1, i - 1);
	for (i = 0; i < 2000; i++)
		o += (size_t)snprintf(text + o, cap - o, "$A29\n");
	pre1(text, NULL);
	assert_non_null(vg_diags_find(&diags, "too-large", 0));
	assert_true(diags.count < 100); /* stopped: not one expansion-size error per line */
	free(text);
}

static int teardown(void **state)
{
	(void)state;
	vg_arena_free(&arena);
	vg_diags_free(&diags);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_comments_and_lines),
		cmocka_unit_test(test_definitions),
		cmocka_unit_test(test_brace_matching),
		cmocka_unit_test(test_unclosed_braces_refused),
		cmocka_unit_test(test_multiline_definition),
		cmocka_unit_test(test_parameterised_definition),
		cmocka_unit_test(test_predefined),
		cmocka_unit_test(test_random_seed_reseeds),
		cmocka_unit_test(test_recursive_definition_is_an_error),
		cmocka_unit_test(test_conditionals),
		cmocka_unit_test(test_seq),
		cmocka_unit_test(test_lst),
		cmocka_unit_test(test_expansion_is_bounded),
		cmocka_unit_test(test_include),
		cmocka_unit_test(test_include_loop),
		cmocka_unit_test(test_include_cycle),
		cmocka_unit_test(test_include_cycle_strict),
		cmocka_unit_test(test_include_fanout),
		cmocka_unit_test(test_caller_lines_max),
		cmocka_unit_test(test_read_bytes_bounded),
		cmocka_unit_test(test_expanded_bytes_bounded),
	};
	vg_arena_init(&arena);
	vg_diags_init(&diags);
	return cmocka_run_group_tests(tests, NULL, teardown);
}
