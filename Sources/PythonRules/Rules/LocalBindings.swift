import Python

/// What a local name holds when every binding of it assigns the same expression: the small lookup the
/// flag-judging rules need (`secure = False` ... `set_cookie(..., secure=secure)`, `loader = yaml.SafeLoader`,
/// `parser = etree.XMLParser(...)`). Not a constant folder: anything but plain `name = expr` statements that
/// all assign the same text (a loop target, `with ... as`, `+=`, unpacking, a parameter) makes the name unknown.
extension Flow {
    /// The one expression every binding of `name` assigns, in the current function (else at module level).
    func soleBinding(of name: String) -> Expr? {
        if let f = function {
            if f.def.args.all.contains(where: { $0.name == name }) { return nil }
            switch LocalBindings.collect(name, in: f.def.body, file: file) {
            case .none: break
            case .conflict: return nil
            case .one(let e): return e
            }
        }
        if case .one(let e) = LocalBindings.collect(name, in: file.module.body, file: file) { return e }
        return nil
    }

    /// `e` itself when it is a literal, else the literal a name holds on every path, through a few names
    /// (`param = False; bar = param`).
    /// Failing that, the constant the engine folded at this point (`bar` after a branch decided by
    /// constants, `flags["secure"]` of a dict with constant keys).
    func literalValue(_ e: Expr) -> Expr? {
        var current = e
        for _ in 0..<4 {
            if current.isLiteral { return current }
            guard case .name(let n, _) = current.kind, let next = soleBinding(of: n) else { break }
            current = next
        }
        return taint(e).shape?.constant.flatMap { $0.literal }.map { Expr(.constant($0), e.span) }
    }

    /// `e`, or what the name `e` is bound to on every path (one step): the expression to read a parser,
    /// loader or flag from.
    func resolved(_ e: Expr) -> Expr {
        if case .name(let n, _) = e.kind, let b = soleBinding(of: n) { return b }
        return e
    }
}

enum LocalBindings {
    enum Found { case none, conflict, one(Expr) }

    /// The bindings of `name` in `body`. Nested functions and classes have their own scope and are skipped
    /// (so at module level, only module code counts).
    static func collect(_ name: String, in body: [Stmt], file: FileContext) -> Found {
        var value: Expr? = nil, text = "", conflict = false
        func bind(_ v: Expr) {
            let t = file.text(v.span)
            if value == nil { value = v; text = t } else if t != text { conflict = true }
        }
        func binds(_ target: Expr) -> Bool {
            var hit = false
            target.walk { x in if case .name(let n, _) = x.kind, n == name { hit = true } }
            return hit
        }
        func visit(_ stmts: [Stmt]) {
            for s in stmts where !conflict {
                switch s.kind {
                case .functionDef(let f):
                    if f.name == name { conflict = true }
                    continue
                case .classDef(let c):
                    if c.name == name { conflict = true }
                    continue
                case .assign(let targets, let v):
                    for t in targets {
                        if case .name(let n, _) = t.kind { if n == name { bind(v) } } else if binds(t) { conflict = true }
                    }
                case .annAssign(let t, _, let v, _):
                    if case .name(let n, _) = t.kind, n == name, let v { bind(v) }
                case .augAssign(let t, _, _), .for(let t, _, _, _, _):
                    if binds(t) { conflict = true }
                case .with(let items, _, _):
                    if items.contains(where: { $0.optionalVars.map(binds) ?? false }) { conflict = true }
                case .delete(let ts):
                    if ts.contains(where: binds) { conflict = true }
                case .import(let aliases), .importFrom(_, let aliases, _):
                    if aliases.contains(where: { ($0.asname ?? $0.name.split(separator: ".").first.map(String.init)) == name }) { conflict = true }
                case .global(let ns), .nonlocal(let ns):
                    if ns.contains(name) { conflict = true }
                case .try(_, let handlers, _, _, _):
                    if handlers.contains(where: { $0.name == name }) { conflict = true }
                default: break
                }
                // A walrus anywhere in the statement's own expressions rebinds the name too.
                for e in s.childExpressions where !conflict {
                    e.walk { x in if case .namedExpr(let t, _) = x.kind, binds(t) { conflict = true } }
                }
                visit(s.childStatements)
            }
        }
        visit(body)
        if conflict { return .conflict }
        return value.map { .one($0) } ?? .none
    }
}
