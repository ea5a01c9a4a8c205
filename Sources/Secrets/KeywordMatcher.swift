/// Finds every occurrence of a set of keywords, ASCII case-insensitively, in one pass over a buffer, so
/// text without keywords never reaches a regex.
///
/// Almost every position holds no keyword, so the pass is built to say "not here" cheaply. At each
/// position the three bytes starting there, with bit 0x20 set (ASCII lower-casing, which also merges a
/// few punctuation pairs such as `[` and `{`), are hashed into a bitmap of 2^16 bits holding the first
/// three bytes of every keyword. One position's test does not depend on the previous one, so the
/// processor overlaps them. The Aho–Corasick automaton this replaced chained a dependent table load
/// through every byte and ran at about a third of the speed on the Python standard library.
///
/// A set bit is only a maybe (about 4% of positions in ordinary source): the keywords filed under that
/// hash are then compared in full. Keywords of one or two bytes cannot be filed by three bytes; they go
/// in a second bitmap indexed by the two bytes at a position, tested only when such keywords exist.
final class KeywordMatcher: @unchecked Sendable {
    /// A keyword occurrence: where it starts and which keyword (an index into `init`'s list).
    struct Hit: Equatable {
        var start: Int
        var keyword: Int32
    }

    /// 2^16 bits: hash of a keyword's first three bytes (0x20 set).
    private let grams: UnsafeMutablePointer<UInt64>
    /// 2^16 bits indexed by two bytes (0x20 set), for keywords shorter than three bytes; nil without them.
    private let pairs: UnsafeMutablePointer<UInt64>?
    /// Keywords of three bytes or more by the top 12 bits of their hash: bucket b holds
    /// `bucketKeywords[bucketStart[b]..<bucketStart[b + 1]]`.
    private let bucketStart: UnsafeMutablePointer<Int32>
    private let bucketKeywords: UnsafeMutablePointer<Int32>
    private let shortKeywords: [Int32]
    /// Every keyword's bytes, ASCII-lowercased, end to end: keyword k is `bytes[offsets[k]..<offsets[k + 1]]`.
    private let bytes: UnsafeMutablePointer<UInt8>
    private let offsets: UnsafeMutablePointer<Int32>

    private static let gramWords = 1 << 10
    private static let bucketBits = 12

    init(keywords: [[UInt8]]) {
        grams = .allocate(capacity: Self.gramWords)
        grams.initialize(repeating: 0, count: Self.gramWords)
        var flat: [UInt8] = []
        var offsets: [Int32] = [0]
        var buckets = [[Int32]](repeating: [], count: 1 << Self.bucketBits)
        var short: [Int32] = []
        var pairBits: [UInt64]? = nil
        for (k, keyword) in keywords.enumerated() {
            let folded = keyword.map(KeywordMatcher.fold)
            flat += folded
            offsets.append(Int32(flat.count))
            switch folded.count {
            case 0: continue
            case 1, 2:
                short.append(Int32(k))
                var bits = pairBits ?? [UInt64](repeating: 0, count: Self.gramWords)
                let first = UInt32(folded[0] | 0x20)
                // A one-byte keyword starts every pair that begins with it.
                let seconds: [UInt32] = folded.count == 2 ? [UInt32(folded[1] | 0x20)] : (0..<256).map { UInt32($0) | 0x20 }
                for second in seconds {
                    let pair = first | second << 8
                    bits[Int(pair >> 6)] |= 1 << (pair & 63)
                }
                pairBits = bits
            default:
                let h = KeywordMatcher.hash(UInt32(folded[0]) | UInt32(folded[1]) << 8 | UInt32(folded[2]) << 16 | 0x20_2020)
                grams[Int(h >> 6)] |= 1 << (h & 63)
                buckets[Int(h >> (16 - UInt32(Self.bucketBits)))].append(Int32(k))
            }
        }
        if let pairBits {
            pairs = .allocate(capacity: Self.gramWords)
            pairs!.initialize(from: pairBits, count: Self.gramWords)
        } else {
            pairs = nil
        }
        shortKeywords = short
        bucketStart = .allocate(capacity: buckets.count + 1)
        bucketKeywords = .allocate(capacity: max(1, buckets.reduce(0) { $0 + $1.count }))
        var n: Int32 = 0
        for (b, list) in buckets.enumerated() {
            bucketStart[b] = n
            for k in list { bucketKeywords[Int(n)] = k; n += 1 }
        }
        bucketStart[buckets.count] = n
        bytes = .allocate(capacity: max(1, flat.count))
        bytes.initialize(from: flat, count: flat.count)
        self.offsets = .allocate(capacity: offsets.count)
        self.offsets.initialize(from: offsets, count: offsets.count)
    }

    deinit {
        grams.deallocate()
        pairs?.deallocate()
        bucketStart.deallocate()
        bucketKeywords.deallocate()
        bytes.deallocate()
        offsets.deallocate()
    }

    static func fold(_ b: UInt8) -> UInt8 { b &- 0x41 < 26 ? b | 0x20 : b }

    /// 16 bits from three bytes (in the low 24 bits of `gram`): the top of a multiplicative hash.
    @inline(__always)
    private static func hash(_ gram: UInt32) -> UInt32 { ((gram & 0xFF_FFFF) &* 0x9E37_79B1) >> 16 }

    /// Appends every keyword occurrence that starts in `starts` and ends at or before `end`, in order of
    /// start (keywords starting at the same byte in no set order). Bytes of `buffer` past `end` may be
    /// read but are never matched. Callers walk a long range in slices of `starts` with one `end`, so a
    /// keyword crossing a slice boundary is still found and the hits of a slice stay few.
    func collect(in buffer: UnsafeBufferPointer<UInt8>, starts: Range<Int>, end to: Int, into hits: inout [Hit]) {
        guard let base = buffer.baseAddress, starts.lowerBound < to, to <= buffer.count else { return }
        let grams = self.grams
        var i = starts.lowerBound
        let stop = min(starts.upperBound, to)
        // Positions where a four-byte load stays inside the buffer take the fast path; the last few the
        // careful one.
        let fastEnd = min(stop, buffer.count - 3)
        if let pairs {
            while i < fastEnd {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt32.self) | 0x2020_2020
                let h = KeywordMatcher.hash(w)
                let pair = w & 0xFFFF
                if grams[Int(h >> 6)] & (1 << (h & 63)) != 0 || pairs[Int(pair >> 6)] & (1 << (pair & 63)) != 0 {
                    verify(base, at: i, to: to, into: &hits)
                }
                i &+= 1
            }
        } else {
            while i < fastEnd {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt32.self) | 0x2020_2020
                let h = KeywordMatcher.hash(w)
                if grams[Int(h >> 6)] & (1 << (h & 63)) != 0 { verify(base, at: i, to: to, into: &hits) }
                i &+= 1
            }
        }
        while i < stop {
            verify(base, at: i, to: to, into: &hits)
            i += 1
        }
    }

    /// Compares, in full, the keywords that could start at `at`.
    @inline(never)
    private func verify(_ base: UnsafePointer<UInt8>, at: Int, to: Int, into hits: inout [Hit]) {
        let room = to - at
        if room >= 3 {
            let gram = UInt32(base[at]) | UInt32(base[at + 1]) << 8 | UInt32(base[at + 2]) << 16 | 0x20_2020
            let b = Int(KeywordMatcher.hash(gram) >> (16 - UInt32(Self.bucketBits)))
            for j in Int(bucketStart[b])..<Int(bucketStart[b + 1]) {
                let k = bucketKeywords[j]
                if matches(k, base + at, room: room) { hits.append(Hit(start: at, keyword: k)) }
            }
        }
        // Short keywords are few (and absent from the default patterns): try each.
        for k in shortKeywords where matches(k, base + at, room: room) { hits.append(Hit(start: at, keyword: k)) }
    }

    @inline(__always)
    private func matches(_ k: Int32, _ text: UnsafePointer<UInt8>, room: Int) -> Bool {
        let start = Int(offsets[Int(k)]), end = Int(offsets[Int(k) + 1])
        guard end - start <= room else { return false }
        for j in 0..<(end - start) where KeywordMatcher.fold(text[j]) != bytes[start + j] { return false }
        return true
    }
}
