#!/usr/bin/env python3
"""Writes Shortwall's own corpus of twins: small web views in pairs, a real flaw and its safe twin.

Usage: make_twins.py OUT_DIR

Each case is a folder OUT_DIR/<category>/<NNN>-<real|safe>/ holding app.py (and, for cross-file shapes,
a helpers/ package that app.py imports). In a pair both views call the same sink; only the value that
reaches it differs (a constant instead of request data, a dead branch, another list index, a sanitizer
that fits the sink instead of one that does not). The first line of every app.py names the category,
real or safe, and the shape. Generation is deterministic: the same OUT_DIR content on every run.
"""
import base64
import os
import pickle
import sys

# ---------------------------------------------------------------------------------------------------
# Sinks. Each category has one or more sink variants; a pair uses one variant for both twins.
# body(bar) gives the lines that use `bar`; ret is the expression a framework-neutral view returns,
# or None when the body returns itself (Flask-only sinks). clean is the Python expression of a harmless
# value of the type the sink expects (what a safe twin lets reach it).


class Sink:
    def __init__(self, imports, body, ret=None, clean="'guest'", module=(), frameworks=("flask",)):
        self.imports = list(imports)
        self.body = body
        self.ret = ret
        self.clean = clean
        self.module = list(module)
        self.frameworks = frameworks


NEUTRAL = ("flask", "django", "drf", "fastapi", "wsgi")

PICKLED = base64.b64encode(pickle.dumps({"theme": "dark"}, protocol=2)).decode()

SINKS = {
    "sql": [
        Sink(["import sqlite3"],
             lambda b: [f'rows = sqlite3.connect("shop.db").execute("SELECT name, price FROM items WHERE id = %s" % {b}).fetchall()'],
             ret="str(rows)", clean="'42'", frameworks=NEUTRAL),
        Sink(["import sqlite3"],
             lambda b: ["cur = get_db().cursor()", f'cur.execute(f"DELETE FROM carts WHERE cart_id = {{{b}}}")'],
             ret="'removed'", clean="'42'", module=["def get_db():", '    return sqlite3.connect("shop.db")'],
             frameworks=NEUTRAL),
    ],
    "command": [
        Sink(["import os"], lambda b: [f'os.system("ping -c 1 " + {b})'], ret="'sent'",
             clean="'example.org'", frameworks=NEUTRAL),
        Sink(["import subprocess"],
             lambda b: [f'out = subprocess.check_output("nslookup %s" % {b}, shell=True)'],
             ret="out.decode()", clean="'example.org'", frameworks=NEUTRAL),
    ],
    "code": [
        Sink([], lambda b: [f"result = eval({b})"], ret="str(result)", clean="'6 * 7'", frameworks=NEUTRAL),
        Sink([], lambda b: ["scope = {}", f'exec("total = %s" % {b}, scope)'], ret='str(scope.get("total"))',
             clean="'6 * 7'", frameworks=NEUTRAL),
    ],
    "ldap": [
        Sink(["import ldap"],
             lambda b: ['conn = ldap.initialize("ldap://directory.example.org")',
                        f'found = conn.search_s("ou=people,dc=example,dc=org", ldap.SCOPE_SUBTREE, "(uid=%s)" % {b})'],
             ret="str(found)", clean="'jdoe'", frameworks=NEUTRAL),
        Sink(["from ldap3 import Connection, Server"],
             lambda b: ['conn = Connection(Server("ldap://directory.example.org"), auto_bind=True)',
                        f'conn.search("dc=example,dc=org", f"(mail={{{b}}})")'],
             ret="str(conn.entries)", clean="'jdoe'", frameworks=NEUTRAL),
    ],
    "xpath": [
        Sink(["from lxml import etree"],
             lambda b: ['tree = etree.parse("users.xml")', f'found = tree.xpath("//user[@id=%s]/name/text()" % {b})'],
             ret="str(found)", clean="'7'", frameworks=NEUTRAL),
        Sink(["from lxml import etree"],
             lambda b: ['tree = etree.parse("orders.xml")', f'query = etree.XPath("//order[@number=" + {b} + "]/total")',
                        "found = query(tree)"],
             ret="str(found)", clean="'7'", frameworks=NEUTRAL),
    ],
    "path": [
        Sink(["import os"], lambda b: [f"with open(os.path.join(UPLOADS, {b})) as fh:", "    data = fh.read()"],
             ret="data", clean="'report.txt'", module=['UPLOADS = "/srv/uploads"'], frameworks=NEUTRAL),
        Sink([], lambda b: [f'data = open(UPLOADS + "/" + {b}, "rb").read()'],
             ret='data.decode(errors="replace")', clean="'report.txt'", module=['UPLOADS = "/srv/uploads"'], frameworks=NEUTRAL),
    ],
    "redirect": [
        Sink(["from flask import redirect"], lambda b: [f"return redirect({b})"], clean="'/dashboard'"),
        Sink(["from flask import redirect"], lambda b: [f"return redirect({b}, code=303)"], clean="'/dashboard'"),
    ],
    "xss": [
        Sink([], lambda b: [f'page = "<h1>Hello %s</h1>" % {b}'], ret="page", frameworks=NEUTRAL),
        Sink(["from flask import make_response"], lambda b: [f'return make_response(f"<p>Results for {{{b}}}</p>")']),
    ],
    "header": [
        Sink(["from flask import make_response"],
             lambda b: ['resp = make_response("ok")', f'resp.headers["X-Request-Tag"] = {b}', "return resp"],
             clean="'tag-1'"),
        Sink(["from flask import Response"],
             lambda b: ['resp = Response("ok")', f'resp.headers.add("X-Trace-Label", {b})', "return resp"], clean="'tag-1'"),
    ],
    "template": [
        Sink(["from flask import render_template_string"], lambda b: [f"return render_template_string({b})"],
             clean="'<p>Hello {{ name }}</p>'"),
        Sink(["from jinja2 import Environment"], lambda b: [f"page = Environment().from_string({b}).render()"],
             ret="page", clean="'<p>Hello {{ name }}</p>'", frameworks=NEUTRAL),
    ],
    "deserialization": [
        Sink(["import base64", "import pickle"], lambda b: [f"prefs = pickle.loads(base64.b64decode({b}))"],
             ret="str(prefs)", clean=repr(PICKLED), frameworks=NEUTRAL),
        Sink(["import yaml"], lambda b: [f"prefs = yaml.load({b}, Loader=yaml.Loader)"],
             ret="str(prefs)", clean="'theme: dark'", frameworks=NEUTRAL),
    ],
    "xxe": [
        Sink(["from lxml import etree"],
             lambda b: ["parser = etree.XMLParser(resolve_entities=True)", f"doc = etree.fromstring({b}.encode(), parser)"],
             ret='doc.findtext("name") or ""', clean="'<order><name>tea</name></order>'", frameworks=NEUTRAL),
        Sink(["import io", "from lxml import etree"],
             lambda b: [f"doc = etree.parse(io.BytesIO({b}.encode()), etree.XMLParser(resolve_entities=True, no_network=False))"],
             ret='doc.getroot().findtext("name") or ""', clean="'<order><name>tea</name></order>'", frameworks=NEUTRAL),
    ],
    "hash": [
        Sink(["import hashlib"], lambda b: [f"pw_hash = hashlib.md5({b}.encode()).hexdigest()", "save_password(pw_hash)"],
             ret="'saved'", clean="'static-asset-v2'", module=["def save_password(value):", "    open('pw.db', 'a').write(value)"],
             frameworks=NEUTRAL),
        Sink(["import hashlib"], lambda b: [f"pw_hash = hashlib.sha1({b}.encode()).hexdigest()", "save_password(pw_hash)"],
             ret="'saved'", clean="'static-asset-v2'", module=["def save_password(value):", "    open('pw.db', 'a').write(value)"],
             frameworks=NEUTRAL),
    ],
    "randomness": [
        Sink([], lambda b: [f"reset_token = {b}", 'RESET_TOKENS[reset_token] = "user-1"'], ret="'mailed'",
             clean="secrets.token_urlsafe(24)", module=["RESET_TOKENS = {}"], frameworks=NEUTRAL),
        Sink([], lambda b: [f"session_key = {b}", 'SESSIONS[session_key] = "user-1"'], ret="session_key",
             clean="secrets.token_urlsafe(24)", module=["SESSIONS = {}"], frameworks=NEUTRAL),
    ],
    "cookies": [
        Sink(["import secrets", "from flask import make_response"],
             lambda b: ['resp = make_response("welcome")',
                        f'resp.set_cookie("session_id", secrets.token_urlsafe(32), secure={b}, httponly={b}, samesite="Lax")',
                        "return resp"], clean="True"),
        Sink(["import secrets", "from flask import make_response"],
             lambda b: ['resp = make_response("signed in")',
                        f'resp.set_cookie("auth_token", secrets.token_hex(32), max_age=3600, secure={b}, httponly={b})',
                        "return resp"], clean="True"),
    ],
    "trust-boundary": [
        Sink(["from flask import session"], lambda b: [f'session["username"] = {b}', 'return "saved"']),
        Sink(["from flask import session"], lambda b: [f'session["role"] = {b}', 'return "role set"']),
    ],
}

# The value that a real twin lets reach the sink, for the categories whose flaw is not request data.
TAINT = {
    "randomness": ('"".join(random.choice(ALPHABET) for _ in range(24))',
                   ["import random", "import secrets", "import string"], ["ALPHABET = string.ascii_letters + string.digits"]),
    "cookies": ("False", [], []),
}
# Categories whose values are not strings: only the value shapes apply, not the string operations.
NOT_STRINGS = {"cookies"}

# ---------------------------------------------------------------------------------------------------
# Request sources, per framework: (framework, expression, description, imports).
FLASK_SOURCES = [
    ('request.form.getlist("item")[0]', "request.form.getlist"),
    ('request.args.getlist("item")[-1]', "request.args.getlist"),
    ('request.values.get("item", "")', "request.values"),
    ('request.headers.get("X-Item", "")', "request.headers.get"),
    ('request.cookies.get("item", "")', "request.cookies.get"),
    ("request.get_data(as_text=True)", "request.get_data()"),
    ('request.files["upload"].filename', "request.files[...].filename"),
    ("request.path", "request.path"),
    ("request.url", "request.url"),
    ("request.query_string.decode()", "request.query_string"),
    ('request.environ.get("HTTP_X_ITEM", "")', "request.environ"),
    ('unquote_plus(request.cookies.get("item", ""))', "unquote_plus of a cookie"),
    ('request.get_json(force=True)["item"]', "request.get_json()"),
    ('request.form["item"]', "request.form[...]"),
]
OTHER_SOURCES = [
    ("django", 'request.GET.get("item", "")', "Django request.GET"),
    ("django", 'request.POST["item"]', "Django request.POST"),
    ("django", 'request.META.get("HTTP_X_ITEM", "")', "Django request.META"),
    ("django", 'request.COOKIES.get("item", "")', "Django request.COOKIES"),
    ("django", "request.body.decode()", "Django request.body"),
    ("drf", 'request.data.get("item", "")', "DRF request.data"),
    ("drf", 'request.query_params.get("item", "")', "DRF request.query_params"),
    ("fastapi", "item", "FastAPI query parameter"),
    ("fastapi", "item", "FastAPI header parameter"),
    ("wsgi", 'environ.get("QUERY_STRING", "")', "WSGI environ QUERY_STRING"),
    ("wsgi", 'environ["PATH_INFO"]', "WSGI environ PATH_INFO"),
]
WEAK_RANDOM = [
    ('"%032x" % random.getrandbits(128)', "random.getrandbits"),
    ("str(random.random())", "random.random"),
    ("str(random.randint(100000, 999999))", "random.randint"),
    ('"".join(random.sample(ALPHABET, 20))', "random.sample"),
    ("str(uuid.uuid1())", "uuid.uuid1"),
]

# ---------------------------------------------------------------------------------------------------
# Shapes. A shape turns (T, C) — the name holding the tainted value and a clean expression — into the
# lines that compute `bar` for the real twin and for the safe twin, plus imports and module-level lines.


class Shape:
    def __init__(self, desc, real, safe, imports=(), module=(), files=None, strings=False):
        self.desc, self.real, self.safe = desc, real, safe
        self.imports, self.module = list(imports), list(module)
        self.files = files  # callable (T, C) -> {relative path: text}, same for both twins
        self.strings = strings


def S(desc, real, safe, **kw):
    return Shape(desc, real, safe, **kw)


DEAD = [
    S("integer constant folded through a local in an if/else",
      lambda T, C: ["num = 106", "if 7 * 42 - num > 200:", f"    bar = {C}", "else:", f"    bar = {T}"],
      lambda T, C: ["num = 86", "if 7 * 42 - num > 200:", f"    bar = {C}", "else:", f"    bar = {T}"]),
    S("conditional expression on a folded constant",
      lambda T, C: ["num = 30", f"bar = {C} if 7 * 18 - num > 100 else {T}"],
      lambda T, C: ["num = 10", f"bar = {C} if 7 * 18 - num > 100 else {T}"]),
    S("if/elif chain on a string constant",
      lambda T, C: ['mode = "archive"', 'if mode == "live":', f"    bar = {T}", 'elif mode == "preview":', f"    bar = {C}",
                    "else:", f"    bar = {T}"],
      lambda T, C: ['mode = "preview"', 'if mode == "live":', f"    bar = {T}", 'elif mode == "preview":', f"    bar = {C}",
                    "else:", f"    bar = {T}"]),
    S("boolean constant through a local",
      lambda T, C: ["strict = False", "if strict:", f"    bar = {C}", "else:", f"    bar = {T}"],
      lambda T, C: ["strict = True", "if strict:", f"    bar = {C}", "else:", f"    bar = {T}"]),
    S("match on a constant",
      lambda T, C: ['choice = "other"', "match choice:", '    case "fixed":', f"        bar = {C}", "    case _:", f"        bar = {T}"],
      lambda T, C: ['choice = "fixed"', "match choice:", '    case "fixed":', f"        bar = {C}", "    case _:", f"        bar = {T}"]),
    S("for loop over an empty or one-element range",
      lambda T, C: [f"bar = {C}", "for _ in range(1):", f"    bar = {T}"],
      lambda T, C: [f"bar = {C}", "for _ in range(0):", f"    bar = {T}"]),
    S("while loop that always or never runs",
      lambda T, C: [f"bar = {C}", "count = 0", "while count < 1:", f"    bar = {T}", "    count += 1"],
      lambda T, C: [f"bar = {C}", "count = 0", "while count < 0:", f"    bar = {T}", "    count += 1"]),
    S("loop that always overwrites the tainted value",
      lambda T, C: [f"bar = {T}", "for _ in range(0):", f"    bar = {C}"],
      lambda T, C: [f"bar = {T}", "for _ in range(3):", f"    bar = {C}"]),
    S("string constant compared in a nested condition",
      lambda T, C: ['env = "dev"', "limit = 3", 'if env == "prod" and limit > 2:', f"    bar = {C}", "else:", f"    bar = {T}"],
      lambda T, C: ['env = "prod"', "limit = 3", 'if env == "prod" and limit > 2:', f"    bar = {C}", "else:", f"    bar = {T}"]),
]

COLLECTIONS = [
    S("list read back by a constant index",
      lambda T, C: [f"values = [{T}, {C}]", "bar = values[0]"],
      lambda T, C: [f"values = [{T}, {C}]", "bar = values[1]"]),
    S("append then pop(0)",
      lambda T, C: ["values = []", f"values.append({T})", f"values.append({C})", "bar = values.pop(0)"],
      lambda T, C: ["values = []", f"values.append({C})", f"values.append({T})", "bar = values.pop(0)"]),
    S("insert at the front",
      lambda T, C: [f"values = [{C}]", f"values.insert(0, {T})", "bar = values[0]"],
      lambda T, C: [f"values = [{C}]", f"values.insert(0, {T})", "bar = values[1]"]),
    S("remove then read the first element",
      lambda T, C: [f"values = [{C}, {T}]", f"values.remove(values[0])", "bar = values[0]"],
      lambda T, C: [f"values = [{T}, {C}]", f"values.remove(values[0])", "bar = values[0]"]),
    S("extend then index",
      lambda T, C: [f"values = [{C}]", f"values.extend([{T}])", "bar = values[-1]"],
      lambda T, C: [f"values = [{C}]", f"values.extend([{T}])", "bar = values[0]"]),
    S("deque appendleft/popleft",
      lambda T, C: ["queue = deque()", f"queue.append({T})", f"queue.append({C})", "bar = queue.popleft()"],
      lambda T, C: ["queue = deque()", f"queue.append({T})", f"queue.appendleft({C})", "bar = queue.popleft()"],
      imports=["from collections import deque"]),
    S("dict read back by constant key",
      lambda T, C: ["m = {}", f'm["keyA"] = {C}', f'm["keyB"] = {T}', 'bar = m["keyB"]'],
      lambda T, C: ["m = {}", f'm["keyA"] = {C}', f'm["keyB"] = {T}', 'bar = m["keyA"]']),
    S("dict key overwritten before the read",
      lambda T, C: [f'm = {{"keyA": {T}}}', f'm["keyB"] = {C}', 'bar = m["keyA"]'],
      lambda T, C: [f'm = {{"keyA": {T}}}', f'm["keyA"] = {C}', 'bar = m["keyA"]']),
    S("dict .get with a constant key",
      lambda T, C: [f'm = {{"a": {T}, "b": {C}}}', 'bar = m.get("a")'],
      lambda T, C: [f'm = {{"a": {T}, "b": {C}}}', 'bar = m.get("b")']),
    S("last write wins",
      lambda T, C: [f"bar = {C}", f'm = {{"keyA": {T}}}', 'bar = m["keyA"]'],
      lambda T, C: [f'm = {{"keyA": {T}}}', 'bar = m["keyA"]', f"bar = {C}"]),
    S("tuple unpacking",
      lambda T, C: [f"first, second = {T}, {C}", "bar = first"],
      lambda T, C: [f"first, second = {T}, {C}", "bar = second"]),
    S("list comprehension over pairs",
      lambda T, C: [f'pairs = [(k, v) for k, v in [("a", {T}), ("b", {C})]]', "bar = pairs[0][1]"],
      lambda T, C: [f'pairs = [(k, v) for k, v in [("a", {T}), ("b", {C})]]', "bar = pairs[1][1]"]),
    S("dict comprehension over zip",
      lambda T, C: [f'm = {{k: v for k, v in zip(["a", "b"], [{T}, {C}])}}', 'bar = m["a"]'],
      lambda T, C: [f'm = {{k: v for k, v in zip(["a", "b"], [{T}, {C}])}}', 'bar = m["b"]']),
    S("zip of two lists",
      lambda T, C: [f"bar = list(zip([{T}], [{C}]))[0][0]"],
      lambda T, C: [f"bar = list(zip([{T}], [{C}]))[0][1]"]),
    S("enumerate with a constant index test",
      lambda T, C: [f"bar = {C}", f"for i, v in enumerate([{C}, {T}]):", "    if i == 1:", "        bar = v"],
      lambda T, C: [f"bar = {C}", f"for i, v in enumerate([{C}, {T}]):", "    if i == 0:", "        bar = v"]),
    S("reversed list",
      lambda T, C: [f"bar = list(reversed([{T}, {C}]))[1]"],
      lambda T, C: [f"bar = list(reversed([{T}, {C}]))[0]"]),
    S("sorted single-element list",
      lambda T, C: [f"items = sorted([{T}])", "bar = items[0]"],
      lambda T, C: [f"items = sorted([{C}])", "bar = items[0]"]),
]

STRINGS = [
    S("slice with constant bounds keeps or drops the taint",
      lambda T, C: [f's = f"90583{{{T}}}abcd"', 'bar = s[len("90583"):len(s) - 4]'],
      lambda T, C: [f's = f"90583{{{T}}}abcd"', "bar = s[:5]"]),
    S("replace into a placeholder that is or is not there",
      lambda T, C: ['template = "value=@@"', f'bar = template.replace("@@", {T})'],
      lambda T, C: [f"template = {C}", f'bar = template.replace("@@@@@@", {T})']),
    S("split()[i] of a string with a constant part",
      lambda T, C: [f's = {C} + " " + {T}', 'bar = s.split(" ", 1)[1]'],
      lambda T, C: [f's = {C} + " " + {T}', 'bar = s.split(" ", 1)[0]']),
    S("join of all parts or only the constant part",
      lambda T, C: [f"parts = [{C}, {T}]", 'bar = "".join(parts[1:])'],
      lambda T, C: [f"parts = [{C}, {T}]", 'bar = "".join(parts[:1])']),
    S("strip",
      lambda T, C: [f"bar = {T}.strip()"],
      lambda T, C: [f"raw = {T}.strip()", f"bar = {C}.strip()"]),
    S("f-string of the value or of its length",
      lambda T, C: [f'bar = f"{{{T}}}"'],
      lambda T, C: [f'bar = f"{{len({T})}}"']),
    S("% formatting of the value or of its length",
      lambda T, C: [f'bar = "%s" % {T}'],
      lambda T, C: [f'bar = "%d" % len({T})']),
    S(".format with a constant positional index",
      lambda T, C: [f'bar = "{{0}}".format({T}, {C})'],
      lambda T, C: [f'bar = "{{1}}".format({T}, {C})']),
    S("str() of the value or of a count",
      lambda T, C: [f"bar = str({T})"],
      lambda T, C: [f"bar = str({T}.count('a'))"]),
    S("encode/decode round trip",
      lambda T, C: [f"data = [{T}.encode(), {C}.encode()]", 'bar = data[0].decode("utf-8")'],
      lambda T, C: [f"data = [{T}.encode(), {C}.encode()]", 'bar = data[1].decode("utf-8")']),
    S("base64 round trip",
      lambda T, C: [f"packed = {{'a': base64.b64encode({T}.encode()), 'b': base64.b64encode({C}.encode())}}",
                    "bar = base64.b64decode(packed['a']).decode()"],
      lambda T, C: [f"packed = {{'a': base64.b64encode({T}.encode()), 'b': base64.b64encode({C}.encode())}}",
                    "bar = base64.b64decode(packed['b']).decode()"],
      imports=["import base64"]),
    S("codecs rot13 round trip",
      lambda T, C: [f'bar = codecs.decode(codecs.encode({T}, "rot13"), "rot13")'],
      lambda T, C: [f'bar = codecs.decode(codecs.encode({C}, "rot13"), "rot13")'],
      imports=["import codecs"]),
    S("unquote_plus of the value or of a quoted constant",
      lambda T, C: [f"bar = unquote_plus({T})"],
      lambda T, C: [f"bar = unquote_plus(quote_plus({C}))"],
      imports=["from urllib.parse import quote_plus, unquote_plus"]),
]

HELPERS = [
    S("helper in the same file returns one of its arguments",
      lambda T, C: [f"bar = choose({C}, {T})"],
      lambda T, C: [f"bar = choose({T}, {C})"],
      module=["def choose(first, second):", "    return second"]),
    S("helper in the same file keeps or drops its argument",
      lambda T, C: [f"bar = tidy({T})"],
      lambda T, C: [f"bar = placeholder({T})"],
      module=["def tidy(value):", "    return value.strip()", "", "def placeholder(value):", "    return DEFAULT",
              "", "DEFAULT = None"]),
    S("helper in another module (from helpers.utils import choose)",
      lambda T, C: [f"bar = choose({C}, {T})"],
      lambda T, C: [f"bar = choose({T}, {C})"],
      imports=["from helpers.utils import choose"],
      files=lambda T, C: {"helpers/__init__.py": "",
                          "helpers/utils.py": "def choose(first, second):\n    return second\n"}),
    S("helper in another module (import helpers.text) keeps or drops its argument",
      lambda T, C: [f"bar = helpers.text.tidy({T})"],
      lambda T, C: [f"bar = helpers.text.fallback({T})"],
      imports=["import helpers.text"],
      files=lambda T, C: {"helpers/__init__.py": "",
                          "helpers/text.py": "def tidy(value):\n    return value.strip()\n\n\n"
                                             f"def fallback(value):\n    return {C}\n"}),
]


# Sanitizers and guards per sink: (desc, real lines, safe lines, imports, module lines). T is the tainted name.
def guard_shapes(cat):
    esc_wrong = ("html.escape applied before a non-HTML sink",
                 ["bar = html.escape(T)"], None, ["import html"], [])
    abort_import = ["from flask import abort"]
    common = {
        "int": ("int() conversion or none",
                ["bar = T"], ["bar = str(int(T))"], [], []),
        "uuid": ("uuid.UUID() conversion or none",
                 ["bar = T"], ["bar = str(uuid.UUID(T))"], ["import uuid"], []),
        "float": ("float() conversion or none",
                  ["bar = T"], ["bar = str(float(T))"], [], []),
        "allow_abort": ("allow-list `not in ... : abort()` or a check that only logs",
                        ["if T not in ALLOWED:", '    print("unexpected value")', "bar = T"],
                        ["if T not in ALLOWED:", "    abort(400)", "bar = T"], abort_import, []),
        "allow_in": ("allow-list `if x in ALLOWED:` around the use, or a check any value passes",
                     ["bar = DEFAULT_VALUE", "if T in ALLOWED or T.isprintable():", "    bar = T"],
                     ["bar = DEFAULT_VALUE", "if T in ALLOWED:", "    bar = T"], [], []),
        "fullmatch": ("re.fullmatch guard or a prefix-only re.match",
                      ["if not re.match(PATTERN, T):", "    abort(400)", "bar = T"],
                      ["if not re.fullmatch(PATTERN, T):", "    abort(400)", "bar = T"], ["import re"] + abort_import, []),
    }
    table = {
        "sql": ["int", "allow_abort", "fullmatch", "float", "wrong"],
        "command": ["shlex", "allow_in", "fullmatch", "wrong"],
        "code": ["int", "allow_abort", "fullmatch", "wrong"],
        "ldap": ["ldapesc", "fullmatch", "allow_in", "wrong"],
        "xpath": ["int", "fullmatch", "allow_abort", "wrong"],
        "path": ["secure_filename", "basename", "safe_join", "replace"],
        "redirect": ["allow_abort", "startswith", "allow_in", "wrong"],
        "xss": ["html", "markupsafe", "own_escape", "int", "shlex_wrong"],
        "header": ["crlf", "int", "fullmatch", "wrong"],
        "template": ["lookup", "fullmatch", "wrong", "allow_abort"],
        "deserialization": ["hmac", "allow_in"],
        "xxe": ["allow_in"],
        "hash": [],
        "randomness": [],
        "cookies": [],
        "trust-boundary": ["allow_abort", "int", "fullmatch", "wrong"],
    }
    specific = {
        "shlex": ("shlex.quote or html.escape before a shell", ["bar = html.escape(T)"], ["bar = shlex.quote(T)"],
                  ["import html", "import shlex"], []),
        "ldapesc": ("escape_filter_chars or html.escape before an LDAP filter", ["bar = html.escape(T)"],
                    ["bar = escape_filter_chars(T)"], ["import html", "from ldap.filter import escape_filter_chars"], []),
        "secure_filename": ("secure_filename or normpath", ["bar = os.path.normpath(T)"], ["bar = secure_filename(T)"],
                            ["import os", "from werkzeug.utils import secure_filename"], []),
        "basename": ("basename plus a check, or the check alone",
                     ["name = T", 'if not name or name.startswith("."):', "    abort(400)", "bar = name"],
                     ["name = os.path.basename(T)", 'if not name or name.startswith("."):', "    abort(400)", "bar = name"],
                     ["import os"] + abort_import, []),
        "safe_join": ("werkzeug safe_join or os.path.join",
                      ["target = os.path.join(UPLOADS, T)", "if target is None:", "    abort(404)", "bar = target"],
                      ["target = safe_join(UPLOADS, T)", "if target is None:", "    abort(404)", "bar = target"],
                      ["import os", "from werkzeug.security import safe_join"] + abort_import, ['UPLOADS = "/srv/uploads"']),
        "replace": ("one-pass replace of ../ (bypassable) or secure_filename",
                    ['bar = T.replace("../", "")'], ["bar = secure_filename(T)"],
                    ["from werkzeug.utils import secure_filename"], []),
        "startswith": ("startswith('/') only (allows //host) or a full local-path check",
                       ['if not T.startswith("/"):', "    abort(400)", "bar = T"],
                       ['if not T.startswith("/") or T.startswith("//") or "\\\\" in T:', "    abort(400)", "bar = T"],
                       abort_import, []),
        "html": ("html.escape or strip before HTML", ["bar = T.strip()"], ["bar = html.escape(T)"], ["import html"], []),
        "markupsafe": ("markupsafe.escape or str.title before HTML", ["bar = T.title()"], ["bar = str(escape(T))"],
                       ["from markupsafe import escape"], []),
        "own_escape": ("the project's own escape helper (replace chain) or a helper that only lowercases",
                       ["bar = clean_text(T)"], ["bar = escape_for_html(T)"], [],
                       ["def escape_for_html(text):",
                        '    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(\'"\', "&quot;")',
                        "", "def clean_text(text):", "    return text.strip().lower()"]),
        "shlex_wrong": ("shlex.quote (wrong for HTML) or html.escape", ["bar = shlex.quote(T)"], ["bar = html.escape(T)"],
                        ["import html", "import shlex"], []),
        "crlf": ("CR/LF removed or only the ends stripped", ["bar = T.strip()"],
                 ['bar = T.replace("\\r", "").replace("\\n", "")'], [], []),
        "lookup": ("template chosen from a dict by the request value, or the value itself",
                   ["bar = TEMPLATES.get(T, T)"], ["bar = TEMPLATES.get(T, TEMPLATES['default'])"], [],
                   ["TEMPLATES = {'default': '<p>Hello</p>', 'short': '<p>Hi</p>'}"]),
        "hmac": ("HMAC signature enforced, or only logged",
                 ['sig = request.args.get("sig", "")', 'valid = hmac.compare_digest(sig, hmac.new(KEY, T.encode(), "sha256").hexdigest())',
                  "if not valid:", '    print("bad signature")', "bar = T"],
                 ['sig = request.args.get("sig", "")', 'valid = hmac.compare_digest(sig, hmac.new(KEY, T.encode(), "sha256").hexdigest())',
                  "if not valid:", "    abort(403)", "bar = T"],
                 ["import hmac", "import os"] + abort_import, ['KEY = os.environ["PREFS_KEY"].encode()']),
    }
    out = []
    for key in table[cat]:
        if key == "wrong":
            desc, real, _, imp, mod = esc_wrong
            safe_key = {"sql": "int", "command": "shlex", "code": "int", "ldap": "ldapesc", "xpath": "int",
                        "redirect": "allow_abort", "header": "crlf", "template": "fullmatch",
                        "trust-boundary": "fullmatch"}[cat]
            sk = specific.get(safe_key) or common[safe_key]
            out.append((f"html.escape (wrong sanitizer) vs {sk[0].split(' or ')[0]}", real, sk[2], imp + sk[3], mod + sk[4]))
        elif key in common:
            out.append(common[key])
        else:
            out.append(specific[key])
    return out


ALLOW = {
    "sql": ("{'1', '2', '42'}", "r'[0-9]{1,9}'", "'42'"),
    "command": ("{'example.org', 'example.net'}", "r'[a-z0-9.-]{1,63}'", "'example.org'"),
    "code": ("{'1 + 1', '6 * 7'}", "r'[0-9]{1,6}'", "'6 * 7'"),
    "ldap": ("{'jdoe', 'asmith'}", "r'[a-z]{1,32}'", "'jdoe'"),
    "xpath": ("{'1', '7'}", "r'[0-9]{1,6}'", "'7'"),
    "path": ("{'report.txt', 'notes.txt'}", "r'[a-z]{1,20}\\.txt'", "'report.txt'"),
    "redirect": ("{'/dashboard', '/account'}", "r'/[a-z]{1,20}'", "'/dashboard'"),
    "xss": ("{'guest', 'admin'}", "r'[A-Za-z ]{1,40}'", "'guest'"),
    "header": ("{'tag-1', 'tag-2'}", "r'[A-Za-z0-9-]{1,40}'", "'tag-1'"),
    "template": ("{'<p>Hello</p>', '<p>Hi</p>'}", "r'[A-Za-z ,.!]{1,80}'", "'<p>Hello</p>'"),
    "deserialization": (f"{{{PICKLED!r}}}", "r'[A-Za-z0-9+/=]{1,200}'", repr(PICKLED)),
    "xxe": ("{'<order><name>tea</name></order>'}", "r'[a-z<>/]{1,200}'", "'<order><name>tea</name></order>'"),
    "trust-boundary": ("{'guest', 'member'}", "r'[a-z]{1,20}'", "'guest'"),
}

# API twins: the safe twin uses a different, safe API at the same place. (desc, imports, module, real body, safe body)
# Bodies use `param` (request data) and end with a return.
API_TWINS = {
    "hash": [
        ("md5 vs pbkdf2_hmac of a password", ["import hashlib", "import os"],
         ['pw_hash = hashlib.md5(param.encode()).hexdigest()', "return pw_hash"],
         ['salt = os.urandom(16)', 'pw_hash = hashlib.pbkdf2_hmac("sha256", param.encode(), salt, 600_000).hex()', "return pw_hash"]),
        ("hashlib.new('md5') vs hashlib.scrypt of a password", ["import hashlib", "import os"],
         ['pw_hash = hashlib.new("md5", param.encode()).hexdigest()', "return pw_hash"],
         ['pw_hash = hashlib.scrypt(param.encode(), salt=os.urandom(16), n=2**14, r=8, p=1).hex()', "return pw_hash"]),
        ("md5 of a password vs md5(usedforsecurity=False) of page content for an ETag", ["import hashlib"],
         ['digest = hashlib.md5(param.encode()).hexdigest()', "return digest"],
         ['body = "<p>catalogue</p>"', 'digest = hashlib.md5(body.encode(), usedforsecurity=False).hexdigest()', "return digest"]),
        ("md5 vs sha256 of an API key for lookup", ["import hashlib"],
         ['key_id = hashlib.md5(param.encode()).hexdigest()', "return key_id"],
         ['key_id = hashlib.sha256(param.encode()).hexdigest()', "return key_id"]),
        ("unsalted sha256 vs bcrypt of a password", ["import bcrypt", "import hashlib"],
         ['pw_hash = hashlib.sha256(param.encode()).hexdigest()', "return pw_hash"],
         ['pw_hash = bcrypt.hashpw(param.encode(), bcrypt.gensalt()).decode()', "return pw_hash"]),
    ],
    "randomness": [
        ("random.choice vs secrets.choice for a reset code", ["import random", "import secrets", "import string"],
         ['code = "".join(random.choice(string.digits) for _ in range(8))', 'RESET_CODES[code] = "user-1"', "return 'mailed'"],
         ['code = "".join(secrets.choice(string.digits) for _ in range(8))', 'RESET_CODES[code] = "user-1"', "return 'mailed'"]),
        ("random.choice vs SystemRandom().choice for an API key", ["import random", "import string"],
         ['api_key = "".join(random.choice(string.ascii_letters) for _ in range(32))', "return api_key"],
         ['api_key = "".join(random.SystemRandom().choice(string.ascii_letters) for _ in range(32))', "return api_key"]),
        ("uuid1 vs uuid4 for a session id", ["import uuid"],
         ["session_id = str(uuid.uuid1())", 'SESSIONS[session_id] = "user-1"', "return session_id"],
         ["session_id = str(uuid.uuid4())", 'SESSIONS[session_id] = "user-1"', "return session_id"]),
        ("random.getrandbits vs os.urandom for a CSRF token", ["import os", "import random"],
         ['csrf_token = "%032x" % random.getrandbits(128)', "return csrf_token"],
         ["csrf_token = os.urandom(16).hex()", "return csrf_token"]),
    ],
    "cookies": [
        ("set_cookie without flags vs with secure/httponly/samesite", ["import secrets", "from flask import make_response"],
         ['resp = make_response("ok")', 'resp.set_cookie("session_id", secrets.token_urlsafe(32))', "return resp"],
         ['resp = make_response("ok")', 'resp.set_cookie("session_id", secrets.token_urlsafe(32), secure=True, httponly=True, samesite="Strict")', "return resp"]),
        ("session cookie config flag False vs True", ["from flask import session"],
         ['app.config["SESSION_COOKIE_SECURE"] = False', 'session["seen"] = True', "return 'ok'"],
         ['app.config["SESSION_COOKIE_SECURE"] = True', 'session["seen"] = True', "return 'ok'"]),
        ("httponly=False vs httponly=True on a login cookie", ["import secrets", "from flask import make_response"],
         ['resp = make_response("ok")', 'resp.set_cookie("remember_token", secrets.token_hex(16), secure=True, httponly=False)', "return resp"],
         ['resp = make_response("ok")', 'resp.set_cookie("remember_token", secrets.token_hex(16), secure=True, httponly=True)', "return resp"]),
        ("flagless cookie holding a session token vs a flagless display preference (non-sensitive value)",
         ["import secrets", "from flask import make_response"],
         ['resp = make_response("ok")', 'resp.set_cookie("session_id", secrets.token_urlsafe(32))', "return resp"],
         ['resp = make_response("ok")', 'resp.set_cookie("ui_theme", "dark")', "return resp"]),
    ],
    "xxe": [
        ("lxml parser resolve_entities=True vs False", ["from lxml import etree"],
         ["parser = etree.XMLParser(resolve_entities=True)", "doc = etree.fromstring(param.encode(), parser)", 'return doc.findtext("name") or ""'],
         ["parser = etree.XMLParser(resolve_entities=False, no_network=True)", "doc = etree.fromstring(param.encode(), parser)", 'return doc.findtext("name") or ""']),
        ("lxml with entity resolution vs defusedxml", ["import defusedxml.ElementTree", "from lxml import etree"],
         ["doc = etree.fromstring(param.encode(), etree.XMLParser(resolve_entities=True))", 'return doc.findtext("name") or ""'],
         ["doc = defusedxml.ElementTree.fromstring(param)", 'return doc.findtext("name") or ""']),
        ("resolve_entities folded from a local constant", ["from lxml import etree"],
         ["resolve = True", "parser = etree.XMLParser(resolve_entities=resolve)", "doc = etree.fromstring(param.encode(), parser)", 'return doc.findtext("name") or ""'],
         ["resolve = False", "parser = etree.XMLParser(resolve_entities=resolve)", "doc = etree.fromstring(param.encode(), parser)", 'return doc.findtext("name") or ""']),
        ("xml.sax with external general entities on vs off", ["import io", "import xml.sax", "from xml.sax.handler import feature_external_ges"],
         ["parser = xml.sax.make_parser()", "parser.setFeature(feature_external_ges, True)", "parser.parse(io.StringIO(param))", "return 'parsed'"],
         ["parser = xml.sax.make_parser()", "parser.setFeature(feature_external_ges, False)", "parser.parse(io.StringIO(param))", "return 'parsed'"]),
    ],
    "deserialization": [
        ("yaml.load(Loader=yaml.Loader) vs yaml.safe_load", ["import yaml"],
         ["prefs = yaml.load(param, Loader=yaml.Loader)", "return str(prefs)"],
         ["prefs = yaml.safe_load(param)", "return str(prefs)"]),
        ("yaml Loader chosen by a local constant", ["import yaml"],
         ["loader = yaml.UnsafeLoader", "prefs = yaml.load(param, Loader=loader)", "return str(prefs)"],
         ["loader = yaml.SafeLoader", "prefs = yaml.load(param, Loader=loader)", "return str(prefs)"]),
        ("pickle.loads vs json.loads of request data", ["import base64", "import json", "import pickle"],
         ["prefs = pickle.loads(base64.b64decode(param))", "return str(prefs)"],
         ["prefs = json.loads(base64.b64decode(param))", "return str(prefs)"]),
    ],
    "template": [
        ("request value concatenated into the template vs passed as a context variable", ["from flask import render_template_string"],
         ['return render_template_string("<p>Hello " + param + "</p>")'],
         ['return render_template_string("<p>Hello {{ name }}</p>", name=param)']),
        ("render_template_string of request data vs render_template with a file", ["from flask import render_template, render_template_string"],
         ["return render_template_string(param)"],
         ['return render_template("greeting.html", name=param)']),
        ("jinja2 Environment from_string vs a sandboxed environment", ["from jinja2 import Environment", "from jinja2.sandbox import SandboxedEnvironment"],
         ["return Environment().from_string(param).render()"],
         ["return SandboxedEnvironment().from_string(param).render()"]),
    ],
}

# ---------------------------------------------------------------------------------------------------
# Views per framework.


def indent(lines, n=4):
    return [(" " * n + l) if l else "" for l in lines]


def view_file(cat, kind, desc, fw, source, shape_lines, sink, imports, module, route):
    """app.py text: one view of framework fw reading `source` into param, computing bar, calling the sink."""
    imports = list(dict.fromkeys(imports + sink.imports))
    module = list(module) + sink.module
    body = [f"param = {source}"] if source is not None else []
    body += shape_lines + sink.body("bar")
    head = [f"# twin: {cat} {kind} — {desc}"]
    if fw == "flask":
        needs = ["Flask", "request"]
        fi = [i for i in imports if i.startswith("from flask import ")]
        others = [i for i in imports if not i.startswith("from flask import ")]
        for i in fi:
            needs += [n.strip() for n in i[len("from flask import "):].split(",")]
        imp = others + ["from flask import " + ", ".join(sorted(set(needs)))]
        if "unquote_plus(" in (source or "") and not any("unquote_plus" in i for i in imp):
            imp.insert(0, "from urllib.parse import unquote_plus")
        out = head + sorted(set(imp)) + ["", "app = Flask(__name__)", ""]
        out += module + ([""] if module else [])
        out += ["", f'@app.route("/{route}", methods=["GET", "POST"])', f"def {route.replace('-', '_')}():"]
        tail = [f"return {sink.ret}"] if sink.ret else []
        out += indent(body + tail)
    elif fw == "django":
        imp = sorted(set(imports + ["from django.http import HttpResponse"]))
        out = head + imp + [""] + module + ([""] if module else []) + ["", f"def {route.replace('-', '_')}(request):"]
        out += indent(body + [f"return HttpResponse({sink.ret})"])
    elif fw == "drf":
        imp = sorted(set(imports + ["from rest_framework.decorators import api_view",
                                    "from rest_framework.response import Response"]))
        out = head + imp + [""] + module + ([""] if module else []) + ["", '@api_view(["GET", "POST"])',
                                                                       f"def {route.replace('-', '_')}(request):"]
        out += indent(body + [f"return Response({sink.ret})"])
    elif fw == "fastapi":
        header = "header" in desc
        imp = sorted(set(imports + ["from fastapi import FastAPI" + (", Header" if header else ""),
                                    "from fastapi.responses import HTMLResponse"]))
        arg = "item: str = Header(...)" if header else "item: str"
        out = head + imp + ["", "app = FastAPI()"] + module + ["", "", f'@app.get("/{route}")',
                                                              f"def {route.replace('-', '_')}({arg}):"]
        out += indent(body + [f"return HTMLResponse({sink.ret})"])
    else:  # wsgi
        imp = sorted(set(imports))
        out = head + imp + [""] + module + ([""] if module else []) + ["", "def application(environ, start_response):"]
        out += indent(body + ['start_response("200 OK", [("Content-Type", "text/html")])', f"return [({sink.ret}).encode()]"])
    text = "\n".join(out)
    while "\n\n\n\n" in text:
        text = text.replace("\n\n\n\n", "\n\n\n")
    return text.rstrip() + "\n"


def api_view_file(cat, kind, desc, imports, body, route, source):
    flask_names = ["Flask", "request"]
    others = []
    for i in imports:
        if i.startswith("from flask import "):
            flask_names += [n.strip() for n in i[len("from flask import "):].split(",")]
        else:
            others.append(i)
    imp = sorted(set(others + ["from flask import " + ", ".join(sorted(set(flask_names)))]))
    module = ["RESET_CODES = {}", "SESSIONS = {}"] if cat == "randomness" else []
    lines = [f"# twin: {cat} {kind} — {desc}"] + imp + ["", "app = Flask(__name__)"] + module + ["", "",
             f'@app.route("/{route}", methods=["GET", "POST"])', f"def {route.replace('-', '_')}():"]
    lines += indent(([f"param = {source}"] if source else []) + body)
    return "\n".join(lines) + "\n"


DEFAULT_SOURCE = {
    "hash": 'request.form["password"]',
    "deserialization": 'request.cookies.get("prefs", "")',
    "xxe": "request.get_data(as_text=True)",
    "template": 'request.args.get("greeting", "")',
    "path": 'request.args.get("name", "")',
    "redirect": 'request.args.get("next", "/")',
}


def pick(seq, k, n):
    """n items of seq, starting at a category-dependent offset: every shape is used by several categories."""
    if not seq:
        return []
    start = (k * n) % len(seq)
    return [seq[(start + j) % len(seq)] for j in range(min(n, len(seq)))]


def build_cases():
    cases = []  # (category, real files, safe files)
    for k, cat in enumerate(SINKS):
        variants = SINKS[cat]
        pairs = []  # (desc, fw, source, real_lines, safe_lines, imports, module, files)
        taint_src, t_imports, t_module = TAINT.get(cat, (DEFAULT_SOURCE.get(cat, 'request.args.get("q", "")'), [], []))
        strings_ok = cat not in NOT_STRINGS

        def add(desc, real, safe, imports=(), module=(), files=None, fw="flask", source=None, sink_pref=None):
            pairs.append((desc, fw, source or taint_src, real, safe, list(imports) + t_imports,
                          list(module) + t_module, files, sink_pref))

        # Plain flow from the source.
        add("plain: flow from the source", lambda T, C: [f"bar = {T}"], lambda T, C: [f"bar = {C}"])
        # Sources (or, for randomness, weak generators).
        if cat == "randomness":
            for expr, name in WEAK_RANDOM[:4]:
                add(f"source: {name} token", lambda T, C: [f"bar = {T}"], lambda T, C: [f"raw = {T}", f"bar = {C}"],
                    imports=["import uuid"] if "uuid" in expr else [], source=expr)
        elif cat != "cookies":
            flask_src = pick(FLASK_SOURCES, k, 3)
            for expr, name in flask_src:
                add(f"source: {name}", lambda T, C: [f"bar = {T}"], lambda T, C: [f"bar = str(len({T}))"], source=expr)
            if "django" in variants[0].frameworks:
                for fw, expr, name in pick(OTHER_SOURCES, k, 2):
                    add(f"source: {name}", lambda T, C: [f"bar = {T}"], lambda T, C: [f"bar = str(len({T}))"],
                        fw=fw, source=expr)
            else:
                for expr, name in pick(FLASK_SOURCES, k + 7, 2):
                    add(f"source: {name}", lambda T, C: [f"bar = {T}"], lambda T, C: [f"raw = {T}", f"bar = {C}"],
                        source=expr)
        # Dead branches and constant conditions.
        for sh in pick(DEAD, k, 5 if strings_ok else 9):
            add("dead branch: " + sh.desc, sh.real, sh.safe, sh.imports, sh.module)
        # Collections.
        for sh in pick(COLLECTIONS, k, 5 if strings_ok else 10):
            add("collection: " + sh.desc, sh.real, sh.safe, sh.imports, sh.module)
        # String operations.
        if strings_ok:
            for sh in pick(STRINGS, k, 4):
                add("string: " + sh.desc, sh.real, sh.safe, sh.imports, sh.module)
        # Helpers in the same file and in another module.
        hs = HELPERS if strings_ok else [HELPERS[0], HELPERS[2]]
        for sh in hs:
            add("helper: " + sh.desc, sh.real, sh.safe, sh.imports, sh.module, files=sh.files)
        # Sanitizers and guards.
        allow = ALLOW.get(cat)
        for desc, real, safe, imports, module in guard_shapes(cat):
            mod = list(module)
            if allow:
                mod = [f"ALLOWED = {allow[0]}", f"PATTERN = {allow[1]}", f"DEFAULT_VALUE = {allow[2]}"] + mod
            add("sanitizer: " + desc, (lambda r: lambda T, C: [sub(l, T) for l in r])(real),
                (lambda s: lambda T, C: [sub(l, T) for l in s])(safe), imports, mod)
        out = []
        for i, (desc, fw, source, real, safe, imports, module, files, _) in enumerate(pairs):
            candidates = [v for v in variants if fw in v.frameworks] or variants
            sink = candidates[i % len(candidates)]
            T, C = "param", sink.clean
            extra_imports = list(imports)
            if cat == "randomness" and "import uuid" not in extra_imports and "uuid" in source:
                extra_imports.append("import uuid")
            mod = [l.replace("DEFAULT = None", f"DEFAULT = {C}") for l in module]
            route = f"{cat}-{i + 1:03d}"
            files_for = files(T, C) if files else {}
            out.append((desc, {"app.py": view_file(cat, "real", desc, fw, source, real(T, C), sink, extra_imports, mod, route),
                               **files_for},
                        {"app.py": view_file(cat, "safe", desc, fw, source, safe(T, C), sink, extra_imports, mod, route),
                         **files_for}))
        # API twins (the safe twin uses another API at the same place).
        for desc, imports, real_body, safe_body in API_TWINS.get(cat, []):
            i = len(out)
            route = f"{cat}-{i + 1:03d}"
            src = None if cat in ("randomness", "cookies") else DEFAULT_SOURCE.get(cat, 'request.args.get("q", "")')
            out.append((desc, {"app.py": api_view_file(cat, "real", "api twin: " + desc, imports, real_body, route, src)},
                        {"app.py": api_view_file(cat, "safe", "api twin: " + desc, imports, safe_body, route, src)}))
        cases.append((cat, out))
    return cases


def sub(line, T):
    # Guard templates name the tainted value `T`; only whole-word T is replaced.
    import re
    return re.sub(r"\bT\b", T, line)


def main():
    if len(sys.argv) != 2:
        print("usage: make_twins.py OUT_DIR", file=sys.stderr)
        return 2
    root = sys.argv[1]
    total = 0
    for cat, pairs in build_cases():
        for n, (_, real, safe) in enumerate(pairs, 1):
            for kind, files in (("real", real), ("safe", safe)):
                for rel, text in files.items():
                    path = os.path.join(root, cat, f"{n:03d}-{kind}", rel)
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    with open(path, "w", encoding="utf-8") as fh:
                        fh.write(text)
            total += 1
    print(f"twins: {total} pairs in {len(SINKS)} categories under {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
