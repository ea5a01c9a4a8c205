import Findings
import Foundation

/// `shortwall scan PATH...`: files and folders read from disk, no git. Every line of every file is
/// reviewed, and the same gate as in the other jobs decides which files are read.
public func scanPaths(_ paths: [String], reviewer: Reviewer, maxFileSize: Int, workers: Int) throws -> (findings: [Finding], summary: ScanSummary) {
    enum Outcome { case unreadable, skipped(String), reviewed(bytes: Int, findings: [Finding]) }
    let (files, notRegular) = try listFiles(paths)
    let gate = ScanGate(maxFileSize: maxFileSize)
    let requirementFiles = reviewer.includedRequirementFiles(among: files) { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } }
    // The modules a Python file imports are read from the folders scanned.
    let modules = FolderModules(roots: paths)
    // Files are independent: read and review them on every core.
    let outcomes = try parallelMap(files.count, workers: workers) { _, index -> Outcome in
        guard let data = FileManager.default.contents(atPath: files[index]) else { return .unreadable }
        let bytes = [UInt8](data)
        if let reason = gate.skipReason(bytes) { return .skipped(reason) }
        return .reviewed(bytes: bytes.count, findings: reviewer.review(path: files[index], content: bytes, lines: nil, requirementFiles: requirementFiles,
                                                                       modules: modules))
    }
    var summary = ScanSummary()
    summary.skipped = notRegular.map { "\($0): not a regular file" }
    var findings: [Finding] = []
    for (file, outcome) in zip(files, outcomes) {
        switch outcome {
        case .unreadable: summary.errors.append("\(file): cannot read")
        case .skipped(let reason): summary.skipped.append("\(file): \(reason)")
        case .reviewed(let bytes, let found):
            summary.files += 1
            summary.bytes += bytes
            findings += found
        }
    }
    if !summary.errors.isEmpty && summary.files == 0 {
        throw ScanPathError(summary.errors[0])
    }
    return (findings, summary)
}

/// Regular files under the given paths, skipping .git folders, and the other entries met that are not
/// folders: a FIFO, socket or device is never opened (reading a FIFO waits for a writer forever). A
/// missing path is an error.
func listFiles(_ paths: [String]) throws -> (files: [String], notRegular: [String]) {
    var files: [String] = []
    var notRegular: [String] = []
    let fm = FileManager.default
    // Symbolic links are followed, as `fileExists` does.
    func sort(_ path: String) {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG { files.append(path) } else { notRegular.append(path) }
    }
    for path in paths {
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isFolder) else { throw ScanPathError("no such file or folder: \(path)") }
        if !isFolder.boolValue { sort(path); continue }
        guard let walker = fm.enumerator(atPath: path) else { continue }
        while let relative = walker.nextObject() as? String {
            if relative == ".git" || relative.hasSuffix("/.git") || relative.hasPrefix(".build") { walker.skipDescendants(); continue }
            let full = path == "." ? relative : (path as NSString).appendingPathComponent(relative)
            var folder: ObjCBool = false
            if fm.fileExists(atPath: full, isDirectory: &folder), !folder.boolValue { sort(full) }
        }
    }
    return (files.sorted(), notRegular.sorted())
}

/// A path `scan` was given does not exist, or none of the files under the paths could be read.
public struct ScanPathError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}
