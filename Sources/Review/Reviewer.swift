// Review: change sets in, findings out. It owns the jobs (staged, commit and range reviews, the history
// audit, the folder scan), the settings (read from the config files and the command line, and handed to
// each detector as its own part), the scan gate, the baseline, redaction and the report caps. It imports
// Git, the detectors (Secrets, PythonRules, Dependencies), Findings, LargeStack and TOMLKit; never Report.

import Dependencies
import Findings
import Foundation
import Git
import PythonRules
import Secrets

/// Detectors together: a file's content and the lines a change adds in, findings out.
/// Knows nothing of git beyond the ChangedFile value; safe to use from several threads.
public struct Reviewer: Sendable {
    public var secrets: SecretScanner
    public var python: PythonReviewer
    public var paths: PathRules
    /// The dependency check; nil when no advisory data is configured (the check is then off).
    public var dependencies: DependencyReviewer?
    /// The detectors that run (`--only`); every one by default.
    public var detectors = Set(Detector.allCases)

    /// Each detector comes with its own part of the settings (see `Settings.makeReviewer`).
    public init(secrets: SecretScanner, python: PythonReviewer, paths: PathRules = .init(), dependencies: DependencyReviewer? = nil) {
        self.secrets = secrets; self.python = python; self.paths = paths; self.dependencies = dependencies
    }

    /// Files matching the config's `exclude` globs are never read.
    public func isExcluded(_ path: String) -> Bool { paths.isExcluded(path) }

    /// The active rules of the detectors, at their configured severities.
    public var rules: [RuleInfo] {
        (detectors.contains(.secrets) ? secrets.rules : []) + (detectors.contains(.python) ? python.rules : []) + (dependencies?.rules ?? [])
    }

    /// Findings in `content` of `path`, limited to `lines` (1-based) when given. `requirementFiles`: paths
    /// that requirements files include, so they are read as requirements too (`includedRequirementFiles`).
    /// `modules`: where the Python modules the file imports are read from (nil: the file alone).
    public func review(path: String, content: [UInt8], lines: Set<Int>?, requirementFiles: Set<String> = [],
                       modules: ModuleSource? = nil) -> [Finding] {
        if isExcluded(path) { return [] }
        let reviewed = reviewsPython(at: path) ? reviewPython(path: path, content: content, lines: lines, modules: modules)
            : PythonReviewer.Result(findings: [], diagnostics: [])
        // Secrets are also looked for on the unchanged lines a Python finding shows, so its snippet and
        // message can be redacted; only those on `lines` are reported. With the secret patterns off
        // (`--only python`), they still run on the lines Python findings show, for redaction alone.
        let shown = Set(reviewed.findings.flatMap(Reviewer.linesShown))
        var findings: [Finding] = []
        var credentials = reviewed.credentials
        if detectors.contains(.secrets) {
            let scanned = secrets.scanWithCredentials(path: path, content: content, lines: lines.map { $0.union(shown) })
            findings = lines.map { lines in scanned.findings.filter { lines.contains($0.line) } } ?? scanned.findings
            credentials += scanned.credentials
        } else if secrets.redact && !shown.isEmpty {
            credentials += secrets.scanWithCredentials(path: path, content: content, lines: shown).credentials
        }
        if let dependencies {
            findings += dependencies.review(path: path, content: content, lines: lines, asRequirements: requirementFiles.contains(path))
        }
        // A literal credential that a secret pattern already named is one problem, not two: keep the
        // pattern's finding, which knows the provider and how to rotate it. A low-confidence secret finding
        // (a weak value in code) gives way to the Python rule's instead, which would otherwise stop failing.
        let secretLines = Set(findings.filter(Reviewer.namesCredential).map(\.line))
        let pythonCredentialLines = Set(reviewed.findings.filter { $0.isCredential && !secretLines.contains($0.line) }.map(\.line))
        findings.removeAll { $0.kind == .secret && $0.confidence < .medium && pythonCredentialLines.contains($0.line) }
        findings += reviewed.findings.filter { !($0.isCredential && secretLines.contains($0.line)) }
        return finish(findings, credentials: credentials)
    }

    /// The one step every file's findings pass through after all detectors ran: allowlisted paths dropped,
    /// then every credential on a finding's lines redacted from its text, whatever rule produced it.
    private func finish(_ findings: [Finding], credentials: [Credential]) -> [Finding] {
        let findings = paths.apply(to: findings)
        return secrets.redact ? Reviewer.redacting(findings, credentials: credentials) : findings
    }

    /// A secret finding that stands for its line's credential, so a Python rule's finding of the same
    /// literal is dropped: the per-file review and the history audit merge by this one rule.
    static func namesCredential(_ f: Finding) -> Bool { f.kind == .secret && f.confidence >= .medium }

    /// The Python rules run on this path: they are on, and it is not vendored code (unless the config
    /// says so).
    public func reviewsPython(at path: String) -> Bool {
        detectors.contains(.python) && (paths.reviewsVendoredPython || !isVendored(path))
    }

    private func reviewPython(path: String, content: [UInt8], lines: Set<Int>?, modules: ModuleSource?) -> PythonReviewer.Result {
        if Reviewer.isPython(path: path, content: content) {
            return python.reviewWithDiagnostics(path: path, source: content, addedLines: lines, modules: modules)
        } else if path.hasSuffix(".ipynb"), let notebook = NotebookSource(content) {
            return reviewNotebook(notebook, path: path, lines: lines, modules: modules)
        }
        return PythonReviewer.Result(findings: [], diagnostics: [])
    }

    /// The Python rules on a notebook's code cells, reported at the notebook's own lines.
    private func reviewNotebook(_ notebook: NotebookSource, path: String, lines: Set<Int>?, modules: ModuleSource?) -> PythonReviewer.Result {
        let added = lines.map(notebook.sourceLines(ofNotebookLines:))
        if let added, added.isEmpty { return PythonReviewer.Result(findings: [], diagnostics: []) }
        var result = python.reviewWithDiagnostics(path: path, source: notebook.source, addedLines: added, modules: modules)
        result.findings = result.findings.map { finding in
            var f = finding
            (f.line, f.column) = notebook.notebookPosition(line: finding.line, column: finding.column)
            if let endLine = finding.endLine, let endColumn = finding.endColumn {
                let end = notebook.notebookPosition(line: endLine, column: endColumn)
                (f.endLine, f.endColumn) = (end.line, end.column)
            }
            if let s = finding.source {
                (f.source!.line, f.source!.column) = notebook.notebookPosition(line: s.line, column: s.column)
            }
            return f
        }
        result.credentials = result.credentials.map { c in
            Credential(line: notebook.notebookPosition(line: c.line, column: 1).line, text: c.text)
        }
        return result
    }

    /// Secrets only, every line (or only `lines`, 1-based): cheap enough to run over a whole tree.
    public func reviewSecrets(path: String, content: [UInt8], lines: Set<Int>? = nil) -> [Finding] {
        if isExcluded(path) || !detectors.contains(.secrets) { return [] }
        let scanned = secrets.scanWithCredentials(path: path, content: content, lines: lines)
        return finish(scanned.findings, credentials: scanned.credentials)
    }

    /// Findings in what a change set adds, each carrying the change's commit id. With more than one
    /// worker, files are reviewed in parallel (not from inside the history audit, which already is).
    public func review(_ changes: ChangeSet, summary: inout ScanSummary, workers: Int = 1) -> [Finding] {
        if changes.commit != nil { summary.commits += 1 }
        var reviewed: [ChangedFile] = []
        for file in changes.files {
            if let reason = file.skipReason {
                summary.skipped.append("\(file.path): \(reason)")
                continue
            }
            guard let content = file.content, !file.addedLines.isEmpty else { continue }
            summary.files += 1
            summary.bytes += content.count
            reviewed.append(file)
        }
        var requirementFiles: Set<String> = []
        if dependencies != nil {
            let contents = Dictionary(reviewed.map { ($0.path, $0.content!) }, uniquingKeysWith: { first, _ in first })
            requirementFiles = includedRequirementFiles(among: reviewed.map(\.path)) { contents[$0] }
        }
        // The modules a changed file imports are read from the tree the change is reviewed in.
        let modules = changes.snapshot.map(SnapshotModules.init)
        let review = { (file: ChangedFile) in
            self.review(path: file.path, content: file.content!, lines: Set(file.addedLines), requirementFiles: requirementFiles, modules: modules)
        }
        let found: [[Finding]]
        if workers > 1 && reviewed.count > 1 {
            // Largest files first: workers take the next file when free, and a big module started last ran
            // alone while the other cores idled. The findings keep the files' order.
            let order = reviewed.indices.sorted { reviewed[$0].content!.count > reviewed[$1].content!.count }
            // The closure cannot throw, so neither can parallelMap here.
            let byCost = try! parallelMap(order.count, workers: workers) { _, i in review(reviewed[order[i]]) }
            var inOrder = [[Finding]](repeating: [], count: reviewed.count)
            for (k, i) in order.enumerated() { inOrder[i] = byCost[k] }
            found = inOrder
        } else {
            found = reviewed.map(review)
        }
        var findings = Array(found.joined())
        for i in findings.indices { findings[i].commit = changes.commit?.id.description }
        return findings
    }

    /// Files among `paths` that a requirements file among them includes (`-r base.txt`), whatever their
    /// names; empty when the dependency check is off, so nothing is read.
    public func includedRequirementFiles(among paths: [String], read: (String) -> [UInt8]?) -> Set<String> {
        dependencies == nil ? [] : DependencyReviewer.includedFiles(among: paths, read: read)
    }

    /// `.py` files, and extension-less scripts whose first line names python.
    static func isPython(path: String, content: [UInt8]) -> Bool {
        if path.hasSuffix(".py") || path.hasSuffix(".pyw") { return true }
        guard !path.split(separator: "/").last!.contains("."), content.starts(with: Array("#!".utf8)) else { return false }
        let firstLine = content.prefix { $0 != UInt8(ascii: "\n") }.prefix(200)
        return String(decoding: firstLine, as: UTF8.self).contains("python")
    }
}
