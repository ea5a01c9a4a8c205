import Python

extension RuleSet {
    static let codeInjection = Rule(
        id: "python.code-injection",
        title: "Code injection",
        cwe: 95, owasp: OWASP.a03, severity: .critical,
        explanation: "eval, exec and compile run their argument as Python; with request data in it the client runs code in the server process. logging.config.listen() accepts configuration (and so code) from anyone who can reach its port.",
        fix: "Parse data instead of executing it: ast.literal_eval for Python literals, json.loads for JSON, a dict of allowed operations for dispatch. Do not call logging.config.listen() on reachable interfaces, or pass verify= to check the payload.",
        bandit: ["B307", "B102"],
        triggering: [
            """
            from flask import request
            def calc():
                expr = request.args["e"]
                return str(eval(expr))  # expect
            """,
            """
            def run(request):
                code = request.POST.get("code")
                exec(code)  # expect
            """,
            """
            import logging.config
            t = logging.config.listen(9999)  # expect
            """,
            """
            def apply(rule_text):
                return eval(rule_text)  # expect
            """,
        ],
        nonTriggering: [
            """
            import ast
            from flask import request
            def calc():
                return str(ast.literal_eval(request.args["e"]))
            """,
            """
            result = eval("1 + 2")
            """,
            """
            import re
            from flask import request
            def m():
                return re.compile(request.args["p"]).pattern
            """,
        ],
        calls: CallPattern(names: ["logging.config.listen"], builtins: ["eval", "exec", "compile"]),
        onCall: { c, flow in
            if c.matches("logging.config.listen") {
                if c.keyword("verify") != nil { return [] }
                return [.plain(c.span, "logging.config.listen() accepts logging configuration from the network and evaluates it; anyone reaching the port can run code.", cwe: 94)]
            }
            guard c.isBareName, c.matches("eval", "exec", "compile") else { return [] }
            guard let code = c.arg(0, "source") ?? c.arg(0, "object") ?? c.arg(0, "expression") else { return [] }
            // exec(compile(x, ...)) is reported once, at compile.
            if case .call(let f, _, _) = code.kind, f.dottedName == "compile" { return [] }
            return [Hit(span: code.span, value: flow.taint(code), sinkClass: .code, sink: "\(c.name ?? "eval")(), which runs it as Python", reportUnknown: true)]
        }
    )
}
