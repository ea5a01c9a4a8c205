import ArgumentParser
import Findings
import Foundation
import Git
import Report
import Review

extension ReportFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
extension Detector: ExpressibleByArgument {}
extension Confidence: ExpressibleByArgument {}

let onlyHelp = ArgumentHelp("Run only this detector: secrets, python or dependencies (repeatable; default: all).", valueName: "detector")

extension ByteSize: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// `--color`: ANSI colors in the text report.
enum ColorChoice: String, CaseIterable, ExpressibleByArgument {
    case auto, always, never

    /// `auto`: only when the report goes to a terminal and NO_COLOR is unset.
    func enabled(writingToFile: Bool) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto: return !writingToFile && isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        }
    }
}

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
    @Option(help: "... and at least this confident: low, medium or high (default: config, else medium). A reported finding fails the run only at or above both.")
    var failOnConfidence: Confidence?
    @Option(help: ArgumentHelp(
        "Report only findings at least this confident: low, medium or high (default: config, else medium).",
        discussion: "A reported finding fails the run when it is at or above both --fail-on and --fail-on-confidence; a finding below --min-confidence is not reported and never fails it. low is the deep audit: flows from values of unknown origin and weak values in code and fixtures."))
    var minConfidence: Confidence?
    @Option(help: "Configuration file (default: .shortwall.toml, else pyproject.toml's [tool.shortwall], at the repository root; .gitleaks.toml and .gitleaksignore there are read too).")
    var config: String?
    @Option(help: "Baseline of known findings to hide (default: config, else .shortwall-baseline.json if present).")
    var baseline: String?
    @Flag(help: "Ignore any baseline.") var noBaseline = false
    @Flag(help: "Print secrets in full (they are redacted by default).") var noRedact = false
    @Option(help: "Skip files larger than this (e.g. 10MiB, 500KiB, 2000000).") var maxFileSize: ByteSize?
    @Option(help: "Color: auto, always or never.") var color: ColorChoice = .auto
    @Option(help: advisoriesHelp) var advisories: String?
    @Option(help: onlyHelp) var only: [Detector] = []
    @Option(help: "List at most this many findings per file and count the rest (0: list all; default: config, else 500).")
    var maxFindingsPerFile: Int?
    @Option(help: "List at most this many findings of one rule per file and count the rest (0: list all; default: config, else 100).")
    var maxFindingsPerRule: Int?

    func validate() throws {
        guard (maxFindingsPerFile ?? 0) >= 0, (maxFindingsPerRule ?? 0) >= 0 else {
            throw ValidationError("--max-findings-per-file and --max-findings-per-rule take a count (0: no limit)")
        }
    }

    /// What these options say about the settings; the config files fill in the rest.
    var commandLine: CommandLineSettings {
        CommandLineSettings(config: config, failOn: failOn, failOnConfidence: failOnConfidence, maxFileSize: maxFileSize?.bytes,
                            baseline: baseline, redact: !noRedact, advisories: advisories, only: only,
                            maxFindingsPerFile: maxFindingsPerFile, maxFindingsPerRule: maxFindingsPerRule, minConfidence: minConfidence)
    }
}

/// Everything a job needs once options and config are read.
struct Job {
    let options: ScanOptions
    let settings: Settings
    let reviewer: Reviewer
    let started = Date()
    /// Threads for reviewing files side by side.
    let workers = ProcessInfo.processInfo.activeProcessorCount

    init(options: ScanOptions, root: String?) throws {
        self.options = options
        try Job.checkReportPaths([options.output].compactMap { $0 } + options.alsoWrite.map(\.path))
        (settings, reviewer) = try Job.settingsAndReviewer(root: root, commandLine: options.commandLine)
    }

    /// A report never replaces one of git's own files (`--output .git/index` would lose what is staged),
    /// in whichever repository holds it; refused before the review, which can take minutes.
    static func checkReportPaths(_ paths: [String]) throws {
        for path in paths {
            let folder = (resolvingSymlinks(path) as NSString).deletingLastPathComponent
            let repository = FileManager.default.fileExists(atPath: folder) ? try? Repository(discoveringFrom: folder) : nil
            let reason = repository.map { $0.gitOwnership(ofWriting: path) }
                ?? (path.split(separator: "/").contains { $0.lowercased() == ".git" } ? "it is a .git file or inside a .git folder" : nil)
            if let reason { throw UsageError("cannot write a report to \(printable(path)): \(reason)") }
        }
    }

    /// The settings and the reviewer they make, with every warning met on the way printed.
    static func settingsAndReviewer(root: String?, commandLine: CommandLineSettings) throws -> (Settings, Reviewer) {
        let settings = try Settings.load(root: root, commandLine: commandLine)
        let (reviewer, warnings) = try settings.makeReviewer()
        for warning in settings.warnings + warnings { warn(warning) }
        return (settings, reviewer)
    }

    /// Hides baselined findings, renders, writes, and exits with the job's code. Never returns normally.
    func finish(_ findings: [Finding], summary: ScanSummary, footer: String? = nil) throws -> Never {
        var summary = summary
        summary.durationSeconds = Date().timeIntervalSince(started)
        summary.errors += reviewer.secrets.errors
        summary.configFiles = settings.files
        for warning in reviewer.dependencies?.warnings ?? [] { warn(warning) }
        let accepted = try settings.hideAccepted(findings, useBaseline: !options.noBaseline)
        for warning in accepted.warnings { warn(warning) }
        // Every finding counts for the exit code; only the listing is capped.
        let fails = settings.shouldFail(accepted.findings)
        let shown: [Finding]
        (shown, summary.omitted) = settings.findingCaps.apply(accepted.findings)
        let color = options.color.enabled(writingToFile: options.output != nil)
        let reportOptions = { (color: Bool) in
            ReportOptions(color: color, toolVersion: shortwallVersion, suppressed: accepted.baselined, ignored: accepted.ignored,
                          belowConfidence: accepted.belowConfidence, minConfidence: settings.minConfidence)
        }
        var text = render(findings: shown, summary: summary, rules: reviewer.rules, format: options.format, options: reportOptions(color))
        for extra in options.alsoWrite {
            let report = render(findings: shown, summary: summary, rules: reviewer.rules, format: extra.format, options: reportOptions(false))
            try write(report, to: extra.path)
        }
        if let footer, fails, options.format == .text { text += footer }
        if let output = options.output {
            try write(text, to: output)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if fails { throw ExitCode(1) }
        // Part of what was asked was not scanned: that must not look clean. Findings already fail the
        // run (exit 1); without them the run is a runtime error (exit 2), and stderr says what was missed.
        if let first = summary.errors.first {
            let count = "\(summary.errors.count) error\(summary.errors.count == 1 ? "" : "s")"
            // A text report on the terminal has just listed them; otherwise the first is named here.
            if options.output == nil && options.format == .text {
                printError("incomplete scan: \(count), listed above")
            } else {
                let more = summary.errors.count > 1 ? " (and \(summary.errors.count - 1) more, listed in the report)" : ""
                printError("incomplete scan: \(first)\(more)")
            }
            throw ExitCode(2)
        }
        throw ExitCode(0)
    }

    /// The staged, commit and range jobs on `repository`, with this job's reviewer and limits.
    func changeReview(of repository: Repository) -> ChangeReview {
        ChangeReview(repository: repository, reviewer: reviewer, maxFileSize: settings.maxFileSize, workers: workers)
    }

    private func write(_ report: String, to path: String) throws {
        do { try report.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw FileError("cannot write \(path): \(error.localizedDescription)")
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
