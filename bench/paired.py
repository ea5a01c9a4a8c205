#!/usr/bin/env python3
"""Wall time of two commands run in turn (A B A B ...), after one warm-up run each: each one's median,
min and max, and the median of the pairwise ratios A/B (pairing keeps the ratio meaningful when a shared
machine's speed drifts during the run). Prints three lines, or with --json one line of JSON (seconds).

usage: paired.py [-n RUNS] [--cwd DIR] [--json] -- COMMAND_A... -- COMMAND_B...
Output goes to /dev/null; an exit other than 0 or 1 ("findings") is an error.
"""
import json, statistics, subprocess, sys, time


def run(command, cwd):
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[:500]}")
    return elapsed


def main():
    args = sys.argv[1:]
    runs, cwd, as_json = 10, None, False
    while args and args[0] != "--":
        if args[0] == "-n": runs = int(args[1]); args = args[2:]
        elif args[0] == "--json": as_json = True; args = args[1:]
        elif args[0] == "--cwd": cwd = args[1]; args = args[2:]
        else: sys.exit(f"unknown option {args[0]}")
    rest = args[1:]
    if "--" not in rest:
        sys.exit("usage: paired.py [-n RUNS] [--cwd DIR] -- COMMAND_A... -- COMMAND_B...")
    a, b = rest[:rest.index("--")], rest[rest.index("--") + 1:]
    run(a, cwd); run(b, cwd)
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(run(a, cwd))
        times_b.append(run(b, cwd))
    summary = lambda t: {"median": statistics.median(t), "min": min(t), "max": max(t)}
    ratio = statistics.median(x / y for x, y in zip(times_a, times_b))
    if as_json:
        print(json.dumps({"runs": runs, "a": summary(times_a), "b": summary(times_b), "ratio": ratio}))
        return
    for command, times in ((b, times_b), (a, times_a)):
        name = " ".join([command[0].rsplit("/", 1)[-1]] + command[1:])
        print(f"  {name:<20} {statistics.median(times) * 1000:6.1f} ms median of {runs}"
              f"  (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})")
    print(f"  ratio: {ratio:.1f}")


main()
