#!/usr/bin/env python3
"""A smaller size of the same repository, for the memory benchmark: a mirror clone of SOURCE cut to
the history it had at a date, the one that leaves FRACTION of its commits (default half).

usage: cut-history.py SOURCE DEST [--fraction 0.5]

Rule: the cut-off is the committer date with FRACTION of all commits at or before it. The clone's
refs are replaced by one ref per newest kept commit (a kept commit no other kept commit has as a
parent), so every commit at or before the cut-off stays reachable and no later one does; HEAD's branch
points at the newest kept commit of HEAD's history. Then unreachable objects are pruned, so a tool
that reads every object (not only the reachable ones) sees the same smaller history. SOURCE is only
read (cloned with --no-local); DEST must not exist. Prints the commit count kept and the cut-off.
"""
import argparse, os, subprocess, sys

def git(repo, *args, input=None):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, input=input).stdout.decode()

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source"); parser.add_argument("dest")
    parser.add_argument("--fraction", type=float, default=0.5)
    args = parser.parse_args()
    if os.path.exists(args.dest): sys.exit(f"{args.dest} exists")
    subprocess.run(["git", "clone", "-q", "--mirror", "--no-local", args.source, args.dest], check=True)
    rows = [line.split() for line in git(args.dest, "rev-list", "--all", "--format=%H %ct %P", "--no-commit-header").splitlines()]
    dates = {r[0]: int(r[1]) for r in rows}
    parents = {r[0]: r[2:] for r in rows}
    cutoff = sorted(dates.values())[max(0, int(len(dates) * args.fraction) - 1)]
    kept = {c for c, d in dates.items() if d <= cutoff}
    # A commit dated after its child (a skewed clock) would keep a later commit reachable: the cut goes by
    # reachability from the newest kept commits, so count what is really kept below.
    has_kept_child = {p for c in kept for p in parents[c]}
    tips = sorted(c for c in kept if c not in has_kept_child)
    head_ref = git(args.dest, "symbolic-ref", "-q", "HEAD").strip()
    head_tip = git(args.dest, "rev-list", "-1", f"--before={cutoff + 1}", "HEAD").strip()
    keep_head = head_ref if head_tip else None
    updates = [f"delete {ref}\n" for ref in git(args.dest, "for-each-ref", "--format=%(refname)").split() if ref != keep_head]
    updates += [f"create refs/heads/cut/{i}-{tip[:12]} {tip}\n" for i, tip in enumerate(tips)]
    if keep_head: updates.append(f"update {keep_head} {head_tip}\n")
    git(args.dest, "update-ref", "--stdin", input="".join(updates).encode())
    git(args.dest, "-c", "gc.reflogExpire=now", "-c", "gc.reflogExpireUnreachable=now", "gc", "-q", "--prune=now")
    count = len(git(args.dest, "rev-list", "--all").split())
    print(f"{count} of {len(dates)} commits kept (committer date <= {cutoff}), {len(tips)} refs")

main()
