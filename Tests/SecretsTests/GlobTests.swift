import Foundation
import Secrets
import XCTest

final class GlobTests: XCTestCase {
    func check(_ pattern: String, matches: [String], misses: [String], line: UInt = #line) {
        let glob = Glob(pattern)
        for path in matches { XCTAssertTrue(glob.matches(path), "\(pattern) should match \(path)", line: line) }
        for path in misses { XCTAssertFalse(glob.matches(path), "\(pattern) should not match \(path)", line: line) }
    }

    func testDoubleStarCrossesFolders() {
        check("tests/fixtures/**", matches: ["tests/fixtures/a.py", "tests/fixtures/x/y/z.txt"],
              misses: ["tests/fixture.py", "src/tests/fixtures/a.py", "tests/fixturesX/a.py"])
        check("**/*.min.js", matches: ["a.min.js", "static/js/app.min.js"], misses: ["app.js", "min.js.map"])
        check("src/**/test_*.py", matches: ["src/test_a.py", "src/x/y/test_b.py"], misses: ["test_a.py", "src/x/a_test.py"])
        check("**", matches: ["a", "a/b/c"], misses: [])
        check("a/**/**/b", matches: ["a/b", "a/x/b", "a/x/y/b/c"], misses: ["a/x/c"])
    }

    func testStarAndQuestionStayInOneSegment() {
        check("src/*.py", matches: ["src/a.py", "src/.hidden.py"], misses: ["src/x/a.py", "a.py", "src/a.pyc"])
        check("/?.txt", matches: ["a.txt"], misses: ["ab.txt", "x/a.txt"])
        check("*", matches: ["anything", "a/b"], misses: [])
    }

    func testPatternWithoutSlashMatchesAtAnyDepthUnlessAnchored() {
        check("*.min.js", matches: ["a.min.js", "deep/er/b.min.js"], misses: ["b.min.jsx"])
        check("secrets.env", matches: ["secrets.env", "conf/secrets.env"], misses: ["secrets.env.example"])
        check("/setup.py", matches: ["setup.py"], misses: ["pkg/setup.py"])
    }

    func testFolderPatternsCoverTheirContents() {
        check("docs", matches: ["docs/a.md", "docs/x/y.md", "site/docs/a.md"], misses: ["docsite/a.md", "doc/a.md"])
        check("docs/", matches: ["docs/a.md"], misses: ["mydocs/a.md"])
        check("tests/fixtures", matches: ["tests/fixtures/k.pem"], misses: ["tests/fixture/k.pem", "x/tests/fixtures/k.pem"])
        check("./vendor/", matches: ["vendor/lib.py", "./vendor/lib.py"], misses: ["src/vendor.py"])
    }

    func testCharacterClassesAndEscapes() {
        check("log[0-9].txt", matches: ["log1.txt"], misses: ["logA.txt", "log10.txt"])
        check("file[!a-c].txt", matches: ["filed.txt"], misses: ["filea.txt"])
        check("weird[.txt", matches: ["weird[.txt"], misses: ["weirdx.txt"])
        check("a\\*b", matches: ["a*b"], misses: ["axb"])
        check("[]]x", matches: ["]x"], misses: ["x"])
    }

    func testEmptyAndPathologicalPatternsAreSafe() {
        XCTAssertFalse(Glob("").matches("a"))
        let long = String(repeating: "a", count: 5_000)
        let stars = Glob(String(repeating: "*a", count: 60) + "b")
        let start = Date()
        XCTAssertFalse(stars.matches(long))
        let deep = Glob(String(repeating: "**/", count: 200) + "z")
        XCTAssertFalse(deep.matches(Array(repeating: "d", count: 2_000).joined(separator: "/")))
        XCTAssertTrue(deep.matches(Array(repeating: "d", count: 2_000).joined(separator: "/") + "/z"))
        XCTAssertLessThan(Date().timeIntervalSince(start), 2, "matching must stay polynomial")
        XCTAssertTrue(Glob("é/*.py").matches("é/ü.py"))
    }
}

final class GlobBraceTests: XCTestCase {
    func testBracesAreAlternatives() {
        XCTAssertTrue(Glob("*.{yml,yaml}").matches("deploy/k8s/secret.yaml"))
        XCTAssertTrue(Glob("*.{yml,yaml}").matches("a.yml"))
        XCTAssertFalse(Glob("*.{yml,yaml}").matches("a.json"))
        XCTAssertTrue(Glob("{src,lib}/**/*.py").matches("lib/x/a.py"))
        XCTAssertFalse(Glob("{src,lib}/**/*.py").matches("test/a.py"))
        XCTAssertTrue(Glob("a{b").matches("a{b"), "an unbalanced brace is a literal")
    }
}
