# SPDX-License-Identifier: GPL-2.0-or-later
"""The test registry: one entry per RFC requirement.

    @requirement("RFC 5798", "6.4.1", "MUST", "If the Priority = 255 ... Send an ADVERTISEMENT")
    def owner_sends_advert(h): ...

A test takes a harness, runs one or more scenarios through h.run(...) and states
what must hold with check(cond, message). Requirements we do not test are
registered with untested(...) and a reason, so the report lists them too.
"""

import re

TESTS = []      # Requirement objects with a function
UNTESTED = []   # Requirement objects with a reason


class CheckFailed(Exception):
    pass


class Skip(Exception):
    """The requirement cannot be tested in this mode (the message says why)."""


class Requirement:
    def __init__(self, rfc, section, level, text, func=None, reason=None, live=True, live_reason=None):
        self.rfc = rfc
        self.section = section
        self.level = level
        self.text = text
        self.func = func
        self.reason = reason
        self.live = live
        self.live_reason = live_reason

    @property
    def name(self):
        return self.func.__name__ if self.func else ""

    def sort_key(self):
        nums = [int(x) if x.isdigit() else 0 for x in re.split(r"[.]", self.section)]
        return (self.rfc, nums, self.name)


def requirement(rfc, section, level, text, live=True, live_reason=None):
    """Register a test. live=False: the test has no live version (live_reason says why)."""
    def wrap(func):
        TESTS.append(Requirement(rfc, section, level, text, func, live=live, live_reason=live_reason))
        return func
    return wrap


def untested(rfc, section, level, text, reason):
    UNTESTED.append(Requirement(rfc, section, level, text, reason=reason))


def check(cond, message):
    if not cond:
        raise CheckFailed(message)


def near(a, b, tol):
    return a is not None and b is not None and abs(a - b) <= tol
