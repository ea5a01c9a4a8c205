import Foundation

/// How many times each line text occurs in one version of a file, keyed by a 64-bit hash of the line's
/// bytes: the history audit builds one for every version it reads, so it has to cost about one pass
/// over the bytes (a Dictionary of byte arrays cost an allocation and a byte-by-byte hash per line).
/// Lines are what splitting on "\n" gives, the piece after the last newline included; "\r" stays part
/// of its line. Two different lines sharing a hash (2^-64 per pair; the seed is drawn per process, so
/// a repository cannot be crafted against it) would make one look old.
struct LineTable {
    private var keys: [UInt64]
    private var counts: [UInt32]
    private var used = 0

    init(capacityFor lines: Int) {
        var size = 16
        while size < lines * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        counts = [UInt32](repeating: 0, count: size)
    }

    /// The table of a whole version.
    init(_ content: UnsafeRawBufferPointer) {
        self.init(capacityFor: content.count / 32)
        LineTable.forEachLine(content) { _, hash in _ = self.add(hash) }
    }

    /// Bytes held, for the audit's bounded cache.
    var bytes: Int { keys.count * 12 }

    /// Counts one more occurrence of a line; returns how many there are now.
    mutating func add(_ hash: UInt64) -> UInt32 {
        if (used + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let key = keys[slot]
            if key == hash { counts[slot] += 1; return counts[slot] }
            if key == 0 {
                keys[slot] = hash
                counts[slot] = 1
                used += 1
                return 1
            }
            slot = (slot + 1) & mask
        }
    }

    func count(_ hash: UInt64) -> UInt32 {
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let key = keys[slot]
            if key == hash { return counts[slot] }
            if key == 0 { return 0 }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        var bigger = LineTable(capacityFor: keys.count)
        for (key, count) in zip(keys, counts) where key != 0 {
            let mask = bigger.keys.count - 1
            var slot = Int(truncatingIfNeeded: key) & mask
            while bigger.keys[slot] != 0 { slot = (slot + 1) & mask }
            bigger.keys[slot] = key
            bigger.counts[slot] = count
        }
        bigger.used = used
        self = bigger
    }

    /// Drawn once per process (see the type's comment).
    static let seed = UInt64.random(in: 1...UInt64.max)

    /// Each line's 1-based number and hash, in order.
    static func forEachLine(_ content: UnsafeRawBufferPointer, _ body: (Int, UInt64) -> Void) {
        guard let base = content.baseAddress, !content.isEmpty else { body(1, hash(nil, 0)); return }
        var start = 0, number = 1
        let count = content.count
        while true {
            let end: Int
            if let hit = memchr(base + start, 0x0A, count - start) {
                end = base.distance(to: UnsafeRawPointer(hit))
            } else {
                end = count
            }
            body(number, hash(base + start, end - start))
            if end == count { return }
            start = end + 1
            number += 1
        }
    }

    /// Eight bytes at a time, multiply-xor mixing; never 0 (the table's empty key).
    @inline(__always)
    static func hash(_ bytes: UnsafeRawPointer?, _ count: Int) -> UInt64 {
        var h = seed ^ (UInt64(count) &* 0x9E37_79B9_7F4A_7C15)
        var i = 0
        if let bytes {
            while i + 8 <= count {
                h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
                h ^= h >> 32
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < count {
                tail |= UInt64(bytes.load(fromByteOffset: i, as: UInt8.self)) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        }
        h ^= h >> 29
        h = h &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 32
        return h == 0 ? 1 : h
    }
}

/// The lines of a new version that a line diff against every parent would call added, by the multiset
/// rule: the k-th line with a given text is new when every parent's version has fewer than k lines with
/// that text (a line moved within the file is not new; a copy of a line added below it is). Also gives
/// back the new version's own table, for the next commit, whose parent it is.
func newLines(of content: UnsafeRawBufferPointer, parents: [LineTable]) -> (lines: Set<Int>, table: LineTable) {
    var table = LineTable(capacityFor: content.count / 32)
    var added = Set<Int>()
    LineTable.forEachLine(content) { number, hash in
        let occurrence = table.add(hash)
        if parents.allSatisfy({ $0.count(hash) < occurrence }) { added.insert(number) }
    }
    return (added, table)
}
