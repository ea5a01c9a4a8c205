#!/usr/bin/env python3
"""Best-of-N wall time and peak memory of a shell command, as JSON on one line.

usage: timeit.py [-n RUNS] [--cwd DIR] -- COMMAND...
Output goes to /dev/null; a non-zero exit (other than 1, "findings") is an error.
"""
import json, os, resource, subprocess, sys, time

def main():
    args = sys.argv[1:]
    runs, cwd = 3, None
    while args and args[0] != "--":
        if args[0] == "-n": runs = int(args[1]); args = args[2:]
        elif args[0] == "--cwd": cwd = args[1]; args = args[2:]
        else: sys.exit(f"unknown option {args[0]}")
    command = args[1:]
    best, peak = None, 0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[:500]}")
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
        best = elapsed if best is None else min(best, elapsed)
    print(json.dumps({"seconds": best, "maxRSSKiB": peak}))

main()
