import Findings

/// How many findings a report lists per file, and per rule within a file; the rest are counted, not
/// listed. A generated or vendored file can hold a million matches (a million lines of
/// `password = '…'` made 80 s of work and a gigabyte of text); a few hundred tell the story, and the
/// count says how much more there is.
public struct FindingCaps: Equatable, Sendable {
    /// At most this many findings of one file (0: no limit).
    public var perFile: Int
    /// At most this many findings of one rule in one file (0: no limit).
    public var perRule: Int

    public static let defaults = FindingCaps(perFile: 500, perRule: 100)

    public init(perFile: Int, perRule: Int) { self.perFile = perFile; self.perRule = perRule }

    /// The findings to list, and what was left out, by file and rule. Within a rule the first by position
    /// are kept; when the file's cap cuts further, the most severe are kept, so a critical finding is
    /// never the one left out for a low one.
    public func apply(_ findings: [Finding]) -> (listed: [Finding], omitted: [OmittedFindings]) {
        if perFile <= 0 && perRule <= 0 { return (findings, []) }
        var byFile: [String: [Int]] = [:]
        for (i, f) in findings.enumerated() { byFile[f.file, default: []].append(i) }
        guard byFile.values.contains(where: { exceeds($0.count) }) else { return (findings, []) }
        var keep = [Bool](repeating: true, count: findings.count)
        var omitted: [OmittedFindings] = []
        for (file, indices) in byFile where exceeds(indices.count) {
            let byPosition = indices.sorted { FindingCaps.before(findings[$0], findings[$1]) }
            var perRuleCount: [String: Int] = [:]
            var kept: [Int] = []
            var dropped: [Int] = []
            for i in byPosition {
                let n = perRuleCount[findings[i].rule, default: 0]
                perRuleCount[findings[i].rule] = n + 1
                if perRule > 0 && n >= perRule { dropped.append(i) } else { kept.append(i) }
            }
            if perFile > 0 && kept.count > perFile {
                let bySeverity = kept.sorted { a, b in
                    findings[a].severity != findings[b].severity
                        ? findings[a].severity > findings[b].severity : FindingCaps.before(findings[a], findings[b])
                }
                dropped += bySeverity[perFile...]
            }
            var counts: [String: (count: Int, severity: Severity)] = [:]
            for i in dropped {
                keep[i] = false
                let f = findings[i]
                let old = counts[f.rule] ?? (0, f.severity)
                counts[f.rule] = (old.count + 1, max(old.severity, f.severity))
            }
            for (rule, c) in counts { omitted.append(OmittedFindings(file: file, rule: rule, count: c.count, severity: c.severity)) }
        }
        let listed = findings.indices.filter { keep[$0] }.map { findings[$0] }
        return (listed, omitted.sorted { ($0.file, $0.rule) < ($1.file, $1.rule) })
    }

    private func exceeds(_ count: Int) -> Bool {
        (perFile > 0 && count > perFile) || (perRule > 0 && count > perRule)
    }

    private static func before(_ a: Finding, _ b: Finding) -> Bool {
        (a.line, a.column, a.rule, a.commit ?? "", a.fingerprint) < (b.line, b.column, b.rule, b.commit ?? "", b.fingerprint)
    }
}
