/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: HMAC-MD5 with OpenSSL's one-shot HMAC() (see hmac.h).
 */
#include "common/hmac.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string.h>

void vgb_hmac_md5(void *ctx, const uint8_t *key, size_t key_len, const uint8_t *msg, size_t len, uint8_t out[16])
{
	unsigned int n = 0;

	(void)ctx;
	if (!HMAC(EVP_md5(), key, (int)key_len, msg, len, out, &n) || n != 16)
		memset(out, 0, 16);
}

const struct vg_hmac_md5 vgb_hmac_md5_provider = { NULL, vgb_hmac_md5 };
