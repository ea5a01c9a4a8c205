import Foundation
import XCTest

/// Configs written to break Shortwall (issue 10): each must end in one line on stderr and exit 2, quickly,
/// through every way a config reaches the parser (`.shortwall.toml`, `.gitleaks.toml`, `--config`).
final class HostileConfigTests: XCTestCase {
    /// The same text as `.shortwall.toml`, as `.gitleaks.toml`, and given to `scan --config`.
    private func assertRefusedEverywhere(_ text: String, contains message: String, line: UInt = #line) throws {
        let repo = try Sandbox()
        try repo.write("app.py", "x = 1\n")
        try repo.write(".shortwall.toml", text)
        assertOneLineError(try repo.shortwall("staged"), contains: message, line: line)
        try FileManager.default.removeItem(atPath: repo.path + "/.shortwall.toml")
        try repo.write(".gitleaks.toml", text)
        assertOneLineError(try repo.shortwall("staged"), contains: message, line: line)
        try repo.write("hostile.toml", text)
        assertOneLineError(try repo.shortwall("scan", "--config", "hostile.toml", "app.py"), contains: message, line: line)
        assertOneLineError(try repo.shortwall("scan", "--config", ".gitleaks.toml", "app.py"), contains: message, line: line)
    }

    func testNULInAKeyOrValueIsAnErrorNotACrash() throws {
        // The issue's input: `printf '[rules.severity]\n"jwt\\u0000x" = "low"\n' > .shortwall.toml`.
        try assertRefusedEverywhere("[rules.severity]\n\"jwt\\u0000x\" = \"low\"\n", contains: "\\u0000 escape (NUL) is not allowed")
        try assertRefusedEverywhere("exclude = [\"a\\U00000000b\"]\n", contains: "\\u0000 escape (NUL) is not allowed")
        try assertRefusedEverywhere("[[rules]]\nid = \"x\"\nregex = \"\"\"a\\u0000\"\"\"\n", contains: "\\u0000 escape (NUL) is not allowed")
        try assertRefusedEverywhere("title = \"a\u{0}b\"\n", contains: "contains a NUL character")
        // An escaped backslash before u0000 is text, not a NUL.
        let repo = try Sandbox()
        try repo.write(".shortwall.toml", "[allowlist]\nstopwords = [\"\\\\u0000\"]\n")
        XCTAssertEqual(try repo.shortwall("staged").status, 0)
    }

    func testDeepKeysAndValuesAreErrorsNotStackOverflows() throws {
        // The issue's input: python3 -c "print('['+'.'.join(['a']*200000)+']')" > .shortwall.toml
        let parts = Array(repeating: "a", count: 200_000).joined(separator: ".")
        try assertRefusedEverywhere("[\(parts)]\n", contains: "table name nests more than 64 levels deep")
        try assertRefusedEverywhere("[[\(parts)]]\n", contains: "table name nests more than 64 levels deep")
        try assertRefusedEverywhere("\(parts) = 1\n", contains: "key nests more than 64 levels deep")
        try assertRefusedEverywhere("x = { \(parts) = 1 }\n", contains: "key nests more than 64 levels deep")
        let inline = String(repeating: "{ a = ", count: 100_000) + "1" + String(repeating: " }", count: 100_000)
        try assertRefusedEverywhere("x = \(inline)\n", contains: "value nests more than 64 levels deep")
        let mixed = String(repeating: "[{ a.b.c = ", count: 30) + "1" + String(repeating: " }]", count: 30)
        try assertRefusedEverywhere("x = \(mixed)\n", contains: "nests more than 64 levels deep")
        // Depth adds up across the header, the key and the value.
        let half = Array(repeating: "a", count: 40).joined(separator: ".")
        try assertRefusedEverywhere("[\(half)]\n\(half) = 1\n", contains: "key nests more than 64 levels deep")
        try assertRefusedEverywhere("\"\(String(repeating: "k", count: 5_000))\" = 1\n", contains: "key is longer than 1024 characters")
    }

    func testThousandsOfUnknownRuleIdsAreReportedWithACountInLinearTime() throws {
        let repo = try Sandbox()
        let ids = (0..<20_000).map { "\"no-such-rule-\($0)\"" }.joined(separator: ", ")
        try repo.write(".shortwall.toml", "[rules]\ndisable = [\(ids)]\n")
        var start = Date()
        assertOneLineError(try repo.shortwall("staged"), contains: "unknown rule \"no-such-rule-0\"")
        let oneLine = Date().timeIntervalSince(start)
        XCTAssertTrue(try repo.shortwall("staged").stderr.contains("(and 19999 more problems)"))

        let keys = (0..<50_000).map { "\"no-such-rule-\($0)\" = \"low\"" }.joined(separator: "\n")
        try repo.write(".shortwall.toml", "[rules.severity]\n\(keys)\n")
        start = Date()
        assertOneLineError(try repo.shortwall("staged"), contains: "(and 49999 more problems)")
        let manyKeys = Date().timeIntervalSince(start)
        // Before the fix these took over 120 s and 16 s; now about a second in a debug build.
        XCTAssertLessThan(oneLine, 20, "20,000 unknown ids on one line")
        XCTAssertLessThan(manyKeys, 20, "50,000 unknown severity keys")
    }

    func testControlCharactersOfConfigValuesAndPathsAreEscapedOnStderr() throws {
        let repo = try Sandbox()
        try repo.write(".shortwall.toml", "fail-on = \"\\u001b]0;PWNED\\u0007\"\n")
        let error = try repo.shortwall("staged")
        assertOneLineError(error, contains: "unknown severity \"\\u{1b}]0;PWNED\\u{7}\"")
        // Warnings quote pattern ids from the config.
        try repo.write(".shortwall.toml", "[[pattern]]\nid = \"evil\\u009b2J\"\nregex = \"(\"\n")
        let warning = try repo.shortwall("staged")
        XCTAssertEqual(warning.status, 0, warning.stderr)
        XCTAssertTrue(warning.stderr.contains("evil\\u{9b}2J"), warning.stderr)
        // A path from the command line.
        let missing = try repo.shortwall("staged", "--config", "a\u{1B}]8;;x\u{7}.toml")
        assertOneLineError(missing, contains: "a\\u{1b}]8;;x\\u{7}.toml")
        for result in [error, warning, missing] {
            XCTAssertFalse(result.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) },
                           result.stderr.debugDescription)
        }
    }
}
