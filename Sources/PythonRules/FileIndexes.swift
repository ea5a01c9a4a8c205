#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Python
import Synchronization

/// A value computed on its first use and kept. The context of an imported module is cached and shared
/// by the reviews of several threads, so the first use computes under a lock (a later one only reads).
/// `make` must not read the same memo.
struct Memo<Value: Sendable>: ~Copyable, Sendable {
    private let state = Mutex<Value?>(nil)

    init() {}

    func value(_ make: () -> Value) -> Value {
        state.withLock { known in
            if let known { return known }
            let made = make()
            known = made
            return made
        }
    }
}

/// A file's functions by `FunctionInfo.key` (the first of each key) and by bare name (the first of each).
struct FunctionTables: Sendable {
    var byKey: [String: FunctionInfo] = [:]
    var byName: [String: FunctionInfo] = [:]

    init(_ functions: [FunctionInfo]) {
        for f in functions {
            if byName[f.name] == nil { byName[f.name] = f }
            if byKey[f.key] == nil { byKey[f.key] = f }
        }
    }
}

/// The indexes over a file that not every review reads, built on first use. An imported module's
/// context is made for a few summaries and never asks which names the file calls; a restricted review
/// asks where `==` is only in the statements it analyzes.
extension FileContext {
    /// Names of functions called anywhere in the file (bare or as `self.name`/`cls.name`).
    static func calledNames(in module: Module) -> Set<String> {
        var called = Set<String>()
        forEachExpression(in: module) { x in
            guard case .call(let f, _, _) = x.kind else { return }
            switch f.kind {
            case .name(let n, _): called.insert(n)
            case .attribute(let v, let attr, _):
                if case .name(let n, _) = v.kind, n == "self" || n == "cls" { called.insert(attr) }
            default: break
            }
        }
        return called
    }

    /// Byte offsets `i` (ascending) where `bytes[i]` is the `=` of `==` or `!=`.
    static func equalityOffsets(_ bytes: [UInt8]) -> [Int] {
        var out: [Int] = []
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress, buf.count > 1 else { return }
            var i = 1
            while i < buf.count, let hit = memchr(base + i, 0x3D, buf.count - i) {
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if buf[at - 1] == 0x3D || buf[at - 1] == 0x21 { out.append(at) }
                i = at + 1
            }
        }
        return out
    }

    /// Is some element of the ascending `offsets` in `lower..<upper`?
    static func holdsOffset(_ offsets: [Int], in lower: Int, _ upper: Int) -> Bool {
        var lo = 0, hi = offsets.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if offsets[mid] < lower { lo = mid + 1 } else { hi = mid }
        }
        return lo < offsets.count && offsets[lo] < upper
    }
}

/// Walks for the indexes above that allocate nothing per node: they run over every statement and
/// expression of every reviewed file, and `Stmt.walk`/`Expr.walk` build arrays at each one.
extension FileContext {
    /// Calls `visit` on every statement of `body` and those nested in it, in `Stmt.walk`'s order
    /// (depth first, in source order). Iterative, so deep nesting cannot exhaust a small thread stack.
    static func forEachStatement(_ body: [Stmt], _ visit: (Stmt) -> Void) {
        var stack: [IndexingIterator<[Stmt]>] = [body.makeIterator()]
        while !stack.isEmpty {
            guard let s = stack[stack.count - 1].next() else {
                stack.removeLast()
                continue
            }
            visit(s)
            // Last body first: the one on top of the stack is walked next.
            switch s.kind {
            case .functionDef(let f): stack.append(f.body.makeIterator())
            case .classDef(let c): stack.append(c.body.makeIterator())
            case .for(_, _, let body, let orelse, _), .while(_, let body, let orelse), .if(_, let body, let orelse):
                stack.append(orelse.makeIterator())
                stack.append(body.makeIterator())
            case .with(_, let body, _): stack.append(body.makeIterator())
            case .match(_, let cases):
                for c in cases.reversed() { stack.append(c.body.makeIterator()) }
            case .try(let body, let handlers, let orelse, let finalbody, _):
                stack.append(finalbody.makeIterator())
                stack.append(orelse.makeIterator())
                for h in handlers.reversed() { stack.append(h.body.makeIterator()) }
                stack.append(body.makeIterator())
            case .return, .delete, .assign, .typeAlias, .augAssign, .annAssign, .raise, .assert, .import, .importFrom,
                 .global, .nonlocal, .expr, .pass, .break, .continue:
                break
            }
        }
    }

    /// Calls `visit` on every expression of `module`, nested statements included, in no set order.
    static func forEachExpression(in module: Module, _ visit: (Expr) -> Void) {
        var stack: [Expr] = []
        forEachStatement(module.body) { s in
            stack.append(contentsOf: s.childExpressions)
            while let e = stack.popLast() {
                visit(e)
                pushChildren(of: e, onto: &stack)
            }
        }
    }

    /// Appends the sub-expressions `Expr.children` lists, without building that array.
    private static func pushChildren(of e: Expr, onto stack: inout [Expr]) {
        func push(_ e: Expr?) { if let e { stack.append(e) } }
        func pushGenerators(_ gens: [Comprehension]) {
            for g in gens {
                stack.append(g.target)
                stack.append(g.iter)
                stack.append(contentsOf: g.ifs)
            }
        }
        switch e.kind {
        case .constant, .name: return
        case .boolOp(_, let values): stack.append(contentsOf: values)
        case .namedExpr(let t, let v): stack.append(t); stack.append(v)
        case .binOp(let l, _, let r): stack.append(l); stack.append(r)
        case .unaryOp(_, let x), .await(let x), .yieldFrom(let x), .starred(let x, _): stack.append(x)
        case .lambda(let args, let body):
            stack.append(contentsOf: args.defaults)
            for d in args.kwDefaults { push(d) }
            stack.append(body)
        case .ifExp(let t, let b, let o): stack.append(t); stack.append(b); stack.append(o)
        case .dict(let keys, let values):
            for k in keys { push(k) }
            stack.append(contentsOf: values)
        case .set(let elts), .list(let elts, _), .tuple(let elts, _), .joinedStr(let elts): stack.append(contentsOf: elts)
        case .listComp(let elt, let gens), .setComp(let elt, let gens), .generatorExp(let elt, let gens):
            stack.append(elt)
            pushGenerators(gens)
        case .dictComp(let k, let v, let gens):
            stack.append(k); stack.append(v)
            pushGenerators(gens)
        case .yield(let x): push(x)
        case .compare(let left, _, let comparators): stack.append(left); stack.append(contentsOf: comparators)
        case .call(let f, let args, let keywords):
            stack.append(f)
            stack.append(contentsOf: args)
            for k in keywords { stack.append(k.value) }
        case .formattedValue(let v, _, let spec): stack.append(v); push(spec)
        case .attribute(let v, _, _): stack.append(v)
        case .subscript(let v, let s, _): stack.append(v); stack.append(s)
        case .slice(let l, let u, let s): push(l); push(u); push(s)
        }
    }
}
