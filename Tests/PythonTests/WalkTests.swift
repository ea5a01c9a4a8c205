import XCTest
@testable import Python

/// `Expr.walk` pushes children straight onto its stack instead of building `children` arrays; it must
/// still visit exactly the nodes `children` lists, in the same depth-first source order.
final class WalkTests: XCTestCase {
    /// The order a plain recursion over `children` gives.
    private func reference(_ e: Expr, into out: inout [String]) {
        out.append(describe(e))
        for c in e.children { reference(c, into: &out) }
    }

    private func describe(_ e: Expr) -> String {
        "\(e.span.start.line):\(e.span.start.column)-\(e.span.end.line):\(e.span.end.column)"
    }

    func testWalkVisitsChildrenInSourceOrderForEveryKindOfExpression() {
        let source = """
        x = f(a, *b, k=c, **d)
        y = a if b else c
        z = {k: v for k, v in items if k if v}
        w = [e for e in xs for g in e if g]
        s = {1, 2}; t = (3, 4); l = [5, 6]
        m = {"a": 1, **rest}
        n = lambda p, q=1, *, r=2: p + q
        o = not a and b or c
        c2 = a < b <= c
        fs = f"{x!r:>{width}} and {y}"
        sl = seq[1:2:3][::2]
        at = obj.attr.deeper
        def gen():
            yield x
            yield from y
            await z
        g = (i for i in range(3))
        sc = {i for i in range(3)}
        dc = {i: i for i in range(3)}
        nm = (q := 5)
        st = [*a, *b]
        """
        let r = parse(source)
        XCTAssertTrue(r.diagnostics.isEmpty, "\(r.diagnostics)")
        var expressions: [Expr] = []
        for s in r.module.body { s.walk { st in expressions.append(contentsOf: st.childExpressions) } }
        XCTAssertGreaterThan(expressions.count, 20)
        var total = 0
        for e in expressions {
            var expected: [String] = []
            reference(e, into: &expected)
            var got: [String] = []
            e.walk { got.append(describe($0)) }
            XCTAssertEqual(got, expected)
            total += got.count
        }
        XCTAssertGreaterThan(total, 120)
    }

    /// Every kind of statement, nested in every kind of body, with every place an expression can sit.
    static let everyStatement = """
    @deco
    @other(1)
    def f(a: int, /, b: str = "x", *args: T, k: U = 2, l=3, m: V, **kw: W) -> R:
        global g
        nonlocal n
        return a
    async def g():
        async for i in xs:
            await i
        else:
            pass
        async with a as b, c:
            yield
    @cls_deco
    class C(Base, metaclass=M, **extra):
        x: int = 1
        y: int
        def m(self):
            self.v = 1
    type Alias = list[int]
    del a, b[0]
    a = b = c
    a += 1
    for i, j in pairs:
        if i:
            break
        elif j:
            continue
        else:
            pass
    else:
        q = 1
    while cond:
        x = 1
    else:
        y = 2
    with open(p) as fh, lock:
        z = fh.read()
    match subject:
        case [1, *rest] if rest:
            r = 1
        case {"k": v}:
            r = v
        case Point(x=0) | None:
            r = 0
        case _:
            pass
    try:
        t = 1
    except (ValueError, TypeError) as e:
        u = e
    except KeyError:
        pass
    else:
        v = 2
    finally:
        w = 3
    try:
        s = 1
    finally:
        s = 2
    try:
        pass
    except* OSError:
        pass
    raise X from Y
    raise
    assert a, "message"
    import os.path as op, sys
    from . import thing as other
    print(f"{a!r}", *b, key=c)
    """

    private func span(_ s: Span) -> String { "\(s.start.line):\(s.start.column)-\(s.end.line):\(s.end.column)" }

    /// The order a plain recursion over `childStatements` gives.
    private func statements(_ s: Stmt, into out: inout [Stmt]) {
        out.append(s)
        for c in s.childStatements { statements(c, into: &out) }
    }

    func testStatementWalkVisitsWhatChildStatementsListInOrder() {
        let r = parse(Self.everyStatement)
        XCTAssertTrue(r.diagnostics.isEmpty, "\(r.diagnostics)")
        var expected: [Stmt] = []
        for s in r.module.body { statements(s, into: &expected) }
        var got: [Stmt] = []
        for s in r.module.body { s.walk { got.append($0) } }
        XCTAssertEqual(got.map { span($0.span) }, expected.map { span($0.span) })
        XCTAssertGreaterThan(expected.count, 50)
        var fromBody: [Stmt] = []
        Stmt.walk(r.module.body, statement: { fromBody.append($0) }, expression: { _ in })
        XCTAssertEqual(fromBody.map { span($0.span) }, expected.map { span($0.span) })
        var statementsOnly: [Stmt] = []
        Stmt.walk(r.module.body) { statementsOnly.append($0) }
        XCTAssertEqual(statementsOnly.map { span($0.span) }, expected.map { span($0.span) })
    }

    func testExpressionWalksVisitWhatChildExpressionsListInOrder() {
        let r = parse(Self.everyStatement)
        var statements: [Stmt] = []
        for s in r.module.body { self.statements(s, into: &statements) }
        var expected: [String] = []
        for s in statements {
            var own: [String] = []
            for e in s.childExpressions { reference(e, into: &own) }
            var got: [String] = []
            s.walkExpressions { got.append(describe($0)) }
            XCTAssertEqual(got, own, span(s.span))
            expected.append("stmt " + span(s.span))
            expected += own
        }
        var together: [String] = []
        Stmt.walk(r.module.body, statement: { together.append("stmt " + self.span($0.span)) }, expression: { together.append(self.describe($0)) })
        XCTAssertEqual(together, expected)
        XCTAssertGreaterThan(expected.count - statements.count, 100)
    }
}
