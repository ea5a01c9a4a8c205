#!/usr/bin/env bash
# Fuzzes the Python tokenizer and parser (Sources/Python) with libFuzzer and the address sanitizer, both
# in the Swift toolchain. The target (Fuzz/FuzzPython.swift) is compiled with the parser's sources by
# swiftc, outside the package: SwiftPM links an executable with its own `main`, which clashes with
# libFuzzer's, and `swift build`/`swift test` must not see a target without one.
# Seeds: small files of the machine's Python standard library, plus Fuzz/seeds/python. The corpus grows in
# .build-fuzz/corpus and is kept between runs; a crash, hang or failed check is written to
# .build-fuzz/artifacts and the script exits non-zero.
# Usage: bench/fuzz-python.sh [SECONDS]   (default 60; jobs: FUZZ_JOBS, default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-60}"
OUT=.build-fuzz
mkdir -p "$OUT/corpus" "$OUT/artifacts" "$OUT/seeds"

BIN="$OUT/fuzz-python"
if [ ! -x "$BIN" ] || [ -n "$(find Sources/Python Fuzz/FuzzPython.swift -newer "$BIN" -print -quit)" ]; then
    echo "building $BIN (release, -sanitize=fuzzer,address)..." >&2
    swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name FuzzPython \
        Sources/Python/*.swift Fuzz/FuzzPython.swift -o "$BIN" 2>&1 | { grep -v "Cannot export local symbol" >&2 || true; }
fi

if [ -z "$(ls -A "$OUT/seeds")" ]; then
    STDLIB="$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])' 2>/dev/null || true)"
    if [ -n "$STDLIB" ] && [ -d "$STDLIB" ]; then
        find "$STDLIB" -name '*.py' -size -8k -not -path '*/site-packages/*' | sort | head -400 |
            while read -r f; do cp "$f" "$OUT/seeds/$(echo "$f" | tr / _)"; done
    fi
    cp Fuzz/seeds/python/* "$OUT/seeds/"
fi

# Swift's own crash reporter and the address sanitizer's get in each other's way: keep the sanitizer's.
export SWIFT_BACKTRACE=enable=no
# The target parses on libFuzzer's thread: give it the stack the parser gets from parseModule's thread.
ulimit -s 1048576 2>/dev/null || ulimit -s unlimited 2>/dev/null || true
JOBS=()
if [ "${FUZZ_JOBS:-1}" -gt 1 ]; then JOBS=(-fork="$FUZZ_JOBS"); fi
"$BIN" "$OUT/corpus" "$OUT/seeds" -dict=Fuzz/python.dict -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -max_total_time="$SECONDS_TO_RUN" "${JOBS[@]}" -artifact_prefix="$OUT/artifacts/" -print_final_stats=1
