import Findings

/// GitHub Actions workflow commands: one annotation per finding, shown on the pull request's diff,
/// then one plain summary line for the job log.
enum GitHubReport {
    static func render(findings: [Finding], summary: ScanSummary, options: ReportOptions) -> String {
        var out = ""
        for f in findings { out += annotation(for: f) + "\n" }
        for o in summary.omitted {
            out += "::\(command(for: o.severity)) file=\(escapeProperty(printable(o.file))),title=\(escapeProperty(printable(o.rule)))::"
                + escapeData(printable(omissionNote(o), continuation: "")) + "\n"
        }
        out += summaryLine(findings: findings, summary: summary, options: options) + "\n"
        return out
    }

    static func command(for severity: Severity) -> String {
        switch severity {
        case .critical, .high: return "error"
        case .medium: return "warning"
        case .low: return "notice"
        }
    }

    static func annotation(for f: Finding) -> String {
        var props = [
            "file=" + escapeProperty(printable(f.file)),
            "line=\(max(1, f.line))",
            "col=\(max(1, f.column))",
        ]
        if let end = f.endLine, end >= f.line {
            props.append("endLine=\(end)")
            if let endCol = f.endColumn { props.append("endColumn=\(max(1, endCol))") }
        }
        let title = f.title.isEmpty || f.title == f.rule ? f.rule : "\(f.rule): \(f.title)"
        props.append("title=" + escapeProperty(printable(title)))
        return "::\(command(for: f.severity)) \(props.joined(separator: ","))::\(escapeData(message(for: f)))"
    }

    /// The annotation body; newlines survive (escaped) and GitHub shows them as separate lines. Each
    /// part is made printable first, so a control character from the repository or the config is shown
    /// as an escape rather than passed to the log.
    static func message(for f: Finding) -> String {
        let safe = { (s: String) in printable(s, continuation: "") }
        var lines = ["[\(f.severity.rawValue)] \(safe(f.message))"]
        if let secret = f.secret { lines.append("Secret (redacted): \(safe(secret))") }
        if let s = f.source { lines.append("Data from: \(safe(s.description)) at \(safe(s.file)):\(s.line)") }
        if let history = historyNote(for: f) { lines.append(safe(history)) }
        lines.append("Fix: \(safe(f.fix))")
        return lines.joined(separator: "\n")
    }

    static func summaryLine(findings: [Finding], summary: ScanSummary, options: ReportOptions) -> String {
        let counts = severityCounts(findings)
        let bySeverity = Severity.allCases.reversed().map { "\(counts[$0]!) \($0.rawValue)" }.joined(separator: ", ")
        var line = "Shortwall: \(findings.count) finding\(findings.count == 1 ? "" : "s") (\(bySeverity)); "
            + "scanned " + coverage(summary)
        if !summary.skipped.isEmpty { line += "; \(summary.skipped.count) skipped" }
        if !summary.errors.isEmpty { line += "; \(summary.errors.count) error\(summary.errors.count == 1 ? "" : "s"), so the scan is incomplete" }
        if options.suppressed > 0 { line += "; \(options.suppressed) hidden by the baseline" }
        if let omitted = omissionSummary(summary.omitted) { line += "; " + omitted }
        if let below = belowConfidenceNote(options) { line += "; " + below }
        // A log line beginning with "::" would be read as a command; ours never does, but keep it inert.
        return escapeData(line)
    }

    /// Escaping for the message part, as the Actions runner unescapes it.
    static func escapeData(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Property values additionally escape the separators of the property list.
    static func escapeProperty(_ s: String) -> String {
        var out = ""
        for ch in escapeData(s).unicodeScalars {
            switch ch {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}

/// One sentence on where a committed finding came from and what to do, shared by text and GitHub output.
func historyNote(for f: Finding) -> String? {
    guard let commit = f.commit else { return nil }
    var note = "Introduced in commit \(shortCommit(commit))"
    if let author = f.author, !author.isEmpty { note += " by \(author)" }
    if let date = f.date, !date.isEmpty { note += " on \(date)" }
    if let n = f.commitCount { note += ", present in \(n) commit\(n == 1 ? "" : "s")" }
    switch f.presentInHead {
    case true?: note += "; still in HEAD: rotate it"
    case false?: note += "; removed from HEAD but still in history: rotate it"
    case nil: break
    }
    return note
}

/// "5 commits, 12 files (3.0 MiB) in 1.23 s"; commits are left out when none were read (a plain
/// directory or the index), where "0 commits" would read as a failure.
func coverage(_ summary: ScanSummary) -> String {
    var parts: [String] = []
    if summary.commits > 0 { parts.append("\(summary.commits) commit\(summary.commits == 1 ? "" : "s")") }
    parts.append("\(summary.files) file\(summary.files == 1 ? "" : "s") (\(formatBytes(summary.bytes)))")
    return parts.joined(separator: ", ") + " in \(formatDuration(summary.durationSeconds))"
}

func formatBytes(_ n: Int) -> String {
    let units = ["KiB", "MiB", "GiB", "TiB"]
    guard n >= 1024 else { return "\(n) B" }
    var value = Double(n) / 1024
    var unit = 0
    while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
    return "\(JSONValue.format((value * 10).rounded() / 10)) \(units[unit])"
}

func formatDuration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "0 s" }
    if seconds < 60 { return "\(JSONValue.format((seconds * 100).rounded() / 100)) s" }
    let total = Int(seconds.rounded())
    return "\(total / 60) min \(total % 60) s"
}
