#!/usr/bin/env python3
"""Times every pattern on long pathological lines (runs of one character class, near-misses of
assignment shapes) through libpcre2-8 with JIT, to catch regexes that backtrack badly."""
import sys, time
sys.argv = sys.argv[:1]
sys.path.insert(0, "bench")
import check_patterns as c

N = 20000
subjects = {
    "alnum": "aB3" * (N // 3),
    "b64": "aB3+/=" * (N // 6),
    "hex": "a1f9" * (N // 4),
    "spaces": " " * N,
    "assign": ("password = '" + "x1" * 50 + " ") * (N // 120),
    "url": ("https://u:" + "p" * 30) * (N // 40),
    "quotes": "'\"" * (N // 2),
    "colons": "a:b@" * (N // 4),
    "pem": "-----BEGIN RSA PRIVATE KEY-----\n" + ("QUJD" * 16 + "\n") * 300,
    "kv": ("secret_key_token_api_key=" * (N // 25)),
    "dots": "a.b-c_" * (N // 6),
}
pats, _ = c.load()
worst = []
for p in pats:
    total = 0.0
    for name, s in subjects.items():
        data = s.encode()
        t0 = time.perf_counter()
        for _ in p.regex.finditer(data):
            pass
        dt = time.perf_counter() - t0
        total += dt
        if dt > 0.05:
            print(f"SLOW {p.id} on {name}: {dt*1000:.0f} ms")
    worst.append((total, p.id))
worst.sort(reverse=True)
print("slowest totals:", ", ".join(f"{i} {t*1000:.1f}ms" for t, i in worst[:10]))
