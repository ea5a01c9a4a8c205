import Foundation
import Review
import XCTest

/// What the detectors read: one rule for every job (ScanGate), judged on more than one byte.
final class ScanGateTests: XCTestCase {
    private let gate = ScanGate(maxFileSize: 10 * 1024 * 1024)

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Deterministic noise (xorshift), like compressed or encrypted data.
    private func noise(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    func testAStrayControlByteDoesNotHideAMostlyTextFile() {
        let token = "ghp_" + "8fK2mQ7vX1pL9sR4tW6yZ3bN5cJ0hD2gA7eU"
        for stray: UInt8 in [0x07, 0x00, 0x01, 0x1F, 0x7F] {
            let env = bytes("DEBUG=false\nGITHUB_TOKEN=\(token)\n") + [stray] + bytes("\nPORT=8000\n")
            XCTAssertNil(gate.skipReason(env), "one byte \(stray) in \(env.count)")
        }
        // Control bytes that text carries: whitespace, backspace, and the escapes of a coloured log.
        XCTAssertFalse(looksBinary(bytes("a\tb\u{0B}c\u{0C}d\r\ne\u{08}f\n") + Array(repeating: bytes("\u{1B}[31mred\u{1B}[0m\n"), count: 50).joined()))
        XCTAssertFalse(looksBinary(bytes("")))
    }

    func testTextInAnyScriptAndLatin1AccentsAreText() {
        XCTAssertFalse(looksBinary(bytes(String(repeating: "密码 = '秘密' # пароль, كلمة السر, 🔑\n", count: 200))))
        // ISO-8859-1: an accented letter is one byte that is not UTF-8, a few per line.
        let latin1 = Array(repeating: bytes("Le mot de passe est ") + [0xE9] + bytes("crit ici, d") + [0xE9] + bytes("j") + [0xE0] + bytes(" vu.\n"), count: 100).joined()
        XCTAssertFalse(looksBinary(Array(latin1)))
    }

    func testBinaryByShareOfNonText() {
        XCTAssertTrue(looksBinary(noise(4096)), "compressed-looking data")
        XCTAssertTrue(looksBinary([0, 0]))
        // UTF-16 text is half NUL bytes, as git also treats it.
        XCTAssertTrue(looksBinary(Array("password = hunter2\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })))
        // A 12% share of control bytes is binary; 8% is text.
        XCTAssertTrue(looksBinary(Array(repeating: bytes("abcdefg") + [1], count: 100).joined().map { $0 }))
        XCTAssertFalse(looksBinary(Array(repeating: bytes("abcdefghijk") + [1], count: 100).joined().map { $0 }))
    }

    func testKnownFormatsAreBinaryEvenWhenTheRestLooksLikeText() {
        let text = bytes(String(repeating: "TOKEN = 'not scanned inside a picture'\n", count: 20))
        let signatures: [(String, [UInt8])] = [
            ("PNG", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), ("JPEG", [0xFF, 0xD8, 0xFF, 0xE0]),
            ("GIF", bytes("GIF89a")), ("ZIP", [0x50, 0x4B, 0x03, 0x04]), ("gzip", [0x1F, 0x8B, 0x08]),
            ("ELF", [0x7F, 0x45, 0x4C, 0x46]), ("PDF", bytes("%PDF-1.7\n")), ("SQLite", bytes("SQLite format 3") + [0]),
            ("xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]), ("class", [0xCA, 0xFE, 0xBA, 0xBE]), ("WebAssembly", [0x00, 0x61, 0x73, 0x6D]),
        ]
        for (name, signature) in signatures {
            XCTAssertEqual(gate.skipReason(signature + text), ScanGate.binary, name)
        }
        let tar = [UInt8](repeating: 0x61, count: 257) + bytes("ustar") + text
        XCTAssertEqual(tar.withUnsafeBytes { knownBinaryFormat($0) }, "tar archive")
        // Signatures that only a text file's first words could imitate are checked in full.
        XCTAssertNil(gate.skipReason(bytes("RIFF is a container format.\n")))
        XCTAssertNil(gate.skipReason(bytes("BZh, said nobody\n")))
    }

    func testEverySampleCounts() {
        // A script with an archive appended: text for its first 100 KiB, binary after (and before).
        let script = bytes(String(repeating: "echo installing\n", count: 6400))
        XCTAssertFalse(looksBinary(script))
        XCTAssertTrue(looksBinary(script + noise(16 * 1024)))
        XCTAssertTrue(looksBinary(noise(16 * 1024) + script))
    }

    func testSizeLimitAndLFSPointersInOneWording() {
        let limited = ScanGate(maxFileSize: 100)
        XCTAssertNil(limited.skipReason([UInt8](repeating: 0x61, count: 100)), "at the limit")
        XCTAssertEqual(limited.skipReason([UInt8](repeating: 0x61, count: 101)), "larger than 100 bytes")
        XCTAssertEqual(ScanGate(maxFileSize: 10 * 1024 * 1024).skipReason([UInt8](repeating: 0x61, count: 10 * 1024 * 1024 + 1)), "larger than 10 MiB")
        XCTAssertEqual(ScanGate(maxFileSize: 500 * 1024).skipReason([UInt8](repeating: 0x61, count: 600 * 1024)), "larger than 500 KiB")
        let pointer = bytes("version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n")
        XCTAssertEqual(gate.skipReason(pointer), ScanGate.lfsPointer)
    }

    /// Real files made by real tools: every one git calls binary (`git diff --numstat` prints `-`),
    /// the gate calls binary too, except the text files with a stray control byte, which git hides.
    func testAgreesWithGitOnRealBinaries() throws {
        let folder = NSTemporaryDirectory() + "shortwall-gate-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = """
        import gzip, io, py_compile, sqlite3, struct, sys, zipfile, zlib
        d = sys.argv[1]
        open(d + '/a.gz', 'wb').write(gzip.compress(b'secret = 1\\n' * 500))
        with zipfile.ZipFile(d + '/a.zip', 'w', zipfile.ZIP_DEFLATED) as z: z.writestr('a.txt', 'x' * 1000)
        c = sqlite3.connect(d + '/a.sqlite'); c.execute('create table t (k text)'); c.execute("insert into t values ('k')"); c.commit(); c.close()
        open(d + '/m.py', 'w').write('def f(x):\\n    return [x * i for i in range(10)]\\n' * 30)
        py_compile.compile(d + '/m.py', cfile=d + '/m.pyc')
        def chunk(kind, data): return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
        raw = b''.join(b'\\0' + bytes((x * y) % 256 for x in range(32)) for y in range(32))
        png = b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 32, 32, 8, 0, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
        open(d + '/a.png', 'wb').write(png)
        open(d + '/bell.env', 'wb').write(b'API_KEY=abc\\nTOKEN=xyz\\x07\\n')
        open(d + '/nul.env', 'wb').write(b'API_KEY=abc\\n\\x00TOKEN=xyz\\n' + b'# more text\\n' * 20)
        """
        let made = try run("/usr/bin/env", ["python3", "-c", script, folder])
        XCTAssertEqual(made.status, 0, made.output)
        try FileManager.default.copyItem(atPath: "/bin/ls", toPath: folder + "/ls")
        for name in ["a.gz", "a.zip", "a.sqlite", "m.pyc", "a.png", "ls", "bell.env", "nul.env"] {
            let content = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
            let numstat = try run("/usr/bin/env", ["git", "diff", "--no-index", "--numstat", "/dev/null", folder + "/" + name])
            let gitSaysBinary = numstat.output.hasPrefix("-\t-\t")
            let mostlyText = name.hasSuffix(".env")
            if name != "bell.env" { XCTAssertTrue(gitSaysBinary, "\(name): \(numstat.output)") }
            XCTAssertEqual(looksBinary(content), !mostlyText, name)
        }
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
