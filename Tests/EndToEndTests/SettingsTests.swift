import Foundation
import XCTest

/// One settings model (issue 11): every source of settings reaches the detector it is for, from the
/// command line a user types.
final class SettingsTests: XCTestCase {
    private let sqlInjection = """
    from flask import Flask, request
    import sqlite3

    app = Flask(__name__)

    @app.route("/")
    def view():
        name = request.args["name"]
        sqlite3.connect("db").execute("SELECT * FROM users WHERE name = '" + name + "'")
    """

    private func severities(_ result: Sandbox.Result) throws -> [String: String] {
        var out: [String: String] = [:]
        for f in try Sandbox.findings(result.stdout) { out[f["rule"] as? String ?? ""] = f["severity"] as? String }
        return out
    }

    func testRuleSettingsReachEachDetector() throws {
        let repo = try Sandbox()
        try repo.write(".shortwall.toml", """
        [rules]
        disable = ["python.debug-enabled", "jwt"]
        [rules.severity]
        "python.sql-injection" = "low"
        "github-personal-access-token" = "low"
        """)
        try repo.write("app.py", sqlInjection + "\nTOKEN = \"\(Fake.githubToken)\"\napp.run(debug=True)\n")
        try repo.git("add", "app.py")
        try repo.write("empty.toml", "")
        XCTAssertTrue(try severities(repo.shortwall("staged", "--format", "json", "--config", "empty.toml")).keys.contains("python.debug-enabled"),
                      "without the config the disabled rule fires")
        let result = try repo.shortwall("staged", "--format", "json")
        XCTAssertEqual(result.status, 0, "both findings lowered below the default fail-on: \(result.stdout)")
        XCTAssertEqual(try severities(result), ["python.sql-injection": "low", "github-personal-access-token": "low"])
        XCTAssertEqual(try repo.shortwall("staged", "--fail-on", "low").status, 1, "--fail-on wins over the config")

        let rules = try repo.shortwall("rules", "--json")
        let listed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(rules.stdout.utf8)) as? [[String: Any]])
        let byID = Dictionary(uniqueKeysWithValues: listed.map { ($0["id"] as? String ?? "", $0["severity"] as? String ?? "") })
        XCTAssertNil(byID["python.debug-enabled"])
        XCTAssertNil(byID["jwt"])
        XCTAssertEqual(byID["python.sql-injection"], "low")
        XCTAssertEqual(byID["github-personal-access-token"], "low")
    }

    func testPyprojectToolShortwallHasTheSameKeys() throws {
        let repo = try Sandbox()
        try repo.write("pyproject.toml", """
        [project]
        name = "demo"
        released = 2024-01-02

        [tool.ruff]
        line-length = 100

        [tool.shortwall]
        fail-on = "critical"
        exclude = ["vendor/**"]
        [tool.shortwall.rules.severity]
        "python.sql-injection" = "low"
        """)
        try repo.write("app.py", sqlInjection + "\nTOKEN = \"\(Fake.githubToken)\"\n")
        try repo.write("vendor/lib.py", "TOKEN = \"\(Fake.githubToken)\"\n")
        try repo.git("add", "-A")
        let result = try repo.shortwall("staged", "--format", "json")
        XCTAssertEqual(result.status, 0, "fail-on critical from pyproject: \(result.stdout)")
        XCTAssertEqual(try severities(result), ["python.sql-injection": "low", "github-personal-access-token": "high"], "vendor/ excluded")
        XCTAssertEqual(try Sandbox.summary(result.stdout)["configFiles"] as? [String], ["pyproject.toml"])
        XCTAssertTrue(try repo.shortwall("staged").stdout.contains("Settings from pyproject.toml."))

        // A mistake in the section is an error that names the file, the line and the table.
        try repo.write("pyproject.toml", "[project]\nname = \"demo\"\n\n[tool.shortwall]\nexlcude = []\n")
        assertOneLineError(try repo.shortwall("staged"),
                           contains: "pyproject.toml:5: unknown key \"exlcude\" in [tool.shortwall]; did you mean \"exclude\"?")
        try repo.write("pyproject.toml", "[tool]\nshortwall = 3\n")
        assertOneLineError(try repo.shortwall("staged"), contains: "pyproject.toml:2: tool.shortwall must be a table")
        // A pyproject that never mentions Shortwall is not Shortwall's to check, even when broken.
        try repo.write("pyproject.toml", "[project\nname = ")
        let untouched = try repo.shortwall("staged", "--format", "json")
        XCTAssertEqual(untouched.status, 1, untouched.stderr)
        XCTAssertEqual(try Sandbox.summary(untouched.stdout)["configFiles"] as? [String], [])
        // Named with --config, the file must have the table.
        assertOneLineError(try repo.shortwall("staged", "--config", "pyproject.toml"), contains: "pyproject.toml: has no [tool.shortwall] table")
    }

    func testShortwallTomlWinsOverPyproject() throws {
        let repo = try Sandbox()
        try repo.write("pyproject.toml", "[tool.shortwall]\nfail-on = \"critical\"\n")
        try repo.write(".shortwall.toml", "fail-on = \"low\"\n")
        try repo.write("app.py", "TOKEN = \"\(Fake.githubToken)\"\n")
        try repo.git("add", "app.py")
        let result = try repo.shortwall("staged")
        XCTAssertEqual(result.status, 1, ".shortwall.toml's fail-on applies: \(result.stdout)")
        XCTAssertTrue(result.stdout.contains("Settings from .shortwall.toml."), result.stdout)
        XCTAssertEqual(result.stderr, "shortwall: warning: pyproject.toml: [tool.shortwall] is not read: .shortwall.toml takes precedence\n")
    }

    func testColorAndMaxFileSizeAreParsedAsTypes() throws {
        let repo = try Sandbox()
        try repo.write("app.py", "TOKEN = \"\(Fake.githubToken)\"\n" + String(repeating: "# padding\n", count: 200))
        try repo.git("add", "app.py")
        assertOneLineError(try repo.shortwall("staged", "--color", "sometimes"), contains: "'auto', 'always' or 'never'")
        assertOneLineError(try repo.shortwall("staged", "--max-file-size", "10 megs"), contains: "--max-file-size")
        XCTAssertTrue(try repo.shortwall("staged", "--color", "always").stdout.contains("\u{1B}["), "always colors even into a pipe")
        XCTAssertFalse(try repo.shortwall("staged", "--color", "auto").stdout.contains("\u{1B}["), "auto: a pipe gets no colors")
        let small = try repo.shortwall("staged", "--max-file-size", "1KiB", "--format", "json")
        XCTAssertEqual(small.status, 0, "the file is over 1 KiB and skipped: \(small.stdout)")
        XCTAssertEqual(try repo.shortwall("staged", "--max-file-size", "1MiB").status, 1)
    }
}
