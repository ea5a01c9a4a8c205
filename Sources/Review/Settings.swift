import Dependencies
import Findings
import Foundation
import PythonRules
import Secrets

/// The one settings value a job runs with, built by `Settings.load` from the command line and the config
/// files. Each detector gets its own typed part: `secrets` for the secret scanner, `python` for the Python
/// rules, `paths` for the review itself; the job reads `failOn`, `maxFileSize`, the baseline and the
/// `.gitleaksignore` fingerprints. Nothing else applies settings: detectors apply their own part once.
public struct Settings: Sendable {
    public var secrets = SecretSettings()
    public var python = PythonRuleSettings()
    public var paths = PathRules()
    public var dependencies = DependencySettings()
    /// The detectors that run (`--only`); every one by default.
    public var detectors = Set(Detector.allCases)
    /// Exit 1 when a reported finding is at least this severe: `--fail-on`, else the config, else medium.
    public var failOn: Severity = .medium
    /// ... and at least this confident: `--fail-on-confidence`, else the config, else medium. Low-confidence
    /// findings (weak values in tests, fixtures and docs) are reported but do not fail the run by default.
    public var failOnConfidence: Confidence = .medium
    /// Only findings at least this confident are reported (and so can fail the run): `--min-confidence`,
    /// else the config, else medium. `low` is the deep audit: flows from values of unknown origin, weak
    /// values in code and fixtures. What it leaves out is counted, not listed.
    public var minConfidence: Confidence = .medium
    public var maxFileSize = SettingsFile.defaultMaxFileSize
    /// How many findings a report lists per file and per rule in a file.
    public var findingCaps = FindingCaps.defaults
    /// The baseline as configured or given; nil means the default name, read only when present.
    public var baseline: String?
    /// The baseline was named with `--baseline`: a missing file is then an error, not a warning.
    public var baselineFromCommandLine = false
    public var ignored = GitleaksIgnore()
    /// The repository root the files were read from; nil for `scan` and bare repositories.
    public var root: String?
    /// The configuration files read, as the report names them.
    public var files: [String] = []
    /// Problems met while reading the files that did not stop the run, for the caller to print.
    public var warnings: [String] = []

    public init() {}

    public func shouldFail(_ findings: [Finding]) -> Bool {
        findings.contains { $0.severity >= failOn && $0.confidence >= failOnConfidence }
    }

    /// The detectors, each built from its part. Returns the secret scanner's warnings (pattern ids that
    /// match nothing, patterns skipped while loading) for the caller to print.
    public func makeReviewer() throws -> (reviewer: Reviewer, warnings: [String]) {
        var (scanner, warnings) = try SecretScanner.build(secrets)
        var dependencyReviewer: DependencyReviewer?
        // Advisory data left out by `--only` is not even read.
        if detectors.contains(.dependencies) {
            do { dependencyReviewer = try DependencyReviewer(settings: dependencies) } catch let error as AdvisoryError {
                throw ConfigError(path: dependencies.origin, problems: [.init(line: nil, message: "advisories: \(error.message)")])
            }
            if dependencyReviewer == nil && detectors == [.dependencies] {
                warnings.append("--only dependencies: the dependency check is off (no advisory data: give --advisories or set advisories in the config)")
            }
        }
        var reviewer = Reviewer(secrets: scanner, python: PythonReviewer(settings: python), paths: paths, dependencies: dependencyReviewer)
        reviewer.detectors = detectors
        return (reviewer, warnings)
    }

    /// The findings at or above `minConfidence`, and how many were below it.
    public func atMinConfidence(_ findings: [Finding]) -> (findings: [Finding], below: Int) {
        let kept = findings.filter { $0.confidence >= minConfidence }
        return (kept, findings.count - kept.count)
    }

    /// Where the baseline lives: as configured or given (relative to the repository root), else the
    /// default name; nil in a bare repository without one configured.
    public var baselinePath: String? {
        let name = baseline ?? Baseline.defaultFileName
        if name.hasPrefix("/") { return name }
        guard let root else { return baseline }
        return (root as NSString).appendingPathComponent(name)
    }

    /// What a job shows once the findings the team accepted are hidden.
    public struct Shown: Sendable {
        public var findings: [Finding]
        /// Hidden by the baseline, and by `.gitleaksignore`.
        public var baselined = 0
        public var ignored = 0
        /// Left out for being below `minConfidence` (after the baseline and `.gitleaksignore` took theirs).
        public var belowConfidence = 0
        public var warnings: [String] = []
    }

    /// Hides the findings of the baseline (unless `useBaseline` is false), those `.gitleaksignore` names,
    /// and those below `minConfidence`.
    /// A baseline named with `--baseline` must exist; one named in the config may not exist yet (a warning
    /// says how to create it); the default one is optional.
    public func hideAccepted(_ findings: [Finding], useBaseline: Bool) throws -> Shown {
        var shown = Shown(findings: findings)
        if useBaseline, let path = baselinePath {
            if baselineFromCommandLine || FileManager.default.fileExists(atPath: path) {
                (shown.findings, shown.baselined) = try Baseline.load(path: path).filter(shown.findings)
            } else if baseline != nil {
                shown.warnings.append("baseline \(path) does not exist yet; `shortwall baseline` writes it")
            }
        }
        if !ignored.isEmpty {
            let kept = shown.findings.filter { !ignored.ignores($0) }
            shown.ignored = shown.findings.count - kept.count
            shown.findings = kept
        }
        (shown.findings, shown.belowConfidence) = atMinConfidence(shown.findings)
        return shown
    }
}

/// What the command line says; every option given wins over the config files.
public struct CommandLineSettings: Sendable {
    /// `--config FILE`: read instead of the files at the repository root.
    public var config: String?
    public var failOn: Severity?
    public var failOnConfidence: Confidence?
    /// `--min-confidence`: what is reported at all.
    public var minConfidence: Confidence?
    public var maxFileSize: Int?
    public var baseline: String?
    public var redact = true
    /// `--advisories PATH`: the dependency check's data, instead of the config's.
    public var advisories: String?
    public var maxFindingsPerFile: Int?
    public var maxFindingsPerRule: Int?
    /// `--only DETECTOR` (repeatable); empty means every detector.
    public var only: [Detector] = []

    public init(config: String? = nil, failOn: Severity? = nil, failOnConfidence: Confidence? = nil, maxFileSize: Int? = nil,
                baseline: String? = nil, redact: Bool = true, advisories: String? = nil, only: [Detector] = [],
                maxFindingsPerFile: Int? = nil, maxFindingsPerRule: Int? = nil, minConfidence: Confidence? = nil) {
        self.config = config; self.failOn = failOn; self.failOnConfidence = failOnConfidence; self.maxFileSize = maxFileSize
        self.baseline = baseline; self.redact = redact; self.advisories = advisories; self.only = only
        self.maxFindingsPerFile = maxFindingsPerFile; self.maxFindingsPerRule = maxFindingsPerRule
        self.minConfidence = minConfidence
    }
}
