import Python

extension RuleSet {
    static let weakCipher = Rule(
        id: "python.weak-cipher",
        title: "Broken cipher or ECB mode",
        cwe: 327, owasp: OWASP.a02, severity: .high,
        explanation: "DES, triple DES, RC4 and Blowfish are broken or too small for today's attacks, and ECB mode encrypts equal blocks to equal ciphertext, so the structure of the data shows through (the well-known ECB penguin).",
        fix: "Use an authenticated cipher: cryptography's AESGCM or ChaCha20Poly1305 (or Fernet), with a fresh random nonce per message.",
        bandit: ["B304", "B305"],
        triggering: [
            """
            from Crypto.Cipher import DES, AES
            c = DES.new(key, DES.MODE_CBC, iv)  # expect
            e = AES.new(key, AES.MODE_ECB)  # expect
            """,
            """
            from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
            c = Cipher(algorithms.TripleDES(key), modes.CBC(iv))  # expect
            d = Cipher(algorithms.AES(key), modes.ECB())  # expect
            """,
            """
            from Cryptodome.Cipher import ARC4
            stream = ARC4.new(key)  # expect
            """,
        ],
        nonTriggering: [
            """
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM
            box = AESGCM(key)
            """,
            """
            from Crypto.Cipher import AES
            c = AES.new(key, AES.MODE_GCM)
            """,
            """
            from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
            c = Cipher(algorithms.AES(key), modes.CTR(nonce))
            """,
        ],
        calls: CallPattern(prefixes: ["Crypto.", "Cryptodome.", "cryptography.hazmat."]),
        onCall: { c, flow in
            guard let name = c.name else { return [] }
            let parts = name.split(separator: ".")
            // Crypto.Cipher.DES.new / Cryptodome.Cipher.ARC4.new (PyCryptodome, PyCrypto).
            if parts.count >= 4, parts.last == "new", ["Crypto", "Cryptodome"].contains(String(parts[0])), parts[1] == "Cipher" {
                let cipher = String(parts[parts.count - 2])
                if brokenPyCryptoCiphers.contains(cipher) {
                    return [.plain(c.span, "\(cipher) is a broken cipher.")]
                }
                if cipher == "AES", let mode = c.arg(1, "mode"), mode.lastName == "MODE_ECB" {
                    return [.plain(mode.span, "AES in ECB mode encrypts equal blocks to equal ciphertext.")]
                }
                return []
            }
            // cryptography's algorithms.TripleDES(...) / modes.ECB().
            if name.hasPrefix("cryptography.hazmat."), let last = parts.last {
                if name.contains(".algorithms."), brokenCryptographyAlgorithms.contains(String(last)) {
                    return [.plain(c.span, "\(last) is a broken cipher.")]
                }
                if name.contains(".modes."), last == "ECB" {
                    return [.plain(c.span, "ECB mode encrypts equal blocks to equal ciphertext.")]
                }
            }
            return []
        }
    )

    fileprivate static let brokenPyCryptoCiphers: Set<String> = ["DES", "DES3", "ARC2", "ARC4", "Blowfish", "XOR", "CAST"]
    fileprivate static let brokenCryptographyAlgorithms: Set<String> = ["TripleDES", "ARC4", "Blowfish", "CAST5", "IDEA", "SEED"]
}
