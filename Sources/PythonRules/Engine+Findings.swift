import Findings
import Python

/// Rule hooks and turning their hits into findings.
extension Engine {
    // MARK: Hooks and findings

    /// Whether rule hooks can have any effect here. Module-level code in the first pass neither reports
    /// (not emitting) nor records parameter sinks (no function), so its hooks are skipped.
    private var hooksMatter: Bool { emitting || function != nil }

    func fireStatement(_ s: Stmt) {
        guard hooksMatter else { return }
        currentAssignments = nil
        for hook in statementHooks {
            let hits = hook.run(s, self)
            if !hits.isEmpty { handle(hits, rule: rules[hook.rule]) }
        }
    }

    /// The statement hooks' shared view of `s`'s assignments, computed once per statement.
    func assignments(_ s: Stmt) -> [(name: String, target: Expr, value: Expr)] {
        if let known = currentAssignments, known.span == s.span { return known.list }
        let list = Shapes.assignments(s)
        currentAssignments = (s.span, list)
        return list
    }

    func fireReturn(_ value: Expr) {
        guard hooksMatter else { return }
        for hook in returnHooks {
            let hits = hook.run(value, self)
            if !hits.isEmpty { handle(hits, rule: rules[hook.rule]) }
        }
    }

    /// Hands the call to the rules whose call pattern matches it, in rule order.
    func fireCall(_ c: Call) {
        guard hooksMatter else { return }
        let chosen = index.calls.owners(c, in: file).intersection(active)
        chosen.forEach { i in
            guard let hook = callHooks[i] else { return }
            let hits = hook(c, self)
            if !hits.isEmpty { handle(hits, rule: rules[i]) }
        }
    }

    func handle(_ hits: [Hit], rule: Rule, record: SinkRecord? = nil) {
        for hit in hits {
            guard let v = hit.value else {
                if emitting { emit(rule, hit, confidence: hit.confidence, message: hit.message ?? hit.sink, origin: nil, via: []) }
                continue
            }
            let cls = hit.sinkClass
            guard v.dangerous(for: cls) else { continue }
            if function != nil, v.paramsDangerous(for: cls) {
                let rec = record ?? SinkRecord(rule: rule.id, sink: hit.sink, line: hit.span.start.line, sinkClass: cls, reportUnknown: hit.reportUnknown)
                for p in v.params { current.sinks[p, default: [:]]["\(rec.rule)|\(rec.line)"] = rec }
            }
            guard emitting else { continue }
            let what = file.brief(hit.span)
            if v.level == .tainted && v.levelDangerous(for: cls) {
                let o = v.origin ?? Origin(description: "client data", line: hit.span.start.line, column: hit.span.start.column + 1)
                let msg = "\(o.description) (line \(o.line)) reaches \(hit.sink)." + (hit.message.map { " " + $0 } ?? "")
                emit(rule, hit, confidence: .high, message: msg, origin: o, via: v.via)
            } else if !hit.reportUnknown || file.isTestFile {
                // The audit tier is for code that runs in production: a test evaluating or unpickling what it
                // built itself is the common case there, and never a finding worth a person's time.
                continue
            } else if v.level == .unknown && v.levelDangerous(for: cls) {
                let msg = "A non-literal value of unknown origin reaches \(hit.sink) in `\(what)`." + (hit.message.map { " " + $0 } ?? "")
                emit(rule, hit, confidence: .low, message: msg, origin: nil, via: v.via)
            } else if v.paramsDangerous(for: cls) {
                // Only parameters flow here. When the file calls this function, the callers are checked
                // through its summary instead; otherwise the callers are elsewhere and we cannot see them.
                guard let f = function, !file.calledNames.contains(f.name) else { continue }
                let names = f.allParams
                let ps = v.params.sorted().compactMap { $0 < names.count ? "'\(names[$0])'" : nil }.joined(separator: ", ")
                let msg = "Parameter \(ps) of \(f.name)() reaches \(hit.sink); its callers are not in this file." + (hit.message.map { " " + $0 } ?? "")
                emit(rule, hit, confidence: .low, message: msg, origin: nil, via: v.via)
            }
        }
    }

    func emit(_ rule: Rule, _ hit: Hit, confidence: Confidence, message: String, origin: Origin?, via: [Int]) {
        var lines = Set(hit.span.start.line...max(hit.span.start.line, min(hit.span.end.line, hit.span.start.line + 50)))
        lines.formUnion(via)
        lines.formUnion(hit.alsoLines)
        if let origin { lines.insert(origin.line) }
        // A hit inside a multi-line simple statement (a settings list, a call spread over lines) is new when
        // any line of that statement is.
        if let s = statement, s.isSimple, s.span.start <= hit.span.start, hit.span.start <= s.span.end {
            lines.formUnion(s.span.start.line...max(s.span.start.line, min(s.span.end.line, s.span.start.line + 200)))
        }
        let f = RawFinding(rule: rule, span: hit.span, statementLine: statementLine, confidence: confidence,
                           severity: hit.severity ?? rule.severity, cwe: hit.cwe ?? rule.cwe, message: message,
                           origin: origin, lines: lines, fingerprintText: hit.fingerprintText)
        let k = "\(rule.id)|\(hit.span.start.line)|\(hit.span.start.column)"
        if let old = found[k], old.confidence >= confidence {
            found[k]!.lines.formUnion(lines)
            return
        }
        found[k] = f
    }
}

extension Stmt {
    /// Not a compound statement: its span is its own text, not a block of other statements.
    var isSimple: Bool {
        switch kind {
        case .functionDef, .classDef, .for, .while, .if, .with, .match, .try: return false
        default: return true
        }
    }
}
