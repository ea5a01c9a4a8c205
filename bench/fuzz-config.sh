#!/usr/bin/env bash
# Fuzzes the config guard and parsers (.shortwall.toml, [[pattern]] files, gitleaks files) with libFuzzer,
# which ships with the Swift toolchain. The Swift modules and TOMLKit's toml++ are built with coverage,
# in debug mode so that toml++'s own assertions are live, into .build-fuzz/ (first build ~3 min).
#   bench/fuzz-config.sh                 a short run: 60 s
#   bench/fuzz-config.sh 600             ten minutes
#   bench/fuzz-config.sh replay FILE...  runs saved inputs once each (a crash reproducer, say)
# The corpus grows in bench/work/fuzz-config/ (seeded from bench/fuzz/config-seeds/); a crashing input is
# written to bench/work/fuzz-config-crash-*. Exit status 0 means nothing crashed or hung. (libFuzzer warns that it
# cannot find __sanitizer_acquire_crash_state: harmless, no other sanitizer is linked in.)
set -euo pipefail
cd "$(dirname "$0")/.."
toolchain=$(dirname "$(readlink -f "$(command -v swiftc)")")/..
libfuzzer=$(ls "$toolchain"/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-"$(uname -m)".a | head -1)
SHORTWALL_FUZZ=1 swift build --scratch-path .build-fuzz --product fuzz-config \
    -Xcc -fsanitize=fuzzer-no-link -Xcxx -fsanitize=fuzzer-no-link -Xlinker "$libfuzzer" 2>&1 | grep -E 'error|warning: .*bench/fuzz' || true
harness=.build-fuzz/debug/fuzz-config
[ -x "$harness" ] || { echo "fuzz-config.sh: the harness did not build" >&2; exit 2; }
if [ "${1:-}" = replay ]; then
    shift
    exec "$harness" "$@"
fi
corpus=bench/work/fuzz-config
mkdir -p "$corpus"
cp -n bench/fuzz/config-seeds/* "$corpus"/
# -timeout: an input that takes this long is a hang; -max_len: configs are small, and longer inputs
# only slow the search down (the tests cover 200,000-part keys and 50,000-key tables). TOMLKit 0.6.0 never
# frees a parsed document, so memory grows with the number of inputs (about 750 MB after 300 s): harmless
# for the CLI, which parses a few files per run, and within -rss_limit_mb for runs of up to ten minutes.
exec "$harness" "$corpus" -max_total_time="${1:-60}" -max_len=4096 -timeout=10 -rss_limit_mb=3072 \
    -dict=bench/fuzz/config.dict -print_final_stats=1 -artifact_prefix=bench/work/fuzz-config-
