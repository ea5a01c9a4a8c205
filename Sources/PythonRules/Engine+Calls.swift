import Findings
import Python

/// Calls: sanitizers, propagators, sources, and summaries of the file's own functions.
extension Engine {
    // MARK: Calls

    func call(_ e: Expr, callee: Expr, args: [Expr], keywords: [Keyword]) -> Taint {
        var receiverTaint: Taint? = nil
        var receiver: Expr? = nil
        var method: String? = nil
        let qualified = file.qualified(callee)
        if case .attribute(let recv, let attr, _) = callee.kind {
            method = attr
            receiver = recv
            // Imported modules and classes evaluate to unknown, so `os.path.join` and `cur.execute` need no distinction here.
            receiverTaint = eval(recv)
        } else {
            _ = eval(callee)
        }
        let argTaints = args.map(eval)
        let kwTaints = keywords.map { eval($0.value) }
        var all = Taint.safe
        for t in argTaints { all = all.combined(with: t) }
        for t in kwTaints { all = all.combined(with: t) }
        var isBare = false
        if case .name(let n, _) = callee.kind, file.imports[n] == nil { isBare = true }
        let c = Call(expr: e, callee: callee, args: args, keywords: keywords, name: qualified, isBareName: isBare,
                     method: method, receiver: receiver)

        // Resolved once: each lookup builds strings and copies a FunctionInfo.
        let local = localFunction(c)
        let imported = local == nil ? importedFunction(c) : nil
        let known = Tables.callFacts[qualified ?? ""]
        var result = collectionMethod(c, receiverTaint: receiverTaint, argTaints: argTaints)
            ?? callResult(c, known: known, receiverTaint: receiverTaint, argTaints: argTaints, all: all, local: local).withoutShape
        if let imported { result = importedResult(c, imported, arguments: all, otherwise: result).withoutShape }
        refine(c, argTaints: argTaints, receiverTaint: receiverTaint, result: &result)
        if method == "hexdigest" || method == "digest" || qualified == "hmac.digest" { result.tags.insert(.digest) }
        markWeakPrimitives(c, facts: known?.facts ?? [], receiverTaint: receiverTaint, argTaints: argTaints, result: &result)
        markInstances(c, receiverTaint: receiverTaint, result: &result)
        fireCall(c)
        if let local { applySummary(c, target: local) }
        if let imported { applyImportedSummary(c, imported) }
        return result
    }

    func callResult(_ c: Call, known: (facts: Tables.CallFacts, sanitizes: SinkClass?)?, receiverTaint: Taint?, argTaints: [Taint], all: Taint,
                    local: FunctionInfo?) -> Taint {
        let facts = known?.facts ?? []
        if c.matches("input", "raw_input"), c.isBareName { return Taint.tainted(origin(c.expr)).clearing(.path, .url) }
        if let m = c.method, let recv = c.receiver, Tables.requestMethods.contains(m), isRequest(recv) {
            var t = Taint.tainted(origin(c.expr))
            if m.hasPrefix("get_full_path") || m == "build_absolute_uri" { t = t.clearing(.url) }
            return t
        }
        if facts.contains(.fullSanitizer) { return .safe }
        // WTForms / Flask-WTF / Django forms: `LoginForm(request.form)` or `LoginForm()` (which reads the
        // request itself); their fields hold what the client submitted.
        if let last = c.callee.lastName, last.count > 4, last.hasSuffix("Form"), last.first?.isUppercase == true,
           !last.hasSuffix("BaseForm") {
            return .tainted(Origin(description: "form data of \(last)()", line: c.expr.span.start.line, column: c.expr.span.start.column + 1))
        }
        if let t = sanitized(c, known: known, all: all) { return t }
        if facts.contains(.serializer) { return all.with(tag: .pickled) }
        if facts.contains(.tarOpener) {
            return Taint(level: all.level, origin: all.origin, params: all.params).with(tag: .tarArchive)
        }
        if facts.contains(.pathNormalizer) {
            return all.with(tag: .normalized)
        }
        if facts.contains(.propagator) { return all }
        // A function of this file: its summary says what it returns.
        if let target = local {
            guard let summary = summaries[target.key] else { return .unknown }
            return apply(summary.returns, of: target, to: c)
        }
        if let m = c.method, let r = receiverTaint {
            if Tables.mutators.contains(m), let d = c.receiver?.dottedName {
                env[d] = r.combined(with: all)
                return .safe
            }
            // psycopg's sql.SQL("... {}").format(sql.Identifier(x)) quotes what it composes.
            if m == "format" || m == "join", let recv = c.receiver, case .call(let f, _, _) = recv.kind, f.lastName == "SQL" {
                return Taint(level: .safe, params: all.params).clearing(.sql)
            }
            if m == "format" || m == "join" {
                var literals: [String] = []
                if let s = c.receiver?.stringish { literals.append(s) }
                var parts: [(Expr, Taint)] = [(c.receiver!, r)]
                for (a, t) in zip(c.args, argTaints) { parts.append((a, t)) }
                for (k, t) in zip(c.keywords, c.keywords.map { eval($0.value) }) { parts.append((k.value, t)) }
                let prefix = m == "format" ? c.receiver?.stringish : nil
                var out = formatted(parts, prefix: prefix, literals: literals)
                if m == "join", r.level == .safe, r.params.isEmpty { out.tags.remove(.fixedHost) }
                return out
            }
            // `request.args.get("n", type=int)` converts (and drops what does not convert).
            if m == "get", let type = c.keyword("type")?.dottedName, ["int", "float", "bool"].contains(type) { return .safe }
            if m == "resolve" || m == "absolute" { return r.with(tag: .normalized) }
            if Tables.passingMethods.contains(m) {
                var t = r.combined(with: all)
                t.tags.subtract([.tarArchive, .pickled, .html, .fixedHost])
                if m == "replace" { t = replacementSanitizer(c, t) }
                return extend(t, to: c.expr)
            }
            if r.level == .tainted {
                var t = r
                t.tags = r.tags.intersection([.upload])
                return extend(t, to: c.expr)
            }
            return Taint(level: .unknown, params: r.params)
        }
        return .unknown
    }

    /// Values made by broken hashes and predictable generators, which rules follow to where they are used.
    func markWeakPrimitives(_ c: Call, facts: Tables.CallFacts, receiverTaint: Taint?, argTaints: [Taint], result: inout Taint) {
        if facts.contains(.predictableRandom) {
            result.tags.insert(.weakRandom)
            // random.shuffle(chars) leaves the list in a predictable order.
            if c.name == "random.shuffle", let d = c.args.first?.dottedName { env[d] = lookupName(d).with(tag: .weakRandom) }
        }
        if facts.contains(.hashConstructor), Tables.weakHashAlgorithm(c, in: file, function: function) != nil { result.tags.insert(.weakHash) }
        // cryptography's hashes.Hash(hashes.MD5()) is as weak as its algorithm.
        if c.name == "cryptography.hazmat.primitives.hashes.Hash", argTaints.first?.tags.contains(.weakHash) == true { result.tags.insert(.weakHash) }
        if let m = c.method, m == "hexdigest" || m == "digest" || m == "finalize", receiverTaint?.tags.contains(.weakHash) == true {
            result.tags.insert(.weakDigest)
        }
    }

    func localFunction(_ c: Call) -> FunctionInfo? { resolve(c.callee, from: function) }

    /// The argument a call passes for parameter `i` of `target`.
    func argument(_ c: Call, _ i: Int, of target: some ParameterList) -> Expr? {
        let names = target.allParams
        guard i < names.count else { return nil }
        if let k = c.keywords.first(where: { $0.arg == names[i] }) { return k.value }
        if i < target.params.count, i < c.args.count {
            if c.args[...i].contains(where: { if case .starred = $0.kind { return true } else { return false } }) { return nil }
            return c.args[i]
        }
        return nil
    }

    func apply(_ returns: Taint?, of target: some ParameterList, to c: Call) -> Taint {
        guard let r = returns else { return .safe }
        // The arguments for the parameters the function returns, with what it cleared them for...
        var out = Taint.safe
        for p in r.params {
            guard let a = argument(c, p, of: target) else { continue }
            out = out.combined(with: eval(a))
        }
        out.cleared.formUnion(r.paramCleared)
        out.paramCleared.formUnion(r.paramCleared)
        // ...joined with what it returns of its own (a source it reads, an unknown value).
        let own = Taint(level: r.level, origin: r.origin, cleared: r.cleared, tags: r.tags, via: r.via)
        return out.combined(with: own)
    }

    /// A call to a helper whose parameter reaches a sink is itself that sink.
    func applySummary(_ c: Call, target: FunctionInfo) {
        guard let summary = summaries[target.key] else { return }
        let names = target.allParams
        // In parameter order, and each parameter's sinks by line and key: which parameter a finding names
        // must not depend on dictionary order (it differed between two runs of one binary).
        for (p, records) in summary.sinks.sorted(by: { $0.key < $1.key }) {
            guard let a = argument(c, p, of: target) else { continue }
            let t = eval(a)
            for rec in records.sorted(by: { ($0.value.line, $0.key) < ($1.value.line, $1.key) }).map(\.value) {
                guard t.dangerous(for: rec.sinkClass), let rule = rulesByID[rec.rule] else { continue }
                let pname = p < names.count ? names[p] : "#\(p)"
                let at = rec.sink.hasSuffix(")") && rec.sink.contains("(line ") ? "" : " (line \(rec.line))"
                let final = rec.final ?? rec.sink + at
                let sink = rec.hops < 3
                    ? "\(target.name)(), which passes its parameter '\(pname)' to \(rec.sink)\(at)"
                    : "\(target.name)(), which passes its parameter '\(pname)' through \(rec.hops) more helper calls to \(final)"
                // Through a helper only tainted flows are reported: a value of unknown origin handed to a
                // helper is ordinary code, and the helper's own sink was already judged where it is.
                var hit = Hit(span: a.span, value: t, sinkClass: rec.sinkClass, sink: sink, reportUnknown: false)
                hit.alsoLines = [rec.line]
                hit.span = c.expr.span
                handle([hit], rule: rule, record: SinkRecord(rule: rec.rule, sink: sink, line: rec.line, sinkClass: rec.sinkClass,
                                                             reportUnknown: rec.reportUnknown, hops: rec.hops + 1, final: final))
            }
        }
    }
}
