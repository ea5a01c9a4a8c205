import Python

extension RuleSet {
    static let sqlInjection = Rule(
        id: "python.sql-injection",
        title: "SQL injection",
        cwe: 89, owasp: OWASP.a03, severity: .critical,
        explanation: "SQL text built from request data (with %, +, .format or an f-string) lets the client change the query: read other users' rows, bypass the login, drop tables.",
        fix: "Pass values as query parameters and keep the SQL a constant: cur.execute(\"SELECT id FROM users WHERE name = ?\", (name,)); with SQLAlchemy, text(\"... WHERE name = :name\") with .bindparams(name=name); in Django, Model.objects.raw(\"... WHERE name = %s\", [name]) or the ORM.",
        bandit: ["B608", "B610", "B611"],
        triggering: [
            """
            from flask import request
            import sqlite3
            def search():
                q = request.args.get("q")
                cur = sqlite3.connect("a.db").cursor()
                cur.execute("SELECT * FROM items WHERE name = '%s'" % q)  # expect
            """,
            """
            from flask import request
            from sqlalchemy import text
            def find(db):
                name = request.form["name"]
                sql = f"SELECT * FROM users WHERE name = '{name}'"
                return db.session.execute(text(sql))  # expect
            """,
            """
            from myapp.models import User
            def profile(request):
                uid = request.GET["id"]
                return User.objects.raw("SELECT * FROM users WHERE id = " + uid)  # expect
            """,
            """
            from django.db import connection
            def report(request):
                order = request.POST.get("order")
                with connection.cursor() as cursor:
                    cursor.execute("SELECT * FROM t ORDER BY {}".format(order))  # expect
            """,
            """
            from django.db.models.expressions import RawSQL
            def annotate(request, qs):
                col = request.GET["col"]
                return qs.annotate(v=RawSQL("SELECT %s FROM t" % col, ()))  # expect
            """,
            """
            def lookup(cur, table):
                cur.execute("SELECT * FROM " + table)  # expect
            """,
            """
            import asyncpg
            from fastapi import FastAPI
            app = FastAPI()
            @app.get("/users")
            async def users(name: str):
                conn = await asyncpg.connect()
                return await conn.fetch(f"SELECT * FROM users WHERE name = '{name}'")  # expect
            """,
            """
            import pg8000.native
            from flask import request
            def rows():
                con = pg8000.native.Connection("app")
                return con.run("SELECT * FROM t WHERE k = '" + request.args["k"] + "'")  # expect
            """,
            """
            from psycopg import sql
            from flask import request
            def column(cur):
                cur.execute(sql.SQL("SELECT " + request.args["col"] + " FROM items"))  # expect
            """,
            """
            from django.db import connection
            def purge(request):
                connection.cursor().execute("DELETE FROM logs WHERE day = '%s'" % request.GET["day"])  # expect
            """,
            """
            import aiosqlite
            from flask import request
            async def search():
                async with aiosqlite.connect("app.db") as db:
                    await db.execute(f"SELECT * FROM items WHERE name = '{request.args['q']}'")  # expect
            """,
        ],
        nonTriggering: [
            """
            from flask import request
            def search(cur):
                q = request.args.get("q")
                cur.execute("SELECT * FROM items WHERE name = ?", (q,))
            """,
            """
            import asyncpg
            from fastapi import FastAPI
            app = FastAPI()
            @app.get("/users")
            async def users(name: str):
                conn = await asyncpg.connect()
                return await conn.fetch("SELECT * FROM users WHERE name = $1", name)
            """,
            """
            import subprocess
            from flask import request
            def run():
                return subprocess.run(["ls", request.args["d"]]).returncode
            """,
            """
            from sqlalchemy import text
            def count(db):
                return db.session.execute(text("SELECT count(*) FROM users"))
            """,
            """
            from flask import request
            def page(cur):
                n = int(request.args["n"])
                cur.execute("SELECT * FROM items LIMIT %d" % n)
            """,
            """
            from psycopg2 import sql
            from flask import request
            def column(cur):
                q = sql.SQL("SELECT {} FROM items").format(sql.Identifier(request.args["col"]))
                cur.execute(q)
            """,
            """
            QUERY = "SELECT * FROM items"
            def all_items(cur):
                cur.execute(QUERY)
            """,
            """
            from flask import request
            SORTS = {"name", "date"}
            def listing(cur):
                s = request.args["sort"]
                if s not in SORTS:
                    return "bad", 400
                cur.execute("SELECT * FROM t ORDER BY " + s)
            """,
        ],
        calls: CallPattern(
            names: ["sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text", "django.db.models.expressions.RawSQL",
                    "django.db.models.RawSQL", "pandas.read_sql", "pandas.read_sql_query", "psycopg2.sql.SQL", "psycopg.sql.SQL",
                    "sqlalchemy.literal_column", "sqlalchemy.sql.literal_column", "sqlalchemy.sql.expression.literal_column"],
            methods: CallPattern.methods("execute", "executemany", "executescript", "exec_driver_sql", "raw", "extra", "fetch", "fetchrow",
                                         "fetchval", "run", "mogrify")),
        onCall: { c, flow in
            var query: Expr? = nil
            if let m = c.method, ["execute", "executemany", "executescript", "exec_driver_sql"].contains(m) {
                query = c.arg(0, "sql") ?? c.arg(0, "operation") ?? c.keyword("statement")
            } else if c.matches("sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text") {
                query = c.arg(0, "text")
            } else if c.method == "raw" {
                query = c.arg(0, "raw_query")
            } else if c.matches("django.db.models.expressions.RawSQL", "django.db.models.RawSQL") {
                query = c.arg(0, "sql")
            } else if c.matches("pandas.read_sql", "pandas.read_sql_query") {
                query = c.arg(0, "sql")
            } else if c.matches("psycopg2.sql.SQL", "psycopg.sql.SQL", "sqlalchemy.literal_column", "sqlalchemy.sql.literal_column",
                                "sqlalchemy.sql.expression.literal_column") {
                // Composed SQL and literal columns are inserted as written, unquoted.
                query = c.arg(0, "string") ?? c.arg(0, "text")
            } else if let m = c.method, ["fetch", "fetchrow", "fetchval"].contains(m), flow.file.imports.values.contains(where: { $0.hasPrefix("asyncpg") }) {
                query = c.arg(0, "query")
            } else if let m = c.method, m == "run" || m == "mogrify", flow.file.imports.values.contains(where: { $0.hasPrefix("pg8000") || $0.hasPrefix("psycopg") }) {
                // pg8000's native Connection.run(sql); psycopg's mogrify builds the text it would send.
                query = c.arg(0, "sql") ?? c.arg(0, "query")
            } else if c.method == "extra" {
                var hits: [Hit] = []
                for k in c.keywords where ["where", "select", "tables", "order_by"].contains(k.arg ?? "") {
                    let t = flow.taint(k.value)
                    hits.append(Hit(span: k.value.span, value: t, sinkClass: .sql, sink: "the \(k.arg!) SQL of \(flow.describe(c))", reportUnknown: t.tags.contains(.built)))
                }
                return hits
            }
            guard let q = query else { return [] }
            let t = flow.taint(q)
            // A bare variable of unknown origin is usually a constant query from elsewhere; text visibly
            // assembled from pieces is the pattern worth a medium-confidence report.
            return [Hit(span: q.span, value: t, sinkClass: .sql, sink: "the SQL text of \(flow.describe(c))",
                        reportUnknown: t.tags.contains(.built),
                        message: t.tags.contains(.built) ? "The query is assembled by string formatting; use parameters." : nil)]
        }
    )
}
