@testable import Dependencies
import XCTest

final class RequirementsFileTests: XCTestCase {
    func pins(_ text: String, path: String = "requirements.txt") -> [String] {
        RequirementsFile(path: path, text: text).requirements.map { r in
            "\(r.line):\(r.column) \(r.normalizedName) \(r.version ?? "-")\(r.arbitraryEquality ? " ===" : "")"
        }
    }

    func testPinsWithExtrasMarkersHashesContinuationsAndComments() {
        let text = """
        # a comment line
        Django==3.2.0  # the web framework
        requests[security,socks] == 2.19.1 ; python_version >= "3.6"
        celery>=5.0,<6
        cryptography==41.0.0 \\
            --hash=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef \\
            --hash=sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210
        urllib3 \\
            ==1.26.4
        zope.interface===5.4.0-custom
        pyyaml==5.*
        flask (==0.12)
        -e git+https://example.com/repo.git#egg=thing
        https://example.com/pkg-1.0.tar.gz
        ./vendored/pkg
        pkg @ https://example.com/pkg-2.0.tar.gz
        Jinja2==2.10; sys_platform == "linux" --hash=sha256:abc
        """
        XCTAssertEqual(pins(text), [
            "2:9 django 3.2.0",
            "3:29 requests 2.19.1",
            "4:1 celery -",
            "5:15 cryptography 41.0.0",
            "9:7 urllib3 1.26.4",
            "10:18 zope-interface 5.4.0-custom ===",
            "11:1 pyyaml -",
            "12:10 flask 0.12",
            "17:9 jinja2 2.10",
        ])
    }

    func testAContinuedCommentSwallowsTheNextLineAsPipDoes() {
        // pip joins a line ending in "\" even after a comment; the comment then runs over the next line.
        XCTAssertEqual(pins("six==1.0 # note \\\nidna==2.0\nsix2==3.0\n"), ["1:6 six 1.0", "3:7 six2 3.0"])
        // A comment line ends a continuation instead.
        XCTAssertEqual(pins("six==1.0 \\\n# comment\nidna==2.0\n"), ["1:6 six 1.0", "3:7 idna 2.0"])
    }

    func testIncludesResolveBesideTheFile() {
        let file = RequirementsFile(path: "requirements/dev.txt", text: """
        -r base.txt
        --requirement=../common.txt
        -c constraints/pins.txt
        --constraint ./more.txt
        -rtight.txt
        -r https://example.com/remote.txt
        --require-hashes
        -i https://example.com/simple
        pytest==7.0.0
        """)
        XCTAssertEqual(file.includes, ["requirements/base.txt", "common.txt", "requirements/constraints/pins.txt", "requirements/more.txt", "requirements/tight.txt"])
        XCTAssertEqual(file.requirements.map(\.normalizedName), ["pytest"])
    }

    func testCRLFAndNamesThatAreNotNames() {
        XCTAssertEqual(pins("Django==3.2.0\r\n-_bad==1.0\r\n\r\n"), ["1:9 django 3.2.0"])
    }

    func testRecognisedFileNames() {
        let yes = ["requirements.txt", "app/requirements-dev.txt", "dev-requirements.in", "requirements/base.txt", "requirements/prod.in",
                   "constraints.txt", "pyproject.toml", "x/setup.cfg", "Pipfile.lock", "poetry.lock", "uv.lock", "pylock.toml", "pylock.dev.toml"]
        let no = ["README.txt", "MANIFEST.in", "Makefile.in", "setup.py", "Pipfile", "requirements.py", "poetry.toml", "pylock.json"]
        for path in yes { XCTAssertNotNil(Manifest(path: path), path) }
        for path in no { XCTAssertNil(Manifest(path: path), path) }
        XCTAssertEqual(PackageName.normalize("Zope__Interface.-x"), "zope-interface-x")
    }
}
