import Python

extension RuleSet {
    static let templateInjection = Rule(
        id: "python.template-injection",
        title: "Server-side template injection",
        cwe: 1336, owasp: OWASP.a03, severity: .critical,
        explanation: "A Jinja or Django template whose source comes from request data runs the client's template code: `{{ config }}` leaks secrets and `{{ ''.__class__.__mro__ }}` chains reach code execution.",
        fix: "Keep template source constant and pass data as context: render_template_string(\"Hello {{ name }}\", name=name), or render_template(\"hello.html\", name=name).",
        bandit: [],
        triggering: [
            """
            from flask import request, render_template_string
            def hello():
                name = request.args.get("name", "")
                return render_template_string("<h1>Hello " + name + "</h1>")  # expect
            """,
            """
            import jinja2
            from flask import request
            def preview():
                tpl = jinja2.Template(request.form["body"])  # expect
                return tpl.render()
            """,
            """
            from jinja2 import Environment
            env = Environment(autoescape=True)
            def render(request):
                return env.from_string(request.POST["tpl"]).render()  # expect
            """,
            """
            from flask import Flask, request, render_template_string
            app = Flask(__name__)
            @app.errorhandler(404)
            def not_found(e):
                page = "<h1>No page at %s</h1>" % request.url
                return render_template_string(page), 404  # expect
            """,
            """
            from django.template import Template, Context
            def show(request):
                t = Template("<p>%s</p>" % request.GET["msg"])  # expect
                return t.render(Context({}))
            """,
        ],
        nonTriggering: [
            """
            from flask import request, render_template_string
            def hello():
                name = request.args.get("name", "")
                return render_template_string("<h1>Hello {{ name }}</h1>", name=name)
            """,
            """
            from flask import render_template
            def index():
                return render_template("index.html")
            """,
            """
            from flask import request
            from jinja2.sandbox import SandboxedEnvironment
            def greet():
                return SandboxedEnvironment().from_string(request.args.get("greeting", "")).render()
            """,
            """
            from flask import request
            from jinja2.sandbox import SandboxedEnvironment
            env = SandboxedEnvironment()
            def greet():
                return env.from_string(request.args.get("greeting", "")).render()
            """,
        ],
        calls: CallPattern(
            names: ["flask.render_template_string", "flask.templating.render_template_string", "jinja2.Template",
                    "django.template.Template", "jinja2.environment.Template"],
            methods: CallPattern.methods("from_string")),
        onCall: { c, flow in
            var source: Expr? = nil
            if c.matches("flask.render_template_string", "flask.templating.render_template_string") {
                source = c.arg(0, "source")
            } else if c.matches("jinja2.Template", "django.template.Template", "jinja2.environment.Template") {
                source = c.arg(0, "source") ?? c.arg(0, "template_string")
            } else if c.method == "from_string" {
                // A sandboxed environment runs the client's template without reaching Python internals.
                if let r = c.receiver.map(flow.resolved), let env = Call.of(r, in: flow.file),
                   env.matches("jinja2.sandbox.SandboxedEnvironment", "jinja2.sandbox.ImmutableSandboxedEnvironment") { return [] }
                source = c.arg(0, "source") ?? c.arg(0, "template_code")
            }
            guard let source else { return [] }
            let t = flow.taint(source)
            return [Hit(span: source.span, value: t, sinkClass: .template, sink: "the template source of \(flow.describe(c))",
                        reportUnknown: t.tags.contains(.built))]
        }
    )
}
