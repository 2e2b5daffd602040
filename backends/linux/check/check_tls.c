/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the SSL_GET context from the global SSL block (check_tls.h).
 */
#include "check_tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct vgc_tls {
	SSL_CTX *ctx;
	char *password;
};

static int password_cb(char *buf, int size, int rwflag, void *userdata)
{
	const struct vgc_tls *t = userdata;
	size_t n = t->password ? strlen(t->password) : 0;

	(void)rwflag;
	if (n >= (size_t)size)
		return 0;
	memcpy(buf, t->password ? t->password : "", n + 1);
	return (int)n;
}

/* The SSL block's lines are kept verbatim: keyword "SSL", args [word, value]. */
static const char *ssl_opt(const struct vg_conf *conf, const char *word)
{
	const struct vg_conf_kvs *x = conf->global.extra;

	for (uint32_t i = 0; x && i < x->count; i++) {
		const struct vg_conf_kv *kv = &x->items[i];

		if (!strcmp(kv->keyword, "SSL") && kv->args.count >= 2 && !strcmp(kv->args.items[0], word))
			return kv->args.items[1];
	}
	return NULL;
}

static const char *ssl_err(void)
{
	static char buf[160];
	unsigned long e = ERR_get_error();

	ERR_error_string_n(e, buf, sizeof(buf));
	ERR_clear_error();
	return buf;
}

struct vgc_tls *vgc_tls_new(const struct vg_conf *conf, char *err, size_t errlen)
{
	struct vgc_tls *t = calloc(1, sizeof(*t));
	const char *ca = ssl_opt(conf, "ca"), *cert = ssl_opt(conf, "certificate"), *key = ssl_opt(conf, "key");
	const char *pw = ssl_opt(conf, "password");

	if (!t) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	t->ctx = SSL_CTX_new(TLS_client_method());
	if (!t->ctx) {
		snprintf(err, errlen, "cannot create new SSL context: %s", ssl_err());
		goto fail;
	}
	if (pw) {
		t->password = strdup(pw);
		SSL_CTX_set_default_passwd_cb_userdata(t->ctx, t);
		SSL_CTX_set_default_passwd_cb(t->ctx, password_cb);
	}
	if (cert && SSL_CTX_use_certificate_chain_file(t->ctx, cert) != 1) {
		snprintf(err, errlen, "cannot load certificate file %s: %s", cert, ssl_err());
		goto fail;
	}
	if (key && SSL_CTX_use_PrivateKey_file(t->ctx, key, SSL_FILETYPE_PEM) != 1) {
		snprintf(err, errlen, "cannot load key file %s: %s", key, ssl_err());
		goto fail;
	}
	if (ca && SSL_CTX_load_verify_locations(t->ctx, ca, NULL) != 1) {
		snprintf(err, errlen, "cannot load CA file %s: %s", ca, ssl_err());
		goto fail;
	}
	/* keepalived: verify depth 1 and no verify mode (SSL_VERIFY_NONE): the server's
	   certificate is not checked (check_tls.h) */
	SSL_CTX_set_verify_depth(t->ctx, 1);
	SSL_CTX_set_verify(t->ctx, SSL_VERIFY_NONE, NULL);
	return t;
fail:
	vgc_tls_free(t);
	return NULL;
}

void vgc_tls_free(struct vgc_tls *t)
{
	if (!t)
		return;
	SSL_CTX_free(t->ctx);
	free(t->password);
	free(t);
}

void *vgc_tls_ctx(struct vgc_tls *t)
{
	return t ? t->ctx : NULL;
}
