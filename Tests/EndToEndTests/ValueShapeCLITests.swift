import Foundation
import XCTest

/// The taint engine's knowledge of values, as a user meets it: one staged change with a file per
/// propagation form and one for its safe twin, reviewed by `shortwall staged`. Each real file must be
/// reported once, at its `os.system(bar)`, and each safe twin not at all.
final class ValueShapeCLITests: XCTestCase {
    /// Form name → (body of the real flaw, body of its safe twin). `param` holds request data; the body
    /// sets `bar`, which reaches the shell.
    private let cases: [String: (real: String, safe: String)] = [
        // Dead branches and constant conditions.
        "if_constant": ("num = 86\nif 7 * 42 - num < 200:\n    bar = 'safe'\nelse:\n    bar = param",
                        "num = 86\nif 7 * 42 - num > 200:\n    bar = 'safe'\nelse:\n    bar = param"),
        "conditional_expression": ("num = 86\nbar = 'safe' if 7 * 42 - num < 200 else param",
                                   "num = 86\nbar = 'safe' if 7 * 42 - num > 200 else param"),
        "elif_chain": ("t = 'ABC'[1]\nif t == 'A':\n    bar = 'a'\nelif t == 'B':\n    bar = param\nelse:\n    bar = 'c'",
                       "t = 'ABC'[2]\nif t == 'A':\n    bar = param\nelif t == 'B':\n    bar = param\nelse:\n    bar = 'c'"),
        "match_constant": ("t = 'ABC'[2]\nmatch t:\n    case 'B':\n        bar = 'bob'\n    case 'C' | 'D':\n        bar = param\n    case _:\n        bar = 'x'",
                           "t = 'ABC'[1]\nmatch t:\n    case 'B':\n        bar = 'bob'\n    case 'C' | 'D':\n        bar = param\n    case _:\n        bar = 'x'"),
        "loop_never_runs": ("bar = param\nfor x in []:\n    bar = 'safe'", "bar = 'safe'\nfor x in []:\n    bar = param"),
        "loop_always_runs": ("bar = 'safe'\nfor x in ['a']:\n    bar = param", "bar = param\nfor x in ['a', 'b']:\n    bar = 'safe'"),
        "while_never_runs": ("bar = 'safe'\nn = 0\nwhile n < 1:\n    bar = param\n    n += 1",
                             "bar = 'safe'\nn = 0\nwhile n > 0:\n    bar = param"),
        "float_condition": ("num = 196\nbar = 'safe' if (500 / 42) + num < 200 else param",
                            "num = 196\nbar = 'safe' if (500 / 42) + num > 200 else param"),
        // Collections.
        "list_index": ("values = [param, 'safe']\nbar = values[0]", "values = [param, 'safe']\nbar = values[1]"),
        "list_append_pop": ("lst = []\nlst.append('safe')\nlst.append(param)\nlst.append('moresafe')\nlst.pop(0)\nbar = lst[0]",
                            "lst = []\nlst.append('safe')\nlst.append(param)\nlst.append('moresafe')\nlst.pop(0)\nbar = lst[1]"),
        "list_insert": ("lst = ['a', 'b']\nlst.insert(1, param)\nbar = lst[1]", "lst = ['a', 'b']\nlst.insert(1, param)\nbar = lst[2]"),
        "list_remove": ("lst = ['safe', param]\nlst.remove('safe')\nbar = lst[0]", "lst = ['safe', param, 'x']\nlst.remove('safe')\nbar = lst[1]"),
        "list_extend": ("lst = ['a']\nlst.extend([param, 'b'])\nbar = lst[1]", "lst = ['a']\nlst.extend([param, 'b'])\nbar = lst[2]"),
        "deque": ("lst = collections.deque()\nlst.append('safe')\nlst.append(param)\nlst.popleft()\nbar = lst[0]",
                  "lst = collections.deque()\nlst.append(param)\nlst.appendleft('safe')\nlst.pop()\nbar = lst[0]"),
        "dict_key": ("m = {}\nm['keyA'] = 'a-Value'\nm['keyB'] = param\nbar = m['keyB']",
                     "m = {}\nm['keyA'] = 'a-Value'\nm['keyB'] = param\nbar = m['keyA']"),
        "dict_get": ("m = {'keyA': 'a', 'keyB': param}\nbar = m.get('keyB')", "m = {'keyA': 'a', 'keyB': param}\nbar = m.get('keyA')"),
        "overwrite": ("m = {'k': 'x'}\nbar = 'safe'\nm['k'] = param\nbar = m['k']", "m = {'k': param}\nbar = param\nm['k'] = 'x'\nbar = m['k']"),
        "tuple_unpacking": ("a, b = param, 'x'\nbar = a", "a, b = param, 'x'\nbar = b"),
        "list_comprehension": ("bar = [v.strip() for v in [param, 'x']][1]", "bar = [v.strip() for v in ['y', 'x']][0]"),
        "dict_comprehension": ("bar = {k: v for k, v in [('a', param)]}['a']", "bar = {k: v for k, v in [('a', 'x')]}['a']"),
        "zip": ("bar = ''\nfor a, b in zip(['x'], [param]):\n    bar = b", "bar = ''\nfor a, b in zip(['x'], ['y']):\n    bar = b"),
        "enumerate": ("bar = ''\nfor i, v in enumerate([param]):\n    bar = v", "bar = ''\nfor i, v in enumerate(['x']):\n    bar = v"),
        "sorted": ("bar = sorted([param, 'a'])[0]", "bar = sorted(['b', 'a'])[0]"),
        "reversed": ("lst = ['a', param, 'c']\nbar = list(reversed(lst))[1]", "lst = ['a', param, 'c']\nbar = list(reversed(lst))[0]"),
        "configparser": ("import configparser\nconf = configparser.ConfigParser()\nconf.add_section('s')\nconf.set('s', 'keyA', 'a')\nconf.set('s', 'keyB', param)\nbar = conf.get('s', 'keyB')",
                         "import configparser\nconf = configparser.ConfigParser()\nconf.add_section('s')\nconf.set('s', 'keyA', 'a')\nconf.set('s', 'keyB', param)\nbar = conf.get('s', 'keyA')"),
        // String operations.
        "slice_with_len": ("s = f'90583{param}abcd'\nbar = s[len('90583'):len(s) - 5]", "s = f'90583{param}abcd'\nbar = s[0:5]"),
        "slice_from_end": ("s = f'90583{param}abcd'\nbar = s[-5:]", "s = f'90583{param}abcd'\nbar = s[-4:]"),
        "replace": ("bar = param.replace('a', 'b')", "bar = 'ls a'.replace('a', 'b')"),
        "split_index": ("bar = param.split(' ')[0]", "bar = 'ls -l'.split(' ')[0]"),
        "join": ("bar = ' '.join(['ls', param])", "bar = ' '.join(['ls', 'tmp'])"),
        "strip": ("bar = param.strip()", "bar = '  ls '.strip()"),
        "fstring": ("bar = f'ls {param}'", "p = 'tmp'\nbar = f'ls {p}'"),
        "percent": ("bar = 'ls %s' % param", "bar = 'ls %s' % 'tmp'"),
        "format": ("bar = 'ls {}'.format(param)", "bar = 'ls {}'.format('tmp')"),
        "str": ("bar = str(param)", "bar = str(param.count('a'))"),
        "format_field": ("bar = '{0}'.format(param, 'ls')", "bar = '{1}'.format(param, 'ls')"),
        "replace_absent": ("t = 'ls @@'\nbar = t.replace('@@', param)", "t = 'ls'\nbar = t.replace('@@', param)"),
        "split_literal_start": ("s = 'ls' + ' ' + param\nbar = s.split(' ', 1)[1]", "s = 'ls' + ' ' + param\nbar = s.split(' ', 1)[0]"),
        "bytes_decode": ("bar = bytes(param, 'utf-8').decode('utf-8')", "bar = bytes('ls', 'utf-8').decode('utf-8')"),
        "encode_decode": ("bar = param.encode('utf-8').decode('utf-8')", "bar = 'ls'.encode('utf-8').decode('utf-8')"),
        "base64_round_trip": ("bar = base64.b64decode(base64.b64encode(param.encode('utf-8'))).decode('utf-8')",
                              "bar = base64.b64decode(base64.b64encode('ls'.encode('utf-8'))).decode('utf-8')"),
        "unquote_plus": ("bar = urllib.parse.unquote_plus(param)", "bar = urllib.parse.unquote_plus('ls+-l')"),
        "codecs": ("bar = codecs.decode(codecs.encode(param, 'rot_13'), 'rot_13')", "bar = codecs.decode(codecs.encode('ls', 'rot_13'), 'rot_13')"),
    ]

    private func file(_ body: String) -> String {
        "import os, base64, codecs, collections, urllib.parse\nfrom flask import Flask, request\napp = Flask(__name__)\n\n"
            + "@app.route('/run')\ndef run():\n    param = request.args.get('p')\n"
            + body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n    os.system(bar)\n    return 'ok'\n"
    }

    func testEachFormAndItsSafeTwinThroughStaged() throws {
        let repo = try Sandbox()
        _ = try repo.commit("base", files: ["README.md": "hello\n"])
        var expected: [String: Int] = [:]
        for (name, c) in cases {
            let real = file(c.real)
            try repo.write("real/\(name).py", real)
            try repo.write("safe/\(name).py", file(c.safe))
            expected["real/\(name).py"] = real.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("os.system(bar)") }! + 1
        }
        try repo.git("add", "-A")
        let result = try repo.shortwall("staged", "--format", "json")
        XCTAssertEqual(result.status, 1, result.stderr)
        let findings = try Sandbox.findings(result.stdout).filter { $0["rule"] as? String == "python.command-injection" }
        var found: [String: [Int]] = [:]
        for f in findings { if let path = f["file"] as? String { found[path, default: []].append(f["line"] as? Int ?? 0) } }
        for name in cases.keys.sorted() {
            XCTAssertEqual(found["real/\(name).py"], expected["real/\(name).py"].map { [$0] }, "real flaw not reported once at its sink: \(name)")
            XCTAssertNil(found["safe/\(name).py"], "safe twin reported: \(name)")
        }
        XCTAssertEqual(found.count, cases.count)
    }
}
