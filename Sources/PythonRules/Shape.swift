import Python

/// A value the analysis knows exactly: the constants it folds through local variables.
enum Value: Sendable, Hashable {
    case int(Int), float(Double), string(String), bool(Bool), none

    /// Python's truth of the value.
    var truth: Bool {
        switch self {
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .bool(let b): return b
        case .none: return false
        }
    }

    /// The value as an integer where Python would use it as one (`True + 1`).
    var integer: Int? {
        switch self {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// The value as a number, for arithmetic and comparisons that mix integers and floats.
    var number: Double? {
        if case .float(let d) = self { return d }
        return integer.map(Double.init)
    }

    /// A literal's value; complex numbers, bytes and big integers are not folded.
    init?(_ c: Constant) {
        switch c {
        case .none: self = .none
        case .true: self = .bool(true)
        case .false: self = .bool(false)
        case .string(let s): self = .string(s)
        case .int(let text):
            guard let i = Value.parseInt(text) else { return nil }
            self = .int(i)
        case .float(let text):
            guard let d = Double(text.replacingOccurrences(of: "_", with: "")), d.isFinite else { return nil }
            self = .float(d)
        default: return nil
        }
    }

    /// The literal that spells the value, for rules that judge a flag by its literal.
    var literal: Constant? {
        switch self {
        case .int(let i): return .int(String(i))
        case .float(let d): return .float(String(d))
        case .string(let s): return .string(s)
        case .bool(let b): return b ? .true : .false
        case .none: return Constant.none
        }
    }

    static func parseInt(_ text: String) -> Int? {
        if let i = Int(text) { return i }
        let t = text.replacingOccurrences(of: "_", with: "").lowercased()
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where t.hasPrefix(prefix) {
            return Int(t.dropFirst(2), radix: radix)
        }
        return Int(t)
    }
}

/// What the analysis knows about a value's contents besides its taint. The taint of a collection stays the
/// join of its parts, so every use that ignores the shape is still right; the shape only adds precision
/// where a constant index, key, bound or condition lets the analysis pick a part.
indirect enum Shape: Sendable, Equatable {
    /// A known constant.
    case value(Value)
    /// A list, tuple or deque by position.
    case elements([Taint])
    /// A dict by constant key.
    case entries([Value: Taint])
    /// A string built as `prefix + (anything) + suffix`, where only the middle can carry data.
    case text(prefix: String, suffix: String)
    /// `len(name) + offset`, so a slice bound `len(s) - 5` counts from the end of `s`.
    case length(of: String, plus: Int)

    /// Beyond this many parts a collection collapses to the join of its parts.
    static let maxParts = 32
    /// Longer constant strings are not built (a loop of concatenations must stay cheap).
    static let maxString = 1024
    /// How much of a built string's literal start and end is kept.
    static let maxAffix = 256

    var constant: Value? { if case .value(let v) = self { return v } else { return nil } }
    var isCollection: Bool {
        switch self {
        case .elements, .entries: return true
        default: return false
        }
    }

    /// The shape on both of two control-flow paths, or nil when they disagree.
    static func join(_ a: Shape?, _ b: Shape?) -> Shape? {
        guard let a, let b else { return nil }
        if a == b { return a }
        switch (a, b) {
        case let (.elements(x), .elements(y)) where x.count == y.count:
            return .elements(zip(x, y).map { $0.joined(with: $1) })
        case let (.entries(x), .entries(y)):
            var out = x
            for (k, v) in y { out[k] = out[k].map { $0.joined(with: v) } ?? v }
            return .entries(out)
        case let (.text(p1, s1), .text(p2, s2)):
            return .text(prefix: commonPrefix(p1, p2), suffix: commonSuffix(s1, s2))
        case let (.value(.string(s)), .text(p, x)), let (.text(p, x), .value(.string(s))):
            return .text(prefix: commonPrefix(s, p), suffix: commonSuffix(s, x))
        default:
            return nil
        }
    }

    static func commonPrefix(_ a: String, _ b: String) -> String {
        String(String.UnicodeScalarView(zip(a.unicodeScalars, b.unicodeScalars).prefix { $0 == $1 }.map(\.0)))
    }

    static func commonSuffix(_ a: String, _ b: String) -> String {
        let r = zip(a.unicodeScalars.reversed(), b.unicodeScalars.reversed()).prefix { $0 == $1 }.map(\.0)
        return String(String.UnicodeScalarView(r.reversed()))
    }
}

extension Taint {
    /// A constant: safe, and known.
    static func constant(_ v: Value) -> Taint { var t = Taint.safe; t.shape = .value(v); return t }

    /// A collection of these parts: its taint is their join, its shape the parts while few enough.
    static func collection(_ parts: [Taint]) -> Taint {
        var t = parts.reduce(Taint.safe) { $0.combined(with: $1) }
        if parts.count <= Shape.maxParts { t.shape = .elements(parts.map(\.asPart)) }
        return t
    }

    static func mapping(_ entries: [Value: Taint]) -> Taint {
        var t = entries.values.reduce(Taint.safe) { $0.combined(with: $1) }
        if entries.count <= Shape.maxParts { t.shape = .entries(entries.mapValues(\.asPart)) }
        return t
    }

    /// A part stored in a collection keeps its constant but not a collection of its own: one level of
    /// structure is enough for the cases that matter and keeps every copy of a value small.
    var asPart: Taint {
        guard shape?.isCollection == true else { return self }
        var t = self
        t.shape = nil
        return t
    }

    var constant: Value? { shape?.constant }
    var withoutShape: Taint { var t = self; t.shape = nil; return t }
    func shaped(_ s: Shape?) -> Taint { var t = self; t.shape = s; return t }

    /// A part read out of a container: the lines the container passed through count for it too.
    func part(_ p: Taint) -> Taint {
        var out = p
        out.via = Taint.mergeLines(p.via, via)
        return out
    }
}
