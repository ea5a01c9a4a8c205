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
            """
            from flask import request
            from lxml import etree
            def order():
                parser = etree.XMLParser(resolve_entities=True)
                doc = etree.fromstring(request.get_data(), parser)  # expect
                return doc.findtext("name")
            """,
            """
            import io
            from flask import request
            from lxml import etree
            def order():
                body = request.get_data(as_text=True)
                doc = etree.parse(io.BytesIO(body.encode()), etree.XMLParser(resolve_entities=True, no_network=False))  # expect
                return doc.getroot().tag
            """,
            """
            from flask import request
            from lxml import etree
            def order():
                resolve = True
                parser = etree.XMLParser(resolve_entities=resolve)
                return etree.fromstring(request.data, parser).tag  # expect
            """,
            """
            import io
            import xml.sax
            from xml.sax.handler import feature_external_ges
            from flask import request
            def feed():
                parser = xml.sax.make_parser()
                parser.setFeature(feature_external_ges, True)
                parser.parse(io.StringIO(request.form["xml"]))  # expect
                return "parsed"
            """,
            """
            import xml.sax
            from xml.dom import pulldom
            from xml.sax.handler import feature_external_ges
            from flask import request
            def events():
                reader = xml.sax.make_parser()
                reader.setFeature(feature_external_ges, True)
                return list(pulldom.parseString(request.get_data(as_text=True), parser=reader))  # expect
            """,
            """
            from flask import request
            from lxml import etree
            def stream():
                return [e.tag for _, e in etree.iterparse(request.files["feed"], resolve_entities=True)]  # expect
            """,
            """
            from lxml import etree
            def load_catalogue(path):
                parser = etree.XMLParser(resolve_entities=True)
                return etree.parse(path, parser)  # expect
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
            """
            from flask import request
            from lxml import etree
            def order():
                bar = "<order><name>tea</name></order>"
                parser = etree.XMLParser(resolve_entities=True)
                return etree.fromstring(bar.encode(), parser).findtext("name")
            """,
            """
            from flask import request
            from lxml import etree
            def order():
                parser = etree.XMLParser(resolve_entities=False, no_network=True)
                return etree.fromstring(request.get_data(), parser).tag
            """,
            """
            from flask import request
            from lxml import etree
            def order():
                resolve = False
                parser = etree.XMLParser(resolve_entities=resolve)
                return etree.fromstring(request.data, parser).tag
            """,
            """
            import io
            import xml.sax
            from xml.sax.handler import feature_external_ges
            from flask import request
            def feed():
                parser = xml.sax.make_parser()
                parser.setFeature(feature_external_ges, False)
                parser.parse(io.StringIO(request.form["xml"]))
                return "parsed"
            """,
            """
            import xml.sax
            from xml.dom import pulldom
            from xml.sax.handler import feature_external_ges
            def events():
                reader = xml.sax.make_parser()
                reader.setFeature(feature_external_ges, True)
                return list(pulldom.parseString("<catalogue/>", parser=reader))
            """,
            """
            from xml.sax.expatreader import create_parser
            from xml.sax.handler import feature_external_ges
            def test_external_dtd():
                parser = create_parser()
                parser.setFeature(feature_external_ges, True)
                parser.feed('<!DOCTYPE external SYSTEM "unsupported://non-existing">')
                parser.close()
            """,
        ],
        calls: CallPattern(names: ["lxml.etree.XMLParser", "lxml.etree.XMLPullParser"], prefixes: xmlParserModules,
                           methods: CallPattern.methods("setFeature", "parse", "feed")),
        onCall: { c, flow in
            if c.matches("lxml.etree.XMLParser", "lxml.etree.XMLPullParser") || c.method == "setFeature" {
                return parserConstruction(c, flow)
            }
            // A document handed to a parser object: a SAX reader or an lxml feed parser.
            if let m = c.method, m == "parse" || m == "feed", let r = c.receiver, case .name = r.kind,
               c.name.map({ !xmlParserModules.contains(where: $0.hasPrefix) }) ?? true, mentionsXML(flow.file) {
                guard case .resolving(let why) = parserKind(r, flow), let doc = c.arg(0) else { return [] }
                return documentHits(doc, parser: why, call: c, flow)
            }
            guard let name = c.name, xmlParserModules.contains(where: name.hasPrefix), let last = name.split(separator: ".").last,
                  xmlParseFunctions.contains(String(last)),
                  let data = c.arg(0, "source") ?? c.arg(0, "text") ?? c.arg(0, "string") ?? c.arg(0, "file") ?? c.arg(0, "stream_or_string")
            else { return [] }
            var kind = ParserKind.plain
            if name.hasPrefix("lxml.etree."), last == "iterparse" {
                kind = resolveEntities(c, flow)
            } else if name.hasPrefix("lxml.etree.") || name.hasPrefix("xml.dom.") {
                // lxml's parse functions take an XMLParser, minidom's and pulldom's a SAX reader.
                kind = parserKind(c.arg(1, "parser"), flow)
            }
            switch kind {
            case .safe: return []
            case .resolving(let why): return documentHits(data, parser: why, call: c, flow)
            case .plain: return [Hit(span: data.span, value: flow.taint(data), sinkClass: .xml, sink: "the XML parser \(flow.describe(c))")]
            }
        }
    )

    /// What a parser argument does with external entities.
    fileprivate enum ParserKind { case plain, safe, resolving(String) }

    /// A parser that resolves entities is judged where it parses: the document decides. Constructed or
    /// switched on here, it is a finding only when no parse in sight uses it (a module's shared parser, one
    /// handed elsewhere), and then at low confidence: the documents it will read are not visible.
    fileprivate static func parserConstruction(_ c: Call, _ flow: Flow) -> [Hit] {
        let why: String
        if c.method == "setFeature" {
            guard let f = c.arg(0), isExternalEntityFeature(f), let v = c.arg(1), flow.literalValue(v)?.isTrueConstant == true else { return [] }
            why = "a SAX reader with external entities turned on"
            if let r = c.receiver, case .name(let n, _) = r.kind, case .resolving = parserKind(r, flow), isUsedAsParser(n, flow) { return [] }
        } else {
            guard case .resolving(let w) = resolveEntities(c, flow) else { return [] }
            why = w
            if isParserArgument(c, flow) { return [] }
            if case .assign(let targets, _) = flow.statement?.kind, targets.count == 1, case .name(let n, _) = targets[0].kind,
               flow.soleBinding(of: n) != nil, isUsedAsParser(n, flow) { return [] }
        }
        if flow.file.isTestFile { return [] }
        return [.plain(c.span, "This creates \(why); no document it parses is visible here, so check that none comes from a client.",
                       confidence: .low)]
    }

    /// The finding for a document parsed by an entity-resolving parser: by the document's origin. A constant
    /// document is no finding; one of unknown origin (a parameter, a file) is reported at low confidence.
    fileprivate static func documentHits(_ doc: Expr, parser why: String, call c: Call, _ flow: Flow) -> [Hit] {
        let t = flow.taint(doc)
        guard t.isNonTrivial, t.dangerous(for: .xml) else { return [] }
        let sink = "\(flow.describe(c)), \(why)"
        if t.level == .tainted, t.levelDangerous(for: .xml) {
            return [Hit(span: doc.span, value: t, sinkClass: .xml, sink: sink)]
        }
        // The flow hit records a parameter's path for the file's callers, which are judged through the summary.
        var hits = [Hit(span: doc.span, value: t, sinkClass: .xml, sink: sink)]
        // The audit tier, as for other sinks: not in tests, and not for a parameter whose callers are in view.
        let callersInView = t.level == .safe && flow.function.map { flow.file.calledNames.contains($0.name) } ?? false
        if !flow.file.isTestFile, !callersInView {
            hits.append(.plain(doc.span, "A document of unknown origin is parsed by \(sink); if a client can supply it, it can read local files or reach internal hosts.",
                               confidence: .low))
        }
        return hits
    }

    /// What a parser expression (or the name it is bound to) does with external entities.
    fileprivate static func parserKind(_ e: Expr?, _ flow: Flow) -> ParserKind {
        guard let e else { return .plain }
        let bound = flow.resolved(e)
        guard let c = Call.of(bound, in: flow.file), let name = c.name else { return .plain }
        if name == "lxml.etree.XMLParser" || name == "lxml.etree.XMLPullParser" { return resolveEntities(c, flow) }
        if ["xml.sax.make_parser", "xml.sax.expatreader.create_parser"].contains(name), case .name(let n, _) = e.kind,
           featureTurnedOn(n, flow) {
            return .resolving("a SAX reader with external entities turned on")
        }
        return .plain
    }

    /// `resolve_entities=` (and `no_network=`) of an lxml parser or iterparse, read through local constants.
    fileprivate static func resolveEntities(_ c: Call, _ flow: Flow) -> ParserKind {
        if let r = c.keyword("resolve_entities") {
            guard let v = flow.literalValue(r) else { return .plain }
            if v.isTrueConstant { return .resolving("an lxml parser with resolve_entities=True") }
            if v.isFalseConstant || v.stringLiteral == "internal" { return .safe }
            return .plain
        }
        if let n = c.keyword("no_network"), flow.literalValue(n)?.isFalseConstant == true {
            return .resolving("an lxml parser with no_network=False, which fetches external entities")
        }
        return .plain
    }

    fileprivate static func isExternalEntityFeature(_ f: Expr) -> Bool {
        if let n = f.lastName { return n == "feature_external_ges" || n == "feature_external_pes" }
        return f.stringLiteral.map { $0.hasSuffix("/external-general-entities") || $0.hasSuffix("/external-parameter-entities") } ?? false
    }

    /// The statements of the scope `name` lives in: its function's body, else the whole module.
    fileprivate static func scope(_ flow: Flow) -> [Stmt] { flow.function?.def.body ?? flow.file.module.body }

    /// Does the scope call `name.setFeature(external entities, True)`?
    fileprivate static func featureTurnedOn(_ name: String, _ flow: Flow) -> Bool {
        var on = false
        eachCall(in: scope(flow), flow) { c in
            guard !on, c.method == "setFeature", let r = c.receiver, case .name(let n, _) = r.kind, n == name,
                  let f = c.arg(0), isExternalEntityFeature(f), let v = c.arg(1) else { return }
            if flow.literalValue(v)?.isTrueConstant == true { on = true }
        }
        return on
    }

    /// Does some parse call in the scope use `name` as its parser (the receiver of `parse`/`feed`, or a parser argument)?
    fileprivate static func isUsedAsParser(_ name: String, _ flow: Flow) -> Bool {
        var used = false
        // A module's parser may be used by any of its functions.
        eachCall(in: scope(flow), flow) { c in
            guard !used else { return }
            if let m = c.method, m == "parse" || m == "feed", let r = c.receiver, case .name(let n, _) = r.kind, n == name { used = true }
            if let n = c.name, xmlParserModules.contains(where: n.hasPrefix), case .name(let p, _)? = c.arg(1, "parser")?.kind, p == name { used = true }
        }
        return used
    }

    /// Is this parser construction the parser argument of a parse call in the same statement?
    fileprivate static func isParserArgument(_ c: Call, _ flow: Flow) -> Bool {
        guard let s = flow.statement else { return false }
        var found = false
        for e in s.childExpressions where !found {
            e.walk { x in
                guard !found, let p = Call.of(x, in: flow.file), let n = p.name, xmlParserModules.contains(where: n.hasPrefix),
                      let arg = p.arg(1, "parser"), arg.span == c.span else { return }
                found = true
            }
        }
        return found
    }

    /// Every call in `body`, nested statements included.
    fileprivate static func eachCall(in body: [Stmt], _ flow: Flow, _ visit: (Call) -> Void) {
        for s in body {
            s.walk { st in
                for e in st.childExpressions { e.walk { x in if let c = Call.of(x, in: flow.file) { visit(c) } } }
            }
        }
    }

    fileprivate static func mentionsXML(_ file: FileContext) -> Bool {
        file.imports.values.contains { $0.hasPrefix("lxml") || $0.hasPrefix("xml.") }
    }

    // Built once: as literals inside the hook they were rebuilt (and the set hashed) at every call expression.
    fileprivate static let xmlParserModules = ["xml.etree.ElementTree.", "xml.etree.cElementTree.", "xml.dom.minidom.", "xml.dom.pulldom.",
                                               "xml.sax.", "lxml.etree.", "xml.dom.expatbuilder."]
    fileprivate static let xmlParseFunctions: Set<String> = ["parse", "fromstring", "XML", "iterparse", "parseString", "XMLID", "fromstringlist"]
}
