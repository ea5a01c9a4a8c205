/// Generic traversal, so rules need not repeat the shape of every node.
extension Stmt {
    /// Statements nested directly in this one (bodies of compound statements).
    public var childStatements: [Stmt] {
        switch kind {
        case .functionDef(let f): return f.body
        case .classDef(let c): return c.body
        case .for(_, _, let body, let orelse, _), .while(_, let body, let orelse), .if(_, let body, let orelse):
            return body + orelse
        case .with(_, let body, _): return body
        case .match(_, let cases): return cases.flatMap(\.body)
        case .try(let body, let handlers, let orelse, let finalbody, _):
            return body + handlers.flatMap(\.body) + orelse + finalbody
        default: return []
        }
    }

    /// Expressions owned directly by this statement (not those of nested statements).
    public var childExpressions: [Expr] {
        switch kind {
        case .functionDef(let f):
            return f.decorators + f.args.defaults + f.args.kwDefaults.compactMap { $0 }
                + f.args.all.compactMap(\.annotation) + (f.returns.map { [$0] } ?? [])
        case .classDef(let c): return c.decorators + c.bases + c.keywords.map(\.value)
        case .return(let e): return e.map { [$0] } ?? []
        case .delete(let targets): return targets
        case .assign(let targets, let value): return targets + [value]
        case .typeAlias(let name, _, let value): return [name, value]
        case .augAssign(let target, _, let value): return [target, value]
        case .annAssign(let target, let annotation, let value, _): return [target, annotation] + (value.map { [$0] } ?? [])
        case .for(let target, let iter, _, _, _): return [target, iter]
        case .while(let test, _, _), .if(let test, _, _): return [test]
        case .with(let items, _, _): return items.flatMap { [$0.contextExpr] + ($0.optionalVars.map { [$0] } ?? []) }
        case .match(let subject, let cases): return [subject] + cases.compactMap(\.guard_)
        case .raise(let exc, let cause): return [exc, cause].compactMap { $0 }
        case .try(_, let handlers, _, _, _): return handlers.compactMap(\.type)
        case .assert(let test, let msg): return [test] + (msg.map { [$0] } ?? [])
        case .expr(let e): return [e]
        case .import, .importFrom, .global, .nonlocal, .pass, .break, .continue: return []
        }
    }

    /// Calls `visit` on this statement and every statement nested in it, depth first, in source order.
    /// Iterative, so deep nesting cannot exhaust a small thread stack. It keeps the bodies it is in the
    /// middle of rather than building `childStatements` (and its reversed copy) at every statement: a
    /// walk over a simple statement allocates nothing.
    public func walk(_ visit: (Stmt) -> Void) {
        visit(self)
        var stack: [IndexingIterator<[Stmt]>] = []
        pushChildBodies(onto: &stack)
        Stmt.drain(&stack, visit)
    }

    /// Calls `visit` on every statement of `body` and those nested in it, in `walk`'s order.
    public static func walk(_ body: [Stmt], _ visit: (Stmt) -> Void) {
        var stack: [IndexingIterator<[Stmt]>] = [body.makeIterator()]
        drain(&stack, visit)
    }

    /// Calls `statement` on every statement of `body` and those nested in it, in `walk`'s order, and after
    /// each, `expression` on every expression it owns and their sub-expressions, in the order
    /// `for e in st.childExpressions { e.walk(expression) }` gives. Builds no `childExpressions` array and
    /// keeps one stack for the whole walk.
    public static func walk(_ body: [Stmt], statement: (Stmt) -> Void = { _ in }, expression: (Expr) -> Void) {
        var expressions: [Expr] = []
        var stack: [IndexingIterator<[Stmt]>] = [body.makeIterator()]
        drain(&stack) { s in
            statement(s)
            s.pushChildExpressionsReversed(onto: &expressions)
            while let e = expressions.popLast() {
                expression(e)
                e.pushChildrenReversed(onto: &expressions)
            }
        }
    }

    /// Calls `visit` on every expression this statement owns (`childExpressions`, not those of nested
    /// statements) and their sub-expressions, in the order `for e in childExpressions { e.walk(visit) }`
    /// gives, without building that array.
    public func walkExpressions(_ visit: (Expr) -> Void) {
        var stack: [Expr] = []
        pushChildExpressionsReversed(onto: &stack)
        while let e = stack.popLast() {
            visit(e)
            e.pushChildrenReversed(onto: &stack)
        }
    }

    /// Visits the rest of every body on `stack`, the top one first, and the statements nested in them.
    private static func drain(_ stack: inout [IndexingIterator<[Stmt]>], _ visit: (Stmt) -> Void) {
        while !stack.isEmpty {
            guard let s = stack[stack.count - 1].next() else {
                stack.removeLast()
                continue
            }
            visit(s)
            s.pushChildBodies(onto: &stack)
        }
    }

    /// Pushes the bodies `childStatements` joins, last first, so the one on top is walked next.
    private func pushChildBodies(onto stack: inout [IndexingIterator<[Stmt]>]) {
        switch kind {
        case .functionDef(let f): stack.append(f.body.makeIterator())
        case .classDef(let c): stack.append(c.body.makeIterator())
        case .for(_, _, let body, let orelse, _), .while(_, let body, let orelse), .if(_, let body, let orelse):
            if !orelse.isEmpty { stack.append(orelse.makeIterator()) }
            stack.append(body.makeIterator())
        case .with(_, let body, _): stack.append(body.makeIterator())
        case .match(_, let cases):
            for c in cases.reversed() { stack.append(c.body.makeIterator()) }
        case .try(let body, let handlers, let orelse, let finalbody, _):
            if !finalbody.isEmpty { stack.append(finalbody.makeIterator()) }
            if !orelse.isEmpty { stack.append(orelse.makeIterator()) }
            for h in handlers.reversed() { stack.append(h.body.makeIterator()) }
            stack.append(body.makeIterator())
        case .return, .delete, .assign, .typeAlias, .augAssign, .annAssign, .raise, .assert, .import, .importFrom,
             .global, .nonlocal, .expr, .pass, .break, .continue:
            break
        }
    }

    /// Appends `childExpressions` to `stack` last-first, so popping yields them in order, without
    /// building that array. Must list the same nodes as `childExpressions`.
    func pushChildExpressionsReversed(onto stack: inout [Expr]) {
        func push(_ e: Expr?) { if let e { stack.append(e) } }
        func pushAll(_ es: [Expr]) { for e in es.reversed() { stack.append(e) } }
        func pushAnnotations(_ args: [Arg]) { for a in args.reversed() { push(a.annotation) } }
        switch kind {
        case .functionDef(let f):
            push(f.returns)
            push(f.args.kwarg?.annotation)
            pushAnnotations(f.args.kwonlyargs)
            push(f.args.vararg?.annotation)
            pushAnnotations(f.args.args)
            pushAnnotations(f.args.posonlyargs)
            for d in f.args.kwDefaults.reversed() { push(d) }
            pushAll(f.args.defaults)
            pushAll(f.decorators)
        case .classDef(let c):
            for k in c.keywords.reversed() { stack.append(k.value) }
            pushAll(c.bases)
            pushAll(c.decorators)
        case .return(let e): push(e)
        case .delete(let targets): pushAll(targets)
        case .assign(let targets, let value): push(value); pushAll(targets)
        case .typeAlias(let name, _, let value): push(value); push(name)
        case .augAssign(let target, _, let value): push(value); push(target)
        case .annAssign(let target, let annotation, let value, _): push(value); push(annotation); push(target)
        case .for(let target, let iter, _, _, _): push(iter); push(target)
        case .while(let test, _, _), .if(let test, _, _): push(test)
        case .with(let items, _, _):
            for i in items.reversed() { push(i.optionalVars); push(i.contextExpr) }
        case .match(let subject, let cases):
            for c in cases.reversed() { push(c.guard_) }
            push(subject)
        case .raise(let exc, let cause): push(cause); push(exc)
        case .try(_, let handlers, _, _, _): for h in handlers.reversed() { push(h.type) }
        case .assert(let test, let msg): push(msg); push(test)
        case .expr(let e): push(e)
        case .import, .importFrom, .global, .nonlocal, .pass, .break, .continue: break
        }
    }
}

extension Expr {
    public var children: [Expr] {
        switch kind {
        case .boolOp(_, let values): return values
        case .namedExpr(let t, let v): return [t, v]
        case .binOp(let l, _, let r): return [l, r]
        case .unaryOp(_, let e), .await(let e), .yieldFrom(let e), .starred(let e, _): return [e]
        case .lambda(let args, let body): return args.defaults + args.kwDefaults.compactMap { $0 } + [body]
        case .ifExp(let t, let b, let o): return [t, b, o]
        case .dict(let keys, let values): return keys.compactMap { $0 } + values
        case .set(let elts), .list(let elts, _), .tuple(let elts, _), .joinedStr(let elts): return elts
        case .listComp(let elt, let gens), .setComp(let elt, let gens), .generatorExp(let elt, let gens):
            return [elt] + gens.flatMap { [$0.target, $0.iter] + $0.ifs }
        case .dictComp(let k, let v, let gens): return [k, v] + gens.flatMap { [$0.target, $0.iter] + $0.ifs }
        case .yield(let e): return e.map { [$0] } ?? []
        case .compare(let left, _, let comparators): return [left] + comparators
        case .call(let f, let args, let keywords): return [f] + args + keywords.map(\.value)
        case .formattedValue(let v, _, let spec): return [v] + (spec.map { [$0] } ?? [])
        case .constant, .name: return []
        case .attribute(let v, _, _): return [v]
        case .subscript(let v, let s, _): return [v, s]
        case .slice(let l, let u, let s): return [l, u, s].compactMap { $0 }
        }
    }

    /// Calls `visit` on this expression and every sub-expression, depth first.
    /// Iterative, so deep nesting cannot exhaust a small thread stack.
    public func walk(_ visit: (Expr) -> Void) {
        var stack: [Expr] = [self]
        while let e = stack.popLast() {
            visit(e)
            e.pushChildrenReversed(onto: &stack)
        }
    }

    /// Appends `children` to `stack` last-first, so popping yields them in source order. Walks run over
    /// every expression of every reviewed file several times; building the `children` array (and its
    /// reversed copy) per node was most of their cost. Must list the same nodes as `children`.
    func pushChildrenReversed(onto stack: inout [Expr]) {
        func push(_ e: Expr?) { if let e { stack.append(e) } }
        func pushAll(_ es: [Expr]) { for e in es.reversed() { stack.append(e) } }
        func pushGenerators(_ gens: [Comprehension]) {
            for g in gens.reversed() {
                pushAll(g.ifs)
                push(g.iter)
                push(g.target)
            }
        }
        switch kind {
        case .constant, .name: return
        case .boolOp(_, let values): pushAll(values)
        case .namedExpr(let t, let v): push(v); push(t)
        case .binOp(let l, _, let r): push(r); push(l)
        case .unaryOp(_, let e), .await(let e), .yieldFrom(let e), .starred(let e, _): push(e)
        case .lambda(let args, let body):
            push(body)
            for d in args.kwDefaults.reversed() { push(d) }
            pushAll(args.defaults)
        case .ifExp(let t, let b, let o): push(o); push(b); push(t)
        case .dict(let keys, let values):
            pushAll(values)
            for k in keys.reversed() { push(k) }
        case .set(let elts), .list(let elts, _), .tuple(let elts, _), .joinedStr(let elts): pushAll(elts)
        case .listComp(let elt, let gens), .setComp(let elt, let gens), .generatorExp(let elt, let gens):
            pushGenerators(gens)
            push(elt)
        case .dictComp(let k, let v, let gens):
            pushGenerators(gens)
            push(v); push(k)
        case .yield(let e): push(e)
        case .compare(let left, _, let comparators): pushAll(comparators); push(left)
        case .call(let f, let args, let keywords):
            for k in keywords.reversed() { push(k.value) }
            pushAll(args)
            push(f)
        case .formattedValue(let v, _, let spec): push(spec); push(v)
        case .attribute(let v, _, _): push(v)
        case .subscript(let v, let s, _): push(s); push(v)
        case .slice(let l, let u, let s): push(s); push(u); push(l)
        }
    }

    /// `a.b.c` as "a.b.c"; nil for anything that is not a plain dotted name.
    public var dottedName: String? {
        switch kind {
        case .name(let id, _): return id
        case .attribute(let value, let attr, _): return value.dottedName.map { $0 + "." + attr }
        default: return nil
        }
    }

    /// The string value of a plain string literal.
    public var stringLiteral: String? {
        if case .constant(.string(let s)) = kind { return s }
        return nil
    }
}
