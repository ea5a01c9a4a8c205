import Python

extension RuleSet {
    static let xmlExternalEntities = Rule(
        id: "python.xxe",
        title: "XML external entities",
        cwe: 611, owasp: OWASP.a05, severity: .high,
        explanation: "Parsing untrusted XML with a parser that resolves entities lets the document read local files (file:///etc/passwd), reach internal URLs, or exhaust memory (billion laughs).",
        fix: "Parse untrusted XML with defusedxml (defusedxml.ElementTree.fromstring(data)); with lxml, use XMLParser(resolve_entities=False, no_network=True).",
        bandit: ["B313", "B314", "B318", "B319", "B320", "B408", "B410"],
        triggering: [
            """
            import xml.etree.ElementTree as ET
            from flask import request
            def upload():
                root = ET.fromstring(request.data)  # expect
                return root.tag
            """,
            """
            from lxml import etree
            def upload(request):
                doc = etree.fromstring(request.body)  # expect
                return doc
            """,
            """
            from lxml import etree
            parser = etree.XMLParser(resolve_entities=True)  # expect
            """,
            """
            from xml.dom import minidom
            from flask import request
            def parse():
                return minidom.parseString(request.get_data())  # expect
            """,
        ],
        nonTriggering: [
            """
            import defusedxml.ElementTree as ET
            from flask import request
            def upload():
                return ET.fromstring(request.data).tag
            """,
            """
            import xml.etree.ElementTree as ET
            tree = ET.parse("config.xml")
            """,
            """
            from lxml import etree
            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            """,
        ],
        calls: CallPattern(names: ["lxml.etree.XMLParser", "lxml.etree.XMLPullParser"], prefixes: xmlParserModules,
                           methods: CallPattern.methods("setFeature")),
        onCall: { c, flow in
            guard let name = c.name else { return [] }
            if name == "lxml.etree.XMLParser" || name == "lxml.etree.XMLPullParser" {
                if let r = c.keyword("resolve_entities"), r.isTrueConstant {
                    return [.plain(r.span, "lxml XMLParser(resolve_entities=True) expands external entities.")]
                }
                if let n = c.keyword("no_network"), n.isFalseConstant {
                    return [.plain(n.span, "lxml XMLParser(no_network=False) fetches external entities over the network.")]
                }
                return []
            }
            if c.method == "setFeature", let f = c.arg(0)?.lastName, f == "feature_external_ges" || f == "feature_external_pes",
               c.arg(1)?.isTrueConstant == true {
                return [.plain(c.span, "The SAX parser is told to resolve external entities.")]
            }
            guard xmlParserModules.contains(where: name.hasPrefix), let last = name.split(separator: ".").last, xmlParseFunctions.contains(String(last)),
                  let data = c.arg(0, "source") ?? c.arg(0, "text") ?? c.arg(0, "string") ?? c.arg(0, "file")
            else { return [] }
            return [Hit(span: data.span, value: flow.taint(data), sinkClass: .xml, sink: "the XML parser \(flow.describe(c))")]
        }
    )

    // Built once: as literals inside the hook they were rebuilt (and the set hashed) at every call expression.
    fileprivate static let xmlParserModules = ["xml.etree.ElementTree.", "xml.etree.cElementTree.", "xml.dom.minidom.", "xml.dom.pulldom.",
                                               "xml.sax.", "lxml.etree.", "xml.dom.expatbuilder."]
    fileprivate static let xmlParseFunctions: Set<String> = ["parse", "fromstring", "XML", "iterparse", "parseString", "XMLID", "fromstringlist"]
}
