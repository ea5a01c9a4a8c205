import Python

extension RuleSet {
    static let crossSiteScripting = Rule(
        id: "python.xss",
        title: "Cross-site scripting",
        cwe: 79, owasp: OWASP.a03, severity: .high,
        explanation: "Request data placed into HTML without escaping (marked safe with Markup/mark_safe, concatenated into a returned page, or rendered with |safe) runs as script in other users' browsers.",
        fix: "Let the template engine escape: render_template(\"page.html\", name=name). Build safe fragments with markupsafe.Markup(\"<b>{}</b>\").format(name) or django.utils.html.format_html(\"<b>{}</b>\", name), or escape() the value first.",
        bandit: ["B308", "B703", "B704"],
        triggering: [
            """
            from flask import request
            from markupsafe import Markup
            def greet():
                return Markup("<p>Hello " + request.args["name"] + "</p>")  # expect
            """,
            """
            from django.utils.safestring import mark_safe
            def bio(request):
                return mark_safe(request.POST["bio"])  # expect
            """,
            """
            from flask import Flask, request
            app = Flask(__name__)
            @app.route("/hi")
            def hi():
                name = request.args.get("name", "")
                return "<h1>Hello %s</h1>" % name  # expect
            """,
            """
            from django.http import HttpResponse
            def hi(request):
                return HttpResponse(f"<div>{request.GET['q']}</div>")  # expect
            """,
            """
            from django.utils.html import format_html
            def link(request):
                return format_html(f"<a href='{request.GET['u']}'>x</a>")  # expect
            """,
            """
            from flask import Flask, request
            app = Flask(__name__)
            @app.route("/greet")
            def greet():
                return "Hello " + request.args.get("name", "")  # expect
            """,
            """
            from django.http import HttpResponse
            def echo(request):
                return HttpResponse(request.GET["q"])  # expect
            """,
            """
            from flask import render_template_string
            def page(comment):
                return render_template_string("<p>{{ c|safe }}</p>", c=comment)  # expect
            """,
            """
            from django.utils.safestring import SafeString
            class Banner(SafeString):  # expect
                pass
            """,
            """
            from django import template
            from django.utils.safestring import mark_safe
            register = template.Library()
            @register.filter  # expect
            def shout(value):
                return mark_safe(value.upper())
            """,
            """
            from django import template
            register = template.Library()
            @register.filter(is_safe=True)  # expect
            def badge(value):
                return "<span class='badge'>" + value + "</span>"
            """,
            """
            from flask import Flask
            from mako.template import Template
            app = Flask(__name__)
            page = Template("<p>Hello ${name}</p>")  # expect
            """,
        ],
        nonTriggering: [
            """
            from flask import Flask, request
            from markupsafe import escape
            app = Flask(__name__)
            @app.route("/hi")
            def hi():
                return "<h1>Hello %s</h1>" % escape(request.args.get("name", ""))
            """,
            """
            from django.utils.html import format_html
            def link(request):
                return format_html("<a href='{}'>x</a>", request.GET["u"])
            """,
            """
            from markupsafe import Markup
            BANNER = Markup("<b>Welcome</b>")
            """,
            """
            from flask import Flask, request, jsonify
            app = Flask(__name__)
            @app.route("/echo")
            def echo():
                return jsonify({"q": request.args["q"]})
            """,
            """
            from django.http import HttpResponse
            def echo(request):
                return HttpResponse(request.GET["q"], content_type="text/plain")
            """,
            """
            from flask import Flask, request
            app = Flask(__name__)
            @app.route("/count")
            def count():
                return "%d items" % int(request.args.get("n", "0"))
            """,
            """
            from django import template
            from django.utils.html import format_html
            register = template.Library()
            @register.filter(is_safe=True)
            def badge(value):
                return format_html("<span class='badge'>{}</span>", value)
            """,
            """
            from flask import Flask
            from mako.template import Template
            app = Flask(__name__)
            page = Template("<p>Hello ${name}</p>", default_filters=["h"])
            """,
            """
            class SafeString(str):
                pass
            class ErrorString(SafeString):
                pass
            """,
            """
            from mako.template import Template
            migration = Template("def upgrade(): ${body}")
            """,
        ],
        calls: CallPattern(
            names: ["markupsafe.Markup", "flask.Markup", "jinja2.Markup", "django.utils.safestring.mark_safe",
                    "django.utils.safestring.SafeString", "django.utils.safestring.SafeText", "django.utils.html.format_html",
                    "flask.render_template_string", "mako.template.Template", "mako.lookup.TemplateLookup"] + Shapes.responseConstructors),
        onCall: { c, flow in
            if c.matches("markupsafe.Markup", "flask.Markup", "jinja2.Markup", "django.utils.safestring.mark_safe",
                         "django.utils.safestring.SafeString", "django.utils.safestring.SafeText") {
                guard let v = c.arg(0) else { return [] }
                let t = flow.taint(v)
                return [Hit(span: v.span, value: t, sinkClass: .html, sink: "\(flow.describe(c)), which marks it as safe HTML",
                            reportUnknown: t.tags.contains(.built) && t.tags.contains(.html))]
            }
            if c.matches("django.utils.html.format_html") {
                guard let v = c.arg(0, "format_string"), !v.isLiteral else { return [] }
                let t = flow.taint(v)
                return [Hit(span: v.span, value: t, sinkClass: .html, sink: "the format string of format_html(), which is not escaped",
                            reportUnknown: t.tags.contains(.built))]
            }
            if Shapes.isResponseConstructor(c), let v = c.arg(0, "response") ?? c.arg(0, "content") {
                // Responses are text/html unless told otherwise.
                for k in ["content_type", "mimetype"] {
                    if let ct = c.keyword(k) { guard ct.stringLiteral?.lowercased().contains("html") == true else { return [] } }
                }
                let t = flow.taint(v)
                guard isText(t) else { return [] }
                return [Hit(span: v.span, value: t, sinkClass: .html, sink: "the text/html body of \(flow.describe(c))")]
            }
            if let hit = makoWithoutEscaping(c, flow) { return [hit] }
            if c.matches("flask.render_template_string"), let v = c.arg(0, "source"), let s = v.stringLiteral {
                let compact = s.replacingSpaces()
                if compact.contains("|safe") || compact.contains("autoescapefalse") {
                    return [.plain(v.span, "The inline template renders a value with |safe (or autoescape false), bypassing HTML escaping.", confidence: .medium)]
                }
            }
            return []
        },
        onStatement: { s, flow in safeStringSubclass(s, flow.file).map { [$0] } ?? [] },
        onReturn: { value, flow in
            guard let f = flow.function, f.isView else { return [] }
            let t = flow.taint(value)
            if t.tags.contains(.html) {
                return [Hit(span: value.span, value: t, sinkClass: .html, sink: "an HTML page returned by view \(f.name)()")]
            }
            // Flask serves a returned string as text/html, so request text echoed in it is reflected XSS.
            let flask = flow.file.imports.values.contains { $0 == "flask" || $0.hasPrefix("flask.") }
            guard f.isRoute, flask, isText(t) else { return [] }
            return [Hit(span: value.span, value: t, sinkClass: .html, sink: "the text/html response of view \(f.name)()")]
        },
        onFunction: { f, file in unsafeTemplateFilter(f, file).map { [$0] } ?? [] }
    )

    /// A string holding request text: built by formatting, or a raw form/query/header/cookie/route value
    /// (not request.json or request.data, which are usually dicts or bytes).
    fileprivate static func isText(_ t: Taint) -> Bool {
        if t.tags.contains(.html) || t.tags.contains(.built) { return true }
        guard let d = t.origin?.description else { return false }
        let prefixes = ["request.args", "request.form", "request.values", "request.cookies", "request.headers",
                        "request.view_args", "route parameter", "request.GET", "request.POST", "request.COOKIES",
                        "request.META", "form data"]
        return prefixes.contains(where: d.hasPrefix)
    }
}

extension String {
    func replacingSpaces() -> String { String(filter { $0 != " " && $0 != "\t" }).lowercased() }
}
