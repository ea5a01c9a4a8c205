import Findings
import Python

/// Statements and conditions: how values flow through assignments, branches, loops and guards.
extension Engine {
    // MARK: Statements

    func exec(_ body: [Stmt]) { for s in body { exec(s) } }

    func exec(_ s: Stmt) {
        // Keep the storage: reallocating the table for every statement showed in profiles. But not a huge
        // one: clearing costs its capacity, and after one 500,000-field f-string every later statement of
        // the file would pay for it.
        if cache.count > 4096 { cache = [:] } else { cache.removeAll(keepingCapacity: true) }
        statement = s
        statementLine = s.span.start.line
        let line = s.span.start.line
        switch s.kind {
        case .functionDef, .classDef, .import, .importFrom, .global, .nonlocal, .pass, .break, .continue:
            fireStatement(s)
        case .expr(let e):
            _ = eval(e)
            fireStatement(s)
        case .assign(let targets, let value):
            let t = shared(eval(value), by: targets.count)
            for target in targets { assign(target, value: value, taint: t, line: line) }
            fireStatement(s)
        case .annAssign(let target, _, let value, _):
            if let value { assign(target, value: value, taint: eval(value), line: line) }
            fireStatement(s)
        case .augAssign(let target, let op, let value):
            var t = eval(target).combined(with: eval(value)).shaped(binaryShape(op, eval(target), eval(value)))
            if op == .add || op == .mod, t.isNonTrivial { t.tags.insert(.built) }
            assign(target, value: nil, taint: t, line: line)
            fireStatement(s)
        case .delete(let targets):
            deleteParts(targets)
        case .typeAlias:
            break
        case .return(let value):
            if let value {
                let t = eval(value)
                current.returns = current.returns.map { $0.joined(with: t) } ?? t
                fireStatement(s)
                if function != nil { fireReturn(value) }
            }
        case .raise(let exc, let cause):
            if let exc { _ = eval(exc) }
            if let cause { _ = eval(cause) }
            fireStatement(s)
        case .assert(let test, let msg):
            _ = eval(test)
            if let msg { _ = eval(msg) }
            fireStatement(s)
        case .if(let test, let body, let orelse):
            _ = eval(test)
            fireStatement(s)
            if let live = liveBranch(test, body, orelse) { exec(live); return }
            let (yes, no) = guards(test)
            env.open()
            for (name, t) in yes { env[name] = t }
            exec(body)
            let afterBody = env.close()
            env.open()
            for (name, t) in no { env[name] = t }
            exec(orelse)
            let afterElse = env.close()
            let bodyEnds = terminates(body), elseEnds = terminates(orelse)
            if bodyEnds && !elseEnds { env.apply(afterElse) } else if elseEnds && !bodyEnds { env.apply(afterBody) } else {
                env.apply(join(afterBody, afterElse))
            }
        case .for(let target, let iter, let body, let orelse, _):
            let t = eval(iter)
            fireStatement(s)
            let runs = iterations(t)
            if runs == 0 { exec(orelse); return }
            env.open()
            assign(target, value: nil, taint: elementTaint(t), line: line)
            loopBody(body)
            // A loop over a known non-empty collection runs its body at least once.
            let left = env.close()
            env.apply(runs != nil && !leavesEarly(body) ? left : join([:], left))
            exec(orelse)
        case .while(let test, let body, let orelse):
            _ = eval(test)
            fireStatement(s)
            if decided(test) == false { exec(orelse); return }
            env.open()
            loopBody(body)
            env.apply(join([:], env.close()))
            exec(orelse)
        case .with(let items, let body, _):
            for item in items {
                let t = eval(item.contextExpr)
                if let v = item.optionalVars { assign(v, value: nil, taint: t, line: line) }
            }
            fireStatement(s)
            exec(body)
        case .match(let subject, let cases):
            _ = eval(subject)
            fireStatement(s)
            // On a constant subject only the cases that can match run; when one certainly does, the
            // path where none matches is gone.
            let (live, exhaustive) = liveCases(subject, cases)
            var out: Environment.Changes? = exhaustive ? nil : Environment.Changes()
            for c in live {
                env.open()
                if let g = c.guard_ { _ = eval(g) }
                exec(c.body)
                let left = env.close()
                out = out.map { join($0, left) } ?? left
            }
            env.apply(out ?? [:])
        case .try(let body, let handlers, let orelse, let finalbody, _):
            fireStatement(s)
            env.open()
            exec(body)
            let afterBody = env.close()
            var out = afterBody
            for h in handlers {
                // A handler starts from either the state before the body or after it.
                let start = join([:], afterBody)
                env.open()
                env.apply(start)
                if let type = h.type { _ = eval(type) }
                if let name = h.name { env[name] = .unknown }
                exec(h.body)
                out = join(out, env.close())
            }
            env.apply(out)
            exec(orelse)
            exec(finalbody)
        }
    }

    /// Twice, so a value tainted late in the body reaches uses early in the next iteration; nested loops
    /// run once each beyond the third level so the cost stays linear.
    func loopBody(_ body: [Stmt]) {
        loopDepth += 1
        defer { loopDepth -= 1 }
        exec(body)
        if loopDepth <= 3 { widenForNextPass(); exec(body) }
    }

    /// The join of two paths that both start from the current environment and changed the names in
    /// `a` and `b` (as `Environment.close` returns them): only those names can differ, so only they are
    /// looked at, and the result is again a set of changes to the current environment.
    func join(_ a: Environment.Changes, _ b: Environment.Changes) -> Environment.Changes {
        // A name assigned on one path only keeps, on the other, the value it had before (a parameter, a global).
        // A name first assigned inside a branch or loop has no other value (using it otherwise fails), so
        // it keeps the assigned one.
        func before(_ k: String) -> Taint? {
            if let i = paramIndex[k] { return Taint(level: .safe, params: [i]) }
            return function != nil ? globals[k] : nil
        }
        var out = Environment.Changes(minimumCapacity: a.count + b.count)
        func joinName(_ k: String) {
            let av = a[k] ?? env[k], bv = b[k] ?? env[k]
            switch (av, bv) {
            case let (x?, y?): out.updateValue(x != y ? x.joined(with: y) : x, forKey: k)
            case let (nil, y?): out.updateValue(before(k).map { $0.joined(with: y) } ?? y, forKey: k)
            case let (x?, nil): out.updateValue(before(k).map { x.joined(with: $0) } ?? x, forKey: k)
            case (nil, nil): out.updateValue(nil, forKey: k)
            }
        }
        for k in a.keys { joinName(k) }
        for k in b.keys where a.index(forKey: k) == nil { joinName(k) }
        return out
    }

    /// Iterating a value yields its elements: same taint, but not the container's kind.
    func elementTaint(_ t: Taint) -> Taint {
        var e = t
        e.shape = nil
        e.tags.subtract([.tarArchive, .pickled])
        return e
    }

    func assign(_ target: Expr, value: Expr?, taint: Taint, line: Int) {
        let t = taint.passing(line: line)
        switch target.kind {
        case .name(let n, _):
            env[n] = unaliased(t, from: value)
        case .tuple(let elts, _), .list(let elts, _):
            // `a, b = x, y` pairs up; anything else spreads the whole value over every target.
            if let value, case .tuple(let vals, _) = value.kind, vals.count == elts.count {
                for (e, v) in zip(elts, vals) { assign(e, value: v, taint: eval(v), line: line) }
            } else if let value, case .list(let vals, _) = value.kind, vals.count == elts.count {
                for (e, v) in zip(elts, vals) { assign(e, value: v, taint: eval(v), line: line) }
            } else if let parts = unpacked(t, into: elts) {
                for (e, p) in zip(elts, parts) { assign(e, value: nil, taint: p, line: line) }
            } else {
                for e in elts { assign(e, value: nil, taint: elementTaint(t), line: line) }
            }
        case .starred(let inner, _):
            assign(inner, value: nil, taint: t, line: line)
        case .attribute:
            if let d = target.dottedName { env[d] = unaliased(t, from: value) }
        case .subscript(let base, let slice, _):
            // A store into a container taints the container (weakly: it may hold other, safe values).
            if storePart(base, slice, t) { break }
            if let d = base.dottedName {
                let old = env[d] ?? lookupName(d)
                env[d] = old.combined(with: t)
            }
        default:
            break
        }
    }

    func terminates(_ body: [Stmt]) -> Bool {
        guard let last = body.last else { return false }
        switch last.kind {
        case .return, .raise, .continue, .break: return true
        case .expr(let e):
            if case .call(let f, _, _) = e.kind, let n = file.qualified(f) { return Tables.terminators.contains(n) }
            return false
        case .if(_, let b, let o): return !o.isEmpty && terminates(b) && terminates(o)
        default: return false
        }
    }
}
