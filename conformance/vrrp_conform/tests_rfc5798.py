# SPDX-License-Identifier: GPL-2.0-or-later
"""RFC 5798 (VRRPv3) requirements, one test each, by section.

Requirement texts are short quotes of RFC 5798; "..." marks omissions.
Scenarios use the node of harness.py (192.0.2.10 / fe80::10) and other
routers at lower (.5) and higher (.20) addresses.
"""

from . import packets
from .harness import HIGH4, HIGH6, LOW4, NODE4, NODE6, PEER_MACS, config
from .registry import check, near, requirement, untested

R = "RFC 5798"


def peer(src=HIGH4, **kw):
    """An advert of another router (v3 unless version= says otherwise)."""
    if "addrs" not in kw:
        kw["addrs"] = ["2001:db8::100"] if ":" in src else ["192.0.2.100"]
    return packets.advert(src=src, mac=PEER_MACS[src], **kw)


def every(start, stop, step, **kw):
    """Adverts of one router at start, start+step, ... < stop."""
    out, t = [], start
    while t < stop - 1e-9:
        out.append((round(t, 6), peer(**kw)))
        t += step
    return out


def mdi(priority, interval_s, version=3, adverts=3):
    """Master_Down_Interval, RFC 5798 6.1 (v3) / RFC 3768 6.1 (v2)."""
    skew = (256 - priority) * interval_s / 256 if version == 3 else (256 - priority) / 256
    return adverts * interval_s + skew


def intervals(times):
    return [round(b - a, 6) for a, b in zip(times, times[1:])]


def drop_reason(h, r, reason):
    """Offline, the node names why it dropped the packets."""
    if r.events is not None:
        check(reason in r.drops(), "expected drops for '%s', got %s" % (reason, sorted(set(r.drops()))))


def takes_over_at_mdi(h, r, priority=100, interval=1.0):
    """The node ignored every input: its first advert is at Startup + Master_Down_Interval."""
    t = r.first_advert_time()
    want = mdi(priority, interval)
    check(near(t, want, h.tol_abs), "first advert at %s, want %.6f (input ignored); %s" % (t, want, r.describe()))


# ---- 5.1 / 5.2: fields of the adverts the node sends (7.2 "Fill in the VRRP packet fields") ----

def _master_run(h, **kw):
    """The node as address owner (Master at once), adverts every 0.5 s for 2.2 s."""
    conf = dict(priority=255, adver_int=0.5)
    conf.update(kw)
    r = h.run(config(**conf), until=2.2)
    ads = r.out_adverts()
    check(len(ads) >= 4, "expected at least 4 adverts, got %d: %s" % (len(ads), r.describe()))
    return r, ads


def _all(ads, cond, what):
    bad = [f for f in ads if not cond(f)]
    check(not bad, "%d of %d adverts with %s: %s" % (len(bad), len(ads), what, bad[:3]))


@requirement(R, "5.1.1.1", "MUST", "Source Address: the primary IPv4 address of the interface the packet is being sent from")
def ipv4_source(h):
    r, ads = _master_run(h)
    _all(ads, lambda f: f.ip["src"] == NODE4, "source %s" % ads[0].ip["src"])


@requirement(R, "5.1.1.2", "MUST", "Destination Address: the IPv4 multicast address ... for VRRP is 224.0.0.18")
def ipv4_destination(h):
    r, ads = _master_run(h)
    _all(ads, lambda f: f.ip["dst"] == packets.GROUP4, "destination %s" % ads[0].ip["dst"])


@requirement(R, "5.1.1.3", "MUST", "The TTL MUST be set to 255")
def ipv4_ttl(h):
    r, ads = _master_run(h)
    _all(ads, lambda f: f.ip["ttl"] == 255, "TTL %s" % ads[0].ip["ttl"])


@requirement(R, "5.1.1.4", "MUST", "The IPv4 protocol number assigned by the IANA for VRRP is 112")
def ipv4_protocol(h):
    r, ads = _master_run(h)
    _all(ads, lambda f: f.ip["proto"] == 112, "protocol %s" % ads[0].ip["proto"])


@requirement(R, "5.1.2.1", "MUST", "Source Address: the IPv6 link-local address of the interface the packet is being sent from")
def ipv6_source(h):
    r, ads = _master_run(h, family=6)
    _all(ads, lambda f: f.ip["version"] == 6 and f.ip["src"] == NODE6, "source %s" % ads[0].ip["src"])


@requirement(R, "5.1.2.2", "MUST", "Destination Address: the IPv6 multicast address ... for VRRP is FF02:0:0:0:0:0:0:12")
def ipv6_destination(h):
    r, ads = _master_run(h, family=6)
    _all(ads, lambda f: f.ip["dst"] == packets.GROUP6, "destination %s" % ads[0].ip["dst"])


@requirement(R, "5.1.2.3", "MUST", "The Hop Limit MUST be set to 255")
def ipv6_hop_limit(h):
    r, ads = _master_run(h, family=6)
    _all(ads, lambda f: f.ip["ttl"] == 255, "hop limit %s" % ads[0].ip["ttl"])


@requirement(R, "5.1.2.4", "MUST", "The IPv6 Next Header protocol assigned by the IANA for VRRP is 112")
def ipv6_next_header(h):
    r, ads = _master_run(h, family=6)
    _all(ads, lambda f: f.ip["proto"] == 112, "next header %s" % ads[0].ip["proto"])


@requirement(R, "5.2.1", "MUST", "Version: ... This document defines version 3")
def version_field(h):
    r, ads = _master_run(h)
    _all(ads, lambda f: f.vrrp["version"] == 3, "version %s" % ads[0].vrrp["version"])


@requirement(R, "5.2.2", "MUST", "Type: the only packet type defined ... is 1 ADVERTISEMENT")
def type_field(h):
    r, ads = _master_run(h)
    _all(ads, lambda f: f.vrrp["type"] == 1, "type %s" % ads[0].vrrp["type"])


@requirement(R, "5.2.3", "MUST", "Virtual Rtr ID (VRID): identifies the virtual router this packet is reporting status for")
def vrid_field(h):
    r, ads = _master_run(h, vrid=77)
    _all(ads, lambda f: f.vrrp["vrid"] == 77, "VRID %s" % ads[0].vrrp["vrid"])


@requirement(R, "5.2.4", "MUST", "Priority ... VRRP routers backing up a virtual router MUST use priority values between 1-254")
def priority_field(h):
    r = h.run(config(priority=180, adver_int=0.5), until=3.5)
    ads = r.out_adverts()
    check(ads, "the node never became Master: %s" % r.describe())
    _all(ads, lambda f: f.priority == 180, "priority %s" % ads[0].priority)


@requirement(R, "5.2.5", "MUST", "Count IPvX Addr: the number of either IPv4 addresses or IPv6 addresses contained in this advertisement")
def count_field(h):
    vips = ["192.0.2.100", "192.0.2.101", "192.0.2.102"]
    r, ads = _master_run(h, vips=vips)
    _all(ads, lambda f: f.vrrp["count"] == 3, "count %s" % ads[0].vrrp["count"])


@requirement(R, "5.2.6", "MUST", "Rsvd: This field MUST be set to zero on transmission")
def rsvd_field(h):
    r, ads = _master_run(h)
    _all(ads, lambda f: f.vrrp["rsvd"] == 0, "rsvd %s" % ads[0].vrrp["rsvd"])


@requirement(R, "5.2.7", "MUST", "Maximum Advertisement Interval: a 12-bit field ... in centiseconds")
def max_adver_int_field(h):
    r, ads = _master_run(h, adver_int=0.5)
    _all(ads, lambda f: f.vrrp["adver_int_cs"] == 50, "max adver int %s cs" % ads[0].vrrp["adver_int_cs"])


@requirement(R, "5.2.8", "MUST", "Checksum: ... the entire VRRP message ... and a pseudo-header (IPv4)")
def checksum_ipv4(h):
    r, ads = _master_run(h)
    _all(ads, lambda f: f.vrrp.get("checksum_ok"), "a bad checksum")


@requirement(R, "5.2.8", "MUST", "Checksum: ... the entire VRRP message ... and a pseudo-header as defined in Section 8.1 of [RFC2460] (IPv6)")
def checksum_ipv6(h):
    r, ads = _master_run(h, family=6)
    _all(ads, lambda f: f.vrrp.get("checksum_ok"), "a bad checksum")


@requirement(R, "5.2.9", "MUST", "IPvX Address(es): one or more IPvX addresses associated with the virtual router")
def address_field(h):
    vips = ["192.0.2.100", "192.0.2.101"]
    r, ads = _master_run(h, vips=vips)
    _all(ads, lambda f: sorted(f.vrrp["addrs"]) == vips, "addresses %s" % ads[0].vrrp.get("addrs"))


# ---- 6.1 / 6.4.1: Startup ----

@requirement(R, "6.4.1", "MUST", "If the Priority = 255 ... Send an ADVERTISEMENT ... Transition to the {Master} state")
def owner_master_at_once(h):
    r = h.run(config(priority=255), until=1.5)
    t = r.first_advert_time()
    check(near(t, 0.0, h.tol_abs), "first advert at %s, want Startup (0): %s" % (t, r.describe()))
    check(r.out_adverts()[0].priority == 255, "owner advertises priority %s" % r.out_adverts()[0].priority)


@requirement(R, "6.4.1", "MUST", "For each IPv4 address associated with the virtual router, broadcast a gratuitous ARP request")
def owner_gratuitous_arp(h):
    vips = ["192.0.2.100", "192.0.2.101"]
    r = h.run(config(priority=255, vips=vips), until=1.0)
    t0 = r.first_advert_time()
    arps = [f for f in r.out("arp") if f.t <= (t0 or 0) + 0.5]
    targets = {f.pkt["ARP"].pdst for f in arps}
    check(targets >= set(vips), "gratuitous ARP for %s, want %s" % (sorted(targets), vips))
    for f in arps:
        a = f.pkt["ARP"]
        check(a.op == 1 and a.psrc == a.pdst and f.eth_dst == "ff:ff:ff:ff:ff:ff",
              "not a broadcast gratuitous ARP request: op %d %s -> %s to %s" % (a.op, a.psrc, a.pdst, f.eth_dst))


@requirement(R, "6.4.1", "MUST", "For each IPv6 address ... send an unsolicited ND Neighbor Advertisement with the Router Flag (R) set, the Solicited Flag (S) unset, the Override flag (O) set")
def owner_unsolicited_na(h):
    r = h.run(config(priority=255, family=6), until=1.0)
    nas = r.out("na")
    check(nas, "no Neighbor Advertisement sent: %s" % r.describe())
    na = nas[0].pkt["ICMPv6ND_NA"]
    check(na.tgt == "2001:db8::100", "NA target %s" % na.tgt)
    check((na.R, na.S, na.O) == (1, 0, 1), "NA flags R=%d S=%d O=%d, want R=1 S=0 O=1" % (na.R, na.S, na.O))


@requirement(R, "6.4.1", "MUST", "else ... Set the Master_Down_Timer to Master_Down_Interval ... Transition to the {Backup} state")
def startup_backup_waits_mdi(h):
    r = h.run(config(priority=100), until=5.0)
    takes_over_at_mdi(h, r)


@requirement(R, "7.2", "MUST", "A virtual router MUST only send VRRP Advertisements while in the Master state")
def backup_sends_nothing(h):
    r = h.run(config(priority=100), inputs=every(0.5, 8.0, 1.0, priority=200), until=8.0)
    check(not r.out_adverts(), "a Backup sent adverts: %s" % r.out_adverts()[:3])


# ---- 6.4.2 Backup ----

@requirement(R, "6.4.2", "MUST", "If the Master_Down_Timer fires ... Send an ADVERTISEMENT ... broadcast a gratuitous ARP request ... Transition to the {Master} state")
def master_down_timer_fires(h):
    inputs = every(0.5, 2.6, 1.0, priority=200)
    r = h.run(config(priority=100), inputs=inputs, until=7.0)
    want = inputs[-1][0] + mdi(100, 1.0)
    t = r.first_advert_time()
    check(near(t, want, h.tol_rel), "took over at %s, want last advert + Master_Down_Interval = %.6f" % (t, want))
    arps = [f for f in r.out("arp") if near(f.t, t, h.tol_rel + 0.05)]
    check(arps, "no gratuitous ARP on becoming Master")


@requirement(R, "6.1", "MUST", "Skew_Time: (((256 - priority) * Master_Adver_Interval) / 256); Master_Down_Interval: (3 * Master_Adver_Interval) + Skew_time")
def skew_time_by_priority(h):
    inputs = every(0.5, 2.1, 0.5, priority=250, adver_int_cs=50)
    r = h.run(config(priority=200, adver_int=0.5), inputs=inputs, until=5.0)
    want = inputs[-1][0] + mdi(200, 0.5)
    t = r.first_advert_time()
    check(near(t, want, h.tol_rel), "took over at %s, want %.6f (skew for priority 200, 50 cs)" % (t, want))


@requirement(R, "6.4.2", "MUST", "Set Master_Adver_Interval to Adver Interval contained in the ADVERTISEMENT ... Recompute the Master_Down_Interval")
def learns_master_adver_interval(h):
    inputs = every(0.5, 4.6, 2.0, priority=200, adver_int_cs=200)
    r = h.run(config(priority=100, adver_int=1.0), inputs=inputs, until=14.0)
    want = inputs[-1][0] + mdi(100, 2.0)
    t = r.first_advert_time()
    check(near(t, want, h.tol_rel), "took over at %s, want %.6f (Master_Adver_Interval 2 s learned)" % (t, want))


@requirement(R, "6.4.2", "MUST", "If the Priority in the ADVERTISEMENT is zero, then: Set the Master_Down_Timer to Skew_Time")
def backup_priority_zero_skew(h):
    inputs = every(0.5, 2.0, 1.0, priority=200) + [(2.2, peer(priority=0))]
    r = h.run(config(priority=100), inputs=inputs, until=5.0)
    want = 2.2 + (256 - 100) / 256.0
    t = r.first_advert_time()
    check(near(t, want, h.tol_rel), "took over at %s, want 2.2 + Skew_Time = %.6f" % (t, want))


@requirement(R, "6.4.2", "MUST", "If Preempt_Mode is False, or if the Priority in the ADVERTISEMENT is greater than or equal to the local Priority ... Reset the Master_Down_Timer")
def backup_nopreempt_accepts_lower(h):
    r = h.run(config(priority=150, nopreempt=True), inputs=every(0.5, 8.0, 1.0, priority=100), until=8.0)
    check(not r.out_adverts(), "with Preempt_Mode False a lower-priority Master was not accepted: %s" % r.describe())


@requirement(R, "6.4.2", "MUST", "Preempt_Mode True and a lower Priority: Discard the ADVERTISEMENT")
def backup_preempts_lower(h):
    r = h.run(config(priority=100), inputs=every(0.5, 6.0, 1.0, priority=50), until=6.0)
    takes_over_at_mdi(h, r)


@requirement(R, "6.4.2", "MUST", "If a Shutdown event is received, then: Cancel the Master_Down_Timer; Transition to the {Initialize} state")
def backup_shutdown(h):
    r = h.run(config(priority=100), until=6.0, shutdown_at=2.0)
    check(not r.out_adverts(), "a Backup that shut down at 2 s sent adverts: %s" % r.describe())


# ---- 6.4.3 Master ----

@requirement(R, "6.4.3", "MUST", "If the Adver_Timer fires, then: Send an ADVERTISEMENT; Reset the Adver_Timer to Advertisement_Interval")
def master_adver_interval(h):
    r = h.run(config(priority=255, adver_int=0.7), until=4.0)
    iv = intervals([f.t for f in r.out_adverts()])
    check(len(iv) >= 4, "too few adverts: %s" % r.describe())
    check(all(near(x, 0.7, h.tol_rel) for x in iv), "intervals %s, want 0.7 s each" % iv)


@requirement(R, "6.4.3", "MUST", "If a Shutdown event is received, then: Cancel the Adver_Timer; Send an ADVERTISEMENT with Priority = 0")
def master_shutdown_priority_zero(h):
    r = h.run(config(priority=255), until=4.0, shutdown_at=2.5)
    ads = r.out_adverts()
    check(ads and ads[-1].priority == 0, "last advert priority %s, want 0: %s" % (ads[-1].priority if ads else None, ads))
    check(ads[-1].t >= 2.5 - h.tol_abs, "priority 0 sent at %.6f, before the shutdown" % ads[-1].t)
    check(all(f.priority == 255 for f in ads[:-1]), "other adverts not at priority 255")


@requirement(R, "6.4.3", "MUST", "If the Priority in the ADVERTISEMENT is zero, then: Send an ADVERTISEMENT; Reset the Adver_Timer")
def master_priority_zero_answers(h):
    r = h.run(config(priority=100), inputs=[(5.0, peer(priority=0))], until=7.5)
    t1 = r.first_advert_time()
    check(t1 is not None and t1 < 4.5, "the node did not become Master: %s" % r.describe())
    ans = r.first_advert_time(after=5.0 - 1e-6)
    check(near(ans, 5.0, h.tol_rel), "answer at %s, want at once (5.0)" % ans)
    nxt = r.first_advert_time(after=ans + 1e-3) if ans is not None else None
    check(near(nxt, ans + 1.0, h.tol_rel), "next advert at %s, want the Adver_Timer reset to %.6f" % (nxt, (ans or 0) + 1.0))


@requirement(R, "6.4.3", "MUST", "If the Priority in the ADVERTISEMENT is greater than the local Priority ... Transition to the {Backup} state")
def master_preempted_by_higher(h):
    r = h.run(config(priority=100), inputs=every(5.0, 10.0, 1.0, priority=200), until=10.0)
    ads = r.out_adverts()
    check(ads and ads[0].t < 4.5, "the node did not become Master first: %s" % r.describe())
    late = [f for f in ads if f.t > 5.0 + h.tol_rel]
    check(not late, "still advertising after a higher priority appeared: %s" % late[:3])


@requirement(R, "6.4.3", "MUST", "... or the Priority in the ADVERTISEMENT is equal to the local Priority and the primary IPvX Address of the sender is greater than the local primary IPvX Address ... {Backup}")
def master_tie_higher_address_wins(h):
    r = h.run(config(priority=100), inputs=every(5.0, 10.0, 1.0, src=HIGH4, priority=100), until=10.0)
    late = [f for f in r.out_adverts() if f.t > 5.0 + h.tol_rel]
    check(r.out_adverts() and not late, "equal priority from a higher address did not take over: %s" % late[:3])


@requirement(R, "6.4.3", "MUST", "else (equal priority, lower sender address): Discard the ADVERTISEMENT (stay Master)")
def master_tie_lower_address_loses(h):
    r = h.run(config(priority=100), inputs=every(5.0, 10.0, 1.0, src=LOW4, priority=100), until=10.0)
    late = [f.t for f in r.out_adverts() if f.t > 6.0]
    check(len(late) >= 3, "stopped advertising on equal priority from a lower address: %s" % r.describe())


@requirement(R, "6.4.3", "MUST", "else (lower Priority): Discard the ADVERTISEMENT (strict mode: no extra advert)")
def master_discards_lower_strict(h):
    r = h.run(config(priority=100, strict=True), inputs=every(5.2, 9.0, 1.0, src=HIGH4, priority=50), until=9.0)
    ts = [f.t for f in r.out_adverts()]
    check(ts and near(ts[0], mdi(100, 1.0), h.tol_abs), "did not become Master at Master_Down_Interval: %s" % ts)
    iv = intervals(ts)
    check(iv and all(near(x, 1.0, h.tol_rel) for x in iv), "adverts not at the regular interval: %s" % iv)


# ---- 7.1 receive checks: an invalid advert from a higher-priority router must not hold the node in Backup ----

def _rx_check(h, reason, family=4, conf=None, **kw):
    src = HIGH6 if family == 6 else HIGH4
    r = h.run(conf or config(priority=100, family=family), inputs=every(0.5, 6.0, 1.0, src=src, **kw), until=6.0)
    takes_over_at_mdi(h, r)
    drop_reason(h, r, reason)


@requirement(R, "7.1", "MUST", "MUST verify that the IPv4 TTL ... is 255")
def rx_ttl_ipv4(h):
    _rx_check(h, "ttl", priority=200, ttl=254)


@requirement(R, "7.1", "MUST", "MUST verify that the ... IPv6 Hop Limit is 255")
def rx_hop_limit_ipv6(h):
    _rx_check(h, "ttl", family=6, priority=200, ttl=254)


@requirement(R, "7.1", "MUST", "MUST verify the VRRP version is 3")
def rx_version(h):
    _rx_check(h, "version", priority=200, version=2)


@requirement(R, "7.1", "MUST", "MUST verify that the received packet contains the complete VRRP packet (including fixed fields, and IPvX address(es))")
def rx_incomplete(h):
    _rx_check(h, "length", priority=200, addrs=["192.0.2.100", "192.0.2.101"], truncate=4)


@requirement(R, "7.1", "MUST", "MUST verify the VRRP checksum")
def rx_checksum(h):
    _rx_check(h, "checksum", priority=200, checksum=0x1234)


@requirement(R, "7.1", "MUST", "MUST verify that the VRID is configured on the receiving interface")
def rx_vrid(h):
    _rx_check(h, "vrid", priority=200, vrid=52)


@requirement(R, "7.1", "MUST", "MUST verify ... the local router is not the IPvX address owner (Priority = 255)")
def rx_owner_discards(h):
    # equal priority from a higher address would preempt a non-owner (6.4.3)
    r = h.run(config(priority=255), inputs=every(1.0, 6.0, 1.0, src=HIGH4, priority=255), until=6.0)
    late = [f.t for f in r.out_adverts() if f.t > 3.0]
    check(len(late) >= 2, "the owner stopped advertising: %s" % r.describe())
    drop_reason(h, r, "owner")


@requirement(R, "5.2.2", "MUST", "A packet with unknown type MUST be discarded")
def rx_unknown_type(h):
    _rx_check(h, "type", priority=200, type_=2)


@requirement(R, "7.1", "MAY", "MAY verify that \"Count IPvX Addrs\" and the list of IPvX Address(es) match ... (SHOULD log, still processed)")
def rx_addr_list_mismatch_v3(h):
    r = h.run(config(priority=100), inputs=every(0.5, 8.0, 1.0, priority=200, addrs=["192.0.2.199"]), until=8.0)
    check(not r.out_adverts(), "a v3 advert with another address list was dropped (node took over)")
    if r.events is not None:
        ends = [e for e in r.events if "end" in e]
        check(ends and ends[0]["addr_list_mismatch"] > 0, "mismatch not counted: %s" % ends)


# ---- 7.3 virtual router MAC ----

@requirement(R, "7.2", "MUST", "Set the source MAC address to Virtual Router MAC Address 00-00-5E-00-01-{VRID} (IPv4; use_vmac)")
def vmac_source_ipv4(h):
    r, ads = _master_run(h, use_vmac=True, vrid=51)
    _all(ads, lambda f: f.eth_src == "00:00:5e:00:01:33", "source MAC %s" % ads[0].eth_src)


@requirement(R, "7.3", "MUST", "IPv6 case: 00-00-5E-00-02-{VRID} (use_vmac)")
def vmac_source_ipv6(h):
    r, ads = _master_run(h, use_vmac=True, vrid=51, family=6)
    _all(ads, lambda f: f.eth_src == "00:00:5e:00:02:33", "source MAC %s" % ads[0].eth_src)


# ---- tshark reads the same output ----

@requirement(R, "5.2", "MUST", "Packet format: Wireshark's VRRP dissector finds no malformed field and agrees on the fields", live=True)
def tshark_agrees(h):
    r, ads = _master_run(h, vips=["192.0.2.100", "192.0.2.101"])
    check(r.tshark_bad == 0, "tshark: %d malformed frames / expert errors" % r.tshark_bad)
    check(r.tshark_prio == [f.priority for f in ads], "tshark vrrp.prio %s, ours %s" % (r.tshark_prio, [f.priority for f in ads]))
    agree = [packets.scapy_agrees(f) for f in ads]
    check(all(a is not False for a in agree), "scapy's VRRP layer reads other field values: %s" % agree)


# ---- requirements not tested, with the reason ----

_DATA = "data plane (the kernel forwards and answers for the VIPs); the suite observes VRRP, ARP and ND frames the node sends, not forwarding"
untested(R, "6.4.2", "MUST", "(Backup) MUST NOT respond to ARP requests for the IPv4 address(es) associated with the virtual router",
         "answered by the kernel, not the VRRP engine: vigil conform has no ARP stack; a live test needs an ARP probe (not written yet)")
untested(R, "6.4.2", "MUST", "(Backup) MUST NOT respond to ND Neighbor Solicitation messages for the IPv6 address(es)",
         "answered by the kernel; see the ARP row above")
untested(R, "6.4.2", "MUST", "(Backup) MUST NOT send ND Router Advertisement messages for the virtual router", "vigil never sends Router Advertisements (left to radvd): nothing to observe")
untested(R, "6.4.2", "MUST", "(Backup) MUST discard packets with a destination link-layer MAC address equal to the virtual router MAC address", _DATA)
untested(R, "6.4.2", "MUST", "(Backup) MUST NOT accept packets addressed to the IPvX address(es) associated with the virtual router", _DATA)
untested(R, "6.4.3", "MUST", "(Master) MUST respond to ARP requests for the IPv4 address(es) ... with the virtual router MAC", "answered by the kernel (VIP installed, macvlan with use_vmac); not a VRRP frame")
untested(R, "6.4.3", "MUST", "(Master) MUST respond to ND Neighbor Solicitation ... with the virtual router MAC", "answered by the kernel; see the ARP row above")
untested(R, "6.4.3", "MUST", "(Master) MUST send ND Router Advertisements for the virtual router", "keepalived and vigil leave Router Advertisements to radvd (documented deviation)")
untested(R, "6.4.3", "MUST", "(Master) MUST forward packets with a destination link-layer MAC address equal to the virtual router MAC address", _DATA)
untested(R, "6.4.3", "MUST", "(Master) MUST NOT accept packets addressed to the IPvX address(es) ... if it is not the IPvX address owner unless the Accept_Mode is True", _DATA + "; vigil emits the Accept_Mode flag with the VIPs (unit-tested in core/vrrp)")
untested(R, "7.2", "MUST", "Set the source MAC address to Virtual Router MAC Address (default configuration, no use_vmac)",
         "deliberate keepalived compatibility: without use_vmac (even under vrrp_strict, as keepalived 2.2.7) adverts leave from the interface MAC; conformant with use_vmac, tested above")
untested(R, "7.4", "MUST", "IPv6 routers running VRRP MUST create their Interface Identifiers in the normal manner (not from the virtual router MAC)",
         "address configuration belongs to the host, not the VRRP engine; offline the address is given")
