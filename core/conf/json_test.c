// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: tests of the JSON writer: the output is valid JSON (checked by a
 * small validator here), has the documented keys, escapes strings, and
 * reports the size it needs when the buffer is too small.
 */
#include "conf/testutil.h"

#include "conf/cluster.h"
#include "conf/json.h"
#include "conf/lint.h"

/* ---- a minimal JSON validator ---- */
static const char *ws(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

static const char *value(const char *p);

static const char *string(const char *p)
{
	if (*p != '"')
		return NULL;
	for (p++; *p && *p != '"'; p++) {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 0; i < 4; i++)
					if (!p[1 + i])
						return NULL;
				p += 4;
			} else if (!strchr("\"\\/bfnrt", *p)) {
				return NULL;
			}
		}
	}
	return *p == '"' ? p + 1 : NULL;
}

static const char *value(const char *p)
{
	p = ws(p);
	if (*p == '{' || *p == '[') {
		char close = *p == '{' ? '}' : ']';
		bool obj = *p == '{';
		p = ws(p + 1);
		if (*p == close)
			return p + 1;
		for (;;) {
			if (obj) {
				p = string(ws(p));
				if (!p)
					return NULL;
				p = ws(p);
				if (*p++ != ':')
					return NULL;
			}
			p = value(p);
			if (!p)
				return NULL;
			p = ws(p);
			if (*p == ',') {
				p++;
				continue;
			}
			return *p == close ? p + 1 : NULL;
		}
	}
	if (*p == '"')
		return string(p);
	if (strncmp(p, "true", 4) == 0)
		return p + 4;
	if (strncmp(p, "false", 5) == 0)
		return p + 5;
	if (strncmp(p, "null", 4) == 0)
		return p + 4;
	if (*p == '-' || (*p >= '0' && *p <= '9')) {
		p += *p == '-';
		while (*p >= '0' && *p <= '9')
			p++;
		return p;
	}
	return NULL;
}

static bool valid_json(const char *s)
{
	const char *e = value(s);
	return e && *ws(e) == '\0';
}

static struct parsed P;

static int teardown(void **state)
{
	(void)state;
	parsed_free(&P);
	memset(&P, 0, sizeof(P));
	return 0;
}

static void test_validator_can_fail(void **state)
{
	(void)state;
	assert_true(valid_json("{\"a\":[1,-2,true,null,\"x\\n\"]}"));
	assert_false(valid_json("{\"a\":[1,]}"));
	assert_false(valid_json("{\"a\" 1}"));
	assert_false(valid_json("[\"\x01\"]"));
}

static void test_writer_escapes_and_commas(void **state)
{
	char buf[256];
	struct vg_json j;
	(void)state;
	vg_json_init(&j, buf, sizeof(buf));
	vg_json_begin_object(&j, NULL);
	vg_json_str(&j, "s", "a\"b\\c\n\x01");
	vg_json_int(&j, "n", -5);
	vg_json_begin_array(&j, "a");
	vg_json_bool(&j, NULL, true);
	vg_json_str(&j, NULL, NULL);
	vg_json_end_array(&j);
	vg_json_end_object(&j);
	assert_string_equal(buf, "{\"s\":\"a\\\"b\\\\c\\u000a\\u0001\",\"n\":-5,\"a\":[true,null]}");
	assert_true(valid_json(buf));
	assert_int_equal(j.len, strlen(buf));
}

static void test_truncation_reports_size(void **state)
{
	char small[16];
	struct vg_json j;
	(void)state;
	vg_json_init(&j, small, sizeof(small));
	vg_json_begin_object(&j, NULL);
	vg_json_str(&j, "key", "a long value that does not fit");
	vg_json_end_object(&j);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_int_equal(j.len, strlen("{\"key\":\"a long value that does not fit\"}"));
}

static void test_conf_and_findings_shape(void **state)
{
	static char buf[1 << 16];
	struct vg_json j;
	(void)state;
	parse_text(&P, "vrrp_script chk {\n  script /bin/true\n  weight -20\n}\n"
		       "vrrp_instance VI_1 {\n  state MASTER\n  interface eth0\n  virtual_router_id 51\n"
		       "  priority 100\n  advert_int 2\n  track_script {\n    chk\n  }\n"
		       "  virtual_ipaddress {\n    192.0.2.1\n  }\n  priorty 3\n}\n"
		       "virtual_server 192.0.2.1 80 {\n  protocol TCP\n  real_server 192.0.2.2 80 {\n"
		       "    HTTP_GET {\n      url {\n        path /\n        status_code 200\n      }\n    }\n  }\n}\n");
	vg_conf_lint(P.conf, &P.diags);
	vg_json_init(&j, buf, sizeof(buf));
	vg_json_begin_object(&j, NULL);
	vg_json_conf(&j, "file", P.conf);
	vg_json_diags(&j, "findings", &P.diags);
	vg_json_end_object(&j);
	assert_true(j.len < sizeof(buf));
	if (!valid_json(buf))
		fail_msg("invalid JSON: %s", buf);
	assert_non_null(strstr(buf, "\"instances\":[{\"name\":\"VI_1\",\"line\":5,\"vrid\":51,\"interface\":\"eth0\""));
	assert_non_null(strstr(buf, "\"priority\":100,\"advert_int_cs\":200"));
	assert_non_null(strstr(buf, "\"vips\":[{\"address\":\"192.0.2.1\",\"prefix\":32,\"prefix_written\":false"));
	assert_non_null(strstr(buf, "\"scripts\":[{\"name\":\"chk\",\"weight\":null,\"weight_effective\":-20"));
	assert_non_null(strstr(buf, "\"real_servers\":[{\"line\":21,\"address\":\"192.0.2.2\",\"port\":80"));
	assert_non_null(strstr(buf, "\"checkers\":[{\"type\":\"HTTP_GET\""));
	assert_non_null(strstr(buf, "\"status_codes\":[\"200\"]"));
	assert_non_null(strstr(buf, "\"code\":\"unknown-keyword\",\"file\":\"/etc/keepalived/keepalived.conf\","
				    "\"line\":17,\"column\":3"));
	assert_non_null(strstr(buf, "\"suggestion\":\"priority\""));
	assert_non_null(strstr(buf, "\"code\":\"vip-no-prefix\""));
}

static void test_failovers_shape(void **state)
{
	static char buf[1 << 14];
	struct parsed b;
	struct vg_cluster_node nodes[2];
	static struct vg_cluster_report rep;
	struct vg_diags d;
	struct vg_json j;
	(void)state;
	parse_seed(&P, "06-nginx-master-129-fixed.conf");
	parse_seed(&b, "06-nginx-backup-131-fixed.conf");
	nodes[0] = (struct vg_cluster_node){ "a.conf", P.conf };
	nodes[1] = (struct vg_cluster_node){ "b.conf", b.conf };
	vg_diags_init(&d);
	vg_cluster_check(nodes, 2, &d, &rep);
	vg_json_init(&j, buf, sizeof(buf));
	vg_json_failovers(&j, NULL, nodes, &rep);
	assert_true(valid_json(buf));
	assert_string_equal(buf, "[{\"node\":\"a.conf\",\"instance\":\"VI_1\",\"kind\":\"script\",\"name\":\"chk_http_port\","
				 "\"weight\":-20,\"line\":35,\"priority\":100,\"failed_priority\":80,"
				 "\"backup_node\":\"b.conf\",\"backup_priority\":90,\"moves\":true}]");
	vg_diags_free(&d);
	parsed_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validator_can_fail),
		cmocka_unit_test(test_writer_escapes_and_commas),
		cmocka_unit_test(test_truncation_reports_size),
		cmocka_unit_test_teardown(test_conf_and_findings_shape, teardown),
		cmocka_unit_test_teardown(test_failovers_shape, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
