/// Finds where any pattern keyword occurs (ASCII case-insensitively), once per file for all patterns,
/// so text without keywords never reaches a regex.
///
/// A first version was an Aho–Corasick DFA; with ~400 keywords its table outgrew the L1 cache and every
/// byte paid a dependent table load (about 175 MB/s). This one tests each position independently: the
/// three folded bytes starting there are hashed into a 64 Kbit set of keyword prefixes (8 KB, stays in
/// L1), and only positions whose prefix is in the set are verified against the keywords that start so.
/// Keywords of one or two bytes use direct tables. Positions do not depend on each other, so the CPU
/// overlaps them.
///
/// The tables live in memory this class allocates and frees, so the loop indexes raw pointers.
final class KeywordMatcher: @unchecked Sendable {
    private let fold: UnsafeMutablePointer<UInt8>
    /// Bit per hash of a three-byte prefix of some keyword.
    private let triBits: UnsafeMutablePointer<UInt64>
    /// Bit per two-byte keyword; bit per one-byte keyword.
    private let biBits: UnsafeMutablePointer<UInt64>
    private let monoBits: UnsafeMutablePointer<UInt64>
    /// First stage: a bit per raw (unfolded) byte pair that can begin a keyword, in every letter case,
    /// indexed by the little-endian 16-bit value at the position. One load and a bit test per byte.
    private let pairBits: UnsafeMutablePointer<UInt64>
    /// Second and third bytes of keywords of three bytes or more; and first pairs of short keywords.
    /// Both tests are combined without a branch, so only about one position in twenty-five branches off.
    private let nextPairBits: UnsafeMutablePointer<UInt64>
    private let shortPairBits: UnsafeMutablePointer<UInt64>
    private let hasShort: Bool
    /// Keywords of three bytes or more, grouped by the hash of their prefix: hash h owns entries
    /// `bucketStart[h]..<bucketStart[h + 1]` of `bucketPrefix` and `bucketID`. No hashing on the hot path
    /// beyond the multiply already done.
    private let bucketStart: [Int32]
    private let bucketPrefix: [UInt32]
    private let bucketID: [Int32]
    /// All keywords, folded, back to back: keyword k is `keywordBytes[keywordStart[k]..<keywordStart[k + 1]]`.
    private let keywordBytes: [UInt8]
    private let keywordStart: [Int]
    /// One- and two-byte keywords by their bytes (f0, or f0 | f1 << 8), as ranges of `shortID`.
    private let monoStart: [Int32]
    private let biStart: [Int32]
    private let monoID: [Int32]
    private let biID: [Int32]
    let keywordCount: Int

    init(keywords raw: [[UInt8]]) {
        let keywords = raw.map { $0.map(KeywordMatcher.fold) }
        keywordBytes = keywords.flatMap { $0 }
        keywordStart = keywords.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        keywordCount = keywords.count
        fold = .allocate(capacity: 256)
        for b in 0..<256 { fold[b] = KeywordMatcher.fold(UInt8(b)) }
        triBits = .allocate(capacity: 1024); triBits.initialize(repeating: 0, count: 1024)
        biBits = .allocate(capacity: 1024); biBits.initialize(repeating: 0, count: 1024)
        monoBits = .allocate(capacity: 4); monoBits.initialize(repeating: 0, count: 4)
        pairBits = .allocate(capacity: 1024); pairBits.initialize(repeating: 0, count: 1024)
        nextPairBits = .allocate(capacity: 1024); nextPairBits.initialize(repeating: 0, count: 1024)
        shortPairBits = .allocate(capacity: 1024); shortPairBits.initialize(repeating: 0, count: 1024)
        for k in keywords where !k.isEmpty {
            let firsts = KeywordMatcher.cases(k[0])
            let seconds = k.count > 1 ? KeywordMatcher.cases(k[1]) : (0...255).map { UInt8($0) }
            for a in firsts { for b in seconds { KeywordMatcher.set(pairBits, Int(a) | Int(b) << 8) } }
            if k.count >= 3 {
                for a in seconds { for b in KeywordMatcher.cases(k[2]) { KeywordMatcher.set(nextPairBits, Int(a) | Int(b) << 8) } }
            } else {
                for a in firsts { for b in seconds { KeywordMatcher.set(shortPairBits, Int(a) | Int(b) << 8) } }
            }
        }
        var mono: [(Int, Int32)] = [], bi: [(Int, Int32)] = []
        var long: [(Int, UInt32, Int32)] = []
        var hasShort = false
        for (id, k) in keywords.enumerated() where !k.isEmpty {
            switch k.count {
            case 1:
                hasShort = true
                KeywordMatcher.set(monoBits, Int(k[0]))
                mono.append((Int(k[0]), Int32(id)))
            case 2:
                hasShort = true
                KeywordMatcher.set(biBits, Int(k[0]) | Int(k[1]) << 8)
                bi.append((Int(k[0]) | Int(k[1]) << 8, Int32(id)))
            default:
                let t = UInt32(k[0]) | UInt32(k[1]) << 8 | UInt32(k[2]) << 16
                KeywordMatcher.set(triBits, KeywordMatcher.hash(t))
                long.append((KeywordMatcher.hash(t), t, Int32(id)))
            }
        }
        long.sort { ($0.0, $0.2) < ($1.0, $1.2) }
        var start = [Int32](repeating: 0, count: 65537)
        for entry in long { start[entry.0 + 1] += 1 }
        for h in 0..<65536 { start[h + 1] += start[h] }
        bucketStart = start
        bucketPrefix = long.map(\.1)
        bucketID = long.map(\.2)
        (monoStart, monoID) = KeywordMatcher.buckets(mono, size: 256)
        (biStart, biID) = KeywordMatcher.buckets(bi, size: 65536)
        self.hasShort = hasShort
    }

    deinit {
        fold.deallocate(); triBits.deallocate(); biBits.deallocate(); monoBits.deallocate(); pairBits.deallocate()
        nextPairBits.deallocate(); shortPairBits.deallocate()
    }

    static func fold(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// The raw bytes that fold to `b`: a lower-case letter and its upper case, or the byte itself.
    private static func cases(_ b: UInt8) -> [UInt8] { b >= 0x61 && b <= 0x7A ? [b, b & ~0x20] : [b] }

    @inline(__always) private static func hash(_ t: UInt32) -> Int { Int((t &* 0x9E37_79B1) >> 16) }
    @inline(__always) private static func set(_ bits: UnsafeMutablePointer<UInt64>, _ i: Int) { bits[i >> 6] |= 1 << UInt64(i & 63) }
    @inline(__always) private static func bit(_ bits: UnsafeMutablePointer<UInt64>, _ i: Int) -> UInt64 {
        (bits[i >> 6] >> UInt64(i & 63)) & 1
    }
    @inline(__always) private static func test(_ bits: UnsafeMutablePointer<UInt64>, _ i: Int) -> Bool {
        bits[i >> 6] & (1 << UInt64(i & 63)) != 0
    }
    private static func buckets(_ entries: [(Int, Int32)], size: Int) -> ([Int32], [Int32]) {
        let sorted = entries.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        var start = [Int32](repeating: 0, count: size + 1)
        for e in sorted { start[e.0 + 1] += 1 }
        for i in 0..<size { start[i + 1] += start[i] }
        return (start, sorted.map(\.1))
    }

    /// Finds the next position at or after `index` where at least one keyword starts. Returns it and
    /// fills `ids` with the keywords starting there; returns nil at the end. Resume from the position + 1.
    /// Not inlined, so its loop keeps everything in registers.
    @inline(never)
    func nextHit(in buffer: UnsafeBufferPointer<UInt8>, from index: Int, ids: inout [Int32]) -> Int? {
        guard let p = buffer.baseAddress else { return nil }
        let n = buffer.count
        let fold = self.fold, tri = triBits, bi = biBits, mono = monoBits, pairs = pairBits
        let nextPairs = nextPairBits, shortPairs = shortPairBits
        var i = index
        // Main loop: three bytes readable at every position.
        while i &+ 2 < n {
            let pair = Int(p[i]) | Int(p[i &+ 1]) << 8
            let next = Int(p[i &+ 1]) | Int(p[i &+ 2]) << 8
            let first = KeywordMatcher.bit(pairs, pair)
            let rest = KeywordMatcher.bit(nextPairs, next) | KeywordMatcher.bit(shortPairs, pair)
            if first & rest == 0 { i &+= 1; continue }
            let f0 = fold[Int(p[i])], f1 = fold[Int(p[i &+ 1])], f2 = fold[Int(p[i &+ 2])]
            let t = UInt32(f0) | UInt32(f1) << 8 | UInt32(f2) << 16
            let long = KeywordMatcher.test(tri, KeywordMatcher.hash(t))
            let short = hasShort && (KeywordMatcher.test(bi, Int(f0) | Int(f1) << 8) || KeywordMatcher.test(mono, Int(f0)))
            if (long || short) && verify(p, n, i, t, long: long, short: short, &ids) { return i }
            i &+= 1
        }
        // The last two positions, with missing bytes read as NUL (no keyword contains NUL).
        while i < n {
            let f0 = fold[Int(p[i])]
            let f1 = i &+ 1 < n ? fold[Int(p[i &+ 1])] : 0
            let t = UInt32(f0) | UInt32(f1) << 8
            if verify(p, n, i, t, long: false, short: hasShort, &ids) { return i }
            i &+= 1
        }
        return nil
    }

    /// Collects the keywords that really start at `i`.
    private func verify(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int, _ t: UInt32, long: Bool, short: Bool,
                        _ ids: inout [Int32]) -> Bool {
        if !ids.isEmpty { ids.removeAll(keepingCapacity: true) }
        if long {
            let h = KeywordMatcher.hash(t)
            var j = Int(bucketStart[h])
            let end = Int(bucketStart[h + 1])
            while j < end {
                if bucketPrefix[j] == t && matches(Int(bucketID[j]), p, n, i) { ids.append(bucketID[j]) }
                j += 1
            }
        }
        if short {
            let f0 = Int(t & 0xFF), f1 = Int((t >> 8) & 0xFF)
            let b = f0 | f1 << 8
            for j in Int(biStart[b])..<Int(biStart[b + 1]) { ids.append(biID[j]) }
            for j in Int(monoStart[f0])..<Int(monoStart[f0 + 1]) { ids.append(monoID[j]) }
        }
        return !ids.isEmpty
    }

    private func matches(_ k: Int, _ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int) -> Bool {
        let from = keywordStart[k], to = keywordStart[k + 1]
        guard i + (to - from) <= n else { return false }
        var j = from + 3
        var q = i + 3
        while j < to {
            if fold[Int(p[q])] != keywordBytes[j] { return false }
            j += 1; q += 1
        }
        return true
    }
}
