import Foundation
@testable import Git
import XCTest

/// libgit2's init parses no CA bundle (CertificateLoading.swift): the process binds mbedTLS's file
/// loader to Shortwall's, which loads nothing during init and hands every other call to mbedTLS.
final class CertificateLoadingTests: XCTestCase {
    private let loader = "mbedtls_x509_crt_parse_file"

    func testTheProcessBindsTheLoaderToShortwallsDefinition() throws {
        // RTLD_DEFAULT (nil) finds what libgit2's call binds to; RTLD_NEXT (-1) the definition after this binary's.
        let bound = try XCTUnwrap(dlsym(nil, loader))
        let mbedTLS = try XCTUnwrap(dlsym(UnsafeMutableRawPointer(bitPattern: -1), loader), "libgit2 here is built on mbedTLS")
        XCTAssertNotEqual(bound, mbedTLS)
    }

    func testOutsideInitTheCallReachesMbedTLS() {
        _ = libgit2Initialized
        XCTAssertFalse(skippingDefaultCertificates)
        // mbedTLS reads the file before it touches the chain, and names the failure: MBEDTLS_ERR_PK_FILE_IO_ERROR.
        XCTAssertEqual(shortwallParseCertificateFile(nil, "/nonexistent/ca-certificates.crt"), -0x3E00)
        skippingDefaultCertificates = true
        defer { skippingDefaultCertificates = false }
        XCTAssertEqual(shortwallParseCertificateFile(nil, "/nonexistent/ca-certificates.crt"), 0, "during init nothing is read")
    }
}
