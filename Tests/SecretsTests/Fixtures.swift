import Findings
import Foundation
@testable import Secrets

/// Four patterns of the test suite's own, so engine tests do not depend on Patterns/*.toml.
enum Fixtures {
    static let patternTOML = #"""
    [[pattern]]
    id = "fixture-aws-key"
    description = "AWS access key ID"
    regex = '''\b((?:AKIA|ASIA)[A-Z2-7]{16})\b'''
    keywords = ["akia", "asia"]
    severity = "critical"
    placeholders = false
    [[pattern.matches]]
    text = '''aws_access_key_id = AKIA2E3MXQ7RVB4KZW5N'''
    secret = "AKIA2E3MXQ7RVB4KZW5N"
    [[pattern.nonMatches]]
    text = '''aws_access_key_id = AKIAIOSFODNN7EXAMPLE'''

    [[pattern]]
    id = "fixture-github-pat"
    description = "GitHub personal access token"
    regex = '''\b(ghp_[A-Za-z0-9]{36})\b'''
    keywords = ["ghp_"]
    severity = "high"
    [[pattern.matches]]
    text = '''GITHUB_TOKEN=ghp_R8d2LqW9xZ4mN7vB1cK5tY3hJ6gF0sA2pE9u'''
    secret = "ghp_R8d2LqW9xZ4mN7vB1cK5tY3hJ6gF0sA2pE9u"
    [[pattern.nonMatches]]
    text = '''GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'''

    [[pattern]]
    id = "generic-fixture-password"
    description = "Password"
    regex = '''(?i)(?:password|passwd|secret)\w*\s*[:=]\s*["']([^"'\s]{8,})["']'''
    keywords = ["password", "passwd", "secret"]
    entropy = 3.0
    severity = "medium"
    [[pattern.matches]]
    text = '''DB_PASSWORD = "r7Gk!2pQz#9Lw"'''
    secret = "r7Gk!2pQz#9Lw"
    [[pattern.nonMatches]]
    text = '''DB_PASSWORD = "changeme123"'''
    [[pattern.nonMatches]]
    text = '''password = "aaaabbbb"'''

    [[pattern]]
    id = "fixture-private-key"
    description = "Private key"
    regex = '''-----BEGIN (?:RSA |EC |OPENSSH )?PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n]{64,}?-----END (?:RSA |EC |OPENSSH )?PRIVATE KEY-----'''
    keywords = ["-----begin"]
    multiline = true
    severity = "critical"
    [[pattern.matches]]
    text = """
    -----BEGIN PRIVATE KEY-----
    MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAvZ2t4nL0x8Qm6yYc
    3kP1wF7sJ9rT2vB5nM8qX4zH6gD0aL3eC1uR7iO9pS2fK5jW8tY4hN6bV0mZ3xQ7
    -----END PRIVATE KEY-----
    """
    [[pattern.nonMatches]]
    text = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----"
    """#

    static let patterns: [SecretPattern] = {
        let loaded = try! SecretScanner.loadPatterns(toml: patternTOML, origin: "fixtures.toml")
        precondition(loaded.warnings.isEmpty, "\(loaded.warnings)")
        return loaded.patterns
    }()

    static func scanner(redact: Bool = true) -> SecretScanner {
        try! SecretScanner(patterns: patterns, redact: redact)
    }

    /// Deterministic pseudo-random key material, so private-key tests need no real key.
    static func keyBody(lines: Int) -> String {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var bytes: [UInt8] = []
        for _ in 0..<(lines * 48) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            bytes.append(UInt8(truncatingIfNeeded: state >> 33))
        }
        let b64 = Data(bytes).base64EncodedString()
        return stride(from: 0, to: b64.count, by: 64).map { i in
            let start = b64.index(b64.startIndex, offsetBy: i)
            return String(b64[start..<b64.index(start, offsetBy: min(64, b64.count - i))])
        }.joined(separator: "\n")
    }

    static func scan(_ s: SecretScanner, _ text: String, path: String = "app/settings.py", lines: Set<Int>? = nil) -> [Finding] {
        s.scan(path: path, content: Array(text.utf8), lines: lines)
    }
}
