/// A compact text dump of the tree in CPython's `ast` vocabulary (node names, field order, positions),
/// so it can be compared token for token with a dump of CPython's own tree (Tests/Helpers/cpython_dump.py).
/// Number values are written as `num` (we keep spelling, CPython keeps values); positions of the direct
/// parts of an f-string are left out because CPython 3.11 does not compute them.
public func dumpAST(_ module: Module, version: PythonVersion = .v3_12) -> String {
    var d = Dumper(version: version)
    d.out += "Module( "
    d.stmts(module.body)
    d.out += ")"
    return d.out
}

struct Dumper {
    let version: PythonVersion
    var out = ""

    mutating func open(_ name: String, _ span: Span?) {
        out += name
        out += "( "
        if let s = span { out += "\(s.start.line):\(s.start.column)-\(s.end.line):\(s.end.column) " }
    }
    mutating func close() { out += ") " }
    mutating func none() { out += "~ " }
    mutating func str(_ s: String) { out += jsonString(s) + " " }
    mutating func optStr(_ s: String?) { if let s = s { str(s) } else { none() } }
    mutating func word(_ s: String) { out += s + " " }
    mutating func exprs(_ items: [Expr], inJoined: Bool = false) {
        out += "[ "
        for x in items { expr(x, inJoined: inJoined) }
        out += "] "
    }
    mutating func stmts(_ items: [Stmt]) {
        out += "[ "
        for x in items { stmt(x) }
        out += "] "
    }
    mutating func opt(_ e: Expr?) { if let e = e { expr(e) } else { none() } }

    mutating func stmt(_ s: Stmt) {
        let sp = s.span
        switch s.kind {
        case .functionDef(let f):
            open(f.isAsync ? "AsyncFunctionDef" : "FunctionDef", sp)
            str(f.name); arguments(f.args); stmts(f.body); exprs(f.decorators); opt(f.returns)
            if version >= .v3_12 { typeParams(f.typeParams) }
        case .classDef(let c):
            open("ClassDef", sp)
            str(c.name); exprs(c.bases); keywords(c.keywords); stmts(c.body); exprs(c.decorators)
            if version >= .v3_12 { typeParams(c.typeParams) }
        case .return(let v): open("Return", sp); opt(v)
        case .delete(let t): open("Delete", sp); exprs(t)
        case .assign(let t, let v): open("Assign", sp); exprs(t); expr(v)
        case .typeAlias(let n, let tp, let v): open("TypeAlias", sp); expr(n); typeParams(tp); expr(v)
        case .augAssign(let t, let op, let v): open("AugAssign", sp); expr(t); word(binop(op)); expr(v)
        case .annAssign(let t, let a, let v, let simple): open("AnnAssign", sp); expr(t); expr(a); opt(v); word(simple ? "1" : "0")
        case .for(let t, let i, let b, let o, let isAsync):
            open(isAsync ? "AsyncFor" : "For", sp); expr(t); expr(i); stmts(b); stmts(o)
        case .while(let t, let b, let o): open("While", sp); expr(t); stmts(b); stmts(o)
        case .if(let t, let b, let o): open("If", sp); expr(t); stmts(b); stmts(o)
        case .with(let items, let b, let isAsync):
            open(isAsync ? "AsyncWith" : "With", sp)
            out += "[ "
            for it in items { open("withitem", nil); expr(it.contextExpr); opt(it.optionalVars); close() }
            out += "] "
            stmts(b)
        case .match(let subject, let cases):
            open("Match", sp); expr(subject)
            out += "[ "
            for c in cases { open("match_case", nil); pattern(c.pattern); opt(c.guard_); stmts(c.body); close() }
            out += "] "
        case .raise(let e, let c): open("Raise", sp); opt(e); opt(c)
        case .try(let b, let h, let o, let f, let isStar):
            open(isStar ? "TryStar" : "Try", sp); stmts(b)
            out += "[ "
            for x in h { open("ExceptHandler", x.span); opt(x.type); optStr(x.name); stmts(x.body); close() }
            out += "] "
            stmts(o); stmts(f)
        case .assert(let t, let m): open("Assert", sp); expr(t); opt(m)
        case .import(let names): open("Import", sp); aliases(names)
        case .importFrom(let m, let names, let level): open("ImportFrom", sp); optStr(m); aliases(names); word("\(level)")
        case .global(let n): open("Global", sp); out += "[ "; for x in n { str(x) }; out += "] "
        case .nonlocal(let n): open("Nonlocal", sp); out += "[ "; for x in n { str(x) }; out += "] "
        case .expr(let e): open("Expr", sp); expr(e)
        case .pass: open("Pass", sp)
        case .break: open("Break", sp)
        case .continue: open("Continue", sp)
        }
        close()
    }

    mutating func aliases(_ a: [Alias]) {
        out += "[ "
        for x in a { open("alias", x.span); str(x.name); optStr(x.asname); close() }
        out += "] "
    }

    mutating func keywords(_ k: [Keyword]) {
        out += "[ "
        for x in k { open("keyword", x.span); optStr(x.arg); expr(x.value); close() }
        out += "] "
    }

    mutating func typeParams(_ t: [TypeParam]) {
        out += "[ "
        for x in t {
            switch x.kind {
            case .typeVar(let bound): open("TypeVar", x.span); str(x.name); opt(bound)
            case .paramSpec: open("ParamSpec", x.span); str(x.name)
            case .typeVarTuple: open("TypeVarTuple", x.span); str(x.name)
            }
            close()
        }
        out += "] "
    }

    mutating func arg(_ a: Arg) { open("arg", a.span); str(a.name); opt(a.annotation); close() }
    mutating func optArg(_ a: Arg?) { if let a = a { arg(a) } else { none() } }

    mutating func arguments(_ a: Arguments) {
        open("arguments", nil)
        out += "[ "; for x in a.posonlyargs { arg(x) }; out += "] "
        out += "[ "; for x in a.args { arg(x) }; out += "] "
        optArg(a.vararg)
        out += "[ "; for x in a.kwonlyargs { arg(x) }; out += "] "
        out += "[ "; for x in a.kwDefaults { opt(x) }; out += "] "
        optArg(a.kwarg)
        exprs(a.defaults)
        close()
    }

    mutating func ctx(_ c: ExprContext) { word(c == .load ? "Load" : c == .store ? "Store" : "Del") }

    mutating func constant(_ c: Constant) {
        switch c {
        case .none: word("None")
        case .true: word("True")
        case .false: word("False")
        case .ellipsis: word("...")
        case .int, .float, .complex: word("num")
        case .string(let s): out += "s" + jsonString(s) + " "
        case .bytes(let b): word("b" + b.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined())
        }
    }

    mutating func comprehensions(_ gens: [Comprehension]) {
        out += "[ "
        for g in gens { open("comprehension", nil); expr(g.target); expr(g.iter); exprs(g.ifs); word(g.isAsync ? "1" : "0"); close() }
        out += "] "
    }

    mutating func expr(_ e: Expr, inJoined: Bool = false) {
        let sp: Span? = inJoined ? nil : e.span
        switch e.kind {
        case .boolOp(let op, let values): open("BoolOp", sp); word(op == .and ? "And" : "Or"); exprs(values)
        case .namedExpr(let t, let v): open("NamedExpr", sp); expr(t); expr(v)
        case .binOp(let l, let op, let r): open("BinOp", sp); expr(l); word(binop(op)); expr(r)
        case .unaryOp(let op, let v):
            open("UnaryOp", sp)
            word(op == .invert ? "Invert" : op == .not ? "Not" : op == .uAdd ? "UAdd" : "USub")
            expr(v)
        case .lambda(let a, let b): open("Lambda", sp); arguments(a); expr(b)
        case .ifExp(let t, let b, let o): open("IfExp", sp); expr(t); expr(b); expr(o)
        case .dict(let keys, let values): open("Dict", sp); out += "[ "; for k in keys { opt(k) }; out += "] "; exprs(values)
        case .set(let elts): open("Set", sp); exprs(elts)
        case .listComp(let elt, let gens): open("ListComp", sp); expr(elt); comprehensions(gens)
        case .setComp(let elt, let gens): open("SetComp", sp); expr(elt); comprehensions(gens)
        case .dictComp(let k, let v, let gens): open("DictComp", sp); expr(k); expr(v); comprehensions(gens)
        case .generatorExp(let elt, let gens): open("GeneratorExp", sp); expr(elt); comprehensions(gens)
        case .await(let v): open("Await", sp); expr(v)
        case .yield(let v): open("Yield", sp); opt(v)
        case .yieldFrom(let v): open("YieldFrom", sp); expr(v)
        case .compare(let l, let ops, let comps):
            open("Compare", sp); expr(l)
            out += "[ "; for o in ops { word(cmpop(o)) }; out += "] "
            exprs(comps)
        case .call(let f, let args, let kws): open("Call", sp); expr(f); exprs(args); keywords(kws)
        case .formattedValue(let v, let conv, let spec): open("FormattedValue", sp); expr(v); word("\(conv)")
            if let s = spec { expr(s, inJoined: true) } else { none() }
        case .joinedStr(let values): open("JoinedStr", sp); exprs(values, inJoined: true)
        case .constant(let c): open("Constant", sp); constant(c); none()
        case .attribute(let v, let a, let c): open("Attribute", sp); expr(v); str(a); ctx(c)
        case .subscript(let v, let s, let c): open("Subscript", sp); expr(v); expr(s); ctx(c)
        case .starred(let v, let c): open("Starred", sp); expr(v); ctx(c)
        case .name(let id, let c): open("Name", sp); str(id); ctx(c)
        case .list(let elts, let c): open("List", sp); exprs(elts); ctx(c)
        case .tuple(let elts, let c): open("Tuple", sp); exprs(elts); ctx(c)
        case .slice(let l, let u, let s): open("Slice", sp); opt(l); opt(u); opt(s)
        }
        close()
    }

    mutating func pattern(_ p: Pattern) {
        let sp = p.span
        switch p.kind {
        case .matchValue(let e): open("MatchValue", sp); expr(e)
        case .matchSingleton(let c): open("MatchSingleton", sp); constant(c)
        case .matchSequence(let ps): open("MatchSequence", sp); patterns(ps)
        case .matchMapping(let keys, let ps, let rest): open("MatchMapping", sp); exprs(keys); patterns(ps); optStr(rest)
        case .matchClass(let cls, let ps, let attrs, let kps):
            open("MatchClass", sp); expr(cls); patterns(ps)
            out += "[ "; for a in attrs { str(a) }; out += "] "
            patterns(kps)
        case .matchStar(let name): open("MatchStar", sp); optStr(name)
        case .matchAs(let pat, let name): open("MatchAs", sp); if let x = pat { pattern(x) } else { none() }; optStr(name)
        case .matchOr(let ps): open("MatchOr", sp); patterns(ps)
        }
        close()
    }

    mutating func patterns(_ ps: [Pattern]) {
        out += "[ "
        for x in ps { pattern(x) }
        out += "] "
    }

    func binop(_ op: BinaryOperator) -> String {
        switch op {
        case .add: return "Add"
        case .sub: return "Sub"
        case .mult: return "Mult"
        case .matMult: return "MatMult"
        case .div: return "Div"
        case .mod: return "Mod"
        case .pow: return "Pow"
        case .lShift: return "LShift"
        case .rShift: return "RShift"
        case .bitOr: return "BitOr"
        case .bitXor: return "BitXor"
        case .bitAnd: return "BitAnd"
        case .floorDiv: return "FloorDiv"
        }
    }

    func cmpop(_ op: CompareOperator) -> String {
        switch op {
        case .eq: return "Eq"
        case .notEq: return "NotEq"
        case .lt: return "Lt"
        case .ltE: return "LtE"
        case .gt: return "Gt"
        case .gtE: return "GtE"
        case .is: return "Is"
        case .isNot: return "IsNot"
        case .in: return "In"
        case .notIn: return "NotIn"
        }
    }
}

/// JSON string syntax (ASCII-only output, \uXXXX escapes with surrogate pairs), matching json.dumps.
func jsonString(_ s: String) -> String {
    var r = "\""
    for u in s.utf16 {
        switch u {
        case 0x22: r += "\\\""
        case 0x5C: r += "\\\\"
        case 0x0A: r += "\\n"
        case 0x0D: r += "\\r"
        case 0x09: r += "\\t"
        case 0x08: r += "\\b"
        case 0x0C: r += "\\f"
        case 0x20..<0x7F: r.unicodeScalars.append(Unicode.Scalar(u)!)
        default:
            let h = String(u, radix: 16)
            r += "\\u" + String(repeating: "0", count: 4 - h.count) + h
        }
    }
    return r + "\""
}
