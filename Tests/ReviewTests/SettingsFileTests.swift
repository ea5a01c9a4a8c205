import Findings
import Foundation
import Review
import TestFixtures
import XCTest

final class SettingsFileTests: XCTestCase {
    let file = ".shortwall.toml"

    /// The error text for a config that must be rejected.
    func failure(_ text: String, knownRules: Set<String>? = nil, validateRegex: ((String) -> String?)? = nil,
                 line: UInt = #line) -> String {
        do {
            _ = try SettingsFile.parse(text, path: file, knownRules: knownRules, validateRegex: validateRegex)
            XCTFail("config should be rejected:\n\(text)", line: line)
            return ""
        } catch {
            return "\(error)"
        }
    }

    func testValidFileGivesEverySetting() throws {
        let text = """
        # Shortwall settings
        fail-on = "high"
        baseline = ".shortwall-baseline.json"
        max-file-size = "2MiB"
        exclude = ["tests/fixtures/**", "**/*.min.js"]

        [rules]
        disable = ["python.debug-mode", "generic-password"]

        [rules.severity]
        "python.insecure-random" = "low"

        [allowlist]
        regexes = ['''^dummy''']
        stopwords = ["notasecret"]
        paths = ["docs/**"]

        [[pattern]]
        id = "acme-key"
        regex = '''acme_[a-z0-9]{32}'''
        keywords = ["acme_"]

        [[pattern]]
        id = "beta-key"
        regex = "beta_[0-9]{8}"
        """
        let config = try SettingsFile.parse(text, path: file)
        XCTAssertEqual(config.path, file)
        XCTAssertEqual(config.failOn, .high)
        XCTAssertEqual(config.baseline, ".shortwall-baseline.json")
        XCTAssertEqual(config.maxFileSize, 2 * 1024 * 1024)
        XCTAssertEqual(config.exclude, ["tests/fixtures/**", "**/*.min.js"])
        XCTAssertEqual(config.disabledRules, ["python.debug-mode", "generic-password"])
        XCTAssertEqual(config.severityOverrides, ["python.insecure-random": .low])
        XCTAssertEqual(config.secretAllowlist.regexes, ["^dummy"])
        XCTAssertEqual(config.secretAllowlist.stopwords, ["notasecret"])
        XCTAssertEqual(config.allowedPaths, ["docs/**"])
        XCTAssertEqual(config.patterns.map(\.id), ["acme-key", "beta-key"], "the [[pattern]] tables travel as values")
        XCTAssertEqual(config.patterns.first?.regex, "acme_[a-z0-9]{32}")
        XCTAssertEqual(config.patterns.first?.origin, file)

        let paths = PathRules(exclude: config.exclude, allowed: config.allowedPaths)
        XCTAssertTrue(paths.isExcluded("tests/fixtures/keys/id_rsa"))
        XCTAssertTrue(paths.isExcluded("web/static/app.min.js"))
        XCTAssertFalse(paths.isExcluded("app/main.py"))
    }

    func testDefaultsWhenEmpty() throws {
        let config = try SettingsFile.parse("", path: file)
        XCTAssertEqual(config.failOn, .medium, "the issue: exit 1 at or above --fail-on, default medium")
        XCTAssertEqual(config.maxFileSize, SettingsFile.defaultMaxFileSize)
        XCTAssertNil(config.baseline)
        XCTAssertTrue(config.patterns.isEmpty && config.builtinPatterns)
        XCTAssertTrue(config.exclude.isEmpty && config.disabledRules.isEmpty)
    }

    func testAllowlistedPathsDropFindingsOfEveryKind() throws {
        let config = try SettingsFile.parse("[allowlist]\npaths = [\"deploy\"]\n", path: file)
        let kept = PathRules(exclude: config.exclude, allowed: config.allowedPaths).apply(to: Fixtures.all)
        XCTAssertEqual(kept.map(\.rule), ["github-pat", "python.sql-injection", "custom.internal-host"])
    }

    func testUnknownSeverityNamesTheLine() {
        XCTAssertEqual(failure("# settings\n\nfail-on = \"hihg\"\n"),
                       ".shortwall.toml:3: unknown severity \"hihg\" (expected low, medium, high or critical)")
        XCTAssertEqual(failure("[rules.severity]\n\"python.debug-mode\" = \"low\"\n'python.eval' = \"severe\"\n"),
                       ".shortwall.toml:3: unknown severity \"severe\" (expected low, medium, high or critical)")
        XCTAssertEqual(failure("fail-on = 3\n"),
                       ".shortwall.toml:1: unknown severity 3 (expected low, medium, high or critical)")
    }

    func testWindowsLineEndingsKeepLineNumbers() {
        XCTAssertEqual(failure("# settings\r\n[rules.severity]\r\n\"python.eval\" = \"severe\"\r\n"),
                       ".shortwall.toml:3: unknown severity \"severe\" (expected low, medium, high or critical)")
        XCTAssertEqual(failure("a = 1\r\nb = 2\r\nc = \"\u{0}\"\r\n"), ".shortwall.toml:3: contains a NUL character")
    }

    func testUnknownKeysAreErrorsWithSuggestions() {
        XCTAssertEqual(failure("fail-on = \"high\"\nexlcude = [\"a\"]\n"),
                       ".shortwall.toml:2: unknown key \"exlcude\"; did you mean \"exclude\"?")
        XCTAssertEqual(failure("[rule]\ndisable = [\"x\"]\n"),
                       ".shortwall.toml:1: unknown key \"rule\"; did you mean \"rules\"?")
        XCTAssertEqual(failure("[rules]\ndisable = []\n\n[allowlist]\nstopword = [\"x\"]\n"),
                       ".shortwall.toml:5: unknown key \"stopword\" in [allowlist]; did you mean \"stopwords\"?")
        XCTAssertEqual(failure("\nallowlist = { colour = \"red\" }\n"),
                       ".shortwall.toml:2: unknown key \"colour\" in [allowlist] (expected \"regexes\", \"stopwords\", \"paths\")")
        XCTAssertEqual(failure("rules.enable = [\"x\"]\n"),
                       ".shortwall.toml:1: unknown key \"enable\" in [rules] (expected \"disable\", \"severity\")")
    }

    func testSyntaxErrorsCarryTheParserPosition() {
        let message = failure("fail-on = \"high\"\nexclude = [\"a\",\nbaseline = \n")
        XCTAssertTrue(message.hasPrefix(".shortwall.toml:3: invalid TOML at column "), message)
        let duplicate = failure("fail-on = \"high\"\nfail-on = \"low\"\n")
        XCTAssertTrue(duplicate.hasPrefix(".shortwall.toml:2: invalid TOML"), duplicate)
        XCTAssertTrue(duplicate.contains("fail-on"), duplicate)
        let nested = failure("x = " + String(repeating: "[", count: 10_000) + "\n")
        XCTAssertTrue(nested.hasPrefix(".shortwall.toml:1: invalid TOML"), nested)
        XCTAssertEqual(failure("a = 1\nb = \"x\u{0}y\"\n"), ".shortwall.toml:2: contains a NUL character")
    }

    func testWrongTypesAndEmptyValues() {
        XCTAssertEqual(failure("exclude = \"tests/**\"\n"),
                       ".shortwall.toml:1: exclude must be an array of strings, e.g. exclude = [\"...\"]")
        XCTAssertEqual(failure("exclude = [\n  \"a/**\",\n  \"\",\n]\n"), ".shortwall.toml:3: empty path pattern in exclude")
        XCTAssertEqual(failure("[allowlist]\nstopwords = [\"ok\", \"\"]\n"),
                       ".shortwall.toml:2: empty stopword would allow every secret")
        XCTAssertEqual(failure("baseline = \"\"\n"),
                       ".shortwall.toml:1: baseline must be a non-empty string (a path relative to the repository root)")
        XCTAssertEqual(failure("pattern = \"x\"\n"), ".shortwall.toml:1: pattern must be an array of tables ([[pattern]])")
        XCTAssertEqual(failure("rules = 1\n"), ".shortwall.toml:1: rules must be a table ([rules])")
    }

    func testAdvisoriesPath() throws {
        XCTAssertEqual(try SettingsFile.parse("advisories = \"../osv\"\n", path: ".shortwall.toml").advisories, "../osv")
        XCTAssertNil(try SettingsFile.parse("", path: ".shortwall.toml").advisories)
        XCTAssertEqual(failure("advisories = 3\n"),
                       ".shortwall.toml:1: advisories must be a non-empty string (a folder of OSV records or a zip of them)")
        XCTAssertEqual(failure("advisores = \"x\"\n"), ".shortwall.toml:1: unknown key \"advisores\"; did you mean \"advisories\"?")
    }

    func testFileSizes() throws {
        XCTAssertEqual(ByteSize("10MiB")?.bytes, 10_485_760)
        XCTAssertEqual(ByteSize("1.5 GB")?.bytes, 1_500_000_000)
        XCTAssertEqual(ByteSize("512kib")?.bytes, 524_288)
        XCTAssertEqual(ByteSize("4096")?.bytes, 4096)
        XCTAssertNil(ByteSize("10 megs"))
        XCTAssertNil(ByteSize("0"))
        XCTAssertNil(ByteSize("1e400"))
        XCTAssertEqual(try SettingsFile.parse("max-file-size = 4096\n", path: file).maxFileSize, 4096)
        XCTAssertEqual(failure("\nmax-file-size = \"10 megs\"\n"),
                       ".shortwall.toml:2: max-file-size \"10 megs\" is not a size (examples: 1048576, \"512KiB\", \"10MiB\", \"1GB\")")
        XCTAssertTrue(failure("max-file-size = -5\n").hasPrefix(".shortwall.toml:1: max-file-size -5 is not a size"))
    }

    func testUnknownRuleIdsPointAtTheElement() {
        let known: Set<String> = ["python.debug-mode", "python.sql-injection", "github-pat"]
        XCTAssertEqual(failure("[rules]\ndisable = [\n  \"github-pat\",\n  \"python.debug-mod\",\n]\n", knownRules: known),
                       ".shortwall.toml:4: unknown rule \"python.debug-mod\"; did you mean \"python.debug-mode\"?")
        XCTAssertEqual(failure("[rules.severity]\n\"totally-unknown\" = \"low\"\n", knownRules: known),
                       ".shortwall.toml:2: unknown rule \"totally-unknown\" (`shortwall rules` lists them)")
    }

    func testInvalidRegexIsReportedWithItsLine() {
        // Foundation's engine stands in for the secret engine: both reject an unbalanced group.
        let check: (String) -> String? = { pattern in
            (try? NSRegularExpression(pattern: pattern)) == nil ? "does not compile" : nil
        }
        let text = "[allowlist]\nregexes = [\n  '''^ok$''',\n  '''(unclosed''',\n]\n"
        XCTAssertEqual(failure(text, validateRegex: check), ".shortwall.toml:4: invalid regex \"(unclosed\": does not compile")
    }

    func testEveryProblemIsReportedInFileOrder() {
        let message = failure("""
        [allowlist]
        regexes = '''
        [rules.severity]
        a = "inside a multi-line string: not a key"
        '''
        [rules]
        disable = "x"
        [rules.severity]
        a = "bad"
        """)
        XCTAssertEqual(message, """
        .shortwall.toml:2: allowlist.regexes must be an array of strings, e.g. allowlist.regexes = ["..."]
        .shortwall.toml:7: rules.disable must be an array of strings, e.g. rules.disable = ["..."]
        .shortwall.toml:9: unknown severity "bad" (expected low, medium, high or critical)
        """)
    }

    func testProblemsPastTheFirstTwentyAreCounted() {
        let text = (1...30).map { "key\($0) = 1" }.joined(separator: "\n")
        do {
            _ = try SettingsFile.parse(text, path: file)
            XCTFail("unknown keys")
        } catch let error as ConfigError {
            XCTAssertEqual(error.problems.count, ConfigError.described)
            XCTAssertEqual(error.count, 30)
            XCTAssertTrue(error.description.hasSuffix("\n.shortwall.toml: and 10 more problems"), error.description)
        } catch {
            XCTFail("\(error)")
        }
    }

    func testLoadFromDisk() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shortwall-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(".shortwall.toml").path
        try Data("fail-on = \"medium\"\n".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(try SettingsFile.load(path: path).failOn, .medium)
        try Data([0x66, 0x3D, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try SettingsFile.load(path: path)) { XCTAssertEqual("\($0)", "\(path): not valid UTF-8") }
        XCTAssertThrowsError(try SettingsFile.load(path: dir.appendingPathComponent("nope.toml").path)) {
            XCTAssertTrue("\($0)".contains("nope.toml: cannot read"), "\($0)")
        }
    }
}

/// Shapes on which toml++ (inside TOMLKit) aborts the process instead of reporting an error.
final class SettingsFileCrashGuardTests: XCTestCase {
    func problem(_ text: String) -> String {
        do { _ = try SettingsFile.parse(text, path: "c.toml"); return "accepted" } catch { return "\(error)" }
    }

    func testShapesThatWouldAbortAreSyntaxErrors() {
        XCTAssertEqual(problem("a = 1\n[{rules]\n"), "c.toml:2: invalid TOML at column 2: expected a table name, saw '{'")
        XCTAssertEqual(problem("[[\npattern]]\n"), "c.toml:1: invalid TOML at column 3: expected a table name, saw the end of the line")
        XCTAssertEqual(problem("[ =]"), "c.toml:1: invalid TOML at column 3: expected a table name, saw '='")
        XCTAssertEqual(problem("exclude = [\"a\",\n  # note\n  }]\n"), "c.toml:3: invalid TOML at column 3: expected a value, saw '}'")
        XCTAssertEqual(problem("x = [[}]]"), "c.toml:1: invalid TOML at column 7: expected a value, saw '}'")
        XCTAssertEqual(problem("[[pattern]]\nwhen = 1979-05-27TT07:32:00Z\n"),
                       "c.toml:2: invalid TOML at column 8: invalid date or time: 1979-05-27TT07:32:00Z")
        XCTAssertEqual(problem("when = 1979-02-30 25:00:00\n"), "c.toml:1: invalid TOML at column 8: invalid date or time: 1979-02-30 25:00:00")
        XCTAssertEqual(problem("[[pattern]]\nid = \"a\\u0000\"\n"), "c.toml:2: invalid TOML at column 8: a \\u0000 escape (NUL) is not allowed")
        XCTAssertEqual(problem("a = [" + String(repeating: "[", count: 64) + "]"), "c.toml:1: invalid TOML at column 68: value nests more than 64 levels deep")
        XCTAssertEqual(problem("fail-on = hihg\n"),
                       "c.toml:1: invalid TOML at column 11: expected a string, number, boolean, array or table, saw hihg")
    }

    func testValidDocumentsWithTrickyShapesPass() throws {
        let text = """
        exclude = [  # globs
          "a/[{]/**",   # brackets inside strings are text
          '''b]''',
          "c\\"]",
        ]
        max-file-size = 1_048_576
        [ "rules" . severity ]   # quoted, spaced header
        "x]" = "low"
        [[pattern]]
        id = "p"
        numbers = [0, +1, -2, 3_000, 0xDEAD_beef, 0o755, 0b1010, 1.5, -0.0, 6.626e-34, 1e06, 5E+22, inf, -nan]
        flags = [true, false]
        nested = [[1, 2], [{ a = 1, b = { c = [] } }], [ ], ]
        lines = [
          [{ a = 1 }],
          [ ],
          {b = 2},
        ]
        multi = \"\"\"
        [not a header]
        x = [}
        \"\"\"
        literal = '''[{'''
        empty = {}
        dates = [1979-05-27T07:32:00Z, 1979-05-27 07:32:00.999-07:00, 1979-05-27T07:32:00, 1979-05-27, 07:32:00, 00:32:00.5]
        deep = \(String(repeating: "[", count: 61))\(String(repeating: "]", count: 61))
        [[pattern]]
        id = "q"
        """
        let config = try SettingsFile.parse(text, path: "c.toml")
        XCTAssertEqual(config.exclude, ["a/[{]/**", "b]", "c\"]"])
        XCTAssertEqual(config.severityOverrides, ["x]": .low])
        // Both [[pattern]] tables were read as tables, and skipped for having no regex.
        XCTAssertEqual(config.patternWarnings, ["c.toml: pattern p has no regex; skipped", "c.toml: pattern q has no regex; skipped"])
    }
}
