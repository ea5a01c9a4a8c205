"""Reference results for the parser agreement test: parses every .py file under the running
interpreter's stdlib with CPython's own parser (ast.parse only parses; later compile passes are not run)
and prints one JSON line per file: statement count and the start/end line of every statement in the
same depth-first order as Shortwall's Stmt.walk. The first line describes the interpreter.

Usage: python3 cpython_parse.py [--site-packages] [ROOT]
"""
import ast
import json
import os
import sys
import sysconfig
import warnings


def children(s):
    # Mirrors Stmt.childStatements in Sources/Python/Walk.swift.
    if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.With, ast.AsyncWith)):
        return s.body
    if isinstance(s, (ast.For, ast.AsyncFor, ast.While, ast.If)):
        return s.body + s.orelse
    if isinstance(s, ast.Match):
        return [st for c in s.cases for st in c.body]
    if isinstance(s, ast.Try) or type(s).__name__ == "TryStar":
        return s.body + [st for h in s.handlers for st in h.body] + s.orelse + s.finalbody
    return []


def walk(stmts, out):
    stack = list(reversed(stmts))
    while stack:
        s = stack.pop()
        out.append([s.lineno, s.end_lineno])
        stack.extend(reversed(children(s)))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    include_site = "--site-packages" in sys.argv
    root = args[0] if args else sysconfig.get_paths()["stdlib"]
    print(json.dumps({"version": list(sys.version_info[:2]), "root": root}))
    files = []
    for d, dirs, names in os.walk(root):
        dirs.sort()
        if not include_site and os.path.abspath(d) == os.path.abspath(root):
            dirs[:] = [x for x in dirs if x != "site-packages"]
        for name in sorted(names):
            if name.endswith(".py"):
                files.append(os.path.join(d, name))
    warnings.simplefilter("ignore")
    for path in files:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            print(json.dumps({"path": path, "ok": False, "error": "read: " + str(e), "line": 0}))
            continue
        try:
            tree = ast.parse(data, path)
        except (SyntaxError, ValueError, MemoryError, RecursionError) as e:
            print(json.dumps({"path": path, "ok": False, "error": type(e).__name__ + ": " + str(e),
                              "line": getattr(e, "lineno", 0) or 0}))
            continue
        out = []
        walk(tree.body, out)
        print(json.dumps({"path": path, "ok": True, "n": len(out), "lines": out}))


main()
