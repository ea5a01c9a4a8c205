#!/usr/bin/env python3
"""Checks Patterns/*.toml against the same PCRE2 library the engine links (libpcre2-8).

A quick, dependency-free cross-check while the Swift engine is being written; the Swift
SecretsTests are authoritative. For every pattern it verifies the schema, compiles the regex,
and replays each example the way the engine will: keyword prefilter, line-by-line (or
whole-text when multiline), secret group, entropy floor, allowlist. The engine's placeholder
filter is only approximated here, so a non-match that *relies* on it is reported as a warning:
patterns should reject their own non-matches wherever they can.

Usage: bench/check_patterns.py [--corpus DIR ...]   (corpus: scan files, print hits, time each regex)
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
           "multiline", "placeholders", "allowlist", "matches", "nonMatches", "store", "signatures", "weak",
           "fix", "confidence", "tags"}
# Reasons that say "not a value" (always dropped) and, for credential stores, the only ones applied; the
# engine reports the other reasons' values as weak when the pattern has a [pattern.weak] table.
NOT_A_VALUE = {"documented", "env", "env var", "env lookup", "template", "repeated", "placeholder", "sri", "identifier"}
STORE_FILTERS = {"documented", "env", "env var", "env lookup", "template"}
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


# A port of the engine's false-positive filters (Sources/Secrets/Filters.swift on the `secrets` branch,
# as of this writing), so examples are judged as the Swift test will judge them.
DOCUMENTED = ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIAI44QH8DHBEXAMPLE",
              "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY", "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
              "pk_test_TYooMQauvdEDq54NiTphI7jx", "sk_test_BQokikJOvBiI2HlWgH4olfQ2",
              "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", "xoxb-not-a-real-token-this-will-not-work"]
ENV_CALLS = ["environ[", "environ.get(", "getenv(", "process.env", "env[", "env.fetch(", "env(",
             "environment.getenvironmentvariable(", "system.getenv(", "os.getenv", "os.environ", "import.meta.env",
             "secrets.", "vars.", "config(", "settings."]
PH_SUB = ["example", "dummy", "changeme", "change_me", "change-me", "changeit", "placeholder", "redacted", "your_",
          "your-", "<your", "yourapi", "yourkey", "yoursecret", "yourtoken", "yourpassword", "insert_", "insert-",
          "insertyour", "replace_me", "replaceme", "replace-me", "fake", "sample", "notreal", "not_real", "not-real",
          "not_a_real", "not-a-real", "lorem", "ipsum", "xxxx", "****", "....", "<redacted>", "mysecret", "my_secret",
          "mypassword", "secret_here", "key_here", "token_here", "password_here"]
PH_WORDS = set("""test testing tests mock fake dummy demo sample example foo bar baz qux my your our the a api key keys
secret secrets token tokens password passwd pass pwd access auth private public client id value here goes put changeme
admin root user username default none null nil undefined true false abc xyz string str some dev local localhost prod
staging db database app service server hello world bearer new old temp tmp todo fixme xxx unknown empty blank invalid
valid development production s3cr3t p4ssw0rd letmein qwerty welcome guest super hunter2""".split())
CRED_WORDS = ["secret", "token", "passw", "pwd", "apikey", "api_key", "api-key", "auth", "credential", "private_key",
              "privatekey", "access_key", "accesskey", "bearer", "signing", "client_key"]


def placeholder_reason(secret: str, line: str, start: int):
    low = secret.lower()
    if any(d in secret for d in DOCUMENTED):
        return "documented"
    if any(e in low for e in ENV_CALLS):
        return "env"
    if low.startswith("$"):
        rest = [c for c in low[1:] if c not in "{}:"]
        if rest and all(c.isalnum() or c == "_" for c in rest):
            return "env var"
    before = line[max(0, start - 40):start].lower().rstrip("\"' ")
    if any(before.endswith(e) for e in ENV_CALLS) or before.endswith("process.env."):
        return "env lookup"
    if any(m in secret for m in ["${", "{{", "}}", "%(", "$(", "#{", "{%"]):
        return "template"
    if secret and ((secret[0] == "<" and secret[-1] == ">") or (secret[0] == "{" and secret[-1] == "}" and len(secret) < 64)):
        return "template"
    if len(secret.encode()) < 100:
        b = low
        same = up = down = 1
        for i in range(1, len(b)):
            a, c = b[i - 1], b[i]
            same = same + 1 if c == a else 1
            aln = a.isascii() and a.isalnum() and c.isascii() and c.isalnum()
            up = up + 1 if aln and ord(c) == ord(a) + 1 else 1
            down = down + 1 if aln and ord(c) + 1 == ord(a) else 1
            if same >= (4 if c in "x*#." else 6):
                return "repeated"
            if up >= 6 or down >= 6:
                return "sequential"
        if len(b) >= 6 and len(set(b)) <= 2:
            return "repeated"
    if any(p in low for p in PH_SUB):
        return "placeholder"
    words, allw = 0, True
    for seg in re.split(r"[^a-z0-9]+", low):
        if not seg:
            continue
        if seg.isdigit() and len(seg) <= 6:
            continue
        if seg in PH_WORDS:
            words += 1
        else:
            allw = False
            break
    if allw and words:
        return "placeholder words"
    if any(low.startswith(p) for p in ["sha256-", "sha384-", "sha512-"]) or \
            any(line[max(0, start - 8):start].lower().endswith(p) for p in ["sha256-", "sha384-", "sha512-"]):
        return "sri"
    if "integrity" in line.lower() and re.fullmatch(r"[A-Za-z0-9+/=]+", secret):
        return "sri"
    is_hex = bool(re.fullmatch(r"[0-9a-fA-F]+", secret))
    commit = is_hex and len(secret) in (40, 64)
    uuid = bool(re.fullmatch(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", secret))
    if commit or uuid:
        ctx = (line[:start] + line[start + len(secret):]).lower()
        if not any(w in ctx for w in CRED_WORDS):
            return "identifier"
    return name_like(secret)


def name_like(secret: str):
    """Port of Filters.nameLike: letters and separators forming words (bare-quoted-string, getAuthToken)."""
    if not re.fullmatch(r"[A-Za-z\-_. ]+", secret):
        return None
    for seg in re.split(r"[-_. ]", secret):
        if not seg:
            continue
        if len(seg) < 2:
            return None
        pieces, piece, prev_lower = [], 0, False
        for ch in seg:
            upper = "A" <= ch <= "Z"
            if upper and prev_lower:
                pieces.append(piece)
                piece = 0
            piece += 1
            prev_lower = not upper
        pieces.append(piece)
        if len(pieces) > 1 and any(x < 3 for x in pieces):
            return None
        start = 0
        for length in pieces:
            part = seg[start:start + length]
            if not part.isupper() and any("A" <= c <= "Z" for c in part[1:]):
                return None
            start += length
    return "name made of words"


def entropy_passes(secret: str, declared: float) -> bool:
    if re.fullmatch(r"[0-9a-fA-F]*", secret):
        declared = declared * 4.0 / 6.0
    return entropy(secret) >= declared


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
        multiline = self.d.get("multiline")
        units = [text] if multiline else text.split("\n")
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
                store, weak = self.d.get("store", False), "weak" in self.d
                if "entropy" in self.d and not store and not weak and not entropy_passes(secret, self.d["entropy"]):
                    continue
                ls = data.rfind(b"\n", 0, s) + 1
                le = data.find(b"\n", s)
                line = data[ls:le if le >= 0 else len(data)].decode(errors="replace")
                start = len(data[ls:s].decode(errors="replace"))
                if any(a.search(secret.encode()) for a in self.allow):
                    continue
                if any(w in secret.lower() for w in self.stop):
                    continue
                if self.d.get("placeholders", True) and use_placeholder:
                    reason = placeholder_reason(secret, line, start)
                    if reason and store and reason not in STORE_FILTERS:
                        reason = None
                    if reason and weak and reason not in NOT_A_VALUE:
                        reason = None
                    if reason:
                        ph.append(f"{secret} ({reason})")
                        continue
                elif any(d in secret for d in DOCUMENTED):
                    continue
                out.append(secret)
        return out, ph


def load():
    root = os.path.join(os.path.dirname(__file__), "..", "Patterns")
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
            if (m["secret"] not in got) if "secret" in m else not got:
                errors.append(f"{where}: match failed: want {m.get('secret')!r} got {got} (placeholder-rejected {ph})\n    text: {m['text']!r}")
        for n in d.get("nonMatches", []):
            got, ph = p.findings(n["text"])
            if got:
                errors.append(f"{where}: nonMatch produced {got}\n    text: {n['text']!r}")
            elif ph:
                warnings.append(f"{where}: nonMatch relies on placeholder filter: {ph}")
    return warnings


def path_applies(p, path):
    globs = p.d.get("paths")
    if not globs:
        return True
    import fnmatch
    return any(fnmatch.fnmatch(path, g.replace("**/", "*/")) or fnmatch.fnmatch(os.path.basename(path), g.replace("**/", ""))
               for g in globs)


def scan_corpus(pats, dirs):
    """Runs every pattern over real files (which should hold no live secrets) to expose false positives
    and slow regexes. Prints hits per pattern and the time each pattern took."""
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
            t = b.decode("utf-8", errors="replace")
            texts.append((f, t, t.lower()))
        except OSError:
            pass
    total = sum(len(t) for _, t, _ in texts)
    print(f"corpus: {len(texts)} files, {total/1e6:.1f} MB")
    times = []
    for p in pats:
        t0 = time.time()
        hits = []
        for f, t, low in texts:
            if not path_applies(p, f) or not any(k in low for k in p.keywords):
                continue
            if p.d.get("multiline"):
                got, _ = p.findings(t)
            else:
                got = []
                lines = t.split("\n")
                lows = low.split("\n")
                for line, ll in zip(lines, lows):
                    if any(k in ll for k in p.keywords):
                        g, _ = p.findings(line)
                        got += g
            hits += [(f, g) for g in got]
        dt = time.time() - t0
        times.append((dt, p.id))
        if hits:
            print(f"{p.id}: {len(hits)} hits, {dt:.2f}s")
            for f, g in hits[:8]:
                print(f"    {f}: {g[:100]!r}")
    times.sort(reverse=True)
    print("slowest:", ", ".join(f"{i} {t:.2f}s" for t, i in times[:8]))


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
