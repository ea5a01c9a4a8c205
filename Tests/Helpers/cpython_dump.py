"""Dumps CPython's ast for each file given (or every stdlib file, or every Nth with --every=N) in the
compact format of Sources/Python/ASTDump.swift, one `PATH<TAB>DUMP` line per file that parses. The first
line is `#VERSION<TAB>3.11`."""
import ast
import json
import os
import sys
import sysconfig
import warnings

SKIP = {"type_comment", "kind", "type_ignores"}


def dump(x, out, in_joined=False):
    if isinstance(x, ast.AST):
        name = type(x).__name__
        if isinstance(x, (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)):
            out.append(name)
            return
        out.append(name + "(")
        if hasattr(x, "lineno") and not in_joined:
            out.append("%d:%d-%d:%d" % (x.lineno, x.col_offset, x.end_lineno, x.end_col_offset))
        for f in x._fields:
            if f in SKIP:
                continue
            v = getattr(x, f)
            if f == "value" and name in ("Constant", "MatchSingleton"):
                out.append(const(v))
            elif f in ("simple", "is_async"):
                out.append(str(int(v)))
            else:
                dump(v, out, name == "JoinedStr" or (name == "FormattedValue" and f == "format_spec"))
        if name == "Constant":
            out.append("~")
        out.append(")")
    elif isinstance(x, list):
        out.append("[")
        for v in x:
            dump(v, out, in_joined)
        out.append("]")
    elif x is None:
        out.append("~")
    elif isinstance(x, str):
        out.append(json.dumps(x))
    else:
        out.append(str(x))


def const(v):
    if v is None or v is True or v is False:
        return str(v)
    if v is Ellipsis:
        return "..."
    if isinstance(v, str):
        # Shortwall's strings are Swift strings, which cannot hold lone surrogates: they become U+FFFD.
        if any(0xD800 <= ord(c) <= 0xDFFF for c in v):
            v = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in v)
        return "s" + json.dumps(v)
    if isinstance(v, bytes):
        return "b" + v.hex()
    return "num"


def main():
    files = [a for a in sys.argv[1:] if not a.startswith("--every=")]
    every = int(next((a[8:] for a in sys.argv[1:] if a.startswith("--every=")), "1"))
    if not files:
        root = sysconfig.get_paths()["stdlib"]
        for d, dirs, names in os.walk(root):
            dirs[:] = sorted(x for x in dirs if x != "site-packages")
            files += [os.path.join(d, n) for n in sorted(names) if n.endswith(".py")]
        files = files[::every]
    warnings.simplefilter("ignore")
    print("#VERSION\t%d.%d" % sys.version_info[:2])
    for path in files:
        try:
            tree = ast.parse(open(path, "rb").read())
        except Exception:
            continue
        out = ["Module("]
        dump(tree.body, out)
        out.append(")")
        sys.stdout.write(path + "\t" + " ".join(out) + " \n")


main()
