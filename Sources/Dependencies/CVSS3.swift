import Findings
import Foundation

/// The CVSS v3.0 / v3.1 base score of a vector such as `CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`,
/// by the specification's formulas (FIRST, CVSS v3.1 section 7.1), and its qualitative rating.
enum CVSS3 {
    static func baseScore(_ vector: String) -> Double? {
        let parts = vector.split(separator: "/")
        guard let head = parts.first, head == "CVSS:3.0" || head == "CVSS:3.1" else { return nil }
        var metrics: [Substring: Substring] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: ":", maxSplits: 1)
            guard pair.count == 2 else { return nil }
            metrics[pair[0]] = pair[1]
        }
        let changed: Bool
        switch metrics["S"] {
        case "U": changed = false
        case "C": changed = true
        default: return nil
        }
        let weights: [Substring: [Substring: Double]] = [
            "AV": ["N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2],
            "AC": ["L": 0.77, "H": 0.44],
            "PR": changed ? ["N": 0.85, "L": 0.68, "H": 0.5] : ["N": 0.85, "L": 0.62, "H": 0.27],
            "UI": ["N": 0.85, "R": 0.62],
            "C": ["H": 0.56, "L": 0.22, "N": 0], "I": ["H": 0.56, "L": 0.22, "N": 0], "A": ["H": 0.56, "L": 0.22, "N": 0],
        ]
        var w: [Substring: Double] = [:]
        for (metric, table) in weights {
            guard let value = metrics[metric], let weight = table[value] else { return nil }
            w[metric] = weight
        }
        let iss = 1 - (1 - w["C"]!) * (1 - w["I"]!) * (1 - w["A"]!)
        let impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss
        let exploitability = 8.22 * w["AV"]! * w["AC"]! * w["PR"]! * w["UI"]!
        if impact <= 0 { return 0 }
        let sum = changed ? 1.08 * (impact + exploitability) : impact + exploitability
        return roundUp(min(sum, 10), v30: head == "CVSS:3.0")
    }

    /// The specification's Roundup: the smallest one-decimal number not below the input. v3.1 works in
    /// integers first so that floating-point noise (4.000000001) does not round up a whole tenth.
    static func roundUp(_ x: Double, v30: Bool) -> Double {
        if v30 { return (x * 10).rounded(.up) / 10 }
        let scaled = Int((x * 100_000).rounded())
        return scaled % 10_000 == 0 ? Double(scaled) / 100_000 : (Double(scaled / 10_000) + 1) / 10
    }

    /// None and Low (0.0-3.9) are low; Medium 4.0-6.9; High 7.0-8.9; Critical 9.0-10.0.
    static func severity(_ score: Double) -> Severity {
        switch score {
        case 9...: return .critical
        case 7..<9: return .high
        case 4..<7: return .medium
        default: return .low
        }
    }
}
