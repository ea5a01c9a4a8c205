#!/usr/bin/env bash
# The GitHub Action's review step (action.yml), runnable by hand with the environment GitHub sets:
#   SHORTWALL=.build/release/shortwall GITHUB_EVENT_NAME=pull_request GITHUB_EVENT_PATH=event.json \
#   GITHUB_WORKSPACE=/path/to/repo GITHUB_OUTPUT=out.txt GITHUB_STEP_SUMMARY=summary.md bash action/run.sh
# It picks the job from the event (pull request: what the PR adds, base...head; push: the pushed commits,
# or the whole history with INPUT_HISTORY_ON_PUSH=true; anything else: the history), runs it once, and
# writes the SARIF file, the log report and the Markdown summary from that one review.
set -uo pipefail

shortwall=${SHORTWALL:-shortwall}
cd "${GITHUB_WORKSPACE:-.}" || { echo "::error::no workspace at ${GITHUB_WORKSPACE}"; exit 2; }
event=${GITHUB_EVENT_NAME:-}
payload=${GITHUB_EVENT_PATH:-}
sarif=${INPUT_SARIF_FILE:-shortwall.sarif}
zero=0000000000000000000000000000000000000000

# A field of the event payload by dotted path, or nothing.
field() {
    [ -n "$payload" ] && [ -f "$payload" ] || return 0
    python3 - "$payload" "$1" <<'PY'
import json, sys
value = json.load(open(sys.argv[1], encoding="utf-8"))
for key in sys.argv[2].split("."):
    value = value.get(key) if isinstance(value, dict) else None
print(value if isinstance(value, str) else "")
PY
}

# A commit the checkout may lack (actions/checkout fetches one commit by default): fetch it, then enough
# history for the merge base. Only the CI clone is touched; Shortwall itself never writes the repository.
ensure_commit() {
    git cat-file -e "$1^{commit}" 2>/dev/null && return 0
    git fetch --no-tags --quiet origin "$1" 2>/dev/null || true
    git cat-file -e "$1^{commit}" 2>/dev/null
}
deepen_for_merge_base() {
    [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = true ] || return 0
    git merge-base "$1" "$2" >/dev/null 2>&1 && return 0
    git fetch --no-tags --quiet --unshallow origin 2>/dev/null || git fetch --no-tags --quiet --deepen=1000 origin 2>/dev/null || true
}

job=()
case "$event" in
    pull_request|pull_request_target)
        base=$(field pull_request.base.sha); head=$(field pull_request.head.sha) ;;
    merge_group)
        base=$(field merge_group.base_sha); head=$(field merge_group.head_sha) ;;
    push)
        base=$(field before); head=$(field after) ;;
    *)
        base=""; head="" ;;
esac
if [ "$event" = push ] && [ "${INPUT_HISTORY_ON_PUSH:-false}" = true ]; then
    job=(history)
elif [ "$event" = push ] && [ -n "$head" ] && { [ -z "$base" ] || [ "$base" = "$zero" ]; }; then
    job=(commit "$head")   # a new branch: its tip commit
elif [ -n "$base" ] && [ -n "$head" ]; then
    for c in "$base" "$head"; do
        ensure_commit "$c" || { echo "::error::commit $c is not in the checkout; use actions/checkout with fetch-depth: 0"; exit 2; }
    done
    deepen_for_merge_base "$base" "$head"
    job=(diff "$base...$head")
else
    job=(history)
fi

options=(--format "${INPUT_FORMAT:-github}" --also "sarif:$sarif")
[ -n "${INPUT_FAIL_ON:-}" ] && options+=(--fail-on "$INPUT_FAIL_ON")
[ -n "${INPUT_MIN_CONFIDENCE:-}" ] && options+=(--min-confidence "$INPUT_MIN_CONFIDENCE")
[ -n "${INPUT_CONFIG:-}" ] && options+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_ADVISORIES:-}" ] && options+=(--advisories "$INPUT_ADVISORIES")
summary_file=""
if [ "${INPUT_SUMMARY:-true}" = true ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    summary_file=$(mktemp)
    options+=(--also "markdown:$summary_file")
fi

echo "shortwall ${job[*]}"
"$shortwall" "${job[@]}" "${options[@]}"
status=$?

findings=""
if [ -f "$sarif" ]; then
    findings=$(python3 -c 'import json,sys; print(sum(len(r.get("results", [])) for r in json.load(open(sys.argv[1]))["runs"]))' "$sarif" 2>/dev/null)
fi
if [ -n "$summary_file" ]; then
    [ -s "$summary_file" ] && cat "$summary_file" >> "$GITHUB_STEP_SUMMARY"
    rm -f "$summary_file"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
    { echo "sarif-file=$sarif"; echo "findings=$findings"; echo "exit-code=$status"; } >> "$GITHUB_OUTPUT"
fi
[ "$status" -eq 2 ] && echo "::error::shortwall could not complete the review (exit 2); see the message above"
exit "$status"
