import Findings

/// The two findings the check makes, worded for the reports.
enum DependencyFinding {
    static func vulnerable(_ r: Requirement, version: String, advisory: Advisory, affected: Advisory.Affected,
                           fixedIn: String?, clearsAll: (version: String, count: Int)?, path: String, snippet: String?) -> Finding {
        let rule = DependencyReviewer.vulnerableRule
        let aliases = advisory.aliases ?? []
        let ids = ([advisory.id] + aliases).joined(separator: ", ")
        let headline = advisory.headline
        var fix = fixedIn.map { "Upgrade \(r.name) to \($0) or later." }
            ?? "No fixed version of \(r.name) is known for \(advisory.id): replace the package, or accept the risk in the baseline."
        if let clearsAll {
            fix += " \(clearsAll.version) fixes all \(clearsAll.count) advisories on \(r.name) \(version)."
        }
        var finding = Finding(
            rule: rule, kind: .dependency, severity: advisory.severityLevel(for: affected), confidence: .high, cwe: 1395,
            title: "\(r.name) \(version) has a known vulnerability (\(advisory.id))",
            file: path, line: r.line, column: r.column, snippet: snippet,
            message: (headline.isEmpty ? "" : headline + " ") + "(\(ids); \(advisory.url))",
            fix: fix,
            fingerprint: SHA256.hex(rule, path, r.normalizedName, version, advisory.id),
            contentHash: SHA256.hex(rule, r.normalizedName, version, advisory.id))
        finding.dependency = .init(package: r.name, version: version, advisory: advisory.id, aliases: aliases,
                                   url: advisory.url, fixedIn: fixedIn)
        return finding
    }

    static func unpinned(_ r: Requirement, path: String, advisories: Int, snippet: String?) -> Finding {
        let rule = DependencyReviewer.unpinnedRule
        let allows = r.specifier.isEmpty ? "any version" : "\(r.specifier)"
        var finding = Finding(
            rule: rule, kind: .dependency, severity: .low, confidence: .low, cwe: nil,
            title: "\(r.name) is not pinned: cannot be checked against advisories",
            file: path, line: r.line, column: r.column, snippet: snippet,
            message: "\(r.name) allows \(allows), so which version gets installed is unknown; the advisory data lists \(advisories) advisor\(advisories == 1 ? "y" : "ies") for \(r.name).",
            fix: "Pin it (\(r.name)==X.Y.Z), or check the lock file that pins it.",
            fingerprint: SHA256.hex(rule, path, r.normalizedName, r.specifier),
            contentHash: SHA256.hex(rule, r.normalizedName, r.specifier))
        finding.dependency = .init(package: r.name, version: nil)
        return finding
    }
}
