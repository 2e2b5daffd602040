/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DOC: HMAC-MD5 (RFC 2104 over MD5, OpenSSL's libcrypto) in the shape of
 * core's struct vg_hmac_md5 (core/vrrp/ah.h): the ICV of `auth_type AH`
 * adverts. Include as "common/hmac.h".
 */
#ifndef VGB_HMAC_H
#define VGB_HMAC_H

#include <stddef.h>
#include <stdint.h>

#include "vrrp/ah.h"

/* out = HMAC-MD5(key, msg); ctx unused. On an OpenSSL failure out is all zero (no ICV matches). */
void vgb_hmac_md5(void *ctx, const uint8_t *key, size_t key_len, const uint8_t *msg, size_t len, uint8_t out[16]);

/* The provider to hand to core: { NULL, vgb_hmac_md5 }. */
extern const struct vg_hmac_md5 vgb_hmac_md5_provider;

#endif
