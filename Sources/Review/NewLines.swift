import Foundation
import Secrets

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
    @inline(__always)
    static func forEachLine(_ content: UnsafeRawBufferPointer, _ body: (Int, UInt64) -> Void) {
        forEachLine(content) { number, hash, _ in body(number, hash) }
    }

    /// The same with each line's length in bytes.
    @inline(__always)
    static func forEachLine(_ content: UnsafeRawBufferPointer, _ body: (Int, UInt64, Int) -> Void) {
        guard let base = content.baseAddress, !content.isEmpty else { body(1, hash(nil, 0), 0); return }
        var start = 0, number = 1
        let count = content.count
        while true {
            let end: Int
            if let hit = memchr(base + start, 0x0A, count - start) {
                end = base.distance(to: UnsafeRawPointer(hit))
            } else {
                end = count
            }
            body(number, hash(base + start, end - start), end - start)
            if end == count { return }
            start = end + 1
            number += 1
        }
    }

    /// Eight bytes at a time, multiply-xor mixing; never 0 (the table's empty key).
    @inline(__always)
    static func hash(_ bytes: UnsafeRawPointer?, _ count: Int) -> UInt64 {
        var h = seed ^ (UInt64(count) &* 0x9E37_79B9_7F4A_7C15)
        var tail: UInt64 = 0
        if let bytes {
            var i = 0
            while i + 8 <= count {
                h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
                h ^= h >> 32
                i += 8
            }
            var shift: UInt64 = 0
            while i < count {
                tail |= UInt64(bytes.load(fromByteOffset: i, as: UInt8.self)) << shift
                shift += 8
                i += 1
            }
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 29
        h = h &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 32
        return h == 0 ? 1 : h
    }
}

/// The lines of a new version that a line diff against every parent would call added, by the multiset
/// rule: the k-th line with a given text is new when every parent's version has fewer than k lines with
/// that text (a line moved within the file is not new; a copy of a line added below it is, and it is the
/// last copy that counts as the new one). `parentTables`: each parent's version at the path (a merge).
func newLines(of content: UnsafeRawBufferPointer, parentTables tables: [LineTable]) -> Set<Int> {
    var table = LineTable(capacityFor: content.count / 32)
    var added = Set<Int>()
    LineTable.forEachLine(content) { number, hash in
        let occurrence = table.add(hash)
        if tables.allSatisfy({ $0.count(hash) < occurrence }) { added.insert(number) }
    }
    return added
}

/// One parent, the usual case: most of a new version is the parent's, so the bytes both share at the
/// start and at the end (whole lines) are compared, not hashed, and only the lines between are counted.
/// Those shared lines are in both versions, so for a text the new version has `d` more of between them,
/// its last `d` occurrences in the whole new version are the new ones; they may lie in the shared end
/// (the same line added above an identical one), which is then walked for lines of those texts only.
func newLines(of new: UnsafeRawBufferPointer, parent old: UnsafeRawBufferPointer) -> Set<Int> {
    let newline = UInt8(ascii: "\n")
    guard let newBase = new.baseAddress, !new.isEmpty else {
        return newLines(of: new, parentTables: [LineTable(old)])
    }
    guard let oldBase = old.baseAddress, !old.isEmpty else { return newLines(of: new, parentTables: [LineTable(old)]) }
    let (n, m) = (new.count, old.count)
    // Whole lines shared at the start.
    var same = 0
    let shorter = min(n, m)
    while same < shorter {
        let step = min(4096, shorter - same)
        if memcmp(newBase + same, oldBase + same, step) != 0 {
            // The first differing byte, eight at a time (the lowest byte of a word comes first).
            while same + 8 <= shorter {
                let x = newBase.loadUnaligned(fromByteOffset: same, as: UInt64.self) ^ oldBase.loadUnaligned(fromByteOffset: same, as: UInt64.self)
                if x != 0 { same += x.trailingZeroBitCount / 8; break }
                same += 8
            }
            while same < shorter && new[same] == old[same] { same += 1 }
            break
        }
        same += step
    }
    var head = same
    while head > 0 && new[head - 1] != newline { head -= 1 }
    // Whole lines shared at the end, not overlapping the start's: a line start in both versions.
    var tail = 0
    let tailLimit = shorter - head
    while tail < tailLimit {
        let step = min(4096, tailLimit - tail)
        if memcmp(newBase + (n - tail - step), oldBase + (m - tail - step), step) != 0 {
            // The last differing byte, eight at a time (the highest byte of a word comes last).
            while tail + 8 <= tailLimit {
                let x = newBase.loadUnaligned(fromByteOffset: n - tail - 8, as: UInt64.self)
                    ^ oldBase.loadUnaligned(fromByteOffset: m - tail - 8, as: UInt64.self)
                if x != 0 { tail += x.leadingZeroBitCount / 8; break }
                tail += 8
            }
            while tail < tailLimit && new[n - 1 - tail] == old[m - 1 - tail] { tail += 1 }
            break
        }
        tail += step
    }
    if tail > 0 {
        let atLineStart = { (buffer: UnsafeRawBufferPointer, at: Int) in at == head || buffer[at - 1] == newline }
        if !(atLineStart(new, n - tail) && atLineStart(old, m - tail)) {
            // The first line start inside the shared end (a newline in it is one in both).
            var at = n - tail
            while at < n && new[at] != newline { at += 1 }
            tail = at < n ? n - at - 1 : 0
        }
    }
    let firstLine = 1 + newlineCount(UnsafeRawBufferPointer(rebasing: new[0..<head]))
    // The lines between: with a shared end they all end in a newline (the end's own last piece is the
    // file's last line); without one, the last piece is the file's last line.
    let newMiddle = UnsafeRawBufferPointer(rebasing: new[head..<(n - tail)])
    let oldMiddle = UnsafeRawBufferPointer(rebasing: old[head..<(m - tail)])
    var middle: [(hash: UInt64, line: Int, length: Int)] = []
    var newCounts = LineTable(capacityFor: newMiddle.count / 32)
    forEachMiddleLine(newMiddle, closedByTail: tail > 0) { offset, hash, length in
        middle.append((hash, firstLine + offset, length))
        _ = newCounts.add(hash)
    }
    var oldCounts = LineTable(capacityFor: oldMiddle.count / 32)
    forEachMiddleLine(oldMiddle, closedByTail: tail > 0) { _, hash, _ in _ = oldCounts.add(hash) }
    // A text the new side has `d` more of between the shared start and end: its last `d` occurrences
    // are the new ones. `taken` counts those found so far, walking from the end.
    var taken = LineTable(capacityFor: 16)
    let isNew = { (hash: UInt64) -> Bool in
        let more = Int(newCounts.count(hash)) - Int(oldCounts.count(hash))
        return more > 0 && Int(taken.count(hash)) < more
    }
    var added = Set<Int>()
    if tail > 0 {
        // Lengths of the texts with more copies, so the shared end's lines are hashed only when they may
        // be one of them.
        var lengths = LengthSet()
        var any = false
        for (hash, _, length) in middle where newCounts.count(hash) > oldCounts.count(hash) {
            lengths.insert(length)
            any = true
        }
        if !any { return [] }
        var inTail: [(hash: UInt64, line: Int)] = []
        var start = n - tail, number = firstLine + middle.count
        while true {
            let end = memchr(newBase + start, 0x0A, n - start).map { newBase.distance(to: UnsafeRawPointer($0)) } ?? n
            if lengths.contains(end - start) {
                let hash = LineTable.hash(newBase + start, end - start)
                if newCounts.count(hash) > oldCounts.count(hash) { inTail.append((hash, number)) }
            }
            if end >= n { break }
            start = end + 1
            number += 1
        }
        for (hash, line) in inTail.reversed() where isNew(hash) {
            added.insert(line)
            _ = taken.add(hash)
        }
    }
    for (hash, line, _) in middle.reversed() where isNew(hash) {
        added.insert(line)
        _ = taken.add(hash)
    }
    return added
}

/// The lines of a stretch between the shared start and end, numbered from 0. Closed by the shared end,
/// the stretch ends in a newline and has no piece after it.
private func forEachMiddleLine(_ stretch: UnsafeRawBufferPointer, closedByTail: Bool, _ body: (Int, UInt64, Int) -> Void) {
    if stretch.isEmpty {
        if !closedByTail { body(0, LineTable.hash(nil, 0), 0) }
        return
    }
    let lines = closedByTail ? UnsafeRawBufferPointer(rebasing: stretch.dropLast()) : stretch
    LineTable.forEachLine(lines) { number, hash, length in body(number - 1, hash, length) }
}

/// Line lengths, without hashing for the usual short ones.
private struct LengthSet {
    private var short = [UInt64](repeating: 0, count: 64)
    private var long = Set<Int>()

    mutating func insert(_ length: Int) {
        if length < 4096 { short[length >> 6] |= 1 << UInt64(length & 63) } else { long.insert(length) }
    }

    func contains(_ length: Int) -> Bool {
        length < 4096 ? short[length >> 6] & (1 << UInt64(length & 63)) != 0 : long.contains(length)
    }
}
