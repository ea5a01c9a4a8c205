import ArgumentParser
import Findings
import Foundation
import Git
import Review

/// `shortwall baseline`: record today's findings (hashes only) so later runs report only new ones.
struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Write the findings of every file in HEAD (or of the whole history) to .shortwall-baseline.json: hashes only, never a secret.",
        discussion: "Later runs hide these findings even after their lines move or their files are renamed."
    )
    @OptionGroup var repository: RepositoryOptions
    @Option(help: "Configuration file.") var config: String?
    @Option(help: "Where to write (default: the config's baseline, else .shortwall-baseline.json at the repository root).") var output: String?
    @Flag(help: "Record the findings of every commit of every ref, not only those of HEAD's tree.") var history = false
    @Option(help: advisoriesHelp) var advisories: String?
    @Option(help: onlyHelp) var only: [Detector] = []
    @Option(help: "Record only findings at least this confident: low, medium or high (default: config, else medium, as the jobs report).")
    var minConfidence: Confidence?

    func run() throws {
        let repo = try repository.open()
        let (settings, reviewer) = try Job.settingsAndReviewer(root: repo.workingDirectory, commandLine: .init(config: config, advisories: advisories, only: only, minConfidence: minConfidence))
        guard let path = output ?? settings.baselinePath else {
            throw UsageError("a bare repository has no root to write the baseline to; use --output")
        }
        // Before the scan, which can take minutes on a long history.
        try Baseline.checkDestination(path, in: repo, fromCommandLine: output != nil)
        let (findings, summary) = try Baseline.findings(in: repo, reviewer: reviewer, maxFileSize: settings.maxFileSize, history: history)
        for warning in reviewer.dependencies?.warnings ?? [] { warn(warning) }
        // A baseline short of some findings only shows them again later, so it is still written.
        for error in summary.errors {
            warn("not in the baseline: \(error)")
        }
        // The baseline covers what the jobs report: a deep audit (--min-confidence low) needs one recorded the same way.
        let recorded = settings.atMinConfidence(findings).findings
        try Baseline(findings: recorded).write(to: path)
        print("Recorded \(recorded.count) finding\(recorded.count == 1 ? "" : "s") in \(printable(path)) (hashes only).")
    }
}
