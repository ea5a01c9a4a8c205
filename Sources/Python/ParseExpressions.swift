/// Expressions, from star_expressions down to atoms, following CPython's grammar and precedence.
extension Parser {
    /// Can this token begin an expression (used after a trailing comma)?
    func startsExpression(_ k: Tok) -> Bool {
        switch k {
        case .name, .number, .string, .fstringStart, .lpar, .lsqb, .lbrace, .minus, .plus, .tilde, .star,
             .kwNot, .kwLambda, .kwAwait, .kwNone, .kwTrue, .kwFalse, .ellipsis:
            return true
        default:
            return false
        }
    }

    mutating func parseStarExpressions() throws -> Expr {
        let start = startPos
        let first = try parseStarExpression()
        if kind != .comma { return first }
        let mark = scratch.count
        scratch.append(first)
        while accept(.comma) {
            discardConsumed()
            if !startsExpression(kind) { break }
            let e = try parseStarExpression()
            scratch.append(e)
        }
        return Expr(.tuple(takeScratch(from: mark), ctx: .load), Span(start: start, end: prevEnd))
    }

    mutating func parseStarExpression() throws -> Expr {
        kind == .star ? try parseStarred() : try parseExpression()
    }

    mutating func parseStarNamedExpression() throws -> Expr {
        kind == .star ? try parseStarred() : try parseNamedExpression()
    }

    /// `*x`: the operand of a star binds like a bitwise-or expression.
    private mutating func parseStarred() throws -> Expr {
        let start = startPos
        advance()
        try enter()
        let v = try parseBitwiseOr()
        depth -= 1
        return Expr(.starred(v, ctx: .load), Span(start: start, end: prevEnd))
    }

    mutating func parseNamedExpression() throws -> Expr {
        if kind == .name && peekKind(1) == .colonEqual {
            let t = tok
            advance(); advance()
            try enter()
            let value = try parseExpression()
            depth -= 1
            let target = Expr(.name(name(t), ctx: .store), Span(start: t.startPos, end: t.endPos))
            return Expr(.namedExpr(target: target, value: value), Span(start: t.startPos, end: prevEnd))
        }
        let e = try parseExpression()
        if kind == .colonEqual {
            throw fail("cannot use assignment expressions with \(exprDescription(e))", at: e.span.start)
        }
        return e
    }

    /// Tokens that no level from a conditional expression down to a primary continues with, so an atom
    /// followed by one is the whole expression.
    @inline(__always) func endsOperand(_ k: Tok) -> Bool {
        switch k {
        case .comma, .rpar, .rsqb, .rbrace, .colon, .newline, .equal, .semi: return true
        default: return false
        }
    }

    mutating func parseExpression() throws -> Expr {
        // A lone name or number (an argument, a value, an index) is an atom: skip the ten levels that
        // would each pass it through unchanged.
        let t = tok
        if (t.kind == .name || t.kind == .number) && endsOperand(peekKind(1)) {
            advance()
            let kind: ExprKind = t.kind == .name ? .name(name(t), ctx: .load) : .constant(numberConstant(t))
            return Expr(kind, Span(start: t.startPos, end: t.endPos))
        }
        if t.kind == .kwLambda { return try parseLambda() }
        let start = startPos
        let body = try parseDisjunction()
        if kind == .kwIf {
            advance()
            try enter()
            let test = try parseDisjunction()
            guard kind == .kwElse else { throw failHere("expected 'else' after 'if' expression") }
            advance()
            let orelse = try parseExpression()
            depth -= 1
            return Expr(.ifExp(test: test, body: body, orelse: orelse), Span(start: start, end: prevEnd))
        }
        return body
    }

    mutating func parseLambda() throws -> Expr {
        let start = startPos
        advance()
        try enter()
        let args = try parseParameters(closing: .colon, allowAnnotations: false)
        try expect(.colon, ":")
        let body = try parseExpression()
        depth -= 1
        return Expr(.lambda(args: args, body: body), Span(start: start, end: prevEnd))
    }

    mutating func parseDisjunction() throws -> Expr {
        let start = startPos
        let first = try parseConjunction()
        if kind != .kwOr { return first }
        let mark = scratch.count
        scratch.append(first)
        while accept(.kwOr) { let e = try parseConjunction(); scratch.append(e) }
        return Expr(.boolOp(.or, takeScratch(from: mark)), Span(start: start, end: prevEnd))
    }

    mutating func parseConjunction() throws -> Expr {
        let start = startPos
        let first = try parseInversion()
        if kind != .kwAnd { return first }
        let mark = scratch.count
        scratch.append(first)
        while accept(.kwAnd) { let e = try parseInversion(); scratch.append(e) }
        return Expr(.boolOp(.and, takeScratch(from: mark)), Span(start: start, end: prevEnd))
    }

    mutating func parseInversion() throws -> Expr {
        if kind == .kwNot {
            let start = startPos
            advance()
            try enter()
            let operand = try parseInversion()
            depth -= 1
            return Expr(.unaryOp(.not, operand), Span(start: start, end: prevEnd))
        }
        return try parseComparison()
    }

    mutating func parseComparison() throws -> Expr {
        let start = startPos
        let left = try parseBitwiseOr()
        var ops: [CompareOperator] = []
        var comparators: [Expr] = []
        loop: while true {
            let op: CompareOperator
            switch kind {
            case .eqEqual: op = .eq
            case .notEqual:
                // `<>` is tokenized as != but only valid under `from __future__ import barry_as_FLUFL`.
                if src[Int(tok.start)] == UInt8(ascii: "<") { throw failHere() }
                op = .notEq
            case .less: op = .lt
            case .lessEqual: op = .ltE
            case .greater: op = .gt
            case .greaterEqual: op = .gtE
            case .kwIn: op = .in
            case .kwIs:
                if peekKind(1) == .kwNot { advance(); op = .isNot } else { op = .is }
            case .kwNot:
                guard peekKind(1) == .kwIn else { break loop }
                advance()
                op = .notIn
            default:
                break loop
            }
            advance()
            ops.append(op)
            comparators.append(try parseBitwiseOr())
        }
        if ops.isEmpty { return left }
        return Expr(.compare(left: left, ops: ops, comparators: comparators), Span(start: start, end: prevEnd))
    }

    /// The binary operator a token spells and its precedence level (0 `|`, 1 `^`, 2 `&`, 3 shifts,
    /// 4 `+ -`, 5 `* / // % @`), or nil.
    @inline(__always) func binaryOperator(_ k: Tok) -> (op: BinaryOperator, level: Int)? {
        switch k {
        case .vbar: return (.bitOr, 0)
        case .circumflex: return (.bitXor, 1)
        case .amper: return (.bitAnd, 2)
        case .leftShift: return (.lShift, 3)
        case .rightShift: return (.rShift, 3)
        case .plus: return (.add, 4)
        case .minus: return (.sub, 4)
        case .star: return (.mult, 5)
        case .slash: return (.div, 5)
        case .doubleSlash: return (.floorDiv, 5)
        case .percent: return (.mod, 5)
        case .at: return (.matMult, 5)
        default: return nil
        }
    }

    mutating func parseBitwiseOr() throws -> Expr { try parseBinary(level: 0) }

    /// Left-associative binary operators of precedence `level` and up, by precedence climbing (one call
    /// per operand instead of one per level). Each link of a chain deepens the tree, so it counts toward
    /// the depth limit exactly as a recursive descent with one function per level would count it: a
    /// level's links stay counted until an operator of a lower level ends that level's chain.
    mutating func parseBinary(level: Int) throws -> Expr {
        let start = startPos
        var left = try parseFactor()
        guard var next = binaryOperator(kind), next.level >= level else { return left }
        var chains = SIMD8<Int32>()
        var counted: Int32 = 0
        while true {
            let l = next.level
            // Operators above this level ended their chains: those levels' parsers would have returned.
            var k = l + 1
            while k < 6 {
                counted -= chains[k]
                depth -= Int(chains[k])
                chains[k] = 0
                k += 1
            }
            advance()
            let right = try parseBinary(level: l + 1)
            left = Expr(.binOp(left: left, op: next.op, right: right), Span(start: start, end: prevEnd))
            chains[l] += 1
            counted += 1
            try enter()
            guard let n = binaryOperator(kind), n.level >= level else { break }
            next = n
        }
        depth -= Int(counted)
        return left
    }

    mutating func parseFactor() throws -> Expr {
        let op: UnaryOperator
        switch kind {
        case .plus: op = .uAdd
        case .minus: op = .uSub
        case .tilde: op = .invert
        default: return try parsePower()
        }
        let start = startPos
        advance()
        try enter()
        let operand = try parseFactor()
        depth -= 1
        return Expr(.unaryOp(op, operand), Span(start: start, end: prevEnd))
    }

    mutating func parsePower() throws -> Expr {
        let base: Expr
        let start = startPos
        if kind == .kwAwait {
            advance()
            try enter()
            let v = try parsePrimary()
            depth -= 1
            base = Expr(.await(v), Span(start: start, end: prevEnd))
        } else {
            base = try parsePrimary()
        }
        if kind == .doubleStar {
            advance()
            try enter()
            let exp = try parseFactor()
            depth -= 1
            return Expr(.binOp(left: base, op: .pow, right: exp), Span(start: start, end: prevEnd))
        }
        return base
    }

    /// An atom followed by attribute, call and subscript trailers.
    mutating func parsePrimary() throws -> Expr {
        let start = startPos
        var e = try parseAtom()
        var chain = 0
        while true {
            switch kind {
            case .dot:
                advance()
                let (name, _) = try expectName()
                e = Expr(.attribute(value: e, attr: name, ctx: .load), Span(start: start, end: prevEnd))
            case .lpar:
                let lpar = tok
                advance()
                let (args, keywords) = try parseCallArguments(lparPos: lpar.startPos)
                try expect(.rpar, ")")
                e = Expr(.call(func: e, args: args, keywords: keywords), Span(start: start, end: prevEnd))
            case .lsqb:
                advance()
                let slice = try parseSlices()
                try expect(.rsqb, "]")
                e = Expr(.subscript(value: e, slice: slice, ctx: .load), Span(start: start, end: prevEnd))
            default:
                depth -= chain
                return e
            }
            chain += 1
            try enter()
        }
    }

    mutating func parseSlices() throws -> Expr {
        let start = startPos
        let first = try parseSliceItem()
        if kind != .comma {
            // `a[*b]` subscripts with a one-element tuple (PEP 646).
            if case .starred = first.kind { return Expr(.tuple([first], ctx: .load), first.span) }
            return first
        }
        let mark = scratch.count
        scratch.append(first)
        while accept(.comma) {
            discardConsumed()
            if kind == .rsqb { break }
            let e = try parseSliceItem()
            scratch.append(e)
        }
        return Expr(.tuple(takeScratch(from: mark), ctx: .load), Span(start: start, end: prevEnd))
    }

    mutating func parseSliceItem() throws -> Expr {
        if kind == .star { return try parseStarExpression() }
        let start = startPos
        var lower: Expr? = nil
        if kind != .colon {
            let e = try parseNamedExpression()
            if kind != .colon { return e }
            lower = e
        }
        advance() // ':'
        var upper: Expr? = nil, step: Expr? = nil
        if kind != .colon && kind != .comma && kind != .rsqb { upper = try parseExpression() }
        if accept(.colon) {
            if kind != .comma && kind != .rsqb { step = try parseExpression() }
        }
        return Expr(.slice(lower: lower, upper: upper, step: step), Span(start: start, end: prevEnd))
    }

    mutating func parseAtom() throws -> Expr {
        let t = tok
        switch t.kind {
        case .name:
            advance()
            return Expr(.name(name(t), ctx: .load), Span(start: t.startPos, end: t.endPos))
        case .number:
            advance()
            return Expr(.constant(numberConstant(t)), Span(start: t.startPos, end: t.endPos))
        case .string, .fstringStart:
            return try parseStrings()
        case .kwNone: advance(); return Expr(.constant(.none), Span(start: t.startPos, end: t.endPos))
        case .kwTrue: advance(); return Expr(.constant(.true), Span(start: t.startPos, end: t.endPos))
        case .kwFalse: advance(); return Expr(.constant(.false), Span(start: t.startPos, end: t.endPos))
        case .ellipsis: advance(); return Expr(.constant(.ellipsis), Span(start: t.startPos, end: t.endPos))
        case .lpar:
            try enter()
            defer { depth -= 1 }
            return try parseParenthesized()
        case .lsqb:
            try enter()
            defer { depth -= 1 }
            return try parseList()
        case .lbrace:
            try enter()
            defer { depth -= 1 }
            return try parseBraces()
        default:
            throw failHere()
        }
    }

    func numberConstant(_ t: Token) -> Constant {
        let s = text(t)
        var hasDot = false, hasExp = false
        let bytes = src[Int(t.start)..<Int(t.end)]
        let last = bytes.last ?? 0
        if last == UInt8(ascii: "j") || last == UInt8(ascii: "J") { return .complex(s) }
        let isHex = bytes.count > 1 && bytes.first == UInt8(ascii: "0") && (bytes[bytes.startIndex + 1] | 0x20) == UInt8(ascii: "x")
        if !isHex {
            for b in bytes {
                if b == UInt8(ascii: ".") { hasDot = true }
                if b | 0x20 == UInt8(ascii: "e") { hasExp = true }
            }
        }
        return hasDot || hasExp ? .float(s) : .int(s)
    }

    mutating func parseParenthesized() throws -> Expr {
        let start = startPos
        advance()
        if accept(.rpar) { return Expr(.tuple([], ctx: .load), Span(start: start, end: prevEnd)) }
        if kind == .kwYield {
            let y = try parseYieldExpression()
            try expect(.rpar, ")")
            return y
        }
        let first = try parseStarNamedExpression()
        if kind == .kwFor || (kind == .kwAsync && peekKind(1) == .kwFor) {
            if case .starred = first.kind { throw fail("iterable unpacking cannot be used in comprehension", at: first.span.start) }
            let gens = try parseComprehensionClauses()
            try expect(.rpar, ")")
            return Expr(.generatorExp(elt: first, generators: gens), Span(start: start, end: prevEnd))
        }
        if accept(.rpar) {
            if case .starred = first.kind { throw fail("cannot use starred expression here", at: first.span.start) }
            return first
        }
        guard kind == .comma else { throw failHere() }
        let mark = scratch.count
        scratch.append(first)
        while accept(.comma) {
            discardConsumed()
            if kind == .rpar { break }
            let e = try parseStarNamedExpression()
            scratch.append(e)
        }
        try expect(.rpar, ")")
        return Expr(.tuple(takeScratch(from: mark), ctx: .load), Span(start: start, end: prevEnd))
    }

    mutating func parseList() throws -> Expr {
        let start = startPos
        advance()
        if accept(.rsqb) { return Expr(.list([], ctx: .load), Span(start: start, end: prevEnd)) }
        let first = try parseStarNamedExpression()
        if kind == .kwFor || (kind == .kwAsync && peekKind(1) == .kwFor) {
            if case .starred = first.kind { throw fail("iterable unpacking cannot be used in comprehension", at: first.span.start) }
            let gens = try parseComprehensionClauses()
            try expect(.rsqb, "]")
            return Expr(.listComp(elt: first, generators: gens), Span(start: start, end: prevEnd))
        }
        let mark = scratch.count
        scratch.append(first)
        while accept(.comma) {
            discardConsumed()
            if kind == .rsqb { break }
            let e = try parseStarNamedExpression()
            scratch.append(e)
        }
        try expect(.rsqb, "]")
        return Expr(.list(takeScratch(from: mark), ctx: .load), Span(start: start, end: prevEnd))
    }

    mutating func parseBraces() throws -> Expr {
        let start = startPos
        advance()
        if accept(.rbrace) { return Expr(.dict(keys: [], values: []), Span(start: start, end: prevEnd)) }
        var keys: [Expr?] = [], values: [Expr] = []
        if kind == .doubleStar {
            advance()
            keys.append(nil)
            values.append(try parseBitwiseOr())
        } else {
            let first = try parseStarNamedExpression()
            if accept(.colon) {
                if case .starred = first.kind { throw fail("cannot use a starred expression in a dictionary key", at: first.span.start) }
                let value = try parseExpression()
                if kind == .kwFor || (kind == .kwAsync && peekKind(1) == .kwFor) {
                    let gens = try parseComprehensionClauses()
                    try expect(.rbrace, "}")
                    return Expr(.dictComp(key: first, value: value, generators: gens), Span(start: start, end: prevEnd))
                }
                keys.append(first)
                values.append(value)
            } else {
                // A set display or comprehension.
                if kind == .kwFor || (kind == .kwAsync && peekKind(1) == .kwFor) {
                    if case .starred = first.kind { throw fail("iterable unpacking cannot be used in comprehension", at: first.span.start) }
                    let gens = try parseComprehensionClauses()
                    try expect(.rbrace, "}")
                    return Expr(.setComp(elt: first, generators: gens), Span(start: start, end: prevEnd))
                }
                let mark = scratch.count
                scratch.append(first)
                while accept(.comma) {
                    discardConsumed()
                    if kind == .rbrace { break }
                    let e = try parseStarNamedExpression()
                    scratch.append(e)
                }
                try expect(.rbrace, "}")
                return Expr(.set(takeScratch(from: mark)), Span(start: start, end: prevEnd))
            }
        }
        while accept(.comma) {
            discardConsumed()
            if kind == .rbrace { break }
            if accept(.doubleStar) {
                keys.append(nil)
                values.append(try parseBitwiseOr())
            } else {
                keys.append(try parseExpression())
                try expect(.colon, ":")
                values.append(try parseExpression())
            }
        }
        try expect(.rbrace, "}")
        return Expr(.dict(keys: keys, values: values), Span(start: start, end: prevEnd))
    }

    mutating func parseComprehensionClauses() throws -> [Comprehension] {
        var gens: [Comprehension] = []
        while kind == .kwFor || (kind == .kwAsync && peekKind(1) == .kwFor) {
            let isAsync = accept(.kwAsync)
            advance() // for
            let target = try parseStarTargets()
            try expect(.kwIn, "in")
            let iter = try parseDisjunction()
            var ifs: [Expr] = []
            while accept(.kwIf) { ifs.append(try parseDisjunction()) }
            gens.append(Comprehension(target: target, iter: iter, ifs: ifs, isAsync: isAsync))
        }
        return gens
    }

    mutating func parseYieldExpression() throws -> Expr {
        let start = startPos
        advance()
        try enter()
        defer { depth -= 1 }
        if accept(.kwFrom) {
            let v = try parseExpression()
            return Expr(.yieldFrom(v), Span(start: start, end: prevEnd))
        }
        if startsExpression(kind) {
            let v = try parseStarExpressions()
            return Expr(.yield(v), Span(start: start, end: prevEnd))
        }
        return Expr(.yield(nil), Span(start: start, end: prevEnd))
    }

    /// Call arguments up to (not including) the closing parenthesis.
    mutating func parseCallArguments(lparPos: Position? = nil, allowGenerator: Bool = true) throws -> ([Expr], [Keyword]) {
        let mark = scratch.count
        var keywords: [Keyword] = []
        var sawKeyword = false, sawDoubleStar = false
        while kind != .rpar {
            discardConsumed()
            let start = startPos
            if kind == .star {
                advance()
                let v = try parseExpression()
                if sawDoubleStar { throw fail("iterable argument unpacking follows keyword argument unpacking", at: start) }
                scratch.append(Expr(.starred(v, ctx: .load), Span(start: start, end: prevEnd)))
            } else if kind == .doubleStar {
                advance()
                let v = try parseExpression()
                keywords.append(Keyword(arg: nil, value: v, span: Span(start: start, end: prevEnd)))
                sawDoubleStar = true
            } else if kind == .name && peekKind(1) == .equal {
                let arg = name(tok)
                advance(); advance()
                let v = try parseExpression()
                keywords.append(Keyword(arg: arg, value: v, span: Span(start: start, end: prevEnd)))
                sawKeyword = true
            } else {
                let e = try parseNamedExpression()
                if kind == .equal {
                    if case .constant(let c) = e.kind, c == .true || c == .false || c == .none {
                        throw fail("cannot assign to \(exprDescription(e))", at: e.span.start)
                    }
                    throw fail("expression cannot contain assignment, perhaps you meant \"==\"?", at: e.span.start)
                }
                if kind == .kwFor || (kind == .kwAsync && peekKind(1) == .kwFor) {
                    if !allowGenerator { throw failHere() }
                    let gens = try parseComprehensionClauses()
                    let alone = scratch.count == mark && keywords.isEmpty && kind == .rpar
                    if !alone { throw fail("Generator expression must be parenthesized", at: e.span.start) }
                    let gstart = lparPos ?? e.span.start
                    let gend = Position(line: Int(tok.endLine), column: Int(tok.endCol))
                    scratch.append(Expr(.generatorExp(elt: e, generators: gens), Span(start: gstart, end: gend)))
                    break
                }
                if sawDoubleStar { throw fail("positional argument follows keyword argument unpacking", at: e.span.start) }
                if sawKeyword { throw fail("positional argument follows keyword argument", at: e.span.start) }
                scratch.append(e)
            }
            if !accept(.comma) { break }
        }
        return (scratch.count == mark ? [] : takeScratch(from: mark), keywords)
    }

    /// Parameters of a def (with annotations) or a lambda, up to `closing`.
    mutating func parseParameters(closing: Tok, allowAnnotations: Bool) throws -> Arguments {
        var a = Arguments()
        var sawSlash = false, sawStar = false, sawDefault = false
        while kind != closing {
            let start = startPos
            if kind == .slash {
                if sawSlash { throw failHere("/ may appear only once") }
                if sawStar { throw failHere("/ must be ahead of *") }
                if a.args.isEmpty { throw failHere("at least one argument must precede /") }
                advance()
                a.posonlyargs = a.args
                a.args = []
                sawSlash = true
            } else if kind == .star {
                if sawStar { throw failHere("* argument may appear only once") }
                advance()
                sawStar = true
                if kind == .name {
                    a.vararg = try parseParameter(allowAnnotations: allowAnnotations, starAnnotation: true)
                    if kind == .equal { throw failHere("var-positional argument cannot have default value") }
                } else if kind == closing || kind == .doubleStar || (kind == .comma && (peekKind(1) == closing || peekKind(1) == .doubleStar)) {
                    throw fail("named arguments must follow bare *", at: start)
                }
            } else if kind == .doubleStar {
                advance()
                a.kwarg = try parseParameter(allowAnnotations: allowAnnotations, starAnnotation: false)
                if kind == .equal { throw failHere("var-keyword argument cannot have default value") }
                _ = accept(.comma)
                if kind != closing { throw failHere("arguments cannot follow var-keyword argument") }
                break
            } else {
                let arg = try parseParameter(allowAnnotations: allowAnnotations, starAnnotation: false)
                var def: Expr? = nil
                if accept(.equal) { def = try parseExpression() }
                if sawStar {
                    a.kwonlyargs.append(arg)
                    a.kwDefaults.append(def)
                } else {
                    a.args.append(arg)
                    if let d = def {
                        a.defaults.append(d)
                        sawDefault = true
                    } else if sawDefault {
                        throw fail("non-default argument follows default argument", at: start)
                    }
                }
            }
            if !accept(.comma) { break }
        }
        if sawSlash && a.args.isEmpty && a.posonlyargs.isEmpty { throw failHere() }
        return a
    }

    mutating func parseParameter(allowAnnotations: Bool, starAnnotation: Bool) throws -> Arg {
        let start = startPos
        let (name, _) = try expectName()
        var annotation: Expr? = nil
        if allowAnnotations && accept(.colon) {
            annotation = starAnnotation && kind == .star ? try parseStarExpression() : try parseExpression()
        }
        return Arg(name: name, annotation: annotation, span: Span(start: start, end: prevEnd))
    }

    // MARK: Targets

    mutating func parseStarTargets() throws -> Expr {
        let start = startPos
        let first = try parseStarTarget()
        if kind != .comma { return first }
        let mark = scratch.count
        scratch.append(first)
        while accept(.comma) {
            discardConsumed()
            if !(kind == .name || kind == .lpar || kind == .lsqb || kind == .star) { break }
            let e = try parseStarTarget()
            scratch.append(e)
        }
        return Expr(.tuple(takeScratch(from: mark), ctx: .store), Span(start: start, end: prevEnd))
    }

    mutating func parseStarTarget() throws -> Expr {
        if kind == .star {
            let start = startPos
            advance()
            if kind == .star { throw failHere() }
            try enter()
            let inner = try parseStarTarget()
            depth -= 1
            return Expr(.starred(inner, ctx: .store), Span(start: start, end: prevEnd))
        }
        let e = try parsePrimary()
        return try toTarget(e, ctx: .store)
    }

    /// Turns an expression parsed as a load into an assignment or deletion target, or explains why it
    /// cannot be one (CPython's "cannot assign to ..." errors).
    func toTarget(_ e: Expr, ctx: ExprContext) throws -> Expr {
        switch e.kind {
        case .name(let id, _): return Expr(.name(id, ctx: ctx), e.span)
        case .attribute(let v, let a, _): return Expr(.attribute(value: v, attr: a, ctx: ctx), e.span)
        case .subscript(let v, let s, _): return Expr(.subscript(value: v, slice: s, ctx: ctx), e.span)
        case .starred(let v, _):
            if ctx == .del { throw SyntaxError(position: e.span.start, message: "cannot delete starred") }
            return Expr(.starred(try toTarget(v, ctx: ctx), ctx: ctx), e.span)
        case .tuple(let elts, _):
            var out: [Expr] = []
            out.reserveCapacity(elts.count)
            for x in elts { out.append(try toTarget(x, ctx: ctx)) }
            return Expr(.tuple(out, ctx: ctx), e.span)
        case .list(let elts, _):
            var out: [Expr] = []
            out.reserveCapacity(elts.count)
            for x in elts { out.append(try toTarget(x, ctx: ctx)) }
            return Expr(.list(out, ctx: ctx), e.span)
        case .yield, .yieldFrom:
            if ctx == .store { throw SyntaxError(position: e.span.start, message: "assignment to yield expression not possible") }
            throw SyntaxError(position: e.span.start, message: "cannot delete yield expression")
        default:
            let verb = ctx == .del ? "delete" : "assign to"
            throw SyntaxError(position: e.span.start, message: "cannot \(verb) \(exprDescription(e))")
        }
    }

    func exprDescription(_ e: Expr) -> String {
        switch e.kind {
        case .call: return "function call"
        case .constant(let c):
            switch c {
            case .true: return "True"
            case .false: return "False"
            case .none: return "None"
            case .ellipsis: return "ellipsis"
            default: return "literal"
            }
        case .binOp, .unaryOp, .boolOp: return "expression"
        case .compare: return "comparison"
        case .lambda: return "lambda"
        case .ifExp: return "conditional expression"
        case .namedExpr: return "named expression"
        case .yield, .yieldFrom: return "yield expression"
        case .await: return "await expression"
        case .generatorExp: return "generator expression"
        case .listComp: return "list comprehension"
        case .setComp: return "set comprehension"
        case .dictComp: return "dict comprehension"
        case .dict: return "dict literal"
        case .set: return "set display"
        case .joinedStr, .formattedValue: return "f-string expression"
        case .attribute: return "attribute"
        case .subscript: return "subscript"
        case .starred: return "starred"
        case .name: return "name"
        case .list: return "list"
        case .tuple: return "tuple"
        case .slice: return "slice"
        }
    }
}
