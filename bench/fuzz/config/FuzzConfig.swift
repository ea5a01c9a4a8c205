import FuzzDriver
import Review
import Secrets

// libFuzzer calls `fuzzOne` with every input it tries. Each reader of user TOML gets the same bytes: the
// Shortwall settings reader (as `.shortwall.toml` and as pyproject's `[tool.shortwall]`), the `[[pattern]]`
// file loader and the gitleaks loader, all behind TOMLGuard.
// A thrown error is the expected outcome for most inputs; a crash, a hang or a leak is a finding.

private let knownRules: Set<String> = ["github-personal-access-token", "jwt", "python.sql-injection", "python.debug-enabled"]

private func fuzzOne(_ bytes: UnsafeBufferPointer<UInt8>) {
    let text = String(decoding: bytes, as: UTF8.self)
    _ = try? SettingsFile.parse(text, path: "fuzz.toml", knownRules: knownRules, validateRegex: SecretScanner.regexProblem)
    _ = try? SettingsFile.parsePyproject(text, path: "pyproject.toml", knownRules: knownRules)
    _ = try? SecretScanner.loadPatterns(toml: text, origin: "fuzz-patterns.toml")
    _ = try? SecretScanner.loadGitleaks(toml: text, origin: "fuzz.gitleaks.toml")
}

@main
enum FuzzConfig {
    static func main() { runLibFuzzer(fuzzOne) }
}
