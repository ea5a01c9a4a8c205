/// Source encodings (PEP 263): a `coding` cookie on the first or second line may declare a legacy
/// encoding. The tokenizer works on UTF-8, so such files are transcoded first; encodings we cannot
/// decode exactly are reported rather than guessed.

/// The source as UTF-8, or a diagnostic if its declared encoding is unknown, unsupported or violated.
func sourceAsUTF8(_ source: [UInt8]) -> (bytes: [UInt8], error: Diagnostic?) {
    let hasBOM = source.count >= 3 && source[0] == 0xEF && source[1] == 0xBB && source[2] == 0xBF
    guard let (declared, line) = codingCookie(source, from: hasBOM ? 3 : 0) else { return (source, nil) }
    let at = Position(line: line, column: 0)
    // CPython first normalizes the common spellings of UTF-8 and Latin-1 (its get_normal_name).
    var lowered = String(declared.prefix(12)).lowercased()
    lowered = String(lowered.map { $0 == "_" ? "-" : $0 })
    var normal = declared
    if lowered == "utf-8" || lowered.hasPrefix("utf-8-") {
        normal = "utf-8"
    } else if ["latin-1", "iso-8859-1", "iso-latin-1"].contains(where: { lowered == $0 || lowered.hasPrefix($0 + "-") }) {
        normal = "iso-8859-1"
    }
    if hasBOM && normal != "utf-8" {
        return (source, Diagnostic(position: at, message: "encoding problem: \(declared) with BOM"))
    }
    // Then looks the name up among its codecs, which ignore case and punctuation.
    let key = String(normal.lowercased().filter { $0.isLetter || $0.isNumber })
    switch key {
    case "utf8", "u8", "utf", "utf8ucs2", "utf8ucs4", "cp65001":
        return (source, nil)
    case "iso88591", "latin1", "latin", "l1", "8859", "cp819", "iso885911987", "isoir100", "csisolatin1", "ibm819":
        var out: [UInt8] = []
        out.reserveCapacity(source.count + source.count / 8)
        for b in source {
            if b < 0x80 { out.append(b) } else { out.append(0xC0 | (b >> 6)); out.append(0x80 | (b & 0x3F)) }
        }
        return (out, nil)
    case "ascii", "usascii", "646", "us":
        if let bad = source.firstIndex(where: { $0 >= 0x80 }) {
            return (source, Diagnostic(position: positionOf(bad, in: source), message: "(unicode error) 'ascii' codec can't decode byte"))
        }
        return (source, nil)
    default:
        break
    }
    guard let table = singleByteEncodings.first(where: { $0.names.contains(key) })?.table else {
        if knownButUnsupported.contains(key) {
            return (source, Diagnostic(position: at, message: "unsupported source encoding: \(declared)"))
        }
        return (source, Diagnostic(position: at, message: "unknown encoding: \(declared)"))
    }
    var out: [UInt8] = []
    out.reserveCapacity(source.count + source.count / 4)
    for (i, b) in source.enumerated() {
        if b < 0x80 { out.append(b); continue }
        let v = table[Int(b) - 0x80]
        if v == 0xFFFF {
            return (source, Diagnostic(position: positionOf(i, in: source), message: "(unicode error) '\(declared)' codec can't decode byte"))
        }
        out.append(contentsOf: String(Character(Unicode.Scalar(v)!)).utf8)
    }
    return (out, nil)
}

/// Encodings CPython knows that this parser does not decode (multi-byte and rarer code pages).
private let knownButUnsupported: Set<String> = [
    "shiftjis", "sjis", "cp932", "eucjp", "euckr", "gb2312", "gbk", "gb18030", "big5", "big5hkscs", "iso2022jp",
    "utf16", "utf32", "latin3", "latin4", "iso88593", "iso88594", "iso88596", "iso88597", "iso88598", "iso88599",
    "iso885910", "iso885913", "iso885914", "iso885916", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "cp437", "cp850", "cp852", "cp866", "macroman", "maccyrillic", "koi8t", "hz", "johab", "cp949", "cp950", "utf7",
]

func positionOf(_ offset: Int, in s: [UInt8]) -> Position {
    var line = 1, start = 0
    for i in 0..<min(offset, s.count) where s[i] == 10 { line += 1; start = i + 1 }
    return Position(line: line, column: offset - start)
}

/// The encoding named by a `coding[:=]` comment on line 1, or on line 2 if line 1 is blank or a comment.
func codingCookie(_ s: [UInt8], from start: Int) -> (String, Int)? {
    var lineStart = start
    for lineNo in 1...2 {
        var end = lineStart
        while end < s.count && s[end] != 10 && s[end] != 13 { end += 1 }
        var i = lineStart
        while i < end && (s[i] == 32 || s[i] == 9 || s[i] == 12) { i += 1 }
        if i < end && s[i] == 35 {
            // Look for "coding" followed by ':' or '=' then the name.
            var j = i + 1
            while j + 6 < end {
                if s[j] == 99, s[j + 1] == 111, s[j + 2] == 100, s[j + 3] == 105, s[j + 4] == 110, s[j + 5] == 103,
                   s[j + 6] == 58 || s[j + 6] == 61 {
                    var k = j + 7
                    while k < end && (s[k] == 32 || s[k] == 9) { k += 1 }
                    let nameStart = k
                    while k < end && (isIdentChar(s[k]) && s[k] < 128 || s[k] == 45 || s[k] == 46) { k += 1 }
                    if k > nameStart {
                        return (String(decoding: s[nameStart..<k], as: UTF8.self), lineNo)
                    }
                }
                j += 1
            }
        } else if i < end {
            return nil  // Code on line 1: no cookie on line 2 is honored.
        }
        if end >= s.count { return nil }
        lineStart = end + (s[end] == 13 && end + 1 < s.count && s[end + 1] == 10 ? 2 : 1)
    }
    return nil
}
