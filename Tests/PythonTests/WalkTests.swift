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
}
