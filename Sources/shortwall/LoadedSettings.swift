import Findings
import Foundation
import PythonRules
import Review
import Secrets

/// The configuration a job runs with: defaults, then `.shortwall.toml` (or --config), then flags.
struct LoadedSettings {
    var failOn: Severity = .medium
    var maxFileSize = 10 * 1024 * 1024
    var review = ReviewSettings()
    var baselinePath: String?
    var root: String?

    static func load(explicitConfig: String?, root: String?, options: ScanOptions?) throws -> LoadedSettings {
        var settings = LoadedSettings()
        settings.root = root
        if let options {
            if let failOn = options.failOn { settings.failOn = failOn }
            if let size = options.maxFileSize {
                guard let bytes = parseSize(size), bytes > 0 else { throw ConfigError("invalid --max-file-size: \(size)") }
                settings.maxFileSize = bytes
            }
            if let baseline = options.baseline { settings.baselinePath = baseline }
        }
        return settings
    }

    func makeReviewer(redact: Bool) throws -> Reviewer {
        Reviewer(secrets: SecretScanner(), python: PythonReviewer(), settings: review)
    }

    func loadBaseline() throws -> Baseline? { nil }
}

struct ConfigError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

struct Baseline {
    func filter(_ findings: [Finding]) -> ([Finding], Int) { (findings, 0) }
}
