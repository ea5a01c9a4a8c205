import Findings
import Python

/// The taint of expressions, and where client data enters.
extension Engine {
    // MARK: Expressions

    func lookupName(_ name: String) -> Taint {
        if let t = env[name] { return t }
        return unassigned(name)
    }

    /// The value of a name the current function has not assigned (on this path): a parameter, a global,
    /// a constant, or something unknown.
    func unassigned(_ name: String) -> Taint {
        // Byte tests: this runs for most names the analysis meets, and the Character-level checks
        // (`contains(".")`, `isUppercase`) cost more than the lookups around them.
        if name.utf8.contains(UInt8(ascii: ".")) { return .unknown }
        if let i = paramIndex[name] { return Taint(level: .safe, params: [i]) }
        if function != nil, let t = globals[name] { return t }
        // Upper-case names are constants by convention (often imported from a settings module).
        let startsUppercase: Bool
        if let b = name.utf8.first, b < 0x80 { startsUppercase = b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") } else {
            startsUppercase = name.first?.isUppercase == true
        }
        if startsUppercase, name == name.uppercased() { return .safe }
        return .unknown
    }

    func taint(_ e: Expr) -> Taint { eval(e) }

    func key(_ e: Expr) -> CacheKey {
        let k: Int
        switch e.kind {
        case .call: k = 1
        case .attribute: k = 2
        case .subscript: k = 3
        case .name: k = 4
        case .joinedStr: k = 5
        case .formattedValue: k = 6
        default: k = 0
        }
        return CacheKey(a: e.span.start.line, b: e.span.start.column, c: e.span.end.line, d: e.span.end.column, k: k)
    }

    func eval(_ e: Expr) -> Taint {
        // A literal is safe wherever it is: caching it would only grow the table (in a flat f-string or
        // list, half the nodes are literals).
        if case .constant(let c) = e.kind { return literal(c) }
        // An f-string field costs one lookup of its (cached) value: not worth a table entry either.
        if case .formattedValue = e.kind { return evalUncached(e) }
        let k = key(e)
        if let t = cache[k] { return t }
        let t = evalUncached(e)
        cache[k] = t
        return t
    }

    private func evalUncached(_ e: Expr) -> Taint {
        depth += 1
        defer { depth -= 1 }
        // Pathologically deep expressions: give up precisely rather than exhaust the stack.
        return depth > 150 ? Taint.unknown : compute(e)
    }

    func compute(_ e: Expr) -> Taint {
        switch e.kind {
        case .constant(let c):
            return literal(c)
        case .name(let n, _):
            return lookupName(n)
        case .joinedStr(let parts):
            return formatted(parts.map { ($0, eval($0)) }, prefix: parts.first?.stringLiteral, literals: parts.compactMap(\.stringLiteral))
                .shaped(joinedShape(parts))
        case .formattedValue(let v, _, let spec):
            var t = eval(v)
            if let spec { _ = eval(spec) }
            t.tags.subtract([.tarArchive])
            return t
        case .binOp(let l, let op, let r):
            let lt = eval(l), rt = eval(r)
            if op == .add || op == .mod {
                var lits: [String] = []
                if let s = l.stringish { lits.append(s) }
                if let s = r.stringish { lits.append(s) }
                return formatted([(l, lt), (r, rt)], prefix: l.stringish, literals: lits).shaped(binaryShape(op, lt, rt))
            }
            return lt.combined(with: rt).shaped(binaryShape(op, lt, rt))
        case .boolOp(let op, let values):
            if let t = foldBoolOp(op, values) { return t }
            return values.map(eval).reduce(Taint.safe) { $0.combined(with: $1) }
        case .ifExp(let test, let body, let orelse):
            _ = eval(test)
            if let live = decided(test) { return eval(live ? body : orelse) }
            return guardedArms(test, body, orelse)
        case .compare(let left, let ops, let comparators):
            _ = eval(left)
            for c in comparators { _ = eval(c) }
            return foldCompare(left, ops, comparators)
        case .unaryOp(let op, let v):
            return foldUnary(op, eval(v))
        case .dict(let keys, let values):
            var t = Taint.safe
            for k in keys { if let k { t = t.combined(with: eval(k)) } }
            for v in values { t = t.combined(with: eval(v)) }
            return t.shaped(dictShape(keys, values))
        case .set(let elts):
            return elts.map(eval).reduce(Taint.safe) { $0.combined(with: $1) }
        case .list(let elts, _), .tuple(let elts, _):
            return sequenceLiteral(elts)
        case .listComp(let elt, let gens), .setComp(let elt, let gens), .generatorExp(let elt, let gens):
            return comprehension(gens) { self.eval(elt) }.withoutShape
        case .dictComp(let k, let v, let gens):
            return comprehension(gens) { self.eval(k).combined(with: self.eval(v)) }
        case .await(let v), .yieldFrom(let v), .starred(let v, _):
            return eval(v).withoutShape
        case .yield(let v):
            if let v { _ = eval(v) }
            return .unknown
        case .namedExpr(let target, let value):
            let t = eval(value)
            assign(target, value: value, taint: t, line: e.span.start.line)
            return t
        case .lambda(let args, let body):
            // Evaluate the body so sinks inside lambdas are seen; its parameters shadow outer names.
            env.open()
            for a in args.all { env[a.name] = .unknown }
            _ = eval(body)
            _ = env.close()
            return .unknown
        case .slice(let a, let b, let c):
            for x in [a, b, c] { if let x { _ = eval(x) } }
            return .safe
        case .attribute(let value, let attr, _):
            if let origin = requestSource(receiver: value, attr: attr, node: e) {
                var t = Taint.tainted(origin)
                if attr == "files" || attr == "FILES" { t.tags.insert(.upload) }
                // The request's own URL points at this site: redirecting or fetching it is not an open redirect.
                if ["url", "full_path", "path", "path_info", "base_url"].contains(attr) { t = t.clearing(.url) }
                return t
            }
            if let q = file.qualified(e), q == "sys.argv" {
                // Whoever runs a command-line tool already chooses its files and URLs.
                return Taint.tainted(origin(e)).clearing(.path, .url)
            }
            if let d = e.dottedName, let t = env[d] { return t }
            if let d = e.dottedName, d.hasPrefix("self."), let cls = function?.className, let t = fields[cls]?[d] { return t }
            var t = eval(value).withoutShape
            // The name of an uploaded file is the client's choice: name it as the source.
            if attr == "filename", t.tags.contains(.upload), t.level == .tainted {
                t.origin = Origin(description: "the uploaded file's name \(file.brief(e.span))", line: e.span.start.line, column: e.span.start.column + 1)
                t.tags = []
                return t
            }
            t.tags.subtract([.tarArchive, .pickled, .built, .html, .fixedHost])
            return extend(t, to: e)
        case .subscript(let value, let slice, _):
            var t = eval(value)
            _ = eval(slice)
            if let p = part(of: t, value, slice) { return p }
            t.shape = nil
            t.tags.subtract([.tarArchive, .pickled, .html, .fixedHost])
            return extend(t, to: e)
        case .call(let callee, let args, let keywords):
            return call(e, callee: callee, args: args, keywords: keywords)
        }
    }

    func comprehension(_ gens: [Comprehension], _ element: () -> Taint) -> Taint {
        env.open()
        for g in gens {
            let it = eval(g.iter)
            assign(g.target, value: nil, taint: elementTaint(it), line: g.target.span.start.line)
            for cond in g.ifs { _ = eval(cond) }
        }
        let t = element()
        _ = env.close()
        return t
    }

    /// String building: the parts' taint, marked as built, HTML-looking, or with a fixed URL host.
    func formatted(_ parts: [(Expr, Taint)], prefix: String?, literals: [String]) -> Taint {
        var t = parts.map(\.1).reduce(Taint.safe) { $0.combined(with: $1) }
        t.tags.subtract([.tarArchive])
        if parts.contains(where: { $0.1.isNonTrivial }) {
            t.tags.insert(.built)
            if literals.contains(where: Engine.looksLikeHTML) { t.tags.insert(.html) }
            if let prefix, Engine.fixesHost(prefix) { t.tags.insert(.fixedHost) }
        }
        return t
    }

    static func looksLikeHTML(_ s: String) -> Bool {
        var prev: Character = " "
        for c in s {
            if prev == "<", c.isLetter || c == "/" { return true }
            prev = c
        }
        return false
    }

    /// "https://host/..." — scheme and host are fixed by the literal, so only the path can vary.
    static func fixesHost(_ s: String) -> Bool {
        guard let r = s.range(of: "://") else { return false }
        let rest = s[r.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return false }
        return slash > rest.startIndex && !rest[..<slash].contains("{") && !rest[..<slash].contains("%")
    }

    func origin(_ e: Expr) -> Origin {
        Origin(description: file.brief(e.span), line: e.span.start.line, column: e.span.start.column + 1)
    }

    /// `request.args` (Flask global or Django view parameter, or `self.request` in class-based views).
    func requestSource(receiver: Expr, attr: String, node: Expr) -> Origin? {
        guard Tables.requestAttributes.contains(attr), isRequest(receiver) else { return nil }
        return origin(node)
    }

    func isRequest(_ e: Expr) -> Bool {
        guard let d = e.dottedName else { return false }
        if d == "request" || d == "self.request" { return true }
        if let q = file.qualified(e), q == "flask.request" || q.hasSuffix(".request") { return true }
        return false
    }

    /// `request.args['q']`: name the whole access in messages, not just `request.args`.
    func extend(_ t: Taint, to e: Expr) -> Taint {
        guard t.level == .tainted, var o = t.origin, o.line == e.span.start.line, o.column == e.span.start.column + 1 else { return t }
        o.description = file.brief(e.span)
        var out = t
        out.origin = o
        return out
    }
}
