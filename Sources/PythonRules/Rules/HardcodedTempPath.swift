import Python

extension RuleSet {
    static let hardcodedTempPath = Rule(
        id: "python.hardcoded-temp-path",
        title: "Hard-coded path in a shared temporary directory",
        cwe: 377, owasp: OWASP.a05, severity: .low,
        explanation: "/tmp is writable by every user of the machine: a fixed name there can be created first by someone else (as a symbolic link to a file of yours, or with content of theirs), and what the program writes or reads there is theirs to see or change.",
        fix: "Create temporary files and folders with the tempfile module (tempfile.mkstemp(), tempfile.TemporaryDirectory()), or keep the path in a directory only this service can write, taken from configuration.",
        bandit: ["B108"],
        triggering: [
            """
            from flask import Flask
            app = Flask(__name__)
            app.config["UPLOAD_FOLDER"] = "/tmp/uploads"  # expect
            """,
            """
            import logging
            CACHE_DIR = "/var/tmp/myapp"  # expect
            handler = logging.FileHandler(filename="/tmp/app.log")  # expect
            """,
            """
            import os
            from pathlib import Path
            def scratch(text, name):
                with open("/tmp/scratch.txt", "w") as f:  # expect
                    f.write(text)
                os.makedirs(os.path.join("/var/tmp", name))  # expect
                with open("/tmp/app.%s" % os.getpid(), "w") as f:  # expect
                    f.write(text)
                return Path("/dev/shm/cache").read_text()  # expect
            """,
        ],
        nonTriggering: [
            """
            import tempfile
            def save(report):
                with tempfile.NamedTemporaryFile("w", dir="/tmp", delete=False) as f:
                    f.write(report)
            """,
            """
            def describe():
                \"\"\"Writes its cache under /tmp/cache.\"\"\"
                return "see /tmp/cache for details"
            """,
            """
            import os
            def inside(path):
                if path.startswith("/tmp/"):
                    return True
                print("/tmp/x")
                return os.path.join("/srv/data", "tmp") == path
            """,
        ],
        // Locations the program is configured with (constants, settings, keyword arguments), which every later
        // use trusts, and literals handed straight to the calls that open, make or name files. tempfile's
        // own functions are left alone: they pick unpredictable names with O_EXCL, so `dir="/tmp"` is safe.
        calls: CallPattern(names: positional, builtins: ["open"], anyKeyword: true),
        onCall: { c, flow in
            if flow.file.isTestFile || c.name?.hasPrefix("tempfile.") == true { return [] }
            var hits: [Hit] = c.keywords.compactMap { k in
                guard k.arg != nil, let text = tempText(k.value), isTempPath(text) else { return nil }
                return hit(k.value, text)
            }
            if c.isBareName && c.matches("open") || c.matches(positional) {
                hits += c.args.prefix(2).compactMap { a in
                    guard let text = tempText(a), isTempPath(text) else { return nil }
                    return hit(a, text)
                }
            }
            return hits
        },
        onStatement: { s, flow in
            if flow.file.isTestFile { return [] }
            return flow.assignments(s).compactMap { _, _, value in
                guard let text = tempText(value), isTempPath(text) else { return nil }
                return hit(value, text)
            }
        }
    )

    /// Calls whose first (or second) positional argument is a file or folder to open, make or join.
    fileprivate static let positional = [
        "io.open", "codecs.open", "os.open", "os.path.join", "posixpath.join", "os.makedirs", "os.mkdir", "os.listdir",
        "os.remove", "os.unlink", "os.chmod", "shutil.rmtree", "shutil.copy", "shutil.copyfile", "shutil.copy2", "shutil.move",
        "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "logging.FileHandler", "sqlite3.connect", "shelve.open",
    ]

    fileprivate static func hit(_ e: Expr, _ text: String) -> Hit {
        .plain(e.span, "\(text.count > 60 ? String(text.prefix(57)) + "..." : text) is a fixed location in a directory every local user can write.",
               confidence: .low)
    }

    /// A literal, or the literal start of a formatted one (`"/tmp/app.%s" % pid`, `f"/tmp/{name}"`): the name
    /// under /tmp is still predictable.
    fileprivate static func tempText(_ e: Expr) -> String? {
        if let text = e.stringLiteral { return text }
        switch e.kind {
        case .binOp(let left, .mod, _), .binOp(let left, .add, _): return left.stringLiteral
        case .joinedStr(let parts): return parts.first?.stringLiteral
        default: return nil
        }
    }

    fileprivate static func isTempPath(_ s: String) -> Bool {
        ["/tmp", "/var/tmp", "/dev/shm"].contains { s == $0 || s.hasPrefix($0 + "/") } && !s.contains(" ")
    }
}
