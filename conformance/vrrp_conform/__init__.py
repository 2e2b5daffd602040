# SPDX-License-Identifier: GPL-2.0-or-later
"""vrrp_conform: RFC 5798 / RFC 3768 conformance tests for vigil.

Each requirement is one test function registered with @requirement (registry.py),
written against a harness (offline.py: `vigil conform` on pcaps; live.py: a daemon
in network namespaces). Packets are crafted and parsed in packets.py.
"""
