import Python

extension RuleSet {
    static let openRedirect = Rule(
        id: "python.open-redirect",
        title: "Open redirect",
        cwe: 601, owasp: OWASP.a01, severity: .medium,
        explanation: "Redirecting to a URL taken from the request (`?next=https://evil.example`) lets phishing links start on this trusted domain.",
        fix: "Redirect only to local paths or allow-listed hosts: check with django.utils.http.url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}), or redirect to url_for(...) of a known endpoint.",
        bandit: [],
        triggering: [
            """
            from flask import redirect, request
            def login():
                return redirect(request.args.get("next"))  # expect
            """,
            """
            from django.http import HttpResponseRedirect
            def go(request):
                target = request.GET["to"]
                return HttpResponseRedirect(target)  # expect
            """,
            """
            from flask import redirect, request
            def back():
                return redirect(request.referrer or "/")  # expect
            """,
        ],
        nonTriggering: [
            """
            from flask import redirect, request, url_for
            def login():
                return redirect(url_for("index"))
            """,
            """
            from django.shortcuts import redirect
            from django.utils.http import url_has_allowed_host_and_scheme
            def go(request):
                target = request.GET["next"]
                if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                    target = "/"
                return redirect(target)
            """,
            """
            from flask import redirect, request
            def go():
                return redirect("https://example.com/item/" + request.args["id"])
            """,
            """
            from django.shortcuts import redirect
            def reload(request):
                return redirect(request.get_full_path())
            """,
        ],
        calls: CallPattern(names: ["flask.redirect", "werkzeug.utils.redirect", "django.shortcuts.redirect", "django.http.HttpResponseRedirect",
                                  "django.http.HttpResponsePermanentRedirect", "django.http.response.HttpResponseRedirect"]),
        onCall: { c, flow in
            guard c.matches("flask.redirect", "werkzeug.utils.redirect", "django.shortcuts.redirect", "django.http.HttpResponseRedirect",
                            "django.http.HttpResponsePermanentRedirect", "django.http.response.HttpResponseRedirect"),
                  let url = c.arg(0, "location") ?? c.arg(0, "to") ?? c.arg(0, "redirect_to") else { return [] }
            let t = flow.taint(url)
            if t.tags.contains(.fixedHost) { return [] }
            // The audit tier: a target put together from a part of unknown origin.
            return [Hit(span: url.span, value: t, sinkClass: .url, sink: "the redirect target of \(flow.describe(c))",
                        reportUnknown: t.tags.contains(.built))]
        }
    )
}
