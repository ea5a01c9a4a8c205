/// A credential's plain text on one line of a file. Detectors hand these to Review beside their findings;
/// Review uses them once, to redact that text from every finding that shows the line, and drops them.
/// They are never part of a finding or a report.
public struct Credential: Hashable, Sendable {
    public var line: Int
    public var text: String

    public init(line: Int, text: String) { self.line = line; self.text = text }

    /// A text that spans lines (a private key, a multi-line literal) as one credential per line, since
    /// findings show one line at a time.
    public static func lines(of text: String, from line: Int) -> [Credential] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { offset, piece in
            var piece = Substring(piece)
            if piece.last == "\r" { piece = piece.dropLast() }
            return piece.isEmpty ? nil : Credential(line: line + offset, text: String(piece))
        }
    }
}

/// How secrets are hidden in every output: a few leading characters and the length.
public enum Redaction {
    /// A few leading characters and the length: enough to recognise a key, too little to use it.
    /// Short secrets show fewer characters (a fifth at most) so a password is not half revealed.
    public static func redacted(_ secret: String) -> String {
        let count = secret.count
        return String(secret.prefix(revealed(count))) + "…(\(count) chars)"
    }

    private static func revealed(_ count: Int) -> Int { min(4, count / 5) }

    /// `text` with every occurrence of each of `secrets` replaced by its redacted form. Detectors shorten
    /// long lines and quoted code, marking the cut with "…" or "..."; a secret cut there is redacted too,
    /// when the piece left shows more of it than the redacted form would.
    public static func redact(_ text: String, hiding secrets: [String]) -> String {
        let scalars = Array(text.unicodeScalars)
        let cuts = cutPoints(scalars)
        var covered: [(range: Range<Int>, secret: String)] = []
        for secret in Set(secrets) where !secret.isEmpty {
            let s = Array(secret.unicodeScalars)
            guard s.count <= scalars.count || !cuts.isEmpty else { continue }
            var i = 0
            while i + s.count <= scalars.count {
                if scalars[i] == s[0] && scalars[i..<(i + s.count)].elementsEqual(s) {
                    covered.append((i..<(i + s.count), secret))
                    i += s.count
                } else {
                    i += 1
                }
            }
            let shortest = revealed(secret.count) + 1
            guard s.count > shortest else { continue }
            for cut in cuts {
                // The secret's start, cut off at the marker.
                for k in stride(from: min(s.count - 1, cut.lowerBound), through: shortest, by: -1)
                where scalars[(cut.lowerBound - k)..<cut.lowerBound].elementsEqual(s[0..<k]) {
                    covered.append(((cut.lowerBound - k)..<cut.lowerBound, secret))
                    break
                }
                // The secret's end, after the marker.
                for k in stride(from: min(s.count - 1, scalars.count - cut.upperBound), through: shortest, by: -1)
                where scalars[cut.upperBound..<(cut.upperBound + k)].elementsEqual(s[(s.count - k)...]) {
                    covered.append((cut.upperBound..<(cut.upperBound + k), secret))
                    break
                }
            }
        }
        guard !covered.isEmpty else { return text }
        covered.sort { $0.range.lowerBound != $1.range.lowerBound ? $0.range.lowerBound < $1.range.lowerBound : $0.range.count > $1.range.count }
        var out = String.UnicodeScalarView()
        var at = 0
        var index = 0
        while index < covered.count {
            // Overlapping pieces (two secrets sharing characters) become one redacted run.
            var end = covered[index].range.upperBound
            let secret = covered[index].secret
            out.append(contentsOf: scalars[at..<covered[index].range.lowerBound])
            index += 1
            while index < covered.count, covered[index].range.lowerBound < end {
                end = max(end, covered[index].range.upperBound)
                index += 1
            }
            out.append(contentsOf: redacted(secret).unicodeScalars)
            at = end
        }
        out.append(contentsOf: scalars[at...])
        return String(out)
    }

    /// Where a detector cut the text: "…" or "...", as scalar ranges.
    private static func cutPoints(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var cuts: [Range<Int>] = []
        var i = 0
        while i < scalars.count {
            if scalars[i] == "…" {
                cuts.append(i..<(i + 1))
            } else if scalars[i] == ".", i + 2 < scalars.count, scalars[i + 1] == ".", scalars[i + 2] == "." {
                cuts.append(i..<(i + 3))
                i += 2
            }
            i += 1
        }
        return cuts
    }
}
