import Findings
import Foundation
import Git

/// Findings a team has accepted, so a scan reports only what is new. `shortwall baseline` writes it as
/// `.shortwall-baseline.json`. The file holds hashes, never a secret or a snippet: for each finding its
/// rule, fingerprint and contentHash (SHA-256 hex, already on the Finding) and the file path, which is
/// not secret and lets a reviewer see what the baseline accepts.
///
/// A finding is hidden when its fingerprint OR its contentHash is listed. The fingerprint has no line
/// number, so it survives code moving within a file; the contentHash has no path, so it survives renames.
/// The consequence, by design: a baselined secret is also hidden if it is pasted into another file.
public struct Baseline: Equatable, Sendable {
    public struct Entry: Codable, Hashable, Sendable {
        public var rule: String
        public var file: String?
        public var fingerprint: String
        public var contentHash: String
        public init(rule: String, file: String?, fingerprint: String, contentHash: String) {
            self.rule = rule; self.file = file; self.fingerprint = fingerprint; self.contentHash = contentHash
        }
    }

    public static let currentVersion = 1
    public static let defaultFileName = ".shortwall-baseline.json"

    public var entries: [Entry]

    public init(entries: [Entry]) {
        // Sorted and deduplicated so regenerating an unchanged baseline gives an identical file.
        self.entries = Array(Set(entries)).sorted {
            ($0.file ?? "", $0.rule, $0.fingerprint, $0.contentHash) < ($1.file ?? "", $1.rule, $1.fingerprint, $1.contentHash)
        }
    }

    public init(findings: [Finding]) {
        self.init(entries: findings.map {
            Entry(rule: $0.rule, file: $0.file, fingerprint: $0.fingerprint, contentHash: $0.contentHash)
        })
    }

    public func filter(_ findings: [Finding]) -> (kept: [Finding], suppressed: Int) {
        let fingerprints = Set(entries.map(\.fingerprint))
        let contentHashes = Set(entries.map(\.contentHash))
        let kept = findings.filter { !fingerprints.contains($0.fingerprint) && !contentHashes.contains($0.contentHash) }
        return (kept, findings.count - kept.count)
    }

    private struct FileFormat: Codable {
        var version: Int
        var note: String
        var findings: [Entry]
    }

    /// The file's text: pretty-printed JSON with sorted keys, ending in a newline.
    public func serialized() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let file = FileFormat(version: Baseline.currentVersion,
                              note: "Shortwall baseline: hashes of accepted findings, no secrets. Regenerate with `shortwall baseline`.",
                              findings: entries)
        return String(decoding: try encoder.encode(file), as: UTF8.self) + "\n"
    }

    public func write(to path: String) throws {
        do {
            try Data(serialized().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw BaselineError(path: path, message: "cannot write: \(error.localizedDescription)")
        }
    }

    public static func load(path: String) throws -> Baseline {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw BaselineError(path: path, message: "cannot read: \(error.localizedDescription)")
        }
        return try parse(data, path: path)
    }

    /// Checks the structure by hand rather than through Decodable so each problem is named plainly.
    public static func parse(_ data: Data, path: String) throws -> Baseline {
        func fail(_ message: String) -> BaselineError { BaselineError(path: path, message: message) }
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data) } catch {
            throw fail("not valid JSON (\(describe(error))); regenerate it with `shortwall baseline`")
        }
        guard let root = json as? [String: Any] else { throw fail("expected a JSON object at the top level") }
        guard let version = root["version"] as? Int else { throw fail("missing \"version\" (expected \(currentVersion))") }
        guard version == currentVersion else {
            throw fail("unsupported version \(version) (this Shortwall reads version \(currentVersion))")
        }
        guard let items = root["findings"] as? [Any] else { throw fail("missing \"findings\" array") }
        var entries: [Entry] = []
        for (i, item) in items.enumerated() {
            guard let o = item as? [String: Any] else { throw fail("findings[\(i)]: expected an object") }
            guard let rule = o["rule"] as? String else { throw fail("findings[\(i)]: missing \"rule\"") }
            var hashes: [String] = []
            for key in ["fingerprint", "contentHash"] {
                guard let h = o[key] as? String, isSHA256Hex(h) else {
                    throw fail("findings[\(i)]: \"\(key)\" must be a 64-character SHA-256 hex string")
                }
                hashes.append(h)
            }
            if o["file"] != nil, !(o["file"] is String) && !(o["file"] is NSNull) {
                throw fail("findings[\(i)]: \"file\" must be a string")
            }
            entries.append(Entry(rule: rule, file: o["file"] as? String, fingerprint: hashes[0], contentHash: hashes[1]))
        }
        return Baseline(entries: entries)
    }

    static func isSHA256Hex(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    private static func describe(_ error: Error) -> String {
        let ns = error as NSError
        return (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
    }
}

extension Baseline {
    /// Refuses a place `shortwall baseline` must not write. Never into git's own files, whoever named
    /// the path (a baseline written over `.git/index` or a branch ref destroys it). A path that comes
    /// from a config file, which anyone can commit, must also stay inside the working tree (after
    /// symbolic links): writing elsewhere on the machine takes the path on the command line.
    public static func checkDestination(_ path: String, in repository: Repository, fromCommandLine: Bool) throws {
        if let reason = repository.gitOwnership(ofWriting: path) {
            throw BaselineError(path: path, message: "a baseline is never written into git's files (\(reason))")
        }
        if fromCommandLine { return }
        guard let root = repository.workingDirectory, isInside(resolvingSymlinks(path), folder: resolvingSymlinks(root)) else {
            throw BaselineError(path: path, message: "the configured baseline is outside the repository; to write there, name it with --output")
        }
    }
}

public struct BaselineError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}
