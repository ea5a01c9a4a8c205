import Foundation

/// The Python of a Jupyter notebook (`.ipynb`): its code cells joined into one source, and for each line
/// of that source the notebook line it came from, so the Python rules review a notebook and report on
/// the notebook's own lines (which is what a diff of it adds).
///
/// Jupyter writes a cell's source as a JSON array with one string per line, each on its own line of the
/// file. That layout is what the line map relies on; a notebook written otherwise (a cell's source as one
/// string, or a whole notebook on one line) is still scanned for secrets, but not reviewed as Python.
struct NotebookSource {
    /// The code cells one after another, each followed by a blank line so that no statement runs into the
    /// next cell. IPython magics and shell escapes (`%time`, `!pip install`) become blank lines.
    var source: [UInt8]
    /// For line i + 1 of `source`: the notebook line it came from, the column (in characters) of that
    /// line's opening quote, and the quote's byte offset, so positions in the code land inside the string.
    var origins: [Origin]
    /// The notebook's bytes, to step through a string's escapes when placing a column.
    private let content: [UInt8]

    struct Origin {
        var line: Int
        var column: Int
        var quote: Int
    }

    init?(_ content: [UInt8]) {
        guard let json = try? JSONSerialization.jsonObject(with: Data(content)) as? [String: Any],
              let cells = json["cells"] as? [[String: Any]] else { return nil }
        let blocks = NotebookSource.sourceBlocks(content)
        guard blocks.count == cells.count else { return nil }
        var source: [UInt8] = []
        var origins: [Origin] = []
        for (cell, block) in zip(cells, blocks) where cell["cell_type"] as? String == "code" {
            let lines: [String]
            if let array = cell["source"] as? [String] {
                lines = array
            } else if let text = cell["source"] as? String, text.isEmpty {
                lines = []
            } else {
                return nil
            }
            guard lines.count == block.elements.count else { return nil }
            for (text, origin) in zip(lines, block.elements) {
                var line = Array(text.utf8)
                if line.last == 0x0A { line.removeLast() }
                // A line break inside one element would shift every later line: not Jupyter's layout.
                guard !line.contains(0x0A) else { return nil }
                let code = line.drop { $0 == 0x20 || $0 == 0x09 }
                if code.first == UInt8(ascii: "%") || code.first == UInt8(ascii: "!") { line = [] }
                source += line + [0x0A]
                origins.append(origin)
            }
            source.append(0x0A)
            origins.append(block.end)
        }
        self.source = source
        self.origins = origins
        self.content = content
    }

    /// The source lines that came from the given notebook lines.
    func sourceLines(ofNotebookLines lines: Set<Int>) -> Set<Int> {
        Set(origins.indices.filter { lines.contains(origins[$0].line) }.map { $0 + 1 })
    }

    /// A position in the source (1-based line, 1-based character column) as a position in the notebook:
    /// the same character inside the line's JSON string, counting each escape (`\"`, `\n`, `\u00e9`) as
    /// written.
    func notebookPosition(line: Int, column: Int) -> (line: Int, column: Int) {
        guard !origins.isEmpty else { return (1, 1) }
        // A position past the last line (the end of the source) belongs to the last cell's close.
        let origin = origins[min(max(line, 1), origins.count) - 1]
        guard origin.quote >= 0 else { return (origin.line, origin.column) }
        var i = origin.quote + 1, decoded = 1, raw = origin.column + 1
        while decoded < column, i < content.count, content[i] != UInt8(ascii: "\"") {
            if content[i] == UInt8(ascii: "\\"), i + 1 < content.count {
                if content[i + 1] == UInt8(ascii: "u") {
                    // \uD83D\uDE00: a high surrogate (D800-DBFF) and its partner are twelve characters for one
                    // code point.
                    let pair = i + 7 < content.count && content[i + 2] | 0x20 == UInt8(ascii: "d")
                        && Array("89ab".utf8).contains(content[i + 3] | 0x20) && content[i + 6] == UInt8(ascii: "\\")
                    let width = pair ? 12 : 6
                    i += width; raw += width
                } else {
                    i += 2; raw += 2
                }
            } else {
                // One character: its lead byte and any continuation bytes.
                i += 1
                while i < content.count, content[i] & 0xC0 == 0x80 { i += 1 }
                raw += 1
            }
            decoded += 1
        }
        return (origin.line, raw)
    }

    /// Each `"source": [...]` of the file in order: where every element's string opens, and the line
    /// that closes the array.
    private static func sourceBlocks(_ content: [UInt8]) -> [(elements: [Origin], end: Origin)] {
        var blocks: [(elements: [Origin], end: Origin)] = []
        var current: [Origin]? = nil
        let key = Array("\"source\"".utf8)
        var offset = 0
        for (index, rawLine) in content.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            defer { offset += rawLine.count + 1 }
            let number = index + 1
            let indent = rawLine.prefix { $0 == 0x20 || $0 == 0x09 }.count
            let text = rawLine.dropFirst(indent)
            if let elements = current {
                if text.first == UInt8(ascii: "]") {
                    blocks.append((elements, Origin(line: number, column: indent + 1, quote: -1)))
                    current = nil
                } else {
                    current?.append(Origin(line: number, column: indent + 1, quote: text.first == UInt8(ascii: "\"") ? offset + indent : -1))
                }
                continue
            }
            guard text.starts(with: key) else { continue }
            // `"source": [` as Jupyter writes it; other writers put a space before the colon.
            let afterKey = text.dropFirst(key.count).drop { $0 == 0x20 }
            guard afterKey.first == UInt8(ascii: ":") else { continue }
            let rest = afterKey.dropFirst().drop { $0 == 0x20 }
            if rest.starts(with: Array("[]".utf8)) || rest.first == UInt8(ascii: "\"") {
                // An empty cell, or a source written as one string (which the caller refuses unless empty).
                blocks.append(([], Origin(line: number, column: indent + 1, quote: -1)))
            } else if rest.first == UInt8(ascii: "[") {
                current = []
            }
        }
        return blocks
    }
}
