import Foundation
import XCTest

/// `shortwall rules`: the listing a user reads, and the JSON that answers "which rules look at this call?".
final class RulesCommandTests: XCTestCase {
    func testJSONListsWhatEachPythonRuleLooksAt() throws {
        let repo = try Sandbox()
        let result = try repo.shortwall("rules", "--json")
        XCTAssertEqual(result.status, 0, result.stderr)
        let rules = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        func interests(_ id: String) -> [String: Any]? { rules.first { $0["id"] as? String == id }?["interests"] as? [String: Any] }
        // Who looks at subprocess.run? One lookup over the list.
        let lookers = rules.filter { (($0["interests"] as? [String: Any])?["calls"] as? [String])?.contains("subprocess.run") == true }
            .compactMap { $0["id"] as? String }
        XCTAssertTrue(lookers.contains("python.command-injection"), "\(lookers)")
        let methods = try XCTUnwrap(interests("python.header-injection")?["methods"] as? [[String: Any]])
        XCTAssertTrue(methods.contains { $0["name"] as? String == "add" && $0["receiver"] as? String == "receiver named headers" }, "\(methods)")
        XCTAssertEqual(interests("python.timing-unsafe-comparison")?["hooks"] as? [String], ["statement"])
        // Secret patterns have no Python interests.
        let secret = try XCTUnwrap(rules.first { $0["kind"] as? String == "secret" })
        XCTAssertNil(secret["interests"])
    }
}
