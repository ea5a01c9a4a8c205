import Foundation

/// One dependency a manifest declares, where it is declared, and the one version it pins if it pins one.
public struct Requirement: Hashable, Sendable {
    /// The name as written, and as PEP 503 compares it.
    public var name: String
    public var normalizedName: String
    /// The pinned version as written (`==` or `===` in a requirement, or a lock file's entry); nil when
    /// the requirement allows a range (`>=3.0`, `~=3.2`, `==3.*`) or any version.
    public var version: String?
    /// `===`: the version is compared as text, not as a PEP 440 version.
    public var arbitraryEquality = false
    /// What the requirement allows, as written (`>=3.0,<4`); empty for a lock entry or a bare name.
    public var specifier: String
    /// 1-based line and column of the version (of the name when there is no version).
    public var line: Int
    public var column: Int

    public init(name: String, version: String?, arbitraryEquality: Bool = false, specifier: String = "", line: Int, column: Int) {
        self.name = name
        normalizedName = PackageName.normalize(name)
        self.version = version
        self.arbitraryEquality = arbitraryEquality
        self.specifier = specifier
        self.line = line
        self.column = column
    }
}

/// A PEP 508 requirement string: `name[extra,...] specifiers ; marker`, or `name @ url`.
struct RequirementString {
    var name: String
    /// Character offset of the name in the string.
    var nameOffset: Int
    var specifier: String
    /// The pin and the character offset of its version text, when one clause is `==V` (no wildcard) or `===V`.
    var pin: (version: String, offset: Int, arbitrary: Bool)?
    var isURL = false

    /// nil when the text does not start with a valid name (a path, a URL, an option).
    init?(_ text: Substring) {
        let chars = Array(text)
        var i = 0
        func skipSpace() { while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 } }
        skipSpace()
        nameOffset = i
        while i < chars.count, chars[i].isASCII, chars[i].isLetter || chars[i].isNumber || "._-".contains(chars[i]) { i += 1 }
        name = String(chars[nameOffset..<i])
        guard PackageName.isValid(name) else { return nil }
        // What may follow a name: extras, a specifier, a marker, a URL; not "://" or a path.
        guard i == chars.count || " \t[(<>=!~;@".contains(chars[i]) else { return nil }
        skipSpace()
        if i < chars.count, chars[i] == "[" {
            guard let close = chars[i...].firstIndex(of: "]") else { return nil }
            i = close + 1
            skipSpace()
        }
        if i < chars.count, chars[i] == "@" {
            isURL = true
            specifier = ""
            return
        }
        // The specifier runs to the marker; the old `name (>=1.0)` form puts it in parentheses.
        let end = chars[i...].firstIndex(of: ";") ?? chars.count
        var spec = Array(chars[i..<end])
        var specStart = i
        while let last = spec.last, last == " " || last == "\t" { spec.removeLast() }
        if spec.first == "(" && spec.last == ")" {
            spec = Array(spec.dropFirst().dropLast())
            specStart += 1
        }
        specifier = String(spec).trimmingCharacters(in: .whitespaces)
        // Each comma-separated clause: an operator, then a version.
        var clauseStart = 0
        for (index, c) in (spec + [","]).enumerated() where c == "," {
            let clause = spec[clauseStart..<index]
            defer { clauseStart = index + 1 }
            let lead = clause.prefix { $0 == " " || $0 == "\t" }.count
            let body = clause.dropFirst(lead)
            let arbitrary = body.starts(with: "===")
            guard arbitrary || body.starts(with: "==") else { continue }
            let afterOperator = body.dropFirst(arbitrary ? 3 : 2)
            let space = afterOperator.prefix { $0 == " " || $0 == "\t" }.count
            let version = String(afterOperator.dropFirst(space)).trimmingCharacters(in: .whitespaces)
            guard !version.isEmpty, arbitrary || !version.contains("*") else { continue }
            pin = (version, specStart + clauseStart + lead + (arbitrary ? 3 : 2) + space, arbitrary)
        }
    }

    func requirement(line: Int, column: Int) -> Requirement {
        Requirement(name: name, version: pin?.version, arbitraryEquality: pin?.arbitrary ?? false,
                    specifier: specifier, line: line, column: column)
    }
}
