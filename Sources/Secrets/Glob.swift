/// Path globs as PCRE2 regexes, so globs and gitleaks path regexes share one matcher.
/// `**` crosses directories, `*` and `?` do not, `{a,b}` is alternation, `[...]` a class.
/// A glob without a slash matches the file name in any directory, as in .gitignore.
enum Glob {
    static func regex(for glob: String) -> String {
        var glob = Substring(glob)
        if glob.hasPrefix("./") { glob = glob.dropFirst(2) }
        if glob.hasPrefix("/") { glob = glob.dropFirst() }
        var out = "^"
        if !glob.contains("/") { out += "(?:.*/)?" }
        let chars = Array(glob)
        var i = 0
        var braceDepth = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "*":
                if i + 1 < chars.count, chars[i + 1] == "*" {
                    if i + 2 < chars.count, chars[i + 2] == "/" {
                        out += "(?:.*/)?"; i += 3
                    } else {
                        out += ".*"; i += 2
                    }
                    continue
                }
                out += "[^/]*"
            case "?": out += "[^/]"
            case "[":
                if let close = chars[(i + 1)...].firstIndex(of: "]"), close > i + 1 {
                    var body = String(chars[(i + 1)..<close])
                    if body.hasPrefix("!") { body = "^" + body.dropFirst() }
                    out += "[" + body.replacingOccurrences(of: "\\", with: "\\\\") + "]"
                    i = close + 1
                    continue
                }
                out += "\\["
            case "{": braceDepth += 1; out += "(?:"
            case "}" where braceDepth > 0: braceDepth -= 1; out += ")"
            case "," where braceDepth > 0: out += "|"
            default:
                if c.isLetter || c.isNumber || c == "/" || c == "_" || c == "-" { out.append(c) } else {
                    out += "\\Q\(c)\\E"
                }
            }
            i += 1
        }
        out += String(repeating: ")", count: braceDepth)
        return out + "$"
    }

    /// Paths are matched without a leading "./" or "/" so "a/b.py" and "./a/b.py" agree.
    static func normalize(_ path: String) -> String {
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        while p.hasPrefix("/") { p = p.dropFirst() }
        return String(p)
    }
}
