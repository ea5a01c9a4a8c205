import Findings
import Python

/// Every rule, in the order `shortwall rules` lists them. Each lives in its own file under Rules/.
enum RuleSet {
    static let all: [Rule] = [
        sqlInjection, commandInjection, codeInjection, ldapInjection, xpathInjection, templateInjection, jinjaAutoescape, crossSiteScripting,
        insecureDeserialization, pickledClientState, xmlExternalEntities, weakPasswordHash, weakHash, timingUnsafeComparison,
        hardcodedSecret, debugEnabled, bindAllInterfaces, insecureCookie, csrfDisabled, trustBoundaryViolation, pathTraversal, archiveExtraction,
        uploadSizeLimit, openRedirect, serverSideRequestForgery, insecureTransport, requestWithoutTimeout, headerInjection, tlsVerificationDisabled,
        jwtWithoutVerification, insecureRandomness, weakRandomSecret, insecureTempFile, hardcodedTempPath, missingAuthentication, allowedHostsWildcard,
        massAssignment, corsCredentialsAnyOrigin, weakCipher, weakTLSProtocol, sshHostKeyUnverified,
        worldWritablePermissions, weakKeySize, cleartextProtocol, bidirectionalControlCharacter,
    ]
}

/// OWASP Top 10 2021 categories the rules map to.
enum OWASP {
    static let a01 = "A01:2021-Broken Access Control"
    static let a02 = "A02:2021-Cryptographic Failures"
    static let a03 = "A03:2021-Injection"
    static let a04 = "A04:2021-Insecure Design"
    static let a05 = "A05:2021-Security Misconfiguration"
    static let a07 = "A07:2021-Identification and Authentication Failures"
    static let a08 = "A08:2021-Software and Data Integrity Failures"
    static let a10 = "A10:2021-Server-Side Request Forgery"
}

/// Shared shapes several rules look for.
enum Shapes {
    /// The names a statement assigns to ("x", "self.token", "app.config['SECRET_KEY']" → "SECRET_KEY").
    static func targetNames(_ s: Stmt?) -> [String] {
        guard let s else { return [] }
        var targets: [Expr] = []
        switch s.kind {
        case .assign(let t, _): targets = t
        case .annAssign(let t, _, _, _), .augAssign(let t, _, _): targets = [t]
        default: return []
        }
        var out: [String] = []
        func add(_ e: Expr) {
            switch e.kind {
            case .name(let n, _): out.append(n)
            case .attribute(_, let a, _): out.append(a)
            case .subscript(_, let key, _): if let k = key.stringLiteral { out.append(k) }
            case .tuple(let elts, _), .list(let elts, _): elts.forEach(add)
            default: break
            }
        }
        targets.forEach(add)
        return out
    }

    /// `NAME = value`, `obj.NAME = value`, `x['NAME'] = value`, yielding (NAME, target, value).
    static func assignments(_ s: Stmt) -> [(name: String, target: Expr, value: Expr)] {
        var targets: [Expr] = []
        var value: Expr
        switch s.kind {
        case .assign(let t, let v): targets = t; value = v
        case .annAssign(let t, _, let v?, _): targets = [t]; value = v
        default: return []
        }
        var out: [(String, Expr, Expr)] = []
        for t in targets {
            switch t.kind {
            case .name(let n, _): out.append((n, t, value))
            case .attribute(_, let a, _): out.append((a, t, value))
            case .subscript(_, let key, _): if let k = key.stringLiteral { out.append((k, t, value)) }
            default: break
            }
        }
        return out
    }

    /// Configuration settings a call sets: `app.config.update(X=...)`, `from_mapping(X=...)`, `dict(X=...)`.
    static func configKeywords(_ c: Call) -> [Keyword] {
        guard let m = c.method ?? c.name, configMethods.contains(m) || c.matches("dict") else { return [] }
        return c.keywords.filter { $0.arg != nil }
    }

    /// Does `name` look like it holds a credential?
    static func isSecretName(_ name: String) -> Bool {
        // Runs for every assignment and keyword: an ASCII name (nearly all) is searched in place.
        if name.isASCIIText {
            guard secretWordList.occur(in: name) || name.lowercasedEquals("token") || name.lowercasedHasSuffix("_token") else { return false }
            return !secretExclusionList.occur(in: name)
        }
        let n = name.utf8.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }
        // Positive words first: most names hold none.
        guard secretWordBytes.contains(where: { n.containsBytes($0) }) || n.elementsEqual("token".utf8)
                || n.hasSuffixBytes(Array("_token".utf8)) else { return false }
        return !secretExclusionBytes.contains(where: { n.containsBytes($0) })
    }

    // The word lists live here rather than inside the functions, which rebuilt them at every call.
    private static let configMethods = ["update", "from_mapping", "dict", "setdefault"]
    private static let secretWords = ["secret", "password", "passwd", "pwd", "passphrase", "api_key", "apikey", "access_key",
                                      "private_key", "auth_token", "access_token", "refresh_token", "signing_key", "jwt_key"]
    private static let secretWordBytes = secretWords.map { Array($0.utf8) }
    private static let secretWordList = NameWords(secretWords)
    private static let secretExclusionList = NameWords(secretExclusions)
    private static let secretExclusionBytes = secretExclusions.map { Array($0.utf8) }
    private static let secretExclusions = [
        "file", "path", "url", "uri", "field", "name", "length", "len", "min", "max", "timeout",
        "validator", "hasher", "prompt", "label", "placeholder", "type", "header", "param", "regex",
        "pattern", "message", "msg", "error", "format", "policy", "reset_", "hint", "_id", "endpoint",
        "dir", "env", "var", "key_name", "help", "mode", "class", "count", "expir", "lifetime", "age"]

    /// Is this literal a placeholder rather than a real value ("", "<secret>", "${X}", "XXXX", "SECRET_KEY")?
    static func isPlaceholder(_ s: String) -> Bool {
        let t = s.trimmingCharacters()
        if t.count < 3 { return true }
        if t.contains("${") || t.contains("{{") || (t.hasPrefix("<") && t.hasSuffix(">")) || t.hasPrefix("%(") { return true }
        if Set(t).count == 1 { return true }
        // Masked or dummy values: "****", ":xxxx", "changeme" stays reported.
        if t.contains("***") || t.lowercased().contains("xxxx") || t.contains("...") { return true }
        // An environment variable's name, not its value.
        if t.allSatisfy({ $0.isUppercase || $0 == "_" || $0.isNumber }), t.contains(where: \.isLetter) { return true }
        return false
    }

    /// Identifiers in an expression (names, attributes, string subscript keys, keyword names).
    static func identifiers(_ e: Expr) -> [String] {
        var out: [String] = []
        e.walk { x in
            switch x.kind {
            case .name(let n, _): out.append(n)
            case .attribute(_, let a, _): out.append(a)
            case .subscript(_, let k, _): if let s = k.stringLiteral { out.append(s) }
            case .call(_, let args, let kws):
                out.append(contentsOf: kws.compactMap(\.arg))
                // `data.get('password')` names the field it reads.
                if case .call(let f, _, _) = x.kind, f.lastName == "get", let s = args.first?.stringLiteral { out.append(s) }
            default: break
            }
        }
        return out
    }

    static func isPasswordName(_ n: String) -> Bool {
        let l = n.lowercased()
        return l.contains("password") || l.contains("passwd") || l.contains("passphrase") || l == "pw" || l.hasPrefix("pw_")
            || l.hasSuffix("_pw") || l == "pwd" || l.hasSuffix("_pwd") || l.hasPrefix("pwd_")
    }

    /// A view named or routed like a login (`login()`, `/signin`), plus any of `extra` words.
    static func isLoginNamed(_ f: FunctionInfo, also extra: [String] = []) -> Bool {
        let n = (f.name + " " + f.routePaths.joined(separator: " ")).lowercased()
        return (["login", "signin", "sign_in", "log_in", "logon"] + extra).contains(where: n.contains)
    }

    /// A Flask or Django response constructor.
    static func isResponseConstructor(_ c: Call) -> Bool { c.matches(responseConstructors) }

    static let responseConstructors = ["flask.make_response", "flask.Response", "werkzeug.wrappers.Response", "django.http.HttpResponse",
                                       "django.http.response.HttpResponse", "flask.wrappers.Response"]
}
