import Foundation
import XCTest

/// Vendored third-party code (a committed virtualenv, vendor/, node_modules/...): no Python review there
/// by default, secrets still found, and `review-vendored-python = true` turns the review back on.
final class VendoredCodeTests: XCTestCase {
    static let injection = "import os\nfrom flask import request\ndef v():\n    os.system(\"ping \" + request.args[\"h\"])\n"
    static let secret = "TOKEN = \"\(Fake.githubToken)\"\n"
    static let vendored = ["venv/lib/a.py", "app/.venv/lib/python3.12/site-packages/b.py", "virtualenv/c.py", "deep/x/site-packages/d.py",
                           "web/node_modules/e.py", "vendor/f.py", "src/third_party/g.py", "__pypackages__/3.12/lib/h.py"]

    private func findings(_ repo: Sandbox, _ arguments: [String]) throws -> [(file: String, kind: String)] {
        let result = try repo.shortwall(arguments + ["--format", "json"], timeout: 60)
        XCTAssertNotEqual(result.status, 2, result.stderr)
        return try Sandbox.findings(result.stdout).map { ($0["file"] as? String ?? "", $0["kind"] as? String ?? "") }
    }

    func testPythonRulesSkipVendoredFoldersAtAnyDepthButSecretsAreStillFound() throws {
        let repo = try Sandbox()
        var files = ["app/views.py": Self.injection, "vendorized.py": Self.injection, "src/vendor.py": Self.injection]
        for path in Self.vendored { files[path] = Self.injection + Self.secret }
        _ = try repo.commit("vendored code", files: files)
        for job in [["history"], ["commit"], ["scan", "."]] {
            let found = try findings(repo, job)
            let python = Set(found.filter { $0.kind == "python" }.map { $0.file.replacingOccurrences(of: "./", with: "") })
            XCTAssertEqual(python, ["app/views.py", "vendorized.py", "src/vendor.py"], "\(job)")
            let secrets = Set(found.filter { $0.kind == "secret" }.map { $0.file.replacingOccurrences(of: "./", with: "") })
            XCTAssertEqual(secrets, Set(Self.vendored), "\(job)")
        }
    }

    func testAConfigKeyTurnsTheVendoredReviewBackOn() throws {
        let repo = try Sandbox()
        _ = try repo.commit("vendored", files: ["venv/lib/a.py": Self.injection, ".shortwall.toml": "review-vendored-python = true\n"])
        XCTAssertEqual(try findings(repo, ["history"]).map(\.kind), ["python"])
        try repo.write(".shortwall.toml", "review-vendored-python = \"yes\"\n")
        let bad = try repo.shortwall("staged")
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("review-vendored-python must be true or false"), bad.stderr)
    }
}
