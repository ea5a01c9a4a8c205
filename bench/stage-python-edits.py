#!/usr/bin/env python3
"""Stages the pre-commit case of issue 12 in a clone: FILES tracked Python files, each with about LINES
changed lines of real code (a run of top-level definitions taken from another file of the repository,
put in at a top-level boundary in the middle of the file). Every edited file still parses. Deterministic.

usage: stage-python-edits.py [--files 10] [--lines 200] CLONE
Prints how many files and added lines it staged (from `git diff --cached --numstat`).
"""
import argparse, ast, subprocess, sys


def git(clone, *args):
    return subprocess.run(["git", "-C", clone, *args], check=True, capture_output=True, text=True).stdout


def boundaries(lines):
    """Indexes of the lines where a top-level statement starts (its first decorator, for a definition)."""
    try:
        tree = ast.parse("".join(lines))
    except SyntaxError:
        return []
    return [min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])]) - 1 for node in tree.body]


def block(lines, want):
    """About `want` lines of whole top-level statements, starting as near the middle of `lines` as one
    fits; None if none does."""
    cuts = boundaries(lines) + [len(lines)]
    order = sorted(range(len(cuts) - 1), key=lambda i: abs(i - len(cuts) // 2))
    for i in order:
        start = cuts[i]
        ends = [c for c in cuts[i + 1:] if c - start >= want * 0.9]
        if ends and ends[0] - start <= want * 1.2:
            return lines[start:ends[0]]
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("clone")
    args = parser.parse_args()
    paths = sorted(p for p in git(args.clone, "ls-files", "*.py").splitlines() if "/test" not in p)
    sources = {}
    for p in paths:
        try:
            with open(f"{args.clone}/{p}", encoding="utf-8") as handle:
                sources[p] = handle.read()
        except (UnicodeDecodeError, OSError):
            continue
    # Targets and donors: files of 300-3000 lines with enough top-level definitions, in a fixed order.
    usable = [p for p, text in sources.items() if 300 <= text.count("\n") <= 3000 and len(boundaries(text.splitlines(True))) >= 6]
    edited = []
    donors = iter(usable[len(usable) // 2:])
    for target in usable[: len(usable) // 2]:
        if len(edited) == args.files:
            break
        lines = sources[target].splitlines(True)
        cuts = boundaries(lines)
        at = cuts[len(cuts) // 2]
        for donor in donors:
            taken = block(sources[donor].splitlines(True), args.lines)
            if taken is None:
                continue
            if not taken[-1].endswith("\n"):
                taken[-1] += "\n"
            new = "".join(lines[:at] + taken + ["\n\n"] + lines[at:])
            try:
                ast.parse(new)
            except SyntaxError:
                continue
            with open(f"{args.clone}/{target}", "w", encoding="utf-8") as handle:
                handle.write(new)
            edited.append(target)
            break
    if len(edited) < args.files:
        sys.exit(f"only {len(edited)} files could be edited")
    git(args.clone, "add", *edited)
    added = sum(int(row.split("\t")[0]) for row in git(args.clone, "diff", "--cached", "--numstat").splitlines())
    print(f"{len(edited)} files, {added} added lines")


main()
