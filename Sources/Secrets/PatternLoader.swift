import Findings
import TOMLKit

/// Patterns and allowlists read from one file, with what was wrong but not fatal.
public struct PatternLoadResult: Sendable {
    public var patterns: [SecretPattern] = []
    public var allowlists: [Allowlist] = []
    public var warnings: [String] = []
    /// gitleaks `[extend] useDefault`. Shortwall's built-in patterns stand in for gitleaks' defaults and
    /// stay on either way (only `builtin-patterns = false` in Shortwall's own config turns them off); kept
    /// for tools that want to know. Always true for Shortwall files.
    public var useDefault = true
    /// gitleaks `[extend] disabledRules`, as gitleaks ids (see `GitleaksRuleIDs`).
    public var disabledIDs: Set<String> = []
    /// gitleaks `[extend] path`: another gitleaks file this one builds on, as written (the caller resolves
    /// and reads it: this module reads no files).
    public var extendPath: String?
    public init() {}
}

extension SecretScanner {
    /// Reads Shortwall pattern TOML (`[[pattern]]` tables, optional top-level `[allowlist]`).
    /// Throws only when the text is not TOML; a bad pattern is skipped with a warning, including one whose
    /// regex PCRE2 cannot compile.
    /// `trusted`: the embedded files, checked by the test suite, skip the TOMLKit crash guard (it costs a
    /// tenth of the pre-commit hook's time).
    public static func loadPatterns(toml: String, origin: String, trusted: Bool = false) throws -> PatternLoadResult {
        let table = try parseTOML(toml, origin: origin, guarded: !trusted)
        var result = PatternLoadResult()
        for key in table.keys where !["pattern", "allowlist", "meta"].contains(key) {
            result.warnings.append("\(origin): unknown top-level key \(key)")
        }
        if let allowlist = table["allowlist"]?.table {
            result.allowlists.append(readAllowlist(allowlist, origin: origin, paths: PathPattern.glob, warnings: &result.warnings))
        }
        guard let entries = table["pattern"] else { return result }
        guard let array = entries.array else {
            result.warnings.append("\(origin): `pattern` must be an array of tables ([[pattern]])")
            return result
        }
        let read = patterns(fromTables: array, origin: origin)
        result.patterns = read.patterns
        result.warnings += read.warnings
        return result
    }

    /// `[[pattern]]` tables already parsed (a config file's), read as patterns; a bad one is skipped with a
    /// warning, as in a pattern file.
    public static func patterns(fromTables array: TOMLArray, origin: String) -> PatternLoadResult {
        var result = PatternLoadResult()
        for (i, entry) in array.enumerated() {
            guard let t = entry.table else { result.warnings.append("\(origin): pattern #\(i + 1) is not a table"); continue }
            if let p = readPattern(t, index: i, origin: origin, warnings: &result.warnings) { result.patterns.append(p) }
        }
        return result
    }

    private static let patternKeys: Set<String> = [
        "id", "description", "regex", "secretGroup", "keywords", "entropy", "paths", "severity", "multiline",
        "placeholders", "allowlist", "matches", "nonMatches", "fix", "confidence", "tags", "store", "signatures", "weak",
    ]

    private static func readPattern(_ t: TOMLTable, index: Int, origin: String, warnings: inout [String]) -> SecretPattern? {
        guard let id = t["id"]?.string, !id.isEmpty else {
            warnings.append("\(origin): pattern #\(index + 1) has no id; skipped"); return nil
        }
        let at = "\(origin): pattern \(id)"
        guard let regex = t["regex"]?.string, !regex.isEmpty else { warnings.append("\(at) has no regex; skipped"); return nil }
        if let problem = regexProblem(regex) { warnings.append("\(at): regex does not compile (\(problem)); skipped"); return nil }
        for key in t.keys where !patternKeys.contains(key) { warnings.append("\(at): unknown key \(key)") }
        var p = SecretPattern(id: id, description: t["description"]?.string ?? id, regex: regex, origin: origin)
        p.secretGroup = t["secretGroup"]?.int
        p.keywords = strings(t["keywords"])
        p.entropy = number(t["entropy"])
        p.paths = strings(t["paths"]).map(PathPattern.glob)
        if let s = t["severity"]?.string {
            if let sev = Severity(rawValue: s.lowercased()) { p.severity = sev } else { warnings.append("\(at): unknown severity \(s); using high") }
        }
        if let c = t["confidence"]?.string {
            if let conf = Confidence(rawValue: c.lowercased()) { p.confidence = conf } else { warnings.append("\(at): unknown confidence \(c)") }
        }
        p.multiline = t["multiline"]?.bool ?? false
        p.placeholders = t["placeholders"]?.bool ?? true
        p.fix = t["fix"]?.string
        p.tags = strings(t["tags"])
        if let a = t["allowlist"]?.table { p.allowlists = [readAllowlist(a, origin: at, paths: PathPattern.glob, warnings: &warnings)] }
        p.store = t["store"]?.bool ?? false
        p.signatures = strings(t["signatures"]).filter { !$0.isEmpty }
        if let w = t["weak"]?.table { p.weak = readAllowlist(w, origin: "\(at) [weak]", paths: PathPattern.glob, warnings: &warnings) }
        for m in t["matches"]?.array ?? TOMLArray() {
            if let mt = m.table, let text = mt["text"]?.string {
                p.matches.append(.init(text: text, secret: mt["secret"]?.string, weak: mt["weak"]?.bool ?? false))
            }
            else { warnings.append("\(at): a `matches` entry has no text") }
        }
        for m in t["nonMatches"]?.array ?? TOMLArray() {
            if let text = m.table?["text"]?.string ?? m.string { p.nonMatches.append(text) }
            else { warnings.append("\(at): a `nonMatches` entry has no text") }
        }
        return p
    }

    private static func readAllowlist(_ t: TOMLTable, origin: String, paths: (String) -> PathPattern,
                                      warnings: inout [String]) -> Allowlist {
        var a = Allowlist(description: t["description"]?.string ?? "")
        for r in strings(t["regexes"]) {
            if let problem = regexProblem(r) { warnings.append("\(origin): allowlist regex \(r) does not compile (\(problem)); skipped") }
            else { a.regexes.append(r) }
        }
        a.stopwords = strings(t["stopwords"])
        a.paths = strings(t["paths"]).map(paths)
        if let target = t["regexTarget"]?.string {
            if let tg = Allowlist.Target(rawValue: target) { a.regexTarget = tg } else { warnings.append("\(origin): unknown regexTarget \(target)") }
        }
        a.requireAll = t["condition"]?.string?.uppercased() == "AND"
        if !strings(t["commits"]).isEmpty { warnings.append("\(origin): allowlist `commits` is not supported; ignored") }
        return a
    }

    /// Reads a gitleaks configuration (`[[rules]]`, `[allowlist]`/`[[allowlists]]`, `[extend]`) into
    /// Shortwall patterns. Rules PCRE2 cannot compile, and path-only rules, are skipped with a warning.
    public static func loadGitleaks(toml: String, origin: String = ".gitleaks.toml") throws -> PatternLoadResult {
        let table = try parseTOML(toml, origin: origin)
        var result = PatternLoadResult()
        result.useDefault = false
        if let extend = table["extend"]?.table {
            if let value = extend["useDefault"] {
                if let flag = value.bool { result.useDefault = flag } else { result.warnings.append("\(origin): [extend] useDefault must be true or false; ignored") }
            }
            result.disabledIDs = Set(strings(extend["disabledRules"]))
            if let value = extend["path"] {
                if let path = value.string, !path.isEmpty { result.extendPath = path } else { result.warnings.append("\(origin): [extend] path must be a file name; ignored") }
            }
            if extend["url"] != nil { result.warnings.append("\(origin): [extend] url is not supported (Shortwall reads no network); ignored") }
        }
        if let a = table["allowlist"]?.table {
            result.allowlists.append(readAllowlist(a, origin: "\(origin) [allowlist]", paths: PathPattern.regex, warnings: &result.warnings))
        }
        for a in table["allowlists"]?.array ?? TOMLArray() {
            guard let t = a.table else { continue }
            if !strings(t["targetRules"]).isEmpty {
                result.warnings.append("\(origin): [[allowlists]] targetRules is not supported; applied to every rule")
            }
            result.allowlists.append(readAllowlist(t, origin: "\(origin) [[allowlists]]", paths: PathPattern.regex, warnings: &result.warnings))
        }
        for (i, entry) in (table["rules"]?.array ?? TOMLArray()).enumerated() {
            guard let t = entry.table else { continue }
            let id = t["id"]?.string ?? "rule-\(i + 1)"
            let at = "\(origin): rule \(id)"
            guard let regex = t["regex"]?.string, !regex.isEmpty else {
                result.warnings.append("\(at) has no regex (path-only rules are not supported); skipped"); continue
            }
            if let problem = regexProblem(regex) {
                result.warnings.append("\(at): regex does not compile with PCRE2 (\(problem)); skipped"); continue
            }
            var p = SecretPattern(id: id, description: t["description"]?.string ?? id, regex: regex, origin: origin)
            // gitleaks reads secretGroup 0 as "the first group if there is one", which is our default.
            p.secretGroup = t["secretGroup"]?.int.flatMap { $0 == 0 ? nil : $0 }
            p.entropy = number(t["entropy"])
            p.keywords = strings(t["keywords"])
            p.tags = strings(t["tags"])
            if let path = t["path"]?.string { p.paths = [.regex(path)] }
            // gitleaks matches a whole file at once; patterns that span lines must run that way here.
            p.multiline = regex.contains("[\\s\\S") || regex.contains("(?s") || regex.contains("-----BEGIN")
            var lists: [Allowlist] = []
            if let a = t["allowlist"]?.table { lists.append(readAllowlist(a, origin: at, paths: PathPattern.regex, warnings: &result.warnings)) }
            for a in t["allowlists"]?.array ?? TOMLArray() {
                if let at2 = a.table { lists.append(readAllowlist(at2, origin: at, paths: PathPattern.regex, warnings: &result.warnings)) }
            }
            p.allowlists = lists
            result.patterns.append(p)
        }
        return result
    }

    // MARK: Helpers

    private static func parseTOML(_ text: String, origin: String, guarded: Bool = true) throws -> TOMLTable {
        if guarded, let problem = TOMLGuard.check(text) {
            let place = "line \(problem.line)" + (problem.column.map { ", column \($0)" } ?? "")
            throw SecretScannerError.invalidPatternFile(origin: origin, reason: "\(place): \(problem.message)")
        }
        do { return try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw SecretScannerError.invalidPatternFile(origin: origin, reason: "\(error.description) at \(error.source.begin.debugDescription)")
        }
    }

    /// Why PCRE2 cannot compile `regex`, nil when it can.
    public static func regexProblem(_ regex: String) -> String? {
        do { _ = try PCRE2Regex(regex, jit: false); return nil } catch { return "\(error)" }
    }

    private static func strings(_ value: TOMLValueConvertible?) -> [String] {
        if let s = value?.string { return [s] }
        return value?.array?.compactMap { $0.string } ?? []
    }

    private static func number(_ value: TOMLValueConvertible?) -> Double? {
        value?.double ?? value?.int.map(Double.init)
    }
}
