import Foundation
import XCTest

/// Messages put a pattern's description inside a sentence: names keep their capitals, ordinary words
/// do not start mid-sentence with one.
final class MessageTextTests: XCTestCase {
    func testBrandNamesKeepTheirCaseInMessagesAndFixes() throws {
        let repo = try Sandbox()
        try repo.write(".env", "GITHUB_TOKEN=\(Fake.githubToken)\n")
        try repo.write(".netrc", "machine example.com login ada password Vq8-rT2mZ\n")
        try repo.git("add", "-A")
        let findings = try Sandbox.findings(try repo.shortwall("staged", "--format", "json").stdout)
        let github = try XCTUnwrap(findings.first { $0["rule"] as? String == "github-personal-access-token" }, "\(findings)")
        XCTAssertEqual(github["message"] as? String, "Hardcoded GitHub personal access token (classic) (ghp_…(40 chars)).")
        XCTAssertTrue((github["fix"] as? String)?.hasPrefix("Revoke and rotate this GitHub personal access token (classic),") == true, "\(github)")
        let netrc = try XCTUnwrap(findings.first { $0["file"] as? String == ".netrc" }, "\(findings)")
        XCTAssertTrue((netrc["message"] as? String)?.hasPrefix("Hardcoded password in a .netrc") == true, "\(netrc)")

        // The rule descriptions `shortwall rules --json` prints read the same way, for every pattern:
        // a capital inside the first word (GitHub, OpenAI) or an acronym (AWS) is never lowered.
        let rules = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try repo.shortwall("rules", "--json").stdout.utf8)) as? [[String: Any]])
        for rule in rules where rule["kind"] as? String == "secret" {
            let title = try XCTUnwrap(rule["title"] as? String)
            let description = try XCTUnwrap(rule["description"] as? String)
            let word = title.prefix { $0 != " " }
            if word.dropFirst().contains(where: \.isUppercase) || word.allSatisfy({ !$0.isLowercase }) {
                XCTAssertTrue(description.hasPrefix("Hardcoded " + word), "\(rule["id"] ?? ""): \(description)")
            }
        }
        let linear = try XCTUnwrap(rules.first { ($0["title"] as? String)?.hasPrefix("Linear ") == true })
        XCTAssertTrue((linear["description"] as? String)?.hasPrefix("Hardcoded Linear ") == true, "\(linear)")
    }
}
