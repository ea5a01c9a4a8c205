import Foundation
import XCTest

/// A `.gitleaks.toml` adds to Shortwall's built-in patterns instead of replacing them (issue 10, item 14).
final class GitleaksConfigTests: XCTestCase {
    private let zetaToken = "zeta_" + "k3j9x2m7q8w1v5z0p4r6t2y8"
    private let zetaRule = "[[rules]]\nid = \"zeta-token\"\nregex = '''\\b(zeta_[a-z0-9]{24})\\b'''\nkeywords = [\"zeta_\"]\n"

    private func repository(staging files: [String: String]) throws -> Sandbox {
        let repo = try Sandbox()
        for (name, text) in files { try repo.write(name, text) }
        try repo.git("add", "-A")
        return repo
    }

    private func rules(_ result: Sandbox.Result) throws -> [String] {
        try Sandbox.findings(result.stdout).compactMap { $0["rule"] as? String }.sorted()
    }

    private func assertRules(_ result: Sandbox.Result, _ expected: [String], configFiles: [String], line: UInt = #line) {
        XCTAssertEqual(try rules(result), expected, line: line)
        XCTAssertEqual(try Sandbox.summary(result.stdout)["configFiles"] as? [String], configFiles, line: line)
    }

    func testAnEmptyGitleaksFileLeavesTheBuiltInPatternsOn() throws {
        // The issue: any .gitleaks.toml, even an empty one, let a staged GitHub token through with exit 0.
        let repo = try repository(staging: ["config.py": "KEY = \"\(Fake.githubToken)\"\n", ".gitleaks.toml": ""])
        let text = try repo.shortwall("staged")
        XCTAssertEqual(text.status, 1, text.stdout + text.stderr)
        XCTAssertTrue(text.stdout.contains("github-personal-access-token"), text.stdout)
        XCTAssertTrue(text.stdout.contains("Settings from .gitleaks.toml."), "the report says which configs were read: \(text.stdout)")
        let json = try repo.shortwall("staged", "--format", "json")
        XCTAssertEqual(try Sandbox.summary(json.stdout)["configFiles"] as? [String], [".gitleaks.toml"])
    }

    func testGitleaksRulesAddToTheBuiltInOnesWhateverUseDefaultSays() throws {
        for extend in ["", "[extend]\nuseDefault = false\n", "[extend]\nuseDefault = true\n"] {
            let repo = try repository(staging: [
                "config.py": "KEY = \"\(Fake.githubToken)\"\nZETA = \"\(zetaToken)\"\n", ".gitleaks.toml": extend + zetaRule,
            ])
            XCTAssertEqual(try rules(repo.shortwall("staged", "--format", "json")), ["github-personal-access-token", "zeta-token"], extend)
            // The same through --config, without a repository.
            XCTAssertEqual(try rules(repo.shortwall("scan", "--config", ".gitleaks.toml", "--format", "json", "config.py")),
                           ["github-personal-access-token", "zeta-token"], extend)
        }
    }

    func testDisabledRulesNameGitleaksIds() throws {
        let repo = try repository(staging: [
            "config.py": "KEY = \"\(Fake.githubToken)\"\nAWS = \"\(Fake.awsKeyID)\"\n",
            ".gitleaks.toml": "[extend]\nuseDefault = true\ndisabledRules = [\"github-pat\"]\n",
        ])
        XCTAssertEqual(try rules(repo.shortwall("staged", "--format", "json")), ["aws-access-key-id"], "github-pat is gitleaks' id for ghp_ tokens")
    }

    func testExtendPathReadsAnotherFileInsideTheRepositoryOnly() throws {
        let repo = try repository(staging: [
            "config.py": "ZETA = \"\(zetaToken)\"\n",
            "ci/base.toml": zetaRule,
            ".gitleaks.toml": "[extend]\npath = \"ci/base.toml\"\n",
        ])
        assertRules(try repo.shortwall("staged", "--format", "json"), ["zeta-token"], configFiles: [".gitleaks.toml", "ci/base.toml"])

        try repo.write(".gitleaks.toml", "[extend]\npath = \"../outside.toml\"\n")
        assertOneLineError(try repo.shortwall("staged"), contains: "[extend] path \"../outside.toml\" is outside the repository")
        try repo.write(".gitleaks.toml", "[extend]\npath = \"/etc/hostname\"\n")
        assertOneLineError(try repo.shortwall("staged"), contains: "is outside the repository")
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/link.toml", withDestinationPath: "/etc/hostname")
        try repo.write(".gitleaks.toml", "[extend]\npath = \"link.toml\"\n")
        assertOneLineError(try repo.shortwall("staged"), contains: "is outside the repository")
        try repo.write(".gitleaks.toml", "[extend]\npath = \"missing.toml\"\n")
        assertOneLineError(try repo.shortwall("staged"), contains: "[extend] path \"missing.toml\" does not exist")
        // A file that extends itself stops at the depth bound instead of looping.
        try repo.write(".gitleaks.toml", "[extend]\npath = \".gitleaks.toml\"\n")
        assertOneLineError(try repo.shortwall("staged"), contains: "goes more than two files deep")
    }

    func testOnlyShortwallsOwnConfigTurnsTheBuiltInPatternsOff() throws {
        let repo = try repository(staging: [
            "config.py": "KEY = \"\(Fake.githubToken)\"\nZETA = \"\(zetaToken)\"\n",
            ".gitleaks.toml": zetaRule,
            ".shortwall.toml": "builtin-patterns = false\n",
        ])
        assertRules(try repo.shortwall("staged", "--format", "json"), ["zeta-token"], configFiles: [".shortwall.toml", ".gitleaks.toml"])
        try repo.write(".shortwall.toml", "builtin-patterns = \"no\"\n")
        assertOneLineError(try repo.shortwall("staged"), contains: "builtin-patterns must be true or false")
    }
}
