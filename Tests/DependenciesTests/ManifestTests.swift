@testable import Dependencies
import XCTest

/// Each manifest format: what it pins, on which line and column.
final class ManifestTests: XCTestCase {
    func pins(_ manifest: Manifest, _ text: String, path: String = "x") -> [String]? {
        manifest.requirements(path: path, text: text)?.map { "\($0.line):\($0.column) \($0.normalizedName) \($0.version ?? "-")" }
    }

    func testPyProjectPEP621OptionalGroupsAndPoetry() {
        let text = """
        [build-system]
        requires = ["setuptools==40.0.0"]

        [project]
        name = "app"
        version = "1.0"
        description = \"\"\"
        [tool.poetry.dependencies]
        fake = "9.9"
        \"\"\"
        dependencies = [
            "Django==3.2.0",
            'requests>=2.0',
            "celery[redis] == 5.0.0 ; python_version >= '3.8'",
        ]

        [project.optional-dependencies]
        docs = ["sphinx==4.0.0"]

        [dependency-groups]
        test = ["pytest==7.0.0", {include-group = "docs"}]

        [tool.poetry.dependencies]
        python = "^3.8"
        flask = "2.0.0"
        jinja2 = { version = "==2.10", extras = ["i18n"] }
        urllib3 = "^1.26"

        [tool.poetry.group.dev.dependencies]
        black = "22.3.0"

        [tool.other]
        when = 1979-05-27T07:32:00Z
        """
        XCTAssertEqual(pins(.pyproject, text), [
            "12:14 django 3.2.0", "13:6 requests -", "14:23 celery 5.0.0", "18:18 sphinx 4.0.0", "21:18 pytest 7.0.0",
            "25:10 flask 2.0.0", "26:25 jinja2 2.10", "27:1 urllib3 -", "30:10 black 22.3.0",
        ])
    }

    func testMalformedTOMLIsUnreadableNotACrash() {
        XCTAssertNil(pins(.pyproject, "[project]\ndependencies = [1,}]\n"))
        XCTAssertNil(pins(.poetryLock, "[[package]]\nname = \"a\"\nversion = \n"))
        XCTAssertNil(pins(.pyproject, "[project]\ndependencies = [\"a\u{0}\"]\n"))
    }

    func testPoetryLockSkipsPackagesFromGitAndFolders() {
        let text = """
        [[package]]
        name = "django"
        version = "3.2.0"
        description = "A high-level Python web framework"
        optional = false
        python-versions = ">=3.6"
        files = [
            {file = "Django-3.2-py3-none-any.whl", hash = "sha256:0123"},
        ]

        [package.dependencies]
        asgiref = ">=3.3.2,<4"

        [[package]]
        name = "mylib"
        version = "0.1.0"

        [package.source]
        type = "git"
        url = "https://example.com/mylib.git"

        [[package]]
        name = "Pillow"
        version = "8.0.0"

        [package.source]
        type = "legacy"
        url = "https://mirror.example.com/simple"

        [metadata]
        lock-version = "2.0"
        """
        XCTAssertEqual(pins(.poetryLock, text), ["3:12 django 3.2.0", "24:12 pillow 8.0.0"])
    }

    func testUvLockSkipsTheProjectItselfAndPathSources() {
        let text = """
        version = 1
        requires-python = ">=3.12"

        [[package]]
        name = "app"
        version = "0.1.0"
        source = { editable = "." }
        dependencies = [
            { name = "django" },
        ]

        [[package]]
        name = "django"
        version = "3.2.0"
        source = { registry = "https://index.example/simple" }
        sdist = { url = "https://files.example/django-3.2.0.tar.gz", hash = "sha256:00", size = 9, upload-time = "2021-04-06T09:33:15Z" }
        wheels = [
            { url = "https://files.example/django-3.2.0-py3-none-any.whl", hash = "sha256:01", size = 8 },
        ]

        [[package]]
        name = "local-thing"
        version = "1.0"
        source = { directory = "../thing" }
        """
        XCTAssertEqual(pins(.uvLock, text), ["14:12 django 3.2.0"])
    }

    func testPylockTomlWithDatesAndVcsEntries() {
        let text = """
        lock-version = '1.0'
        created-by = 'pdm'

        [[packages]]
        name = 'requests'
        version = '2.19.1'
        index = 'https://index.example/simple'

        [[packages.wheels]]
        name = 'requests-2.19.1-py2.py3-none-any.whl'
        upload-time = 2018-06-14T13:40:38Z
        url = 'https://files.example/requests-2.19.1-py2.py3-none-any.whl'
        hashes = {sha256 = '63b52e3c866428a224f97cab011de738c36aec0185aa91cfacd418b5d58911d1'}

        [[packages]]
        name = 'tool'
        version = '1.0'
        [packages.vcs]
        type = 'git'
        url = 'https://example.com/tool.git'
        commit-id = '0123'
        """
        XCTAssertEqual(pins(.pylock, text), ["6:12 requests 2.19.1"])
    }

    func testPipfileLock() {
        let text = """
        {
            "_meta": {"hash": {"sha256": "00"}, "pipfile-spec": 6},
            "default": {
                "django": {
                    "hashes": ["sha256:00"],
                    "index": "pypi",
                    "version": "==3.2.0"
                },
                "mylib": {"editable": true, "path": "."}
            },
            "develop": {
                "pytest": {
                    "version": "==7.0.0"
                }
            }
        }
        """
        XCTAssertEqual(pins(.pipfileLock, text), ["7:27 django 3.2.0", "13:27 pytest 7.0.0"])
        XCTAssertNil(pins(.pipfileLock, "{\"default\": "))
    }

    func testSetupCfg() {
        let text = """
        [metadata]
        name = app
        install_requires = notme==1.0

        [options]
        packages = find:
        install_requires =
            Django==3.2.0
            requests>=2 ; python_version >= "3.6"
        # a comment
        tests_require = pytest==7.0.0

        [options.extras_require]
        yaml = PyYAML==5.3; toml==0.10.0
        """
        XCTAssertEqual(pins(.setupCfg, text), ["8:13 django 3.2.0", "9:5 requests -", "14:16 pyyaml 5.3", "14:27 toml 0.10.0"])
    }
}
