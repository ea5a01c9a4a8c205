import Foundation

/// Pipenv's `Pipfile.lock`: JSON with `default` and `develop` objects of `name: {"version": "==X", ...}`.
/// JSONSerialization gives no positions and no key order, so each entry is found in the text after its
/// section's key: Pipenv writes one key per line.
enum PipfileLock {
    static func requirements(_ text: String) -> [Requirement]? {
        guard let root = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else { return nil }
        let lines = textLines(text)
        func line(startingWith key: String, after start: Int) -> Int? {
            let quoted = "\"" + key + "\""
            return lines.indices.first { $0 >= start && lines[$0].drop { $0 == " " || $0 == "\t" }.hasPrefix(quoted) }
        }
        var out: [Requirement] = []
        for section in ["default", "develop"] {
            guard let packages = root[section] as? [String: Any] else { continue }
            let sectionLine = line(startingWith: section, after: 0) ?? 0
            for (name, value) in packages.sorted(by: { $0.key < $1.key }) {
                guard let entry = value as? [String: Any], let spec = entry["version"] as? String,
                      spec.hasPrefix("=="), !spec.hasPrefix("===") else { continue }
                let version = String(spec.dropFirst(2))
                let nameLine = line(startingWith: name, after: sectionLine) ?? sectionLine
                let versionLine = line(startingWith: "version", after: nameLine) ?? nameLine
                let column = lines.indices.contains(versionLine)
                    ? (lines[versionLine].range(of: spec).map { lines[versionLine].distance(from: lines[versionLine].startIndex, to: $0.lowerBound) + 3 } ?? 1)
                    : 1
                out.append(Requirement(name: name, version: version, specifier: spec, line: versionLine + 1, column: column))
            }
        }
        return out
    }
}
