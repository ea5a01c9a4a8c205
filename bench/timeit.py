#!/usr/bin/env python3
"""Best-of-N wall time and peak memory of a shell command, as JSON on one line.

usage: timeit.py [-n RUNS] [--cwd DIR] [--ok CODES] [--stdout FILE] -- COMMAND...
Output goes to /dev/null (or, with --stdout, the last run's to FILE). An exit code not in CODES
(comma-separated; default 0,1: "findings") is an error.
Prints {"seconds": best wall, "userSeconds"/"systemSeconds": CPU of that best run (its children
included), "maxRSSKiB": the largest peak resident set of any run or its children}.
"""
import json, os, resource, subprocess, sys, time

def main():
    args = sys.argv[1:]
    runs, cwd, ok, keep = 3, None, {0, 1}, None
    while args and args[0] != "--":
        if args[0] == "-n": runs = int(args[1]); args = args[2:]
        elif args[0] == "--cwd": cwd = args[1]; args = args[2:]
        elif args[0] == "--ok": ok = {int(c) for c in args[1].split(",")}; args = args[2:]
        elif args[0] == "--stdout": keep = args[1]; args = args[2:]
        else: sys.exit(f"unknown option {args[0]}")
    command = args[1:]
    best, peak = None, 0
    for run in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        out = open(keep, "wb") if keep and run == runs - 1 else subprocess.DEVNULL
        try:
            done = subprocess.run(command, cwd=cwd, stdout=out, stderr=subprocess.PIPE)
        finally:
            if out is not subprocess.DEVNULL: out.close()
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode not in ok:
            sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[:500]}")
        # ru_maxrss of RUSAGE_CHILDREN is the largest of any child so far, not a sum.
        peak = max(peak, after.ru_maxrss)
        if best is None or elapsed < best["seconds"]:
            best = {"seconds": elapsed, "userSeconds": after.ru_utime - before.ru_utime,
                    "systemSeconds": after.ru_stime - before.ru_stime}
    best["maxRSSKiB"] = peak
    print(json.dumps(best))

main()
