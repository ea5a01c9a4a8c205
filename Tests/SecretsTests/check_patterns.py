#!/usr/bin/env python3
"""Checks Patterns/*.toml against the same PCRE2 library the engine links (libpcre2-8).

A quick, dependency-free cross-check while the Swift engine is being written; the Swift
SecretsTests are authoritative. For every pattern it verifies the schema, compiles the regex,
and replays each example the way the engine will: keyword prefilter, line-by-line (or
whole-text when multiline), secret group, entropy floor, allowlist. The engine's placeholder
filter is only approximated here, so a non-match that *relies* on it is reported as a warning:
patterns should reject their own non-matches wherever they can.

Usage: check_patterns.py [--corpus DIR ...]   (corpus: scan files, print hits, time each regex)
"""
import ctypes, math, os, re, sys, time, tomllib, glob

LIB = ctypes.CDLL("libpcre2-8.so.0")
LIB.pcre2_compile_8.restype = ctypes.c_void_p
LIB.pcre2_compile_8.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint32,
                                ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_size_t), ctypes.c_void_p]
LIB.pcre2_match_data_create_from_pattern_8.restype = ctypes.c_void_p
LIB.pcre2_match_data_create_from_pattern_8.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
LIB.pcre2_match_8.restype = ctypes.c_int
LIB.pcre2_match_8.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_size_t,
                              ctypes.c_uint32, ctypes.c_void_p, ctypes.c_void_p]
LIB.pcre2_get_ovector_pointer_8.restype = ctypes.POINTER(ctypes.c_size_t)
LIB.pcre2_get_ovector_pointer_8.argtypes = [ctypes.c_void_p]
LIB.pcre2_get_error_message_8.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t]
LIB.pcre2_pattern_info_8.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_void_p]
LIB.pcre2_jit_compile_8.argtypes = [ctypes.c_void_p, ctypes.c_uint32]

PCRE2_UTF = 0x00080000
PCRE2_MATCH_INVALID_UTF = 0x04000000
PCRE2_INFO_CAPTURECOUNT = 4
UNSET = ctypes.c_size_t(-1).value

ALLOWED = {"id", "description", "regex", "secretGroup", "keywords", "entropy", "paths", "severity",
           "multiline", "placeholders", "allowlist", "matches", "nonMatches"}
SEVERITIES = {"low", "medium", "high", "critical"}


class Regex:
    def __init__(self, source, options=0):
        err, off = ctypes.c_int(), ctypes.c_size_t()
        b = source.encode()
        self.code = LIB.pcre2_compile_8(b, len(b), options, ctypes.byref(err), ctypes.byref(off), None)
        if not self.code:
            buf = ctypes.create_string_buffer(256)
            LIB.pcre2_get_error_message_8(err.value, buf, 256)
            raise ValueError(f"{buf.value.decode()} at offset {off.value}")
        LIB.pcre2_jit_compile_8(self.code, 1)
        n = ctypes.c_uint32()
        LIB.pcre2_pattern_info_8(self.code, PCRE2_INFO_CAPTURECOUNT, ctypes.byref(n))
        self.groups = n.value
        self.md = LIB.pcre2_match_data_create_from_pattern_8(self.code, None)

    def finditer(self, data: bytes):
        start = 0
        while start <= len(data):
            rc = LIB.pcre2_match_8(self.code, data, len(data), start, 0, self.md, None)
            if rc < 0:
                return
            ov = LIB.pcre2_get_ovector_pointer_8(self.md)
            spans = [(ov[2 * i], ov[2 * i + 1]) for i in range(self.groups + 1)]
            yield spans
            s, e = spans[0]
            start = e if e > s else e + 1

    def search(self, data: bytes):
        return next(self.finditer(data), None)


def entropy(s: str) -> float:
    if not s:
        return 0.0
    counts = {}
    for c in s:
        counts[c] = counts.get(c, 0) + 1
    return -sum(n / len(s) * math.log2(n / len(s)) for n in counts.values())


# Rough stand-in for the engine's placeholder filter; used only to flag dependence on it.
PLACEHOLDER = re.compile(r"(?i)example|dummy|changeme|change_me|placeholder|your[_-]?|xxxx|\*\*\*|^\$\{|\{\{|^<.*>$|(.)\1{5,}")


class Pattern:
    def __init__(self, d, file):
        self.d, self.file = d, file
        self.id = d.get("id")
        self.regex = Regex(d["regex"])
        Regex(d["regex"], PCRE2_UTF | PCRE2_MATCH_INVALID_UTF)  # must compile in both modes
        self.group = d.get("secretGroup", 1 if self.regex.groups else 0)
        self.keywords = [k.lower() for k in d.get("keywords", [])]
        al = d.get("allowlist", {})
        self.allow = [Regex(r) for r in al.get("regexes", [])]
        self.stop = [s.lower() for s in al.get("stopwords", [])]

    def findings(self, text: str, use_placeholder=True):
        """Returns (secrets, rejected_only_by_placeholder)."""
        units = [text] if self.d.get("multiline") else text.split("\n")
        out, ph = [], []
        for unit in units:
            low = unit.lower()
            if self.keywords and not any(k in low for k in self.keywords):
                continue
            data = unit.encode()
            for spans in self.regex.finditer(data):
                s, e = spans[self.group]
                if s == UNSET:
                    continue
                secret = data[s:e].decode(errors="replace")
                if entropy(secret) < self.d.get("entropy", 0):
                    continue
                sb = secret.encode()
                if any(a.search(sb) for a in self.allow):
                    continue
                if any(w in secret.lower() for w in self.stop):
                    continue
                if use_placeholder and self.d.get("placeholders", True) and PLACEHOLDER.search(secret):
                    ph.append(secret)
                    continue
                out.append(secret)
        return out, ph


def load():
    root = os.path.join(os.path.dirname(__file__), "..", "..", "Patterns")
    pats, errors = [], []
    for f in sorted(glob.glob(os.path.join(root, "*.toml"))):
        with open(f, "rb") as fh:
            try:
                doc = tomllib.load(fh)
            except Exception as ex:
                errors.append(f"{os.path.basename(f)}: TOML: {ex}")
                continue
        for d in doc.get("pattern", []):
            try:
                pats.append(Pattern(d, os.path.basename(f)))
            except Exception as ex:
                errors.append(f"{os.path.basename(f)}:{d.get('id')}: regex: {ex}")
    return pats, errors


def check(pats, errors):
    warnings = []
    seen = set()
    for p in pats:
        d, where = p.d, f"{p.file}:{p.id}"
        extra = set(d) - ALLOWED
        if extra:
            errors.append(f"{where}: unknown keys {extra}")
        if not p.id or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", p.id):
            errors.append(f"{where}: id not kebab-case")
        if p.id in seen:
            errors.append(f"{where}: duplicate id")
        seen.add(p.id)
        if d.get("severity") not in SEVERITIES:
            errors.append(f"{where}: bad severity")
        if not d.get("description"):
            errors.append(f"{where}: no description")
        if not p.keywords:
            errors.append(f"{where}: no keywords")
        if p.group > p.regex.groups:
            errors.append(f"{where}: secretGroup {p.group} > {p.regex.groups} groups")
        if not d.get("matches") or not d.get("nonMatches"):
            errors.append(f"{where}: needs matches and nonMatches")
        for m in d.get("matches", []):
            got, ph = p.findings(m["text"])
            if m["secret"] not in got:
                errors.append(f"{where}: match failed: want {m['secret']!r} got {got} (placeholder-rejected {ph})\n    text: {m['text']!r}")
        for n in d.get("nonMatches", []):
            got, ph = p.findings(n["text"])
            if got:
                errors.append(f"{where}: nonMatch produced {got}\n    text: {n['text']!r}")
            elif ph:
                warnings.append(f"{where}: nonMatch relies on placeholder filter: {ph}")
    return warnings


def scan_corpus(pats, dirs):
    files = []
    for d in dirs:
        for root, _, names in os.walk(d):
            for n in names:
                files.append(os.path.join(root, n))
    texts = []
    for f in files:
        try:
            with open(f, "rb") as fh:
                b = fh.read(2_000_000)
            if b"\0" in b[:8000]:
                continue
            texts.append((f, b.decode("utf-8", errors="replace")))
        except OSError:
            pass
    total = sum(len(t) for _, t in texts)
    print(f"corpus: {len(texts)} files, {total/1e6:.1f} MB")
    for p in pats:
        t0 = time.time()
        hits = []
        for f, t in texts:
            if p.d.get("multiline"):
                if not any(k in t.lower() for k in p.keywords):
                    continue
            got, _ = p.findings(t)
            hits += [(f, g) for g in got]
        dt = time.time() - t0
        if hits or dt > 2:
            print(f"{p.id}: {len(hits)} hits, {dt:.2f}s")
            for f, g in hits[:5]:
                print(f"    {f}: {g[:100]!r}")


def main():
    pats, errors = load()
    warnings = check(pats, errors)
    by_file = {}
    for p in pats:
        by_file[p.file] = by_file.get(p.file, 0) + 1
    for f, n in sorted(by_file.items()):
        print(f"{f}: {n}")
    print(f"total patterns: {len(pats)}")
    for w in warnings:
        print("WARN", w)
    for e in errors:
        print("FAIL", e)
    print(f"{len(errors)} failures, {len(warnings)} warnings")
    if "--corpus" in sys.argv:
        scan_corpus(pats, sys.argv[sys.argv.index("--corpus") + 1:])
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
