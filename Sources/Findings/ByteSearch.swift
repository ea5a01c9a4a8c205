#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Array where Element == UInt8 {
    /// Does `needle` occur in these bytes? memchr for the first byte, then memcmp, because the haystack
    /// can be a whole file: the Python review asks of every file whether it registers views, and the
    /// history audit whether HEAD's version of a file still holds a finding's line.
    public func containsBytes(_ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard count >= needle.count else { return false }
        return withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { n in
                let base = hay.baseAddress!
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
}
