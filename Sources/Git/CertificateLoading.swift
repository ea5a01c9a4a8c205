#if canImport(Glibc)
import Glibc

/// Debian's libgit2 (built with mbedTLS) parses the whole system CA bundle inside git_libgit2_init,
/// whether or not a connection is ever made: 52 M instructions, a third of an empty `shortwall staged`
/// and of every hook run. Shortwall reads local repositories only and opens no connection through
/// libgit2, and libgit2 offers no option that takes effect before init. So this process defines
/// mbedTLS's file loader itself: the dynamic linker binds libgit2's call to the executable's definition
/// first. During init it loads nothing (were a TLS connection ever made, verification would fail
/// closed: an empty CA chain trusts nobody, so a future fetch must set GIT_OPT_SET_SSL_CERT_LOCATIONS);
/// at any other time it hands the call to mbedTLS unchanged.
/// With a libgit2 built on OpenSSL, or linking mbedTLS statically, this function is never called.
nonisolated(unsafe) var skippingDefaultCertificates = false

@_cdecl("mbedtls_x509_crt_parse_file")
public func shortwallParseCertificateFile(_ chain: UnsafeMutableRawPointer?, _ path: UnsafePointer<CChar>?) -> Int32 {
    if skippingDefaultCertificates { return 0 }
    return mbedTLSParseFile(chain, path)
}

private typealias ParseFile = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Int32

/// mbedTLS's own loader: the next definition after this executable's in the dynamic linker's search order.
private let mbedTLSParseFile: ParseFile = {
    // RTLD_NEXT is a C macro ((void *)-1) Swift does not import.
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: -1), "mbedtls_x509_crt_parse_file") else {
        // No mbedTLS in the process, so nothing could have called this: report mbedTLS's "file I/O error".
        return { _, _ in -0x2900 }
    }
    return unsafeBitCast(symbol, to: ParseFile.self)
}()
#else
nonisolated(unsafe) var skippingDefaultCertificates = false
#endif
