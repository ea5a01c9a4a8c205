import XCTest
import Findings
@testable import PythonRules

/// Taint through each propagation form, stopped by each sanitizer, across functions of a file.
final class TaintTests: XCTestCase {
    /// A Flask view whose body is `body`, ending with `os.system(cmd)` on the last line.
    private func commandFlow(_ body: String) -> [Finding] {
        let src = "import os, shlex\nfrom flask import request\n\ndef view():\n" +
            body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n    os.system(cmd)\n"
        return review(src).filter { $0.rule == "python.command-injection" }
    }

    private func assertTainted(_ body: String, file: StaticString = #filePath, line: UInt = #line) {
        let f = commandFlow(body)
        XCTAssertEqual(f.map(\.confidence), [.high], "expected a tainted flow for:\n\(body)\n\(f.map(\.message))", file: file, line: line)
        XCTAssertNotNil(f.first?.source, file: file, line: line)
    }

    private func assertClean(_ body: String, file: StaticString = #filePath, line: UInt = #line) {
        let f = commandFlow(body)
        XCTAssertEqual(f.map(\.message), [], "expected no finding for:\n\(body)", file: file, line: line)
    }

    func testPropagationForms() {
        assertTainted("cmd = request.args['q']")
        assertTainted("x = request.args.get('q')\ncmd = x")
        assertTainted("cmd = 'ls '\ncmd += request.form['d']")
        assertTainted("cmd = 'ls ' + request.values['d']")
        assertTainted("cmd = 'ls %s' % request.cookies['d']")
        assertTainted("cmd = 'ls {}'.format(request.headers['d'])")
        assertTainted("d = request.json['d']\ncmd = f'ls {d}'")
        assertTainted("cmd = ' '.join(['ls', request.args['d']])")
        assertTainted("cmd = request.args['d'][1:10]")
        assertTainted("parts = [request.args['d']]\ncmd = parts[0]")
        assertTainted("opts = {'d': request.args['d']}\ncmd = opts['d']")
        assertTainted("cmd = request.args['d'].strip().lower().replace('x', 'y')")
        assertTainted("cmd = request.get_data().decode()")
        assertTainted("cmd = request.get_json()['c']")
        assertTainted("a, b = request.args['d'], 'x'\ncmd = a")
        assertTainted("a, cmd = request.args['d'].split(',')")
        assertTainted("parts = []\nparts.append(request.args['d'])\ncmd = ' '.join(parts)")
        assertTainted("cmd = ''\nfor p in request.args.getlist('p'):\n    cmd = cmd + p")
        assertTainted("with request.files['f'].stream as s:\n    cmd = s.read()")
        assertTainted("class O: pass\no = O()\no.c = request.args['d']\ncmd = o.c")
        assertTainted("cmd = request.args['d'] if request.args else 'ls'")
        assertTainted("cmd = request.args.get('d') or 'ls'")
        assertTainted("cmd = str(request.view_args['d'])")
        assertTainted("cmd = input('?')")
        assertTainted("import sys\ncmd = sys.argv[1]")
        assertTainted("if (c := request.args.get('c')):\n    pass\ncmd = c")
    }

    func testSanitizers() {
        assertClean("cmd = 'sleep %d' % int(request.args['n'])")
        assertClean("cmd = 'sleep ' + str(float(request.args['n']))")
        assertClean("cmd = 'cat ' + shlex.quote(request.args['f'])")
        assertClean("c = request.args['c']\nif c not in {'ls', 'pwd'}:\n    return 'no', 400\ncmd = c")
        assertClean("c = request.args['c']\ncmd = 'ls'\nif c in ('ls', 'pwd'):\n    cmd = c")
        assertClean("c = request.args['c']\nif c != 'ls':\n    abort(400)\ncmd = c")
        assertClean("cmd = 'ls'")
        assertClean("cmd = 'ls -l ' + 'tmp'")
    }

    func testGuardDoesNotLeakOutOfItsBranch() {
        // The allow-list check guards only its own branch; the tainted value is still used after it.
        assertTainted("cmd = request.args['c']\nif cmd in ('ls', 'pwd'):\n    print('ok')")
    }

    func testSanitizerIsSpecificToItsSink() {
        // secure_filename makes a path safe, not a shell command.
        let src = """
        import os
        from flask import request
        from werkzeug.utils import secure_filename
        def view():
            name = secure_filename(request.args['n'])
            open(os.path.join('/data', name))
            os.system('cat ' + name)
        """
        let f = review(src)
        XCTAssertEqual(lines(f, "python.path-traversal"), [])
        XCTAssertEqual(lines(f, "python.command-injection"), [7])
    }

    func testHTMLEscapeSanitizesXSSOnly() {
        let src = """
        import html
        from markupsafe import Markup
        from flask import request
        def view(cur):
            q = html.escape(request.args['q'])
            m = Markup('<b>' + q + '</b>')
            cur.execute("SELECT * FROM t WHERE a = '" + q + "'")
        """
        let f = review(src)
        XCTAssertEqual(lines(f, "python.xss"), [])
        XCTAssertEqual(lines(f, "python.sql-injection"), [7])
    }

    func testRouteParameters() {
        let src = """
        import os
        from flask import Flask
        app = Flask(__name__)
        @app.route("/a/<name>")
        def a(name):
            os.system("echo " + name)
        @app.route("/b/<int:n>")
        def b(n):
            os.system("echo %d" % n)
        """
        let f = review(src).filter { $0.rule == "python.command-injection" }
        XCTAssertEqual(f.map(\.line), [6])
        XCTAssertEqual(f.first?.confidence, .high)
        XCTAssertEqual(f.first?.source?.description.hasPrefix("route parameter <name>"), true)
    }

    func testHelperWhoseParameterReachesASinkIsASinkForItsCallers() {
        let src = """
        import subprocess
        from flask import request
        def run(cmd):
            return subprocess.check_output(cmd, shell=True)
        def wrapper(c):
            return run(c)
        def view():
            return wrapper(request.args["c"])
        def safe_view():
            return wrapper("uptime")
        """
        let f = review(src).filter { $0.rule == "python.command-injection" }
        XCTAssertEqual(f.map(\.line), [8])
        XCTAssertEqual(f.first?.confidence, .high)
        XCTAssertEqual(f.first?.source?.line, 8)
        XCTAssertTrue(f.first?.message.contains("wrapper()") == true, f.first?.message ?? "")
    }

    func testHelperReturnsTaintOfItsParameterOrOfASource() {
        let src = """
        import os
        from flask import request
        def clean(x):
            return x.strip()
        def from_request():
            return request.args["c"]
        def sanitize(x):
            return shlex.quote(x)
        def a():
            os.system("echo " + clean(request.args["c"]))
        def b():
            os.system("echo " + from_request())
        def c():
            os.system("echo " + sanitize(request.args["c"]))
        def d():
            os.system("echo " + clean("constant"))
        """
        let f = review("import shlex\n" + src).filter { $0.rule == "python.command-injection" }
        XCTAssertEqual(f.map(\.line), [11, 13])
        XCTAssertTrue(f.allSatisfy { $0.confidence == .high })
    }

    func testUnknownOriginIsLowAndLiteralIsNothing() {
        let src = """
        import os, subprocess
        def a(conf):
            os.system(conf.command)
        def b():
            subprocess.run(["ls", "-l"])
            subprocess.run("ls -l", shell=True)
        """
        let f = review(src).filter { $0.rule == "python.command-injection" }
        XCTAssertEqual(f.map(\.line), [3])
        XCTAssertEqual(f.first?.confidence, .low, "the audit tier")
        XCTAssertNil(f.first?.source)
    }

    func testDjangoRequestSources() {
        let src = """
        from django.db import connection
        def search(request):
            q = request.GET.get("q", "")
            with connection.cursor() as c:
                c.execute("SELECT * FROM t WHERE name LIKE '%%%s%%'" % q)
        def body(request):
            import pickle
            return pickle.loads(request.body)
        """
        let f = review(src)
        XCTAssertEqual(lines(f, "python.sql-injection"), [5])
        XCTAssertEqual(lines(f, "python.insecure-deserialization"), [8])
        XCTAssertTrue(f.allSatisfy { $0.confidence == .high })
    }

    func testClassBasedViewUsesSelfRequest() {
        let src = """
        import os
        class Run:
            def post(self, request):
                os.system(self.request.POST["c"])
        """
        XCTAssertEqual(lines(review(src), "python.command-injection"), [4])
    }
}

final class TaintSourceTests: XCTestCase {
    func testFormFieldsAreClientData() {
        let src = """
        import requests
        from .forms import ImageForm
        def add_image():
            form = ImageForm()
            if form.validate_on_submit():
                return requests.get(form.url.data).content
        """
        let f = review(src).filter { $0.rule == "python.ssrf" }
        XCTAssertEqual(f.map(\.line), [6])
        XCTAssertEqual(f.first?.source?.description.contains("ImageForm()"), true)
    }

    func testSourcesOnlyOnRequestObjects() {
        // `args` of some other object is not client data.
        let src = """
        import os
        def run(job):
            os.system("echo " + job.args["x"])
        """
        XCTAssertEqual(review(src).filter { $0.rule == "python.command-injection" }.map(\.confidence), [.low])
    }
}

final class ConversionTests: XCTestCase {
    func testTypedGetIsSafe() {
        let src = """
        from flask import request
        def page(cur):
            n = request.args.get("n", 10, type=int)
            cur.execute("SELECT * FROM t LIMIT %d" % n)
            s = request.args.get("s", "")
            cur.execute("SELECT * FROM t WHERE s = '%s'" % s)
        """
        XCTAssertEqual(lines(review(src), "python.sql-injection"), [6])
    }
}

final class MoreSanitizerTests: XCTestCase {
    func testPathSanitizers() {
        let src = """
        import os
        from flask import request, send_file
        from werkzeug.utils import safe_join, secure_filename
        def a():
            return send_file(safe_join("/srv/files", request.args["f"]))
        def b():
            return open(os.path.join("/srv", secure_filename(request.args["f"]))).read()
        def c():
            return open(os.path.join("/srv", os.path.basename(request.args["f"]))).read()
        def d():
            return open(os.path.join("/srv", request.args["f"])).read()
        """
        XCTAssertEqual(lines(review(src), "python.path-traversal"), [11])
    }

    func testHTMLSanitizers() {
        let src = """
        import html, markupsafe
        from markupsafe import Markup
        from flask import request
        def a():
            return Markup("<b>%s</b>" % markupsafe.escape(request.args["n"]))
        def b():
            return Markup("<b>" + html.escape(request.args["n"]) + "</b>")
        def c():
            return Markup("<b>" + request.args["n"] + "</b>")
        """
        XCTAssertEqual(lines(review(src), "python.xss"), [9])
    }

    func testScalarConversions() {
        let src = """
        import os
        from flask import request
        def a():
            os.system("sleep %s" % bool(request.args["x"]))
            os.system("sleep %s" % float(request.args["x"]))
            os.system("sleep %s" % len(request.args["x"]))
            os.system("sleep %s" % request.args["x"])
        """
        XCTAssertEqual(lines(review(src), "python.command-injection"), [7])
    }

    func testRedirectSanitizers() {
        let src = """
        from flask import redirect, request, url_for
        def a():
            return redirect(url_for("profile", name=request.args["n"]))
        def b():
            nxt = request.args.get("next", "/")
            if nxt not in ("/", "/home"):
                nxt = "/"
            return redirect(nxt)
        """
        XCTAssertEqual(lines(review(src), "python.open-redirect"), [])
    }
}

final class MethodResolutionTests: XCTestCase {
    func testSelfCallsResolveToTheCallersClass() {
        let src = """
        import os
        from flask import request
        class Shell:
            def run(self, cmd):
                os.system(cmd)
            def handle(self):
                self.run(request.args["c"])
        class Echo:
            def run(self, text):
                print(text)
            def handle(self):
                self.run(request.args["c"])
        """
        let f = review(src).filter { $0.rule == "python.command-injection" }
        XCTAssertEqual(f.map(\.line), [7])
        XCTAssertEqual(f.first?.confidence, .high)
    }
}

final class FrameworkSourceTests: XCTestCase {
    func testFastAPIParameters() {
        let src = """
        import subprocess
        from fastapi import Depends, FastAPI
        app = FastAPI()
        @app.get("/ping/{host}")
        def ping(host: str, count: int = 1, db=Depends(get_db)):
            subprocess.run(f"ping -c {count} {host}", shell=True)
            subprocess.run(f"ping -c {count}", shell=True)
        """
        let f = review(src).filter { $0.rule == "python.command-injection" }
        XCTAssertEqual(f.map(\.line), [6])
        XCTAssertEqual(f.first?.confidence, .high)
    }

    func testSinksInsideLambdas() {
        let src = """
        import os
        from flask import request
        def view():
            c = request.args["c"]
            run = lambda: os.system("echo " + c)
            shadow = lambda c: os.system("echo " + c)
            return run()
        """
        let f = review(src).filter { $0.rule == "python.command-injection" }
        XCTAssertEqual(f.map(\.line), [5, 6])
        XCTAssertEqual(f.map(\.confidence), [.high, .low])
    }
}

final class MixedPartsTests: XCTestCase {
    func testParameterAndClientPartsKeepTheirOwnSanitizers() {
        // argv is cleared for file paths (the user picked the file); the parameter part is not, so a caller
        // passing request data is still reported, and the argv default alone is not.
        let src = """
        import sys
        from flask import request
        def read(args=None):
            if args is None:
                args = sys.argv[1]
            return open(args).read()
        def cli():
            return read()
        def view():
            return read(request.args["f"])
        """
        XCTAssertEqual(lines(review(src), "python.path-traversal"), [10])
    }
}

final class FieldTests: XCTestCase {
    func testClientDataStoredOnTheInstanceReachesOtherMethods() {
        let src = """
        import os
        from django.views import View
        class Convert(View):
            def convert(self):
                os.system("convert " + self.name)
            def post(self, request):
                self.name = request.POST["name"]
                self.convert()
        class Other:
            def convert(self):
                os.system("convert " + self.name)
        """
        let f = review(src).filter { $0.rule == "python.command-injection" }
        XCTAssertEqual(f.map(\.line), [5, 11])
        XCTAssertEqual(f.map(\.confidence), [.high, .low])
        XCTAssertEqual(f.first?.source?.line, 7)
    }
}
