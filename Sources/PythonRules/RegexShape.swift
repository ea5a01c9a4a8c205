/// What a regular expression lets through, as far as a guard needs to know: the characters a match can
/// hold, and whether the match must cover the whole subject.
///
/// Only the common shapes of validation patterns are understood (literals, escapes such as `\d` and `\w`,
/// classes with ranges, groups, alternation, quantifiers, anchors). Anything else (`.`, a negated class,
/// `\S`, a hex escape, a verbose pattern) makes the pattern allow any character, so it clears nothing.
struct RegexShape {
    var chars = CharSet()
    /// Starts with `^` or `\A`.
    var anchoredStart = false
    /// Ends with `$` or `\Z` outside any group, with no top-level `|` (which would end the anchor's reach).
    var anchoredEnd = false
    /// `$` is the end anchor (it also matches before a final newline).
    var endsWithDollar = false

    init(_ pattern: String) {
        let p = Array(pattern.utf8)
        var i = 0
        var depth = 0
        var topLevelAlternation = false
        var lastTopLevelAnchorEnd = -1
        if p.first == UInt8(ascii: "^") || p.starts(with: Array("\\A".utf8)) { anchoredStart = true }
        func any() { chars.anything = true }
        while i < p.count {
            let b = p[i]
            switch b {
            case UInt8(ascii: "\\"):
                guard i + 1 < p.count else { any(); i += 1; continue }
                let e = p[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "A"), UInt8(ascii: "b"), UInt8(ascii: "B"): continue
                case UInt8(ascii: "Z"):
                    if depth == 0 { lastTopLevelAnchorEnd = i }
                    continue
                default: escape(e, into: &chars)
                }
            case UInt8(ascii: "["):
                i = charClass(p, from: i + 1, into: &chars)
            case UInt8(ascii: "("):
                depth += 1
                i += 1
                if i < p.count, p[i] == UInt8(ascii: "?") {
                    i += 1
                    guard i < p.count else { any(); continue }
                    switch p[i] {
                    case UInt8(ascii: ":"), UInt8(ascii: "="), UInt8(ascii: "!"): i += 1
                    case UInt8(ascii: "<"):
                        // Lookbehind (?<= (?<! or a named group (?<name>.
                        i += 1
                        if i < p.count, p[i] == UInt8(ascii: "=") || p[i] == UInt8(ascii: "!") { i += 1 } else { i = skipName(p, i) }
                    case UInt8(ascii: "P"):
                        i += 1
                        if i < p.count, p[i] == UInt8(ascii: "<") { i = skipName(p, i + 1) } else if i < p.count, p[i] == UInt8(ascii: "=") {
                            // A back-reference repeats what its group matched.
                            while i < p.count, p[i] != UInt8(ascii: ")") { i += 1 }
                        } else { any() }
                    case UInt8(ascii: "#"):
                        while i < p.count, p[i] != UInt8(ascii: ")") { i += 1 }
                    default:
                        // Inline flags (?i) (?a) ...; verbose or multi-line ones change the meaning.
                        var flags: [UInt8] = []
                        while i < p.count, p[i] != UInt8(ascii: ")"), p[i] != UInt8(ascii: ":") { flags.append(p[i]); i += 1 }
                        if flags.contains(UInt8(ascii: "x")) || flags.contains(UInt8(ascii: "m")) { any() }
                        if i < p.count, p[i] == UInt8(ascii: ":") { i += 1 }
                    }
                }
            case UInt8(ascii: ")"):
                depth = max(0, depth - 1)
                i += 1
            case UInt8(ascii: "|"):
                if depth == 0 { topLevelAlternation = true }
                i += 1
            case UInt8(ascii: "^"):
                i += 1
            case UInt8(ascii: "$"):
                i += 1
                if depth == 0 { lastTopLevelAnchorEnd = i; endsWithDollar = true }
            case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
                i += 1
            case UInt8(ascii: "{"):
                // A quantifier {m}, {m,}, {m,n}; otherwise a literal brace.
                var j = i + 1
                while j < p.count, (p[j] >= 0x30 && p[j] <= 0x39) || p[j] == UInt8(ascii: ",") { j += 1 }
                if j < p.count, p[j] == UInt8(ascii: "}"), j > i + 1 { i = j + 1 } else { chars.insert(b); i += 1 }
            case UInt8(ascii: "."):
                any()
                i += 1
            default:
                chars.insert(b)
                i += 1
            }
        }
        anchoredEnd = lastTopLevelAnchorEnd == p.count && !topLevelAlternation
        if lastTopLevelAnchorEnd != p.count { endsWithDollar = false }
        if topLevelAlternation { anchoredStart = false }
    }

    /// A pattern that is one character class (`[^a-z0-9]`, `[\r\n]+`): whether it is negated, and its members.
    static func singleClass(_ pattern: String) -> (negated: Bool, members: CharSet)? {
        var p = Substring(pattern)
        while let last = p.last, last == "+" || last == "*" { p = p.dropLast() }
        guard p.first == "[", p.last == "]", p.count > 2 else { return nil }
        var body = p.dropFirst().dropLast()
        let negated = body.first == "^"
        if negated { body = body.dropFirst() }
        // The body must hold no other `]` than an escaped one (so this is one class, not `[a]|[b]`).
        var escaped = false
        for ch in body {
            if escaped { escaped = false; continue }
            if ch == "\\" { escaped = true } else if ch == "]" || ch == "[" { return nil }
        }
        guard !body.isEmpty else { return nil }
        let shape = RegexShape("[" + body + "]")
        return shape.chars.anything ? nil : (negated, shape.chars)
    }

    /// Does a successful match prove the whole subject is made of `chars`?
    /// `fullmatch` always; `match` when the pattern ends with an end anchor; `search` when it starts with one too.
    /// In multi-line mode `$` ends any line.
    func coversSubject(method: String, multiline: Bool) -> Bool {
        switch method {
        case "fullmatch": return true
        case "match": return anchoredEnd && !(multiline && endsWithDollar)
        case "search": return anchoredStart && anchoredEnd && !multiline
        default: return false
        }
    }

    private func skipName(_ p: [UInt8], _ from: Int) -> Int {
        var i = from
        while i < p.count, p[i] != UInt8(ascii: ">") { i += 1 }
        return i + 1
    }

    /// The characters of one escape outside or inside a class.
    private func escape(_ e: UInt8, into chars: inout CharSet) {
        switch e {
        case UInt8(ascii: "d"): chars.insert(0x30...0x39)
        case UInt8(ascii: "w"):
            chars.insert(0x30...0x39); chars.insert(0x41...0x5A); chars.insert(0x61...0x7A); chars.insert(0x5F)
        case UInt8(ascii: "s"): for b in " \t\n\r\u{0B}\u{0C}".utf8 { chars.insert(b) }
        case UInt8(ascii: "n"): chars.insert(0x0A)
        case UInt8(ascii: "t"): chars.insert(0x09)
        case UInt8(ascii: "r"): chars.insert(0x0D)
        default:
            // An escaped punctuation character stands for itself; letters and digits (\x41, \1, \S, \D, \W, \u)
            // are not understood.
            if e < 128, !Sanitizers.isWordByte(e) || e == UInt8(ascii: "-") { chars.insert(e) } else { chars.anything = true }
        }
    }

    /// A character class from just after `[`; returns the index after its `]`.
    private func charClass(_ p: [UInt8], from: Int, into chars: inout CharSet) -> Int {
        var i = from
        if i < p.count, p[i] == UInt8(ascii: "^") { chars.anything = true }
        var members = CharSet()
        var first = true
        var previous: UInt8? = nil
        while i < p.count {
            let b = p[i]
            if b == UInt8(ascii: "]"), !first { chars.formUnion(members); return i + 1 }
            first = false
            if b == UInt8(ascii: "\\"), i + 1 < p.count {
                escape(p[i + 1], into: &members)
                previous = Sanitizers.isWordByte(p[i + 1]) ? nil : p[i + 1]
                i += 2
                continue
            }
            if b == UInt8(ascii: "-"), let lo = previous, i + 1 < p.count, p[i + 1] != UInt8(ascii: "]") {
                var hi = p[i + 1]
                var step = 2
                if hi == UInt8(ascii: "\\") {
                    guard i + 2 < p.count, !Sanitizers.isWordByte(p[i + 2]) else { chars.anything = true; return p.count }
                    hi = p[i + 2]
                    step = 3
                }
                if hi >= lo { members.insert(lo...hi) } else { chars.anything = true }
                previous = nil
                i += step
                continue
            }
            members.insert(b)
            previous = b
            i += 1
        }
        // No closing bracket: not a pattern Python would compile.
        chars.anything = true
        return p.count
    }
}
