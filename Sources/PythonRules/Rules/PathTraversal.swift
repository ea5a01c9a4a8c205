import Python

extension RuleSet {
    static let pathTraversal = Rule(
        id: "python.path-traversal",
        title: "Path traversal",
        cwe: 22, owasp: OWASP.a01, severity: .high,
        explanation: "A file path built from request data (a query parameter, an uploaded file's own name) can climb out of the intended directory with `../` or be absolute, to read or overwrite any file the server can.",
        fix: "Clean client-supplied names with werkzeug.utils.secure_filename (and check the extension against an allow-list), or join with werkzeug.utils.safe_join / flask.send_from_directory, which refuse paths leaving the directory.",
        bandit: [],
        triggering: [
            """
            import os
            from flask import request
            def upload():
                f = request.files["file"]
                path = os.path.join("/srv/uploads", f.filename)
                f.save(path)  # expect
            """,
            """
            from flask import send_file, request
            def download():
                return send_file("/srv/files/" + request.args["name"])  # expect
            """,
            """
            from flask import Flask
            app = Flask(__name__)
            @app.route("/read/<path:name>")
            def read(name):
                with open(name) as fh:  # expect
                    return fh.read()
            """,
            """
            import os
            from flask import request
            BASE = "/srv/data"
            def show():
                full = os.path.join(BASE, request.args["n"])
                if not full.startswith(BASE):
                    return "no", 404
                return open(full).read()  # expect
            """,
            """
            import os
            def remove(request):
                os.remove(os.path.join("/tmp", request.GET["f"]))  # expect
            """,
            """
            import os, zipfile
            from flask import request
            def upload():
                z = zipfile.ZipFile(request.files["archive"])
                for name in z.namelist():
                    with open(os.path.join("/srv/data", name), "wb") as out:  # expect
                        out.write(z.read(name))
            """,
            """
            from pathlib import Path
            from flask import request
            def show():
                return Path("/data", request.args["p"]).read_text()  # expect
            """,
        ],
        nonTriggering: [
            """
            import os
            from flask import request
            from werkzeug.utils import secure_filename
            def upload():
                f = request.files["file"]
                f.save(os.path.join("/srv/uploads", secure_filename(f.filename)))
            """,
            """
            from flask import send_from_directory, request
            def download():
                return send_from_directory("/srv/files", request.args["name"])
            """,
            """
            def read(path):
                with open(path) as fh:
                    return fh.read()
            """,
            """
            import os
            from flask import request, abort
            BASE = "/srv/data"
            def show():
                full = os.path.realpath(os.path.join(BASE, request.args["n"]))
                if not full.startswith(BASE + os.sep):
                    abort(404)
                return open(full).read()
            """,
            """
            import os
            from flask import request
            def show():
                name = os.path.basename(request.args["n"])
                return open(os.path.join("/data", name)).read()
            """,
        ],
        calls: CallPattern(
            names: ["io.open", "codecs.open", "os.open", "flask.send_file", "django.http.FileResponse", "flask.send_from_directory",
                    "os.remove", "os.unlink", "os.rmdir", "os.removedirs", "os.makedirs", "os.mkdir", "os.listdir", "os.chmod", "os.chown",
                    "shutil.rmtree", "os.rename", "os.replace", "shutil.copy", "shutil.copyfile", "shutil.copy2", "shutil.move", "shutil.copytree"],
            builtins: ["open"],
            methods: [CallPattern.Method("save")] + ["read_text", "read_bytes", "write_text", "write_bytes", "unlink", "rmdir", "mkdir", "touch", "open"]
                .map { .init($0, receiver: pathReceiver) }),
        onCall: { c, flow in
            var paths: [Expr] = []
            if c.isBareName && c.matches("open") || c.matches("io.open", "codecs.open", "os.open") {
                paths = [c.arg(0, "file") ?? c.arg(0, "filename") ?? c.arg(0, "path")].compactMap { $0 }
            } else if c.matches("flask.send_file", "django.http.FileResponse") {
                paths = [c.arg(0, "path_or_file") ?? c.arg(0, "filename_or_fp")].compactMap { $0 }
            } else if c.matches("flask.send_from_directory") {
                // The file name is joined safely; the directory is not.
                paths = [c.arg(0, "directory")].compactMap { $0 }
            } else if c.matches("os.remove", "os.unlink", "os.rmdir", "os.removedirs", "os.makedirs", "os.mkdir", "os.listdir",
                                "os.chmod", "os.chown", "shutil.rmtree") {
                paths = [c.arg(0)].compactMap { $0 }
            } else if c.matches("os.rename", "os.replace", "shutil.copy", "shutil.copyfile", "shutil.copy2", "shutil.move", "shutil.copytree") {
                paths = [c.arg(0), c.arg(1)].compactMap { $0 }
            } else if let m = c.method, m == "save", let dst = c.arg(0, "dst") {
                paths = [dst]
            } else if let m = c.method, ["read_text", "read_bytes", "write_text", "write_bytes", "unlink", "rmdir", "mkdir", "touch", "open"].contains(m),
                      let r = c.receiver, pathReceiver.matches(r, in: flow.file) {
                paths = [r]
            }
            // `os.path.basename` leaves at worst `..`, a folder, which a call that opens a file cannot open; one that
            // accepts folders (rmtree, listdir, chmod, rename, copy) needs a check as well (see `Engine.guards`).
            let opensFile = !c.matches(directoryCalls)
            return paths.map { p in
                var value = flow.taint(p)
                if opensFile, value.tags.contains(.baseName) { value.cleared.insert(.path); value.paramCleared.insert(.path) }
                // The audit tier: a path put together from a part of unknown origin.
                return Hit(span: p.span, value: value, sinkClass: .path, sink: "the file path of \(flow.describe(c))",
                           reportUnknown: value.tags.contains(.built) || composesPath(p, flow))
            }
        }
    )

    /// Calls that act on a folder as readily as on a file.
    fileprivate static let directoryCalls = ["os.rmdir", "os.removedirs", "os.makedirs", "os.mkdir", "os.listdir", "os.chmod", "os.chown",
                                             "shutil.rmtree", "os.rename", "os.replace", "shutil.copy", "shutil.copyfile", "shutil.copy2",
                                             "shutil.move", "shutil.copytree"]

    /// `os.path.join(a, b)`, `Path(a, b)` or `a / b`: a path made of parts, one of which is not a literal.
    fileprivate static func composesPath(_ p: Expr, _ flow: Flow) -> Bool {
        switch p.kind {
        case .call(let callee, let args, _):
            let name = flow.file.qualified(callee) ?? callee.dottedName ?? ""
            guard ["os.path.join", "posixpath.join", "ntpath.join", "pathlib.Path", "pathlib.PurePath", "Path"].contains(name) || callee.lastName == "joinpath"
            else { return false }
            return args.count + (callee.lastName == "joinpath" ? 1 : 0) > 1 && args.contains { !$0.isLiteral }
        case .binOp(let l, .div, let r):
            return !(l.isLiteral && r.isLiteral)
        default:
            return false
        }
    }

    /// `pathlib.Path(p)` (or any `Path(...)`) as the receiver of a file method.
    fileprivate static let pathReceiver = Receiver.callTo(["Path"])
}
