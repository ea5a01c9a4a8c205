import Findings
import Foundation
import Secrets

/// gitleaks' `.gitleaksignore`: one finding fingerprint a line, `commit:file:rule-id:line` for a finding in
/// a commit, `file:rule-id:line` for one in the working tree, `#` comments. Honoured for secret findings, with
/// gitleaks' rule ids translated to Shortwall's (`GitleaksRuleIDs`), so a team moving from gitleaks keeps its
/// triage. A fingerprint without a commit matches the finding at that place in any commit or in the index.
public struct GitleaksIgnore: Equatable, Sendable {
    public static let fileName = ".gitleaksignore"

    struct Entry: Hashable, Sendable {
        var commit: String?
        var file: String
        var rule: String
        var line: Int
    }

    private var entries: Set<Entry> = []
    public var isEmpty: Bool { entries.isEmpty }

    public init() {}

    /// Reads the file's text; lines that are not fingerprints are returned as warnings, not errors.
    public init(text: String, origin: String = GitleaksIgnore.fileName) {
        self.init()
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let parsed = GitleaksIgnore.entries(line) else {
                warnings.append("\(origin):\(index + 1): not a gitleaks fingerprint (commit:file:rule-id:line or file:rule-id:line); ignored")
                continue
            }
            entries.formUnion(parsed)
        }
    }

    public private(set) var warnings: [String] = []

    /// The entries one fingerprint stands for: one per Shortwall id of its rule. The file may itself hold
    /// colons, so the line and rule are taken from the end and a commit only from the start.
    static func entries(_ fingerprint: String) -> [Entry]? {
        var parts = fingerprint.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, let line = Int(parts.removeLast()), line > 0 else { return nil }
        let rule = parts.removeLast()
        var commit: String?
        if parts.count >= 2, [40, 64].contains(parts[0].count), parts[0].allSatisfy(\.isHexDigit) {
            commit = parts.removeFirst().lowercased()
        }
        let file = parts.joined(separator: ":")
        guard !rule.isEmpty, !file.isEmpty else { return nil }
        return GitleaksRuleIDs.shortwallIDs(for: rule).map { Entry(commit: commit, file: file, rule: $0, line: line) }
    }

    public func ignores(_ finding: Finding) -> Bool {
        guard finding.kind == .secret else { return false }
        let place = Entry(commit: nil, file: finding.file, rule: finding.rule, line: finding.line)
        if entries.contains(place) { return true }
        guard let commit = finding.commit?.lowercased() else { return false }
        var inCommit = place
        inCommit.commit = commit
        return entries.contains(inCommit)
    }
}
