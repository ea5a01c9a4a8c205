// Report: findings and a summary in, text out: text, JSON, SARIF, GitHub annotations and Markdown. It
// imports only Findings.

import Findings

public enum ReportFormat: String, CaseIterable, Sendable { case text, json, sarif, github, markdown }

/// Choices the CLI makes about how a report looks; the findings themselves are never altered.
public struct ReportOptions: Sendable {
    /// ANSI colors in text output. The CLI sets this when stdout is a terminal and NO_COLOR is unset.
    public var color: Bool
    public var toolVersion: String
    /// Where SARIF consumers send users to learn about the tool.
    public var informationUri: String
    /// Findings hidden by the baseline, so the summary can say they exist without showing them.
    public var suppressed: Int
    /// Findings hidden by `.gitleaksignore` fingerprints, counted apart from the baseline's.
    public var ignored: Int
    /// Findings left out for being below `minConfidence` (`--min-confidence`), counted so a report can say
    /// how to see them.
    public var belowConfidence: Int
    public var minConfidence: Confidence

    public init(color: Bool = false, toolVersion: String = "0.1.0",
                informationUri: String = "https://github.com/shortwall/shortwall", suppressed: Int = 0, ignored: Int = 0,
                belowConfidence: Int = 0, minConfidence: Confidence = .medium) {
        self.color = color; self.toolVersion = toolVersion
        self.informationUri = informationUri; self.suppressed = suppressed; self.ignored = ignored
        self.belowConfidence = belowConfidence; self.minConfidence = minConfidence
    }
}

/// The single entry point: one report, as the text to write to stdout or a file.
public func render(findings: [Finding], summary: ScanSummary, rules: [RuleInfo],
                   format: ReportFormat, options: ReportOptions = ReportOptions()) -> String {
    let ordered = reportOrder(findings)
    switch format {
    case .text: return TextReport.render(findings: ordered, summary: summary, options: options)
    case .json: return JSONReport.render(findings: ordered, summary: summary, options: options)
    case .sarif: return SARIFReport.render(findings: ordered, summary: summary, rules: rules, options: options)
    case .github: return GitHubReport.render(findings: ordered, summary: summary, options: options)
    case .markdown: return MarkdownReport.render(findings: ordered, summary: summary, options: options)
    }
}

/// Every format lists findings in the same order (path, then position, then rule) so that two runs over
/// the same tree give byte-identical reports and diffs between reports stay small.
func reportOrder(_ findings: [Finding]) -> [Finding] {
    findings.sorted { a, b in
        if a.file != b.file { return a.file < b.file }
        if a.line != b.line { return a.line < b.line }
        if a.column != b.column { return a.column < b.column }
        if a.rule != b.rule { return a.rule < b.rule }
        if (a.commit ?? "") != (b.commit ?? "") { return (a.commit ?? "") < (b.commit ?? "") }
        return a.fingerprint < b.fingerprint
    }
}

func severityCounts(_ findings: [Finding]) -> [Severity: Int] {
    var counts: [Severity: Int] = [:]
    for s in Severity.allCases { counts[s] = 0 }
    for f in findings { counts[f.severity, default: 0] += 1 }
    return counts
}

func shortCommit(_ id: String) -> String { String(id.prefix(7)) }

/// "99,900 more generic-password-assignment findings (the most severe: medium) not listed": one
/// sentence per rule and file that the caps cut, shared by every format.
func omissionNote(_ o: OmittedFindings) -> String {
    "\(grouped(o.count)) more \(o.rule) finding\(o.count == 1 ? "" : "s") (the most severe: \(o.severity.rawValue)) not listed"
}

/// What the caps left out in total, and how to see it.
func omissionSummary(_ omitted: [OmittedFindings]) -> String? {
    let total = omitted.reduce(0) { $0 + $1.count }
    guard total > 0 else { return nil }
    return "\(grouped(total)) more finding\(total == 1 ? "" : "s") not listed (per-file caps; "
        + "--max-findings-per-file and --max-findings-per-rule raise them, 0 lists all)"
}

/// "3 low-confidence findings not shown; --min-confidence low lists them": what `--min-confidence` left
/// out, and how to see it, shared by every format.
func belowConfidenceNote(_ options: ReportOptions) -> String? {
    let n = options.belowConfidence
    guard n > 0 else { return nil }
    let what = options.minConfidence == .medium ? "low-confidence finding" : "finding"
    let below = options.minConfidence == .medium ? "" : " below \(options.minConfidence.rawValue) confidence"
    return "\(grouped(n)) \(what)\(n == 1 ? "" : "s")\(below) not shown; --min-confidence low lists \(n == 1 ? "it" : "them")"
}

/// 1234567 as "1,234,567".
func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
        out.append(c)
    }
    return (n < 0 ? "-" : "") + out
}
