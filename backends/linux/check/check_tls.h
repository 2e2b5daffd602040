/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: the SSL_GET context: keepalived's global `SSL { ca certificate key password }` block.
 *
 * keepalived (check/check_ssl.c, 2.2.7) builds one OpenSSL context for
 * every SSL_GET: TLS_method(), the client certificate chain
 * (`certificate`) and its key (`key`, decrypted with `password`), and the
 * CA file (`ca`) loaded as verify locations with a verify depth of 1; it
 * never sets a verify mode, so OpenSSL's default SSL_VERIFY_NONE holds:
 * the server's certificate is NOT verified (a self-signed or expired one
 * passes). vigild does the same. Without an SSL block the context is a
 * bare TLS_method() one.
 */
#ifndef VGC_CHECK_TLS_H
#define VGC_CHECK_TLS_H

#include <stddef.h>

#include "conf/conf.h"

struct vgc_tls;

/* NULL with a message in err (a file that cannot be loaded). */
struct vgc_tls *vgc_tls_new(const struct vg_conf *conf, char *err, size_t errlen);
void vgc_tls_free(struct vgc_tls *t);
/* The SSL_CTX (void *: callers include OpenSSL themselves). */
void *vgc_tls_ctx(struct vgc_tls *t);

#endif
