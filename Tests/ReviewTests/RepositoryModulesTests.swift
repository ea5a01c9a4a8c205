import Foundation
@testable import Review
import XCTest

/// The modules `scan` reads from the folders it was given.
final class RepositoryModulesTests: XCTestCase {
    func testFolderModulesReadUnderEachRootAndGiveReviewedPathsRelativeToTheirRoot() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("shortwall-modules-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("app/helpers"), withIntermediateDirectories: true)
        try "def f(x):\n    return x\n".write(to: root.appendingPathComponent("app/helpers/utils.py"), atomically: true, encoding: .utf8)
        try "import helpers.utils\n".write(to: root.appendingPathComponent("app/view.py"), atomically: true, encoding: .utf8)

        let app = root.appendingPathComponent("app").path
        let modules = FolderModules(roots: [app, root.appendingPathComponent("app/view.py").path, root.appendingPathComponent("missing").path])
        XCTAssertEqual(modules.file(at: "helpers/utils.py").map { String(decoding: $0.bytes, as: UTF8.self) }, "def f(x):\n    return x\n")
        XCTAssertNil(modules.file(at: "helpers"))
        XCTAssertNil(modules.file(at: "helpers/missing.py"))
        XCTAssertEqual(modules.relativePath(of: app + "/view.py"), "view.py")
        XCTAssertEqual(modules.relativePath(of: app + "/helpers/utils.py"), "helpers/utils.py")
        XCTAssertNil(modules.relativePath(of: "/elsewhere/view.py"))
    }
}
