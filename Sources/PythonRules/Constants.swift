import Python

/// Constant folding and the truth of conditions: `num = 86` then `if 7 * 42 - num > 200:` takes only
/// the branch that runs, so a safe twin that assigns the request value only in a dead branch is safe.
/// Only local values are folded: a module-level flag can be changed from elsewhere (globals lose their
/// shape in `analyzeModule`).
extension Engine {
    /// A literal's value (floats, bytes and big integers stay plain safe values).
    func literal(_ c: Constant) -> Taint {
        Value(c).map(Taint.constant) ?? .safe
    }

    /// The truth of a value, when the analysis knows it.
    func truth(_ t: Taint) -> Bool? {
        switch t.shape {
        case .value(let v)?: return v.truth
        case .elements(let parts)?: return !parts.isEmpty
        case .entries(let entries)?: return !entries.isEmpty
        case .text(let p, let s)?: return p.isEmpty && s.isEmpty ? nil : true
        default: return nil
        }
    }

    /// Whether a condition certainly holds or certainly fails here. Inside loops nested more than three
    /// deep the body runs once, so a constant seen there may be stale in a later iteration: no decision.
    func decided(_ test: Expr) -> Bool? {
        guard loopDepth <= 3 else { return nil }
        return truth(eval(test))
    }

    /// The only branch of an `if` that can run, when its condition is decided.
    func liveBranch(_ test: Expr, _ body: [Stmt], _ orelse: [Stmt]) -> [Stmt]? {
        decided(test).map { $0 ? body : orelse }
    }

    /// The cases of a `match` on a constant that can run, and whether one of them certainly does.
    func liveCases(_ subject: Expr, _ cases: [MatchCase]) -> (cases: [MatchCase], exhaustive: Bool) {
        guard loopDepth <= 3, let v = eval(subject).constant else { return (cases, false) }
        var live: [MatchCase] = []
        for c in cases {
            let m = matches(c.pattern, v)
            if m == false { continue }
            live.append(c)
            if m == true, c.guard_ == nil || c.guard_.flatMap(decided) == true { return (live, true) }
        }
        return (live, false)
    }

    func matches(_ p: Pattern, _ v: Value) -> Bool? {
        switch p.kind {
        case .matchValue(let e):
            guard let w = eval(e).constant else { return nil }
            return Engine.equal(v, w)
        case .matchSingleton(let c):
            // `case True:` compares by identity: 1 does not match it.
            return Value(c).map { $0 == v }
        case .matchAs(let inner, _):
            return inner.map { matches($0, v) } ?? true
        case .matchOr(let alternatives):
            var unknown = false
            for a in alternatives {
                switch matches(a, v) {
                case true?: return true
                case nil: unknown = true
                default: break
                }
            }
            return unknown ? nil : false
        case .matchSequence, .matchMapping:
            // Strings, numbers, booleans and None match neither.
            return false
        case .matchClass, .matchStar:
            return nil
        }
    }

    /// How many times a loop over this value runs, when known.
    func iterations(_ t: Taint) -> Int? {
        switch t.shape {
        case .elements(let parts)?: return parts.count
        case .entries(let entries)?: return entries.count
        case .value(.string(let s))?: return s.unicodeScalars.count
        default: return nil
        }
    }

    /// Does a loop body contain a `break` or `continue` of its own (one that can end an iteration early)?
    /// Bounded: a body too large to look through counts as one that may.
    func leavesEarly(_ body: [Stmt]) -> Bool {
        var budget = 400
        var stack = body
        while let s = stack.popLast() {
            budget -= 1
            if budget < 0 { return true }
            switch s.kind {
            case .break, .continue: return true
            case .for(_, _, _, let orelse, _), .while(_, _, let orelse): stack.append(contentsOf: orelse)
            case .functionDef, .classDef: continue
            default: stack.append(contentsOf: s.childStatements)
            }
        }
        return false
    }

    /// Between the two passes over a loop body: a name the first pass changed starts the second with
    /// the join of its value before the loop and after one iteration, so a counter is not folded to its
    /// first value. Only the shape is widened; the taint stays what one iteration left, as before.
    func widenForNextPass() {
        let left = env.close()
        env.open()
        for (name, now) in left {
            guard var now else { env[name] = nil; continue }
            if let before = env[name], before.shape != now.shape { now.shape = Shape.join(before.shape, now.shape) }
            env[name] = now
        }
    }

    // MARK: Folding

    /// `a or b` / `a and b` whose leading operands are decided: the value is the operand Python returns.
    func foldBoolOp(_ op: BoolOperator, _ values: [Expr]) -> Taint? {
        guard loopDepth <= 3 else { return nil }
        for (i, v) in values.enumerated() {
            let t = eval(v)
            guard let b = truth(t) else {
                if i == 0 { return nil }
                return values[i...].map(eval).reduce(Taint.safe) { $0.combined(with: $1) }
            }
            if i == values.count - 1 || b == (op == .or) { return t }
        }
        return nil
    }

    func foldUnary(_ op: UnaryOperator, _ t: Taint) -> Taint {
        if op == .not { return truth(t).map { .constant(.bool(!$0)) } ?? .safe }
        var out = t.withoutShape
        if let i = t.constant?.integer {
            switch op {
            case .uSub: if i != Int.min { out.shape = .value(.int(-i)) }
            case .uAdd: out.shape = .value(.int(i))
            case .invert: out.shape = .value(.int(~i))
            case .not: break
            }
        } else if case .float(let d)? = t.constant, op == .uSub || op == .uAdd {
            out.shape = .value(.float(op == .uSub ? -d : d))
        }
        return out
    }

    /// A comparison of constants (a chain holds when every link does), as a constant boolean.
    func foldCompare(_ left: Expr, _ ops: [CompareOperator], _ comparators: [Expr]) -> Taint {
        var a = eval(left)
        var all: Bool? = true
        for (op, c) in zip(ops, comparators) {
            let b = eval(c)
            switch compare(a, op, b) {
            case false?: return .constant(.bool(false))
            case nil: all = nil
            default: break
            }
            a = b
        }
        return all.map { .constant(.bool($0)) } ?? .safe
    }

    func compare(_ a: Taint, _ op: CompareOperator, _ b: Taint) -> Bool? {
        switch op {
        case .in, .notIn:
            guard let x = a.constant, let r = contains(b, x) else { return nil }
            return op == .in ? r : !r
        default:
            break
        }
        guard let x = a.constant, let y = b.constant else { return nil }
        switch op {
        case .eq: return Engine.equal(x, y)
        case .notEq: return !Engine.equal(x, y)
        case .is, .isNot:
            // Identity is certain only against None (and between booleans).
            let same: Bool
            switch (x, y) {
            case (.none, .none): same = true
            case (.none, _), (_, .none): same = false
            case let (.bool(p), .bool(q)): same = p == q
            default: return nil
            }
            return op == .is ? same : !same
        case .lt, .ltE, .gt, .gtE:
            let order: Int
            if let i = x.integer, let j = y.integer {
                order = i < j ? -1 : (i == j ? 0 : 1)
            } else if let i = x.number, let j = y.number {
                order = i < j ? -1 : (i == j ? 0 : 1)
            } else if case .string(let s) = x, case .string(let t) = y {
                let (u, w) = (Array(s.unicodeScalars.map(\.value)), Array(t.unicodeScalars.map(\.value)))
                order = u == w ? 0 : (u.lexicographicallyPrecedes(w) ? -1 : 1)
            } else {
                return nil
            }
            switch op {
            case .lt: return order < 0
            case .ltE: return order <= 0
            case .gt: return order > 0
            default: return order >= 0
            }
        default:
            return nil
        }
    }

    /// `x in container` for a constant `x`: a substring of a constant string, or among a collection's parts.
    func contains(_ container: Taint, _ x: Value) -> Bool? {
        switch container.shape {
        case .value(.string(let s))?:
            guard case .string(let needle) = x else { return nil }
            return needle.isEmpty || s.contains(needle)
        case .elements(let parts)?:
            var unknown = false
            for p in parts {
                guard let c = p.constant else { unknown = true; continue }
                if Engine.equal(c, x) { return true }
            }
            return unknown ? nil : false
        default:
            return nil
        }
    }

    /// Python's `==` on constants: `1 == True`, and no string equals a number.
    static func equal(_ x: Value, _ y: Value) -> Bool {
        if let i = x.integer, let j = y.integer { return i == j }
        if let i = x.number, let j = y.number { return i == j }
        return x == y
    }

    /// The shape of `l op r`: folded integers and strings, a built string's literal ends, a list
    /// concatenation, or `len(s) - k`.
    func binaryShape(_ op: BinaryOperator, _ l: Taint, _ r: Taint) -> Shape? {
        if let i = l.constant?.integer, let j = r.constant?.integer, op != .div {
            return Engine.arithmetic(op, i, j).map { .value(.int($0)) }
        }
        if let x = l.constant?.number, let y = r.constant?.number {
            return Engine.arithmetic(op, x, y).map { .value(.float($0)) }
        }
        switch (op, l.shape, r.shape) {
        case let (.add, .elements(a)?, .elements(b)?):
            return a.count + b.count <= Shape.maxParts ? .elements(a + b) : nil
        case let (.add, .length(name, k)?, .value(v)?), let (.add, .value(v)?, .length(name, k)?):
            return v.integer.flatMap { Engine.arithmetic(.add, k, $0) }.map { .length(of: name, plus: $0) }
        case let (.sub, .length(name, k)?, .value(v)?):
            return v.integer.flatMap { Engine.arithmetic(.sub, k, $0) }.map { .length(of: name, plus: $0) }
        case let (.mult, .value(.string(s))?, .value(v)?), let (.mult, .value(v)?, .value(.string(s))?):
            guard let n = v.integer else { return nil }
            guard n > 0, !s.isEmpty else { return .value(.string("")) }
            let size = s.utf8.count.multipliedReportingOverflow(by: n)
            guard !size.overflow, size.partialValue <= Shape.maxString else { return nil }
            return .value(.string(String(repeating: s, count: n)))
        case (.add, _, _):
            return concatShape(l.shape, r.shape)
        case (.mod, .value(.string(let format))?, _):
            return percentShape(format)
        default:
            return nil
        }
    }

    /// Integer arithmetic as Python does it, or nil where the result would not be a small integer.
    static func arithmetic(_ op: BinaryOperator, _ a: Int, _ b: Int) -> Int? {
        func checked(_ r: (partialValue: Int, overflow: Bool)) -> Int? { r.overflow ? nil : r.partialValue }
        switch op {
        case .add: return checked(a.addingReportingOverflow(b))
        case .sub: return checked(a.subtractingReportingOverflow(b))
        case .mult: return checked(a.multipliedReportingOverflow(by: b))
        case .floorDiv, .mod:
            guard b != 0, let q = checked(a.dividedReportingOverflow(by: b)) else { return nil }
            let r = a - q * b
            // Python rounds toward negative infinity; the remainder takes the divisor's sign.
            let adjust = r != 0 && (r < 0) != (b < 0)
            return op == .floorDiv ? (adjust ? q - 1 : q) : (adjust ? r + b : r)
        case .pow:
            guard b >= 0 else { return nil }
            if a == 0 || a == 1 { return b == 0 ? 1 : a }
            if a == -1 { return b % 2 == 0 ? 1 : -1 }
            guard b < 64 else { return nil }
            var out = 1
            for _ in 0..<b { guard let n = checked(out.multipliedReportingOverflow(by: a)) else { return nil }; out = n }
            return out
        case .lShift:
            guard b >= 0, b < 63 else { return nil }
            let r = a << b
            return r >> b == a ? r : nil
        case .rShift:
            guard b >= 0 else { return nil }
            return a >> min(b, 63)
        case .bitAnd: return a & b
        case .bitOr: return a | b
        case .bitXor: return a ^ b
        case .div, .matMult: return nil
        }
    }

    /// The same for floats (and `/`, which always makes one).
    static func arithmetic(_ op: BinaryOperator, _ a: Double, _ b: Double) -> Double? {
        let r: Double
        switch op {
        case .add: r = a + b
        case .sub: r = a - b
        case .mult: r = a * b
        case .div: guard b != 0 else { return nil }; r = a / b
        case .floorDiv: guard b != 0 else { return nil }; r = (a / b).rounded(.down)
        case .mod: guard b != 0 else { return nil }; r = a - b * (a / b).rounded(.down)
        default: return nil
        }
        return r.isFinite ? r : nil
    }
}
