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
    private let hasShort: Bool
    /// Candidate keyword ids for one- and two-byte keywords, by key.
    private let candidates: [UInt32: [Int32]]
    /// Keywords of three bytes or more, grouped by the hash of their prefix: hash h owns entries
    /// `bucketStart[h]..<bucketStart[h + 1]` of `bucketPrefix` and `bucketID`. No hashing on the hot path
    /// beyond the multiply already done.
    private let bucketStart: [Int32]
    private let bucketPrefix: [UInt32]
    private let bucketID: [Int32]
    private let keywords: [[UInt8]]
    let keywordCount: Int

    init(keywords raw: [[UInt8]]) {
        let keywords = raw.map { $0.map(KeywordMatcher.fold) }
        self.keywords = keywords
        keywordCount = keywords.count
        fold = .allocate(capacity: 256)
        for b in 0..<256 { fold[b] = KeywordMatcher.fold(UInt8(b)) }
        triBits = .allocate(capacity: 1024); triBits.initialize(repeating: 0, count: 1024)
        biBits = .allocate(capacity: 1024); biBits.initialize(repeating: 0, count: 1024)
        monoBits = .allocate(capacity: 4); monoBits.initialize(repeating: 0, count: 4)
        var candidates: [UInt32: [Int32]] = [:]
        var long: [(Int, UInt32, Int32)] = []
        var hasShort = false
        for (id, k) in keywords.enumerated() where !k.isEmpty {
            switch k.count {
            case 1:
                hasShort = true
                KeywordMatcher.set(monoBits, Int(k[0]))
                candidates[KeywordMatcher.shortKey(k), default: []].append(Int32(id))
            case 2:
                hasShort = true
                KeywordMatcher.set(biBits, Int(k[0]) | Int(k[1]) << 8)
                candidates[KeywordMatcher.shortKey(k), default: []].append(Int32(id))
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
        self.candidates = candidates
        self.hasShort = hasShort
    }

    deinit {
        fold.deallocate(); triBits.deallocate(); biBits.deallocate(); monoBits.deallocate()
    }

    static func fold(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    @inline(__always) private static func hash(_ t: UInt32) -> Int { Int((t &* 0x9E37_79B1) >> 16) }
    @inline(__always) private static func set(_ bits: UnsafeMutablePointer<UInt64>, _ i: Int) { bits[i >> 6] |= 1 << UInt64(i & 63) }
    @inline(__always) private static func test(_ bits: UnsafeMutablePointer<UInt64>, _ i: Int) -> Bool {
        bits[i >> 6] & (1 << UInt64(i & 63)) != 0
    }
    /// Keys of short keywords cannot collide with three-byte prefixes: bit 31 marks them, length in bit 24.
    private static func shortKey(_ k: [UInt8]) -> UInt32 {
        k.count == 1 ? monoKey(k[0]) : biKey(k[0], k[1])
    }
    @inline(__always) private static func monoKey(_ a: UInt8) -> UInt32 { 0x8100_0000 | UInt32(a) }
    @inline(__always) private static func biKey(_ a: UInt8, _ b: UInt8) -> UInt32 { 0x8200_0000 | UInt32(a) | UInt32(b) << 8 }

    /// Finds the next position at or after `index` where at least one keyword starts. Returns it and
    /// fills `ids` with the keywords starting there; returns nil at the end. Resume from the position + 1.
    /// Not inlined, so its loop keeps everything in registers.
    @inline(never)
    func nextHit(in buffer: UnsafeBufferPointer<UInt8>, from index: Int, ids: inout [Int32]) -> Int? {
        guard let p = buffer.baseAddress else { return nil }
        let n = buffer.count
        let fold = self.fold, tri = triBits, bi = biBits, mono = monoBits
        var i = index
        // Main loop: three bytes readable at every position.
        while i &+ 2 < n {
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
        ids.removeAll(keepingCapacity: true)
        if long {
            let h = KeywordMatcher.hash(t)
            for j in Int(bucketStart[h])..<Int(bucketStart[h + 1]) where bucketPrefix[j] == t {
                let id = bucketID[j]
                if matches(keywords[Int(id)], p, n, i) { ids.append(id) }
            }
        }
        if short {
            let f0 = UInt8(t & 0xFF), f1 = UInt8((t >> 8) & 0xFF)
            if KeywordMatcher.test(biBits, Int(f0) | Int(f1) << 8), let two = candidates[KeywordMatcher.biKey(f0, f1)] { ids += two }
            if KeywordMatcher.test(monoBits, Int(f0)), let one = candidates[KeywordMatcher.monoKey(f0)] { ids += one }
        }
        return !ids.isEmpty
    }

    private func matches(_ k: [UInt8], _ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int) -> Bool {
        guard i + k.count <= n else { return false }
        var j = 3
        while j < k.count {
            if fold[Int(p[i + j])] != k[j] { return false }
            j += 1
        }
        return true
    }
}
