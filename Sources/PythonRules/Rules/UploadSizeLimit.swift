import Python

extension RuleSet {
    static let uploadSizeLimit = Rule(
        id: "python.upload-size-limit",
        title: "File upload without a size limit",
        cwe: 400, owasp: OWASP.a04, severity: .medium,
        explanation: "Flask accepts request bodies of any size unless MAX_CONTENT_LENGTH is set, so one client can fill the disk or memory through an upload route.",
        fix: "Cap request size: app.config[\"MAX_CONTENT_LENGTH\"] = 16 * 1024 * 1024 (Flask answers 413 above it); also check the file type against an allow-list.",
        bandit: [],
        triggering: [
            """
            from flask import Flask, request
            app = Flask(__name__)
            @app.route("/upload", methods=["POST"])
            def upload():
                f = request.files["file"]
                f.save("/srv/uploads/latest.bin")  # expect
                return "ok"
            """,
        ],
        nonTriggering: [
            """
            from flask import Flask, request
            app = Flask(__name__)
            app.config["MAX_CONTENT_LENGTH"] = 4 * 1024 * 1024
            @app.route("/upload", methods=["POST"])
            def upload():
                request.files["file"].save("/srv/uploads/latest.bin")
                return "ok"
            """,
        ],
        calls: CallPattern(methods: CallPattern.methods("save", "read")),
        onCall: { c, flow in
            guard let f = flow.function, f.isRoute, let m = c.method, m == "save" || m == "read", let r = c.receiver,
                  flow.taint(r).tags.contains(.upload) else { return [] }
            let limits = ["MAX_CONTENT_LENGTH", "MAX_FORM_MEMORY_SIZE", "DATA_UPLOAD_MAX_MEMORY_SIZE", "FILE_UPLOAD_MAX_MEMORY_SIZE"]
            guard !limits.contains(where: flow.file.mentions) else { return [] }
            // Without the app object here, the limit may well be set where the app is created.
            let createsApp = flow.file.mentions("Flask(")
            return [.plain(c.span, "Route \(f.name)() stores an upload, but no MAX_CONTENT_LENGTH limits the request size.",
                           confidence: createsApp ? .medium : .low)]
        }
    )
}
