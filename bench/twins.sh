#!/usr/bin/env bash
# Scores Shortwall, Bandit and Ruff's S rules on Shortwall's own corpus of twins (issue 15): small Flask,
# Django, DRF, FastAPI and WSGI views in pairs, a real flaw and a safe twin that calls the same sink, in 16
# categories (bench/twins/make_twins.py writes them). A case counts as flagged when a finding in its
# folder carries a CWE of its category (the table is in bench/twins/score.py). Prints per category: pairs,
# real and safe twins Shortwall flags, TPR, FPR and Youden (TPR - FPR), each peer's Youden, and the means.
# Bandit and Ruff are installed from PyPI into a throwaway virtualenv under OUT_DIR (skipped with a note
# when that fails); Semgrep is not run (it cannot reach its rule registry here, and no own rules exist yet).
# Usage: bench/twins.sh [OUT_DIR]      SHORTWALL_BIN=path/to/shortwall skips the release build.
#        TWINS_DETAILS=1 also lists every safe twin Shortwall flags and every real flaw it misses.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-$(mktemp -d)}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
if [ -z "${SHORTWALL_BIN:-}" ]; then
    swift build -c release --product shortwall >/dev/null
    SHORTWALL_BIN="$PWD/.build/release/shortwall"
fi
CORPUS="$OUT/corpus"
rm -rf "$CORPUS"
python3 bench/twins/make_twins.py "$CORPUS"

# Low-confidence findings count too, when the CLI can be asked for them; otherwise what it reports by default.
CONFIDENCE=()
if "$SHORTWALL_BIN" scan --help | grep -q -- '--min-confidence'; then
    CONFIDENCE=(--min-confidence low)
    echo "shortwall: scan --only python --min-confidence low"
else
    echo "shortwall: scan --only python (no --min-confidence option: every finding it reports by default)"
fi
"$SHORTWALL_BIN" scan "$CORPUS" --only python --format json --no-baseline "${CONFIDENCE[@]}" \
    --max-findings-per-file 0 --max-findings-per-rule 0 --output "$OUT/shortwall.json" || true

VENV="$OUT/venv"
PEERS=()
if [ ! -x "$VENV/bin/bandit" ] || [ ! -x "$VENV/bin/ruff" ]; then
    { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q bandit ruff; } >"$OUT/pip.log" 2>&1 || true
fi
if [ -x "$VENV/bin/bandit" ]; then
    "$VENV/bin/bandit" -q -r -f json -o "$OUT/bandit.json" "$CORPUS" >/dev/null 2>&1 || true
    echo "bandit: $("$VENV/bin/bandit" --version 2>/dev/null | head -1), every severity and confidence"
    PEERS+=(--bandit "$OUT/bandit.json")
else
    echo "note: Bandit did not install (see $OUT/pip.log); skipped"
fi
if [ -x "$VENV/bin/ruff" ]; then
    (cd "$CORPUS" && "$VENV/bin/ruff" check --isolated --no-cache --select S --exit-zero --output-format json . \
        >"$OUT/ruff.json" 2>/dev/null) || true
    echo "ruff: $("$VENV/bin/ruff" --version), --select S (rule-to-CWE mapping: ours, in score.py)"
    PEERS+=(--ruff "$OUT/ruff.json")
else
    echo "note: Ruff did not install (see $OUT/pip.log); skipped"
fi
echo "note: Semgrep skipped (no registry access, no own taint rules)"
echo
DETAILS=()
[ -n "${TWINS_DETAILS:-}" ] && DETAILS=(--details)
python3 bench/twins/score.py "$CORPUS" --shortwall "$OUT/shortwall.json" "${PEERS[@]}" "${DETAILS[@]}"
