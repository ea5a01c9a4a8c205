import Findings
import Foundation

/// `{"findings": [...], "summary": {...}}`, keys sorted, for scripts and dashboards.
/// Optional facts that every finding can have (cwe, commit, end position) are written as `null` when
/// absent so consumers can rely on the key; facts that belong to one kind of finding (secret, source,
/// history) appear only on findings of that kind.
enum JSONReport {
    static func render(findings: [Finding], summary: ScanSummary, options: ReportOptions) -> String {
        JSONValue.object([
            "findings": .array(findings.map(object(for:))),
            "summary": summaryObject(findings: findings, summary: summary, options: options),
        ]).rendered()
    }

    static func object(for f: Finding) -> JSONValue {
        var o: [String: JSONValue] = [
            "rule": .string(f.rule),
            "kind": .string(f.kind.rawValue),
            "severity": .string(f.severity.rawValue),
            "confidence": .string(f.confidence.rawValue),
            "cwe": .optional(f.cwe),
            "title": .string(f.title),
            "file": .string(f.file),
            "line": .int(f.line),
            "column": .int(f.column),
            "endLine": .optional(f.endLine),
            "endColumn": .optional(f.endColumn),
            "commit": .optional(f.commit),
            "fingerprint": .string(f.fingerprint),
            "contentHash": .string(f.contentHash),
            "message": .string(f.message),
            "fix": .string(f.fix),
        ]
        if let snippet = f.snippet { o["snippet"] = .string(snippet) }
        if let secret = f.secret { o["secret"] = .string(secret) }
        if let s = f.source {
            o["source"] = .object([
                "file": .string(s.file), "line": .int(s.line), "column": .int(s.column),
                "description": .string(s.description),
            ])
        }
        if let d = f.dependency {
            o["dependency"] = .object([
                "package": .string(d.package), "version": .optional(d.version), "advisory": .optional(d.advisory),
                "aliases": .array(d.aliases.map(JSONValue.string)), "url": .optional(d.url), "fixedIn": .optional(d.fixedIn),
            ])
        }
        if f.presentInHead != nil || f.author != nil || f.date != nil || f.commitCount != nil {
            o["presentInHead"] = f.presentInHead.map(JSONValue.bool) ?? .null
            o["author"] = .optional(f.author)
            o["date"] = .optional(f.date)
            o["commitCount"] = .optional(f.commitCount)
        }
        return .object(o)
    }

    static func summaryObject(findings: [Finding], summary: ScanSummary, options: ReportOptions) -> JSONValue {
        var o: [String: JSONValue] = [
            "total": .int(findings.count),
            "commits": .int(summary.commits),
            "files": .int(summary.files),
            "bytes": .int(summary.bytes),
            "durationSeconds": .double(summary.durationSeconds),
            "skipped": .array(distinct(summary.skipped).map(JSONValue.string)),
            "skippedByReason": .object(skipCounts(summary.skipped).mapValues(JSONValue.int)),
            "errors": .array(summary.errors.map(JSONValue.string)),
            "configFiles": .array(summary.configFiles.map(JSONValue.string)),
            // False when an error left part of the scan undone (the run then exits 2 without findings).
            "complete": .bool(summary.errors.isEmpty),
            "suppressed": .int(options.suppressed),
            "ignored": .int(options.ignored),
            // Left out for being below minConfidence: not in `findings`, not in `total`.
            "belowMinConfidence": .int(options.belowConfidence),
            "minConfidence": .string(options.minConfidence.rawValue),
            // Left out by the per-file caps: `total` counts the findings listed.
            "omitted": .array(summary.omitted.map { o in
                .object(["file": .string(o.file), "rule": .string(o.rule), "count": .int(o.count), "severity": .string(o.severity.rawValue)])
            }),
        ]
        for (severity, count) in severityCounts(findings) { o[severity.rawValue] = .int(count) }
        return .object(o)
    }

    /// A history meets a skipped file again in each commit that changes it: each "path: reason" once,
    /// in the order first met.
    static func distinct(_ skipped: [String]) -> [String] {
        var seen = Set<String>()
        return skipped.filter { seen.insert($0).inserted }
    }

    /// How many times files were skipped for each reason (a history counts each commit's version).
    /// Entries read "path: reason"; a path may hold ": " itself, a reason does not.
    static func skipCounts(_ skipped: [String]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for entry in skipped {
            let reason = entry.range(of: ": ", options: .backwards).map { String(entry[$0.upperBound...]) } ?? entry
            counts[reason, default: 0] += 1
        }
        return counts
    }
}
