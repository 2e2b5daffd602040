# SPDX-License-Identifier: GPL-2.0-or-later
"""The markdown report: one row per requirement, one column per saved result set."""
