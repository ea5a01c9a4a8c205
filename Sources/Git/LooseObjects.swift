import CGit2
import Foundation

/// Reads loose objects (`objects/xx/…` files) in place of libgit2's own loose backend.
///
/// Why: libgit2 1.5's loose reader never returns on an object file whose zlib stream ends early (a
/// truncated file: a full disk, a copy cut short). `inflate` then answers Z_BUF_ERROR, which
/// `git_zstream_get_output` takes as "call again", and no call ever changes anything (fixed upstream
/// later, libgit2 PR #7346). Every read of such an object, by us or inside libgit2 (tree walks,
/// diffs, revision parsing), spun forever where `git cat-file` fails at once. So each object database
/// gets this backend in front of libgit2's: it reads loose objects itself, with a loop that stops
/// as soon as an inflate call makes no progress, and checks what git checks (a header naming a known
/// type and a size that the compressed data can hold, exactly that many bytes, nothing after the
/// stream). A damaged object is an error naming its file; a missing one is left to the packs, as before.
final class LooseObjectReader {
    let directory: String
    /// The fan-out folders (00…ff) that existed when the repository was opened. A packed repository
    /// has none, so asking this backend first costs no system call there. An object git writes while
    /// we run is found by libgit2's loose backend instead, and git writes objects whole (to a
    /// temporary file, then renamed), which that reader handles.
    private let fanout: [Bool]

    init(directory: String) {
        self.directory = directory
        var fanout = [Bool](repeating: false, count: 256)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            if name.utf8.count == 2, name.utf8.allSatisfy(isHexDigit), let value = UInt8(name, radix: 16) { fanout[Int(value)] = true }
        }
        self.fanout = fanout
    }

    enum Outcome {
        case absent
        /// `data` was allocated by libgit2 for libgit2 (`git_odb_backend_data_alloc`), NUL-terminated.
        case object(type: git_object_t, data: UnsafeMutableRawPointer, size: Int)
        case damaged(String)
    }

    func load(_ id: ObjectID, for backend: UnsafeMutablePointer<git_odb_backend>) -> Outcome {
        guard let first = id.bytes.first, fanout[Int(first)] else { return .absent }
        let hex = id.description
        let path = directory + "/" + hex.prefix(2) + "/" + hex.dropFirst(2)
        let file: [UInt8]
        switch readFile(path) {
        case .absent: return .absent
        case .failed(let reason): return .damaged("cannot read \(path): \(reason)")
        case .read(let bytes): file = bytes
        }
        switch inflateObject(file, for: backend) {
        case .damaged(let reason): return .damaged("its file \(path) is damaged: \(reason)")
        case let outcome: return outcome
        }
    }

    /// For an abbreviated id: the first loose object it matches that cannot be read, if any. libgit2
    /// asks every backend about a prefix (to spot an ambiguous one), so its loose backend would
    /// otherwise reach the damaged file.
    func damage(matching prefix: git_oid, length: Int, for backend: UnsafeMutablePointer<git_odb_backend>) -> String? {
        let wanted = String(ObjectID(prefix).description.prefix(length))
        guard wanted.count >= 2, let first = UInt8(wanted.prefix(2), radix: 16), fanout[Int(first)] else { return nil }
        let folder = directory + "/" + wanted.prefix(2)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            guard let id = ObjectID(hex: String(wanted.prefix(2)) + name), id.description.hasPrefix(wanted) else { continue }
            switch load(id, for: backend) {
            case .absent: continue
            case .object(_, let data, _): git_odb_backend_data_free(backend, data)
            case .damaged(let reason): return "cannot read object \(id): \(reason)"
            }
        }
        return nil
    }

    private enum FileRead { case absent, failed(String), read([UInt8]) }

    private func readFile(_ path: String) -> FileRead {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            return errno == ENOENT || errno == ENOTDIR ? .absent : .failed(String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var info = stat()
        var bytes: [UInt8] = []
        if fstat(descriptor, &info) == 0 { bytes.reserveCapacity(Int(info.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = read(descriptor, &chunk, chunk.count)
            if count == 0 { return .read(bytes) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failed(String(cString: strerror(errno)))
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    private func inflateObject(_ file: [UInt8], for backend: UnsafeMutablePointer<git_odb_backend>) -> Outcome {
        // A zlib header (deflate, window size, check bits). libgit2 would read anything else as the
        // pack-like loose format git stopped writing long ago, through the same endless loop; git
        // itself no longer reads it.
        guard file.count >= 2, file[0] & 0x8F == 0x08, (Int(file[0]) << 8 | Int(file[1])) % 31 == 0 else {
            return .damaged("it is not zlib-compressed")
        }
        return file.withUnsafeBufferPointer { input in
            guard let inflater = Inflater(input) else { return .damaged("zlib cannot start") }
            defer { inflater.finish() }

            // The header, "blob 1234\0", fits in 64 bytes (git's own limit too); whatever follows it
            // in those bytes is the start of the content.
            var head = [UInt8](repeating: 0, count: 64)
            let (headBytes, headStep) = head.withUnsafeMutableBufferPointer { inflater.pump(into: $0.baseAddress!, capacity: 64) }
            if case .failed(let reason) = headStep { return .damaged(reason) }
            guard let header = parseHeader(head[0..<headBytes]) else { return .damaged("its header is not `type size`") }
            // Deflate cannot compress better than 1032:1, so a larger size is a damaged header, not
            // an object: refusing it here also avoids allocating whatever a garbage header claims.
            guard header.size <= file.count * 1032 else {
                return .damaged("its header says \(header.size) bytes, more than \(file.count) compressed bytes can hold")
            }
            let already = headBytes - header.length
            guard already <= header.size else { return .damaged("it holds more than the \(header.size) bytes its header says") }
            guard let data = git_odb_backend_data_alloc(backend, header.size + 1) else { return .damaged("\(header.size) bytes cannot be allocated") }
            let body = data.assumingMemoryBound(to: UInt8.self)
            head.withUnsafeBufferPointer { body.update(from: $0.baseAddress! + header.length, count: already) }
            var total = already
            if case .full = headStep {
                // One byte more than the header says, so content longer than that shows up as a full buffer.
                let (bytes, step) = inflater.pump(into: body + already, capacity: header.size - already + 1)
                total += bytes
                switch step {
                case .failed(let reason): git_odb_backend_data_free(backend, data); return .damaged(reason)
                case .full: git_odb_backend_data_free(backend, data); return .damaged("it holds more than the \(header.size) bytes its header says")
                case .ended: break
                }
            }
            guard total == header.size else {
                git_odb_backend_data_free(backend, data)
                return .damaged("it holds \(total) bytes where its header says \(header.size)")
            }
            guard inflater.consumed == input.count else {
                git_odb_backend_data_free(backend, data)
                return .damaged("bytes follow the end of its compressed data")
            }
            body[header.size] = 0
            return .object(type: header.type, data: data, size: header.size)
        }
    }

    private func parseHeader(_ bytes: ArraySlice<UInt8>) -> (type: git_object_t, size: Int, length: Int)? {
        guard let space = bytes.firstIndex(of: UInt8(ascii: " ")), let end = bytes[space...].firstIndex(of: 0) else { return nil }
        let type: git_object_t
        switch String(decoding: bytes[bytes.startIndex..<space], as: UTF8.self) {
        case "commit": type = GIT_OBJECT_COMMIT
        case "tree": type = GIT_OBJECT_TREE
        case "blob": type = GIT_OBJECT_BLOB
        case "tag": type = GIT_OBJECT_TAG
        default: return nil
        }
        let digits = bytes[(space + 1)..<end]
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ (48...57).contains($0) }) else { return nil }
        let size = digits.reduce(0) { $0 * 10 + Int($1 - 48) }
        return (type, size, end - bytes.startIndex + 1)
    }
}

/// One zlib inflate stream over a whole input held in memory.
private final class Inflater {
    enum Step { case full, ended, failed(String) }

    /// On the heap: zlib keeps a pointer back to its stream and refuses a stream that moved.
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeBufferPointer<UInt8>
    private(set) var consumed = 0

    init?(_ input: UnsafeBufferPointer<UInt8>) {
        self.input = input
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard shortwall_inflate_init(stream) == Z_OK else { stream.deallocate(); return nil }
    }

    func finish() {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Inflates into `out` until it holds `capacity` bytes or the stream ends. Every round either
    /// consumes input or produces output, or the pump stops: that is the bound libgit2's loop lacks.
    /// Rounds feed at most 4 GiB each way (zlib counts in 32 bits).
    func pump(into out: UnsafeMutablePointer<UInt8>, capacity: Int) -> (bytes: Int, step: Step) {
        var produced = 0
        while produced < capacity {
            let offered = min(input.count - consumed, Int(UInt32.max)), room = min(capacity - produced, Int(UInt32.max))
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress.map { $0 + consumed })
            stream.pointee.avail_in = uInt(offered)
            stream.pointee.next_out = out + produced
            stream.pointee.avail_out = uInt(room)
            let code = inflate(stream, Z_NO_FLUSH)
            let used = offered - Int(stream.pointee.avail_in), made = room - Int(stream.pointee.avail_out)
            consumed += used
            produced += made
            switch code {
            case Z_STREAM_END: return (produced, .ended)
            case Z_OK where used > 0 || made > 0: continue
            case Z_OK, Z_BUF_ERROR:
                if produced == capacity { break }
                return (produced, .failed("the compressed data ends early (a truncated file)"))
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(code)"
                return (produced, .failed("its compressed data is corrupt (\(message))"))
            }
        }
        return (produced, .full)
    }
}

private func isHexDigit(_ byte: UInt8) -> Bool {
    (48...57).contains(byte) || (97...102).contains(byte)
}

extension Repository {
    /// Puts a LooseObjectReader in front of libgit2's loose backend for the repository's object
    /// folder and each alternate, so no object read can hang (see LooseObjectReader).
    func guardLooseObjects(commonDirectory: String) throws {
        let odb = try objectDatabase()
        let main = (commonDirectory as NSString).appendingPathComponent("objects")
        for (directory, isAlternate) in [(main, false)] + alternates(of: main).map({ ($0, true) }) {
            let backend = LooseObjectReader(directory: directory).makeBackend()
            // Above libgit2's packs (2) and loose objects (1): backends are asked in falling priority.
            let code = isAlternate ? git_odb_add_alternate(odb.pointer, backend, 3) : git_odb_add_backend(odb.pointer, backend, 3)
            if code < 0 { backend.pointee.free(backend) }
            try check(code, "cannot open the object database")
        }
    }

    /// Object folders borrowed through `objects/info/alternates`, recursively, as deep as git goes (5).
    private func alternates(of directory: String, depth: Int = 0) -> [String] {
        guard depth < 5, let text = try? String(contentsOfFile: directory + "/info/alternates", encoding: .utf8) else { return [] }
        var found: [String] = []
        for line in text.split(whereSeparator: \.isNewline) where !line.isEmpty && !line.hasPrefix("#") {
            let path = line.hasPrefix("/") ? String(line) : ((directory as NSString).appendingPathComponent(String(line)) as NSString).standardizingPath
            found.append(path)
            found += alternates(of: path, depth: depth + 1)
        }
        return found
    }
}

extension LooseObjectReader {
    /// A libgit2 backend that owns this reader; libgit2 frees it with its object database.
    func makeBackend() -> UnsafeMutablePointer<git_odb_backend> {
        let box = UnsafeMutablePointer<shortwall_odb_backend>.allocate(capacity: 1)
        box.initialize(to: shortwall_odb_backend())
        git_odb_init_backend(&box.pointee.parent, UInt32(GIT_ODB_BACKEND_VERSION))
        box.pointee.reader = Unmanaged.passRetained(self).toOpaque()
        box.pointee.parent.read = { buffer, length, type, backend, id in
            guard let backend, let id, let reader = LooseObjectReader.owner(of: backend) else { return GIT_ERROR.rawValue }
            switch reader.load(ObjectID(id.pointee), for: backend) {
            case .absent:
                return GIT_ENOTFOUND.rawValue
            case .object(let kind, let data, let size):
                buffer?.pointee = data
                length?.pointee = size
                type?.pointee = kind
                return 0
            case .damaged(let reason):
                git_error_set_str(Int32(GIT_ERROR_ODB.rawValue), reason)
                return GIT_ERROR.rawValue
            }
        }
        box.pointee.parent.read_prefix = { _, _, _, _, backend, prefix, length in
            guard let backend, let prefix, let reader = LooseObjectReader.owner(of: backend) else { return GIT_ERROR.rawValue }
            if let damage = reader.damage(matching: prefix.pointee, length: length, for: backend) {
                git_error_set_str(Int32(GIT_ERROR_ODB.rawValue), damage)
                return GIT_ERROR.rawValue
            }
            return GIT_PASSTHROUGH.rawValue
        }
        box.pointee.parent.free = { backend in
            guard let backend else { return }
            let box = UnsafeMutableRawPointer(backend).assumingMemoryBound(to: shortwall_odb_backend.self)
            if let reader = box.pointee.reader { Unmanaged<LooseObjectReader>.fromOpaque(reader).release() }
            box.deinitialize(count: 1)
            box.deallocate()
        }
        return UnsafeMutableRawPointer(box).assumingMemoryBound(to: git_odb_backend.self)
    }

    private static func owner(of backend: UnsafeMutablePointer<git_odb_backend>) -> LooseObjectReader? {
        let box = UnsafeMutableRawPointer(backend).assumingMemoryBound(to: shortwall_odb_backend.self)
        return box.pointee.reader.map { Unmanaged<LooseObjectReader>.fromOpaque($0).takeUnretainedValue() }
    }
}
