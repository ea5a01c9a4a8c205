import Findings
import Foundation
import TOMLKit
import Secrets

/// What one Shortwall settings file says: `.shortwall.toml` at the repository root, the `[tool.shortwall]`
/// table of `pyproject.toml` (same keys), or `--config FILE`. `Settings` combines it with the other files
/// and the command line.
///
/// ```toml
/// fail-on = "high"                       # exit non-zero when a finding is at least this severe
/// fail-on-confidence = "medium"          # ... and at least this confident (default medium: low-confidence findings are shown, never fail)
/// min-confidence = "medium"              # report only findings at least this confident (default medium; "low": the audit tier)
/// baseline = ".shortwall-baseline.json"  # accepted findings, relative to the repository root
/// max-file-size = "10MiB"                # bytes as an integer, or a string with B, KB, KiB, MB, MiB, GB, GiB
/// max-findings-per-file = 500            # a report lists this many per file and counts the rest (0: all)
/// max-findings-per-rule = 100            # the same per rule within a file
/// exclude = ["tests/fixtures/**", "*.min.js"]   # globs (see Glob) of paths never scanned
/// builtin-patterns = false               # only the patterns below and from gitleaks files (default true)
/// advisories = "../advisory-database"  # OSV advisories for the dependency check (off without them)
/// review-vendored-python = true         # Python rules inside venv/, vendor/, node_modules/... too (default false)
///
/// [rules]
/// disable = ["python.debug-mode"]
/// [rules.severity]
/// "python.insecure-random" = "low"
///
/// [allowlist]                            # matches that are not findings
/// regexes = ['\'\'^dummy\'\'']               # a secret matching one of these is ignored
/// stopwords = ["notasecret"]             # a secret containing one of these is ignored
/// paths = ["docs/**"]                    # findings in these paths are not reported (files are still read)
///
/// [[pattern]]                            # extra secret patterns, same schema as Patterns/*.toml
/// id = "acme-api-key"
/// ...
/// ```
///
/// Unknown keys are errors, not warnings: a misspelt `exlcude` or `[rule]` silently doing nothing would
/// leave the user believing protection is configured when it is not.
public struct SettingsFile: Equatable, Sendable {
    public static let defaultFileName = ".shortwall.toml"
    public static let pyprojectFileName = "pyproject.toml"
    public static let defaultMaxFileSize = 10 * 1024 * 1024

    /// The file the settings came from, for messages; nil for the defaults.
    public var path: String?
    /// A scan fails (non-zero exit) when any reported finding is at least this severe. The default,
    /// medium, leaves low-severity notes (test-mode keys, hardening advice) visible without failing.
    public var failOn: Severity = .medium
    /// ... and at least this confident. The default, medium, shows low-confidence findings (a weak password
    /// in a test fixture, a sample in the docs) without failing the hook; `low` fails on them too.
    public var failOnConfidence: Confidence = .medium
    /// Findings below this confidence are not reported at all (they are counted); nil when not set.
    public var minConfidence: Confidence?
    /// The baseline file as written in the config, relative to the repository root; nil when not set.
    public var baseline: String?
    public var maxFileSize: Int = SettingsFile.defaultMaxFileSize
    /// nil: the default caps (`FindingCaps.defaults`).
    public var maxFindingsPerFile: Int?
    public var maxFindingsPerRule: Int?
    public var exclude: [String] = []
    public var disabledRules: Set<String> = []
    public var severityOverrides: [String: Severity] = [:]
    /// `[allowlist] regexes` and `stopwords`: they apply to secrets.
    public var secretAllowlist = Allowlist(description: "config allowlist")
    /// `[allowlist] paths`: findings of every kind in these paths are not reported.
    public var allowedPaths: [String] = []
    /// The `[[pattern]]` tables, read as patterns; warnings for the ones skipped.
    public var patterns: [SecretPattern] = []
    public var patternWarnings: [String] = []
    /// The secret patterns built into Shortwall are on unless this says otherwise; a gitleaks file cannot
    /// turn them off.
    public var builtinPatterns = true
    /// OSV advisory data (a folder or a zip) as written in the config, relative to the repository root.
    public var advisories: String?
    /// `review-vendored-python`: run the Python rules inside vendored folders (venv/, vendor/, ...) too.
    public var reviewVendoredPython = false

    public init() {}

    // MARK: Loading

    /// - Parameters:
    ///   - knownRules: rule ids that exist; when given, unknown ids in `[rules]` are errors (a typo there
    ///     would leave a noisy rule on, or fail to lower the one the user meant).
    ///   - validateRegex: returns a description of the problem for a regex the secret engine cannot compile.
    public static func load(path: String, knownRules: Set<String>? = nil,
                            validateRegex: ((String) -> String?)? = nil) throws -> SettingsFile {
        try parse(try readText(path), path: path, knownRules: knownRules, validateRegex: validateRegex)
    }

    /// A settings file's text, or a `ConfigError` that says why it has none.
    static func readText(_ path: String) throws -> String {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ConfigError(path: path, problems: [.init(line: nil, message: "cannot read: \(error.localizedDescription)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(path: path, problems: [.init(line: nil, message: "not valid UTF-8")])
        }
        return text
    }

    public static func parse(_ text: String, path: String, knownRules: Set<String>? = nil,
                             validateRegex: ((String) -> String?)? = nil) throws -> SettingsFile {
        let table = try parseTOML(text, path: path)
        return try read(table, under: [], text: text, path: path, knownRules: knownRules, validateRegex: validateRegex)
    }

    /// The `[tool.shortwall]` table of a `pyproject.toml`, as Bandit, Ruff and pytest read theirs; nil when
    /// the file has none. The rest of the file belongs to other tools and is not checked.
    public static func parsePyproject(_ text: String, path: String, knownRules: Set<String>? = nil,
                                      validateRegex: ((String) -> String?)? = nil) throws -> SettingsFile? {
        // Most pyproject files never mention Shortwall: do not make them parse.
        guard text.contains("shortwall") else { return nil }
        let root = try parseTOML(text, path: path)
        guard let tool = root["tool"]?.table, let table = tool["shortwall"] else { return nil }
        guard let settings = table.table else {
            throw ConfigError(path: path, problems: [.init(line: KeyLines(text).line(of: ["tool", "shortwall"]), message: "tool.shortwall must be a table ([tool.shortwall])")])
        }
        return try read(settings, under: ["tool", "shortwall"], text: text, path: path, knownRules: knownRules, validateRegex: validateRegex)
    }

    private static func parseTOML(_ text: String, path: String) throws -> TOMLTable {
        if let bad = TOMLGuard.check(text) {
            let message = bad.column.map { "invalid TOML at column \($0): \(bad.message)" } ?? bad.message
            throw ConfigError(path: path, problems: [.init(line: bad.line, message: message)])
        }
        do { return try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw ConfigError(path: path, problems: [parseProblem(error)])
        }
    }

    private static func read(_ table: TOMLTable, under base: [String], text: String, path: String, knownRules: Set<String>?,
                             validateRegex: ((String) -> String?)?) throws -> SettingsFile {
        var reader = ConfigReader(lines: KeyLines(text), base: base, origin: path, knownRules: knownRules, validateRegex: validateRegex)
        var settings = reader.read(table)
        settings.path = path
        if !reader.problems.isEmpty {
            throw ConfigError(path: path, problems: reader.problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) }, omitted: reader.omitted)
        }
        return settings
    }

    static func parseProblem(_ error: TOMLParseError) -> ConfigError.Problem {
        var message = error.description
        var context = ""
        // toml++ says "Error while parsing key-value pair: expected value, saw '\n'".
        if message.hasPrefix("Error while parsing "), let colon = message.range(of: ": ") {
            context = String(message[message.index(message.startIndex, offsetBy: 20)..<colon.lowerBound])
            message = String(message[colon.upperBound...])
        }
        message = message.replacingOccurrences(of: "\n", with: "\\n")
        let position = "invalid TOML at column \(error.source.begin.column)" + (context.isEmpty ? "" : " (\(context))")
        return .init(line: error.source.begin.line, message: "\(position): \(message)")
    }
}

public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public struct Problem: Equatable, Sendable {
        public var line: Int?
        public var message: String
        public init(line: Int?, message: String) { self.line = line; self.message = message }
    }
    public var path: String
    /// The problems found, in file order, so a user fixes them in one go; at most `ConfigError.described`.
    public var problems: [Problem]
    /// Problems found past the first `described`: counted, not described, so that a file of 50,000
    /// unknown ids is rejected in linear time.
    public var omitted: Int
    public static let described = 20
    public init(path: String, problems: [Problem], omitted: Int = 0) {
        self.path = path; self.problems = problems; self.omitted = omitted
    }

    /// All problems, described or not.
    public var count: Int { problems.count + omitted }

    /// One line per problem: `.shortwall.toml:3: unknown severity "hihg" (...)`.
    public var description: String {
        var lines = problems.map { p in p.line.map { "\(path):\($0): \(p.message)" } ?? "\(path): \(p.message)" }
        if omitted > 0 { lines.append("\(path): and \(omitted) more problem\(omitted == 1 ? "" : "s")") }
        return lines.joined(separator: "\n")
    }
}

/// Walks the parsed table, collecting every problem with the line it is on.
private struct ConfigReader {
    let lines: KeyLines
    /// Where the settings table sits in the file: [] for `.shortwall.toml`, ["tool", "shortwall"] in pyproject.
    let base: [String]
    /// The file, as pattern warnings name it.
    let origin: String
    let knownRules: Set<String>?
    let validateRegex: ((String) -> String?)?
    var problems: [ConfigError.Problem] = []
    var omitted = 0

    static let topKeys = ["fail-on", "fail-on-confidence", "min-confidence", "baseline", "max-file-size", "max-findings-per-file", "max-findings-per-rule",
                          "exclude", "builtin-patterns", "rules", "allowlist", "pattern", "advisories", "review-vendored-python"]
    static let ruleKeys = ["disable", "severity"]
    static let allowlistKeys = ["regexes", "stopwords", "paths"]
    static let severityNames = "low, medium, high or critical"

    /// Records a problem; past the first `ConfigError.described` only counts it, without building its
    /// message or looking up its line (both cost time proportional to the file).
    mutating func problem(_ path: [String], _ message: @autoclosure () -> String, value: @autoclosure () -> String? = nil) {
        guard problems.count < ConfigError.described else { omitted += 1; return }
        problems.append(.init(line: lines.line(of: base + path, value: value()), message: message()))
    }

    mutating func read(_ root: TOMLTable) -> SettingsFile {
        var config = SettingsFile()
        checkKeys(root, allowed: Self.topKeys, at: [])
        if let v = root["fail-on"] {
            if let s = severity(v, at: ["fail-on"]) { config.failOn = s }
        }
        if let v = root["fail-on-confidence"] {
            if let s = v.string, let c = Confidence(rawValue: s.lowercased()) { config.failOnConfidence = c } else {
                problem(["fail-on-confidence"], "fail-on-confidence must be low, medium or high, found \(quoted(v))")
            }
        }
        if let v = root["min-confidence"] {
            if let s = v.string, let c = Confidence(rawValue: s.lowercased()) { config.minConfidence = c } else {
                problem(["min-confidence"], "min-confidence must be low, medium or high, found \(quoted(v))")
            }
        }
        if let v = root["baseline"] {
            if let s = v.string, !s.isEmpty { config.baseline = s } else {
                problem(["baseline"], "baseline must be a non-empty string (a path relative to the repository root)")
            }
        }
        if let v = root["max-file-size"] {
            if let n = v.int, n > 0 {
                config.maxFileSize = n
            } else if let s = v.string, let n = ByteSize(s)?.bytes {
                config.maxFileSize = n
            } else {
                problem(["max-file-size"], "max-file-size \(quoted(v)) is not a size (examples: 1048576, \"512KiB\", \"10MiB\", \"1GB\")")
            }
        }
        for key in ["max-findings-per-file", "max-findings-per-rule"] {
            guard let v = root[key] else { continue }
            guard let n = v.int, n >= 0 else {
                problem([key], "\(key) must be a count of findings (0: list them all), found \(quoted(v))")
                continue
            }
            if key == "max-findings-per-file" { config.maxFindingsPerFile = n } else { config.maxFindingsPerRule = n }
        }
        if let v = root["exclude"] { config.exclude = globs(v, at: ["exclude"]) }
        if let v = root["builtin-patterns"] {
            if let flag = v.bool { config.builtinPatterns = flag } else {
                problem(["builtin-patterns"], "builtin-patterns must be true or false, found \(quoted(v))")
            }
        }
        if let v = root["review-vendored-python"] {
            if let flag = v.bool { config.reviewVendoredPython = flag } else {
                problem(["review-vendored-python"], "review-vendored-python must be true or false, found \(quoted(v))")
            }
        }
        if let v = root["rules"] { readRules(v, into: &config) }
        if let v = root["allowlist"] { readAllowlist(v, into: &config) }
        if let v = root["pattern"] { readPatterns(v, into: &config) }
        if let v = root["advisories"] {
            if let s = v.string, !s.isEmpty { config.advisories = s } else {
                problem(["advisories"], "advisories must be a non-empty string (a folder of OSV records or a zip of them)")
            }
        }
        return config
    }

    mutating func readRules(_ value: TOMLValueConvertible, into config: inout SettingsFile) {
        guard let rules = value.table else { return problem(["rules"], "rules must be a table ([rules])") }
        checkKeys(rules, allowed: Self.ruleKeys, at: ["rules"])
        if let v = rules["disable"] {
            for id in strings(v, at: ["rules", "disable"]) where checkRule(id, at: ["rules", "disable"], value: id) {
                config.disabledRules.insert(id)
            }
        }
        if let v = rules["severity"] {
            guard let table = v.table else { return problem(["rules", "severity"], "rules.severity must be a table of rule = severity") }
            for id in table.keys where checkRule(id, at: ["rules", "severity", id], value: nil) {
                guard let value = table[id] else { continue }
                if let s = severity(value, at: ["rules", "severity", id]) { config.severityOverrides[id] = s }
            }
        }
    }

    mutating func readAllowlist(_ value: TOMLValueConvertible, into config: inout SettingsFile) {
        guard let table = value.table else { return problem(["allowlist"], "allowlist must be a table ([allowlist])") }
        checkKeys(table, allowed: Self.allowlistKeys, at: ["allowlist"])
        if let v = table["regexes"] {
            for regex in strings(v, at: ["allowlist", "regexes"]) {
                if let error = validateRegex?(regex) {
                    problem(["allowlist", "regexes"], "invalid regex \(quote(regex)): \(error)", value: regex)
                } else {
                    config.secretAllowlist.regexes.append(regex)
                }
            }
        }
        if let v = table["stopwords"] {
            for word in strings(v, at: ["allowlist", "stopwords"]) {
                // An empty stopword is contained in every secret and would silence them all.
                if word.isEmpty { problem(["allowlist", "stopwords"], "empty stopword would allow every secret", value: "\"\"") }
                else { config.secretAllowlist.stopwords.append(word) }
            }
        }
        if let v = table["paths"] { config.allowedPaths = globs(v, at: ["allowlist", "paths"]) }
    }

    mutating func readPatterns(_ value: TOMLValueConvertible, into config: inout SettingsFile) {
        guard let array = value.array, array.allSatisfy({ $0.table != nil }) else {
            return problem(["pattern"], "pattern must be an array of tables ([[pattern]])")
        }
        let read = SecretScanner.patterns(fromTables: array, origin: origin)
        config.patterns = read.patterns
        config.patternWarnings = read.warnings
    }

    // MARK: Values

    mutating func checkKeys(_ table: TOMLTable, allowed: [String], at path: [String]) {
        for key in table.keys where !allowed.contains(key) {
            let place = base.isEmpty && path.isEmpty ? "" : " in [\((base + path).joined(separator: "."))]"
            let hint = suggestion(for: key, among: allowed, within: 2).map { "; did you mean \(quote($0))?" }
            problem(path + [key], "unknown key \(quote(key))\(place)" + (hint ?? " (expected \(allowed.map(quote).joined(separator: ", ")))"))
        }
    }

    mutating func checkRule(_ id: String, at path: [String], value: String?) -> Bool {
        guard let known = knownRules, !known.contains(id) else { return true }
        let hint = { suggestion(for: id, among: known, within: 3).map { "; did you mean \(quote($0))?" } }
        problem(path, "unknown rule \(quote(id))" + (hint() ?? " (`shortwall rules` lists them)"), value: value)
        return false
    }

    mutating func severity(_ value: TOMLValueConvertible, at path: [String]) -> Severity? {
        if let s = value.string, let severity = Severity(rawValue: s.lowercased()) { return severity }
        problem(path, "unknown severity \(quoted(value)) (expected \(Self.severityNames))")
        return nil
    }

    mutating func strings(_ value: TOMLValueConvertible, at path: [String]) -> [String] {
        let name = path.joined(separator: ".")
        guard let array = value.array else {
            problem(path, "\(name) must be an array of strings, e.g. \(name) = [\"...\"]")
            return []
        }
        var out: [String] = []
        for item in array {
            if let s = item.string { out.append(s) } else {
                problem(path, "\(name) must contain only strings, found \(quoted(item))", value: item.debugDescription)
            }
        }
        return out
    }

    mutating func globs(_ value: TOMLValueConvertible, at path: [String]) -> [String] {
        strings(value, at: path).filter { glob in
            if glob.trimmingCharacters(in: .whitespaces).isEmpty {
                problem(path, "empty path pattern in \(path.joined(separator: "."))", value: "\"\(glob)\"")
                return false
            }
            return true
        }
    }
}

private func quoted(_ value: TOMLValueConvertible) -> String {
    if let s = value.string { return quote(s) }
    return value.debugDescription.replacingOccurrences(of: "\n", with: " ")
}

private func quote(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        .replacingOccurrences(of: "\n", with: "\\n") + "\""
}

/// The closest of `candidates` to a misspelt key or rule id, if within `distance` edits.
private func suggestion<C: Collection<String>>(for word: String, among candidates: C, within distance: Int) -> String? {
    // An id this long is not a typo of a rule name, and comparing it with every rule would take long.
    guard word.utf8.count <= 100 else { return nil }
    guard let guess = candidates.min(by: { editDistance($0, word) < editDistance($1, word) }),
          editDistance(guess, word) <= distance else { return nil }
    return guess
}

/// Levenshtein distance, for "did you mean" on misspelt keys and rule ids (short strings only).
private func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    if abs(a.count - b.count) > 8 { return abs(a.count - b.count) }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + [Int](repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
