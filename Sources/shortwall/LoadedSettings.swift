import Findings
import Foundation
import Git
import PythonRules
import Review
import Secrets

/// The configuration a job runs with: defaults, then `.shortwall.toml` / `.gitleaks.toml` (or --config), then flags.
struct LoadedSettings {
    var config = Config()
    var secrets = SecretConfiguration()
    var root: String?
    /// The baseline was named with --baseline (a missing file is then an error, not a warning).
    var baselineFromFlag = false
    /// The configuration files read, as the report names them.
    var files: [String] = []
    var failOn: Severity { config.failOn }
    var maxFileSize: Int { config.maxFileSize }

    static func load(explicitConfig: String?, root: String?, options: ScanOptions?) throws -> LoadedSettings {
        var settings = LoadedSettings()
        settings.root = root.map { ($0 as NSString).standardizingPath }
        let fm = FileManager.default
        let rootFile = { (name: String) in settings.root.map { ($0 as NSString).appendingPathComponent(name) } }

        // A gitleaks file is read as such: named explicitly, or found at the repository root.
        var gitleaksFiles: [String] = []
        var configFile: String?
        if let explicit = explicitConfig {
            guard fm.fileExists(atPath: explicit) else { throw ConfigError(path: explicit, problems: [.init(line: nil, message: "no such file")]) }
            if (explicit as NSString).lastPathComponent.contains("gitleaks") { gitleaksFiles.append(explicit) } else { configFile = explicit }
        } else {
            if let path = rootFile(Config.defaultFileName), fm.fileExists(atPath: path) { configFile = path }
            if let path = rootFile(".gitleaks.toml"), fm.fileExists(atPath: path) { gitleaksFiles.append(path) }
        }
        let shown = { (path: String) in explicitConfig ?? settings.root.map { path.dropPrefix($0 + "/") } ?? path }
        if let configFile {
            settings.config = try Config.load(path: configFile, knownRules: try knownRuleIDs())
            settings.files.append(shown(configFile))
        }
        settings.secrets.useEmbedded = settings.config.builtinPatterns
        for file in gitleaksFiles {
            settings.files.append(shown(file))
            try settings.addGitleaks(file, base: settings.root ?? fm.currentDirectoryPath, depth: 0)
        }
        if let patterns = settings.config.patternsTOML {
            do { try settings.secrets.addPatterns(toml: patterns, origin: configFile ?? "config") } catch { throw oneLine(configFile ?? "config", error) }
        }
        let pythonIDs = Set(PythonReviewer().rules.map(\.id))
        settings.secrets.disabled = settings.config.disabledRules.subtracting(pythonIDs)
        settings.secrets.severity = settings.config.severityOverrides.filter { !pythonIDs.contains($0.key) }
        let allow = settings.config.allowlist
        if !allow.regexes.isEmpty || !allow.stopwords.isEmpty {
            settings.secrets.allowlists.append(Secrets.Allowlist(description: "config allowlist", regexes: allow.regexes, stopwords: allow.stopwords))
        }

        if let options {
            if let failOn = options.failOn { settings.config.failOn = failOn }
            if let size = options.maxFileSize {
                guard let bytes = Config.parseSize(size), bytes > 0 else {
                    throw ConfigError(path: "--max-file-size", problems: [.init(line: nil, message: "invalid size \(size) (e.g. 10MiB)")])
                }
                settings.config.maxFileSize = bytes
            }
            if let baseline = options.baseline { settings.config.baseline = baseline; settings.baselineFromFlag = true }
            settings.secrets.redact = !options.noRedact
        }
        return settings
    }

    func makeReviewer(redact: Bool) throws -> Reviewer {
        var secrets = self.secrets
        secrets.redact = redact
        let (scanner, warnings) = try SecretScanner.build(secrets)
        for warning in warnings { warn(warning) }
        return Reviewer(secrets: scanner, python: PythonReviewer(disabled: config.disabledRules), settings: config)
    }

    /// Where the baseline lives: as configured or given (relative to the repository root), else the default name.
    var baselinePath: String? {
        let name = config.baseline ?? Baseline.defaultFileName
        if name.hasPrefix("/") { return name }
        guard let root else { return config.baseline }
        return (root as NSString).appendingPathComponent(name)
    }

    /// The baseline to apply. One named with --baseline must exist; one named in the config may not exist
    /// yet (a warning says how to create it); the default one is optional.
    func loadBaseline() throws -> Baseline? {
        guard let path = baselinePath else { return nil }
        if !baselineFromFlag && !FileManager.default.fileExists(atPath: path) {
            if config.baseline != nil {
                warn("baseline \(path) does not exist yet; `shortwall baseline` writes it")
            }
            return nil
        }
        return try Baseline.load(path: path)
    }

    /// gitleaks lets a file build on another (`[extend] path`), as its own tool does, at most two deep. The
    /// path is relative to the repository (the current folder for `scan`) and must stay inside it: a
    /// committed config must not make Shortwall read files elsewhere on the machine.
    private mutating func addGitleaks(_ file: String, base: String, depth: Int) throws {
        let loaded: PatternLoadResult
        do { loaded = try SecretScanner.loadGitleaks(toml: try LoadedSettings.readText(file), origin: file) } catch let error as ConfigError {
            throw error
        } catch { throw LoadedSettings.oneLine(file, error) }
        if let extend = loaded.extendPath {
            let problem = { (message: String) in ConfigError(path: file, problems: [.init(line: nil, message: "[extend] path \"\(extend)\" \(message)")]) }
            guard depth < 2 else { throw problem("goes more than two files deep") }
            let root = URL(fileURLWithPath: base).resolvingSymlinksInPath().path
            let target = URL(fileURLWithPath: (base as NSString).appendingPathComponent(extend)).resolvingSymlinksInPath().path
            guard !extend.hasPrefix("/"), target.hasPrefix(root + "/") else { throw problem("is outside the repository") }
            guard FileManager.default.fileExists(atPath: target) else { throw problem("does not exist") }
            files.append(extend)
            try addGitleaks(target, base: base, depth: depth + 1)
        }
        secrets.addGitleaks(loaded)
    }

    private static func knownRuleIDs() throws -> Set<String> {
        Set(try SecretScanner.embeddedPatterns().patterns.map(\.id)).union(PythonReviewer().rules.map(\.id))
    }

    private static func readText(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(path: path, problems: [.init(line: nil, message: "cannot read as UTF-8 text")])
        }
        return text
    }

    private static func oneLine(_ path: String, _ error: Error) -> Error {
        let text = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
        return ConfigError(path: path, problems: [.init(line: nil, message: text)])
    }
}

extension String {
    func dropPrefix(_ prefix: String) -> String { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self }
}
