import Python

/// Sanitizers that make a value safe for more than one class of sink, or whose effect depends on how
/// they are called, and what a value made only of some characters is safe for.
enum Sanitizers {
    /// Percent-encoding leaves letters, digits, `_.-~` and the `safe` characters (`/` unless told otherwise):
    /// no quote, space, angle bracket or line break is left, so it clears every sink those need; `.` and
    /// `/` stay, so it does not clear paths, and with its default `safe="/"` not redirects either
    /// (`//evil.example`). `quote_plus` and `urlencode` escape `/` too.
    static let percentEncoders: [String: String] = [
        "urllib.parse.quote": "/", "urllib.parse.quote_plus": "", "urllib.parse.urlencode": "",
        "urllib.quote": "/", "urllib.quote_plus": "", "urllib.urlencode": "",
        "werkzeug.urls.url_quote": "/:", "werkzeug.urls.url_quote_plus": "",
    ]

    /// `os.path.basename` leaves one path component, but that can still be `..`: it clears paths only
    /// after a check that rules `.`/`..` out (see `Engine.guards`), so it only tags the value.
    static let baseNames: Set<String> = ["os.path.basename", "posixpath.basename", "ntpath.basename"]

    /// Calls this file handles beyond `Tables.classSanitizers`, for `Tables.callFacts`.
    static var names: [String] { Array(percentEncoders.keys) + Array(baseNames) + ["re.sub"] }

    /// The sink classes a value is safe for when every character it can hold is in `chars`: those none of whose
    /// dangerous characters (`dangerous`) it can hold. Letters, digits, `_` and `-` are safe everywhere; a
    /// value that may hold anything (`.`, `[^...]`, `\S`) is safe nowhere.
    static func cleared(by chars: CharSet) -> BitSet<SinkClass> {
        if chars.anything { return [] }
        var out = SinkClass.all
        for b in chars.ascii where !isWordByte(b) {
            for (c, bad) in dangerous where bad.contains(b) { out.remove(c) }
        }
        return out
    }

    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
    }

    /// Per sink class, the characters that can change what the sink does with a value: a quote or a space ends
    /// an SQL token, shell metacharacters and spaces a shell word, `.` and `/` make `..` and absolute paths,
    /// `/`, `\`, `:`, `@` and blanks (browsers drop tabs) make `//host` and `javascript:`, a line break ends a
    /// header, `{` opens template syntax. Code and deserialization allow nothing but word characters.
    private static let dangerous: [(SinkClass, CharSet)] = {
        let controls = (0..<32).map(UInt8.init) + [127]
        let blanks: [UInt8] = Array(" \t\n\r\u{0B}\u{0C}".utf8)
        func set(_ s: String, _ extra: [UInt8] = []) -> CharSet {
            var c = CharSet()
            for b in s.utf8 { c.insert(b) }
            for b in extra { c.insert(b) }
            return c
        }
        var everything = CharSet()
        for b in 0..<128 where !isWordByte(UInt8(b)) { everything.insert(UInt8(b)) }
        return [
            (.sql, set("'\"`\\;=()#*", controls + blanks)),
            (.command, set(";|&$`\\<>()'\"*?[]{}!#^", controls + blanks)),
            (.code, everything),
            (.deserialization, everything),
            (.template, set("{}$<", [0])),
            (.html, set("<>&\"'`", [0])),
            (.xml, set("<>&\"'", [0])),
            (.path, set("./\\:~", [0])),
            (.url, set("/\\:@", controls + blanks)),
            (.header, set("\r\n")),
            (.ldap, set("*()\\,+\"<>;=#", [0])),
            (.xpath, set("'\"[]()/|=<>*@:", [0])),
        ]
    }()

    /// The sink classes a value is safe for once every character of `removed` is gone from it (and `kept`, the
    /// replacement, brings none back): those all of whose dangerous characters were removed.
    static func clearedByRemoving(_ removed: CharSet, keeping kept: CharSet) -> BitSet<SinkClass> {
        if removed.anything || kept.anything { return [] }
        var out: BitSet<SinkClass> = []
        for (c, bad) in dangerous where bad.ascii.allSatisfy({ removed.contains($0) && !kept.contains($0) }) { out.insert(c) }
        return out
    }

    /// What a percent-encoder with these `safe` characters leaves.
    static func percentEncoded(safe: String) -> BitSet<SinkClass> {
        var chars = CharSet()
        for b in "_.-~%".utf8 { chars.insert(b) }
        for b in safe.utf8 { chars.insert(b) }
        return cleared(by: chars)
    }
}

/// The characters a value can hold: ASCII ones one by one, anything else only as `\w`'s letters.
struct CharSet {
    private var low: UInt64 = 0, high: UInt64 = 0
    /// Any character at all (`.`, `[^...]`, `\S`, an escape not understood).
    var anything = false

    mutating func insert(_ b: UInt8) {
        if b >= 128 { anything = true } else if b < 64 { low |= 1 << UInt64(b) } else { high |= 1 << UInt64(b - 64) }
    }

    mutating func insert(_ range: ClosedRange<UInt8>) { for b in range { insert(b) } }

    mutating func formUnion(_ o: CharSet) { low |= o.low; high |= o.high; anything = anything || o.anything }

    var ascii: [UInt8] { (0..<128).compactMap { b -> UInt8? in contains(UInt8(b)) ? UInt8(b) : nil } }

    func contains(_ b: UInt8) -> Bool { b < 64 ? low & (1 << UInt64(b)) != 0 : b < 128 && high & (1 << UInt64(b - 64)) != 0 }
}

extension SinkClass {
    static let all: BitSet<SinkClass> = [.sql, .command, .code, .template, .html, .path, .url, .header, .xml, .deserialization, .ldap, .xpath]
}

extension Engine {
    /// What a sanitizer call leaves of its arguments' taint `all`, or nil when `c` is no sanitizer.
    func sanitized(_ c: Call, known: (facts: Tables.CallFacts, sanitizes: SinkClass?)?, all: Taint) -> Taint? {
        if let cls = known?.sanitizes {
            var t = all.clearing(cls)
            if cls == .url { t = t.clearing(.header) }
            t.tags = []
            return t
        }
        guard known?.facts.contains(.ownSanitizer) == true, let name = c.name else { return nil }
        var t = all
        t.tags = []
        if Sanitizers.baseNames.contains(name) {
            t.tags.insert(.baseName)
            return t
        }
        if name == "re.sub" {
            guard let classes = substitutionClears(c), !classes.isEmpty else { return nil }
            t.cleared.formUnion(classes)
            t.paramCleared.formUnion(classes)
            return t
        }
        if let defaultSafe = Sanitizers.percentEncoders[name] {
            var safe = defaultSafe
            if let s = c.keyword("safe") {
                guard let literal = s.stringish else { return all }
                safe = literal
            } else if c.args.count > 1, name.hasSuffix("quote") || name.hasSuffix("quote_plus") {
                guard let literal = c.args[1].stringish else { return all }
                safe = literal
            }
            t.cleared.formUnion(Sanitizers.percentEncoded(safe: safe))
            t.paramCleared.formUnion(Sanitizers.percentEncoded(safe: safe))
            return t
        }
        return nil
    }

    /// `re.sub(r"[^a-z0-9]", "", s)` leaves only the class's characters (and the replacement's);
    /// `re.sub(r"[\r\n]", "", s)` removes those characters, which clears the sinks they alone can attack.
    private func substitutionClears(_ c: Call) -> BitSet<SinkClass>? {
        guard c.args.count >= 3 || c.keyword("string") != nil, c.keyword("count") == nil, c.args.count <= 3,
              let p = c.arg(0, "pattern"), let pattern = file.constantString(p, in: function),
              let repl = c.arg(1, "repl")?.stringish, !repl.contains("\\") else { return nil }
        guard let (negated, members) = RegexShape.singleClass(pattern) else { return nil }
        var replacement = CharSet()
        for b in repl.utf8 { replacement.insert(b) }
        if negated {
            var left = members
            left.formUnion(replacement)
            return Sanitizers.cleared(by: left)
        }
        return Sanitizers.clearedByRemoving(members, keeping: replacement)
    }

    /// `s.replace("<", "&lt;")`: a chain (or a sequence of assignments) of replacements that escapes `<`
    /// and `&` or `>` makes the value safe for HTML, as a project's own escape helper does; one that removes
    /// both `\r` and `\n` makes it safe for a header.
    func replacementSanitizer(_ c: Call, _ t: Taint) -> Taint {
        guard c.args.count >= 2, let from = c.args[0].stringish, let to = c.args[1].stringish else { return t }
        var out = t
        switch (from, to.lowercased()) {
        case ("<", "&lt;"), ("<", "&#60;"), ("<", "&#x3c;"): out.tags.insert(.escapedLT)
        case (">", "&gt;"), (">", "&#62;"), (">", "&#x3e;"): out.tags.insert(.escapedGT)
        case ("&", "&amp;"), ("&", "&#38;"), ("&", "&#x26;"): out.tags.insert(.escapedAmp)
        case ("\r", _) where !to.contains("\r") && !to.contains("\n"): out.tags.insert(.removedCR)
        case ("\n", _) where !to.contains("\r") && !to.contains("\n"): out.tags.insert(.removedLF)
        default: return t
        }
        if out.tags.contains(.escapedLT), out.tags.contains(.escapedGT) || out.tags.contains(.escapedAmp) {
            out = out.clearing(.html)
        }
        if out.tags.contains(.removedCR), out.tags.contains(.removedLF) { out = out.clearing(.header) }
        return out
    }
}
