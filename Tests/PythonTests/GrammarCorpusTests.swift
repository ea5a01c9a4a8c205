import Foundation
import XCTest
@testable import Python

/// Every statement and expression kind, checked node for node (names, fields, start and end positions)
/// against CPython's own `ast` through Tests/Helpers/cpython_dump.py, in one python3 run.
final class GrammarCorpusTests: XCTestCase {
    /// Valid in Python 3.11 and 3.12 alike, so the machine's python3 can judge them.
    static let snippets: [String] = [
        // Simple statements.
        "x = 1\ny: int = 2\nz: list[int]\n(w): int = 3\na.b: str = 'c'\nd[0]: float\n",
        "a = b = c = d()\na, *b = c\n[a, b] = c, d\n(a, (b, c)) = t\na.b[c].d = 1\nx = *a, *b\n",
        "x += 1\nx -= 1\nx *= 1\nx @= m\nx /= 1\nx //= 1\nx %= 1\nx **= 2\nx >>= 1\nx <<= 1\nx &= 1\nx |= 1\nx ^= 1\n",
        "del a\ndel a, b.c, d[0]\ndel (a, b), [c]\npass; pass;\nassert x\nassert x, 'msg'\n",
        "import os\nimport os.path as p, sys\nfrom . import a\nfrom .. import b as c\nfrom ...pkg.mod import (x, y as z,)\nfrom m import *\nfrom .m import a, b\n",
        "def f():\n    global g, h\n    nonlocal_ = 1\n    def inner():\n        nonlocal nonlocal_\n    return\n",
        "raise\nraise E\nraise E('x') from err\nraise E from None\n",
        "def g():\n    yield\n    yield 1\n    yield 1, 2\n    x = yield\n    y = yield from z\n    await w\n    return (yield)\n",
        // Compound statements.
        "if a:\n    pass\nelif b:\n    x = 1\nelif c: y = 2\nelse:\n    z = 3\n",
        "while x:\n    break\nelse:\n    continue_ = 1\nfor i in range(3):\n    continue\nelse:\n    pass\nfor a, (b, *c) in d: pass\nfor x, in y: pass\n",
        "try:\n    pass\nexcept:\n    pass\ntry:\n    a\nexcept (E, F) as e:\n    b\nexcept G:\n    c\nelse:\n    d\nfinally:\n    e\ntry: pass\nfinally: pass\n",
        "try:\n    a\nexcept* E as e:\n    b\nexcept* (F, G):\n    c\n",
        "with a: pass\nwith a as b, c as (d, e): pass\nwith (a as b, c): pass\nwith (a, b): pass\nwith (a, b) as c: pass\nwith (yield): pass\nwith (\n    open(x) as f,\n    open(y) as g,\n):\n    pass\n",
        "@dec\n@dec.attr(1)\n@(lambda f: f)\ndef f(a, b=1, /, c=2, *args, d, e=3, **kw) -> int:\n    '''doc'''\n    return a\n",
        "def f(a, /): pass\ndef f(*, a): pass\ndef f(*a: int, b: str = 'x', **c: bool): pass\ndef f(a: 'A' = None,): pass\ndef f(*args: *Ts): pass\n",
        "@decorator\nclass C(B, metaclass=M, **kw):\n    x: int = 0\n    def m(self): ...\nclass D: pass\nclass E(): pass\n",
        "async def f():\n    async for x in y:\n        await x\n    async with a as b, c:\n        pass\n    return [x async for x in y]\n",
        // Match statements with every pattern form.
        "match x:\n    case 1 | -2 | 3.0 | 1+2j | -1-2j | 'a' 'b' | b'c':\n        pass\n    case None | True | False:\n        pass\n    case [a, b, *rest]:\n        pass\n    case (a, b, *_):\n        pass\n    case ():\n        pass\n    case []:\n        pass\n",
        "match x:\n    case {'a': 1, 'b': [c, d], **rest}:\n        pass\n    case {}:\n        pass\n    case Point(x=0, y=0):\n        pass\n    case Point(1, 2, z=3):\n        pass\n    case mod.Color.RED:\n        pass\n    case str() | bytes():\n        pass\n    case [1, 2] as pair if pair:\n        pass\n    case (a):\n        pass\n    case a, b:\n        pass\n    case *a, b:\n        pass\n    case _:\n        pass\n",
        "match (a, b):\n    case x if x > 1: pass\nmatch = 1\nmatch.foo = 2\nmatch(x)\ncase = 3\n_ = 4\ntype = 5\n",
        "match -x:\n    case {1: _, 'k': v, mod.K: w}: pass\nmatch a, *b:\n    case [*_]: pass\n",
        // Expressions.
        "a or b or c\na and b and c\na or b and not c\nnot not a\na < b <= c == d != e > f >= g\na is b\na is not b\na in b\na not in b\n",
        "a | b ^ c & d << e >> f + g - h * i / j // k % l @ m\n-a\n+a\n~a\na ** -b ** c\n(a + b) * c\na + (b)\n((a))\n",
        "a if b else c\nlambda: 0\nlambda a, b=1, *c, d, e=2, **f: a\nlambda *, a: a\nlambda a, /, b: 0\n(x := 1)\nf(y := 2)\n[z := 3, 4]\nif (n := len(a)) > 10: pass\n",
        "f()\nf(a)\nf(a, b=1, *c, **d)\nf(*a, *b, c=1, **d, **e)\nf(a)(b)(c)\nf(x for x in y)\nf(a,)\na.b.c\na[1]\na[1:2]\na[:]\na[::2]\na[1:2, 3]\na[b, c:d]\na[1:2:3]\na[*b]\n",
        "[]\n[1, 2, *a]\n()\n(1,)\n(1, 2, *a)\n{}\n{1: 2, **a, 3: 4}\n{1, 2, *a}\n...\nNone\nTrue\nFalse\n",
        "[x for x in y]\n[x for x in y if x if z for w in x]\n{x for x in y}\n{k: v for k, v in d.items()}\n(x for x in y)\n[x async for x in y]\n[(a, b) for a, *b in c]\n",
        "1\n1.5\n1e10\n1_000\n0x_FF\n0o17\n0b1010\n1j\n1.5J\n.5\n5.\n1E-5\n0\n00\n0_0\n",
        "'a'\n\"b\"\n'''c\nd'''\n\"\"\"e\"\"\"\nr'\\n'\nb'x\\x00'\nBR'raw'\nu'uni'\n'a' 'b' \"c\"\nb'a' b'b'\n'\\N{BULLET} \\u00e9 \\U0001F600 \\x41 \\101 \\t'\n'\\\n'\n",
        "f'a{b}c'\nf'{a!r}'\nf'{a!s:>10}'\nf'{a:{b}.{c}}'\nf'{a=}'\nf'{a = !s}'\nf'{a=:>5}'\nf'{{literal}}'\nrf'{a}\\n'\nF'''{\na\n}'''\n'x' f'{y}' 'z'\nf'{a}' f'{b}'\nf'{x:{{}}>10}'\nf''\nf'{\"nested\"}'\nf'{3.14:.2f}'\nf'{a[\"k\"]}'\nf'{ {1: 2}[1] }'\nf'{(lambda: 1)()}'\n",
        "x = (\n    1 +\n    2\n)\ny = [\n    a,\n    b,\n]\nz = 1 + \\\n    2\nif a and \\\n   b:\n    pass\n",
        "def f(): return 1; x = 2\nclass C: x = 1; y = 2\nif x: a; b\nwhile y: break\n",
        "# comment only\n\n   \n\t\n\u{0C}\nx = 1  # trailing\n\nif x:\n    # indented comment\n\n    y = 2\n        # odd comment\n    z = 3\n",
        "if x:\n\tif y:\n\t\tpass\n\telse:\n\t\tpass\n",
        "x = 1\r\nif x:\r\n    y = 2\r\n",
        "x = 1 \\\n  + 2\nprint(x, end='')\n",
        "é = 1\n名前 = 2\nx = é + 名前\ndef naïve(ä): return ä\n",
        "await_ = 1\nasync_ = 2\nprint(*a, sep='')\nprint(1if x else 2)\n[0x1for x in y]\n",
        "rf'\\{{x}}\\{y}' f'\\{{a}}' f'\\N{BULLET}{z}'\n",
        // A backslash before a character outside ASCII (two, three and four UTF-8 bytes) in raw strings.
        "r'\\\u{1D54E}'\nr'\\\u{E9} \\\u{20AC} \\\u{1D54E}x'\nR\"\"\"\\\u{1D54E}\n\\\u{1D54E}\"\"\"\nrf'\\\u{1D54E}{x}\\\u{E9}'\nr'\u{1D54E}\\\\\u{1D54E}'\n'\\\u{1D54E}'\n",
        "a[1:2, ::3, ...]\na[()]\na[(1, 2)]\na[lambda: 1]\nx = [*a, *b]\ny = {**a, **b}\n",
    ]

    func testEverySnippetMatchesCPythonNodeForNode() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shortwall-corpus-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for (i, s) in Self.snippets.enumerated() {
            let path = dir.appendingPathComponent("s\(i).py").path
            try Data(s.utf8).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Helpers/cpython_dump.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + paths
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { throw XCTSkip("python3 not available") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var reference: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            if parts.count == 2 && !line.hasPrefix("#") { reference[String(parts[0])] = String(parts[1]) }
        }
        XCTAssertEqual(reference.count, paths.count, "CPython should accept every snippet")
        for (i, path) in paths.enumerated() {
            guard let expected = reference[path] else {
                XCTFail("CPython rejects snippet \(i): \(Self.snippets[i])")
                continue
            }
            let result = parseModule(Array(Self.snippets[i].utf8), version: .v3_11)
            XCTAssertEqual(result.diagnostics, [], "snippet \(i)")
            let ours = dumpAST(result.module, version: .v3_11).split(separator: " ")
            let theirs = expected.split(separator: " ")
            if ours != theirs {
                let k = (0..<min(ours.count, theirs.count)).first { ours[$0] != theirs[$0] } ?? min(ours.count, theirs.count)
                let lo = max(0, k - 10)
                XCTFail("snippet \(i) differs at token \(k):\n ours: \(ours[lo..<min(ours.count, k + 5)].joined(separator: " "))\n cpy:  \(theirs[lo..<min(theirs.count, k + 5)].joined(separator: " "))\nsource:\n\(Self.snippets[i])")
            }
        }
    }
}
