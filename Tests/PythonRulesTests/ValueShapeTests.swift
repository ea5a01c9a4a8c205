import XCTest
import Findings
@testable import PythonRules

/// Each form that knows values (constants, collections, built strings), as a real flow and its safe twin:
/// the same view, the same sink, only the value that reaches it differs.
final class ValueShapeTests: XCTestCase {
    /// A Flask view: `param` from the request, then `body`, then `os.system(bar)` on the last line.
    private func commandFlow(_ body: String) -> [Finding] {
        let src = "import os, base64, codecs, collections, urllib.parse\nfrom flask import request\n\ndef view():\n"
            + "    param = request.args.get('p')\n"
            + body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n    os.system(bar)\n"
        return review(src).filter { $0.rule == "python.command-injection" }
    }

    private func assertTwins(real: String, safe: String, file: StaticString = #filePath, line: UInt = #line) {
        let r = commandFlow(real)
        XCTAssertEqual(r.map(\.confidence), [.high], "expected a tainted flow for:\n\(real)\n\(r.map(\.message))", file: file, line: line)
        let s = commandFlow(safe)
        XCTAssertEqual(s.map(\.message), [], "expected no finding for:\n\(safe)", file: file, line: line)
    }

    func testConstantConditions() {
        assertTwins(real: "num = 86\nif 7 * 42 - num < 200:\n    bar = 'safe'\nelse:\n    bar = param",
                    safe: "num = 86\nif 7 * 42 - num > 200:\n    bar = 'safe'\nelse:\n    bar = param")
        assertTwins(real: "num = 106\nbar = 'safe' if (7 * 18) + num > 200 * 2 else param",
                    safe: "num = 106\nbar = 'safe' if (7 * 18) + num > 200 else param")
        assertTwins(real: "guess = 'ABC'\nt = guess[1]\nif t == 'A':\n    bar = 'a'\nelif t == 'B':\n    bar = param\nelse:\n    bar = 'c'",
                    safe: "guess = 'ABC'\nt = guess[2]\nif t == 'A':\n    bar = param\nelif t == 'B':\n    bar = param\nelse:\n    bar = 'c'")
        assertTwins(real: "flag = len('abc') == 3 and not None\nbar = param if flag else 'x'",
                    safe: "flag = len('abc') == 4 or None\nbar = param if flag else 'x'")
        assertTwins(real: "mode = 'debug'\nbar = param if mode.startswith('d') else 'x'",
                    safe: "mode = 'debug'\nbar = 'x'\nif mode == 'release':\n    bar = param")
    }

    func testFloatsAndStringMethodsFold() {
        assertTwins(real: "num = 196\nif (500 / 42) + num < 200:\n    bar = 'safe'\nelse:\n    bar = param",
                    safe: "num = 196\nif (500 / 42) + num > 200:\n    bar = 'safe'\nelse:\n    bar = param")
        assertTwins(real: "mode = ' Debug '.strip().lower()\nbar = param if mode == 'debug' else 'x'",
                    safe: "mode = ' Debug '.strip().lower()\nbar = param if mode == 'release' else 'x'")
        assertTwins(real: "parts = 'a,b'.split(',')\nbar = param if parts[1] == 'b' else 'x'",
                    safe: "parts = 'a,b'.split(',')\nbar = param if parts[1] == 'a' else 'x'")
    }

    func testFormatFieldsReplaceAndCounts() {
        assertTwins(real: "bar = '{0}'.format(param, 'x')", safe: "bar = '{1}'.format(param, 'x')")
        assertTwins(real: "bar = 'a{}b{}'.format('x', param)", safe: "bar = 'a{}b{{}}'.format('x', param)")
        assertTwins(real: "t = 'value=@@'\nbar = t.replace('@@', param)", safe: "t = 'guest'\nbar = t.replace('@@@', param)")
        assertTwins(real: "s = 'ls' + ' ' + param\nbar = s.split(' ', 1)[1]", safe: "s = 'ls' + ' ' + param\nbar = s.split(' ', 1)[0]")
        assertTwins(real: "bar = str(param)", safe: "bar = str(param.count('a')) + str(param.isdigit())")
        assertTwins(real: "values = [param, 'x']\nvalues.remove(values[1])\nbar = values[0]",
                    safe: "values = [param, 'x']\nvalues.remove(values[0])\nbar = values[0]")
    }

    func testConfigParserOptions() {
        let fill = "import configparser\nconf = configparser.ConfigParser()\nconf.add_section('section')\n"
            + "conf.set('section', 'keyA', 'a_Value')\nconf.set('section', 'keyB', param)\n"
        assertTwins(real: fill + "bar = conf.get('section', 'keyB')", safe: fill + "bar = conf.get('section', 'keyA')")
    }

    func testMatchOnAConstant() {
        let cases = "match t:\n    case 'A':\n        bar = param\n    case 'B':\n        bar = 'bob'\n    case 'C' | 'D':\n        bar = param\n    case _:\n        bar = 'other'"
        assertTwins(real: "t = 'ABC'[2]\n" + cases, safe: "t = 'ABC'[1]\n" + cases)
        // A subject the analysis does not know takes every case, as before.
        let unknown = commandFlow("t = request.args['t']\n" + cases)
        XCTAssertEqual(unknown.map(\.confidence), [.high])
    }

    func testLoopsThatAlwaysOrNeverRun() {
        assertTwins(real: "bar = param\nfor x in []:\n    bar = 'safe'", safe: "bar = param\nfor x in ['a', 'b']:\n    bar = 'safe'")
        assertTwins(real: "bar = 'safe'\nfor i in range(1, 3):\n    bar = param", safe: "bar = 'safe'\nfor i in range(5, 0):\n    bar = param")
        assertTwins(real: "bar = 'safe'\nn = 0\nwhile n > 0:\n    bar = 'x'\nwhile n < 1:\n    bar = param\n    n += 1",
                    safe: "bar = 'safe'\nn = 0\nwhile n > 0:\n    bar = param")
        // A break can end the loop before the assignment: both values remain possible.
        let f = commandFlow("bar = param\nfor x in ['a']:\n    if x == request.args['y']:\n        break\n    bar = 'safe'")
        XCTAssertEqual(f.map(\.confidence), [.high])
    }

    func testCountersAreNotFoldedToTheirFirstValue() {
        // The first pass sees i == 0; the second must not take `i == 2` for false.
        let f = commandFlow("bar = 'safe'\ni = 0\nwhile request.args:\n    if i == 2:\n        bar = param\n    i += 1")
        XCTAssertEqual(f.map(\.confidence), [.high])
        let g = commandFlow("bar = 'safe'\nflag = False\nfor x in request.args:\n    if flag:\n        bar = param\n    flag = True")
        XCTAssertEqual(g.map(\.confidence), [.high])
        // Loops nested deeper than three run their body once: nothing is decided inside them.
        let deep = "bar = 'safe'\ni = 0\nfor a in request.args:\n for b in a:\n  for c in b:\n   for d in c:\n    if i == 1:\n     bar = param\n    i = 1"
        XCTAssertEqual(commandFlow(deep).map(\.confidence), [.high])
    }

    func testListsByPosition() {
        assertTwins(real: "values = [param, 'safe']\nbar = values[0]", safe: "values = [param, 'safe']\nbar = values[1]")
        assertTwins(real: "values = (param, 'safe')\nbar = values[-2]", safe: "values = (param, 'safe')\nbar = values[-1]")
        assertTwins(real: "lst = []\nlst.append('safe')\nlst.append(param)\nlst.append('moresafe')\nlst.pop(0)\nbar = lst[0]",
                    safe: "lst = []\nlst.append('safe')\nlst.append(param)\nlst.append('moresafe')\nlst.pop(0)\nbar = lst[1]")
        assertTwins(real: "lst = ['a', 'b']\nlst.insert(1, param)\nbar = lst[1]", safe: "lst = ['a', 'b']\nlst.insert(1, param)\nbar = lst[2]")
        assertTwins(real: "lst = ['safe', param]\nlst.remove('safe')\nbar = lst[0]", safe: "lst = ['safe', param, 'x']\nlst.remove('safe')\nbar = lst[1]")
        assertTwins(real: "lst = ['a']\nlst.extend([param, 'b'])\nbar = lst[1]", safe: "lst = ['a']\nlst.extend([param, 'b'])\nbar = lst[2]")
        assertTwins(real: "lst = ['a', param]\nbar = lst.pop()", safe: "lst = ['a', param]\nlst.pop()\nbar = lst.pop()")
        assertTwins(real: "lst = ['a', 'b']\nlst[1] = param\nbar = lst[1]", safe: "lst = [param, 'b']\nlst[0] = 'a'\nbar = lst[0] + lst[1]")
        assertTwins(real: "lst = [param, 'b']\ndel lst[1]\nbar = lst[0]", safe: "lst = [param, 'b']\ndel lst[0]\nbar = lst[0]")
        assertTwins(real: "lst = ['a', param, 'c']\nbar = list(reversed(lst))[1]", safe: "lst = ['a', param, 'c']\nbar = list(reversed(lst))[0]")
        assertTwins(real: "lst = ['a', param, 'c']\nbar = lst[1:][0]", safe: "lst = ['a', param, 'c']\nbar = lst[2:][0]")
    }

    func testDeques() {
        assertTwins(real: "lst = collections.deque()\nlst.append('safe')\nlst.append(param)\nlst.append('moresafe')\nlst.popleft()\nbar = lst[0]",
                    safe: "lst = collections.deque()\nlst.append('safe')\nlst.append(param)\nlst.append('moresafe')\nlst.popleft()\nbar = lst[-1]")
        assertTwins(real: "lst = collections.deque(['a'])\nlst.appendleft(param)\nbar = lst[0]",
                    safe: "lst = collections.deque(['a'])\nlst.appendleft(param)\nbar = lst[1]")
    }

    func testDictsByConstantKey() {
        let fill = "m = {}\nm['keyA'] = 'a-Value'\nm['keyB'] = param\nm['keyC'] = 'another-Value'\n"
        assertTwins(real: fill + "bar = m['keyB']", safe: fill + "bar = m['keyA']")
        assertTwins(real: fill + "bar = m.get('keyB')", safe: fill + "bar = m.get('keyA')")
        assertTwins(real: "m = {'a': 'x', 'b': param}\nbar = m['b']", safe: "m = {'a': 'x', 'b': param}\nbar = m['a']")
        // The last write wins, for names and for keys.
        assertTwins(real: "bar = 'safe'\nbar = m0 = {'k': param}\nbar = m0['k']", safe: fill + "bar = 'safe'\nbar = m['keyA']")
        assertTwins(real: "m = {'k': 'x'}\nm['k'] = param\nbar = m['k']", safe: "m = {'k': param}\nm['k'] = 'x'\nbar = m['k']")
        assertTwins(real: "m = dict()\nm.update({'k': param})\nbar = m.pop('k')", safe: "m = dict()\nm.update({'k': param, 'j': 'x'})\nbar = m.pop('j')")
    }

    func testUnknownIndexOrChangeKeepsTheJoin() {
        for body in ["values = ['safe', param]\nbar = values[int(request.args['i'])]",
                     "m = {'a': 'x', 'b': param}\nbar = m[request.args['k']]",
                     "values = ['safe', 'b']\nvalues[int(request.args['i'])] = param\nbar = values[0]",
                     "values = ['safe', param]\nfill(values)\nbar = values[0]",
                     "values = ['safe', param]\nvalues.sort()\nbar = values[0]",
                     "values = [param, 'safe']\nother = values\nbar = other[1]",
                     "values = other = [param, 'safe']\nbar = values[1]",
                     "class O: pass\no = O()\nvalues = [param, 'safe']\no.items = values\nbar = values[1]",
                     "values = ['safe']\nfor x in request.args:\n    values.append(param)\nbar = values[-1]"] {
            let f = commandFlow(body)
            XCTAssertEqual(f.map(\.confidence), [.high], "expected a tainted flow for:\n\(body)")
        }
    }

    func testUnpackingComprehensionsAndIterators() {
        assertTwins(real: "a, b = param, 'x'\nbar = a", safe: "a, b = param, 'x'\nbar = b")
        assertTwins(real: "values = ['x', param]\na, b = values\nbar = b", safe: "values = ['x', param]\na, b = values\nbar = a")
        assertTwins(real: "bar = [v.upper() for v in [param, 'x']][0]", safe: "bar = [v.upper() for v in ['y', 'x']][0]")
        assertTwins(real: "bar = {k: v for k, v in [('a', param)]}['a']", safe: "bar = {k: v for k, v in [('a', 'x')]}['a']")
        assertTwins(real: "bar = ''\nfor i, v in enumerate([param]):\n    bar = v", safe: "bar = ''\nfor i, v in enumerate(['x']):\n    bar = v")
        assertTwins(real: "bar = ''\nfor a, b in zip(['x'], [param]):\n    bar = b", safe: "bar = ''\nfor a, b in zip(['x'], ['y']):\n    bar = b")
        assertTwins(real: "bar = sorted([param, 'a'])[0]", safe: "bar = sorted(['b', 'a'])[0]")
    }

    func testSlicesOfBuiltStrings() {
        let s = "s = f'90583{param}abcd'\n"
        assertTwins(real: s + "bar = s[len('90583'):len(s) - 5]", safe: s + "bar = s[0:5]")
        assertTwins(real: s + "bar = s[-5:]", safe: s + "bar = s[-4:]")
        assertTwins(real: s + "bar = s[3:]", safe: s + "bar = s[len(s) - 2:]")
        assertTwins(real: "s = 'abc' + param + 'xyz'\nbar = s[:4]", safe: "s = 'abc' + param + 'xyz'\nbar = s[1] + s[-1]")
        assertTwins(real: "s = 'ls %s' % param\nbar = s[:4]", safe: "s = 'ls %s' % param\nbar = s[:3]")
        assertTwins(real: "s = 'echo {} done'.format(param)\nbar = s[:-4]", safe: "s = 'echo {} done'.format(param)\nbar = s[:4] + s[-4:]")
    }

    func testStringOperationsKeepTheTaint() {
        for body in ["bar = param.replace('a', 'b')", "bar = param.split(' ')[0]", "bar = ' '.join([param, 'x'])",
                     "bar = param.strip()", "bar = f'{param}'", "bar = '%s' % param", "bar = '{}'.format(param)", "bar = str(param)",
                     "bar = bytes(param, 'utf-8').decode('utf-8')", "bar = param.encode('utf-8').decode('utf-8')",
                     "bar = base64.b64decode(base64.b64encode(param.encode('utf-8'))).decode('utf-8')",
                     "bar = urllib.parse.unquote_plus(param)", "bar = codecs.decode(codecs.encode(param, 'rot_13'), 'rot_13')"] {
            let f = commandFlow(body)
            XCTAssertEqual(f.map(\.confidence), [.high], "expected a tainted flow for:\n\(body)")
        }
        for body in ["bar = 'a b'.replace('a', 'b')", "bar = 'a b'.split(' ')[0]", "bar = str(42)",
                     "bar = base64.b64decode(base64.b64encode('ls'.encode('utf-8'))).decode('utf-8')"] {
            XCTAssertEqual(commandFlow(body).map(\.message), [], "expected no finding for:\n\(body)")
        }
    }

    func testExtremeConstantsNeverCrash() {
        let body = [
            "a = 2 ** 10000", "b = 1 << 100", "c = 'a' * (10 ** 18)", "d = 'a' * 9223372036854775807", "e = 9223372036854775807 + 1",
            "f = -(-9223372036854775807 - 1)", "g = 7 // 0", "h = 7 % 0", "i = 7.5 / 0.0", "j = 1e308 * 10",
            "k = list(range(-9223372036854775807, 9223372036854775807))", "k2 = range(-9223372036854775807 - 1, 0, -1)",
            "l = 'abc'[::-1] + 'abc'[5:1] + 'abc'[-100:100]", "s = f'x{param}y'\nm = s[-100:100] + s[100] + s[-100]",
            "lst = [param]\nlst.insert(-100, 'a')\nlst.pop(100)\ndel lst[-100]\nlst.remove('zzz')\nlst[100] = 'x'",
            "m2 = {}\nm2.pop('x')\ndel m2['y']\nm2.get('q', param)", "n = ''.split(',')[0] + 'a'.replace('', 'b')",
            "bar = (a, b, c, d, e, f, g, h, i, j, k, k2, l, m, lst, m2, n)[13]",
        ].joined(separator: "\n")
        XCTAssertEqual(commandFlow(body).map(\.confidence), [.high])
    }

    func testDeadBranchIsOnlyLocal() {
        // A module-level flag may be changed from elsewhere: both branches stay live.
        let src = """
        import os
        from flask import request
        DEBUG = False
        def view():
            bar = 'safe'
            if DEBUG:
                bar = request.args['p']
            os.system(bar)
        """
        XCTAssertEqual(review(src).filter { $0.rule == "python.command-injection" }.map(\.line), [8])
    }

    func testFoldingStaysLinearOnLongChains() {
        // 10,000 folded additions and comparisons: each step is constant work.
        var body = "n = 0\n"
        for i in 0..<10_000 { body += "n = n + \(i % 7)\nif n == \(i * 3 + 1):\n    bar = param\n" }
        let src = "import os\nfrom flask import request\ndef view():\n    param = request.args['p']\n    bar = 'safe'\n"
            + body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n    os.system(bar)\n"
        let start = Date()
        _ = review(src)
        XCTAssertLessThan(Date().timeIntervalSince(start), 20)
    }
}
