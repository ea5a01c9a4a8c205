import Python

extension RuleSet {
    static let insecureDeserialization = Rule(
        id: "python.insecure-deserialization",
        title: "Insecure deserialization",
        cwe: 502, owasp: OWASP.a08, severity: .critical,
        explanation: "pickle, dill, marshal, shelve, jsonpickle, torch.load and yaml.load with an unsafe loader (Loader, UnsafeLoader, FullLoader, CLoader) build arbitrary objects; loading data a client can influence runs the client's code.",
        fix: "Exchange data as JSON (json.loads) or validate it with a schema; for YAML use yaml.safe_load; load PyTorch weights with torch.load(path, weights_only=True). Keep pickle for data only this process wrote and nobody else can modify.",
        bandit: ["B301", "B302", "B506", "B403"],
        triggering: [
            """
            import pickle, base64
            from flask import request
            def restore():
                state = pickle.loads(base64.b64decode(request.cookies["state"]))  # expect
                return state
            """,
            """
            import yaml
            def upload(request):
                cfg = yaml.load(request.body)  # expect
                return cfg
            """,
            """
            import yaml
            def read(path):
                with open(path) as f:
                    return yaml.load(f, Loader=yaml.Loader)  # expect
            """,
            """
            import jsonpickle
            from flask import request
            def restore():
                return jsonpickle.decode(request.data)  # expect
            """,
            """
            import dill
            def load(blob):
                return dill.loads(blob)  # expect
            """,
            """
            import yaml
            from flask import request
            def settings():
                a = yaml.full_load(request.data)  # expect
                b = yaml.load_all(request.data, Loader=yaml.CLoader)  # expect
                c = yaml.load(request.data, yaml.UnsafeLoader)  # expect
                return a, b, c
            """,
            """
            import torch
            def restore(path):
                return torch.load(path)  # expect
            """,
            """
            import marshal, shelve
            from flask import request
            def restore():
                code = marshal.loads(request.get_data())  # expect
                db = shelve.open(request.args["name"])  # expect
                return code, db
            """,
            """
            import yaml
            from flask import request
            def prefs():
                loader = yaml.UnsafeLoader
                return yaml.load(request.cookies.get("prefs", ""), Loader=loader)  # expect
            """,
        ],
        nonTriggering: [
            """
            import yaml
            from flask import request
            def upload():
                return yaml.safe_load(request.data)
            """,
            """
            import yaml
            def read(path):
                with open(path) as f:
                    return yaml.load(f, Loader=yaml.SafeLoader)
            """,
            """
            import torch
            def restore(path):
                return torch.load(path, weights_only=True)
            """,
            """
            import json
            from flask import request
            def restore():
                return json.loads(request.cookies["state"])
            """,
            """
            import yaml
            from flask import request
            def prefs():
                loader = yaml.SafeLoader
                return yaml.load(request.cookies.get("prefs", ""), Loader=loader)
            """,
        ],
        calls: CallPattern(names: deserializers + ["shelve.open", "yaml.load", "yaml.load_all", "numpy.load", "torch.load"]),
        onCall: { c, flow in
            var data: Expr? = nil
            // Described only when the call is a sink: building the text for every call expression was costly.
            var what: String? = nil
            if c.matches(deserializers) {
                data = c.arg(0)
            } else if c.matches("shelve.open") {
                data = c.arg(0, "filename")
                what = "shelve.open(), which unpickles the file"
            } else if c.matches("yaml.load", "yaml.load_all") {
                // The loader may be chosen through a local (`loader = yaml.SafeLoader`).
                if let loader = c.arg(1, "Loader").map(flow.resolved), let name = loader.lastName,
                   ["SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"].contains(name) { return [] }
                data = c.arg(0, "stream")
                what = "\(c.name ?? "yaml.load")() without a safe Loader"
            } else if c.matches("torch.load") {
                // torch.load unpickles the file unless weights_only=True (the default only since PyTorch 2.6).
                if let w = c.keyword("weights_only"), flow.literalValue(w)?.isTrueConstant == true { return [] }
                data = c.arg(0, "f")
                what = "torch.load() without weights_only=True, which unpickles the file"
            } else if c.matches("numpy.load") {
                guard let ap = c.keyword("allow_pickle"), flow.literalValue(ap)?.isTrueConstant == true else { return [] }
                data = c.arg(0, "file")
            }
            guard let data else { return [] }
            return [Hit(span: data.span, value: flow.taint(data), sinkClass: .deserialization, sink: what ?? flow.describe(c), reportUnknown: true)]
        }
    )

    /// Calls whose first argument is loaded as objects, whatever else they are passed.
    fileprivate static let deserializers = [
        "pickle.loads", "pickle.load", "cPickle.loads", "cPickle.load", "_pickle.loads", "_pickle.load", "dill.loads", "dill.load",
        "marshal.loads", "marshal.load", "jsonpickle.decode", "jsonpickle.loads", "cloudpickle.loads", "cloudpickle.load",
        "pandas.read_pickle", "pickle.Unpickler", "_pickle.Unpickler", "dill.Unpickler", "joblib.load", "yaml.unsafe_load",
        "yaml.unsafe_load_all", "yaml.full_load", "yaml.full_load_all", "jsonpickle.unpickler.decode",
    ]
}
