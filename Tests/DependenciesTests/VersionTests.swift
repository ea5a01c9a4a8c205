@testable import Dependencies
import Foundation
import XCTest

final class VersionTests: XCTestCase {
    func testNormalFormsOfSpellingVariants() throws {
        let cases = [
            ("1.0", "1.0"), ("v1.0", "1.0"), ("1.0.0", "1.0.0"), ("01.002", "1.2"), ("1!2.0", "1!2.0"), ("0!1.0", "1.0"),
            ("1.0alpha1", "1.0a1"), ("1.0-beta.2", "1.0b2"), ("1.0c3", "1.0rc3"), ("1.0pre", "1.0rc0"), ("1.0preview_4", "1.0rc4"),
            ("1.0-1", "1.0.post1"), ("1.0rev", "1.0.post0"), ("1.0.r5", "1.0.post5"), ("1.0-dev", "1.0.dev0"),
            ("1.0a1.post2.dev3", "1.0a1.post2.dev3"), ("1.0+Ubuntu-1_2", "1.0+ubuntu.1.2"), (" 2.1 \n", "2.1"), ("1.0a.", "1.0a0"),
            ("1.0a.+x", "1.0a0+x"), ("1.0a.-post1", "1.0a0.post1"), ("1.0a--1", "1.0a0.post1"),
        ]
        for (text, normal) in cases {
            XCTAssertEqual(try XCTUnwrap(Version(text), text).description, normal, text)
        }
        for bad in ["", "1.", ".1", "1.0+", "1.0+a..b", "a1", "1.0 junk", "1.0a1a2", "1..0", "1.0.post1.post2", "=1.0"] {
            XCTAssertNil(Version(bad), bad)
        }
    }

    func testOrderAndEquality() throws {
        let ordered = ["1.0.dev1", "1.0a1.dev1", "1.0a1", "1.0a1.post1", "1.0b1", "1.0rc1", "1.0", "1.0+local", "1.0.post1.dev1", "1.0.post1", "1.1", "1!0.5"]
        let versions = try ordered.map { try XCTUnwrap(Version($0)) }
        for i in versions.indices.dropLast() { XCTAssertLessThan(versions[i], versions[i + 1], "\(ordered[i]) < \(ordered[i + 1])") }
        XCTAssertEqual(Version("1.0"), Version("1.0.0"))
        XCTAssertEqual(Version("1.0")?.hashValue, Version("1.0.0.0")?.hashValue)
        XCTAssertNotEqual(Version("1.0"), Version("1.0+1"))
        XCTAssertLessThan(Version("1.0+abc")!, Version("1.0+1")!)
        XCTAssertLessThan(Version("99999999999999999999999")!, Version("100000000000000000000000")!)
    }

    /// Thousands of generated versions, ordered here and by python's `packaging` (which pip uses): every
    /// pair must compare the same way and every version must print the same normal form.
    func testAgreesWithPackagingOnGeneratedVersions() throws {
        guard Self.python(["-c", "import packaging.version"]).status == 0 else {
            throw XCTSkip("python3 with the packaging library is not installed")
        }
        let texts = (0..<1500).map { Self.generatedVersion($0) }
        var pairs: [(Int, Int)] = []
        for i in texts.indices { pairs.append((i, Self.scramble(i, 99) % texts.count)) }
        // Near neighbours matter most: sort by a rough key and pair each with the next few.
        let byText = texts.indices.sorted { texts[$0] < texts[$1] }
        for k in byText.indices.dropLast(3) { pairs += (1...3).map { (byText[k], byText[k + $0]) } }

        let input = try JSONSerialization.data(withJSONObject: ["versions": texts, "pairs": pairs.map { [$0.0, $0.1] }])
        let script = """
        import json, sys
        from packaging.version import Version
        data = json.load(sys.stdin)
        vs = [Version(t) for t in data["versions"]]
        cmp = [(vs[a] > vs[b]) - (vs[a] < vs[b]) for a, b in data["pairs"]]
        json.dump({"normal": [str(v) for v in vs], "cmp": cmp}, sys.stdout)
        """
        let result = Self.python(["-c", script], stdin: input)
        XCTAssertEqual(result.status, 0, result.stderr)
        let output = try XCTUnwrap(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let normal = try XCTUnwrap(output["normal"] as? [String])
        let expected = try XCTUnwrap(output["cmp"] as? [Int])
        let versions = try texts.map { try XCTUnwrap(Version($0), $0) }
        var mismatches: [String] = []
        for (i, v) in versions.enumerated() where v.description != normal[i] {
            mismatches.append("\(texts[i]): \(v.description) vs packaging's \(normal[i])")
        }
        for ((a, b), want) in zip(pairs, expected) {
            let got = Version.compare(versions[a], versions[b])
            if got != want { mismatches.append("\(texts[a]) vs \(texts[b]): \(got), packaging says \(want)") }
        }
        XCTAssertEqual(pairs.count, expected.count)
        XCTAssertGreaterThan(pairs.count, 5000)
        XCTAssertGreaterThan(Set(texts).count, 1200, "the generator must give mostly distinct versions")
        XCTAssertTrue(mismatches.isEmpty, mismatches.prefix(20).joined(separator: "\n"))
    }

    /// Versions built from PEP 440's parts in their spelling variants, with many near-ties (trailing
    /// zeros, equal releases with different suffixes) so the order's finer rules are exercised.
    /// The same version for the same index on every run, so a failure reproduces.
    static func generatedVersion(_ index: Int) -> String {
        var draw = 0
        func next() -> Int { draw += 1; return scramble(index, draw) }
        func pick<T>(_ options: [T]) -> T { options[next() % options.count] }
        func chance(_ p: Double) -> Bool { Double(next() % 1000) < p * 1000 }
        var s = chance(0.05) ? "v" : ""
        if chance(0.08) { s += "\(pick([0, 1, 2]))!" }
        let parts = 1 + next() % 4
        s += (0..<parts).map { _ in pick(["0", "1", "2", "10", "00", "01", "3"]) }.joined(separator: ".")
        if chance(0.35) {
            s += pick(["", ".", "-", "_"]) + pick(["a", "alpha", "b", "beta", "rc", "c", "pre", "preview", "RC"])
            if chance(0.8) { s += pick(["", ".", "-"]) + pick(["0", "1", "2", "11"]) }
        }
        if chance(0.25) {
            if chance(0.3) { s += "-" + pick(["1", "2", "0"]) } else {
                s += pick(["", ".", "-", "_"]) + pick(["post", "rev", "r"]) + (chance(0.8) ? pick(["", "."]) + pick(["0", "1", "3"]) : "")
            }
        }
        if chance(0.25) { s += pick(["", ".", "-"]) + "dev" + (chance(0.8) ? pick(["0", "1", "2"]) : "") }
        if chance(0.15) {
            s += "+" + (0..<(1 + next() % 3)).map { _ in pick(["1", "2", "abc", "ubuntu", "01", "z9"]) }
                .joined(separator: pick([".", "-", "_"]))
        }
        return s
    }

    /// A well-mixed number from an index and a draw (a multiply-xorshift hash).
    static func scramble(_ index: Int, _ draw: Int) -> Int {
        var x = UInt64(index) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(draw) &* 0xD1B5_4A32_D192_ED03
        x ^= x >> 31
        x &*= 0xBF58_476D_1CE4_E5B9
        x ^= x >> 29
        return Int(x & 0x7FFF_FFFF)
    }

    static func python(_ arguments: [String], stdin: Data? = nil) -> (status: Int32, stdout: Data, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        do { try process.run() } catch { return (127, Data(), "\(error)") }
        // Write on another thread: the script answers only after reading everything.
        let writer = Thread {
            input.fileHandleForWriting.write(stdin ?? Data())
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data, String(decoding: errors, as: UTF8.self))
    }
}
