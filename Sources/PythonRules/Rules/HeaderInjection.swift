import Python

extension RuleSet {
    static let headerInjection = Rule(
        id: "python.header-injection",
        title: "HTTP header injection",
        cwe: 113, owasp: OWASP.a03, severity: .medium,
        explanation: "A response header value taken from the request can carry CR/LF on servers or libraries that do not reject them, splitting the response or setting cookies and headers the client chose.",
        fix: "Do not echo request data into headers; if needed, validate it against an allow-list or strip \\r and \\n, and build redirects with redirect()/url_for.",
        bandit: [],
        triggering: [
            """
            from flask import make_response, request
            def lang():
                resp = make_response("ok")
                resp.headers["Content-Language"] = request.args["lang"]  # expect
                return resp
            """,
            """
            from django.http import HttpResponse
            def dl(request):
                response = HttpResponse("x")
                response["Content-Disposition"] = "attachment; filename=" + request.GET["name"]  # expect
                return response
            """,
        ],
        nonTriggering: [
            """
            from flask import make_response, request
            LANGS = {"en", "fr"}
            def lang():
                resp = make_response("ok")
                code = request.args["lang"]
                if code in LANGS:
                    resp.headers["Content-Language"] = code
                return resp
            """,
            """
            from flask import make_response
            def cached():
                resp = make_response("ok")
                resp.headers["Cache-Control"] = "no-store"
                return resp
            """,
        ],
        calls: CallPattern(methods: ["add", "set", "setdefault", "add_header", "extend"].map { .init($0, receiver: headersReceiver) }
                           + CallPattern.methods("add_header", "putheader")),
        onCall: { c, flow in
            guard let m = c.method, let r = c.receiver else { return [] }
            let onHeaders = headersReceiver.matches(r, in: flow.file)
            guard (onHeaders && ["add", "set", "setdefault", "add_header", "extend"].contains(m)) || m == "add_header" || m == "putheader",
                  let v = c.arg(1, "value") ?? c.arg(1, "_value") else { return [] }
            return [Hit(span: v.span, value: flow.taint(v), sinkClass: .header, sink: "a response header set by \(flow.describe(c))")]
        },
        onStatement: { s, flow in
            var hits: [Hit] = []
            for (_, target, value) in flow.assignments(s) {
                guard case .subscript(let base, let key, _) = target.kind, key.stringLiteral != nil else { continue }
                let isHeaders = base.lastName == "headers"
                let isResponse = base.lastName.map { nameMentions($0, ["resp"]) } ?? false
                guard isHeaders || isResponse else { continue }
                hits.append(Hit(span: value.span, value: flow.taint(value), sinkClass: .header,
                                sink: "the response header \(key.stringLiteral!)"))
            }
            return hits
        }
    )

    fileprivate static let headersReceiver = Receiver.named(["headers"])
}
