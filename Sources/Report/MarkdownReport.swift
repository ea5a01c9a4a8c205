import Findings

/// GitHub-flavoured Markdown for a job summary (`$GITHUB_STEP_SUMMARY`) or a pull-request comment: a count
/// by severity, then one table row per finding with its place, rule, message and fix.
enum MarkdownReport {
    /// A summary page is read by people; past this many rows the rest are counted, not listed.
    static let rowLimit = 200

    static func render(findings: [Finding], summary: ScanSummary, options: ReportOptions) -> String {
        let counts = severityCounts(findings)
        var out = "## Shortwall\n\n"
        if findings.isEmpty {
            out += "No findings. "
        } else {
            let bySeverity = Severity.allCases.reversed().filter { counts[$0, default: 0] > 0 }
                .map { "\(counts[$0, default: 0]) \($0.rawValue)" }.joined(separator: ", ")
            out += "**\(findings.count) finding\(findings.count == 1 ? "" : "s")** (\(bySeverity)). "
        }
        out += "Scanned \(coverage(summary))"
        if !summary.skipped.isEmpty { out += "; \(summary.skipped.count) skipped" }
        if !summary.errors.isEmpty { out += "; \(summary.errors.count) error\(summary.errors.count == 1 ? "" : "s"), so the scan is incomplete" }
        if options.suppressed > 0 { out += "; \(options.suppressed) hidden by the baseline" }
        if options.ignored > 0 { out += "; \(options.ignored) hidden by .gitleaksignore" }
        if let omitted = omissionSummary(summary.omitted) { out += "; " + cell(omitted) }
        if let below = belowConfidenceNote(options) { out += "; " + cell(below) }
        out += ".\n"
        guard !findings.isEmpty else { return out }

        out += "\n| Severity | Where | Rule | Finding | Fix |\n|---|---|---|---|---|\n"
        for f in findings.prefix(rowLimit) {
            var place = "\(f.file):\(f.line)"
            if let commit = f.commit { place += " (\(shortCommit(commit)))" }
            var what = f.title.isEmpty ? f.message : "\(f.title): \(f.message)"
            // Messages often name the secret or the source already; a table cell has no room for repeats.
            if let s = f.source, !f.message.contains(s.description) { what += " Data from \(s.description) at \(s.file):\(s.line)." }
            var finding = cell(what)
            if let secret = f.secret { finding += " Secret (redacted): " + code(secret) }
            let cells = [f.severity.rawValue, code(place), code(f.rule), finding, cell(f.fix)]
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        if findings.count > rowLimit {
            out += "\n… and \(findings.count - rowLimit) more; the SARIF or JSON report lists every finding.\n"
        }
        return out
    }

    /// Text from the repository (paths, lines, messages quoting code) must not become markup: HTML is
    /// escaped, table pipes are escaped, newlines become `<br>`, control characters become visible escapes.
    static func cell(_ s: String) -> String {
        var out = ""
        for ch in printable(s, continuation: "") {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "|": out += "\\|"
            case "\n": out += "<br>"
            case "`", "*", "_", "[", "]", "\\", "#", "~", "!": out += "\\" + String(ch)
            default: out.append(ch)
            }
        }
        return out
    }

    /// An inline code span, which Markdown does not interpret; only the characters that could end the span
    /// or the table cell are changed. HTML entities are not decoded inside code spans, so `<` stays as is.
    static func code(_ s: String) -> String {
        var out = "`"
        for ch in printable(s) {
            switch ch {
            case "`": out += "'"
            case "|": out += "\\|"
            case "\n": out += " "
            default: out.append(ch)
            }
        }
        return out + "`"
    }
}
