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
    public var settings: ReviewSettings

    public init(secrets: SecretScanner, python: PythonReviewer, settings: ReviewSettings = .init()) {
        self.secrets = secrets; self.python = python; self.settings = settings
    }

    public var rules: [RuleInfo] {
        (secrets.rules + python.rules).filter { !settings.disabledRules.contains($0.id) }.map { rule in
            var rule = rule
            if let severity = settings.severityOverrides[rule.id] { rule.severity = severity }
            return rule
        }
    }

    /// Findings in `content` of `path`, limited to `lines` (1-based) when given.
    public func review(path: String, content: [UInt8], lines: Set<Int>?) -> [Finding] {
        if settings.isExcluded(path) { return [] }
        var findings = secrets.scan(path: path, content: content, lines: lines)
        if Reviewer.isPython(path: path, content: content) {
            findings += python.review(path: path, source: content, addedLines: lines)
        }
        return settings.apply(findings)
    }

    /// Findings in what a change set adds, each carrying the change's commit id.
    public func review(_ changes: ChangeSet, summary: inout ScanSummary) -> [Finding] {
        var findings: [Finding] = []
        if changes.commit != nil { summary.commits += 1 }
        for file in changes.files {
            if let reason = file.skipReason {
                summary.skipped.append("\(file.path): \(reason)")
                continue
            }
            guard let content = file.content, !file.addedLines.isEmpty else { continue }
            summary.files += 1
            summary.bytes += content.count
            var found = review(path: file.path, content: content, lines: Set(file.addedLines))
            for i in found.indices { found[i].commit = changes.commit?.id.description }
            findings += found
        }
        return findings
    }

    /// `.py` files, and extension-less scripts whose first line names python.
    static func isPython(path: String, content: [UInt8]) -> Bool {
        if path.hasSuffix(".py") || path.hasSuffix(".pyw") { return true }
        guard !path.split(separator: "/").last!.contains("."), content.starts(with: Array("#!".utf8)) else { return false }
        let firstLine = content.prefix { $0 != UInt8(ascii: "\n") }.prefix(200)
        return String(decoding: firstLine, as: UTF8.self).contains("python")
    }
}

/// What the configuration changes about a review, independent of where it was read from.
public struct ReviewSettings: Sendable {
    public var excludes: [String]
    public var disabledRules: Set<String>
    public var severityOverrides: [String: Severity]
    public init(excludes: [String] = [], disabledRules: Set<String> = [], severityOverrides: [String: Severity] = [:]) {
        self.excludes = excludes; self.disabledRules = disabledRules; self.severityOverrides = severityOverrides
    }

    public func isExcluded(_ path: String) -> Bool {
        excludes.contains { globMatches($0, path) }
    }

    func apply(_ findings: [Finding]) -> [Finding] {
        findings.compactMap { finding in
            if disabledRules.contains(finding.rule) { return nil }
            var finding = finding
            if let severity = severityOverrides[finding.rule] { finding.severity = severity }
            return finding
        }
    }
}
