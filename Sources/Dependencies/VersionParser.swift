/// The grammar of packaging's VERSION_PATTERN, read left to right. Each optional part may begin or end
/// with a separator (`-`, `_` or `.`), so a part is tried with and without its separators, greedy first,
/// and the first reading that reaches the end wins: the reading the regular expression would choose.
struct VersionParser {
    struct Parts {
        var epoch: Number?
        var release: [Number] = []
        var pre: (label: Version.PreLabel, number: Number)?
        var post: Number?
        var dev: Number?
        var local: [Version.LocalSegment] = []
    }

    /// The text as lowercased ASCII bytes, surrounding whitespace dropped (every version is ASCII; a
    /// record holds hundreds, so this works on bytes rather than Characters).
    private let s: [UInt8]

    init(_ text: String) {
        var bytes = Array(text.utf8)
        let space: (UInt8) -> Bool = { $0 == 0x20 || (0x09...0x0D).contains($0) }
        while let last = bytes.last, space(last) { bytes.removeLast() }
        let lead = bytes.prefix(while: space).count
        s = bytes.dropFirst(lead).map { (65...90).contains($0) ? $0 + 32 : $0 }
    }

    func parse() -> Parts? {
        var i = 0
        if i < s.count && s[i] == UInt8(ascii: "v") { i += 1 }
        var parts = Parts()
        if let (n, end) = digits(i), end < s.count, s[end] == UInt8(ascii: "!") {
            parts.epoch = n
            i = end + 1
        }
        guard let (first, afterFirst) = digits(i) else { return nil }
        parts.release = [first]
        i = afterFirst
        while i + 1 < s.count, s[i] == UInt8(ascii: "."), let (n, end) = digits(i + 1) {
            parts.release.append(n)
            i = end
        }
        return preRelease(i, parts)
    }

    // MARK: The optional parts, each handing on to the next

    private static let preLabels: [(String, Version.PreLabel)] = [
        ("alpha", .a), ("a", .a), ("beta", .b), ("b", .b), ("preview", .rc), ("pre", .rc), ("c", .rc), ("rc", .rc),
    ]

    private func preRelease(_ i: Int, _ parts: Parts) -> Parts? {
        part(i, Self.preLabels) { label, number, end in
            var next = parts
            next.pre = (label, number)
            return postRelease(end, next)
        } ?? postRelease(i, parts)
    }

    private func postRelease(_ i: Int, _ parts: Parts) -> Parts? {
        if i < s.count, s[i] == UInt8(ascii: "-"), let (n, end) = digits(i + 1) {
            var next = parts
            next.post = n
            if let done = devRelease(end, next) { return done }
        }
        return part(i, [("post", ()), ("rev", ()), ("r", ())]) { _, number, end in
            var next = parts
            next.post = number
            return devRelease(end, next)
        } ?? devRelease(i, parts)
    }

    private func devRelease(_ i: Int, _ parts: Parts) -> Parts? {
        part(i, [("dev", ())]) { _, number, end in
            var next = parts
            next.dev = number
            return localVersion(end, next)
        } ?? localVersion(i, parts)
    }

    /// An optional part: an optional separator, one of `labels`, an optional number (0 when absent).
    /// Each reading goes to `rest`, longest first, until one reaches the end; nil when none does.
    private func part<T>(_ i: Int, _ labels: [(String, T)], _ rest: (T, Number, Int) -> Parts?) -> Parts? {
        for start in separated(i) {
            for (word, value) in labels {
                guard let afterLabel = literal(word, start) else { continue }
                for (number, end) in number(after: afterLabel) {
                    if let done = rest(value, number ?? .zero, end) { return done }
                }
            }
        }
        return nil
    }

    private func localVersion(_ i: Int, _ parts: Parts) -> Parts? {
        if i == s.count { return parts }
        guard s[i] == UInt8(ascii: "+") else { return nil }
        var segments: [Version.LocalSegment] = []
        var j = i + 1
        while true {
            var end = j
            while end < s.count, isDigit(s[end]) || (97...122).contains(s[end]) { end += 1 }
            guard end > j else { return nil }
            let segment = s[j..<end]
            segments.append(segment.allSatisfy(isDigit) ? .number(Number(digits: segment)) : .word(String(decoding: segment, as: UTF8.self)))
            if end == s.count { break }
            guard isSeparator(s[end]) else { return nil }
            j = end + 1
        }
        var next = parts
        next.local = segments
        return next
    }

    // MARK: Pieces

    private func isSeparator(_ c: UInt8) -> Bool { c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: ".") }

    private func isDigit(_ c: UInt8) -> Bool { (48...57).contains(c) }

    /// Where a part may start: after an optional separator, with it first.
    private func separated(_ i: Int) -> [Int] {
        i < s.count && isSeparator(s[i]) ? [i + 1, i] : [i]
    }

    /// An optional separator and an optional number after a label, longest reading first.
    private func number(after i: Int) -> [(Number?, Int)] {
        var readings: [(Number?, Int)] = []
        for start in separated(i) {
            if let (n, end) = digits(start) { readings.append((n, end)) }
        }
        for start in separated(i) { readings.append((nil, start)) }
        return readings
    }

    private func digits(_ i: Int) -> (Number, Int)? {
        var end = i
        while end < s.count, isDigit(s[end]) { end += 1 }
        guard end > i else { return nil }
        return (Number(digits: s[i..<end]), end)
    }

    private func literal(_ word: String, _ i: Int) -> Int? {
        var j = i
        for c in word.utf8 {
            guard j < s.count, s[j] == c else { return nil }
            j += 1
        }
        return j
    }
}
