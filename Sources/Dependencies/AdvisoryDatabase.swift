import Dispatch
import Foundation
import Findings

/// OSV advisories on disk, read only for the packages asked about. Three layouts:
/// - a clone of the PyPA advisory database, or any folder of `<package>/<ID>.yaml|json` (with or
///   without the top `vulns/` folder): a package's records are its folder's files;
/// - a folder of records side by side (an unpacked OSV export): every file is read, and parsed only
///   when its text names the package;
/// - OSV's `all.zip` export: the same, entry by entry.
/// A record that cannot be read or parsed is skipped with a warning that names it. Safe to share
/// between threads; records are parsed once per run.
public final class AdvisoryDatabase: @unchecked Sendable {
    public let path: String
    private let isArchive: Bool
    private let lock = NSLock()
    private var layout: Layout?
    private var cache: [String: [Advisory]] = [:]
    private var problems: [String] = []

    private struct Layout {
        /// Normalized package name -> the record files of its folder.
        var folders: [String: String] = [:]
        /// Records that sit side by side, whatever package they name.
        var looseFiles: [String] = []
    }

    /// Fails when nothing is at `path`; reads nothing yet.
    public init(path: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw AdvisoryError("no such file or folder: \(path)")
        }
        self.path = path
        isArchive = !isFolder.boolValue
    }

    /// Problems met so far, one line each, in the order they were found.
    public var warnings: [String] {
        lock.lock(); defer { lock.unlock() }
        return problems
    }

    /// Records a problem met outside the database (a manifest that cannot be read), for the same list.
    public func note(_ problem: String) {
        lock.lock(); defer { lock.unlock() }
        if !problems.contains(problem) { problems.append(problem) }
    }

    /// The advisories that name each package (normalized names), loading those not read yet.
    public func advisories(for names: Set<String>) -> [String: [Advisory]] {
        lock.lock()
        let missing = names.filter { cache[$0] == nil }
        if layout == nil && !isArchive && !missing.isEmpty { layout = scanLayout() }
        let layout = self.layout ?? Layout()
        lock.unlock()

        var loaded: [String: [Advisory]] = [:]
        var found: [String] = []
        if !missing.isEmpty {
            (loaded, found) = load(missing, layout: layout)
        }

        lock.lock(); defer { lock.unlock() }
        for name in missing { cache[name] = cache[name] ?? loaded[name] ?? [] }
        for problem in found where !problems.contains(problem) { problems.append(problem) }
        var out: [String: [Advisory]] = [:]
        for name in names { out[name] = cache[name] ?? [] }
        return out
    }

    // MARK: Reading

    private func scanLayout() -> Layout {
        var root = path
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        let vulns = (path as NSString).appendingPathComponent("vulns")
        if fm.fileExists(atPath: vulns, isDirectory: &isFolder), isFolder.boolValue { root = vulns }
        var layout = Layout()
        for entry in (try? fm.contentsOfDirectory(atPath: root)) ?? [] where !entry.hasPrefix(".") {
            let full = (root as NSString).appendingPathComponent(entry)
            guard fm.fileExists(atPath: full, isDirectory: &isFolder) else { continue }
            if isFolder.boolValue {
                layout.folders[PackageName.normalize(entry)] = full
            } else if Self.isRecordName(entry) {
                layout.looseFiles.append(full)
            }
        }
        layout.looseFiles.sort()
        return layout
    }

    static func isRecordName(_ name: String) -> Bool {
        name.hasSuffix(".json") || name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    /// Records of the missing names: their folders' files, and any loose record or zip entry whose text
    /// holds every part of the name (a cheap test before parsing).
    private func load(_ names: Set<String>, layout: Layout) -> ([String: [Advisory]], [String]) {
        var sources: [RecordSource] = []
        for name in names.sorted() {
            guard let folder = layout.folders[name] else { continue }
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter(Self.isRecordName).sorted()
            sources += files.map { .file((folder as NSString).appendingPathComponent($0)) }
        }
        sources += layout.looseFiles.map { .file($0) }
        var problems: [String] = []
        if isArchive {
            do { sources += try AdvisoryArchive.records(at: path, naming: names) } catch {
                problems.append("advisories \(path): cannot read as a folder of OSV records or a zip of them (\(error))")
            }
        }
        let prefilter = NamePrefilter(names)
        var results = [Result<Advisory?, Error>?](repeating: nil, count: sources.count)
        results.withUnsafeMutableBufferPointer { slots in
            let base = slots.baseAddress!
            DispatchQueue.concurrentPerform(iterations: sources.count) { i in
                do { base[i] = .success(try sources[i].advisory(prefilter: prefilter)) } catch { base[i] = .failure(error) }
            }
        }
        var out: [String: [Advisory]] = [:]
        for (source, result) in zip(sources, results) {
            switch result {
            case .success(let advisory?):
                guard advisory.withdrawn == nil else { continue }
                let named = Set((advisory.affected ?? []).compactMap { $0.package.map { PackageName.normalize($0.name) } })
                for name in named.intersection(names) { out[name, default: []].append(advisory) }
            case .failure(let error):
                problems.append("advisory \(source.name): skipped (\(error))")
            default:
                continue
            }
        }
        return (out, problems)
    }
}

/// A record's bytes, from a file or a zip entry, or why a zip entry could not be inflated.
enum RecordSource {
    case file(String)
    case entry(name: String, data: Data)
    case unreadable(name: String, reason: String)

    var name: String {
        switch self {
        case .file(let path): return path
        case .entry(let name, _), .unreadable(let name, _): return name
        }
    }

    /// The parsed record, or nil when a loose record does not name any package asked about.
    func advisory(prefilter: NamePrefilter) throws -> Advisory? {
        let data: Data
        switch self {
        case .file(let path):
            guard let read = FileManager.default.contents(atPath: path) else { throw AdvisoryError("cannot read") }
            data = read
        case .entry(_, let bytes):
            data = bytes
        case .unreadable(_, let reason):
            throw AdvisoryError(reason)
        }
        if case .file(let path) = self, !prefilter.isFolderRecord(path), !prefilter.mayName(data) { return nil }
        return try Advisory(RecordValue.parse(data, name: name))
    }
}

/// Does a record's text mention a package? Every part of its normalized name (`jw-util`: `jw`, `util`)
/// must occur, ignoring case, however the record spells the separators.
struct NamePrefilter: Sendable {
    let tokens: [[[UInt8]]]
    let folderNames: Set<String>

    init(_ names: Set<String>) {
        tokens = names.map { $0.split(separator: "-").map { Array($0.utf8) } }
        folderNames = names
    }

    /// Files in a package's folder are that package's records: no need to look inside.
    func isFolderRecord(_ path: String) -> Bool {
        let parent = (path as NSString).deletingLastPathComponent
        return folderNames.contains(PackageName.normalize((parent as NSString).lastPathComponent))
    }

    func mayName(_ data: Data) -> Bool {
        let lower = data.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        return tokens.contains { parts in parts.allSatisfy { lower.containsBytes($0) } }
    }
}

public struct AdvisoryError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
