import ArgumentParser
import Findings
import Foundation
import Git
import Report
import Review

extension ReportFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}

/// Options every scanning job shares: how to report, when to fail, which config and baseline.
struct ScanOptions: ParsableArguments {
    @Option(help: "Output format: text, json, sarif, github (workflow annotations) or markdown (a job summary).") var format: ReportFormat = .text
    @Option(help: "Write the report to this file instead of stdout.") var output: String?
    @Option(name: .customLong("also"), help: ArgumentHelp(
        "Also write the report in another format to a file, as FORMAT:FILE (repeatable).",
        discussion: "One review, several reports: e.g. --format github --also sarif:shortwall.sarif --also markdown:summary.md",
        valueName: "format:file"))
    var alsoWrite: [ExtraReport] = []
    @Option(help: "Exit 1 when a finding is at or above this severity: low, medium, high or critical (default: config, else medium).")
    var failOn: Severity?
    @Option(help: "Configuration file (default: .shortwall.toml at the repository root; a .gitleaks.toml is read too).")
    var config: String?
    @Option(help: "Baseline of known findings to hide (default: config, else .shortwall-baseline.json if present).")
    var baseline: String?
    @Flag(help: "Ignore any baseline.") var noBaseline = false
    @Flag(help: "Print secrets in full (they are redacted by default).") var noRedact = false
    @Option(help: "Skip files larger than this (e.g. 10MiB, 500KiB, 2000000).") var maxFileSize: String?
    @Option(help: "Color: auto, always or never.") var color: String = "auto"
}

/// Everything a job needs once options and config are read.
struct Job {
    let options: ScanOptions
    let settings: LoadedSettings
    let reviewer: Reviewer
    let started = Date()
    /// Threads for reviewing files side by side.
    let workers = ProcessInfo.processInfo.activeProcessorCount

    init(options: ScanOptions, root: String?) throws {
        self.options = options
        settings = try LoadedSettings.load(explicitConfig: options.config, root: root, options: options)
        reviewer = try settings.makeReviewer(redact: !options.noRedact)
    }

    /// Hides baselined findings, renders, writes, and exits with the job's code. Never returns normally.
    func finish(_ findings: [Finding], summary: ScanSummary, footer: String? = nil) throws -> Never {
        var summary = summary
        summary.durationSeconds = Date().timeIntervalSince(started)
        summary.errors += reviewer.secrets.errors
        summary.configFiles = settings.files
        var shown = findings
        var suppressed = 0
        if !options.noBaseline, let baseline = try settings.loadBaseline() {
            (shown, suppressed) = baseline.filter(findings)
        }
        let useColor: Bool
        switch options.color {
        case "always": useColor = true
        case "never": useColor = false
        default: useColor = options.output == nil && isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        }
        var text = render(
            findings: shown, summary: summary, rules: reviewer.rules, format: options.format,
            options: ReportOptions(color: useColor, toolVersion: shortwallVersion, suppressed: suppressed)
        )
        for extra in options.alsoWrite {
            let report = render(findings: shown, summary: summary, rules: reviewer.rules, format: extra.format,
                                options: ReportOptions(toolVersion: shortwallVersion, suppressed: suppressed))
            try write(report, to: extra.path)
        }
        let failing = shown.filter { $0.severity >= settings.failOn }
        if let footer, !failing.isEmpty, options.format == .text { text += footer }
        if let output = options.output {
            try write(text, to: output)
        } else {
            FileHandle.standardOutput.write(text.data(using: .utf8)!)
        }
        throw ExitCode(failing.isEmpty ? 0 : 1)
    }

    private func write(_ report: String, to path: String) throws {
        do { try report.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw GitError("cannot write \(path): \(error.localizedDescription)")
        }
    }
}

/// `--also FORMAT:FILE`: a second report of the same review, so CI gets SARIF, annotations and a summary
/// from one run instead of reviewing the change three times.
struct ExtraReport: ExpressibleByArgument {
    let format: ReportFormat
    let path: String

    init?(argument: String) {
        guard let colon = argument.firstIndex(of: ":"),
              let format = ReportFormat(rawValue: String(argument[..<colon]).lowercased()) else { return nil }
        let path = String(argument[argument.index(after: colon)...])
        guard !path.isEmpty else { return nil }
        self.format = format; self.path = path
    }

    static var defaultValueDescription: String { "FORMAT:FILE" }
}

/// Parses sizes such as 10MiB, 500KiB, 2MB or a plain byte count.
func parseSize(_ text: String) -> Int? {
    let units: [(String, Int)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1000), ("B", 1)]
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
        return Int(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)).map { $0 * factor }
    }
    return Int(trimmed)
}
