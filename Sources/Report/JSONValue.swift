import Findings

/// A JSON value with a deterministic writer: keys sorted, two-space indentation, `null` written
/// explicitly. Foundation's JSONSerialization differs between platforms (slash escaping, booleans
/// bridged through NSNumber, float formatting), and reports must be byte-stable across runs.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// Written with at most three decimals: enough for durations, and never `0.30000000000000004`.
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
    public static func optional(_ i: Int?) -> JSONValue { i.map(JSONValue.int) ?? .null }

    /// Pretty-printed text with a trailing newline.
    public func rendered() -> String {
        var out = ""
        write(into: &out, indent: 0)
        out += "\n"
        return out
    }

    private func write(into out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += JSONValue.format(d)
        case .string(let s): JSONValue.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                item.write(into: &out, indent: indent + 2)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            // Report keys are ASCII, where String order, `jq -S` and Python's sort_keys all agree.
            let keys = members.keys.sorted()
            for (i, key) in keys.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                JSONValue.quote(key, into: &out)
                out += ": "
                members[key]!.write(into: &out, indent: indent + 2)
                out += i == keys.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        }
    }

    static func format(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        let thousandths = (d * 1000).rounded()
        guard abs(thousandths) < 1e15 else { return String(Int64(d.rounded())) }
        let n = Int64(thousandths)
        let sign = n < 0 ? "-" : ""
        let whole = abs(n) / 1000, frac = abs(n) % 1000
        if frac == 0 { return "\(sign)\(whole).0" }
        var fracText = String(frac)
        while fracText.count < 3 { fracText = "0" + fracText }
        while fracText.hasSuffix("0") { fracText.removeLast() }
        return "\(sign)\(whole).\(fracText)"
    }

    public static func quote(_ s: String, into out: inout String) {
        out += "\""
        // Most strings (paths, hashes, rule ids) need no escaping; copy those whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 >= 0x7F }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            // Valid JSON either way; escaped, a report shown in a log cannot carry a control sequence.
            case _ where scalar.isUnsafeInOutput: out += jsonEscape(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
