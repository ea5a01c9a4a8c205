import Findings

/// The default report for people at a terminal: findings grouped by file, each with where it is,
/// what it is, the offending line (secrets already redacted), why it matters and how to fix it.
enum TextReport {
    /// Lists longer than this are cut in the summary; JSON output keeps them whole.
    static let listLimit = 10
    /// Minified files put whole programs on one line; show a window around the match instead.
    static let snippetWidth = 160

    static func render(findings: [Finding], summary: ScanSummary, options: ReportOptions) -> String {
        let paint = Painter(enabled: options.color)
        var out = ""
        var currentFile: String?
        let omittedByFile = Dictionary(grouping: summary.omitted, by: \.file)
        let endFile = { (file: String) in
            for o in omittedByFile[file] ?? [] { out += "  " + paint.dim("... and " + printable(omissionNote(o))) + "\n" }
        }
        for f in findings {
            if f.file != currentFile {
                if let currentFile { endFile(currentFile); out += "\n" }
                out += paint.bold(printable(f.file)) + "\n"
                currentFile = f.file
            }
            out += entry(for: f, paint: paint)
        }
        if let currentFile { endFile(currentFile) }
        if !findings.isEmpty { out += "\n" }
        out += summaryText(findings: findings, summary: summary, options: options, paint: paint)
        return out
    }

    static func entry(for f: Finding, paint: Painter) -> String {
        let location = "\(printable(f.file)):\(f.line):\(f.column)"
        var cwe = ""
        if let id = f.cwe { cwe = ", CWE-\(id)" }
        var out = "  \(location)  \(paint.severity(f.severity))  \(printable(f.rule))  "
            + paint.bold(printable(f.title)) + paint.dim(" (confidence \(f.confidence.rawValue)\(cwe))") + "\n"
        if let snippet = f.snippet {
            out += "    " + paint.dim("|") + " " + window(printable(snippet), around: f.column) + "\n"
        }
        if let secret = f.secret { out += detail("Secret", printable(secret) + " (redacted)", paint) }
        out += detail("Why", printable(f.message, continuation: "      "), paint)
        if let s = f.source {
            out += detail("Data from", "\(printable(s.description)) at \(printable(s.file)):\(s.line)", paint)
        }
        if let note = historyNote(for: f) { out += detail("History", printable(note), paint) }
        out += detail("Fix", printable(f.fix, continuation: "      "), paint)
        return out
    }

    static func detail(_ label: String, _ text: String, _ paint: Painter) -> String {
        "    " + paint.dim(label + ":") + " " + text + "\n"
    }

    static func summaryText(findings: [Finding], summary: ScanSummary, options: ReportOptions, paint: Painter) -> String {
        let counts = severityCounts(findings)
        var out: String
        if findings.isEmpty {
            out = "No findings.\n"
        } else {
            let parts = Severity.allCases.reversed().map { s -> String in
                let text = "\(counts[s]!) \(s.rawValue)"
                return counts[s]! > 0 ? paint.severityColor(s, text) : text
            }
            out = paint.bold("\(findings.count) finding\(findings.count == 1 ? "" : "s")") + ": "
                + parts.joined(separator: ", ") + "\n"
        }
        if let omitted = omissionSummary(summary.omitted) { out += omitted + ".\n" }
        if let below = belowConfidenceNote(options) { out += below + ".\n" }
        out += "Scanned " + coverage(summary) + ".\n"
        if !summary.configFiles.isEmpty {
            out += "Settings from " + summary.configFiles.map { printable($0) }.joined(separator: ", ") + ".\n"
        }
        if options.suppressed > 0 {
            out += "\(options.suppressed) known finding\(options.suppressed == 1 ? "" : "s") hidden by the baseline.\n"
        }
        if options.ignored > 0 {
            out += "\(options.ignored) finding\(options.ignored == 1 ? "" : "s") hidden by .gitleaksignore.\n"
        }
        out += list("skipped", summary.skipped, paint)
        out += list("error", summary.errors, paint)
        return out
    }

    static func list(_ noun: String, _ items: [String], _ paint: Painter) -> String {
        guard !items.isEmpty else { return "" }
        // An error means part of the scan was not done, so "No findings." above does not mean clean.
        let heading = noun == "skipped"
            ? "\(items.count) file\(items.count == 1 ? "" : "s") skipped:"
            : "\(items.count) \(noun)\(items.count == 1 ? "" : "s"), so the scan is incomplete:"
        var out = paint.dim(heading) + "\n"
        for item in items.prefix(listLimit) { out += "  " + printable(item) + "\n" }
        if items.count > listLimit { out += "  ... and \(items.count - listLimit) more (see --format json)\n" }
        return out
    }

    /// Cuts a long line to a window that contains the 1-based column, marking the cuts with "...".
    static func window(_ line: String, around column: Int) -> String {
        let chars = Array(line)
        let trimmedStart = chars.firstIndex { $0 != " " && $0 != "\t" } ?? 0
        guard chars.count - trimmedStart > snippetWidth else { return String(chars[trimmedStart...]) }
        let anchor = min(max(column - 1, 0), chars.count - 1)
        var start = max(trimmedStart, anchor - snippetWidth / 3)
        let end = min(chars.count, start + snippetWidth)
        start = max(trimmedStart, min(start, end - snippetWidth))
        return (start > trimmedStart ? "..." : "") + String(chars[start..<end]) + (end < chars.count ? "..." : "")
    }
}

struct Painter {
    let enabled: Bool
    func wrap(_ code: String, _ s: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    func bold(_ s: String) -> String { wrap("1", s) }
    func dim(_ s: String) -> String { wrap("2", s) }
    func severityColor(_ severity: Severity, _ s: String) -> String {
        switch severity {
        case .critical: return wrap("1;31", s)
        case .high: return wrap("31", s)
        case .medium: return wrap("33", s)
        case .low: return wrap("36", s)
        }
    }
    /// Fixed width so rule names line up down the page.
    func severity(_ s: Severity) -> String {
        let label = s.rawValue.uppercased()
        return severityColor(s, label + String(repeating: " ", count: 8 - label.count))
    }
}
