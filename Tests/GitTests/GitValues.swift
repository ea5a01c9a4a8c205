import Foundation
import Git
import TestFixtures
import XCTest

/// The fixture's helpers that speak Git's own types (the rest of it, in TestFixtures, knows only `git`).
extension GitFixture {
    func open(_ at: String? = nil) throws -> Repository { try Repository(discoveringFrom: at ?? path) }

    func id(_ revision: String, in directory: String? = nil) throws -> ObjectID {
        let hex = try rev(revision, in: directory)
        guard let id = ObjectID(hex: hex) else { throw FixtureError("not an object id: \(hex)") }
        return id
    }
}

// MARK: comparing change sets

/// A changed file as plain comparable values, so a test states the whole expected result at once
/// and a failure prints both sides in full.
struct FileView: Equatable, CustomStringConvertible {
    var path: String
    var previousPath: String? = nil
    var status: ChangedFile.Status
    var oldBlob: String? = nil
    var newBlob: String? = nil
    var submodule = false
    var skipped: String? = nil
    var added: [Int] = []

    init(
        _ path: String, _ status: ChangedFile.Status, from previousPath: String? = nil, old oldBlob: String? = nil,
        new newBlob: String? = nil, submodule: Bool = false, skipped: String? = nil, added: [Int] = []
    ) {
        self.path = path; self.previousPath = previousPath; self.status = status; self.oldBlob = oldBlob
        self.newBlob = newBlob; self.submodule = submodule; self.skipped = skipped; self.added = added
    }

    init(_ file: ChangedFile) {
        self.init(
            file.path, file.status, from: file.previousPath, old: file.oldBlob?.description, new: file.newBlob?.description,
            submodule: file.isSubmodule, skipped: file.skipReason, added: file.addedLines
        )
    }

    var description: String {
        var parts = ["\(status.rawValue) \(previousPath.map { $0 + " -> " } ?? "")\(path)"]
        parts.append("old=\(oldBlob ?? "nil") new=\(newBlob ?? "nil")")
        if submodule { parts.append("submodule") }
        if let skipped { parts.append("skipped=\(skipped)") }
        parts.append("added=\(added)")
        return "<" + parts.joined(separator: " ") + ">"
    }
}

func views(_ files: [ChangedFile]) -> [FileView] { files.map(FileView.init) }

/// 1...n, or [] for n == 0 (a wholly added file of n lines).
func lines(_ count: Int) -> [Int] { count == 0 ? [] : Array(1...count) }
