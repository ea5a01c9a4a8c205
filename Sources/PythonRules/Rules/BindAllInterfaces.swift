import Python

extension RuleSet {
    static let bindAllInterfaces = Rule(
        id: "python.bind-all-interfaces",
        title: "Server bound to every network interface",
        cwe: 1327, owasp: OWASP.a05, severity: .low,
        explanation: "Listening on 0.0.0.0 (or ::, or \"\") accepts connections from every network the machine is on, not just this host; a development server or the Werkzeug debugger started that way is open to the whole network.",
        fix: "Bind to 127.0.0.1 unless the service must be reachable, and then choose the interface from configuration (host=os.environ.get(\"HOST\", \"127.0.0.1\")); never combine a public bind with debug=True.",
        bandit: ["B104"],
        triggering: [
            """
            from flask import Flask
            app = Flask(__name__)
            app.run(host="0.0.0.0", port=8000)  # expect
            """,
            """
            import socket
            s = socket.socket()
            s.bind(("0.0.0.0", 9000))  # expect
            """,
            """
            from http.server import HTTPServer, SimpleHTTPRequestHandler
            HTTPServer(("", 8000), SimpleHTTPRequestHandler).serve_forever()  # expect
            """,
        ],
        nonTriggering: [
            """
            from flask import Flask
            app = Flask(__name__)
            app.run(host="127.0.0.1", port=8000)
            """,
            """
            import os
            import uvicorn
            uvicorn.run("app:app", host=os.environ.get("HOST", "127.0.0.1"))
            """,
        ],
        calls: CallPattern(names: serverConstructors, methods: CallPattern.methods("run", "bind", "run_app")),
        onCall: { c, flow in
            if flow.file.isTestFile { return [] }
            var host: Expr? = nil
            if c.method == "run" || c.method == "run_app" {
                host = c.keyword("host")
            } else if c.method == "bind" || c.matches(serverConstructors) {
                // socket.bind((host, port)) and servers built on an (host, port) address.
                if let a = c.arg(0), case .tuple(let elts, _) = a.kind, elts.count >= 2 { host = elts[0] }
                if c.matches("wsgiref.simple_server.make_server") { host = c.arg(0, "host") }
            }
            guard let host, let h = host.stringLiteral, ["0.0.0.0", "::", ""].contains(h) else { return [] }
            let shown = h.isEmpty ? "\"\"" : h
            if let d = c.keyword("debug"), d.isTrueConstant {
                return [.plain(host.span, "The app listens on \(shown) with debug=True: the Werkzeug debugger, a Python console, is open to the network.",
                               severity: .high)]
            }
            return [.plain(host.span, "\(flow.describe(c)) listens on \(shown), every network interface of the machine.", confidence: .medium)]
        }
    )

    fileprivate static let serverConstructors = [
        "http.server.HTTPServer", "http.server.ThreadingHTTPServer", "socketserver.TCPServer", "socketserver.ThreadingTCPServer",
        "socketserver.UDPServer", "socketserver.ForkingTCPServer", "wsgiref.simple_server.make_server", "xmlrpc.server.SimpleXMLRPCServer",
    ]
}
