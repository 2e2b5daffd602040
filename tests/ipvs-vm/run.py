# SPDX-License-Identifier: GPL-2.0-or-later
"""DOC: runs a test script inside a QEMU guest booted on Debian 12's kernel.

The development and CI kernel has no IPVS (CONFIG_IP_VS is off), so the
IPVS tests bring their own: Debian 12's linux-image (6.1, CONFIG_IP_VS=m and
every ip_vs_* scheduler as a module) under qemu-system-x86_64 -accel tcg,
with a small initramfs holding busybox, kmod, the kernel modules, ipvsadm,
iproute2, keepalived, vigild from the build tree and the test's files.

    run.py [--cache DIR] [--vigild PATH] [--keepalived] [--bin HOST[=GUEST]]
           [--env K=V] [--load MODULE] [--module NAME] [--timeout S]
           [--memory MB] [--smp N] [--append ARGS] [--accel A] [--keep]
           [--shell] [--skip-status N] TEST_SCRIPT [FILE[=GUEST]...]
    run.py --fetch [--cache DIR]

tests/ipvs-vm/README.md describes each option and the guest's layout.

The guest's /init mounts proc/sys/dev/run/tmp, loads the --load modules,
runs /test/TEST_SCRIPT (/bin/sh is dash, busybox gives the tools) from /test
with stdout and stderr on the guest's second serial port, prints the exit
status in a final marker and powers off.  The runner streams that port to
its stdout (so TAP passes through to meson), prints the timing as a TAP
comment and exits with the test's status.  The kernel console (ttyS0) goes
to console.log in the run's work directory; on a failure its tail is
printed as "# console: ..." lines.

The kernel is fetched once (apt-get download of the versioned package the
linux-image-amd64 metapackage depends on, unpacked with dpkg-deb, never
installed on the host) into the cache directory, which then also holds the
initramfs layers (rebuilt when an input binary, this file or the module
list changes).
After the first fetch nothing needs the network.

Exit status: the test's, 124 when the guest timed out (QEMU killed by its
pid), 125 when the guest did not reach the test, and the --skip-status
(77 by default; meson passes 0) after "1..0 # SKIP reason" when QEMU or the
kernel cannot be had.  See docs/lvs.md, "Testing on a real IPVS kernel".
"""
import argparse
import fcntl
import glob
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
META_PACKAGE = "linux-image-amd64"
# Shipped in the image (with their dependencies); any can be modprobe'd.
# ip_vs_ftp is left out on purpose (no FTP tests).
MODULES = [
    "ip_vs", "ip_vs_rr", "ip_vs_wrr", "ip_vs_lc", "ip_vs_wlc", "ip_vs_fo",
    "ip_vs_ovf", "ip_vs_lblc", "ip_vs_lblcr", "ip_vs_dh", "ip_vs_sh",
    "ip_vs_mh", "ip_vs_sed", "ip_vs_nq", "ip_vs_pe_sip",
    "veth", "dummy", "bridge", "macvlan", "ipvlan", "vrf",
    "ipip", "ip_gre", "gre", "fou", "fou6", "ip6_tunnel", "sit",
] + ["virtio_pci", "9pnet_virtio", "9p"]  # --share (loaded only then)
SHARE_MODULES = ["virtio_pci", "9pnet_virtio", "9p"]
# Binaries of the base image: (guest path, host candidates).  Their shared
# libraries (ldd) come along.
BASE_BINS = [
    ("/usr/bin/dash", ["/usr/bin/dash", "/bin/dash"]),
    ("/usr/sbin/ipvsadm", ["/usr/sbin/ipvsadm", "/sbin/ipvsadm"]),
    ("/usr/sbin/ip", ["/usr/sbin/ip", "/sbin/ip", "/bin/ip"]),
    ("/usr/bin/kmod", ["/usr/bin/kmod", "/bin/kmod"]),
]
# keepalived and its ~25 MB of libraries are a layer of their own, put in
# only with --keepalived: unpacking them costs every boot about 0.5 s.
KEEPALIVED = ("/usr/sbin/keepalived", ["/usr/sbin/keepalived"])
KMOD_LINKS = ["modprobe", "insmod", "rmmod", "lsmod", "modinfo", "depmod"]
# What is unpacked from the kernel package: the kernel and the module trees
# the list above and its dependencies reach.
UNPACK = ["./boot/vmlinuz-*", "./lib/modules/*/modules.builtin*", "./lib/modules/*/modules.order",
          "./lib/modules/*/kernel/net/*", "./lib/modules/*/kernel/drivers/net/*",
          "./lib/modules/*/kernel/lib/*", "./lib/modules/*/kernel/crypto/*",
          "./lib/modules/*/kernel/arch/*", "./lib/modules/*/kernel/fs/9p/*",
          "./lib/modules/*/kernel/fs/netfs/*", "./lib/modules/*/kernel/fs/fscache/*",
          "./lib/modules/*/kernel/drivers/virtio/*"]
LIBDIR = "/usr/lib/x86_64-linux-gnu"
BEGIN = "@@ipvs-vm begin"
EXIT_RE = re.compile(r"@@ipvs-vm exit (\d+)@@")
IMAGE_FORMAT = "4"  # bump when the layout of the base image changes
KERNEL_FORMAT = "4"  # bump when what the kernel cache holds changes


class Skip(Exception):
    """QEMU or the kernel cannot be had: the test is skipped, not failed."""


class Fail(Exception):
    """A setup error the user must fix (a missing tool, a bad argument)."""


def log(msg):
    print("# ipvs-vm: " + msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- kernel


def run_cmd(argv, **kw):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, **kw)


def kernel_package():
    """The versioned linux-image package the metapackage depends on."""
    r = run_cmd(["apt-cache", "depends", META_PACKAGE])
    for line in r.stdout.splitlines():
        m = re.match(r"\s*Depends:\s*(linux-image-\S+)", line)
        if m:
            return m.group(1)
    raise Skip("cannot resolve %s with apt-cache (run apt-get update, or pass "
               "--kernel-deb FILE): %s" % (META_PACKAGE, r.stderr.strip()[:200]))


def fetch_deb(kdir, deb_arg):
    """The kernel .deb: --kernel-deb, else one already in the cache, else
    apt-get download into the cache."""
    if deb_arg:
        if not os.path.isfile(deb_arg):
            raise Skip("no kernel package %s" % deb_arg)
        return os.path.abspath(deb_arg)
    debs = sorted(glob.glob(os.path.join(kdir, "linux-image-*.deb")))
    if debs:
        return debs[-1]
    if not shutil.which("apt-get"):
        raise Skip("no apt-get to fetch %s (pass --kernel-deb FILE)" % META_PACKAGE)
    for attempt in (1, 2):
        try:
            pkg = kernel_package()
            log("fetching %s (once, into %s)" % (pkg, kdir))
            r = run_cmd(["apt-get", "download", "-o", "APT::Sandbox::User=root", pkg], cwd=kdir)
            debs = sorted(glob.glob(os.path.join(kdir, "linux-image-*.deb")))
            if r.returncode != 0 or not debs:
                raise Skip("apt-get download %s failed: %s" % (pkg, r.stderr.strip()[-300:]))
            return debs[-1]
        except Skip:
            # Stale or missing package lists (a mirror drops superseded
            # versions): refresh them once when we may, then try again.
            if attempt == 2 or os.geteuid() != 0:
                raise
            log("refreshing the package lists (apt-get update) and trying again")
            run_cmd(["apt-get", "update", "-qq"])
    raise AssertionError("not reached")


def extract_kernel(kdir, deb, modules):
    """Unpacks the .deb (UNPACK) into a temporary tree, keeps vmlinuz and the closure
    of `modules`, and writes their modules.dep.  Returns the kernel dir."""
    if not shutil.which("dpkg-deb"):
        raise Skip("no dpkg-deb to unpack %s" % deb)
    tmp = tempfile.mkdtemp(prefix="unpack-", dir=kdir)
    try:
        # dpkg-deb -x of only the parts the module list can reach: a third
        # of the 400 MB, and depmod then takes 1 s instead of 4.
        r = run_cmd(["sh", "-c", 'deb=$1 dir=$2; shift 2; '
                     'dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir" --wildcards "$@"',
                     "sh", deb, tmp] + UNPACK)
        if r.returncode != 0:
            raise Skip("unpacking %s failed: %s" % (deb, r.stderr.strip()[:300]))
        vers = os.listdir(os.path.join(tmp, "lib/modules"))
        vmlinuz = glob.glob(os.path.join(tmp, "boot/vmlinuz-*"))
        if len(vers) != 1 or len(vmlinuz) != 1:
            raise Skip("unexpected layout in %s" % deb)
        kver = vers[0]
        depmod = shutil.which("depmod") or "/usr/sbin/depmod"
        modprobe = shutil.which("modprobe") or "/usr/sbin/modprobe"
        if not os.path.exists(depmod):
            raise Fail("no depmod on the host: install kmod (scripts/setup)")
        r = run_cmd([depmod, "-b", tmp, kver])
        if r.returncode != 0:
            raise Skip("depmod on %s failed: %s" % (deb, r.stderr.strip()[:300]))
        files = set()
        for mod in modules:
            r = run_cmd([modprobe, "-d", tmp, "-S", kver, "--show-depends", mod])
            if r.returncode != 0:
                log("kernel %s has no module %s: %s" % (kver, mod, r.stderr.strip()))
                continue
            for line in r.stdout.splitlines():
                w = line.split()
                if len(w) >= 2 and w[0] == "insmod":
                    files.add(os.path.relpath(w[1], tmp))
        out = os.path.join(kdir, kver)
        shutil.rmtree(out, ignore_errors=True)
        for rel in sorted(files):
            dst = os.path.join(out, "root", rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(os.path.join(tmp, rel), dst)
        mdir = os.path.join("lib/modules", kver)
        for f in ("modules.builtin", "modules.builtin.modinfo", "modules.order"):
            if os.path.exists(os.path.join(tmp, mdir, f)):
                shutil.copy2(os.path.join(tmp, mdir, f), os.path.join(out, "root", mdir, f))
        r = run_cmd([depmod, "-b", os.path.join(out, "root"), kver])
        if r.returncode != 0:
            raise Fail("depmod of the module subset failed: %s" % r.stderr.strip()[:300])
        shutil.copy2(vmlinuz[0], os.path.join(out, "vmlinuz"))
        unpack_vmlinux(os.path.join(out, "vmlinuz"), os.path.join(out, "vmlinux"))
        return out, kver
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def unpack_vmlinux(bzimage, out):
    """The uncompressed ELF kernel inside an xz-compressed bzImage.  QEMU
    boots it through its PVH entry (CONFIG_PVH=y in Debian's kernel), which
    saves the guest the decompression: about 6 s under TCG."""
    import lzma
    with open(bzimage, "rb") as f:
        data = f.read()
    at = data.find(b"\xfd7zXZ\x00")
    if at < 0:
        log("no xz payload in %s: booting the bzImage" % bzimage)
        return
    try:
        elf = lzma.LZMADecompressor().decompress(data[at:])
    except lzma.LZMAError as e:
        log("cannot unpack the kernel (%s): booting the bzImage" % e)
        return
    if elf[:4] != b"\x7fELF" or b"Xen\x00" not in elf:
        log("the kernel payload is not an ELF with a PVH note: booting the bzImage")
        return
    with open(out + ".tmp", "wb") as f:
        f.write(elf)
    os.rename(out + ".tmp", out)


def ensure_kernel(cache, deb_arg, modules):
    """vmlinuz, the module tree and the kernel version, fetched once."""
    kdir = os.path.join(cache, "kernel")
    os.makedirs(kdir, exist_ok=True)
    want = hashlib.sha256(("\n".join([KERNEL_FORMAT, deb_arg or ""] + sorted(modules))).encode()).hexdigest()
    stamp = os.path.join(kdir, "current")
    if os.path.exists(stamp):
        with open(stamp) as f:
            w = f.read().split()
        if len(w) == 2 and w[1] == want and os.path.exists(os.path.join(kdir, w[0], "vmlinuz")):
            return os.path.join(kdir, w[0]), w[0]
    deb = fetch_deb(kdir, deb_arg)
    t0 = time.monotonic()
    out, kver = extract_kernel(kdir, deb, modules)
    with open(stamp, "w") as f:
        f.write("%s %s\n" % (kver, want))
    log("kernel %s unpacked in %.1f s" % (kver, time.monotonic() - t0))
    return out, kver


# ---------------------------------------------------------------- image


class Image:
    """The files of an initramfs, keyed by guest path, written as a newc cpio
    (no cpio tool, no root needed: owners and device nodes are written as
    they should be in the guest)."""

    def __init__(self):
        self.entries = {}  # guest path -> (mode, data bytes | host path | None, rdev)

    def dir(self, path, mode=0o755):
        path = "/" + path.strip("/")
        parent = os.path.dirname(path)
        if parent != "/" and parent not in self.entries:
            self.dir(parent)
        if path not in self.entries:
            self.entries[path] = (0o040000 | mode, None, (0, 0))

    def _parent(self, path):
        parent = os.path.dirname(path)
        if parent != "/":
            self.dir(parent)

    def data(self, path, data, mode=0o644):
        self._parent(path)
        self.entries[path] = (0o100000 | mode, data if isinstance(data, bytes) else data.encode(), (0, 0))

    def file(self, path, host, mode=None):
        self._parent(path)
        st = os.stat(host)
        self.entries[path] = (0o100000 | (mode if mode is not None else st.st_mode & 0o7777), host, (0, 0))

    def tree(self, path, host):
        """A host directory, recursively (symlinks are followed)."""
        self.dir(path)
        for name in sorted(os.listdir(host)):
            h = os.path.join(host, name)
            g = path.rstrip("/") + "/" + name
            if os.path.isdir(h):
                self.tree(g, h)
            else:
                self.file(g, h)

    def symlink(self, path, target):
        self._parent(path)
        self.entries[path] = (0o120777, target.encode(), (0, 0))

    def chardev(self, path, major, minor, mode=0o600):
        self._parent(path)
        self.entries[path] = (0o020000 | mode, b"", (major, minor))

    def elf(self, path, host):
        """A binary and the shared libraries ldd lists for it."""
        self.file(path, host, 0o755)
        for lib in ldd(host):
            if os.path.basename(lib).startswith("ld-linux"):
                self.file("/usr/lib64/" + os.path.basename(lib), os.path.realpath(lib), 0o755)
            else:
                self.file(LIBDIR + "/" + os.path.basename(lib), os.path.realpath(lib), 0o644)

    def write(self, out, ino0):
        ino = ino0
        for path in sorted(self.entries):
            mode, src, rdev = self.entries[path]
            if src is None:
                data = b""
            elif isinstance(src, bytes):
                data = src
            else:
                with open(src, "rb") as f:
                    data = f.read()
            cpio_entry(out, path.lstrip("/"), mode, data, ino, rdev)
            ino += 1
        cpio_entry(out, "TRAILER!!!", 0, b"", 0, (0, 0))
        pad = (-out.tell()) % 512
        out.write(b"\0" * pad)


def cpio_entry(out, name, mode, data, ino, rdev):
    nameb = name.encode() + b"\0"
    nlink = 2 if mode & 0o170000 == 0o040000 else 1
    hdr = "070701" + "".join("%08X" % v for v in (
        ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rdev[0], rdev[1], len(nameb), 0))
    out.write(hdr.encode() + nameb)
    out.write(b"\0" * ((-(110 + len(nameb))) % 4))
    out.write(data)
    out.write(b"\0" * ((-len(data)) % 4))


def ldd(path):
    r = run_cmd(["ldd", path])
    libs = []
    if r.returncode != 0:
        if "not a dynamic executable" in r.stderr + r.stdout or "statically linked" in r.stdout:
            return libs
        raise Fail("ldd %s failed: %s" % (path, r.stderr.strip()))
    for line in r.stdout.splitlines():
        m = re.match(r"\s*(\S+)\s+=>\s+(/\S+)", line) or re.match(r"\s*(/\S+)\s+\(", line)
        if m:
            libs.append(m.group(m.lastindex))
        elif "=> not found" in line:
            raise Fail("ldd %s: %s" % (path, line.strip()))
    return libs


def find_host(cands, what):
    for c in cands:
        if os.path.exists(c):
            return c
    raise Fail("no %s on the host (%s): run scripts/setup" % (what, " or ".join(cands)))


def keepalived_image():
    img = Image()
    img.elf(KEEPALIVED[0], find_host(KEEPALIVED[1], "keepalived"))
    return img


def base_image(kdir, kver):
    img = Image()
    for d in ("proc", "sys", "dev", "run", "tmp", "test", "etc", "root", "usr/bin",
              "usr/sbin", "usr/lib64", LIBDIR.lstrip("/"), "var"):
        img.dir(d)
    for link, target in (("bin", "usr/bin"), ("sbin", "usr/sbin"), ("lib", "usr/lib"),
                         ("lib64", "usr/lib64"), ("var/run", "/run"), ("var/tmp", "/tmp")):
        img.symlink("/" + link, target)
    img.chardev("/dev/console", 5, 1)
    img.chardev("/dev/null", 1, 3, 0o666)
    busybox = find_host(["/usr/bin/busybox", "/bin/busybox"], "busybox (busybox-static)")
    img.elf("/usr/bin/busybox", busybox)
    # /bin/sh is dash, as on Debian: busybox's ash (built with SH_STANDALONE)
    # would run its own `ip` and `modprobe` applets before iproute2 and kmod.
    img.symlink("/usr/bin/sh", "dash")
    own = set(os.path.basename(g) for g, _ in BASE_BINS) | set(KMOD_LINKS) | {"sh"}
    applets = run_cmd([busybox, "--list"]).stdout.split()
    if "sh" not in applets:
        raise Fail("%s has no sh applet" % busybox)
    for a in applets:
        if a not in own and a != "busybox":
            img.symlink("/usr/bin/" + a, "busybox")
    for guest, cands in BASE_BINS:
        img.elf(guest, find_host(cands, os.path.basename(guest)))
    for a in KMOD_LINKS:
        img.symlink("/usr/sbin/" + a, "../bin/kmod")
    img.tree("/usr/lib/modules/" + kver, os.path.join(kdir, "root/lib/modules", kver))
    img.data("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n")
    img.data("/etc/group", "root:x:0:\nnogroup:x:65534:\n")
    img.data("/etc/hosts", "127.0.0.1 localhost\n::1 localhost\n")
    img.data("/etc/nsswitch.conf", "passwd: files\ngroup: files\nhosts: files\n")
    img.dir("/etc/keepalived")
    img.dir("/run/netns")
    img.file("/init", os.path.join(HERE, "init.sh"), 0o755)
    return img


def layer_key(inputs, kver):
    """Names a cached layer without building it (ldd and the tree walk cost
    about a second): this file, the kernel, and the size and mtime of each
    input and of the host's library directories (apt replaces a library by
    a rename, which changes its directory's mtime)."""
    h = hashlib.sha256((IMAGE_FORMAT + kver).encode())
    with open(os.path.abspath(__file__), "rb") as f:
        h.update(f.read())
    for p in list(inputs) + [os.path.realpath("/lib/x86_64-linux-gnu"), "/usr/lib/x86_64-linux-gnu"]:
        try:
            st = os.stat(p)
            h.update(("%s %d %d\n" % (p, st.st_size, st.st_mtime_ns)).encode())
        except OSError:
            h.update(("%s -\n" % p).encode())
    return h.hexdigest()[:16]


def ensure_layer(cache, name, build, inputs, kver, ino0):
    """A cached cpio of the image build() returns, rebuilt when layer_key
    changes."""
    path = os.path.join(cache, "%s-%s.cpio" % (name, layer_key(inputs, kver)))
    if not os.path.exists(path):
        img = build()
        t0 = time.monotonic()
        for old in glob.glob(os.path.join(cache, "%s-*.cpio" % name)):
            os.unlink(old)
        with open(path + ".tmp", "wb") as out:
            img.write(out, ino0)
        os.rename(path + ".tmp", path)
        log("initramfs %s layer built in %.1f s (%.1f MB)" % (
            name, time.monotonic() - t0, os.path.getsize(path) / 1e6))
    return path


def payload_image(args, kver):
    img = Image()
    name = os.path.basename(args.script)
    img.file("/test/" + name, args.script, 0o755)
    img.file("/test/tap.sh", os.path.join(HERE, "tap.sh"), 0o644)
    img.file("/test/compare.sh", os.path.join(HERE, "compare.sh"), 0o644)
    for spec in args.files:
        host, _, guest = spec.partition("=")
        if not os.path.exists(host):
            raise Fail("no file %s" % host)
        guest = guest or "/test/" + os.path.basename(host.rstrip("/"))
        if os.path.isdir(host):
            img.tree(guest, host)
        else:
            img.file(guest, host)
    env = {"VM_TEST": name, "VM_KVER": kver,
           "VM_LOAD": " ".join(args.load + (SHARE_MODULES if args.share else [])),
           "VM_SHARE": "/host" if args.share else "", "VM_SHELL": "1" if args.shell else ""}
    if args.vigild:
        if not os.path.exists(args.vigild):
            raise Fail("no vigild at %s (build first: ninja -C build)" % args.vigild)
        img.elf("/usr/sbin/vigild", args.vigild)
        env["VIGILD"] = "/usr/sbin/vigild"
    for spec in args.bins:
        host, _, guest = spec.partition("=")
        if not os.path.isfile(host):
            raise Fail("no binary %s (--bin; build it first: ninja -C build)" % host)
        img.elf(guest or "/usr/bin/" + os.path.basename(host), host)
    for spec in args.env:
        k, eq, v = spec.partition("=")
        if not eq or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", k):
            raise Fail("--env wants NAME=VALUE, not %r" % spec)
        env[k] = v
    img.data("/test/.vmenv", "".join("export %s='%s'\n" % (k, v.replace("'", "'\\''"))
                                     for k, v in sorted(env.items())))
    return img


# ---------------------------------------------------------------- boot


def qemu_argv(args, kdir, initrd, console_log):
    # cryptomgr.notests: the crypto self-tests cost about 0.5 s under TCG.
    cmdline = ("console=ttyS0 quiet loglevel=4 panic=-1 rdinit=/init "
               "mitigations=off nokaslr tsc=reliable no_timer_check i8042.noaux "
               "random.trust_cpu=on cryptomgr.notests " + args.append)
    kernel = os.path.join(kdir, "vmlinux")
    if not os.path.exists(kernel):
        kernel = os.path.join(kdir, "vmlinuz")
    return [args.qemu, "-accel", args.accel, "-cpu", "max", "-machine", "pc",
            "-m", str(args.memory), "-smp", str(args.smp),
            "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
            "-kernel", kernel, "-initrd", initrd,
            "-append", cmdline,
            "-serial", "file:" + console_log,  # ttyS0: the kernel console
            "-serial", "stdio"] + (             # ttyS1: the test's output
                ["-virtfs", "local,path=%s,mount_tag=host,security_model=none,id=host"
                 % args.share] if args.share else [])


def console_tail(path, n=30):
    try:
        with open(path, errors="replace") as f:
            lines = f.read().replace("\r", "").splitlines()
    except OSError:
        return
    for line in lines[-n:]:
        print("# console: " + line, flush=True)


def boot(args, kdir, initrd, work):
    console_log = os.path.join(work, "console.log")
    argv = qemu_argv(args, kdir, initrd, console_log)
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    timed_out = []

    def kill():
        timed_out.append(True)
        proc.kill()  # by its pid: this QEMU only

    timer = threading.Timer(args.timeout, kill)
    timer.start()
    t_begin = t_end = None
    status = None
    guest_boot = ""
    try:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # meson's timeout
        for raw in proc.stdout:
            line = raw.decode(errors="replace").rstrip("\r\n").replace("\r", "")
            if t_begin is None and BEGIN in line:
                t_begin = time.monotonic()
                guest_boot = line.split(BEGIN, 1)[1].strip(" @")
                continue
            m = EXIT_RE.search(line)
            if m:
                t_end = time.monotonic()
                status = int(m.group(1))
                pre = line[:m.start()]
                if pre:
                    print(pre, flush=True)
                continue
            if t_begin is not None and status is None:
                print(line, flush=True)
        proc.wait()
    finally:
        timer.cancel()
        if proc.poll() is None:
            proc.kill()  # never leave this QEMU behind
            proc.wait()
    t_exit = time.monotonic()
    err = proc.stderr.read().decode(errors="replace").strip()
    if err:
        for line in err.splitlines():
            print("# qemu: " + line, flush=True)
    timing = "boot to test %s s%s, test %s s, total %.1f s (kernel %s, TCG, %d MB, %d cpu)" % (
        "%.1f" % (t_begin - t0) if t_begin else "-",
        " (guest uptime %s)" % guest_boot if guest_boot else "",
        "%.1f" % (t_end - t_begin) if t_end and t_begin else "-",
        t_exit - t0, args.kver, args.memory, args.smp)
    if timed_out:
        print("# ipvs-vm: timeout after %d s, QEMU (pid %d) killed; %s" % (
            args.timeout, proc.pid, timing), flush=True)
        console_tail(console_log)
        return 124
    if status is None:
        print("# ipvs-vm: the guest stopped before the test's exit marker "
              "(QEMU status %d); %s" % (proc.returncode, timing), flush=True)
        console_tail(console_log)
        return 125
    print("# ipvs-vm: " + timing, flush=True)
    if status != 0:
        print("# ipvs-vm: the test exited with status %d" % status, flush=True)
        console_tail(console_log, 15)
    return status


def shell(args, kdir, initrd, work):
    """--shell: the kernel console and a root shell on this terminal after
    the test (its output in test.log); no timeout.  Ctrl-A X quits QEMU."""
    argv = qemu_argv(args, kdir, initrd, os.path.join(work, "console.log"))
    at = argv.index("file:" + os.path.join(work, "console.log")) - 1
    argv[at:at + 4] = ["-serial", "mon:stdio", "-serial", "file:" + os.path.join(work, "test.log")]
    print("# ipvs-vm: the test's output goes to %s; a shell follows (poweroff -f, "
          "or Ctrl-A X)" % os.path.join(work, "test.log"), flush=True)
    return subprocess.call(argv)


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Boot Debian 12's kernel (IPVS as modules) under QEMU TCG with a small "
                    "initramfs and run TEST_SCRIPT in it; exits with the script's status.")
    p.add_argument("script", metavar="TEST_SCRIPT", nargs="?",
                   help="run as /test/NAME in the guest")
    p.add_argument("files", metavar="FILE[=GUEST]", nargs="*",
                   help="host files or directories put into /test/ (or at GUEST)")
    p.add_argument("--cache", default=os.environ.get("VIGIL_VM_CACHE",
                                                     os.path.join(ROOT, "build", "ipvs-vm-cache")),
                   help="kernel and initramfs cache (default $VIGIL_VM_CACHE, else "
                        "build/ipvs-vm-cache of the source tree)")
    p.add_argument("--vigild", default=os.path.join(ROOT, "build", "backends", "linux", "vigild"),
                   help="vigild put at /usr/sbin/vigild ('' for none)")
    p.add_argument("--bin", dest="bins", action="append", default=[], metavar="HOST[=GUEST]",
                   help="another host binary, with its shared libraries (default /usr/bin/NAME)")
    p.add_argument("--share", metavar="HOSTDIR",
                   help="mount HOSTDIR read-write at /host in the guest (virtio 9p; for files "
                        "larger than the serial line carries, ~100 KB/s)")
    p.add_argument("--keepalived", action="store_true",
                   help="put keepalived (and its libraries) at /usr/sbin/keepalived")
    p.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                   help="exported to the test script")
    p.add_argument("--load", action="append", default=[], metavar="MODULE",
                   help="modprobe'd by /init before the test (repeatable)")
    p.add_argument("--module", dest="extra_modules", action="append", default=[],
                   help="another kernel module to ship in the image")
    p.add_argument("--kernel-deb", default=os.environ.get("VIGIL_VM_KERNEL_DEB"),
                   help="use this linux-image .deb instead of apt-get download")
    p.add_argument("--qemu", default="qemu-system-x86_64")
    p.add_argument("--accel", default="tcg", help="QEMU accelerator (tcg; kvm where it works)")
    p.add_argument("--shell", action="store_true",
                   help="interactive: after the test, a root shell on the console (implies --keep)")
    p.add_argument("--append", default="", metavar="ARGS",
                   help="more kernel command line (e.g. 'loglevel=7' to see the boot in console.log)")
    p.add_argument("--timeout", type=int, default=300, help="seconds until QEMU is killed")
    p.add_argument("--memory", type=int, default=512, help="guest memory, MB")
    p.add_argument("--smp", type=int, default=1)
    p.add_argument("--fetch", action="store_true",
                   help="only fetch the kernel and build the cached layers (scripts/setup), no boot")
    p.add_argument("--keep", action="store_true",
                   help="keep the run's work directory (initramfs, console.log)")
    p.add_argument("--skip-status", type=int, default=77)
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    args.cache = os.path.abspath(args.cache)
    args.keep = args.keep or args.shell
    if args.share:
        if not os.path.isdir(args.share):
            print("Bail out! ipvs-vm: --share %s is not a directory" % args.share, flush=True)
            return 2
        args.share = os.path.abspath(args.share)
    if args.vigild and not os.path.exists(args.vigild):
        args.vigild = ""
        log("no vigild in the build tree: the guest has none")
    try:
        q = shutil.which(args.qemu)
        if not q:
            raise Skip("no %s (Debian: qemu-system-x86; scripts/setup installs it)" % args.qemu)
        args.qemu = q
        if not args.fetch and not (args.script and os.path.isfile(args.script)):
            raise Fail("no test script %s" % args.script)
        os.makedirs(args.cache, exist_ok=True)
        with open(os.path.join(args.cache, "lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one fetch/build at a time
            kdir, args.kver = ensure_kernel(args.cache, args.kernel_deb,
                                            MODULES + args.extra_modules)
            base_inputs = [c for _, cands in BASE_BINS for c in cands] + [
                "/usr/bin/busybox", "/bin/busybox", os.path.join(HERE, "init.sh"),
                os.path.join(args.cache, "kernel", "current")]
            layers = [ensure_layer(args.cache, "base", lambda: base_image(kdir, args.kver),
                                   base_inputs, args.kver, 1)]
            if args.keepalived or args.fetch:
                layers.append(ensure_layer(args.cache, "keepalived", keepalived_image,
                                           KEEPALIVED[1], args.kver, 500000))
        if args.fetch:
            log("kernel %s and the initramfs layers are in %s" % (args.kver, args.cache))
            return 0
        runs = os.path.join(args.cache, "runs")
        os.makedirs(runs, exist_ok=True)
        work = tempfile.mkdtemp(prefix="run-", dir=runs)
        try:
            initrd = os.path.join(work, "initrd.cpio")
            with open(initrd, "wb") as out:
                for layer in layers:
                    with open(layer, "rb") as b:
                        shutil.copyfileobj(b, out)
                payload_image(args, args.kver).write(out, 1000000)
            rc = shell(args, kdir, initrd, work) if args.shell else boot(args, kdir, initrd, work)
        finally:
            if args.keep:
                print("# ipvs-vm: work directory kept: %s" % work, flush=True)
            else:
                shutil.rmtree(work, ignore_errors=True)
        return rc
    except Skip as e:
        print("1..0 # SKIP %s" % e, flush=True)
        return args.skip_status
    except Fail as e:
        print("Bail out! ipvs-vm: %s" % e, flush=True)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
