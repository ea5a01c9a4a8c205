#!/usr/bin/env bash
# Compares the Python reviewer (module PythonRules) with Bandit:
#   1. the shared seed app: how many of its documented flaws each tool finds;
#   2. its remediated version: how many findings each reports (all are false alarms);
#   3. installed third-party library code (Flask, Werkzeug, Jinja2, requests, urllib3, pip): finding counts
#      as a noise measure, and time taken.
# The comparison runs our side through the debug test build (which reports every finding with its
# confidence); the last line times the release CLI (`shortwall scan`) on the same corpus. Bandit is
# installed into a throwaway virtualenv from PyPI when missing.
# Usage: bench/python-rules.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-$(mktemp -d)}"
mkdir -p "$OUT"
SHARED="$(cd .. && pwd)/shared/examples"
VENV="${BANDIT_VENV:-$OUT/venv}"
if [ ! -x "$VENV/bin/bandit" ]; then
    python3 -m venv "$VENV" >/dev/null
    "$VENV/bin/pip" install -q bandit >/dev/null
fi
SITE="$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
CORPUS="$OUT/corpus"
rm -rf "$CORPUS"; mkdir -p "$CORPUS"
for p in flask werkzeug jinja2 requests urllib3 pip/_internal; do
    [ -d "$SITE/$p" ] && cp -r "$SITE/$p" "$CORPUS/$(echo "$p" | tr / _)"
done

swift build --build-tests >/dev/null
run_ours() { # target json
    SHORTWALL_RULES_CORPUS="$1" SHORTWALL_RULES_JSON="$2" \
        swift test --skip-build --filter PythonRulesTests.CorpusTests/testCorpus 2>&1 | grep -E '^corpus:' || true
}
for name in seed_app seed_app_fixed; do
    run_ours "$SHARED/$name.py" "$OUT/ours-$name.json" >/dev/null
    "$VENV/bin/bandit" -q -f json -o "$OUT/bandit-$name.json" "$SHARED/$name.py" || true
done
ours_time=$(run_ours "$CORPUS" "$OUT/ours-corpus.json")
start=$(date +%s.%N)
"$VENV/bin/bandit" -q -r -f json -o "$OUT/bandit-corpus.json" "$CORPUS" || true
bandit_time=$(echo "$(date +%s.%N) - $start" | bc)

python3 - "$OUT" "$SHARED" "$ours_time" "$bandit_time" <<'PY'
import json, sys
out, shared, ours_time, bandit_time = sys.argv[1:5]
src = open(f"{shared}/seed_app.py").read().split("\n")
def line(needle): return next(i + 1 for i, l in enumerate(src) if needle in l)
# Each documented flaw, with the lines where a report counts as finding it.
flaws = {
    "SQL injection": [line("cur.execute(")],
    "MD5 password hashing": [line("hashlib.md5(")],
    "hash compared with ==": [line("hashlib.md5(")],
    "pickled session to client": [line("pickle.dumps(session)")],
    "hard-coded secret key": [line("SECRET_KEY = ")],
    "upload path traversal": [line("os.path.join(app.config"), line("f.save(path)")],
    "upload without size limit": [line("f.save(path)"), line("def upload(")],
    "shell command from request": [line("os.system(")],
    "unauthenticated /upload": [line("def upload("), line("@app.route('/upload'")],
    "unauthenticated /run": [line("def run_command("), line("@app.route('/run'")],
}
# Which of our rules / Bandit tests address each flaw (so one finding does not count for two flaws).
ours_for = {"SQL injection": {"python.sql-injection"}, "MD5 password hashing": {"python.weak-password-hash"},
            "hash compared with ==": {"python.timing-unsafe-comparison"}, "pickled session to client": {"python.pickled-client-state"},
            "hard-coded secret key": {"python.hardcoded-secret"}, "upload path traversal": {"python.path-traversal"},
            "upload without size limit": {"python.upload-size-limit"}, "shell command from request": {"python.command-injection"},
            "unauthenticated /upload": {"python.missing-authentication"}, "unauthenticated /run": {"python.missing-authentication"}}
bandit_for = {"SQL injection": {"B608"}, "MD5 password hashing": {"B303", "B324"}, "hash compared with ==": set(),
              "pickled session to client": {"B301", "B403"}, "hard-coded secret key": {"B105"}, "upload path traversal": set(),
              "upload without size limit": set(), "shell command from request": {"B605", "B602"},
              "unauthenticated /upload": set(), "unauthenticated /run": set()}
def ours(name): return [(f["rule"], f["line"], f["confidence"]) for f in json.load(open(f"{out}/ours-{name}.json"))]
def bandit(name): return [(r["test_id"], r["line_number"], r["issue_severity"]) for r in json.load(open(f"{out}/bandit-{name}.json"))["results"]]
o, b = ours("seed_app"), bandit("seed_app")
found_o = [k for k, ls in flaws.items() if any(r in ours_for[k] and l in ls for r, l, _ in o)]
found_b = [k for k, ls in flaws.items() if any(t in bandit_for[k] and l in ls for t, l, _ in b)]
print(f"seed_app.py: {len(flaws)} documented flaws; Shortwall finds {len(found_o)}, Bandit {len(found_b)}")
for k in flaws: print(f"  {k:28} shortwall={'yes' if k in found_o else 'NO '}  bandit={'yes' if k in found_b else 'no'}")
fo = [x for x in ours("seed_app_fixed") if x[2] in ("medium", "high")]
fb = bandit("seed_app_fixed")
print(f"seed_app_fixed.py (remediated): Shortwall {len(fo)} findings at medium+ confidence, Bandit {len(fb)} ({len([x for x in fb if x[2] != 'LOW'])} at medium+ severity)")
co = [x for x in ours("corpus") if x[2] in ("medium", "high")]
cb = bandit("corpus")
cb_noassert = [x for x in cb if x[0] != "B101"]
print(f"library corpus: Shortwall {len(co)} findings (medium+ confidence) in {ours_time.split(',')[-1].strip()} [debug build];"
      f" Bandit {len(cb_noassert)} excluding B101 asserts ({len([x for x in cb_noassert if x[2] != 'LOW'])} medium+ severity) in {float(bandit_time):.2f} s")
PY

# The same corpus through the release CLI as a user runs it (secrets and Python rules, every core), timed
# like Bandit above.
swift build -c release --product shortwall >/dev/null
bin=$(swift build -c release --show-bin-path)/shortwall
start=$(date +%s.%N)
"$bin" scan "$CORPUS" --format json --no-baseline >/dev/null || true
echo "shortwall scan (release CLI, secrets and Python, $(nproc) cores): $(echo "$(date +%s.%N) - $start" | bc | xargs printf '%.2f') s for the library corpus"
