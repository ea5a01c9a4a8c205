import Python

extension RuleSet {
    static let xpathInjection = Rule(
        id: "python.xpath-injection",
        title: "XPath injection",
        cwe: 643, owasp: OWASP.a03, severity: .high,
        explanation: "An XPath expression built from request data lets the client change what it selects: `' or '1'='1` matches every node, so a lookup of one user's record returns all of them, or a credential check passes.",
        fix: "Keep the expression constant and pass values as XPath variables: tree.xpath(\"//user[@name=$name]\", name=name) with lxml, or etree.XPath(\"//user[@name=$name]\")(tree, name=name). ElementTree paths take no variables: look the value up in Python instead (`[u for u in root.iter('user') if u.get('name') == name]`).",
        bandit: [],
        triggering: [
            """
            from lxml import etree
            from flask import request
            def user_record():
                name = request.args["name"]
                tree = etree.parse("users.xml")
                return tree.xpath(f"//user[@name='{name}']")  # expect
            """,
            """
            from lxml import etree
            def find(request):
                query = etree.XPath("//item[@id='" + request.GET["id"] + "']")  # expect
                return query
            """,
            """
            import xml.etree.ElementTree as ET
            from flask import request
            def lookup():
                root = ET.parse("users.xml").getroot()
                path = ".//user[@name='%s']" % request.form["name"]
                return root.findall(path)  # expect
            """,
        ],
        nonTriggering: [
            """
            from lxml import etree
            from flask import request
            def user_record():
                tree = etree.parse("users.xml")
                return tree.xpath("//user[@name=$name]", name=request.args["name"])
            """,
            """
            import xml.etree.ElementTree as ET
            from flask import request
            def position():
                root = ET.parse("users.xml").getroot()
                title = root.findtext("title")
                return str(title.find(request.args["q"]))
            """,
        ],
        calls: CallPattern(names: ["lxml.etree.XPath", "lxml.etree.ETXPath"],
                           methods: CallPattern.methods("xpath", "find", "findall", "iterfind", "findtext")),
        imports: ["lxml", "xml.etree", "defusedxml", "elementpath"],
        onCall: { c, flow in
            let expr: Expr?
            if c.matches("lxml.etree.XPath", "lxml.etree.ETXPath") || c.method == "xpath" {
                expr = c.arg(0, "path") ?? c.arg(0, "_path")
            } else if let m = c.method, elementTreeMethods.contains(m), let p = c.arg(0, "path"), looksLikeXPath(p, flow) {
                // `find` is also str.find: only a path whose text is written like an XPath counts.
                expr = p
            } else {
                expr = nil
            }
            guard let expr else { return [] }
            return [Hit(span: expr.span, value: flow.taint(expr), sinkClass: .xpath, sink: "the XPath expression of \(flow.describe(c))")]
        }
    )

    fileprivate static let elementTreeMethods: Set<String> = ["find", "findall", "iterfind", "findtext"]

    /// Does the expression (or what its name was assigned in this function) hold XPath syntax: `[@`, `//`, `./`?
    fileprivate static func looksLikeXPath(_ e: Expr, _ flow: Flow) -> Bool {
        var exprs = [e]
        if case .name(let n, _) = e.kind, let f = flow.function {
            for s in f.def.body { s.walk { st in for a in Shapes.assignments(st) where a.name == n { exprs.append(a.value) } } }
        }
        var found = false
        for x in exprs {
            x.walk { y in
                guard let s = y.stringLiteral else { return }
                if s.contains("[@") || s.contains("//") || s.hasPrefix("./") || s.contains("[text()") { found = true }
            }
        }
        return found
    }
}
