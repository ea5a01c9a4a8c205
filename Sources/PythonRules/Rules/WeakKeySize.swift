import Python

extension RuleSet {
    static let weakKeySize = Rule(
        id: "python.weak-key-size",
        title: "Cryptographic key too small",
        cwe: 326, owasp: OWASP.a02, severity: .high,
        explanation: "RSA and DSA keys under 2048 bits and elliptic curves under 224 bits can be broken with resources well within reach today, and whatever they sign or encrypt goes with them.",
        fix: "Generate RSA and DSA keys of at least 2048 bits (3072 for data that must stay secret for years), or use an EC curve such as SECP256R1 or Ed25519.",
        bandit: ["B505"],
        triggering: [
            """
            from cryptography.hazmat.primitives.asymmetric import rsa, ec
            key = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # expect
            weak = ec.generate_private_key(ec.SECP192R1())  # expect
            """,
            """
            from Crypto.PublicKey import RSA, DSA
            k = RSA.generate(1024)  # expect
            d = DSA.generate(bits=1024)  # expect
            """,
        ],
        nonTriggering: [
            """
            from cryptography.hazmat.primitives.asymmetric import rsa, ec
            key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
            ok = ec.generate_private_key(ec.SECP256R1())
            """,
            """
            from Crypto.PublicKey import RSA
            k = RSA.generate(bits)
            """,
        ],
        calls: CallPattern(names: ["cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key",
                                  "cryptography.hazmat.primitives.asymmetric.dsa.generate_private_key", "Crypto.PublicKey.RSA.generate",
                                  "Cryptodome.PublicKey.RSA.generate", "Crypto.PublicKey.DSA.generate", "Cryptodome.PublicKey.DSA.generate",
                                  "cryptography.hazmat.primitives.asymmetric.ec.generate_private_key"]),
        onCall: { c, _ in
            let size: Expr?
            if c.matches("cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key",
                         "cryptography.hazmat.primitives.asymmetric.dsa.generate_private_key") {
                size = c.arg(1, "key_size")
            } else if c.matches("Crypto.PublicKey.RSA.generate", "Cryptodome.PublicKey.RSA.generate",
                                "Crypto.PublicKey.DSA.generate", "Cryptodome.PublicKey.DSA.generate") {
                size = c.arg(0, "bits")
            } else if c.matches("cryptography.hazmat.primitives.asymmetric.ec.generate_private_key"), let curve = c.arg(0, "curve") {
                let name: String?
                if case .call(let f, _, _) = curve.kind { name = f.lastName } else { name = curve.lastName }
                guard let name, ["SECP192R1", "SECT163K1", "SECT163R2"].contains(name) else { return [] }
                return [.plain(curve.span, "\(name) is a curve under 224 bits.")]
            } else {
                size = nil
            }
            guard let size, let bits = size.intLiteral, bits < 2048 else { return [] }
            return [.plain(size.span, "A \(bits)-bit key is too small; use at least 2048 bits.")]
        }
    )
}
