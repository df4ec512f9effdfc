#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Seed corpora of fuzz_core, fuzz_capture and fuzz_stats, from tests/fixtures.

    tests/fuzz/mkseeds.py        rewrite tests/fuzz/corpus/{core,capture,stats}
    tests/fuzz/mkseeds.py --check  exit 1 when a committed seed differs

Deterministic: the same fixtures give the same bytes.  The other corpora
(blob, kv, ...) are not touched.
"""
import os
import struct
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(TOP, "tests", "fixtures")
CORPUS = os.path.join(TOP, "tests", "fuzz", "corpus")
PAGE = 4096
PT_LOAD, PT_NOTE = 1, 4


def read(*path):
    with open(os.path.join(FIX, *path), "rb") as f:
        return f.read()


# ---- core: ELF64 cores ---------------------------------------------------

def elf(segs, entry=0, data_at=PAGE):
    """An ELF64 LE core: segs = [(type, paddr, bytes or (offset, size))].

    Segment bytes follow each other from data_at; (offset, size) places a
    segment without bytes of its own (outside the file, or over another's).
    """
    phoff, phnum = 64, len(segs)
    assert phoff + 56 * phnum <= data_at
    hdr = struct.pack("<16sHHIQQQIHHHHHH", b"\x7fELF\x02\x01\x01" + bytes(9), 4, 62, 1,
                      entry, phoff, 0, 0, 64, 56, phnum, 0, 0, 0)
    phdrs, body, off = b"", b"", data_at
    for typ, paddr, data in segs:
        if isinstance(data, tuple):
            o, size = data
        else:
            o, size = off, len(data)
            body += data
            off += size
        phdrs += struct.pack("<IIQQQQQQ", typ, 0, o, (0xffff888000000000 + paddr) % 2**64,
                             paddr, size, size, PAGE)
    out = hdr + phdrs
    return out + bytes(data_at - len(out)) + body


def core_seeds():
    dump = read("synthetic", "memmap", "dump.elf")
    luo = read("synthetic", "memmap", "sub_fdts", "LUO")
    (phoff,) = struct.unpack_from("<Q", dump, 32)
    _, _, off, _, paddr, size, _, _ = struct.unpack_from("<IIQQQQQQ", dump, phoff)
    mem = dump[off:off + size]
    (sessions,) = struct.unpack_from("<Q", luo, 16)	# struct luo_ser: sessions_pa
    luo_page = sessions - paddr
    return {
        # the synthetic --memmap fixture; e_entry = its LUO sessions block
        "memmap.elf": elf([(PT_LOAD, paddr, mem)], entry=sessions),
        # only the radix root page: its children are unreadable
        "root-page.elf": elf([(PT_LOAD, paddr, mem[:PAGE])]),
        # /proc/kcore's shape: a note, a segment without a physical address,
        # RAM out of order, kernel text over RAM again (the bytes of the
        # second RAM page: after the note, 64 bytes, the LUO page, a page)
        "kcore-layout.elf": elf([
            (PT_NOTE, 0, b"CORE\0\0\0\0" + bytes(24)),
            (PT_LOAD, 0xffffffffffffffff, bytes(64)),
            (PT_LOAD, sessions, mem[luo_page:luo_page + PAGE]),
            (PT_LOAD, paddr, mem[:2 * PAGE]),
            (PT_LOAD, paddr + PAGE, (PAGE + 32 + 64 + PAGE + PAGE, PAGE)),
        ], entry=sessions),
        # the dump's headers alone: the segment lies outside the file
        "headers-only.elf": dump[:phoff + 56],
    }


# ---- capture: container of files below D/kho -----------------------------

def record(name, data):
    n = name.encode()
    assert 0 < len(n) < 256 and len(data) < 65536, name
    return bytes([len(n)]) + n + struct.pack("<H", len(data)) + data


def pack_dir(prefix, *path):
    """Every file below tests/fixtures/PATH as PREFIX/relative-name records."""
    root, out = os.path.join(FIX, *path), b""
    if os.path.isfile(root):
        return record(prefix, read(*path))
    for d, dirs, files in os.walk(root, followlinks=True):
        dirs.sort()
        rel = os.path.relpath(d, root)
        if not files and not dirs:
            out += record(os.path.normpath(os.path.join(prefix, rel)) + "/", b"")
        for f in sorted(files):
            if f.endswith(".txt") or f == "README":
                continue
            name = os.path.normpath(os.path.join(prefix, rel, f))
            with open(os.path.join(d, f), "rb") as fh:
                out += record(name, fh.read())
    return out


def capture_seeds():
    return {
        # 6.12 after a KHO kexec: out and in with stats, timing, kho/scratch
        "6.12-stats-hop1": pack_dir("out", "6.12", "stats-hop1", "out") +
        pack_dir("in", "6.12", "stats-hop1", "in") +
        pack_dir("scratch", "6.12", "stats-hop1", "scratch"),
        # stock 7.2 kexec1: no stats; x = 7.2's truncated cold-boot fdt
        "7.2-kexec1": pack_dir("out", "7.2", "kexec1", "out") +
        pack_dir("in", "7.2", "kexec1", "in") + pack_dir("x", "7.2", "cold", "out", "fdt"),
        # 7.2 after 6.12, 6.12 after 7.2
        "6.12-hop1-72": pack_dir("out", "6.12", "hop1-72", "out") +
        pack_dir("in", "6.12", "hop1-72", "in") +
        pack_dir("x", "6.12", "hop2-612", "in"),
        # khoverify's "after": kho/in and kho/scratch, no kho/out
        "6.12-khoverify-after": pack_dir("in", "6.12", "khoverify", "after", "kho", "in") +
        pack_dir("scratch", "6.12", "khoverify", "after", "kho", "scratch"),
        # synthetic: a big-endian directory as x, an empty sub_fdts
        "synthetic-v4": pack_dir("out", "synthetic", "kho-v4-out") +
        pack_dir("in", "synthetic", "kho-v4-in") +
        pack_dir("x", "synthetic", "kho-v4-big-endian") + record("in/sub_fdts/", b""),
        # scratch_phys and scratch_len of different lengths, a bad fdt
        "malformed-dirs": pack_dir("out", "synthetic", "malformed", "dir-scratch-mismatch") +
        pack_dir("in", "synthetic", "malformed", "dir-bad-scratch") +
        pack_dir("x", "synthetic", "malformed", "dir-bad-fdt"),
    }


# ---- stats: kho/scratch \f scratch_phys \f scratch_len \f stats \f timing --

def stats_seeds():
    def parts(scratch, phys, length, stats, timing, side_in=False):
        """fuzz_stats reads an input of odd length as kho/in files."""
        data = b"\f".join([scratch, phys, length, stats, timing])
        return data + b"\n" * (len(data) % 2 != side_in)

    hop = ("6.12", "stats-hop1")
    scratch = read(*hop, "scratch")
    phys, length = read(*hop, "out", "scratch_phys"), read(*hop, "out", "scratch_len")
    after = ("6.12", "khoverify", "after", "kho")
    return {
        "6.12-out": parts(scratch, phys, length, read(*hop, "out", "stats"),
                          read(*hop, "out", "timing")),
        "6.12-in": parts(scratch, phys, length, read(*hop, "in", "stats"),
                         read(*hop, "in", "timing"), side_in=True),
        "6.12-khoverify-after": parts(read(*after, "scratch"), phys, length,
                                      read(*after, "in", "stats"),
                                      read(*after, "in", "timing"), side_in=True),
        # areas 2 while 3 are listed, and scratch_phys with a line less
        "areas-mismatch": parts(scratch.replace(b"areas 3\n", b"areas 2\n"),
                                b"\n".join(phys.split(b"\n")[:2]) + b"\n", length, b"", b""),
        # areas 5 while 3 are listed; scratch_phys/len agree (3) with each other
        "areas-more": parts(scratch.replace(b"areas 3\n", b"areas 5\n"), phys, length,
                            b"", b""),
    }


def main():
    check = sys.argv[1:] == ["--check"]
    differ = []
    for name, seeds in (("core", core_seeds()), ("capture", capture_seeds()),
                        ("stats", stats_seeds())):
        d = os.path.join(CORPUS, name)
        os.makedirs(d, exist_ok=True)
        for f, data in sorted(seeds.items()):
            p = os.path.join(d, f)
            old = open(p, "rb").read() if os.path.exists(p) else None
            if old != data:
                differ.append(os.path.relpath(p, TOP))
                if not check:
                    with open(p, "wb") as fh:
                        fh.write(data)
    if check and differ:
        print("mkseeds: differ from the fixtures: " + " ".join(differ))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
