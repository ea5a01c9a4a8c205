import Foundation

/// setuptools' `setup.cfg`: `install_requires` in `[options]` and each key of `[options.extras_require]`,
/// a value that is one requirement per line (indented continuation lines, where `;` starts a marker) or,
/// on the key's own line, requirements separated by `;`, as setuptools reads them.
/// An INI file; comments start with `#` or `;` at the start of a line.
enum SetupCfg {
    static func requirements(_ text: String) -> [Requirement] {
        var out: [Requirement] = []
        var section = ""
        var collecting = false
        for (index, line) in textLines(text).enumerated() {
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            let content = line.dropFirst(indent)
            if content.isEmpty || content.hasPrefix("#") || content.hasPrefix(";") { continue }
            if indent == 0 && content.hasPrefix("[") {
                section = String(content.dropFirst().prefix { $0 != "]" }).trimmingCharacters(in: .whitespaces).lowercased()
                collecting = false
                continue
            }
            var value = content[...]
            var valueStart = indent
            if indent == 0 {
                guard let separator = content.firstIndex(where: { $0 == "=" || $0 == ":" }) else { collecting = false; continue }
                let key = content[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
                collecting = (section == "options" && key == "install_requires") || section == "options.extras_require"
                value = content[content.index(after: separator)...]
                valueStart = indent + content.distance(from: content.startIndex, to: separator) + 1
            }
            guard collecting else { continue }
            let pieces = indent == 0 ? value.split(separator: ";", omittingEmptySubsequences: false) : [value]
            var offset = valueStart
            for piece in pieces {
                defer { offset += piece.count + 1 }
                let lead = piece.prefix { $0 == " " || $0 == "\t" }.count
                guard let parsed = RequirementString(piece), !parsed.isURL, lead < piece.count else { continue }
                let at = parsed.pin?.offset ?? parsed.nameOffset
                out.append(parsed.requirement(line: index + 1, column: offset + at + 1))
            }
        }
        return out
    }
}
