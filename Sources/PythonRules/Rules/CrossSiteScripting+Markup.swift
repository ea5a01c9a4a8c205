import Python

/// Ways HTML escaping is switched off that are not a single call: a class trusted as HTML, a template filter
/// that marks its output safe, a Mako template without the `h` filter.
extension RuleSet {
    /// `class Banner(SafeString)`: every instance is rendered unescaped, whatever text it wraps.
    static func safeStringSubclass(_ s: Stmt, _ file: FileContext) -> Hit? {
        guard case .classDef(let cls) = s.kind,
              let base = cls.bases.compactMap({ file.qualified($0) }).first(where: { q in
                  ["django.utils.safestring.", "markupsafe.", "jinja2.", "flask."].contains(where: q.hasPrefix)
                      && ["SafeString", "SafeText", "SafeData", "SafeBytes", "Markup"].contains(String(q.split(separator: ".").last ?? ""))
              })
        else { return nil }
        let end = Position(line: s.span.start.line, column: s.span.start.column + 6 + cls.name.utf8.count)
        return .plain(Span(start: s.span.start, end: end),
                      "\(cls.name) subclasses \(base.split(separator: ".").last ?? ""): templates render its instances without escaping, whatever text they hold.", confidence: .medium)
    }

    /// A Django template filter or tag that returns `mark_safe(...)` of what it was given (or, registered with
    /// is_safe=True, builds HTML) without escaping anything.
    static func unsafeTemplateFilter(_ f: FunctionInfo, _ file: FileContext) -> Hit? {
        var isSafeFlag = false, registered = false
        for d in f.def.decorators {
            var callee = d
            if case .call(let fn, _, let kws) = d.kind {
                callee = fn
                if kws.contains(where: { $0.arg == "is_safe" && $0.value.isTrueConstant }) { isSafeFlag = true }
            }
            if case .attribute(let recv, let attr, _) = callee.kind, recv.lastName == "register",
               ["filter", "simple_tag", "inclusion_tag"].contains(attr) { registered = true }
        }
        guard registered else { return nil }
        var escapes = false, marksSafe = false, buildsHTML = false
        for s in f.def.body {
            s.walk { st in
                for e in st.childExpressions {
                    e.walk { x in
                        if case .call(let fn, let args, _) = x.kind, let q = file.qualified(fn) {
                            let last = q.split(separator: ".").last.map(String.init) ?? q
                            if ["escape", "conditional_escape", "format_html", "format_html_join", "escapejs", "urlize", "linebreaks"].contains(last) { escapes = true }
                            // Text formatted into markup is the call hook's to report; this is the value passed through.
                            if ["mark_safe", "SafeString", "SafeText", "Markup"].contains(last), let a = args.first, !a.isLiteral, !isFormatting(a) { marksSafe = true }
                        }
                        if let lit = x.stringLiteral, Engine.looksLikeHTML(lit) { buildsHTML = true }
                    }
                }
            }
        }
        guard !escapes, marksSafe || isSafeFlag && buildsHTML else { return nil }
        let why = marksSafe ? "marks its output safe" : "is registered with is_safe=True and builds HTML"
        let at = f.def.decorators.first?.span ?? f.span
        var hit = Hit.plain(at, "Template filter \(f.name)() \(why) without escaping its input; the text reaches pages unescaped.", confidence: .medium)
        hit.fingerprintText = "filter \(f.name)"
        return hit
    }

    private static func isFormatting(_ e: Expr) -> Bool {
        switch e.kind {
        case .binOp, .joinedStr: return true
        case .call(let f, _, _): return f.lastName == "format"
        default: return false
        }
    }

    /// Mako escapes nothing unless `default_filters` includes "h" (or the template says `| h` everywhere).
    static func makoWithoutEscaping(_ c: Call, _ flow: Flow) -> Hit? {
        guard c.matches("mako.template.Template", "mako.lookup.TemplateLookup"), !c.hasKwargsSplat, isWebApplication(flow.file) else { return nil }
        if let filters = c.keyword("default_filters") {
            // A computed list may well hold "h".
            guard case .list(let elts, _) = filters.kind, !elts.contains(where: { $0.stringLiteral == "h" }) else { return nil }
        }
        return .plain(c.span, "\(flow.describe(c)) renders values without HTML escaping (no default_filters=[\"h\"]).", confidence: .medium)
    }

    /// Does the file belong to a web application (so templates render HTML, not code or configuration)?
    static func isWebApplication(_ file: FileContext) -> Bool {
        let frameworks = ["flask", "django", "pyramid", "bottle", "tornado", "fastapi", "starlette", "aiohttp", "cherrypy", "falcon", "quart"]
        return file.imports.values.contains { v in frameworks.contains { v == $0 || v.hasPrefix($0 + ".") } }
    }
}
