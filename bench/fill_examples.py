#!/usr/bin/env python3
"""One-shot helper used while writing Patterns/*.toml: replaces markers «name:alphabet:length»
with random fake values, the same name getting the same value within one [[pattern]] block,
so an example's text and its expected secret agree. Rerunning on a filled file is a no-op."""
import random, re, sys

ALPHABETS = {
    "an": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "hex": "0123456789abcdef", "HEX": "0123456789ABCDEF",
    "up": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "b32": "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
    "b64": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
    "url": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
    "lc": "abcdefghijklmnopqrstuvwxyz0123456789", "al": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "dig": "0123456789", "b32l": "abcdefghijklmnopqrstuvwxyz234567", "low": "abcdefghijklmnopqrstuvwxyz", "UP": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "azs": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~.-",
    "bech": "qpzry9x8gf2tvdw0s3jn54khce6mua7l", "BECH": "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L",
    "dj": "abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*-_=+",
    "wp": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#%^&*()-_[]<>~+=,.;:/?|",
    "pw": "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%&*+-_=",
}
MARK = re.compile(r"«(\w+):(\w+):(\d+)»")
BAD = re.compile(r"(?i)example|dummy|test|fake|sample|xxx|your|pass|secret|(.)\1\1")

def fresh(rng, alpha, n):
    while True:
        s = "".join(rng.choice(ALPHABETS[alpha]) for _ in range(n))
        if not BAD.search(s):
            return s

def fill(text, seed):
    rng = random.Random(seed)
    out = []
    for block in re.split(r"(?m)^(?=\[\[pattern\]\])", text):
        values = {}
        def sub(m):
            key = m.group(0)  # same name, alphabet and length -> same value
            if key not in values:
                values[key] = fresh(rng, m.group(2), int(m.group(3)))
            return values[key]
        out.append(MARK.sub(sub, block))
    return "".join(out)

for path in sys.argv[1:]:
    src = open(path).read()
    open(path, "w").write(fill(src, path))
