/// Statements: simple statements, compound statements and blocks, following CPython's grammar.
extension Parser {
    mutating func parseStatement(into body: inout [Stmt]) throws {
        switch kind {
        case .at: body.append(try parseDecorated())
        case .kwDef: body.append(try parseFunctionDef(decorators: [], start: startPos, isAsync: false))
        case .kwClass: body.append(try parseClassDef(decorators: [], start: startPos))
        case .kwIf: body.append(try parseIf())
        case .kwWhile: body.append(try parseWhile())
        case .kwFor: body.append(try parseFor(start: startPos, isAsync: false))
        case .kwTry: body.append(try parseTry())
        case .kwWith: body.append(try parseWith(start: startPos, isAsync: false))
        case .kwAsync:
            let start = startPos
            advance()
            switch kind {
            case .kwDef: body.append(try parseFunctionDef(decorators: [], start: start, isAsync: true))
            case .kwFor: body.append(try parseFor(start: start, isAsync: true))
            case .kwWith: body.append(try parseWith(start: start, isAsync: true))
            default: throw failHere()
            }
        case .indent:
            throw failHere("unexpected indent")
        case .name:
            if isName("match"), let m = try parseMatchIfPresent() {
                body.append(m)
            } else {
                try parseSimpleStatements(into: &body)
            }
        default:
            try parseSimpleStatements(into: &body)
        }
    }

    mutating func parseSimpleStatements(into body: inout [Stmt]) throws {
        while true {
            body.append(try parseSimpleStatement())
            if !accept(.semi) { break }
            if kind == .newline { break }
        }
        if kind != .newline {
            throw failHere()
        }
        advance()
    }

    /// A block: an indented suite after NEWLINE, or simple statements on the header's line.
    mutating func parseBlock() throws -> [Stmt] {
        var body: [Stmt] = []
        if kind == .newline {
            advance()
            guard kind == .indent else { throw failHere("expected an indented block") }
            advance()
            while kind != .dedent && kind != .endMarker {
                parseStatementRecovering(into: &body)
            }
            _ = accept(.dedent)
            return body
        }
        try parseSimpleStatements(into: &body)
        return body
    }

    mutating func parseSimpleStatement() throws -> Stmt {
        let start = startPos
        switch kind {
        case .kwPass: advance(); return Stmt(.pass, Span(start: start, end: prevEnd))
        case .kwBreak: advance(); return Stmt(.break, Span(start: start, end: prevEnd))
        case .kwContinue: advance(); return Stmt(.continue, Span(start: start, end: prevEnd))
        case .kwReturn:
            advance()
            var value: Expr? = nil
            if !atSimpleStatementEnd { value = try parseStarExpressions() }
            return Stmt(.return(value), Span(start: start, end: prevEnd))
        case .kwRaise:
            advance()
            var exc: Expr? = nil, cause: Expr? = nil
            if !atSimpleStatementEnd {
                exc = try parseExpression()
                if accept(.kwFrom) { cause = try parseExpression() }
            }
            return Stmt(.raise(exc: exc, cause: cause), Span(start: start, end: prevEnd))
        case .kwGlobal, .kwNonlocal:
            let isGlobal = kind == .kwGlobal
            advance()
            var names: [String] = []
            repeat { names.append(try expectName().0) } while accept(.comma)
            return Stmt(isGlobal ? .global(names) : .nonlocal(names), Span(start: start, end: prevEnd))
        case .kwDel:
            advance()
            var targets: [Expr] = []
            repeat {
                if atSimpleStatementEnd { break }
                let e = try parseDelTargetExpression()
                targets.append(try toTarget(e, ctx: .del))
            } while accept(.comma)
            if targets.isEmpty { throw failHere() }
            if !atSimpleStatementEnd { throw failHere() }
            return Stmt(.delete(targets), Span(start: start, end: prevEnd))
        case .kwAssert:
            advance()
            let test = try parseExpression()
            var msg: Expr? = nil
            if accept(.comma) { msg = try parseExpression() }
            return Stmt(.assert(test: test, msg: msg), Span(start: start, end: prevEnd))
        case .kwImport:
            advance()
            var names: [Alias] = []
            repeat {
                let aStart = startPos
                let name = try parseDottedName()
                var asname: String? = nil
                if accept(.kwAs) { asname = try expectName().0 }
                names.append(Alias(name: name, asname: asname, span: Span(start: aStart, end: prevEnd)))
            } while accept(.comma)
            return Stmt(.import(names), Span(start: start, end: prevEnd))
        case .kwFrom:
            return try parseImportFrom()
        case .name where version >= .v3_12 && isName("type") && peekKind(1) == .name
            && (peekKind(2) == .equal || peekKind(2) == .lsqb):
            advance()
            let nameTok = tok
            let name = try expectName().0
            let nameExpr = Expr(.name(name, ctx: .store), Span(start: nameTok.startPos, end: nameTok.endPos))
            let params = kind == .lsqb ? try parseTypeParams() : []
            try expect(.equal, "=")
            let value = try parseExpression()
            return Stmt(.typeAlias(name: nameExpr, typeParams: params, value: value), Span(start: start, end: prevEnd))
        default:
            return try parseExpressionStatement()
        }
    }

    var atSimpleStatementEnd: Bool { kind == .newline || kind == .semi || kind == .endMarker }

    /// `del` targets are primaries or bracketed groups of them; parse a full expression so that the
    /// error names what cannot be deleted.
    mutating func parseDelTargetExpression() throws -> Expr {
        let e = try parseBitwiseOr()
        return e
    }

    mutating func parseDottedName() throws -> String {
        var name = try expectName().0
        while accept(.dot) { name += "." + (try expectName().0) }
        return name
    }

    mutating func parseImportFrom() throws -> Stmt {
        let start = startPos
        advance()
        var level = 0
        while true {
            if accept(.dot) { level += 1 } else if accept(.ellipsis) { level += 3 } else { break }
        }
        var module: String? = nil
        if kind == .name { module = try parseDottedName() } else if level == 0 { throw failHere() }
        try expect(.kwImport, "import")
        var names: [Alias] = []
        if kind == .star {
            let t = tok
            advance()
            names.append(Alias(name: "*", asname: nil, span: Span(start: t.startPos, end: t.endPos)))
        } else {
            let paren = accept(.lpar)
            repeat {
                if paren && kind == .rpar && !names.isEmpty { break }
                let aStart = startPos
                let name = try expectName().0
                var asname: String? = nil
                if accept(.kwAs) { asname = try expectName().0 }
                names.append(Alias(name: name, asname: asname, span: Span(start: aStart, end: prevEnd)))
            } while accept(.comma)
            if paren {
                try expect(.rpar, ")")
            } else if token(p - 1).kind == .comma {
                throw fail("trailing comma not allowed without surrounding parentheses", at: prevEnd)
            }
        }
        return Stmt(.importFrom(module: module, names: names, level: level), Span(start: start, end: prevEnd))
    }

    mutating func parseExpressionStatement() throws -> Stmt {
        let start = startPos
        let parenthesized = kind == .lpar
        let first = kind == .kwYield ? try parseYieldExpression() : try parseStarExpressions()
        if kind == .colon {
            advance()
            let target: Expr
            switch first.kind {
            case .name, .attribute, .subscript: target = try toTarget(first, ctx: .store)
            case .tuple: throw fail("only single target (not tuple) can be annotated", at: first.span.start)
            case .list: throw fail("only single target (not list) can be annotated", at: first.span.start)
            default: throw fail("illegal target for annotation", at: first.span.start)
            }
            let annotation = try parseExpression()
            var value: Expr? = nil
            if accept(.equal) {
                value = kind == .kwYield ? try parseYieldExpression() : try parseStarExpressions()
            }
            var simple = false
            if case .name = first.kind, !parenthesized { simple = true }
            return Stmt(.annAssign(target: target, annotation: annotation, value: value, simple: simple),
                        Span(start: start, end: prevEnd))
        }
        if let op = kind.augOperator {
            switch first.kind {
            case .name, .attribute, .subscript: break
            default:
                throw fail("'\(exprDescription(first))' is an illegal expression for augmented assignment", at: first.span.start)
            }
            advance()
            let target = try toTarget(first, ctx: .store)
            let value = kind == .kwYield ? try parseYieldExpression() : try parseStarExpressions()
            return Stmt(.augAssign(target: target, op: op, value: value), Span(start: start, end: prevEnd))
        }
        if kind == .equal {
            advance()
            let second = kind == .kwYield ? try parseYieldExpression() : try parseStarExpressions()
            if kind != .equal {
                // One target, by far the commonest: no list to gather the chain in.
                let target = try toTarget(first, ctx: .store)
                return Stmt(.assign(targets: [target], value: second), Span(start: start, end: prevEnd))
            }
            var exprs = [first, second]
            while accept(.equal) {
                exprs.append(kind == .kwYield ? try parseYieldExpression() : try parseStarExpressions())
            }
            let value = exprs.removeLast()
            var targets: [Expr] = []
            targets.reserveCapacity(exprs.count)
            for e in exprs { targets.append(try toTarget(e, ctx: .store)) }
            return Stmt(.assign(targets: targets, value: value), Span(start: start, end: prevEnd))
        }
        return Stmt(.expr(first), Span(start: start, end: prevEnd))
    }

    // MARK: Compound statements

    mutating func parseDecorated() throws -> Stmt {
        var decorators: [Expr] = []
        while accept(.at) {
            decorators.append(try parseNamedExpression())
            guard kind == .newline else { throw failHere() }
            advance()
        }
        let start = startPos
        switch kind {
        case .kwDef: return try parseFunctionDef(decorators: decorators, start: start, isAsync: false)
        case .kwClass: return try parseClassDef(decorators: decorators, start: start)
        case .kwAsync:
            advance()
            guard kind == .kwDef else { throw failHere() }
            return try parseFunctionDef(decorators: decorators, start: start, isAsync: true)
        default: throw failHere()
        }
    }

    mutating func parseFunctionDef(decorators: [Expr], start: Position, isAsync: Bool) throws -> Stmt {
        advance() // def
        let name = try expectName().0
        let typeParams = kind == .lsqb && version >= .v3_12 ? try parseTypeParams() : []
        try expect(.lpar, "(")
        let args = try parseParameters(closing: .rpar, allowAnnotations: true)
        try expect(.rpar, ")")
        var returns: Expr? = nil
        if accept(.rarrow) { returns = try parseExpression() }
        try expect(.colon, ":")
        let body = try parseBlock()
        let f = FunctionDef(name: name, args: args, body: body, decorators: decorators, returns: returns,
                            typeParams: typeParams, isAsync: isAsync)
        return Stmt(.functionDef(f), Span(start: start, end: prevEnd))
    }

    mutating func parseClassDef(decorators: [Expr], start: Position) throws -> Stmt {
        advance() // class
        let name = try expectName().0
        let typeParams = kind == .lsqb && version >= .v3_12 ? try parseTypeParams() : []
        var bases: [Expr] = [], keywords: [Keyword] = []
        if accept(.lpar) {
            (bases, keywords) = try parseCallArguments(allowGenerator: false)
            try expect(.rpar, ")")
        }
        try expect(.colon, ":")
        let body = try parseBlock()
        let c = ClassDef(name: name, bases: bases, keywords: keywords, body: body, decorators: decorators, typeParams: typeParams)
        return Stmt(.classDef(c), Span(start: start, end: prevEnd))
    }

    /// PEP 695: `[T, *Ts, **P, U: bound]`.
    mutating func parseTypeParams() throws -> [TypeParam] {
        try expect(.lsqb, "[")
        var params: [TypeParam] = []
        repeat {
            if kind == .rsqb && !params.isEmpty { break }
            let start = startPos
            if accept(.star) {
                let name = try expectName().0
                params.append(TypeParam(name: name, kind: .typeVarTuple, span: Span(start: start, end: prevEnd)))
            } else if accept(.doubleStar) {
                let name = try expectName().0
                params.append(TypeParam(name: name, kind: .paramSpec, span: Span(start: start, end: prevEnd)))
            } else {
                let name = try expectName().0
                var bound: Expr? = nil
                if accept(.colon) { bound = try parseExpression() }
                params.append(TypeParam(name: name, kind: .typeVar(bound: bound), span: Span(start: start, end: prevEnd)))
            }
        } while accept(.comma)
        try expect(.rsqb, "]")
        return params
    }

    mutating func parseIf() throws -> Stmt {
        // An elif chain nests If statements; build it without recursion.
        var heads: [(Position, Expr, [Stmt])] = []
        var orelse: [Stmt] = []
        let savedDepth = depth
        defer { depth = savedDepth }
        repeat {
            // Each elif nests one level deeper in the tree.
            if !heads.isEmpty { try enter() }
            let start = startPos
            advance() // if / elif
            let test = try parseNamedExpression()
            try expect(.colon, ":")
            let body = try parseBlock()
            heads.append((start, test, body))
        } while kind == .kwElif
        if kind == .kwElse {
            advance()
            try expect(.colon, ":")
            orelse = try parseBlock()
        }
        let end = prevEnd
        var result: Stmt? = nil
        for (start, test, body) in heads.reversed() {
            let stmt = Stmt(.if(test: test, body: body, orelse: result.map { [$0] } ?? orelse), Span(start: start, end: end))
            result = stmt
        }
        return result!
    }

    mutating func parseElse() throws -> [Stmt] {
        guard kind == .kwElse else { return [] }
        advance()
        try expect(.colon, ":")
        return try parseBlock()
    }

    mutating func parseWhile() throws -> Stmt {
        let start = startPos
        advance()
        let test = try parseNamedExpression()
        try expect(.colon, ":")
        let body = try parseBlock()
        let orelse = try parseElse()
        return Stmt(.while(test: test, body: body, orelse: orelse), Span(start: start, end: prevEnd))
    }

    mutating func parseFor(start: Position, isAsync: Bool) throws -> Stmt {
        advance() // for
        let target = try parseStarTargets()
        try expect(.kwIn, "in")
        let iter = try parseStarExpressions()
        try expect(.colon, ":")
        let body = try parseBlock()
        let orelse = try parseElse()
        return Stmt(.for(target: target, iter: iter, body: body, orelse: orelse, isAsync: isAsync), Span(start: start, end: prevEnd))
    }

    mutating func parseWith(start: Position, isAsync: Bool) throws -> Stmt {
        advance() // with
        var items: [WithItem] = []
        if kind == .lpar {
            // `with (a as b, c):` groups items; `with (a, b) as c:` is an ordinary expression. Try the
            // grouped form first and fall back.
            let save = p, savePrev = prevEnd, saveDepth = depth, mark = scratch.count
            backtracking += 1
            var grouped: [WithItem]? = nil
            do {
                advance()
                var list: [WithItem] = []
                repeat {
                    if kind == .rpar && !list.isEmpty { break }
                    list.append(try parseWithItem())
                } while accept(.comma)
                try expect(.rpar, ")")
                if kind == .colon { grouped = list }
            } catch {
                resetScratch(to: mark)
            }
            if let g = grouped {
                items = g
            } else {
                p = save; prevEnd = savePrev; depth = saveDepth
            }
            backtracking -= 1
        }
        if items.isEmpty {
            repeat { items.append(try parseWithItem()) } while accept(.comma)
        }
        try expect(.colon, ":")
        let body = try parseBlock()
        return Stmt(.with(items: items, body: body, isAsync: isAsync), Span(start: start, end: prevEnd))
    }

    mutating func parseWithItem() throws -> WithItem {
        let e = try parseExpression()
        if accept(.kwAs) {
            let target = try parseStarTarget()
            guard kind == .comma || kind == .rpar || kind == .colon else { throw failHere() }
            return WithItem(contextExpr: e, optionalVars: target)
        }
        return WithItem(contextExpr: e, optionalVars: nil)
    }

    mutating func parseTry() throws -> Stmt {
        let start = startPos
        advance()
        try expect(.colon, ":")
        let body = try parseBlock()
        var handlers: [ExceptHandler] = []
        var sawStar: Bool? = nil
        while kind == .kwExcept {
            let hStart = startPos
            advance()
            let star = accept(.star)
            if let s = sawStar, s != star {
                throw fail("cannot have both 'except' and 'except*' on the same 'try'", at: hStart)
            }
            sawStar = star
            var type: Expr? = nil
            var name: String? = nil
            if kind != .colon {
                type = try parseExpression()
                if kind == .comma {
                    // `except A, B:` is Python 2 syntax.
                    throw fail("multiple exception types must be parenthesized", at: type!.span.start)
                }
                if accept(.kwAs) { name = try expectName().0 }
            } else if star {
                throw failHere("expected one or more exception types")
            }
            try expect(.colon, ":")
            let hBody = try parseBlock()
            handlers.append(ExceptHandler(type: type, name: name, body: hBody, span: Span(start: hStart, end: prevEnd)))
        }
        var orelse: [Stmt] = []
        if kind == .kwElse {
            if handlers.isEmpty { throw failHere("expected 'except' or 'finally' block") }
            orelse = try parseElse()
        }
        var finalbody: [Stmt] = []
        let hasFinally = kind == .kwFinally
        if accept(.kwFinally) {
            try expect(.colon, ":")
            finalbody = try parseBlock()
        }
        if handlers.isEmpty && !hasFinally {
            throw failHere("expected 'except' or 'finally' block")
        }
        return Stmt(.try(body: body, handlers: handlers, orelse: orelse, finalbody: finalbody, isStar: sawStar ?? false),
                     Span(start: start, end: prevEnd))
    }
}
