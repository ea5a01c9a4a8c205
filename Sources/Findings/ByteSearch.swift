#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Collection where Element == UInt8 {
    /// Does `needle` occur in these bytes? memchr for the first byte, then memcmp, because the haystack
    /// can be a whole file: the Python review asks of every file whether it registers views, and the
    /// history audit whether HEAD's version of a file still holds a finding's line. The secret filters
    /// ask it of lines and secrets.
    public func containsBytes(_ needle: [UInt8]) -> Bool {
        if let found = withContiguousStorageIfAvailable({ hay in ByteSearch.contains(hay, needle) }) { return found }
        return Array(self).containsBytes(needle)
    }

    public func hasSuffixBytes(_ suffix: [UInt8]) -> Bool {
        guard count >= suffix.count else { return false }
        if suffix.isEmpty { return true }
        // memcmp on contiguous bytes: the secret filters ask this of every candidate for a dozen suffixes,
        // and the generic comparison was a tenth of a scan with many findings.
        if let found = withContiguousStorageIfAvailable({ hay in
            suffix.withUnsafeBufferPointer { s in memcmp(hay.baseAddress! + (hay.count - s.count), s.baseAddress!, s.count) == 0 }
        }) { return found }
        return self.suffix(suffix.count).elementsEqual(suffix)
    }
}

private enum ByteSearch {
    static func contains(_ hay: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard hay.count >= needle.count, let base = hay.baseAddress else { return false }
        return needle.withUnsafeBufferPointer { n in
            let last = hay.count - n.count
            var i = 0
            while i <= last, let hit = memchr(base + i, Int32(first), last - i + 1) {
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + at, n.baseAddress!, n.count) == 0 { return true }
                i = at + 1
            }
            return false
        }
    }
}
