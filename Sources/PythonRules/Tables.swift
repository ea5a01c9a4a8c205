/// Names the taint analysis knows: where attacker data enters, what cleans it, what passes it on.
enum Tables {
    /// Calls that open a tar archive. (Here rather than as literals in `callResult`, which rebuilt them per call.)
    static let tarOpeners = ["tarfile.open", "tarfile.TarFile", "tarfile.TarFile.open", "tarfile.TarFile.taropen"]
    /// Calls that make a path absolute and free of `..`.
    static let pathNormalizers = ["os.path.realpath", "os.path.abspath", "os.path.normpath", "posixpath.realpath", "posixpath.abspath"]

    /// `request.<attr>` that carry client data, Flask and Django (and DRF) spellings.
    static let requestAttributes: Set<String> = [
        "args", "form", "values", "json", "data", "files", "cookies", "headers", "view_args", "stream",
        "query_string", "GET", "POST", "body", "COOKIES", "META", "FILES", "query_params",
        // Parts of the URL the client wrote.
        "url", "full_path", "path", "path_info", "referrer", "base_url", "user_agent",
        // The WSGI environ behind the request, credentials of Basic auth, proxies' client list, Starlette's path values.
        "environ", "authorization", "access_route", "input_stream", "path_params",
    ]
    /// `request.<method>()` that return client data.
    static let requestMethods: Set<String> = ["get_json", "get_data", "read", "get_full_path", "build_absolute_uri", "get_full_path_info",
                                              // Starlette and FastAPI: `await request.body()`, `.form()`, `.json()`, `.stream()`.
                                              "body", "form", "json", "stream"]

    /// Calls whose result carries no attacker-chosen text at all.
    static let fullSanitizers: Set<String> = [
        "int", "float", "bool", "len", "abs", "round", "ord", "hash", "id", "isinstance", "issubclass",
        "callable", "hasattr", "uuid.UUID", "decimal.Decimal", "ipaddress.ip_address", "complex",
    ]

    /// Calls that make a value safe for one class of sink only.
    static let classSanitizers: [String: SinkClass] = [
        "werkzeug.utils.secure_filename": .path, "werkzeug.secure_filename": .path, "secure_filename": .path,
        "flask.safe_join": .path, "werkzeug.utils.safe_join": .path, "werkzeug.security.safe_join": .path,
        "safe_join": .path, "django.utils.text.get_valid_filename": .path,
        "get_valid_filename": .path,
        "shlex.quote": .command, "pipes.quote": .command, "shlex.join": .command,
        "html.escape": .html, "markupsafe.escape": .html, "flask.escape": .html, "jinja2.escape": .html, "markupsafe.Markup.escape": .html,
        "cgi.escape": .html, "escape": .html, "django.utils.html.escape": .html, "bleach.clean": .html,
        "django.utils.html.conditional_escape": .html, "conditional_escape": .html,
        "xml.sax.saxutils.escape": .html,
        "flask.url_for": .url, "url_for": .url, "django.urls.reverse": .url, "reverse": .url,
        "django.shortcuts.resolve_url": .url,
        "ldap.filter.escape_filter_chars": .ldap, "ldap.dn.escape_dn_chars": .ldap, "ldap.filter.filter_format": .ldap,
        "ldap3.utils.conv.escape_filter_chars": .ldap, "ldap3.utils.dn.escape_rdn": .ldap, "ldap3.utils.conv.escape_bytes": .ldap,
    ]

    /// Functions of the random module and numpy.random: an observer of a few outputs can predict the rest.
    static let predictableRandom: Set<String> = {
        let random = ["random", "randint", "randrange", "choice", "choices", "sample", "shuffle", "getrandbits", "uniform", "randbytes",
                      "normalvariate", "gauss", "triangular", "betavariate", "expovariate", "gammavariate", "lognormvariate",
                      "paretovariate", "vonmisesvariate", "weibullvariate", "binomialvariate"]
        let numpy = ["rand", "randn", "randint", "random", "random_sample", "choice", "bytes", "permutation", "shuffle", "uniform",
                     "normal", "random_integers"]
        return Set(random.map { "random." + $0 } + numpy.map { "numpy.random." + $0 })
    }()

    /// Constructors of hash objects, by algorithm; `hashlib.new` names its algorithm in its first argument.
    static let hashConstructors: [String: String] = [
        "hashlib.md5": "md5", "hashlib.sha1": "sha1", "hashlib.new": "",
        "Crypto.Hash.MD5.new": "md5", "Cryptodome.Hash.MD5.new": "md5", "Crypto.Hash.MD4.new": "md4", "Cryptodome.Hash.MD4.new": "md4",
        "Crypto.Hash.MD2.new": "md2", "Cryptodome.Hash.MD2.new": "md2", "Crypto.Hash.SHA.new": "sha1", "Crypto.Hash.SHA1.new": "sha1",
        "Cryptodome.Hash.SHA1.new": "sha1", "cryptography.hazmat.primitives.hashes.MD5": "md5",
        "cryptography.hazmat.primitives.hashes.SHA1": "sha1",
    ]
    static let weakAlgorithms: Set<String> = ["md5", "sha1", "sha", "md4", "md2", "sha-1", "ripemd160"]

    /// The broken algorithm a hash constructor call uses, or nil. `hashlib.new`'s name may be a constant held in a
    /// variable; `usedforsecurity=False` says the hash is not for security.
    static func weakHashAlgorithm(_ c: Call, in file: FileContext, function: FunctionInfo?) -> String? {
        guard let n = c.name, var alg = hashConstructors[n] else { return nil }
        if let u = c.keyword("usedforsecurity"), u.isFalseConstant { return nil }
        if alg.isEmpty {
            guard let a = c.arg(0, "name"), let s = file.constantString(a, in: function) else { return nil }
            alg = s.lowercased()
        }
        return weakAlgorithms.contains(alg) ? alg : nil
    }

    /// Functions whose result carries the taint of their arguments.
    static let propagators: Set<String> = [
        "str", "repr", "bytes", "bytearray", "format", "list", "tuple", "set", "frozenset", "dict", "sorted",
        "reversed", "enumerate", "zip", "iter", "next", "min", "max", "filter", "map",
        "os.path.join", "os.path.normpath", "os.path.abspath", "os.path.realpath", "os.path.expanduser",
        "posixpath.join", "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath",
        "urllib.parse.unquote", "urllib.parse.unquote_plus", "urllib.parse.urljoin", "urllib.parse.urlunparse",
        "base64.b64decode", "base64.b64encode", "base64.urlsafe_b64decode", "base64.urlsafe_b64encode",
        "base64.decodebytes", "base64.encodebytes", "base64.b32decode", "base64.b16decode",
        "binascii.unhexlify", "binascii.a2b_base64", "codecs.decode", "codecs.encode",
        "json.loads", "json.dumps", "textwrap.dedent", "io.BytesIO", "io.StringIO", "copy.copy", "copy.deepcopy",
        "zlib.decompress", "zlib.compress", "gzip.decompress", "re.sub", "string.Template", "typing.cast",
        // An archive opened from client data yields client-chosen member names (zip slip).
        "zipfile.ZipFile",
    ]

    /// Functions producing serialized objects that must never reach a client.
    static let serializers: Set<String> = [
        "pickle.dumps", "cPickle.dumps", "_pickle.dumps", "dill.dumps", "marshal.dumps", "jsonpickle.encode",
        "cloudpickle.dumps",
    ]

    /// Methods whose result carries the taint of receiver and arguments (string, bytes, mapping, file).
    static let passingMethods: Set<String> = [
        "strip", "lstrip", "rstrip", "lower", "upper", "title", "capitalize", "casefold", "replace", "split",
        "rsplit", "splitlines", "partition", "rpartition", "encode", "decode", "removeprefix", "removesuffix",
        "center", "ljust", "rjust", "zfill", "expandtabs", "translate", "swapcase", "format_map", "get",
        "getlist", "pop", "copy", "items", "values", "keys", "read", "readline", "readlines", "to_dict",
        "getvalue", "__getitem__", "format", "join", "as_posix", "resolve", "absolute", "joinpath",
        "with_name", "with_suffix", "setdefault", "dict", "lists", "iteritems",
    ]

    /// Methods that put their arguments into the receiver.
    static let mutators: Set<String> = ["append", "extend", "add", "insert", "update", "appendleft", "setdefault"]

    /// Calls after which a block never falls through.
    static let terminators: Set<String> = [
        "abort", "flask.abort", "werkzeug.exceptions.abort", "sys.exit", "exit", "quit", "os._exit",
    ]

    /// What the tables above say about a qualified call name, in one dictionary: every call expression
    /// asks, and one lookup replaced one per table.
    struct CallFacts: OptionSet, Sendable {
        let rawValue: UInt8
        static let fullSanitizer = CallFacts(rawValue: 1)
        static let serializer = CallFacts(rawValue: 2)
        static let tarOpener = CallFacts(rawValue: 4)
        static let pathNormalizer = CallFacts(rawValue: 8)
        static let propagator = CallFacts(rawValue: 16)
        static let predictableRandom = CallFacts(rawValue: 32)
        static let hashConstructor = CallFacts(rawValue: 64)
        /// See `Sanitizers`.
        static let ownSanitizer = CallFacts(rawValue: 128)
    }

    static let callFacts: [String: (facts: CallFacts, sanitizes: SinkClass?)] = {
        var out: [String: (facts: CallFacts, sanitizes: SinkClass?)] = [:]
        func add(_ names: some Sequence<String>, _ fact: CallFacts) {
            for n in names { out[n, default: ([], nil)].facts.insert(fact) }
        }
        add(fullSanitizers, .fullSanitizer)
        add(serializers, .serializer)
        add(tarOpeners, .tarOpener)
        add(pathNormalizers, .pathNormalizer)
        add(propagators, .propagator)
        add(predictableRandom, .predictableRandom)
        add(hashConstructors.keys, .hashConstructor)
        add(Sanitizers.names, .ownSanitizer)
        for (n, c) in classSanitizers { out[n, default: ([], nil)].sanitizes = c }
        return out
    }()
}
