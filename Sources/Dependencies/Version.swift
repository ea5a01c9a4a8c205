/// A PEP 440 version: parsed as `packaging.version.Version` parses it (case-insensitive, optional `v`,
/// the spelling variants `alpha`, `pre`, `rev`, `-1` and so on), printed in its normal form, and ordered
/// as pip orders releases: epoch, then release (trailing zeros do not count, so 1.0 == 1.0.0), then
/// dev-releases of a final release before its pre-releases, pre-releases before the final release,
/// post-releases after it, and a local version (`+ubuntu1`) after the same public version.
public struct Version: Hashable, Comparable, CustomStringConvertible, Sendable {
    public enum PreLabel: Int, Sendable, Comparable {
        case a, b, rc
        public static func < (x: PreLabel, y: PreLabel) -> Bool { x.rawValue < y.rawValue }
        var text: String { ["a", "b", "rc"][rawValue] }
    }

    /// A local version segment: numbers sort above words, words sort as text.
    public enum LocalSegment: Hashable, Sendable, Comparable {
        case word(String)
        case number(Number)
        public static func < (x: LocalSegment, y: LocalSegment) -> Bool {
            switch (x, y) {
            case let (.number(a), .number(b)): return a < b
            case let (.word(a), .word(b)): return a < b
            case (.word, .number): return true
            case (.number, .word): return false
            }
        }
        var text: String {
            switch self { case .word(let w): return w; case .number(let n): return n.description }
        }
    }

    public let epoch: Number
    public let release: [Number]
    public let pre: (label: PreLabel, number: Number)?
    public let post: Number?
    public let dev: Number?
    public let local: [LocalSegment]
    /// The release without trailing zeros: what ordering and equality use.
    private let significantRelease: ArraySlice<Number>

    public init?(_ text: String) {
        guard let parts = VersionParser(text).parse() else { return nil }
        epoch = parts.epoch ?? .zero
        release = parts.release
        pre = parts.pre
        post = parts.post
        dev = parts.dev
        local = parts.local
        var end = release.count
        while end > 0 && release[end - 1] == .zero { end -= 1 }
        significantRelease = release[..<end]
    }

    public var isPreRelease: Bool { pre != nil || dev != nil }

    /// The normal form, as `str(packaging.version.Version(text))` prints it.
    public var description: String {
        var out = epoch == .zero ? "" : "\(epoch)!"
        out += release.map(\.description).joined(separator: ".")
        if let pre { out += pre.label.text + pre.number.description }
        if let post { out += ".post\(post)" }
        if let dev { out += ".dev\(dev)" }
        if !local.isEmpty { out += "+" + local.map(\.text).joined(separator: ".") }
        return out
    }

    public static func == (a: Version, b: Version) -> Bool { compare(a, b) == 0 }
    public static func < (a: Version, b: Version) -> Bool { compare(a, b) < 0 }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(epoch)
        hasher.combine(Array(significantRelease))
        hasher.combine(pre?.label)
        hasher.combine(pre?.number)
        hasher.combine(post)
        hasher.combine(dev)
        hasher.combine(local)
    }

    /// -1, 0 or 1, following packaging's sort key field by field.
    static func compare(_ a: Version, _ b: Version) -> Int {
        if a.epoch != b.epoch { return a.epoch < b.epoch ? -1 : 1 }
        let n = max(a.significantRelease.count, b.significantRelease.count)
        for i in 0..<n {
            let x = i < a.significantRelease.count ? a.significantRelease[a.significantRelease.startIndex + i] : .zero
            let y = i < b.significantRelease.count ? b.significantRelease[b.significantRelease.startIndex + i] : .zero
            if x != y { return x < y ? -1 : 1 }
        }
        if let c = order(a.preKey, b.preKey) { return c }
        if let c = order(a.post.map(Bounded.value) ?? .below, b.post.map(Bounded.value) ?? .below) { return c }
        if let c = order(a.dev.map(Bounded.value) ?? .above, b.dev.map(Bounded.value) ?? .above) { return c }
        if a.local.isEmpty != b.local.isEmpty { return a.local.isEmpty ? -1 : 1 }
        if a.local != b.local { return a.local.lexicographicallyPrecedes(b.local) ? -1 : 1 }
        return 0
    }

    /// A dev-release of a final release (1.0.dev1) sorts before its pre-releases; a final release after them.
    private var preKey: Bounded<PreKey> {
        if let pre { return .value(PreKey(label: pre.label, number: pre.number)) }
        return post == nil && dev != nil ? .below : .above
    }

    private struct PreKey: Comparable {
        var label: PreLabel
        var number: Number
        static func < (x: PreKey, y: PreKey) -> Bool { (x.label, x.number) < (y.label, y.number) }
    }

    private static func order<T: Comparable>(_ x: T, _ y: T) -> Int? { x == y ? nil : (x < y ? -1 : 1) }
}

/// A value, or a bound below or above every value (packaging's NegativeInfinity and Infinity).
private enum Bounded<T: Comparable>: Comparable {
    case below
    case value(T)
    case above
}

/// A non-negative integer of any length (release numbers such as 20240101120000 do occur), kept as its
/// digits without leading zeros.
public struct Number: Hashable, Comparable, CustomStringConvertible, Sendable {
    public let digits: String
    public static let zero = Number(digits: "0")

    init(digits raw: ArraySlice<UInt8>) {
        let trimmed = raw.drop { $0 == UInt8(ascii: "0") }
        digits = trimmed.isEmpty ? "0" : String(decoding: trimmed, as: UTF8.self)
    }
    private init(digits: String) { self.digits = digits }

    public var description: String { digits }
    public static func < (a: Number, b: Number) -> Bool {
        a.digits.utf8.count != b.digits.utf8.count ? a.digits.utf8.count < b.digits.utf8.count : a.digits < b.digits
    }
}
