import Python

extension RuleSet {
    static let ldapInjection = Rule(
        id: "python.ldap-injection",
        title: "LDAP injection",
        cwe: 90, owasp: OWASP.a03, severity: .high,
        explanation: "An LDAP search filter or DN built from request data lets the client rewrite the query: `*)(uid=*` lists every entry, `admin)(|(a=*` logs in without the password.",
        fix: "Escape every value placed in a filter or DN: ldap.filter.escape_filter_chars(name) or ldap.filter.filter_format(\"(uid=%s)\", [name]) with python-ldap, ldap3.utils.conv.escape_filter_chars(name) with ldap3, ldap.dn.escape_dn_chars for DN parts.",
        bandit: [],
        triggering: [
            """
            import ldap
            from flask import request
            def lookup():
                user = request.args["user"]
                conn = ldap.initialize("ldap://directory")
                return conn.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=%s)" % user)  # expect
            """,
            """
            import ldap3
            def find(request):
                name = request.POST["name"]
                conn = ldap3.Connection(ldap3.Server("ldap://directory"), auto_bind=True)
                conn.search("dc=example,dc=com", f"(&(objectClass=person)(cn={name}))")  # expect
            """,
            """
            import ldap
            from flask import request
            def member():
                group = request.form["group"]
                conn = ldap.initialize("ldap://directory")
                conn.search_ext("cn=" + group + ",ou=groups,dc=example,dc=com", ldap.SCOPE_BASE)  # expect
            """,
            """
            import ldap
            from flask import request
            def rename():
                uid = request.form["uid"]
                conn = ldap.initialize("ldap://directory")
                dn = "uid=%s,ou=people,dc=example,dc=com" % uid
                conn.modify_s(dn, [(ldap.MOD_REPLACE, "mail", [b"x@example.com"])])  # expect
                conn.add_s("cn=" + request.form["cn"] + ",ou=groups,dc=example,dc=com", [("objectClass", [b"group"])])  # expect
                conn.delete_s(dn)  # expect
            """,
            """
            import ldap3
            def manage(request):
                conn = ldap3.Connection("ldap://directory", auto_bind=True)
                dn = f"cn={request.POST['cn']},ou=people,dc=example,dc=com"
                conn.modify(dn, {"mail": [(ldap3.MODIFY_REPLACE, [request.POST["mail"]])]})  # expect
                conn.add(dn, "inetOrgPerson", {"sn": "x"})  # expect
                conn.delete(dn)  # expect
            """,
        ],
        nonTriggering: [
            """
            import ldap
            from ldap.filter import escape_filter_chars
            from flask import request
            def lookup():
                user = escape_filter_chars(request.args["user"])
                conn = ldap.initialize("ldap://directory")
                return conn.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=%s)" % user)
            """,
            """
            import ldap
            from ldap.filter import filter_format
            from flask import request
            def lookup():
                conn = ldap.initialize("ldap://directory")
                f = filter_format("(uid=%s)", [request.args["user"]])
                return conn.search_s("ou=people,dc=example,dc=com", ldap.SCOPE_SUBTREE, f)
            """,
            """
            import ldap3, re
            from flask import request
            def find():
                if re.search(request.args["q"], "people"):
                    conn = ldap3.Connection("ldap://directory")
                    conn.search("dc=example,dc=com", "(objectClass=person)")
            """,
            """
            import ldap
            from ldap.dn import escape_dn_chars
            from flask import request
            def rename():
                conn = ldap.initialize("ldap://directory")
                dn = "uid=%s,ou=people,dc=example,dc=com" % escape_dn_chars(request.form["uid"])
                conn.modify_s(dn, [(ldap.MOD_REPLACE, "mail", [request.form["mail"].encode()])])
                seen = set()
                seen.add(request.form["uid"])
                request.form.copy().pop("uid")
            """,
        ],
        calls: CallPattern(methods: CallPattern.methods("search", "search_s", "search_st", "search_ext", "search_ext_s") + writeMethods.map { CallPattern.Method($0) }
                           + ["add", "delete", "modify", "modify_dn"].map { CallPattern.Method($0, receiver: connection) }),
        imports: ["ldap", "ldap3"],
        onCall: { c, flow in
            guard let m = c.method, let r = c.receiver, !isOtherModule(r, flow.file) else { return [] }
            if writeMethods.contains(m) || ["add", "delete", "modify", "modify_dn"].contains(m) && connection.matches(r, in: flow.file) {
                // The entry written, renamed or removed: a DN from request data names another entry.
                guard let dn = c.arg(0, "dn") else { return [] }
                let t = flow.taint(dn)
                return [Hit(span: dn.span, value: t, sinkClass: .ldap, sink: "the DN of \(flow.describe(c))", reportUnknown: t.tags.contains(.built))]
            }
            guard searchMethods.contains(m) else { return [] }
            let imports = flow.file.imports.values
            let ldap3 = imports.contains { $0 == "ldap3" || $0.hasPrefix("ldap3.") }
            let pythonLDAP = imports.contains { $0 == "ldap" || $0.hasPrefix("ldap.") }
            var parts: [(Expr, String)] = []
            if let base = c.arg(0, "base") ?? c.arg(0, "search_base") { parts.append((base, "base DN")) }
            // python-ldap: search*(base, scope, filterstr); ldap3: Connection.search(search_base, search_filter).
            if pythonLDAP, let f = c.arg(2, "filterstr") { parts.append((f, "filter")) }
            if ldap3, m == "search", let f = c.arg(1, "search_filter") { parts.append((f, "filter")) }
            return parts.map { e, what in
                let t = flow.taint(e)
                return Hit(span: e.span, value: t, sinkClass: .ldap, sink: "the LDAP search \(what) of \(flow.describe(c))", reportUnknown: t.tags.contains(.built))
            }
        }
    )

    fileprivate static let searchMethods: Set<String> = ["search", "search_s", "search_st", "search_ext", "search_ext_s"]
    /// python-ldap's writes, named only by LDAP.
    fileprivate static let writeMethods: Set<String> = ["modify_s", "modify_ext", "modify_ext_s", "add_s", "add_ext", "add_ext_s",
                                                         "delete_s", "delete_ext", "delete_ext_s", "rename_s"]
    /// ldap3's `add`/`delete`/`modify` (and python-ldap's asynchronous ones) are common method names: only on a
    /// receiver named like a connection.
    fileprivate static let connection = Receiver.nameContains(["conn", "ldap"])

    /// `re.search(...)` in a file that also uses LDAP: a module other than the LDAP ones.
    fileprivate static func isOtherModule(_ r: Expr, _ file: FileContext) -> Bool {
        guard case .name(let n, _) = r.kind, let q = file.imports[n] else { return false }
        return !(q == "ldap" || q.hasPrefix("ldap.") || q == "ldap3" || q.hasPrefix("ldap3."))
    }
}
