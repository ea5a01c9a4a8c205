import Git

/// The one rule for what the detectors read, in every job: staged, commit, diff and history hand it
/// each blob (through `ChangeOptions.skipReason`: git knows file modes, not what is worth scanning),
/// the history audit and the baseline each file of a tree, `scan` each file on disk. So a file is
/// skipped for the same reason, in the same words, whichever job meets it.
///
/// It lives in Review, beside the settings it takes its limit from, rather than in Git (`scan` needs it
/// without a repository) or in Findings (which holds the values every module shares, not policies).
public struct ScanGate: Sendable {
    public var maxFileSize: Int

    public init(maxFileSize: Int) { self.maxFileSize = maxFileSize }

    public static let binary = "binary"
    public static let lfsPointer = "Git LFS pointer"
    public static func tooLarge(_ limit: Int) -> String { "larger than \(formatSize(limit))" }

    /// Why the detectors do not read `content`, or nil when they do.
    public func skipReason(_ content: UnsafeRawBufferPointer) -> String? {
        if content.count > maxFileSize { return ScanGate.tooLarge(maxFileSize) }
        if isGitLFSPointer(content) { return ScanGate.lfsPointer }
        if looksBinary(content) { return ScanGate.binary }
        return nil
    }

    public func skipReason(_ content: [UInt8]) -> String? {
        content.withUnsafeBytes { skipReason($0) }
    }

    /// Options for reading a change that load only what this gate lets through.
    public var changeOptions: ChangeOptions {
        let gate = self
        return ChangeOptions(skipReason: { gate.skipReason($0) })
    }
}

/// Binary or text, judged on more than one byte. A known binary format (from its first bytes) is
/// binary; otherwise a file is binary when more than a tenth of what is sampled is neither text
/// nor whitespace: control bytes (NUL included) and bytes that are not UTF-8. git (and libgit2's
/// `git_blob_is_binary`) call a file binary on one NUL in its first 8,000 bytes, or on a single
/// control byte in a file of under 128 printable bytes, and so a `.env` holding a stray BEL, token
/// and all, was never read. Samples: the whole file up to 12 KiB, else 4 KiB from its start, middle
/// and end, and any binary-looking sample makes the file binary (a script with an archive appended
/// is not read as text).
public func looksBinary(_ content: UnsafeRawBufferPointer) -> Bool {
    if content.isEmpty { return false }
    if knownBinaryFormat(content) != nil { return true }
    let window = 4 * 1024
    if content.count <= 3 * window { return mostlyNotText(UnsafeRawBufferPointer(rebasing: content[...])) }
    for start in [0, content.count / 2 - window / 2, content.count - window] {
        if mostlyNotText(UnsafeRawBufferPointer(rebasing: content[start..<start + window])) { return true }
    }
    return false
}

public func looksBinary(_ content: [UInt8]) -> Bool {
    content.withUnsafeBytes { looksBinary($0) }
}

/// The format a file's first bytes announce, for formats whose signature cannot start a text file.
public func knownBinaryFormat(_ content: UnsafeRawBufferPointer) -> String? {
    guard let first = content.first else { return nil }
    // Plain loops: this runs on every blob of a history.
    search: for (name, parts) in binarySignatures {
        if parts[0].offset == 0 && parts[0].bytes[0] != first { continue }
        for (offset, bytes) in parts {
            guard content.count >= offset + bytes.count else { continue search }
            for i in 0..<bytes.count where content[offset + i] != bytes[i] { continue search }
        }
        return name
    }
    return nil
}

/// Each format with the bytes it has at given offsets (all of them must match).
private let binarySignatures: [(name: String, parts: [(offset: Int, bytes: [UInt8])])] = [
    ("PNG image", [(0, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])]),
    ("JPEG image", [(0, [0xFF, 0xD8, 0xFF])]),
    ("GIF image", [(0, Array("GIF8".utf8)), (5, Array("a".utf8))]),
    ("TIFF image", [(0, [0x49, 0x49, 0x2A, 0x00])]), ("TIFF image", [(0, [0x4D, 0x4D, 0x00, 0x2A])]),
    ("ICO image", [(0, [0x00, 0x00, 0x01, 0x00])]),
    ("WebP image", [(0, Array("RIFF".utf8)), (8, Array("WEBP".utf8))]),
    ("WAV audio", [(0, Array("RIFF".utf8)), (8, Array("WAVE".utf8))]),
    ("AVI video", [(0, Array("RIFF".utf8)), (8, Array("AVI ".utf8))]),
    ("Ogg media", [(0, Array("OggS".utf8) + [0])]),
    ("FLAC audio", [(0, Array("fLaC".utf8) + [0])]),
    ("ZIP archive (also jar, wheel, docx)", [(0, [0x50, 0x4B, 0x03, 0x04])]),
    ("ZIP archive (also jar, wheel, docx)", [(0, [0x50, 0x4B, 0x05, 0x06])]),
    ("ZIP archive (also jar, wheel, docx)", [(0, [0x50, 0x4B, 0x07, 0x08])]),
    ("gzip data", [(0, [0x1F, 0x8B, 0x08])]),
    ("bzip2 data", [(0, Array("BZh".utf8)), (4, Array("1AY&SY".utf8))]),
    ("xz data", [(0, [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00])]),
    ("Zstandard data", [(0, [0x28, 0xB5, 0x2F, 0xFD])]),
    ("7-Zip archive", [(0, [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C])]),
    ("tar archive", [(257, Array("ustar".utf8))]),
    ("ELF executable", [(0, [0x7F, 0x45, 0x4C, 0x46])]),
    ("Mach-O executable", [(0, [0xFE, 0xED, 0xFA, 0xCE])]), ("Mach-O executable", [(0, [0xFE, 0xED, 0xFA, 0xCF])]),
    ("Mach-O executable", [(0, [0xCE, 0xFA, 0xED, 0xFE])]), ("Mach-O executable", [(0, [0xCF, 0xFA, 0xED, 0xFE])]),
    ("Java class or Mach-O universal binary", [(0, [0xCA, 0xFE, 0xBA, 0xBE])]),
    ("WebAssembly module", [(0, [0x00, 0x61, 0x73, 0x6D])]),
    ("PDF document", [(0, Array("%PDF-".utf8))]),
    ("SQLite database", [(0, Array("SQLite format 3".utf8) + [0])]),
    ("WOFF font", [(0, Array("wOFF".utf8))]), ("WOFF2 font", [(0, Array("wOF2".utf8))]),
]

/// More than a tenth of `sample` is control bytes or bytes that are not UTF-8. Tab, line feed,
/// vertical tab, form feed, carriage return, backspace and escape (coloured logs) count as text.
private func mostlyNotText(_ sample: UnsafeRawBufferPointer) -> Bool {
    var suspicious = 0
    var index = 0
    let count = sample.count
    while index < count {
        // Eight bytes of plain ASCII text at a time (printable, tab, newline, carriage return): most of
        // a text file, and this runs on every version of every file of a history.
        if index + 8 <= count {
            let word = sample.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if word & 0x8080_8080_8080_8080 == 0 && plainASCII(word) {
                index += 8
                continue
            }
        }
        let byte = sample[index]
        if byte < 0x80 {
            if (byte < 0x20 && !(0x08...0x0D).contains(byte) && byte != 0x1B) || byte == 0x7F { suspicious += 1 }
            index += 1
            continue
        }
        // A UTF-8 sequence: its lead byte says how many continuation bytes (10xxxxxx) follow.
        let length = byte >= 0xC2 && byte <= 0xDF ? 2 : byte >= 0xE0 && byte <= 0xEF ? 3 : byte >= 0xF0 && byte <= 0xF4 ? 4 : 0
        if length > 0, index + length <= count, (1..<length).allSatisfy({ sample[index + $0] & 0xC0 == 0x80 }) {
            index += length
        } else {
            // A sequence cut by the end of the sample is not counted against it.
            if length == 0 || index + length <= count { suspicious += 1 }
            index += 1
        }
    }
    return suspicious * 10 > count
}

/// Whether every byte of a word without high bits is printable, a tab, a newline or a carriage return.
@inline(__always)
private func plainASCII(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
    // The high bit of each byte equal to `byte`, exactly (no borrow between bytes).
    func bytes(equalTo byte: UInt64) -> UInt64 {
        let x = word ^ (ones &* byte)
        return ~(((x & ~high) &+ ~high) | x) & high
    }
    let control = ~((word | high) &- ones &* 0x20) & high
    return control & ~(bytes(equalTo: 0x0A) | bytes(equalTo: 0x09) | bytes(equalTo: 0x0D)) == 0 && bytes(equalTo: 0x7F) == 0
}

private let lfsPrefix = Array("version https://git-lfs.github.com/spec/v1".utf8)

/// A Git LFS pointer stands for content stored elsewhere; the detectors skip it.
public func isGitLFSPointer(_ content: UnsafeRawBufferPointer) -> Bool {
    content.count < 1024 && content.starts(with: lfsPrefix)
}

/// 10 MiB, 500 KiB, or a byte count: the limit as a user would write it.
public func formatSize(_ bytes: Int) -> String {
    if bytes > 0 && bytes % (1024 * 1024) == 0 { return "\(bytes / (1024 * 1024)) MiB" }
    if bytes > 0 && bytes % 1024 == 0 { return "\(bytes / 1024) KiB" }
    return "\(bytes) bytes"
}
