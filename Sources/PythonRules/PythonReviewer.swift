import Findings
import Python

/// Reviews Python files for security flaws (OWASP Top 10 of Flask and Django apps).
/// A plain value: safe to share between threads; each review builds its own analysis state.
public struct PythonReviewer: Sendable {
    public let settings: PythonRuleSettings
    /// The enabled rules and the index that dispatches calls to them, built once.
    let index: RuleIndex
    /// Summaries of the repository modules reviewed files import, shared by every copy of this reviewer.
    let moduleCache = ModuleCache()

    public init(settings: PythonRuleSettings = .init()) {
        self.settings = settings
        index = RuleIndex(RuleSet.all.filter { !settings.disabled.contains($0.id) })
    }

    public init(disabled: Set<String>) { self.init(settings: PythonRuleSettings(disabled: disabled)) }

    /// What a review found, and why part of the file may not have been analyzed.
    public struct Result: Sendable {
        public var findings: [Finding]
        /// Syntax errors; the statements around them were still analyzed.
        public var diagnostics: [Diagnostic]
        /// The literal text of every credential a finding names, for Review's redaction step.
        public var credentials: [Credential] = []

        public init(findings: [Finding] = [], diagnostics: [Diagnostic] = [], credentials: [Credential] = []) {
            self.findings = findings; self.diagnostics = diagnostics; self.credentials = credentials
        }
    }

    /// Reviews a whole file for context, reporting only findings whose sink or source (or a line the
    /// flow passes through) is on `addedLines` (every line when nil).
    public func review(path: String, source: [UInt8], addedLines: Set<Int>?) -> [Finding] {
        reviewWithDiagnostics(path: path, source: source, addedLines: addedLines).findings
    }

    /// `modules`: where the modules the file imports are read from (the tree the change is reviewed in);
    /// nil reviews the file on its own.
    public func reviewWithDiagnostics(path: String, source: [UInt8], addedLines: Set<Int>?, modules: ModuleSource? = nil) -> Result {
        reviewWithDiagnostics(path: path, source: source, addedLines: addedLines, restrictAnalysis: true, modules: modules)
    }

    /// `restrictAnalysis: false` analyzes every function even for a partial change; tests use it to check
    /// that skipping the functions a change cannot affect loses nothing.
    func reviewWithDiagnostics(path: String, source: [UInt8], addedLines: Set<Int>?, restrictAnalysis: Bool, modules: ModuleSource? = nil) -> Result {
        if let addedLines, addedLines.isEmpty { return Result(findings: [], diagnostics: []) }
        let scope = restrictAnalysis ? addedLines : nil
        // One large-stack thread for parsing and analysis together (the parser then runs in place).
        let (parsed, file, raw) = onLargeStack { () -> (ParseResult, FileContext, [RawFinding]) in
            let parsed = parseModule(source)
            let file = FileContext(path: path, bytes: source, module: parsed.module)
            let engine = Engine(file: file, index: index)
            engine.modules = modules.map { ModuleScope(source: $0, cache: moduleCache, index: index, path: $0.relativePath(of: path)) }
            return (parsed, file, engine.run(addedLines: scope))
        }
        var findings: [Finding] = []
        var credentials: [Credential] = []
        for r in raw {
            if let addedLines, r.lines.isDisjoint(with: addedLines) { continue }
            if Suppression.silences(file.line(r.span.start.line), rule: r.rule)
                || Suppression.silences(file.line(r.statementLine), rule: r.rule) { continue }
            findings.append(makeFinding(r, file: file))
            if r.rule.findsCredentials {
                credentials += Credential.lines(of: PythonReviewer.literalBody(file.text(r.span)), from: r.span.start.line)
            }
        }
        return Result(findings: findings, diagnostics: parsed.diagnostics, credentials: credentials)
    }

    /// The text between the quotes of one string literal's source (`"abc"` → `abc`, `b'''x'''` → `x`), so
    /// a redacted snippet keeps its quotes; any other source is returned whole.
    static func literalBody(_ source: String) -> String {
        let body = source.drop { "rRbBuUfF".contains($0) }
        guard source.count - body.count <= 2 else { return source }
        for quote in ["\"\"\"", "'''", "\"", "'"] where body.hasPrefix(quote) && body.hasSuffix(quote) && body.count >= 2 * quote.count {
            let inner = body.dropFirst(quote.count).dropLast(quote.count)
            return inner.isEmpty ? source : String(inner)
        }
        return source
    }

    /// The active rules, at the severity the settings give them.
    public var rules: [RuleInfo] {
        index.rules.map { rule in
            var info = rule.info
            if let level = settings.severity[rule.id] { info.severity = level }
            return info
        }
    }

    private func makeFinding(_ r: RawFinding, file: FileContext) -> Finding {
        let text = r.fingerprintText ?? file.normalized(r.span)
        var snippet = file.line(r.span.start.line).trimmingCharacters()
        // Minified or generated lines can be megabytes long; a report needs the start of it.
        if snippet.count > 300 { snippet = String(snippet.prefix(300)) + "…" }
        // Spans and origins hold UTF-8 byte columns; findings count characters.
        let source = r.origin.map {
            Finding.Source(file: file.path, line: $0.line, column: file.characterColumn(line: $0.line, byteColumn: $0.column - 1),
                           description: "\($0.description) (line \($0.line))")
        }
        return Finding(
            rule: r.rule.id, kind: .python, severity: settings.severity[r.rule.id] ?? r.severity, confidence: r.confidence, cwe: r.cwe,
            title: r.rule.title, file: file.path, line: r.span.start.line,
            column: file.characterColumn(line: r.span.start.line, byteColumn: r.span.start.column),
            endLine: r.span.end.line, endColumn: file.characterColumn(line: r.span.end.line, byteColumn: r.span.end.column), snippet: snippet,
            message: r.message, fix: r.rule.fix,
            fingerprint: SHA256.hex(r.rule.id, file.path, text), contentHash: SHA256.hex(r.rule.id, text), source: source,
            isCredential: r.rule.findsCredentials, lineHash: Finding.lineHash(file.line(r.span.start.line))
        )
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}

/// `# nosec`, `# nosec B608`, `# nosec python.sql-injection`, `# shortwall: ignore[rule-id]`.
enum Suppression {
    static func silences(_ line: String, rule: Rule) -> Bool {
        guard let hash = line.firstIndex(of: "#") else { return false }
        let comment = line[hash...].lowercased()
        let names = Set((rule.spellings + rule.bandit).map { $0.lowercased() })
        if let r = comment.range(of: "nosec") {
            let ids = words(comment[r.upperBound...])
            if ids.isEmpty || ids.contains(where: names.contains) { return true }
        }
        // Ruff's flake8-bandit codes (`# noqa: S608`) are Bandit's numbers with an S. A bare `# noqa` is
        // left alone: it is usually there for a style warning, and must not hide a security finding.
        if let r = comment.range(of: "noqa:") {
            let stop = comment[r.upperBound...].firstIndex(of: "#") ?? comment.endIndex
            let codes = comment[r.upperBound..<stop].split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
            if codes.contains(where: { code in
                code.count == 4 && code.first == "s" && code.dropFirst().allSatisfy(\.isNumber) && names.contains("b" + code.dropFirst())
            }) { return true }
        }
        if let r = comment.range(of: "shortwall:") {
            let rest = comment[r.upperBound...].drop(while: { $0 == " " })
            guard rest.hasPrefix("ignore") else { return false }
            let after = rest.dropFirst("ignore".count)
            guard after.first == "[" else { return true }
            guard let close = after.firstIndex(of: "]") else { return false }
            let ids = words(after[after.index(after: after.startIndex)..<close])
            return ids.isEmpty || ids.contains(where: names.contains)
        }
        return false
    }

    /// Ids after a marker, up to the next comment or end: "B608, python.sql-injection".
    private static func words(_ s: Substring) -> [String] {
        let stop = s.firstIndex(of: "#") ?? s.endIndex
        return s[..<stop].split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == ":" })
            .map(String.init).filter { id in
                guard id.first?.isLetter == true else { return false }
                return id.contains(".") || id.contains("-") || (id.first == "b" && id.dropFirst().allSatisfy(\.isNumber) && id.count > 1)
            }
    }
}
