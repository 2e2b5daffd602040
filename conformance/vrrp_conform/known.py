# SPDX-License-Identifier: GPL-2.0-or-later
"""Known deviations: tests expected to fail, per result column, with the reason.

They print as TAP "not ok ... # TODO" (an expected failure, not a suite
failure) and show as "known" in the report. Remove an entry once fixed: a
known deviation that passes is flagged in the TAP output.
"""

KNOWN = {
    "offline": {},
    "live": {},
    "keepalived": {
        "owner_unsolicited_na": "keepalived 2.2.7 sends the NA without the R flag",
        "rx_owner_discards": "keepalived 2.2.7 lets an equal-priority (255) advert from a higher address "
                             "take over from the address owner",
        "rx_addr_list_mismatch_v3": "keepalived 2.2.7 drops v3 adverts whose address list differs (RFC 5798: MAY "
                                    "verify, SHOULD log)",
        "v2_rx_addr_list_owner": "keepalived 2.2.7 drops a differing address list even from the owner",
    },
}
