import Python

/// Where client data enters beyond `request.<attr>` (see `Tables.requestAttributes`): the environ of a WSGI
/// application, and the parameters FastAPI fills.
extension Engine {
    /// A WSGI application or middleware, `app(environ, start_response)` (or `__call__(self, ...)`): every
    /// key of its environ comes from the client's request or describes it.
    func seedWSGIEnviron(_ f: FunctionInfo) {
        guard f.params.count >= 2, f.params[1] == "start_response" else { return }
        let name = f.params[0]
        env[name] = .tainted(Origin(description: "the WSGI environ '\(name)'", line: f.span.start.line, column: f.span.start.column + 1))
    }

    /// Does a FastAPI parameter's annotation say it holds no attacker-chosen text: a number, a flag, a UUID,
    /// a date, an injected object, a `Literal` of constants, or `Optional`/`Annotated`/`| None`/lists of those?
    func isTypedValue(_ annotation: Expr?) -> Bool {
        guard let a = annotation else { return false }
        switch a.kind {
        case .name, .attribute:
            guard let d = a.dottedName else { return false }
            let last = d.split(separator: ".").last.map(String.init) ?? d
            return Engine.valueTypes.contains(last)
        case .constant(.none):
            return true
        case .binOp(let l, .bitOr, let r):
            return isTypedValue(l) && isTypedValue(r)
        case .subscript(let base, let slice, _):
            let last = base.lastName ?? ""
            switch last {
            case "Literal":
                return true
            case "Annotated":
                if case .tuple(let elts, _) = slice.kind, let first = elts.first { return isTypedValue(first) }
                return isTypedValue(slice)
            case "Optional", "List", "list", "Set", "set", "FrozenSet", "frozenset", "Sequence", "Tuple", "tuple", "Union":
                if case .tuple(let elts, _) = slice.kind { return !elts.isEmpty && elts.allSatisfy(isTypedValue) }
                return isTypedValue(slice)
            default:
                return false
            }
        default:
            return false
        }
    }

    static let valueTypes: Set<String> = [
        "int", "float", "bool", "Request", "UUID", "datetime", "date", "time", "timedelta", "Decimal", "BackgroundTasks",
        "Session", "Response", "WebSocket", "HTTPConnection", "AsyncSession", "PositiveInt", "NonNegativeInt", "conint", "confloat",
        "StrictInt", "StrictBool", "StrictFloat",
    ]
}
