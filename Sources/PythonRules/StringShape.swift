import Python

/// Strings built around data keep their literal start and end, so a slice that covers only literal
/// text (`s[0:5]`, `s[-4:]` of `f"90583{param}abcd"`) is a constant and one that reaches into the
/// middle (`s[len("90583"):len(s) - 5]`) keeps the taint.
extension Engine {
    /// One piece of a built string: literal text, or a value whose literal ends may be known.
    enum Piece {
        case literal(String)
        case built(prefix: String, suffix: String)

        init(_ shape: Shape?) {
            switch shape {
            case .value(.string(let s))?: self = .literal(s)
            case .text(let p, let s)?: self = .built(prefix: p, suffix: s)
            default: self = .built(prefix: "", suffix: "")
            }
        }
    }

    /// The shape of the concatenation of pieces: a constant when every piece is one, else the literal
    /// text before the first piece of data and after the last.
    static func concatenate(_ pieces: [Piece]) -> Shape? {
        var prefix = "", suffix = ""
        var sawData = false
        for p in pieces {
            switch p {
            case .literal(let s):
                if sawData { suffix += s } else { prefix += s }
            case .built(let p, let s):
                if sawData { suffix = "" } else { prefix += p }
                sawData = true
                suffix = s
            }
            // A long literal run only needs its ends; a long constant is not folded.
            if prefix.utf8.count > Shape.maxString, !sawData { return nil }
            if suffix.utf8.count > Shape.maxString { suffix = String(suffix.unicodeScalars.suffix(Shape.maxAffix)) }
        }
        if !sawData { return .value(.string(prefix)) }
        if prefix.unicodeScalars.count > Shape.maxAffix { prefix = String(String.UnicodeScalarView(prefix.unicodeScalars.prefix(Shape.maxAffix))) }
        if suffix.unicodeScalars.count > Shape.maxAffix { suffix = String(String.UnicodeScalarView(suffix.unicodeScalars.suffix(Shape.maxAffix))) }
        if prefix.isEmpty && suffix.isEmpty { return nil }
        return .text(prefix: prefix, suffix: suffix)
    }

    /// `a + b` where at least one side is a string the analysis knows something of.
    func concatShape(_ l: Shape?, _ r: Shape?) -> Shape? {
        func stringish(_ s: Shape?) -> Bool {
            switch s {
            case .value(.string)?, .text?: return true
            default: return false
            }
        }
        guard stringish(l) || stringish(r) else { return nil }
        return Engine.concatenate([Piece(l), Piece(r)])
    }

    /// An f-string: its literal parts, and constants in its fields, are text; other fields are data.
    func joinedShape(_ parts: [Expr]) -> Shape? {
        var pieces: [Piece] = []
        for part in parts {
            if let s = part.stringLiteral { pieces.append(.literal(s)); continue }
            if case .formattedValue(let v, let conversion, let spec) = part.kind, spec == nil,
               conversion == -1 || conversion == Int(UInt8(ascii: "s")) {
                let t = eval(v)
                switch t.constant {
                case .string(let s)?: pieces.append(.literal(s)); continue
                case .int(let i)?: pieces.append(.literal(String(i))); continue
                default: pieces.append(Piece(t.shape)); continue
                }
            }
            pieces.append(.built(prefix: "", suffix: ""))
        }
        return Engine.concatenate(pieces)
    }

    /// `"literal %s ..." % x`: the text before the first conversion is fixed.
    func percentShape(_ format: String) -> Shape? {
        guard let i = format.firstIndex(of: "%") else { return .value(.string(format)) }
        let prefix = String(format[..<i])
        return prefix.isEmpty ? nil : .text(prefix: prefix, suffix: "")
    }

    /// `"literal {} ...".format(x)`: the text before the first brace and after the last is fixed.
    func formatShape(_ format: String) -> Shape? {
        let braces: Set<Character> = ["{", "}"]
        guard let first = format.firstIndex(where: braces.contains), let last = format.lastIndex(where: braces.contains) else {
            return .value(.string(format))
        }
        let prefix = String(format[..<first]), suffix = String(format[format.index(after: last)...])
        return prefix.isEmpty && suffix.isEmpty ? nil : .text(prefix: prefix, suffix: suffix)
    }

    /// A method of a constant string with constant arguments (`"a,b".split(",")`, `"ABC".lower()`).
    static func stringMethod(_ s: String, _ m: String, _ args: [Value?]) -> Shape? {
        var strings: [String] = []
        for a in args {
            guard case .string(let x)? = a else { return nil }
            strings.append(x)
        }
        func trimmed(_ x: Substring, _ chars: String?, start: Bool, end: Bool) -> String {
            let drop: (Character) -> Bool = { c in chars.map { $0.contains(c) } ?? c.isWhitespace }
            var out = x
            if start { out = out.drop(while: drop) }
            if end { while let last = out.last, drop(last) { out = out.dropLast() } }
            return String(out)
        }
        switch (m, strings.count) {
        case ("lower", 0): return .value(.string(s.lowercased()))
        case ("upper", 0): return .value(.string(s.uppercased()))
        case ("strip", 0), ("strip", 1), ("lstrip", 0), ("lstrip", 1), ("rstrip", 0), ("rstrip", 1):
            return .value(.string(trimmed(s[...], strings.first, start: m != "rstrip", end: m != "lstrip")))
        case ("replace", 2):
            guard !strings[0].isEmpty else { return nil }
            let out = s.split(separator: strings[0], omittingEmptySubsequences: false).joined(separator: strings[1])
            return out.utf8.count <= Shape.maxString ? .value(.string(out)) : nil
        case ("split", 0):
            let parts = s.split(whereSeparator: \.isWhitespace).map { Taint.constant(.string(String($0))) }
            return parts.count <= Shape.maxParts ? .elements(parts) : nil
        case ("split", 1):
            guard !strings[0].isEmpty else { return nil }
            let parts = s.split(separator: strings[0], omittingEmptySubsequences: false).map { Taint.constant(.string(String($0))) }
            return parts.count <= Shape.maxParts ? .elements(parts) : nil
        case ("startswith", 1): return .value(.bool(s.hasPrefix(strings[0])))
        case ("endswith", 1): return .value(.bool(s.hasSuffix(strings[0])))
        default: return nil
        }
    }

    /// The argument indices a format string uses, when every field is a plain `{}` or `{N}` (nil otherwise).
    static func positionalFields(_ f: String) -> [Int]? {
        var used: [Int] = []
        var auto = 0
        var chars = f.makeIterator()
        while let ch = chars.next() {
            if ch == "}" { guard chars.next() == "}" else { return nil }; continue }
            guard ch == "{" else { continue }
            var field = ""
            var closed = false
            while let x = chars.next() {
                if x == "{" && field.isEmpty { closed = true; field = "{"; break }
                if x == "}" { closed = true; break }
                field.append(x)
            }
            guard closed else { return nil }
            if field == "{" { continue }
            if field.isEmpty { used.append(auto); auto += 1 } else if let n = Int(field), n >= 0 { used.append(n) } else { return nil }
        }
        return used
    }

    /// `s.split(sep, k)` of a built string whose literal start holds `k` separators: the first `k` pieces.
    static func splitPrefix(_ prefix: String, _ sep: String, _ k: Int) -> [String]? {
        guard !sep.isEmpty, k > 0, k < Shape.maxParts else { return nil }
        let pieces = prefix.split(separator: sep, maxSplits: k, omittingEmptySubsequences: false).map(String.init)
        // The last piece runs into the data; the ones before it are whole.
        guard pieces.count == k + 1 else { return nil }
        return Array(pieces.prefix(k))
    }

    /// A position in a sequence: from its start, or `k` before its end.
    enum Bound: Equatable {
        case start(Int), end(Int)

        func absolute(_ count: Int) -> Int {
            switch self {
            case .start(let i): return min(max(i, 0), count)
            case .end(let k): return min(max(count - k, 0), count)
            }
        }
    }

    /// A slice bound written with constants, `len(...)` of constants, or `len(s) - k` of the sliced `s`.
    func bound(_ e: Expr?, default d: Bound, of sequence: Expr) -> Bound? {
        guard let e else { return d }
        let t = eval(e)
        if let i = t.constant?.integer { return i < 0 ? .end(-i) : .start(i) }
        if case .length(let name, let k)? = t.shape, name == sequence.dottedName { return .end(max(-k, 0)) }
        return nil
    }

    /// `s[a:b]` of a value whose shape is known, with its parts' taint.
    func sliced(_ t: Taint, _ sequence: Expr, _ slice: Expr) -> Taint? {
        guard case .slice(let lower, let upper, let step) = slice.kind, t.shape != nil else { return nil }
        if let step, eval(step).constant?.integer != 1 { return nil }
        guard let a = bound(lower, default: .start(0), of: sequence), let b = bound(upper, default: .end(0), of: sequence) else { return nil }
        switch t.shape {
        case .value(.string(let s))?:
            let scalars = Array(s.unicodeScalars)
            let (i, j) = (a.absolute(scalars.count), b.absolute(scalars.count))
            return .constant(.string(i < j ? String(String.UnicodeScalarView(scalars[i..<j])) : ""))
        case .elements(let parts)?:
            let (i, j) = (a.absolute(parts.count), b.absolute(parts.count))
            return t.part(Taint.collection(i < j ? Array(parts[i..<j]) : []))
        case .text(let prefix, let suffix)?:
            let p = Array(prefix.unicodeScalars), s = Array(suffix.unicodeScalars)
            func text(_ x: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(x)) }
            switch (a, b) {
            case let (.start(i), .start(j)) where j <= p.count:
                return .constant(.string(i < j ? text(p[max(i, 0)..<j]) : ""))
            case let (.end(i), .end(j)) where i <= s.count:
                return .constant(.string(j < i ? text(s[(s.count - i)..<(s.count - j)]) : ""))
            default:
                // The slice may reach the middle: keep the taint, and what is left of either literal end.
                var out = t
                var newPrefix = "", newSuffix = ""
                if case .start(let i) = a, i <= p.count { newPrefix = text(p[max(i, 0)...]) }
                if case .end(let j) = b, j <= s.count { newSuffix = text(s[..<(s.count - j)]) }
                out.shape = newPrefix.isEmpty && newSuffix.isEmpty ? nil : .text(prefix: newPrefix, suffix: newSuffix)
                return out
            }
        default:
            return nil
        }
    }

    /// `s[i]` of a constant string or of a built string's literal ends.
    func character(_ t: Taint, at index: Int) -> Taint? {
        func char(_ scalars: [Unicode.Scalar], _ i: Int) -> Taint? {
            let j = i < 0 ? scalars.count + i : i
            guard j >= 0, j < scalars.count else { return nil }
            return .constant(.string(String(scalars[j])))
        }
        switch t.shape {
        case .value(.string(let s))?: return char(Array(s.unicodeScalars), index)
        case .text(let p, _)? where index >= 0: return char(Array(p.unicodeScalars), index)
        case .text(_, let s)? where index < 0 && -index <= s.unicodeScalars.count: return char(Array(s.unicodeScalars), index)
        default: return nil
        }
    }
}
