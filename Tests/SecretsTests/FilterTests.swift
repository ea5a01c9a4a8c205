import Findings
import Foundation
@testable import Secrets
import XCTest

/// Every false-positive filter, each with text that a loose pattern reports when the filters are off and
/// that the filters drop, plus a real-looking secret in the same shape that still gets through.
final class FilterTests: XCTestCase {
    /// A deliberately loose pattern (generic, so every filter applies): any value assigned to a credential-ish name, or any long quoted token.
    private func loose(placeholders: Bool) throws -> SecretScanner {
        let assignment = SecretPattern(
            id: "generic-loose-assignment", description: "Credential",
            regex: #"(?i)\b(?:password|token|secret|api_key|checksum|revision|request_id)\w*\s*[:=]+\s*["']?([^"'\s,;]+)"#,
            keywords: ["password", "token", "secret", "api_key", "checksum", "revision", "request_id"],
            placeholders: placeholders)
        let quoted = SecretPattern(
            id: "generic-loose-quoted", description: "Quoted token", regex: #"["']([A-Za-z0-9+/_-]{32,}={0,2})["']"#,
            keywords: ["\""], placeholders: placeholders)
        return try SecretScanner(patterns: [assignment, quoted])
    }

    private func assertFiltered(_ text: String, path: String = "app/config.py", file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertFalse(Fixtures.scan(try loose(placeholders: false), text, path: path).isEmpty,
                       "without filters the loose pattern must report: \(text)", file: file, line: line)
        XCTAssertEqual(Fixtures.scan(try loose(placeholders: true), text, path: path).map { $0.secret ?? "" }, [],
                       "the filters must drop: \(text)", file: file, line: line)
    }

    private func assertReported(_ text: String, path: String = "app/config.py", file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertFalse(Fixtures.scan(try loose(placeholders: true), text, path: path).isEmpty,
                       "a real-looking secret must survive the filters: \(text)", file: file, line: line)
    }

    func testRealSecretsSurvive() throws {
        try assertReported(#"password = "r7Gk!2pQz#9Lw""#)
        // A weak real password is still a leaked password (Patterns/generic.toml says so too).
        try assertReported(#"password = "hunter2""#)
        try assertReported(#"API_TOKEN = "sk_test_8fK2mQ9vL4xR7tB1nW6yZ3cP""#)
    }

    func testEnvironmentLookups() throws {
        try assertFiltered(#"token = os.environ["API_TOKEN"]"#)
        try assertFiltered(#"password = os.getenv("DB_PASSWORD")"#)
        try assertFiltered("const token = process.env.GITHUB_TOKEN;")
        try assertFiltered("password: ${DB_PASSWORD}")
        try assertFiltered("export PASSWORD=$DB_PASSWORD")
        // A hardcoded fallback is a real secret even inside a lookup.
        try assertReported(#"token = os.environ.get("API_TOKEN", "q8V3hn0ZxKtY7c2mP9aR4sLwE1uJ6bGfN5dT")"#)
    }

    func testTemplateVariables() throws {
        try assertFiltered(#"password = "{{ db_password }}""#)
        try assertFiltered(#"password = "%(db_password)s""#)
        try assertFiltered("token = <your-token>")
        try assertFiltered(#"secret = "{secret_value}""#)
    }

    func testRepeatedAndSequentialCharacters() throws {
        try assertFiltered(#"token = "xxxxxxxxxxxxxxxx""#)
        try assertFiltered(#"password = "12345678""#)
        try assertFiltered(#"secret = "abcdefgh""#)
        try assertFiltered(#"password = "ababababab""#)
        XCTAssertNil(Filters.repeatedOrSequential(ArraySlice("r7Gk!2pQz#9Lw".utf8)))
    }

    func testPlaceholderWords() throws {
        try assertFiltered(#"api_key = "EXAMPLE_KEY_8fK2mQ9v""#)
        try assertFiltered(#"password = "changeme""#)
        try assertFiltered(#"token = "your_token_here""#)
        try assertFiltered(#"secret = "test-secret-123""#)
        try assertFiltered(#"password = "dummy-password""#)
        try assertFiltered(#"token = "REDACTED""#)
        try assertFiltered(#"password = "placeholder""#)
    }

    func testNamesMadeOfWords() throws {
        try assertFiltered(#"if token.token_type == 'bare-quoted-string':"#)
        try assertFiltered(#"auth_header = "Proxy-Authorization""#.replacingOccurrences(of: "auth_header", with: "token_header"))
        try assertFiltered(#"secret = "getAuthTokenFromHeader""#)
        XCTAssertNil(Filters.nameLike(ArraySlice("kQzLmWxPvRtYbN".utf8)), "random mixed case is not a name")
        XCTAssertNil(Filters.nameLike(ArraySlice("r7Gk2pQz9Lw".utf8)))
    }

    func testDocumentedExampleKeysAreAlwaysFiltered() {
        // Filtered even by a pattern that turns the placeholder filters off.
        let aws = Fixtures.scanner()
        XCTAssertEqual(Fixtures.scan(aws, "key = AKIAIOSFODNN7EXAMPLE").count, 0)
        XCTAssertEqual(Fixtures.scan(aws, "key = AKIA2E3MXQ7RVB4KZW5N").count, 1)
        XCTAssertNotNil(Filters.documentedExample(ArraySlice("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".utf8)))
        XCTAssertNil(Filters.documentedExample(ArraySlice("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ4m8Lw2pV".utf8)))
    }

    func testHashesInLockFiles() throws {
        let line = #"checksum = "q8V3hn0ZxKtY7c2mP9aR4sLwE1uJ6bGfN5dT0yXkC3vH8oQ2iZ""#
        try assertFiltered(line, path: "Cargo.lock")
        try assertReported(line, path: "config/settings.toml")
    }

    func testSubresourceIntegrity() throws {
        try assertFiltered(#"<script src="https://cdn.example.org/lib.js" integrity="sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC"></script>"#, path: "templates/base.html")
        try assertReported(#"SIGNING = "oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC""#)
    }

    func testCommitIDsAndUUIDsWithoutCredentialContext() throws {
        try assertFiltered(#"revision = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3""#)
        try assertFiltered(#"request_id = "f47ac10b-58cc-4372-a567-0e02b2c3d479""#)
        try assertReported(#"api_token = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3""#)
        try assertReported(#"client_secret = "f47ac10b-58cc-4372-a567-0e02b2c3d479""#)
    }

    func testProviderPatternsKeepHexAndUUIDKeysNextToTheirName() throws {
        // A provider's regex already demands its name beside the value, so the identifier filter,
        // which is there for generic patterns, must not drop these real key shapes.
        let scanner = try SecretScanner.default()
        for (text, rule) in [(#"DEEPGRAM_KEY = "3f9a1c7e5b2d8f4a6c0e9b1d3f5a7c9e2b4d6f8a""#, "deepgram-api-key"),
                             ("wandb_key: 8c2e4a6f0b1d3c5e7a9f2b4d6c8e0a1f3b5d7c9e", "wandb-api-key"),
                             ("SNYK_KEY=0d8a4c2e-6b1f-4e3a-9c5d-7f2b8e1a3c6d", "snyk-api-token")] {
            XCTAssertEqual(Fixtures.scan(scanner, text).map(\.rule), [rule], text)
        }
        // (Generic patterns still drop bare commit ids and UUIDs: testCommitIDsAndUUIDsWithoutCredentialContext.)
    }

    func testEntropyIsPerCharacterAndAlphabetAware() {
        XCTAssertEqual(Entropy.shannon("aaaa"), 0)
        XCTAssertEqual(Entropy.shannon("abcd"), 2, accuracy: 1e-9)
        // Two-byte characters: per byte this would be 1 bit, per character it is 0.
        XCTAssertEqual(Entropy.shannon("éééé"), 0)
        XCTAssertEqual(Entropy.alphabet(of: Array("deadbeef0123".utf8)), .hex)
        XCTAssertEqual(Entropy.alphabet(of: Array("Zm9vYmFy+/==".utf8)), .base64)
        XCTAssertEqual(Entropy.alphabet(of: Array("p@ss w0rd!".utf8)), .mixed)
        // A random 32-hex key has about 3.5–3.9 bits per character: it passes a 4.5 base64 threshold
        // because hex is held to two thirds of it, while base64 text of the same entropy does not.
        let hex = Array("9f86d081884c7d659a2feaa0c55ad015".utf8)
        XCTAssertTrue(Entropy.passes(hex, minimum: 4.5))
        let lowBase64 = Array("aBcDaBcDaBcDaBcDaBcDaBcDaBcDaBcD".utf8)
        XCTAssertFalse(Entropy.passes(lowBase64, minimum: 4.5))
        XCTAssertEqual(Entropy.threshold(4.5, for: .hex), 3.0, accuracy: 1e-9)
    }

    func testEntropyGateInAPattern() {
        let s = Fixtures.scanner()
        XCTAssertEqual(Fixtures.scan(s, #"secret_key = "abcabcabcabc""#).count, 0, "1.58 bits is below 3.0")
        XCTAssertEqual(Fixtures.scan(s, #"secret_key = "k9Qz2Lm7Xw4Rt8""#).count, 1)
    }
}
