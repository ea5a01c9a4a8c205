// Where TOML keys are, for the readers that need positions TOMLKit does not give (config errors,
// manifest lines).

/// Parses `a."b.c".'d'` up to "=", "]" or the end; returns the key segments and what follows.
public func tomlKeyPath(_ s: Substring) -> ([String], Substring)? {
    var keys: [String] = []
    var rest = s
    while true {
        rest = rest.drop { $0 == " " || $0 == "\t" }
        guard let first = rest.first else { return nil }
        if first == "\"" || first == "'" {
            var key = ""
            var i = rest.index(after: rest.startIndex)
            var closed = false
            while i < rest.endIndex {
                let c = rest[i]
                if c == first { closed = true; break }
                if c == "\\" && first == "\"" {
                    // Only \" and \\ matter for finding a key; other escapes are kept as written.
                    i = rest.index(after: i)
                    guard i < rest.endIndex else { return nil }
                    if rest[i] != "\\" && rest[i] != "\"" { key.append("\\") }
                    key.append(rest[i])
                } else {
                    key.append(c)
                }
                i = rest.index(after: i)
            }
            guard closed else { return nil }
            keys.append(key)
            rest = rest[rest.index(after: i)...]
        } else {
            let bare = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
            guard !bare.isEmpty else { return nil }
            keys.append(String(bare))
            rest = rest[bare.endIndex...]
        }
        rest = rest.drop { $0 == " " || $0 == "\t" }
        if rest.hasPrefix(".") { rest = rest.dropFirst(); continue }
        return (keys, rest)
    }
}
