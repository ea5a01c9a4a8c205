// Dependencies: the dependency check: PEP 440 versions, PEP 503 names, one reader per manifest format,
// OSV advisory records and the advisory database. It imports Findings, TOMLKit, Yams and ZIPFoundation,
// and knows nothing of git.

import Findings
import Foundation

/// The dependency check: a manifest's content (and the lines a change adds) in, findings out. A pin
/// inside an advisory's affected versions is a finding; a requirement that pins nothing, for a package the
/// advisory data knows, is a low note that it cannot be checked. Knows nothing of git: which files a
/// requirements file includes is for the caller to resolve in its own tree.
public struct DependencyReviewer: Sendable {
    public static let vulnerableRule = "dependency.known-vulnerability"
    public static let unpinnedRule = "dependency.unpinned"

    public let database: AdvisoryDatabase
    public let settings: DependencySettings

    public init(database: AdvisoryDatabase, settings: DependencySettings = .init()) {
        self.database = database
        self.settings = settings
    }

    /// Opens the advisory data the settings name; nil when they name none (the check is off).
    public init?(settings: DependencySettings) throws {
        guard let path = settings.advisories else { return nil }
        self.init(database: try AdvisoryDatabase(path: path), settings: settings)
    }

    /// The rules left on, at their configured severities.
    public var rules: [RuleInfo] { settings.activeRules }

    public static let rules: [RuleInfo] = [
        RuleInfo(id: vulnerableRule, kind: .dependency, title: "Dependency pinned to a version with a known vulnerability",
                 severity: .high, cwe: 1395, owasp: "A06:2021-Vulnerable and Outdated Components",
                 description: "A requirement or lock entry pins a version inside an OSV advisory's affected range; severity comes from the advisory.",
                 fix: "Upgrade to the fixed version the finding names, or replace the package when no fix exists."),
        RuleInfo(id: unpinnedRule, kind: .dependency, title: "Requirement not pinned: cannot be checked against advisories",
                 severity: .low, cwe: nil, owasp: "A06:2021-Vulnerable and Outdated Components",
                 description: "A requirement allows a range of versions of a package that has advisories, so the installed version is unknown.",
                 fix: "Pin the version (name==X.Y.Z), or check the lock file that pins it."),
    ]

    /// Problems met so far: advisory records skipped, manifests that could not be read.
    public var warnings: [String] { database.warnings }

    /// Does the check read this file? Cheap enough to ask of every path.
    public static func isManifest(_ path: String) -> Bool { Manifest(path: path) != nil }

    /// The files among `paths` that are requirements files only because a requirements file among them
    /// includes them (-r / -c, followed from file to file), as `paths` spells them. `read` gives a file's
    /// content; only requirements files are read.
    public static func includedFiles(among paths: [String], read: (String) -> [UInt8]?) -> Set<String> {
        var byResolved: [String: String] = [:]
        for path in paths { byResolved[joinPath("", path)] = path }
        var queue = paths.filter { Manifest(path: $0) == .requirements }
        var found: Set<String> = []
        while let next = queue.popLast() {
            guard let content = read(next), let text = String(validating: content, as: UTF8.self) else { continue }
            for include in RequirementsFile(path: next, text: text).includes {
                guard let target = byResolved[include], Manifest(path: target) == nil, found.insert(target).inserted else { continue }
                queue.append(target)
            }
        }
        return found
    }

    /// Findings for the requirements in `content` of `path` whose line is in `lines` (every one when nil).
    /// `asRequirements`: the file is a requirements file because another one includes it.
    public func review(path: String, content: [UInt8], lines: Set<Int>?, asRequirements: Bool = false) -> [Finding] {
        settings.apply(check(path: path, content: content, lines: lines, asRequirements: asRequirements))
    }

    private func check(path: String, content: [UInt8], lines: Set<Int>?, asRequirements: Bool) -> [Finding] {
        guard let manifest = Manifest(path: path) ?? (asRequirements ? .requirements : nil) else { return [] }
        guard let text = String(validating: content, as: UTF8.self),
              let declared = manifest.requirements(path: path, text: text) else {
            database.note("\(path): cannot be read as \(manifest.formatName); its dependencies were not checked")
            return []
        }
        let requirements = declared.filter { lines?.contains($0.line) ?? true }
        guard !requirements.isEmpty else { return [] }
        let advisories = database.advisories(for: Set(requirements.map(\.normalizedName)))
        let sourceLines = textLines(text)
        var findings: [Finding] = []
        for requirement in requirements {
            let known = advisories[requirement.normalizedName] ?? []
            // The line without its comment: a comment is the one place on it a secret could sit.
            let snippet = requirement.line - 1 < sourceLines.count ? Self.withoutComment(sourceLines[requirement.line - 1]) : nil
            guard let version = requirement.version else {
                if !manifest.isLock && !known.isEmpty {
                    findings.append(DependencyFinding.unpinned(requirement, path: path, advisories: known.count, snippet: snippet))
                }
                continue
            }
            let matches = Self.matches(known, name: requirement.normalizedName, version: version, arbitrary: requirement.arbitraryEquality)
            let clearsAll = matches.count > 1 ? Self.versionClearingAll(matches, known, name: requirement.normalizedName) : nil
            for match in matches {
                findings.append(DependencyFinding.vulnerable(requirement, version: version, advisory: match.advisory, affected: match.affected,
                                                             fixedIn: match.verdict.fixedIn, clearsAll: clearsAll.map { ($0, matches.count) },
                                                             path: path, snippet: snippet))
            }
        }
        return findings
    }

    static func withoutComment(_ line: Substring) -> String {
        let code = RequirementsFile.commentStart(line).map { line[..<$0] } ?? line
        return String(code.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    typealias Match = (advisory: Advisory, affected: Advisory.Affected, verdict: Advisory.Affected.Verdict)

    /// The advisories whose entry for the package covers the version, each once.
    static func matches(_ advisories: [Advisory], name: String, version: String, arbitrary: Bool) -> [Match] {
        advisories.compactMap { advisory in
            for affected in advisory.affected ?? [] where affected.names(name) {
                let verdict = affected.verdict(version: version, arbitraryEquality: arbitrary)
                if verdict.affected { return (advisory, affected, verdict) }
            }
            return nil
        }
    }

    /// With several advisories on one pin, the one upgrade worth naming: the highest of their fixes, when
    /// that version is itself clear of every advisory the data holds for the package.
    static func versionClearingAll(_ matches: [Match], _ advisories: [Advisory], name: String) -> String? {
        let fixes = matches.compactMap { $0.verdict.fixedIn.flatMap(Version.init) }
        guard fixes.count == matches.count, let highest = fixes.max() else { return nil }
        let text = highest.description
        return Self.matches(advisories, name: name, version: text, arbitrary: false).isEmpty ? text : nil
    }
}

extension Advisory.Affected {
    /// This entry is about the package (PyPI's, or an entry that names no ecosystem).
    func names(_ normalizedName: String) -> Bool {
        guard let package, PackageName.normalize(package.name) == normalizedName else { return false }
        return package.ecosystem.map { $0.lowercased() == "pypi" } ?? true
    }
}

extension Manifest {
    var formatName: String {
        switch self {
        case .requirements: return "a requirements file"
        case .pyproject: return "pyproject.toml"
        case .setupCfg: return "setup.cfg"
        case .pipfileLock: return "Pipfile.lock (JSON)"
        case .poetryLock: return "poetry.lock (TOML)"
        case .uvLock: return "uv.lock (TOML)"
        case .pylock: return "pylock.toml (TOML)"
        }
    }
}
