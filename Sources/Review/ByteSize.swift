import Foundation

/// A size as settings and `--max-file-size` write it: "10MiB", "1.5 GB", "4096" (bytes). Binary units are
/// powers of 1024, decimal units powers of 1000.
public struct ByteSize: Equatable, Sendable {
    public let bytes: Int

    public init?(_ text: String) {
        let s = text.trimmingCharacters(in: .whitespaces)
        let numberEnd = s.firstIndex { !($0.isASCII && ($0.isNumber || $0 == ".")) } ?? s.endIndex
        guard let number = Double(s[..<numberEnd]), number.isFinite, number > 0 else { return nil }
        let units: [String: Double] = [
            "": 1, "b": 1, "kb": 1e3, "kib": 1024, "mb": 1e6, "mib": 1_048_576, "gb": 1e9, "gib": 1_073_741_824,
        ]
        guard let unit = units[s[numberEnd...].trimmingCharacters(in: .whitespaces).lowercased()] else { return nil }
        let bytes = (number * unit).rounded()
        guard bytes >= 1, bytes < 1e15 else { return nil }
        self.bytes = Int(bytes)
    }
}
