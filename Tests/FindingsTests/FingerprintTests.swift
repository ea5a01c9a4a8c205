import Findings
import XCTest

/// Fingerprints and baselines are SHA-256 hex digests; they must match the standard ones (Python's hashlib
/// gives the same), whatever the input length: one block, two blocks, the padding edge, many blocks.
final class FingerprintTests: XCTestCase {
    func testDigestsMatchKnownValues() {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(String(repeating: "a", count: 1000)), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        XCTAssertEqual(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // Parts are joined by a NUL byte.
        XCTAssertEqual(SHA256.hex("x", "y"), "ce3890a816f5237a17aa7e1436113bbac398dfe216cf965537cd035bdbad900a")
    }
}
