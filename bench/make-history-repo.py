#!/usr/bin/env python3
"""Builds a realistic, deterministic history repository for benchmarking `shortwall ... history`.

The content is the Python standard library of the python3 running this script; the history is
made up the way people work: most commits edit a few lines in one to four files, some add a
file, a few rename or delete one, and now and then a feature branch is merged back. Everything
comes from one seeded random generator, so the same Python gives the same repository (same ids).
It is written with `git fast-import`, so thousands of commits take seconds, not minutes.

Usage: make-history-repo.py [--commits 3000] [--seed 1] [--no-repack] [--out bench/work/history.git]
"""
import argparse
import os
import random
import subprocess
import sys
import sysconfig

AUTHORS = [
    ("Ada Lovelace", "ada@example.com"),
    ("Grace Hopper", "grace@example.com"),
    ("Alan Turing", "alan@example.com"),
    ("Barbara Liskov", "barbara@example.com"),
    ("Ken Thompson", "ken@example.com"),
]
EPOCH = 1_600_000_000
MAX_FILE = 200 * 1024


def stdlib_files():
    """(relative path, bytes) of every stdlib .py file under MAX_FILE, in a fixed order."""
    root = sysconfig.get_paths()["stdlib"]
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "__pycache__"))
        for name in sorted(files):
            if name.endswith(".py"):
                full = os.path.join(folder, name)
                if os.path.getsize(full) <= MAX_FILE:
                    with open(full, "rb") as handle:
                        found.append((os.path.relpath(full, root), handle.read()))
    return found


class History:
    def __init__(self, rng, pool, out):
        self.rng = rng
        self.pool = pool  # files not yet added, taken from the end
        self.out = out
        self.mark = 0
        self.clock = EPOCH
        self.commits = 0
        # Lines to paste into edits: real code, so the diffs look like real diffs.
        self.snippets = [line for _, data in pool[:300] for line in data.split(b"\n") if line.strip()]

    def lines_from_elsewhere(self, count):
        start = self.rng.randrange(len(self.snippets) - count)
        return self.snippets[start:start + count]

    def edit(self, data):
        """One to three hunks: replace, insert or delete a few lines."""
        lines = data.split(b"\n")
        for _ in range(self.rng.randint(1, 3)):
            at = self.rng.randrange(max(1, len(lines)))
            kind = self.rng.random()
            if kind < 0.45:
                count = self.rng.randint(1, 4)
                lines[at:at + count] = self.lines_from_elsewhere(count)
            elif kind < 0.85:
                lines[at:at] = self.lines_from_elsewhere(self.rng.randint(1, 12))
            elif len(lines) > 20:
                del lines[at:at + self.rng.randint(1, 6)]
        return b"\n".join(lines)

    def write_commit(self, ref, tree, changes, parents, message):
        """changes: {path: bytes or None (deleted)}; parents: marks. Returns the new mark."""
        self.mark += 1
        self.clock += self.rng.randint(60, 6 * 3600)
        name, email = AUTHORS[self.rng.randrange(len(AUTHORS))]
        message = message.encode()
        out = self.out
        out.write(b"commit %s\nmark :%d\n" % (ref.encode(), self.mark))
        out.write(b"author %s <%s> %d +0000\n" % (name.encode(), email.encode(), self.clock))
        out.write(b"committer %s <%s> %d +0000\n" % (name.encode(), email.encode(), self.clock))
        out.write(b"data %d\n%s\n" % (len(message), message))
        if parents:
            out.write(b"from :%d\n" % parents[0])
            for other in parents[1:]:
                out.write(b"merge :%d\n" % other)
        for path in sorted(changes):
            data = changes[path]
            if data is None:
                out.write(b"D %s\n" % path.encode())
                tree.pop(path, None)
            else:
                out.write(b"M 100644 inline %s\ndata %d\n" % (path.encode(), len(data)))
                out.write(data)
                out.write(b"\n")
                tree[path] = data
        self.commits += 1
        return self.mark

    def ordinary_changes(self, tree, allowed):
        """The changes of one everyday commit, touching only paths for which allowed(path) holds."""
        changes = {}
        paths = sorted(p for p in tree if allowed(p))
        roll = self.rng.random()
        if roll < 0.10 and self.pool:
            rel, data = self.pool.pop()
            path = "lib/" + rel
            if allowed(path) and path not in tree:
                changes[path] = data
        elif roll < 0.13 and len(paths) > 50:
            old = self.rng.choice(paths)
            folder, name = os.path.split(old)
            new = os.path.join(folder, "renamed_" + name)
            if allowed(new) and new not in tree:
                changes[old] = None
                # Half the renames also edit the file.
                changes[new] = self.edit(tree[old]) if self.rng.random() < 0.5 else tree[old]
        elif roll < 0.15 and len(paths) > 50:
            changes[self.rng.choice(paths)] = None
        if not changes:
            for path in self.rng.sample(paths, min(len(paths), self.rng.randint(1, 4))):
                changes[path] = self.edit(tree[path])
        return changes


def build(commits, seed, out_path, repack=True):
    rng = random.Random(seed)
    files = stdlib_files()
    rng.shuffle(files)
    subprocess.run(["git", "init", "-q", "--bare", out_path], check=True)
    importer = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], stdin=subprocess.PIPE, cwd=out_path)
    history = History(rng, files, importer.stdin)

    main = {}
    first = {}
    for _ in range(200):
        rel, data = history.pool.pop()
        first["lib/" + rel] = data
    head = history.write_commit("refs/heads/main", main, first, [], "Initial import")
    feature = 0
    next_tag = 500
    while history.commits < commits:
        if rng.random() < 0.03:
            # A feature branch: its commits and main's meanwhile touch disjoint files, so the
            # merge is clean; the merge commit records the branch's files on top of main.
            feature += 1
            ref = "refs/heads/feature-%d" % feature
            side = lambda p: hash_path(p) % 2 == 0
            other = lambda p: hash_path(p) % 2 == 1
            branch = dict(main)
            tip = head
            changed = set()
            for _ in range(rng.randint(2, 12)):
                changes = history.ordinary_changes(branch, side)
                changed.update(changes)
                tip = history.write_commit(ref, branch, changes, [tip], "feature %d: work" % feature)
                if rng.random() < 0.5:
                    head = history.write_commit("refs/heads/main", main, history.ordinary_changes(main, other), [head], "main: meanwhile")
            if rng.random() < 0.85:
                merged = {p: branch.get(p) for p in changed if branch.get(p) != main.get(p)}
                head = history.write_commit("refs/heads/main", main, merged, [head, tip], "Merge branch 'feature-%d'" % feature)
        else:
            head = history.write_commit("refs/heads/main", main, history.ordinary_changes(main, lambda p: True), [head], "Edit")
        if history.commits >= next_tag:
            # An annotated release tag every 500 commits or so.
            release = next_tag // 500
            message = b"release %d" % release
            importer.stdin.write(b"tag v%d\nfrom :%d\ntagger Release Bot <bot@example.com> %d +0000\ndata %d\n%s\n"
                                 % (release, head, history.clock, len(message), message))
            next_tag += 500
    importer.stdin.write(b"done\n")
    importer.stdin.close()
    if importer.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "symbolic-ref", "HEAD", "refs/heads/main"], cwd=out_path, check=True)
    if repack:
        # fast-import's pack deltas each blob against its previous version; a clone or gc'ed
        # repository has git's usual packing (newest versions whole, older ones as deltas).
        subprocess.run(["git", "repack", "-a", "-d", "-f", "-q"], cwd=out_path, check=True)
    return history.commits


def hash_path(path):
    """A stable hash (Python's own hash() of str is salted per process)."""
    value = 0
    for byte in path.encode():
        value = (value * 31 + byte) & 0xFFFFFFFF
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--commits", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-repack", action="store_true", help="keep fast-import's pack as it is")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "work", "history.git"))
    args = parser.parse_args()
    if os.path.exists(args.out):
        sys.exit("already exists: %s (remove it first)" % args.out)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    count = build(args.commits, args.seed, args.out, repack=not args.no_repack)
    print("%d commits in %s" % (count, args.out))


if __name__ == "__main__":
    main()
