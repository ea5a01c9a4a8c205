import Dependencies
import Findings
import Foundation
import PythonRules
import Secrets

// Reading the configuration files into one `Settings`.

extension Settings {
    /// Defaults, then the config files, then the command line.
    ///
    /// With `--config FILE`, that file alone: a gitleaks file when its name says so, the `[tool.shortwall]`
    /// table of a `pyproject.toml`, else a Shortwall file. Otherwise, at the repository root:
    /// `.shortwall.toml`, or when there is none the `[tool.shortwall]` table of `pyproject.toml`; and
    /// `.gitleaks.toml`. `.gitleaksignore` at the root is read either way.
    public static func load(root: String?, commandLine: CommandLineSettings = .init()) throws -> Settings {
        var settings = Settings()
        settings.root = root.map { ($0 as NSString).standardizingPath }
        var loader = Loader(root: settings.root)
        var file: SettingsFile?
        var gitleaks: [String] = []
        if let explicit = commandLine.config {
            guard FileManager.default.fileExists(atPath: explicit) else {
                throw ConfigError(path: explicit, problems: [.init(line: nil, message: "no such file")])
            }
            let name = (explicit as NSString).lastPathComponent
            if name.contains("gitleaks") {
                gitleaks.append(explicit)
            } else if name == SettingsFile.pyprojectFileName {
                file = try loader.pyproject(explicit)
                if file == nil { throw ConfigError(path: explicit, problems: [.init(line: nil, message: "has no [tool.shortwall] table")]) }
            } else {
                file = try loader.shortwall(explicit)
            }
        } else {
            if let path = loader.atRoot(SettingsFile.defaultFileName) {
                file = try loader.shortwall(path)
                if let other = loader.atRoot(SettingsFile.pyprojectFileName), (try? SettingsFile.readText(other))?.contains("[tool.shortwall") == true {
                    settings.warnings.append("\(SettingsFile.pyprojectFileName): [tool.shortwall] is not read: \(SettingsFile.defaultFileName) takes precedence")
                }
            } else if let path = loader.atRoot(SettingsFile.pyprojectFileName) {
                file = try loader.pyproject(path)
            }
            if let path = loader.atRoot(".gitleaks.toml") { gitleaks.append(path) }
        }
        if let file { settings.apply(file) }
        for path in gitleaks { try loader.addGitleaks(path, to: &settings.secrets) }
        // After the gitleaks rules, so that a `[[pattern]]` of Shortwall's own config wins an id they share.
        if let file {
            var patterns = PatternLoadResult()
            (patterns.patterns, patterns.warnings) = (file.patterns, file.patternWarnings)
            settings.secrets.addPatterns(patterns)
        }
        if let path = loader.atRoot(GitleaksIgnore.fileName) {
            settings.ignored = GitleaksIgnore(text: try SettingsFile.readText(path), origin: GitleaksIgnore.fileName)
            settings.warnings += settings.ignored.warnings
            loader.files.append(GitleaksIgnore.fileName)
        }
        settings.files = loader.files

        if let failOn = commandLine.failOn { settings.failOn = failOn }
        if let confidence = commandLine.failOnConfidence { settings.failOnConfidence = confidence }
        if let confidence = commandLine.minConfidence {
            settings.minConfidence = confidence
        } else if file?.minConfidence == nil {
            // Asking to fail on low-confidence findings asks to see them: they could not fail the run unreported.
            settings.minConfidence = min(.medium, settings.failOnConfidence)
        }
        if let size = commandLine.maxFileSize { settings.maxFileSize = size }
        if let n = commandLine.maxFindingsPerFile { settings.findingCaps.perFile = n }
        if let n = commandLine.maxFindingsPerRule { settings.findingCaps.perRule = n }
        if let baseline = commandLine.baseline { settings.baseline = baseline; settings.baselineFromCommandLine = true }
        settings.secrets.redact = commandLine.redact
        if !commandLine.only.isEmpty { settings.detectors = Set(commandLine.only) }
        if let advisories = commandLine.advisories { (settings.dependencies.advisories, settings.dependencies.origin) = (advisories, "--advisories") }
        return settings
    }

    /// A Shortwall settings file's values, each to the part of the settings that uses it. A rule id goes to
    /// the detector that has the rule: Python rules answer to their names, every other id is a pattern's.
    mutating func apply(_ file: SettingsFile) {
        failOn = file.failOn
        failOnConfidence = file.failOnConfidence
        if let c = file.minConfidence { minConfidence = c }
        baseline = file.baseline
        maxFileSize = file.maxFileSize
        findingCaps = FindingCaps(perFile: file.maxFindingsPerFile ?? FindingCaps.defaults.perFile,
                                  perRule: file.maxFindingsPerRule ?? FindingCaps.defaults.perRule)
        paths = PathRules(exclude: file.exclude, allowed: file.allowedPaths, reviewsVendoredPython: file.reviewVendoredPython)
        python = PythonRuleSettings(disabled: file.disabledRules, severity: file.severityOverrides)
        dependencies = DependencySettings(advisories: advisoriesPath(file), origin: file.path ?? SettingsFile.defaultFileName,
                                          disabled: file.disabledRules, severity: file.severityOverrides)
        let isSecret = { (id: String) in PythonRuleSettings.ruleID(named: id) == nil && !DependencySettings.isRule(id) }
        secrets.useEmbedded = file.builtinPatterns
        secrets.disabled = file.disabledRules.filter(isSecret)
        secrets.severity = file.severityOverrides.filter { isSecret($0.key) }
        if !file.secretAllowlist.isEmpty { secrets.allowlists.append(file.secretAllowlist) }
    }
}

extension Settings {
    /// The config's `advisories`, relative to the repository root like the baseline (to the config's own
    /// folder when there is no root, as for `scan`).
    func advisoriesPath(_ file: SettingsFile) -> String? {
        guard let configured = file.advisories else { return nil }
        if configured.hasPrefix("/") { return configured }
        guard let base = root ?? file.path.map({ ($0 as NSString).deletingLastPathComponent }) else { return configured }
        return (base as NSString).appendingPathComponent(configured)
    }
}

/// Finds and reads the files, remembering which it read.
private struct Loader {
    let root: String?
    var files: [String] = []

    /// A file at the repository root, when there is one.
    func atRoot(_ name: String) -> String? {
        guard let root else { return nil }
        let path = (root as NSString).appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// How the report names a file: relative to the repository root, or as given.
    func shown(_ path: String) -> String {
        guard let root, path.hasPrefix(root + "/") else { return path }
        return String(path.dropFirst(root.count + 1))
    }

    /// Every id a config may name: a typo in `[rules]` is an error, not a rule silently left on.
    static let knownRules: Result<Set<String>, Error> = Result {
        Set(try SecretScanner.embeddedPatterns().patterns.map(\.id)).union(PythonReviewer().rules.map(\.id))
            .union(DependencyReviewer.rules.map(\.id))
    }

    mutating func shortwall(_ path: String) throws -> SettingsFile {
        let file = try SettingsFile.load(path: path, knownRules: try Loader.knownRules.get(), validateRegex: SecretScanner.regexProblem)
        files.append(shown(path))
        return file
    }

    mutating func pyproject(_ path: String) throws -> SettingsFile? {
        let file = try SettingsFile.parsePyproject(try SettingsFile.readText(path), path: path, knownRules: try Loader.knownRules.get(),
                                                   validateRegex: SecretScanner.regexProblem)
        if file != nil { files.append(shown(path)) }
        return file
    }

    /// gitleaks lets a file build on another (`[extend] path`), as its own tool does, at most two deep. The
    /// path is relative to the repository (the current folder for `scan`) and must stay inside it: a
    /// committed config must not make Shortwall read files elsewhere on the machine.
    mutating func addGitleaks(_ path: String, to secrets: inout SecretSettings, shownAs name: String? = nil, depth: Int = 0) throws {
        let loaded: PatternLoadResult
        do {
            loaded = try SecretScanner.loadGitleaks(toml: try SettingsFile.readText(path), origin: path)
        } catch SecretScannerError.invalidPatternFile(let origin, let reason) {
            throw ConfigError(path: origin, problems: [.init(line: nil, message: reason)])
        }
        files.append(name ?? shown(path))
        if let extend = loaded.extendPath {
            let problem = { (message: String) in ConfigError(path: path, problems: [.init(line: nil, message: "[extend] path \"\(extend)\" \(message)")]) }
            guard depth < 2 else { throw problem("goes more than two files deep") }
            let base = root ?? FileManager.default.currentDirectoryPath
            let inside = URL(fileURLWithPath: base).resolvingSymlinksInPath().path
            let target = URL(fileURLWithPath: (base as NSString).appendingPathComponent(extend)).resolvingSymlinksInPath().path
            guard !extend.hasPrefix("/"), target.hasPrefix(inside + "/") else { throw problem("is outside the repository") }
            guard FileManager.default.fileExists(atPath: target) else { throw problem("does not exist") }
            try addGitleaks(target, to: &secrets, shownAs: extend, depth: depth + 1)
        }
        // The file extended comes first, so this one's rules win an id they share.
        secrets.addGitleaks(loaded)
    }
}
