#!/usr/bin/env python3
"""Scores tools on the twin corpus written by make_twins.py.

Usage:
  score.py CORPUS --shortwall FILE [--bandit FILE] [--ruff FILE] [--details]
  score.py --cwes          # prints the category -> CWE table as JSON (the end-to-end test reads it)

A case (CORPUS/<category>/<NNN>-<real|safe>/) counts as flagged by a tool when any finding of that tool in
a file inside its folder carries a CWE of the category's set. Per category: pairs, real flagged, safe
flagged, TPR, FPR and Youden (TPR - FPR); then the mean over categories.
"""
import json
import os
import sys

# The one table of which CWEs count for which category (ids as `shortwall rules --json` gives them).
CATEGORY_CWES = {
    "sql": {89},
    "command": {78},
    "code": {94, 95},
    "ldap": {90},
    "xpath": {643},
    "path": {22, 73},
    "redirect": {601},
    "xss": {79, 80},
    "header": {113},
    "template": {1336},
    "deserialization": {502},
    "xxe": {611, 776},
    "hash": {327, 328, 916},
    "randomness": {330, 338},
    "cookies": {614, 1004, 1275},
    "trust-boundary": {501},
}

# Where Bandit's own CWE id is a generic one, the id its test is about (our correction, so that Bandit is
# counted in the category its finding belongs to): eval/exec (CWE-78 in Bandit) are code injection,
# yaml.load (CWE-20) is deserialization, its XML tests (CWE-20) are XXE.
BANDIT_CWE_OVERRIDE = {"B307": 95, "B102": 95, "B506": 502,
                       **{f"B{n}": 611 for n in (*range(313, 321), *range(405, 412))}}

# Ruff's flake8-bandit rules carry no CWE in its output; this mapping is ours (after Bandit's own ids,
# with eval/exec as code injection).
RUFF_CWES = {
    "S102": 95, "S103": 732, "S104": 605, "S105": 259, "S106": 259, "S107": 259, "S108": 377, "S113": 400,
    "S201": 94, "S202": 22, "S301": 502, "S302": 502, "S303": 327, "S304": 327, "S305": 327, "S306": 377,
    "S307": 95, "S308": 79, "S310": 22, "S311": 330, "S312": 319, "S313": 611, "S314": 611, "S315": 611,
    "S316": 611, "S317": 611, "S318": 611, "S319": 611, "S320": 611, "S321": 319, "S323": 295, "S324": 328,
    "S401": 319, "S402": 319, "S403": 502, "S404": 78, "S405": 611, "S406": 611, "S407": 611, "S408": 611,
    "S409": 611, "S410": 611, "S411": 611, "S412": 611, "S413": 327, "S415": 327,
    "S501": 295, "S502": 326, "S503": 326, "S504": 326, "S505": 326, "S506": 502, "S507": 295, "S508": 319,
    "S509": 319, "S601": 78, "S602": 78, "S603": 78, "S604": 78, "S605": 78, "S606": 78, "S607": 78,
    "S608": 89, "S609": 78, "S610": 89, "S611": 89, "S612": 94, "S701": 79, "S702": 79, "S704": 79,
}


def case_of(corpus, path):
    """(category, 'NNN-kind') of a finding's file, or None when it lies outside the corpus' case folders."""
    path = os.path.normpath(path if os.path.isabs(path) else os.path.join(os.getcwd(), path))
    rel = os.path.relpath(path, corpus)
    parts = rel.split(os.sep)
    if len(parts) < 3 or parts[0] not in CATEGORY_CWES:
        return None
    return parts[0], parts[1]


def flagged_shortwall(corpus, report):
    data = json.load(open(report))
    return {(c, f.get("cwe")) for f in data.get("findings", []) if (c := case_of(corpus, f.get("file", "")))}


def flagged_bandit(corpus, report):
    data = json.load(open(report))
    out = set()
    for r in data.get("results", []):
        cwe = BANDIT_CWE_OVERRIDE.get(r.get("test_id"), (r.get("issue_cwe") or {}).get("id"))
        if c := case_of(corpus, r.get("filename", "")):
            out.add((c, cwe))
    return out


def flagged_ruff(corpus, report):
    data = json.load(open(report))
    return {(c, RUFF_CWES.get(r.get("code"))) for r in data if (c := case_of(corpus, r.get("filename", "")))}


def cases(corpus):
    out = {}
    for cat in CATEGORY_CWES:
        folder = os.path.join(corpus, cat)
        if os.path.isdir(folder):
            out[cat] = sorted(os.listdir(folder))
    return out


def score(corpus, hits):
    """Per category: (pairs, real flagged, safe flagged, tpr, fpr, youden), with the lists of misses."""
    flagged = {case for case, cwe in hits if cwe in CATEGORY_CWES[case[0]]}
    rows, false_alarms, misses = {}, [], []
    for cat, names in cases(corpus).items():
        real = [n for n in names if n.endswith("-real")]
        safe = [n for n in names if n.endswith("-safe")]
        tp = sum((cat, n) in flagged for n in real)
        fp = sum((cat, n) in flagged for n in safe)
        false_alarms += [f"{cat}/{n}" for n in safe if (cat, n) in flagged]
        misses += [f"{cat}/{n}" for n in real if (cat, n) not in flagged]
        tpr, fpr = tp / len(real) if real else 0.0, fp / len(safe) if safe else 0.0
        rows[cat] = (len(real), tp, fp, tpr, fpr, tpr - fpr)
    return rows, false_alarms, misses, flagged


def first_line(corpus, case):
    try:
        return open(os.path.join(corpus, case, "app.py"), encoding="utf-8").readline().strip()
    except OSError:
        return ""


def print_groups(title, groups, results, peers, width):
    print()
    head = f"{title:<{width}} {'pairs':>5} {'TPR':>5} {'FPR':>5} {'Youden':>7}" + "".join(f" {name:>8}" for name in peers)
    print(head)
    print("-" * len(head))
    for label, pairs in sorted(groups.items()):
        line = f"{label[:width]:<{width}} {len(pairs):>5}"
        for k, name in enumerate(["shortwall"] + peers):
            hits = results[name][3]
            tpr = sum((c, f"{p}-real") in hits for c, p in pairs) / len(pairs)
            fpr = sum((c, f"{p}-safe") in hits for c, p in pairs) / len(pairs)
            line += f" {tpr:>5.2f} {fpr:>5.2f} {tpr - fpr:>+7.2f}" if k == 0 else f" {tpr - fpr:>+8.2f}"
        print(line)


def main(argv):
    if argv[1:] == ["--cwes"]:
        print(json.dumps({k: sorted(v) for k, v in CATEGORY_CWES.items()}))
        return 0
    args = {"--shortwall": None, "--bandit": None, "--ruff": None}
    corpus, details, i = None, False, 1
    while i < len(argv):
        if argv[i] in args and i + 1 < len(argv):
            args[argv[i]] = argv[i + 1]
            i += 2
        elif argv[i] == "--details":
            details, i = True, i + 1
        elif corpus is None:
            corpus, i = os.path.abspath(argv[i]), i + 1
        else:
            print(f"score.py: unexpected argument {argv[i]!r}", file=sys.stderr)
            return 2
    if corpus is None or not args["--shortwall"]:
        print(__doc__, file=sys.stderr)
        return 2
    readers = {"--shortwall": flagged_shortwall, "--bandit": flagged_bandit, "--ruff": flagged_ruff}
    results = {}
    for flag, reader in readers.items():
        if args[flag]:
            try:
                results[flag[2:]] = score(corpus, reader(corpus, args[flag]))
            except (OSError, ValueError) as error:
                print(f"note: {flag[2:]} output unreadable ({error}); skipped")
    ours = results["shortwall"][0]
    peers = [name for name in results if name != "shortwall"]
    head = f"{'category':<16} {'pairs':>5} {'real+':>5} {'safe+':>5} {'TPR':>5} {'FPR':>5} {'Youden':>7}"
    head += "".join(f" {name + ' (real+/safe+)':>22}" for name in peers)
    print(head)
    print("-" * len(head))
    for cat, (pairs, tp, fp, tpr, fpr, youden) in ours.items():
        line = f"{cat:<16} {pairs:>5} {tp:>5} {fp:>5} {tpr:>5.2f} {fpr:>5.2f} {youden:>+7.2f}"
        line += "".join(f" {results[name][0][cat][5]:>+11.2f} ({results[name][0][cat][1]:>2}/{results[name][0][cat][2]:>2})" for name in peers)
        print(line)
    print("-" * len(head))

    def mean(rows, i):
        return sum(r[i] for r in rows.values()) / len(rows)
    total = sum(r[0] for r in ours.values())
    line = f"{'mean':<16} {total:>5} {'':>5} {'':>5} {mean(ours, 3):>5.2f} {mean(ours, 4):>5.2f} {mean(ours, 5):>+7.2f}"
    line += "".join(f" {mean(results[name][0], 5):>+11.2f}{'':>8}" for name in peers)
    print(line)
    print("(real+/safe+: real flaws and safe twins flagged; a Youden of 0 is either both or neither)")
    # The same over shape families (the words before the colon in each case's first line, all categories
    # together) and, with --details, over each shape.
    shapes = {}
    for cat, names in cases(corpus).items():
        for n in names:
            if n.endswith("-real"):
                shapes.setdefault(first_line(corpus, f"{cat}/{n}").split("— ", 1)[-1], []).append((cat, n[:-5]))
    families = {}
    for shape, pairs in shapes.items():
        families.setdefault(shape.split(":", 1)[0], []).extend(pairs)
    print_groups("shape family", families, results, peers, 16)
    if details:
        print_groups("shape", shapes, results, peers, 60)
    if details:
        _, false_alarms, misses, _ = results["shortwall"]
        print(f"\nShortwall flags {len(false_alarms)} safe twins:")
        for case in false_alarms:
            print(f"  {case}: {first_line(corpus, case)}")
        print(f"\nShortwall misses {len(misses)} real flaws:")
        for case in misses:
            print(f"  {case}: {first_line(corpus, case)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
