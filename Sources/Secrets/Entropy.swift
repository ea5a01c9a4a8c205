import Foundation

/// Shannon entropy of a secret, over Unicode scalars rather than bytes so a multi-byte character counts
/// once. Invalid UTF-8 bytes count as one character each.
public enum Entropy {
    public enum Alphabet: Sendable { case hex, base64, mixed }

    public static func shannon(_ bytes: some Collection<UInt8>) -> Double {
        var counts: [UInt32: Int] = [:]
        var total = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): counts[scalar.value, default: 0] += 1; total += 1
            case .error: counts[0x11_0000 + UInt32(total), default: 0] += 1; total += 1
            case .emptyInput: break loop
            }
        }
        return shannon(counts: counts.values, total: total)
    }

    public static func shannon(_ string: String) -> Double { shannon(Array(string.utf8)) }

    static func shannon(counts: some Sequence<Int>, total: Int) -> Double {
        guard total > 0 else { return 0 }
        let n = Double(total)
        var h = 0.0
        for c in counts where c > 0 {
            let p = Double(c) / n
            h -= p * log2(p)
        }
        return h
    }

    public static func alphabet(of bytes: some Collection<UInt8>) -> Alphabet {
        var hex = true, b64 = true
        for b in bytes {
            let isHex = (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)
            let isB64 = isHex || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == 0x2B || b == 0x2F || b == 0x3D || b == 0x2D || b == 0x5F
            if !isHex { hex = false }
            if !isB64 { b64 = false; break }
        }
        return hex ? .hex : (b64 ? .base64 : .mixed)
    }

    /// The declared threshold is for base64-like secrets (6 bits per character at most). Hex carries at
    /// most 4 bits per character, so a random hex string is held to two thirds of it (4.5 → 3.0, the
    /// thresholds detect-secrets uses). Mixed alphabets (passwords with symbols) keep the declared value.
    public static func threshold(_ declared: Double, for alphabet: Alphabet) -> Double {
        switch alphabet {
        case .hex: return declared * 4.0 / 6.0
        case .base64, .mixed: return declared
        }
    }

    public static func passes(_ secret: some Collection<UInt8>, minimum declared: Double) -> Bool {
        shannon(secret) >= threshold(declared, for: alphabet(of: secret))
    }
}
