import Foundation
import ZIPFoundation

/// OSV's zip export (`all.zip` of one JSON record per entry). Entries are not named by package, so each
/// is inflated and kept only when its text names a package asked about.
enum AdvisoryArchive {
    static func records(at path: String, naming names: Set<String>) throws -> [RecordSource] {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        let prefilter = NamePrefilter(names)
        var out: [RecordSource] = []
        for entry in archive where entry.type == .file && AdvisoryDatabase.isRecordName(entry.path) {
            let name = "\(path)!\(entry.path)"
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: true) { data.append($0) }
            } catch {
                out.append(.unreadable(name: name, reason: "cannot inflate: \(error)"))
                continue
            }
            if prefilter.mayName(data) { out.append(.entry(name: name, data: data)) }
        }
        return out
    }
}
