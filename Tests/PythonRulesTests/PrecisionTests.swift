import XCTest
import Findings
@testable import PythonRules

/// Idiomatic, safe Flask and Django code: nothing at medium confidence or above may be reported.
final class PrecisionTests: XCTestCase {
    private func assertClean(_ source: String, path: String = "app.py", file: StaticString = #filePath, line: UInt = #line) {
        let r = PythonReviewer().reviewWithDiagnostics(path: path, source: Array(source.utf8), addedLines: nil)
        XCTAssertEqual(r.diagnostics.map(\.message), [], file: file, line: line)
        let noisy = r.findings.filter { $0.confidence >= .medium }
        XCTAssertEqual(noisy.map { "\($0.rule)@\($0.line): \($0.message)" }, [], file: file, line: line)
    }

    func testSafeFlaskApp() { assertClean(PrecisionTests.flaskApp) }

    /// The same app with one flaw put back at a time: each is found, so the clean result above means something.
    func testMutatedFlaskAppIsCaught() {
        let mutations: [(String, String, String)] = [
            ("cur.execute(QUERY_RECENT, (int(request.args.get(\"n\", 10)),))", "cur.execute(\"SELECT * FROM p LIMIT \" + request.args.get(\"n\"))", "python.sql-injection"),
            ("name = secure_filename(f.filename)", "name = f.filename", "python.path-traversal"),
            ("return redirect(url_for(\"index\"))\n", "return redirect(next_url)\n", "python.open-redirect"),
            ("if not hmac.compare_digest(expected, request.headers.get(\"X-Signature\", \"\")):", "if expected != request.headers.get(\"X-Signature\", \"\"):", "python.timing-unsafe-comparison"),
            ("@login_required\ndef create_post", "def create_post", "python.missing-authentication"),
            ("subprocess.run([\"convert\", src, src + \".png\"], check=True)", "subprocess.run(\"convert %s out.png\" % request.form[\"name\"], shell=True)", "python.command-injection"),
            ("return secrets.token_urlsafe(32)", "return str(random.getrandbits(64))", "python.insecure-randomness"),
            ("SECRET_KEY=os.environ[\"SECRET_KEY\"]", "SECRET_KEY=\"dev-key-123\"", "python.hardcoded-secret"),
            ("https://api.example.com/items/{request.args['id']}", "{request.args['url']}", "python.ssrf"),
        ]
        for (from, to, rule) in mutations {
            XCTAssertTrue(PrecisionTests.flaskApp.contains(from), "mutation anchor missing: \(from)")
            let src = PrecisionTests.flaskApp.replacingOccurrences(of: from, with: to).replacingOccurrences(of: "import os\n", with: "import os\nimport random\n")
            let found = review(src).filter { $0.rule == rule && $0.confidence >= .medium }
            XCTAssertFalse(found.isEmpty, "\(rule) not found after mutation \(to)")
        }
        // The file load_config() reads comes from its callers, which are not in the file: the audit tier.
        let unsafeLoad = PrecisionTests.flaskApp.replacingOccurrences(of: "yaml.safe_load(fh)", with: "yaml.load(fh, Loader=yaml.Loader)")
        XCTAssertEqual(review(unsafeLoad).filter { $0.rule == "python.insecure-deserialization" }.map(\.confidence), [.low])
    }

    static let flaskApp = """
        import hmac
        import os
        import secrets
        import subprocess

        import requests
        import yaml
        from flask import Flask, abort, jsonify, redirect, render_template, request, send_from_directory, session, url_for
        from flask_login import current_user, login_required
        from werkzeug.security import check_password_hash, generate_password_hash
        from werkzeug.utils import secure_filename

        from .models import Post, User, db

        app = Flask(__name__)
        app.config.from_mapping(
            SECRET_KEY=os.environ["SECRET_KEY"],
            MAX_CONTENT_LENGTH=8 * 1024 * 1024,
            SESSION_COOKIE_SECURE=True,
            SESSION_COOKIE_HTTPONLY=True,
            SESSION_COOKIE_SAMESITE="Lax",
        )
        UPLOADS = "/srv/uploads"
        ALLOWED_EXTENSIONS = {"png", "jpg"}
        QUERY_RECENT = "SELECT id, title FROM posts ORDER BY created DESC LIMIT ?"


        @app.route("/")
        def index():
            posts = Post.query.order_by(Post.created.desc()).limit(20).all()
            return render_template("index.html", posts=posts, q=request.args.get("q", ""))


        @app.route("/login", methods=["GET", "POST"])
        def login():
            if request.method == "POST":
                user = User.query.filter_by(email=request.form["email"]).first()
                if user is None or not check_password_hash(user.password_hash, request.form["password"]):
                    abort(401)
                session["user_id"] = user.id
                next_url = request.args.get("next", "")
                return redirect(url_for("index"))
            return render_template("login.html")


        @app.route("/register", methods=["POST"])
        def register():
            user = User(email=request.form["email"], password_hash=generate_password_hash(request.form["password"]))
            db.session.add(user)
            db.session.commit()
            return redirect(url_for("login"))


        @app.route("/posts", methods=["POST"])
        @login_required
        def create_post():
            post = Post(title=request.form["title"], body=request.form["body"], author=current_user)
            db.session.add(post)
            db.session.commit()
            return jsonify(id=post.id), 201


        @app.route("/posts/<int:post_id>", methods=["DELETE"])
        @login_required
        def delete_post(post_id):
            post = Post.query.get_or_404(post_id)
            if post.author_id != current_user.id:
                abort(403)
            db.session.delete(post)
            db.session.commit()
            return "", 204


        @app.route("/recent")
        def recent(cur):
            cur.execute(QUERY_RECENT, (int(request.args.get("n", 10)),))
            return jsonify(cur.fetchall())


        @app.route("/avatar", methods=["POST"])
        @login_required
        def avatar():
            f = request.files["avatar"]
            name = secure_filename(f.filename)
            if name.rsplit(".", 1)[-1].lower() not in ALLOWED_EXTENSIONS:
                abort(400)
            f.save(os.path.join(UPLOADS, name))
            return "", 204


        @app.route("/files/<path:name>")
        def files(name):
            return send_from_directory(UPLOADS, name)


        @app.route("/weather/<city>")
        def weather(city):
            r = requests.get("https://api.weather.example/v1/now", params={"city": city}, timeout=5)
            return jsonify(r.json())


        @app.route("/item")
        def item():
            r = requests.get(f"https://api.example.com/items/{request.args['id']}", timeout=5)
            return jsonify(r.json())


        @app.route("/convert", methods=["POST"])
        @login_required
        def convert():
            src = os.path.join(UPLOADS, secure_filename(request.form["name"]))
            subprocess.run(["convert", src, src + ".png"], check=True)
            return "", 204


        @app.route("/webhook", methods=["POST"])
        def webhook():
            expected = hmac.new(os.environ["HOOK_KEY"].encode(), request.get_data(), "sha256").hexdigest()
            if not hmac.compare_digest(expected, request.headers.get("X-Signature", "")):
                abort(403)
            return "", 204


        def load_config(path):
            with open(path) as fh:
                return yaml.safe_load(fh)


        def new_token():
            return secrets.token_urlsafe(32)


        @app.after_request
        def headers(resp):
            resp.headers["X-Frame-Options"] = "DENY"
            resp.set_cookie("theme", "dark")
            return resp


        if __name__ == "__main__":
            app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
        """

    func testSafeDjangoViews() {
        assertClean("""
        from django.contrib.auth.decorators import login_required
        from django.db import connection
        from django.http import HttpResponse, JsonResponse
        from django.shortcuts import get_object_or_404, redirect, render
        from django.utils.html import format_html
        from django.utils.http import url_has_allowed_host_and_scheme
        from django.views import View

        from .forms import ArticleForm
        from .models import Article


        def article_list(request):
            q = request.GET.get("q", "")
            articles = Article.objects.filter(title__icontains=q)
            return render(request, "list.html", {"articles": articles, "q": q})


        def search(request):
            q = request.GET.get("q", "")
            with connection.cursor() as cursor:
                cursor.execute("SELECT id FROM articles WHERE title LIKE %s", ["%" + q + "%"])
                rows = cursor.fetchall()
            return JsonResponse({"ids": [r[0] for r in rows]})


        @login_required
        def edit(request, pk):
            article = get_object_or_404(Article, pk=pk, author=request.user)
            form = ArticleForm(request.POST or None, instance=article)
            if form.is_valid():
                form.save()
                next_url = request.GET.get("next", "/")
                if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                    next_url = "/"
                return redirect(next_url)
            return render(request, "edit.html", {"form": form})


        def badge(request):
            return HttpResponse(format_html("<span class='badge'>{}</span>", request.GET.get("label", "")))


        def raw_count(request):
            n = int(request.GET.get("n", "10"))
            return JsonResponse({"rows": list(Article.objects.raw("SELECT * FROM articles LIMIT %s", [n]))})


        class ArticleDelete(View):
            def post(self, request, pk):
                if not request.user.is_authenticated:
                    return HttpResponse(status=401)
                get_object_or_404(Article, pk=pk, author=request.user).delete()
                return redirect("/")
        """, path: "articles/views.py")
    }

    func testSafeDjangoSettings() {
        assertClean("""
        import os
        DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
        SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
        ALLOWED_HOSTS = ["example.com"]
        SESSION_COOKIE_SECURE = True
        CSRF_COOKIE_SECURE = True
        SESSION_COOKIE_SAMESITE = "Lax"
        AUTH_PASSWORD_VALIDATORS = [{"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}]
        PASSWORD_RESET_TIMEOUT = 3600
        MIDDLEWARE = [
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
        ]
        DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "PASSWORD": os.environ.get("DB_PASSWORD", "")}}
        """, path: "mysite/settings.py")
    }
}
