import XCTest
import Findings
@testable import PythonRules

/// What a validation pattern admits, and what that clears.
final class RegexShapeTests: XCTestCase {
    private func clears(_ pattern: String, _ method: String = "fullmatch", multiline: Bool = false) -> BitSet<SinkClass> {
        let shape = RegexShape(pattern)
        guard shape.coversSubject(method: method, multiline: multiline) else { return [] }
        return Sanitizers.cleared(by: shape.chars)
    }

    func testWordPatternsClearEverySink() {
        XCTAssertEqual(clears("[a-z]+"), SinkClass.all)
        XCTAssertEqual(clears(#"^[A-Za-z0-9_-]{1,32}$"#, "match"), SinkClass.all)
        XCTAssertEqual(clears(#"\w+\Z"#, "match"), SinkClass.all)
        XCTAssertEqual(clears(#"(?P<id>\d+)-(?:[a-f]+)"#), SinkClass.all)
        XCTAssertEqual(clears("^(admin|user)$", "search"), SinkClass.all)
    }

    func testPunctuationKeepsTheSinksItCanAttack() {
        let dotted = clears("[a-z0-9./]+")
        XCTAssertFalse(dotted.contains(.path))
        XCTAssertFalse(dotted.contains(.url))
        XCTAssertTrue(dotted.contains(.command))
        XCTAssertTrue(dotted.contains(.sql))
        XCTAssertTrue(dotted.contains(.html))
        let spaced = clears("[A-Za-z ]+")
        XCTAssertFalse(spaced.contains(.command))
        XCTAssertFalse(spaced.contains(.sql))
        XCTAssertTrue(spaced.contains(.path))
        let prose = clears("[A-Za-z ,.!]{1,80}")
        XCTAssertTrue(prose.contains(.template))
        XCTAssertTrue(prose.contains(.html))
        XCTAssertTrue(prose.contains(.header))
        XCTAssertFalse(prose.contains(.command))
        XCTAssertFalse(prose.contains(.ldap))
        XCTAssertFalse(clears(#"[\w\s]+"#).contains(.header))
        let quoted = clears(#"[a-z'"]+"#)
        XCTAssertEqual(quoted.intersection([.sql, .command, .html, .xpath, .ldap]), [])
        XCTAssertTrue(quoted.contains(.path))
        let blank = clears(#"\s*[a-z]+"#)
        XCTAssertEqual(blank.intersection([.sql, .command, .header, .url]), [])
        XCTAssertTrue(blank.contains(.html))
    }

    func testPatternsThatAdmitAnythingClearNothing() {
        XCTAssertEqual(clears(".+"), [])
        XCTAssertEqual(clears("[^;|&]+"), [])
        XCTAssertEqual(clears(#"\S+"#), [])
        XCTAssertEqual(clears("(?x) [a-z]+"), [])
        XCTAssertEqual(clears("[a-z"), [])
    }

    func testOnlyPatternsCoveringTheWholeValueCount() {
        XCTAssertEqual(clears("[a-z]+", "match"), [])
        XCTAssertEqual(clears("[a-z]+$", "search"), [])
        XCTAssertEqual(clears("^[a-z]+$|^x", "match"), [])
        XCTAssertEqual(clears("^[a-z]+$", "match", multiline: true), [])
        XCTAssertEqual(clears(#"^[a-z]+\Z"#, "match", multiline: true), SinkClass.all)
        XCTAssertEqual(clears(#"[a-z]+\$"#, "match"), [])
    }

    func testSubstitutionsLeaveOrRemoveAClass() {
        guard let kept = RegexShape.singleClass("[^a-z0-9]+"), let removed = RegexShape.singleClass(#"[\r\n]"#) else {
            return XCTFail("single classes not recognised")
        }
        XCTAssertTrue(kept.negated)
        XCTAssertEqual(Sanitizers.cleared(by: kept.members), SinkClass.all)
        XCTAssertFalse(removed.negated)
        XCTAssertEqual(Sanitizers.clearedByRemoving(removed.members, keeping: CharSet()), [.header])
        var newline = CharSet()
        newline.insert(0x0A)
        XCTAssertEqual(Sanitizers.clearedByRemoving(removed.members, keeping: newline), [])
        XCTAssertNil(RegexShape.singleClass("[a]|[b]"))
        XCTAssertNil(RegexShape.singleClass(#"[^\S]"#))
    }

    func testPercentEncodingKeepsDotsAndSlashes() {
        let quoted = Sanitizers.percentEncoded(safe: "/")
        XCTAssertFalse(quoted.contains(.path))
        XCTAssertFalse(quoted.contains(.url))
        XCTAssertTrue(quoted.contains(.html))
        XCTAssertTrue(quoted.contains(.command))
        XCTAssertTrue(Sanitizers.percentEncoded(safe: "").contains(.url))
        XCTAssertFalse(Sanitizers.percentEncoded(safe: "<>").contains(.html))
    }
}

/// Guards and sanitizers in the engine, one shape at a time (the CLI cases are in TaintGuardsCLITests).
final class GuardTests: XCTestCase {
    private func commands(_ body: String, prelude: String = "") -> [Int] {
        let src = "import os, re, html\nfrom flask import request, abort\n" + prelude + "def view():\n" +
            body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
        return lines(review(src), "python.command-injection")
    }

    func testAllowListsAndEquality() {
        XCTAssertEqual(commands("c = request.args['c']\nif c in ('a', 'b'):\n    os.system(c)"), [])
        XCTAssertEqual(commands("c = request.args['c']\nif 'a' == c:\n    os.system(c)"), [])
        XCTAssertEqual(commands("c = request.args['c']\nif ADMIN == c:\n    os.system(c)", prelude: "ADMIN = 'whoami'\n"), [])
        XCTAssertEqual(commands("c = request.args['c']\nok = c in ('a', 'b')\nif not ok:\n    abort(400)\nos.system(c)"), [])
        XCTAssertEqual(commands("c = request.args['c']\nok = c.isdigit() or c == 'max'\nif ok:\n    os.system('sleep ' + c)"), [])
        XCTAssertEqual(commands("c = request.args['c']\nok = c.isdigit() or c.startswith('-')\nif ok:\n    os.system('sleep ' + c)"), [7])
        // Names that hold each other's checks are followed one level only.
        XCTAssertEqual(commands("c = request.args['c']\na = b or c.isdigit()\nb = a or c.isdigit()\nif a:\n    os.system(c)"), [8])
        XCTAssertEqual(commands("c = request.args['c']\nif c == 'a' or c == 'b':\n    os.system(c)"), [])
        XCTAssertEqual(commands("c = request.args['c']\nd = request.args['d']\nif c == 'a' or d == 'b':\n    os.system(c)"), [7])
        XCTAssertEqual(commands("c = request.args['c']\nif c in request.args:\n    os.system(c)"), [6])
        XCTAssertEqual(commands("c = request.args['c']\nos.system(c if c in ('a', 'b') else 'ls')"), [])
        XCTAssertEqual(commands("c = request.args['c']\nos.system(c if c else 'ls')"), [5])
        XCTAssertEqual(commands("c = request.args['c']\nif c in BLOCKED:\n    abort(400)\nos.system(c)", prelude: "BLOCKED = {'rm'}\n"), [8])
    }

    func testRegularExpressionGuards() {
        XCTAssertEqual(commands("c = request.args['c']\nif not re.fullmatch('[a-z]+', c):\n    abort(400)\nos.system(c)"), [])
        XCTAssertEqual(commands("c = request.args['c']\nif not re.match('[a-z]+', c):\n    abort(400)\nos.system(c)"), [7])
        XCTAssertEqual(commands("c = request.args['c']\nif NAME.fullmatch(c):\n    os.system(c)", prelude: "NAME = re.compile('[a-z]+')\n"), [])
        XCTAssertEqual(commands("c = request.args['c']\nif NAME.match(c):\n    os.system(c)", prelude: "NAME = re.compile('^[a-z]+$', re.M)\n"), [7])
        XCTAssertEqual(commands("c = request.args['c']\nm = re.fullmatch(PAT, c)\nif not m:\n    abort(400)\nos.system(c)",
                                prelude: "PAT = '[0-9]+'\n"), [])
        XCTAssertEqual(commands("c = request.args['c']\nif re.fullmatch('[a-z]+', c) is None:\n    abort(400)\nos.system(c)"), [])
        XCTAssertEqual(commands("c = request.args['c']\nif re.fullmatch('[a-z]+', c) is not None:\n    os.system(c)\nos.system(c)"), [7])
    }

    func testStringPredicatesAndTypeChecks() {
        XCTAssertEqual(commands("c = request.args['c']\nif not c.isdigit():\n    raise ValueError(c)\nos.system('sleep ' + c)"), [])
        XCTAssertEqual(commands("c = request.args['c']\nif c.isalnum() and len(c) < 9:\n    os.system(c)"), [])
        XCTAssertEqual(commands("c = request.args['c']\nif c.isalnum() or c.startswith('-'):\n    os.system(c)"), [6])
        XCTAssertEqual(commands("c = request.args['c']\nif isinstance(c, int):\n    os.system('sleep %s' % c)"), [])
    }

    func testEscapeForHTMLIsStillDangerousElsewhere() {
        XCTAssertEqual(commands("os.system('echo ' + html.escape(request.args['c']))"), [4])
        let src = """
        from flask import request
        from markupsafe import Markup
        def esc(s):
            return s.replace("&", "&amp;").replace("<", "&lt;")
        def view(cur):
            q = request.args["q"]
            page = Markup("<b>" + esc(q) + "</b>")
            cur.execute("SELECT * FROM t WHERE a = '" + esc(q) + "'")
            return page
        """
        let f = review(src)
        XCTAssertEqual(lines(f, "python.xss"), [])
        XCTAssertEqual(lines(f, "python.sql-injection"), [8])
    }

    func testBasenameNeedsACheckForFolderCalls() {
        let src = """
        import os, shutil
        from flask import request, abort
        def view():
            a = os.path.basename(request.args["a"])
            open(os.path.join("/srv", a)).read()
            shutil.rmtree(os.path.join("/srv", a))
            if ".." in a:
                abort(400)
            shutil.rmtree(os.path.join("/srv", a))
        """
        XCTAssertEqual(lines(review(src), "python.path-traversal"), [6])
    }

    func testWSGIEnvironIsClientData() {
        let src = """
        import os
        def app(environ, start_response):
            os.system(environ["QUERY_STRING"])
        def helper(environ):
            os.system(environ["QUERY_STRING"])
        """
        let f = review(src).filter { $0.rule == "python.command-injection" }
        XCTAssertEqual(f.map(\.line), [3, 5])
        // helper's callers are not in the file: the audit tier.
        XCTAssertEqual(f.map(\.confidence), [.high, .low])
        XCTAssertEqual(f.first?.source?.description.contains("WSGI environ"), true)
    }
}
