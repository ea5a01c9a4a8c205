import Python

extension RuleSet {
    static let massAssignment = Rule(
        id: "python.mass-assignment",
        title: "Mass assignment of model fields",
        cwe: 915, owasp: OWASP.a08, severity: .high,
        explanation: "A model filled from everything the client sent (`User(**request.json)`, a ModelForm or serializer with `fields = \"__all__\"`) lets the client set fields it should never touch: `is_admin`, `is_staff`, `balance`, another user's `owner_id`.",
        fix: "Name the fields the client may set: User(name=data[\"name\"], email=data[\"email\"]); in a ModelForm or serializer, fields = [\"name\", \"email\"] rather than \"__all__\".",
        bandit: [],
        triggering: [
            """
            from flask import request
            from app.models import User
            def register():
                user = User(**request.get_json())  # expect
            """,
            """
            from myapp.models import Account
            def update(request, pk):
                Account.objects.filter(pk=pk).update(**request.POST.dict())  # expect
            """,
            """
            from django import forms
            from .models import Profile
            class ProfileForm(forms.ModelForm):
                class Meta:
                    model = Profile
                    fields = "__all__"  # expect
            """,
            """
            from rest_framework import serializers
            from .models import Order
            class OrderSerializer(serializers.ModelSerializer):
                class Meta:
                    model = Order
                    fields = '__all__'  # expect
            """,
        ],
        nonTriggering: [
            """
            from flask import request
            from app.models import User
            def register():
                data = request.get_json()
                user = User(name=data["name"], email=data["email"])
            """,
            """
            from myapp.models import Account
            DEFAULTS = {"plan": "free"}
            def reset(request, pk):
                Account.objects.filter(pk=pk).update(**DEFAULTS)
            """,
            """
            from django import forms
            from .models import Profile
            class ProfileForm(forms.ModelForm):
                class Meta:
                    model = Profile
                    fields = ["bio", "avatar"]
            """,
            """
            from flask import request, jsonify
            def echo():
                return jsonify(**request.get_json())
            """,
            """
            class Settings:
                class Meta:
                    fields = "__all__"
            """,
        ],
        calls: CallPattern(keywords: ["**"]),
        onCall: { c, flow in
            guard c.hasKwargsSplat, isModelWrite(c) else { return [] }
            return c.keywords.filter { $0.arg == nil }.map { k in
                Hit(span: k.value.span, value: flow.taint(k.value), sink: "the fields of \(flow.describe(c))")
            }
        },
        onStatement: { s, _ in
            guard case .classDef(let cls) = s.kind,
                  cls.bases.contains(where: { ["ModelForm", "ModelSerializer", "HyperlinkedModelSerializer"].contains($0.lastName ?? "") })
            else { return [] }
            var hits: [Hit] = []
            for inner in cls.body {
                guard case .classDef(let meta) = inner.kind, meta.name == "Meta" else { continue }
                for statement in meta.body {
                    guard case .assign(let targets, let value) = statement.kind, value.stringLiteral == "__all__",
                          targets.contains(where: { if case .name("fields", _) = $0.kind { return true } else { return false } })
                    else { continue }
                    hits.append(.plain(value.span, "\(cls.name) lets the client set every field of its model (fields = \"__all__\"), including ones added later.",
                                       confidence: .medium, severity: .medium))
                }
            }
            return hits
        }
    )

    /// A model built or saved from keyword arguments: a class from a models module, or a Django manager or
    /// queryset write (`Model.objects.create(...)`, `.filter(...).update(...)`).
    fileprivate static func isModelWrite(_ c: Call) -> Bool {
        if let m = c.method, ["create", "update", "get_or_create", "update_or_create"].contains(m), let r = c.receiver {
            if r.lastName == "objects" { return true }
            if case .call(let f, _, _) = r.kind, let inner = f.lastName,
               ["filter", "exclude", "all", "select_for_update", "get_queryset"].contains(inner) { return true }
            return false
        }
        guard let name = c.name, let last = name.split(separator: ".").last, last.first?.isUppercase == true else { return false }
        return name.hasPrefix("models.") || name.contains(".models.")
    }
}
