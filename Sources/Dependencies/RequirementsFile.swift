import Foundation

/// pip's requirements format (`requirements*.txt`, `*.in`, constraints files): one requirement or option
/// per line, `\` continuing a line, `#` starting a comment at the line start or after whitespace, and
/// per-requirement options (`--hash=...`) after the requirement. `-r`/`--requirement` and
/// `-c`/`--constraint` name further files, relative to this one's folder; they are returned for the caller
/// to read, since only it knows which tree this file belongs to. URLs, paths and editable installs are
/// not versions from an index and are left out.
public struct RequirementsFile {
    public var requirements: [Requirement] = []
    /// Paths of the files this one includes, resolved against its folder.
    public var includes: [String] = []

    public init(path: String, text: String) {
        let physical = textLines(text)
        // A logical line, with the physical line and column where each of its characters came from.
        var logical: [Character] = []
        var origin: [(line: Int, column: Int)] = []
        for (index, line) in physical.enumerated() {
            // As pip does: a comment line ends a continuation, and is kept apart from what it ends.
            let isComment = line.drop { $0 == " " || $0 == "\t" }.hasPrefix("#")
            let continues = !isComment && line.hasSuffix("\\")
            let kept = continues ? line.dropLast() : line
            if isComment && !logical.isEmpty {
                logical.append(" ")
                origin.append((index + 1, 1))
            }
            for (column, c) in kept.enumerated() {
                logical.append(c)
                origin.append((index + 1, column + 1))
            }
            if continues { continue }
            read(logical[...], origin: origin, path: path)
            logical.removeAll(keepingCapacity: true)
            origin.removeAll(keepingCapacity: true)
        }
        if !logical.isEmpty { read(logical[...], origin: origin, path: path) }
    }

    private mutating func read(_ chars: ArraySlice<Character>, origin: [(line: Int, column: Int)], path: String) {
        var text = Substring(String(chars))
        if let comment = RequirementsFile.commentStart(text) { text = text[..<comment] }
        let start = text.firstIndex { $0 != " " && $0 != "\t" } ?? text.endIndex
        let body = text[start...]
        guard let first = body.first else { return }
        let offset = text.distance(from: text.startIndex, to: start)
        if first == "-" {
            if let target = RequirementsFile.includeTarget(body) { includes.append(joinPath(folder(of: path), target)) }
            return
        }
        // Per-requirement options follow the requirement after whitespace.
        var requirementText = body
        if let option = body.range(of: #"\s-{1,2}[A-Za-z]"#, options: .regularExpression) {
            requirementText = body[..<option.lowerBound]
        }
        guard let parsed = RequirementString(requirementText), !parsed.isURL else { return }
        let at = parsed.pin.map(\.offset) ?? parsed.nameOffset
        let place = origin[min(max(0, offset + at), origin.count - 1)]
        requirements.append(parsed.requirement(line: place.line, column: place.column))
    }

    /// Where a comment starts: `#` at the start or after whitespace (so `pkg#egg` in a URL is not one).
    static func commentStart<S: StringProtocol>(_ line: S) -> S.Index? {
        var previous: Character = " "
        for i in line.indices {
            if line[i] == "#" && (previous == " " || previous == "\t") { return i }
            previous = line[i]
        }
        return nil
    }

    /// The file of `-r FILE`, `-rFILE`, `--requirement FILE`, `--requirement=FILE`, and the same for `-c`.
    static func includeTarget(_ option: Substring) -> String? {
        for name in ["--requirement", "--constraint", "-r", "-c"] where option.hasPrefix(name) {
            var rest = option.dropFirst(name.count)
            if name.hasPrefix("--") {
                guard let c = rest.first, c == "=" || c == " " || c == "\t" else { continue }
            }
            if rest.first == "=" { rest = rest.dropFirst() }
            let target = rest.trimmingCharacters(in: .whitespaces)
            // A URL is not in the same tree.
            return target.isEmpty || target.contains("://") ? nil : target
        }
        return nil
    }
}

func folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return String(path[...slash])
}

/// `folder` + `relative`, with `.` and `..` resolved; nil-free, so a path that climbs out of the tree
/// keeps its leading `..` and simply never matches a file.
func joinPath(_ folder: String, _ relative: String) -> String {
    let combined = relative.hasPrefix("/") ? relative : folder + relative
    var parts: [Substring] = []
    for part in combined.split(separator: "/", omittingEmptySubsequences: true) {
        if part == "." { continue }
        if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
        parts.append(part)
    }
    return (combined.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
}
