#!/usr/bin/env bash
# Fuzzes the Python tokenizer and parser (Sources/Python) with libFuzzer and the address sanitizer, both
# in the Swift toolchain. The harness (bench/fuzz/python) checks, besides crashes, hangs and memory errors,
# that tokens, diagnostics and spans stay inside the input and that one input always gives one tree. It is
# built into .build-fuzz-python/ (apart from fuzz-config's build, which has no address sanitizer).
#   bench/fuzz-python.sh                 a short run: 60 s
#   bench/fuzz-python.sh 600             ten minutes
#   bench/fuzz-python.sh replay FILE...  runs saved inputs once each (a crash reproducer, say)
# The corpus grows in bench/work/fuzz-python/, seeded from bench/fuzz/python-seeds/ and small files of the
# machine's Python standard library; a crashing input is written to bench/work/fuzz-python-crash-*. Exit
# status 0 means nothing crashed, hung or failed a check.
set -euo pipefail
cd "$(dirname "$0")/.."
toolchain=$(dirname "$(readlink -f "$(command -v swiftc)")")/..
libfuzzer=$(ls "$toolchain"/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-"$(uname -m)".a | head -1)
SHORTWALL_FUZZ=1 swift build --scratch-path .build-fuzz-python --product fuzz-python --sanitize address \
    -Xcc -fsanitize=fuzzer-no-link -Xlinker "$libfuzzer" -Xlinker -lstdc++ 2>&1 | grep -E 'error|warning: .*bench/fuzz' || true
harness=.build-fuzz-python/debug/fuzz-python
[ -x "$harness" ] || { echo "fuzz-python.sh: the harness did not build" >&2; exit 2; }
# Swift's crash reporter and the address sanitizer's get in each other's way: keep the sanitizer's. The
# harness parses on libFuzzer's thread, so that thread gets the stack parseModule's thread would have.
export SWIFT_BACKTRACE=enable=no
ulimit -s 1048576 2>/dev/null || ulimit -s unlimited 2>/dev/null || true
if [ "${1:-}" = replay ]; then
    shift
    exec "$harness" "$@"
fi
corpus=bench/work/fuzz-python
mkdir -p "$corpus"
cp -n bench/fuzz/python-seeds/* "$corpus"/
stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])' 2>/dev/null || true)
if [ -d "$stdlib" ]; then
    find "$stdlib" -name '*.py' -size -8k -not -path '*/site-packages/*' | sort | head -400 |
        while read -r f; do cp -n "$f" "$corpus/stdlib$(echo "${f#"$stdlib"}" | tr / _)"; done
fi
# -timeout: an input that takes this long is a hang; -max_len: the tests cover huge inputs, and longer ones
# only slow the search down.
exec "$harness" "$corpus" -max_total_time="${1:-60}" -max_len=4096 -timeout=10 -rss_limit_mb=3072 \
    -dict=bench/fuzz/python.dict -print_final_stats=1 -artifact_prefix=bench/work/fuzz-python-
