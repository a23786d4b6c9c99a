#!/usr/bin/env python3
"""Cross-check fwpolicy's Registry.pol files with PReg readers that fwpolicy did not write.

For every golden file core/tests/data/<case>/Registry.pol, every entry (key, value name,
type, size, data) is compared with core/tests/data/<case>/registry.json, which the Rust
golden test (core/tests/pol.rs) writes from registry::to_records for the same policy.

Readers:
  registrypol  the registrypol package (pinned in requirements.txt): registrypol.load().
  regpol       the regpol package (pinned): its command-line entry point, whose printed
               listing is parsed back.
  spec         a deliberately small structural decoder in this file, written from the
               MS-GPREG 2.2.1 grammar (header, then [key;value;type;size;data] records).

The two packages are third-party readers with known blind spots, detected per file and
reported as "skipped" rather than as failures of our writer:
  registrypol  finds records with the regular expression rb'\\[\\x00.*?\\]\\x00', so a
               record whose bytes contain 0x0A (regex '.' does not match a newline) or the
               pair 5D 00 (']') before its end is cut in the wrong place.
  regpol       splits key and value name at the first 3B 00 (';'), so a key or value name
               containing ';' is cut in the wrong place.
Every file must be checked by at least one of the two packages, and always by the spec
decoder. Exit status 0 when every reader that ran agrees with registry.json; the last line is
"N passed, N failed".

Usage: python3 tests/crosscheck/run.py [DATA_DIR]   (default: core/tests/data)
"""

import ast
import contextlib
import io
import json
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEADER = b"PReg\x01\x00\x00\x00"


def expected_entries(case_dir):
    with open(case_dir / "registry.json", encoding="utf-8") as f:
        raw = json.load(f)
    return [(e["key"], e["value"], e["type"], e["size"], e["data"]) for e in raw]


def record_bytes(entry):
    """The bytes MS-GPREG prescribes for one entry, '[' through ']'."""
    key, value, kind, size, data = entry
    semi = ";".encode("utf-16-le")
    return (
        "[".encode("utf-16-le")
        + (key + "\0").encode("utf-16-le")
        + semi
        + (value + "\0").encode("utf-16-le")
        + semi
        + struct.pack("<I", kind)
        + semi
        + struct.pack("<I", size)
        + semi
        + bytes.fromhex(data)
        + "]".encode("utf-16-le")
    )


# --- reader 1: registrypol --------------------------------------------------------------


def registrypol_blind_spot(entries):
    for e in entries:
        body = record_bytes(e)[:-2]
        if b"\n" in body or b"]\x00" in body:
            return "a record contains byte 0x0A or the pair 5D 00 before its end"
    return None


def read_registrypol(path):
    import registrypol

    with open(path, "rb") as f:
        policy = registrypol.load(f)
    return [(v.key, v.value, v.type, v.size, bytes(v.data).hex()) for v in policy.values]


# --- reader 2: regpol -------------------------------------------------------------------


def regpol_blind_spot(entries):
    for key, value, *_ in entries:
        if ";" in key or ";" in value:
            return "a key or value name contains ';'"
    return None


def read_regpol(path):
    from regpol import regpol as rp

    # The listing looks up a display name per type in a table that lacks REG_QWORD (11);
    # give unknown types a placeholder name. Parsing is untouched.
    class Names(dict):
        def __missing__(self, key):
            return "type-%d" % key

    rp.reg_types = Names(rp.reg_types)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rp.cli.callback(str(path), None)
    if err.getvalue():
        raise ValueError("regpol reported: " + err.getvalue().strip())
    entries = []
    lines = out.getvalue().split("\n")
    i = 0
    while i < len(lines):
        if lines[i] == "":
            i += 1
            continue
        key = lines[i]
        value = lines[i + 1].split("    value: ", 1)[1]
        kind = int(lines[i + 2].split("    type:  ", 1)[1].split(" ")[0])
        size = int(lines[i + 3].split("    size:  ", 1)[1])
        data = ast.literal_eval(lines[i + 4].split("    data:  ", 1)[1])
        entries.append((key, value, kind, size, data.hex()))
        i += 5
    return entries


# --- reader 3: minimal decoder from the MS-GPREG grammar ---------------------------------


def read_spec(path):
    data = Path(path).read_bytes()
    if data[:8] != HEADER:
        raise ValueError("header is %r, expected PReg version 1" % data[:8])
    pos, entries = 8, []

    def unit(at):
        if at + 2 > len(data):
            raise ValueError("file ends at byte %d" % at)
        return struct.unpack_from("<H", data, at)[0]

    def expect(ch):
        nonlocal pos
        if unit(pos) != ord(ch):
            raise ValueError("byte %d: expected %r" % (pos, ch))
        pos += 2

    def string():
        nonlocal pos
        start = pos
        while unit(pos) != 0:
            pos += 2
        text = data[start:pos].decode("utf-16-le")
        pos += 2
        return text + "\0"

    def dword():
        nonlocal pos
        if pos + 4 > len(data):
            raise ValueError("file ends at byte %d" % pos)
        (n,) = struct.unpack_from("<I", data, pos)
        pos += 4
        return n

    while pos < len(data):
        expect("[")
        key = string()
        expect(";")
        value = string()
        expect(";")
        kind = dword()
        expect(";")
        size = dword()
        expect(";")
        if pos + size > len(data):
            raise ValueError("byte %d: data runs past the end" % pos)
        payload = data[pos : pos + size]
        pos += size
        expect("]")
        entries.append((key, value, kind, size, payload.hex()))
    return entries


# --- comparison -------------------------------------------------------------------------


def compare(reader, got, expected):
    """Readers return key and value name with their terminating NUL, as stored."""
    problems = []
    want = [(k + "\0", v + "\0", t, s, d) for (k, v, t, s, d) in expected]
    if len(got) != len(want):
        problems.append("%s: %d entries, expected %d" % (reader, len(got), len(want)))
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            problems.append("%s: entry %d is %r, expected %r" % (reader, i, g, w))
    for i, (_, _, _, size, data) in enumerate(got):
        if size != len(data) // 2:
            problems.append("%s: entry %d size %d but %d data bytes" % (reader, i, size, len(data) // 2))
    return problems


def main():
    data_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "core" / "tests" / "data"
    files = sorted(data_dir.glob("*/Registry.pol"))
    if not files:
        print("no Registry.pol files under %s" % data_dir)
        print("0 passed, 1 failed")
        return 1
    passed = failed = 0
    for path in files:
        case_dir = path.parent
        expected = expected_entries(case_dir)
        problems, ran, skipped = [], [], []
        readers = [
            ("registrypol", read_registrypol, registrypol_blind_spot(expected)),
            ("regpol", read_regpol, regpol_blind_spot(expected)),
            ("spec", read_spec, None),
        ]
        for name, read, blind in readers:
            if blind:
                skipped.append("%s (%s)" % (name, blind))
                continue
            ran.append(name)
            try:
                problems += compare(name, read(path), expected)
            except Exception as e:  # a reader that fails to read is a disagreement
                problems.append("%s: could not read the file: %s" % (name, e))
        if not set(ran) & {"registrypol", "regpol"}:
            problems.append("no third-party reader could check this file")
        label = "%s (%d entries; checked by %s%s)" % (
            case_dir.name,
            len(expected),
            ", ".join(ran),
            "; skipped " + "; ".join(skipped) if skipped else "",
        )
        if problems:
            failed += 1
            print("FAIL " + label)
            for p in problems:
                print("     " + p)
        else:
            passed += 1
            print("ok   " + label)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
