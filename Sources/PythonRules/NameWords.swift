/// Lowercase ASCII words looked for inside identifiers, ignoring case: the answer of
/// `words.contains { name.lowercased().contains($0) }`, found in one pass over the name's bytes.
/// Rules ask this of every assigned name at every statement; lower-casing each name into a new
/// String and searching it once per word was 7% of the issue-12 hook case.
struct NameWords: Sendable {
    /// The words' bytes end to end; `spans` locates each, grouped by first byte (`groups`, CSR-style).
    private let bytes: [UInt8]
    private let spans: [(start: Int, count: Int)]
    private let groups: [Int]
    let words: [String]

    init(_ words: [String]) {
        precondition(words.allSatisfy { w in !w.isEmpty && w.utf8.allSatisfy { $0 < 0x80 && !($0 &- 0x41 < 26) } },
                     "NameWords holds lowercase ASCII words")
        self.words = words
        var bytes: [UInt8] = [], byFirst = [[(start: Int, count: Int)]](repeating: [], count: 128)
        for w in words {
            byFirst[Int(w.utf8.first!)].append((bytes.count, w.utf8.count))
            bytes += w.utf8
        }
        var groups = [0]
        for g in byFirst { groups.append(groups.last! + g.count) }
        self.bytes = bytes
        self.spans = byFirst.flatMap { $0 }
        self.groups = groups
    }

    /// Does any word occur in `name`, compared as `name.lowercased()` would be?
    func occur(in name: String) -> Bool {
        if let found = scan(name) { return found }
        // Some non-ASCII letters lower-case to ASCII (the Kelvin sign to "k"): the exact, slow test.
        let lower = name.lowercased()
        return words.contains { lower.contains($0) }
    }

    /// nil when the answer needs the slow path: a non-ASCII byte, or a name whose bytes are not
    /// contiguous (never for Swift's native strings).
    private func scan(_ name: String) -> Bool? {
        name.utf8.withContiguousStorageIfAvailable { s -> Bool? in
            bytes.withUnsafeBufferPointer { w in
                spans.withUnsafeBufferPointer { spans in
                    groups.withUnsafeBufferPointer { groups in
                        let n = s.count
                        for i in 0..<n {
                            let b = s[i]
                            if b >= 0x80 { return nil }
                            let lower = Int(b &- 0x41 < 26 ? b | 0x20 : b)
                            for g in groups[lower]..<groups[lower + 1] {
                                let (start, count) = spans[g]
                                guard count <= n - i else { continue }
                                var k = 1
                                while k < count {
                                    let c = s[i + k]
                                    if (c &- 0x41 < 26 ? c | 0x20 : c) != w[start + k] { break }
                                    k += 1
                                }
                                if k == count { return true }
                            }
                        }
                        return false
                    }
                }
            }
        } ?? nil
    }
}

extension String {
    /// `lowercased() == word` for a lowercase ASCII word, without building the lower-cased copy.
    func lowercasedEquals(_ word: String) -> Bool {
        guard isASCIIText else { return lowercased() == word }
        return utf8.count == word.utf8.count && lowercasedMatches(word, atEnd: false)
    }

    /// `lowercased().hasSuffix(word)` for a lowercase ASCII word.
    func lowercasedHasSuffix(_ word: String) -> Bool {
        guard isASCIIText else { return lowercased().hasSuffix(word) }
        return utf8.count >= word.utf8.count && lowercasedMatches(word, atEnd: true)
    }

    /// `lowercased().hasPrefix(word)` for a lowercase ASCII word.
    func lowercasedHasPrefix(_ word: String) -> Bool {
        guard isASCIIText else { return lowercased().hasPrefix(word) }
        return utf8.count >= word.utf8.count && lowercasedMatches(word, atEnd: false)
    }

    /// Only ASCII bytes: then lower-casing is byte by byte.
    var isASCIIText: Bool {
        utf8.withContiguousStorageIfAvailable { !$0.contains { $0 >= 0x80 } } ?? utf8.allSatisfy { $0 < 0x80 }
    }

    /// Do the first (or last) bytes of this ASCII string, lower-cased, equal `word`'s?
    private func lowercasedMatches(_ word: String, atEnd: Bool) -> Bool {
        let w = word.utf8, u = utf8
        var i = atEnd ? u.index(u.endIndex, offsetBy: -w.count) : u.startIndex
        for c in w {
            let b = u[i]
            if (b &- 0x41 < 26 ? b | 0x20 : b) != c { return false }
            i = u.index(after: i)
        }
        return true
    }
}
