/// The match statement (a soft keyword) and its patterns.
extension Parser {
    /// `match` starts a match statement only if a subject and `:` follow; otherwise it is a name and
    /// the caller parses an ordinary statement.
    mutating func parseMatchIfPresent() throws -> Stmt? {
        let save = p, savePrev = prevEnd, saveDepth = depth, mark = scratch.count
        backtracking += 1
        let start = startPos
        advance()
        var subject: Expr? = nil
        if startsExpression(kind) && kind != .lbrace || kind == .lbrace {
            do {
                let sStart = startPos
                let first = try parseStarNamedExpression()
                if kind == .comma {
                    var elts = [first]
                    while accept(.comma) {
                        if kind == .colon { break }
                        elts.append(try parseStarNamedExpression())
                    }
                    subject = Expr(.tuple(elts, ctx: .load), Span(start: sStart, end: prevEnd))
                } else {
                    if case .starred = first.kind { subject = nil } else { subject = first }
                }
            } catch {
                resetScratch(to: mark)
                subject = nil
            }
        }
        backtracking -= 1
        guard let subj = subject, kind == .colon else {
            p = save; prevEnd = savePrev; depth = saveDepth
            return nil
        }
        advance()
        guard kind == .newline else { throw failHere() }
        advance()
        guard kind == .indent else { throw failHere("expected an indented block") }
        advance()
        var cases: [MatchCase] = []
        while isName("case") {
            cases.append(try parseCase())
        }
        if cases.isEmpty { throw failHere() }
        guard kind == .dedent || kind == .endMarker else { throw failHere() }
        _ = accept(.dedent)
        return Stmt(.match(subject: subj, cases: cases), Span(start: start, end: prevEnd))
    }

    mutating func parseCase() throws -> MatchCase {
        advance() // case
        let pattern = try parsePatterns()
        var guardExpr: Expr? = nil
        if accept(.kwIf) { guardExpr = try parseNamedExpression() }
        try expect(.colon, ":")
        let body = try parseBlock()
        return MatchCase(pattern: pattern, guard_: guardExpr, body: body)
    }

    mutating func parsePatterns() throws -> Pattern {
        let start = startPos
        let first = try parseMaybeStarPattern()
        if kind == .comma {
            var items = [first]
            while accept(.comma) {
                if kind == .colon || kind == .kwIf { break }
                items.append(try parseMaybeStarPattern())
            }
            return Pattern(.matchSequence(items), Span(start: start, end: prevEnd))
        }
        if case .matchStar = first.kind { throw fail("invalid syntax", at: start) }
        return first
    }

    mutating func parseMaybeStarPattern() throws -> Pattern {
        if kind == .star {
            let start = startPos
            advance()
            let (name, _) = try expectName()
            return Pattern(.matchStar(name == "_" ? nil : name), Span(start: start, end: prevEnd))
        }
        return try parsePattern()
    }

    mutating func parsePattern() throws -> Pattern {
        let start = startPos
        try enter()
        defer { depth -= 1 }
        let pat = try parseOrPattern()
        if accept(.kwAs) {
            let (name, _) = try expectName()
            if name == "_" { throw fail("cannot use '_' as a target", at: start) }
            return Pattern(.matchAs(pattern: pat, name: name), Span(start: start, end: prevEnd))
        }
        return pat
    }

    mutating func parseOrPattern() throws -> Pattern {
        let start = startPos
        let first = try parseClosedPattern()
        if kind != .vbar { return first }
        var alts = [first]
        while accept(.vbar) { alts.append(try parseClosedPattern()) }
        return Pattern(.matchOr(alts), Span(start: start, end: prevEnd))
    }

    mutating func parseClosedPattern() throws -> Pattern {
        let start = startPos
        switch kind {
        case .number, .minus:
            let e = try parseSignedNumberPattern()
            return Pattern(.matchValue(e), e.span)
        case .string, .fstringStart:
            // f-strings are refused later by CPython's compiler, not by its parser; so are they here.
            let e = try parseStrings()
            return Pattern(.matchValue(e), e.span)
        case .kwNone: advance(); return Pattern(.matchSingleton(.none), Span(start: start, end: prevEnd))
        case .kwTrue: advance(); return Pattern(.matchSingleton(.true), Span(start: start, end: prevEnd))
        case .kwFalse: advance(); return Pattern(.matchSingleton(.false), Span(start: start, end: prevEnd))
        case .name:
            let t = tok
            let name = text(t)
            advance()
            var value = Expr(.name(name, ctx: .load), Span(start: t.startPos, end: t.endPos))
            var dotted = false
            while accept(.dot) {
                let (attr, _) = try expectName()
                value = Expr(.attribute(value: value, attr: attr, ctx: .load), Span(start: start, end: prevEnd))
                dotted = true
            }
            if kind == .lpar { return try parseClassPattern(cls: value, start: start) }
            if dotted { return Pattern(.matchValue(value), value.span) }
            if name == "_" { return Pattern(.matchAs(pattern: nil, name: nil), Span(start: start, end: prevEnd)) }
            return Pattern(.matchAs(pattern: nil, name: name), Span(start: start, end: prevEnd))
        case .lpar:
            advance()
            if accept(.rpar) { return Pattern(.matchSequence([]), Span(start: start, end: prevEnd)) }
            let first = try parseMaybeStarPattern()
            if accept(.rpar) {
                if case .matchStar = first.kind {
                    return Pattern(.matchSequence([first]), Span(start: start, end: prevEnd))
                }
                return first
            }
            guard kind == .comma else { throw failHere() }
            var items = [first]
            while accept(.comma) {
                if kind == .rpar { break }
                items.append(try parseMaybeStarPattern())
            }
            try expect(.rpar, ")")
            return Pattern(.matchSequence(items), Span(start: start, end: prevEnd))
        case .lsqb:
            advance()
            var items: [Pattern] = []
            while kind != .rsqb {
                items.append(try parseMaybeStarPattern())
                if !accept(.comma) { break }
            }
            try expect(.rsqb, "]")
            return Pattern(.matchSequence(items), Span(start: start, end: prevEnd))
        case .lbrace:
            return try parseMappingPattern()
        default:
            throw failHere()
        }
    }

    /// `-1`, `1.5`, `1+2j`, `-1-2j`: numbers in patterns, as CPython builds them.
    mutating func parseSignedNumberPattern() throws -> Expr {
        let start = startPos
        let negative = accept(.minus)
        guard kind == .number else { throw failHere() }
        let t = tok
        advance()
        var e = Expr(.constant(numberConstant(t)), Span(start: t.startPos, end: t.endPos))
        if negative { e = Expr(.unaryOp(.uSub, e), Span(start: start, end: prevEnd)) }
        if kind == .plus || kind == .minus {
            let op: BinaryOperator = kind == .plus ? .add : .sub
            advance()
            guard kind == .number, case .complex = numberConstant(tok) else {
                throw failHere("imaginary number required in complex literal")
            }
            if case .complex = numberConstant(t) { throw fail("real number required in complex literal", at: t.startPos) }
            let it = tok
            advance()
            let imag = Expr(.constant(numberConstant(it)), Span(start: it.startPos, end: it.endPos))
            e = Expr(.binOp(left: e, op: op, right: imag), Span(start: start, end: prevEnd))
        }
        return e
    }

    mutating func parseMappingPattern() throws -> Pattern {
        let start = startPos
        advance()
        var keys: [Expr] = [], patterns: [Pattern] = []
        var rest: String? = nil
        while kind != .rbrace {
            if rest != nil { throw failHere() }
            if accept(.doubleStar) {
                rest = try expectName().0
            } else {
                let key: Expr
                switch kind {
                case .number, .minus: key = try parseSignedNumberPattern()
                case .string, .fstringStart:
                    key = try parseStrings()
                case .kwNone, .kwTrue, .kwFalse:
                    let t = tok
                    advance()
                    let c: Constant = t.kind == .kwNone ? .none : t.kind == .kwTrue ? .true : .false
                    key = Expr(.constant(c), Span(start: t.startPos, end: t.endPos))
                case .name:
                    let t = tok
                    advance()
                    var v = Expr(.name(text(t), ctx: .load), Span(start: t.startPos, end: t.endPos))
                    guard kind == .dot else { throw failHere() }
                    while accept(.dot) {
                        let (attr, _) = try expectName()
                        v = Expr(.attribute(value: v, attr: attr, ctx: .load), Span(start: t.startPos, end: prevEnd))
                    }
                    key = v
                default: throw failHere()
                }
                try expect(.colon, ":")
                keys.append(key)
                patterns.append(try parsePattern())
            }
            if !accept(.comma) { break }
        }
        try expect(.rbrace, "}")
        return Pattern(.matchMapping(keys: keys, patterns: patterns, rest: rest), Span(start: start, end: prevEnd))
    }

    mutating func parseClassPattern(cls: Expr, start: Position) throws -> Pattern {
        advance() // (
        var patterns: [Pattern] = [], kwdAttrs: [String] = [], kwdPatterns: [Pattern] = []
        while kind != .rpar {
            if kind == .name && peekKind(1) == .equal {
                let name = text(tok)
                advance(); advance()
                kwdAttrs.append(name)
                kwdPatterns.append(try parsePattern())
            } else {
                let pStart = startPos
                let pat = try parsePattern()
                if !kwdAttrs.isEmpty { throw fail("positional patterns follow keyword patterns", at: pStart) }
                patterns.append(pat)
            }
            if !accept(.comma) { break }
        }
        try expect(.rpar, ")")
        return Pattern(.matchClass(cls: cls, patterns: patterns, kwdAttrs: kwdAttrs, kwdPatterns: kwdPatterns),
                       Span(start: start, end: prevEnd))
    }
}
