/// Python package names as PEP 503 compares them: case-insensitive, and runs of `-`, `_` and `.` are one
/// separator, so `Django`, `zope.interface` and `Zope_Interface` name the package an index serves once.
public enum PackageName {
    public static func normalize(_ name: String) -> String {
        var out = ""
        var inSeparator = false
        for scalar in name.unicodeScalars {
            if scalar == "-" || scalar == "_" || scalar == "." {
                if !inSeparator { out.append("-") }
                inSeparator = true
            } else {
                out.unicodeScalars.append(scalar)
                inSeparator = false
            }
        }
        return out.lowercased()
    }

    /// PEP 508's name: ASCII letters and digits, with `.`, `_` and `-` inside but not at either end.
    public static func isValid<S: StringProtocol>(_ name: S) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, let last = bytes.last, isAlnum(first), isAlnum(last) else { return false }
        return bytes.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    static func isAlnum(_ b: UInt8) -> Bool {
        (48...57).contains(b) || (65...90).contains(b) || (97...122).contains(b)
    }
}

/// A file's lines without their line endings. Splits on the scalar: in Swift "\r\n" is one Character, so
/// splitting Characters on "\n" would leave a CRLF file as a single line.
func textLines(_ text: String) -> [Substring] {
    text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { scalars in
        let line = Substring(scalars)
        return line.unicodeScalars.last == "\r" ? Substring(line.unicodeScalars.dropLast()) : line
    }
}
