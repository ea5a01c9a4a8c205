import CPCRE2
import Foundation
import TOMLKit

// Reads Patterns/*.toml at build time into Swift source that builds the same `SecretPattern` and
// `Allowlist` values `SecretScanner.loadPatterns` reads from them at run time (EmbeddedPatternTests checks
// that they are equal), so a pre-commit run neither parses TOML nor validates regexes. What the run-time
// loader would only warn about fails the build here: the embedded patterns must load cleanly.

struct PatternTableError: Error, CustomStringConvertible {
    var description: String
}

/// Swift source of `patternTable()` and `captureCounts` for the pattern files (name, TOML text).
func patternTableSource(_ files: [(name: String, contents: String)]) throws -> String {
    var reader = PatternTableReader()
    var functions: [String] = []
    for (n, file) in files.enumerated() {
        let body = try reader.read(file.contents, origin: file.name)
        functions.append("    /// \(file.name)\n    private static func file\(n)(_ p: inout [SecretPattern], _ a: inout [Allowlist]) {\n\(body)    }\n")
    }
    var swift = "    /// The pattern files read at build time, in file order (see embed-patterns/PatternTable.swift).\n"
    swift += "    static func patternTable() -> (patterns: [SecretPattern], allowlists: [Allowlist]) {\n"
    swift += "        var p: [SecretPattern] = []\n        p.reserveCapacity(\(reader.patternCount))\n        var a: [Allowlist] = []\n"
    for n in files.indices { swift += "        file\(n)(&p, &a)\n" }
    swift += "        return (p, a)\n    }\n"
    swift += functions.joined()
    // Every regex of the files compiled with PCRE2 at build time, with its number of capture groups: the
    // scanner compiles these only when a keyword asks for them.
    swift += "    /// Capture groups of every regex in the pattern files, which PCRE2 compiled at build time.\n"
    swift += "    static let captureCounts: [String: Int] = [\n"
    for (regex, count) in reader.captureCounts.sorted(by: { $0.key < $1.key }) {
        swift += "        \(String(reflecting: regex)): \(count),\n"
    }
    swift += "    ]\n"
    return swift
}

private struct PatternTableReader {
    var captureCounts: [String: Int] = [:]
    var patternCount = 0

    private static let patternKeys: Set<String> = [
        "id", "description", "regex", "secretGroup", "keywords", "entropy", "paths", "severity", "multiline",
        "placeholders", "allowlist", "matches", "nonMatches", "fix", "confidence", "tags", "store", "signatures", "weak",
    ]
    private static let allowlistKeys: Set<String> = ["description", "regexes", "stopwords", "paths", "regexTarget", "condition"]
    private static let severities: Set<String> = ["low", "medium", "high", "critical"]
    private static let confidences: Set<String> = ["low", "medium", "high"]
    private static let targets: Set<String> = ["secret", "match", "line"]

    /// Statements appending the file's patterns to `p` and its top-level allowlist to `a`.
    mutating func read(_ toml: String, origin: String) throws -> String {
        let table: TOMLTable
        do { table = try TOMLTable(string: toml) } catch { throw PatternTableError(description: "\(origin): \(error)") }
        for key in table.keys where !["pattern", "allowlist", "meta"].contains(key) {
            throw PatternTableError(description: "\(origin): unknown top-level key \(key)")
        }
        var out = ""
        if let allowlist = table["allowlist"]?.table {
            out += "        a.append(\(try self.allowlist(allowlist, at: "\(origin) [allowlist]")))\n"
        }
        guard let entries = table["pattern"] else { return out }
        guard let array = entries.array else { throw PatternTableError(description: "\(origin): `pattern` must be an array of tables") }
        for (i, entry) in array.enumerated() {
            guard let t = entry.table else { throw PatternTableError(description: "\(origin): pattern #\(i + 1) is not a table") }
            out += "        p.append(\(try pattern(t, origin: origin, index: i)))\n"
            patternCount += 1
        }
        return out
    }

    private mutating func pattern(_ t: TOMLTable, origin: String, index: Int) throws -> String {
        guard let id = t["id"]?.string, !id.isEmpty else { throw PatternTableError(description: "\(origin): pattern #\(index + 1) has no id") }
        let at = "\(origin): pattern \(id)"
        guard let regex = t["regex"]?.string, !regex.isEmpty else { throw PatternTableError(description: "\(at) has no regex") }
        for key in t.keys where !Self.patternKeys.contains(key) { throw PatternTableError(description: "\(at): unknown key \(key)") }
        try check(regex, at: at)
        var args = [
            "id: \(lit(id))", "description: \(lit(t["description"]?.string ?? id))", "regex: \(lit(regex))",
        ]
        if let group = t["secretGroup"]?.int { args.append("secretGroup: \(group)") }
        args.append("keywords: \(lit(strings(t["keywords"])))")
        if let entropy = number(t["entropy"]) { args.append("entropy: \(entropy)") }
        args.append("paths: [\(strings(t["paths"]).map { ".glob(\(lit($0)))" }.joined(separator: ", "))]")
        if let s = t["severity"]?.string {
            guard Self.severities.contains(s.lowercased()) else { throw PatternTableError(description: "\(at): unknown severity \(s)") }
            args.append("severity: .\(s.lowercased())")
        }
        args.append("multiline: \(t["multiline"]?.bool ?? false)")
        args.append("placeholders: \(t["placeholders"]?.bool ?? true)")
        if let a = t["allowlist"]?.table { args.append("allowlists: [\(try allowlist(a, at: at))]") }
        args.append("store: \(t["store"]?.bool ?? false)")
        args.append("signatures: \(lit(strings(t["signatures"]).filter { !$0.isEmpty }))")
        if let w = t["weak"]?.table { args.append("weak: \(try allowlist(w, at: "\(at) [weak]"))") }
        if let fix = t["fix"]?.string { args.append("fix: \(lit(fix))") }
        if let c = t["confidence"]?.string {
            guard Self.confidences.contains(c.lowercased()) else { throw PatternTableError(description: "\(at): unknown confidence \(c)") }
            args.append("confidence: .\(c.lowercased())")
        }
        args.append("tags: \(lit(strings(t["tags"])))")
        args.append("origin: \(lit(origin))")
        return "SecretPattern(\(args.joined(separator: ", ")))"
    }

    private mutating func allowlist(_ t: TOMLTable, at: String) throws -> String {
        for key in t.keys where !Self.allowlistKeys.contains(key) { throw PatternTableError(description: "\(at): unknown allowlist key \(key)") }
        let regexes = strings(t["regexes"])
        for r in regexes { try check(r, at: "\(at) allowlist") }
        var args = [
            "description: \(lit(t["description"]?.string ?? ""))", "regexes: \(lit(regexes))",
        ]
        if let target = t["regexTarget"]?.string {
            guard Self.targets.contains(target) else { throw PatternTableError(description: "\(at): unknown regexTarget \(target)") }
            args.append("regexTarget: .\(target)")
        }
        args.append("stopwords: \(lit(strings(t["stopwords"])))")
        args.append("paths: [\(strings(t["paths"]).map { ".glob(\(lit($0)))" }.joined(separator: ", "))]")
        args.append("requireAll: \(t["condition"]?.string?.uppercased() == "AND")")
        return "Allowlist(\(args.joined(separator: ", ")))"
    }

    /// Compiles `regex` as the scanner does (byte mode, no options) and records its capture groups.
    private mutating func check(_ regex: String, at: String) throws {
        if captureCounts[regex] != nil { return }
        var errorCode: Int32 = 0
        var errorOffset = 0
        let bytes = Array(regex.utf8)
        guard let code = pcre2_compile_8(bytes, bytes.count, 0, &errorCode, &errorOffset, nil) else {
            throw PatternTableError(description: "\(at): regex does not compile (PCRE2 error \(errorCode) at offset \(errorOffset))")
        }
        defer { pcre2_code_free_8(code) }
        var count: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCounts[regex] = Int(count)
    }

    private func strings(_ value: TOMLValueConvertible?) -> [String] {
        if let s = value?.string { return [s] }
        return value?.array?.compactMap { $0.string } ?? []
    }

    private func number(_ value: TOMLValueConvertible?) -> Double? {
        value?.double ?? value?.int.map(Double.init)
    }

    private func lit(_ s: String) -> String { String(reflecting: s) }
    private func lit(_ list: [String]) -> String { "[" + list.map(lit).joined(separator: ", ") + "]" }
}
