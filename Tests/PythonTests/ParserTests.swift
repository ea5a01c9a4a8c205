import XCTest
@testable import Python

/// Hand-checked trees and spans, above all for Python 3.12 syntax the machine's python3 cannot judge.
final class ParserTests: XCTestCase {
    func testFunctionSpanStartsAtDefNotDecorator() throws {
        let r = parse("@app.route('/x')\ndef view(request):\n    return request.GET['q']\n")
        XCTAssertEqual(r.diagnostics, [])
        guard case .functionDef(let f) = r.module.body[0].kind else { return XCTFail() }
        XCTAssertEqual(r.module.body[0].span, span(2, 0, 3, 27))
        XCTAssertEqual(f.decorators[0].dottedName, nil)
        guard case .call(let fn, let args, _) = f.decorators[0].kind else { return XCTFail() }
        XCTAssertEqual(fn.dottedName, "app.route")
        XCTAssertEqual(args[0].stringLiteral, "/x")
        XCTAssertEqual(f.args.args.map(\.name), ["request"])
        guard case .return(let v?) = f.body[0].kind, case .subscript(let base, let idx, .load) = v.kind else { return XCTFail() }
        XCTAssertEqual(base.dottedName, "request.GET")
        XCTAssertEqual(idx.stringLiteral, "q")
        XCTAssertEqual(v.span, span(3, 11, 3, 27))
    }

    func testTypeAliasAndTypeParams312() throws {
        let r = parse("type Point[T: int, *Ts, **P] = tuple[T, T]\ndef f[T](x: T) -> T: return x\nclass C[T](Base[T]): pass\n")
        XCTAssertEqual(r.diagnostics, [])
        guard case .typeAlias(let name, let params, _) = r.module.body[0].kind else { return XCTFail() }
        XCTAssertEqual(name.dottedName, "Point")
        XCTAssertEqual(params.map(\.name), ["T", "Ts", "P"])
        if case .typeVar(let bound?) = params[0].kind { XCTAssertEqual(bound.dottedName, "int") } else { XCTFail() }
        if case .typeVarTuple = params[1].kind {} else { XCTFail() }
        if case .paramSpec = params[2].kind {} else { XCTFail() }
        XCTAssertEqual(params[1].span, span(1, 19, 1, 22))
        guard case .functionDef(let f) = r.module.body[1].kind, case .classDef(let c) = r.module.body[2].kind else { return XCTFail() }
        XCTAssertEqual(f.typeParams.map(\.name), ["T"])
        XCTAssertEqual(c.typeParams.map(\.name), ["T"])
        // 3.11 has neither.
        XCTAssertFalse(parse("type X = int\n", version: .v3_11).diagnostics.isEmpty)
        XCTAssertFalse(parse("def f[T](): pass\n", version: .v3_11).diagnostics.isEmpty)
        // `type` stays an ordinary name elsewhere.
        XCTAssertEqual(parse("type = 1\ntype(x)\nprint(type)\n").diagnostics, [])
    }

    func testPEP701FStrings() throws {
        guard let e = onlyExpr("f\"{x['k']!r:>{width}} and {f'{y}'}\"\n"), case .joinedStr(let parts) = e.kind else { return XCTFail() }
        XCTAssertEqual(parts.count, 3)
        guard case .formattedValue(let v, let conv, let spec?) = parts[0].kind else { return XCTFail() }
        XCTAssertEqual(conv, Int(UInt8(ascii: "r")))
        guard case .subscript(let base, let key, _) = v.kind else { return XCTFail() }
        XCTAssertEqual(base.dottedName, "x")
        XCTAssertEqual(key.stringLiteral, "k")
        XCTAssertEqual(key.span, span(1, 5, 1, 8))
        guard case .joinedStr(let specParts) = spec.kind else { return XCTFail() }
        XCTAssertEqual(specParts.first?.stringLiteral, ">")
        XCTAssertEqual(parts[1].stringLiteral, " and ")
        guard case .formattedValue(let inner, _, nil) = parts[2].kind, case .joinedStr = inner.kind else { return XCTFail() }
        // Multi-line replacement fields with comments, and backslashes in fields, are 3.12 only.
        let multi = "x = f'''{\n    a  # comment\n    + b\n}'''\n"
        XCTAssertEqual(parse(multi).diagnostics, [])
        XCTAssertFalse(parse(multi, version: .v3_11).diagnostics.isEmpty)
        XCTAssertEqual(parse("f'{\"\\n\".join(a)}'\n").diagnostics, [])
        XCTAssertFalse(parse("f'{\"\\n\".join(a)}'\n", version: .v3_11).diagnostics.isEmpty)
    }

    func testFormatSpecNestingLimitFollowsVersion() {
        XCTAssertEqual(parse("f'{x:{y}}'\n", version: .v3_11).diagnostics, [])
        XCTAssertFalse(parse("f'{x:{y:{z}}}'\n", version: .v3_11).diagnostics.isEmpty)
        XCTAssertEqual(parse("f'{x:{y:{z}}}'\n").diagnostics, [])
        XCTAssertFalse(parse("f'{x:{y:{z:{w}}}}'\n").diagnostics.isEmpty)
    }

    func testFStringDebugSpecifier() throws {
        guard let e = onlyExpr("f'{a + b = }'\n"), case .joinedStr(let parts) = e.kind else { return XCTFail() }
        XCTAssertEqual(parts[0].stringLiteral, "a + b = ")
        guard case .formattedValue(_, let conv, nil) = parts[1].kind else { return XCTFail() }
        XCTAssertEqual(conv, Int(UInt8(ascii: "r")))
    }

    func testStringsDecodeAndConcatenate() {
        XCTAssertEqual(onlyExpr("'a\\tb' \"c\\x41\" '\\u00e9\\N{BULLET}'\n")?.stringLiteral, "a\tbcA\u{e9}\u{2022}")
        XCTAssertEqual(onlyExpr("r'a\\tb'\n")?.stringLiteral, "a\\tb")
        guard case .constant(.bytes(let b))? = onlyExpr("b'\\x00\\xff' rb'\\n'\n")?.kind else { return XCTFail() }
        XCTAssertEqual(b, [0, 255, 92, 110])
        XCTAssertFalse(parse("b'a' 'b'\n").diagnostics.isEmpty, "bytes and str do not mix")
        XCTAssertFalse(parse("b'é'\n").diagnostics.isEmpty, "bytes are ASCII")
        XCTAssertFalse(parse("'\\x4'\n").diagnostics.isEmpty, "truncated escape")
    }

    func testChainedComparisonAndPrecedence() throws {
        guard case .compare(_, let ops, let comps)? = onlyExpr("a < b <= c is not d not in e\n")?.kind else { return XCTFail() }
        XCTAssertEqual(ops, [.lt, .ltE, .isNot, .notIn])
        XCTAssertEqual(comps.count, 4)
        guard case .binOp(let l, .add, let r)? = onlyExpr("1 + 2 * 3 ** -4\n")?.kind else { return XCTFail() }
        guard case .constant = l.kind, case .binOp(_, .mult, let pw) = r.kind, case .binOp(_, .pow, let neg) = pw.kind,
              case .unaryOp(.uSub, _) = neg.kind else { return XCTFail() }
        guard case .boolOp(.or, let vals)? = onlyExpr("a or b and c or not d\n")?.kind else { return XCTFail() }
        XCTAssertEqual(vals.count, 3)
    }

    func testWalrusLambdaStarredAndComprehensions() throws {
        guard case .namedExpr(let t, _)? = onlyExpr("(x := 5)\n")?.kind, case .name("x", .store) = t.kind else { return XCTFail() }
        guard case .lambda(let args, _)? = onlyExpr("lambda a, /, b=1, *c, d, **e: 0\n")?.kind else { return XCTFail() }
        XCTAssertEqual(args.posonlyargs.map(\.name), ["a"])
        XCTAssertEqual(args.args.map(\.name), ["b"])
        XCTAssertEqual(args.vararg?.name, "c")
        XCTAssertEqual(args.kwonlyargs.map(\.name), ["d"])
        XCTAssertEqual(args.kwarg?.name, "e")
        guard case .dictComp(_, _, let gens)? = onlyExpr("{k: v for k, v in d if k async for z in w}\n")?.kind else { return XCTFail() }
        XCTAssertEqual(gens.count, 2)
        XCTAssertTrue(gens[1].isAsync)
        guard case .tuple(let targets, .store) = gens[0].target.kind else { return XCTFail() }
        XCTAssertEqual(targets.count, 2)
    }

    func testTryStarMatchAndWith() throws {
        let r = parse("try:\n    a\nexcept* E as e:\n    b\nwith (open(a) as f, open(b) as g):\n    pass\nmatch p:\n    case Point(x=0) | [1, *_]:\n        pass\n")
        XCTAssertEqual(r.diagnostics, [])
        guard case .try(_, let handlers, _, _, true) = r.module.body[0].kind else { return XCTFail() }
        XCTAssertEqual(handlers[0].name, "e")
        XCTAssertEqual(handlers[0].span, span(3, 0, 4, 5))
        guard case .with(let items, _, false) = r.module.body[1].kind else { return XCTFail() }
        XCTAssertEqual(items.count, 2)
        XCTAssertEqual(items[1].optionalVars?.dottedName, "g")
        guard case .match(_, let cases) = r.module.body[2].kind, case .matchOr(let alts) = cases[0].pattern.kind,
              case .matchClass(let cls, _, let attrs, _) = alts[0].kind, case .matchSequence(let seq) = alts[1].kind else { return XCTFail() }
        XCTAssertEqual(cls.dottedName, "Point")
        XCTAssertEqual(attrs, ["x"])
        if case .matchStar(nil) = seq[1].kind {} else { XCTFail() }
    }

    func testStatementCountsViaWalk() {
        let r = parse("class A:\n    def f(self):\n        if x:\n            return 1\n        else:\n            pass\n")
        var n = 0
        for s in r.module.body { s.walk { _ in n += 1 } }
        XCTAssertEqual(n, 5)
    }

    func testInvalidSyntaxCPythonRejects() {
        for bad in ["f(x for x in y, 1)\n", "f(**k, *a)\n", "f(a=1, b)\n", "del *a\n", "a + 1 = 2\n", "f() = 1\n",
                    "x = yield = 1\n", "def f(a=1, b): pass\n", "def f(*): pass\n", "lambda: (yield)\nx: int, y = 1\n",
                    "[x for x in 1, 2]\n", "print 'hello'\n", "a <> b\n", "except: pass\n", "try:\n    pass\n",
                    "if x:\npass\n", "  x = 1\n", "x = (1, 2\n", "import a.b as\n", "from x import a,\n",
                    "f'{}'\n", "f'{a!x}'\n", "case = match x:\n", "with (a as b) as c: pass\n", "async x = 1\n",
                    "def f():\n    x = 1\n      y = 2\n", "for x in range(3) print(x)\n", "class:\n    pass\n",
                    "class C(x for x in y): pass\n", "match x:\n    case 1 + 1: pass\n"] {
            XCTAssertFalse(parse(bad).diagnostics.isEmpty, bad)
        }
    }
}
