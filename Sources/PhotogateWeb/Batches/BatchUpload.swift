import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import PhotogateCore
import PhotogateFiles

/// The limits on one batch upload, checked as the bytes arrive: a request over them is cut
/// off there, and what it had written is removed.
public struct UploadLimits: Sendable {
    /// One file: the same limit as any photo Photogate reads.
    public var fileBytes: Int64
    /// The whole request (a camera card of several hundred photos fits).
    public var requestBytes: Int64
    public var files: Int
    /// The form's other fields together (the token, the device, the channel).
    var fieldBytes = 16 << 10

    public init(fileBytes: Int64 = DecodeLimits.standard.maxFileBytes, requestBytes: Int64 = 8 << 30, files: Int = 2000) {
        self.fileBytes = fileBytes
        self.requestBytes = requestBytes
        self.files = files
    }

    public static let standard = UploadLimits()
}

/// Receives a batch's `multipart/form-data` upload, streaming each file straight to its own
/// new file in the job's upload folder (never whole in memory). The form's token must come
/// before the first file (our form puts it first): a request without it writes nothing.
struct BatchUpload {
    /// What the form sent: its fields, the files kept (relative names, in order), and the
    /// files refused by name before anything was written.
    struct Received: Sendable {
        var fields: [String: String] = [:]
        var files: [String] = []
        var refused: [BatchJob.Refused] = []
    }

    let folder: String
    let limits: UploadLimits
    /// Called with the fields sent before the first file, before any file is written.
    let checkFields: @Sendable ([String: String]) throws -> Void

    func receive(_ request: Request) async throws -> Received {
        guard let type = request.headers[.contentType], let boundary = Self.boundary(of: type) else {
            throw HTTPError(.badRequest, message: "The photos were not sent as a form upload.")
        }
        if let length = request.headers[.contentLength].flatMap(Int64.init), length > limits.requestBytes {
            throw HTTPError(.contentTooLarge, message: "This upload is larger than \(ByteCount.text(limits.requestBytes)); send the photos in smaller batches.")
        }
        let state = ReceiveState(folder: folder, limits: limits, checkFields: checkFields)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in state.header(name, value) }
        parser.onBody = { body in state.body(&body) }
        parser.onPartComplete = { state.partComplete() }
        var total: Int64 = 0
        do {
            for try await buffer in request.body {
                total += Int64(buffer.readableBytes)
                if total > limits.requestBytes {
                    throw HTTPError(.contentTooLarge, message: "This upload is larger than \(ByteCount.text(limits.requestBytes)); send the photos in smaller batches.")
                }
                try parser.execute(buffer)
                try state.failure.map { throw $0 }
            }
            try state.finish()
        } catch {
            state.abandon()
            throw error
        }
        return state.received
    }

    /// A parameter of a `Content-Disposition` header (`name="photos"`), quotes removed.
    static func parameter(_ key: String, in header: String) -> String? {
        for part in header.split(separator: ";").dropFirst() {
            let pair = part.trimmingCharacters(in: .whitespaces)
            guard pair.lowercased().hasPrefix(key + "=") else { continue }
            var value = String(pair.dropFirst(key.count + 1))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.replacingOccurrences(of: "%22", with: "\"")
        }
        return nil
    }

    /// The boundary parameter of a `multipart/form-data` content type.
    static func boundary(of contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() where part.lowercased().hasPrefix("boundary=") {
            let value = part.dropFirst("boundary=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return value.isEmpty || value.utf8.count > 70 ? nil : value
        }
        return nil
    }
}

/// The parser's callbacks run one after another on the receiving task; this holds what they
/// share and the first failure, which the receiving loop throws.
private final class ReceiveState: @unchecked Sendable {
    let folder: String
    let limits: UploadLimits
    let checkFields: @Sendable ([String: String]) throws -> Void
    var received = BatchUpload.Received()
    private(set) var failure: (any Error)?

    private var partName: String?
    private var partFile: String?
    private var fieldValue: [UInt8] = []
    private var fieldBytes = 0
    private var fieldsChecked = false
    private var descriptor: Int32 = -1
    private var written: Int64 = 0
    private var writtenPaths: [String] = []
    private var skipping = false

    init(folder: String, limits: UploadLimits, checkFields: @escaping @Sendable ([String: String]) throws -> Void) {
        self.folder = folder
        self.limits = limits
        self.checkFields = checkFields
    }

    func header(_ name: String, _ value: String) {
        guard failure == nil, name.lowercased() == "content-disposition" else { return }
        partName = BatchUpload.parameter("name", in: value)
        partFile = BatchUpload.parameter("filename", in: value)
    }

    func body(_ buffer: inout ByteBuffer) {
        guard failure == nil else { return }
        if descriptor < 0, !skipping, partFile == nil {
            fieldBytes += buffer.readableBytes
            guard fieldBytes <= limits.fieldBytes else { return fail(HTTPError(.contentTooLarge, message: "The form's fields are too long.")) }
            fieldValue += buffer.readableBytesView
            return
        }
        if descriptor < 0, !skipping { openFile() }
        guard descriptor >= 0 else { return }
        written += Int64(buffer.readableBytes)
        guard written <= limits.fileBytes else {
            // Refused on its own; the rest of the batch goes on.
            closeFile()
            if let path = writtenPaths.popLast() { unlink(path) }
            let name = received.files.removeLast()
            received.refused.append(BatchJob.Refused(name: name, reason: "it is larger than \(ByteCount.text(limits.fileBytes)), the most a photo may be"))
            skipping = true
            return
        }
        do {
            try buffer.readableBytesView.withContiguousStorageIfAvailable { bytes in
                try AtomicFile.writeAll(Array(bytes), to: descriptor, path: writtenPaths.last ?? folder)
            } ?? AtomicFile.writeAll(Array(buffer.readableBytesView), to: descriptor, path: writtenPaths.last ?? folder)
        } catch {
            fail(error)
        }
    }

    func partComplete() {
        guard failure == nil else { return }
        if let partName, partFile == nil {
            received.fields[partName] = String(decoding: fieldValue, as: UTF8.self)
        } else if descriptor < 0, !skipping, let partFile, !partFile.isEmpty {
            openFile() // an empty file: kept, and refused by the ingest as empty
        }
        closeFile()
        partName = nil
        partFile = nil
        fieldValue = []
        skipping = false
    }

    func finish() throws {
        if let failure { throw failure }
        closeFile()
        AtomicFile.syncFolder(folder)
    }

    /// Removes every file this request wrote.
    func abandon() {
        closeFile()
        for path in writtenPaths { unlink(path) }
    }

    private func fail(_ error: any Error) {
        failure = error
        closeFile()
    }

    private func openFile() {
        guard let given = partFile, !given.isEmpty else {
            skipping = true
            return
        }
        if !fieldsChecked {
            fieldsChecked = true
            do { try checkFields(received.fields) } catch { return fail(error) }
        }
        guard received.files.count + received.refused.count < limits.files else {
            return fail(HTTPError(.contentTooLarge, message: "This upload has more than \(limits.files) files; send the photos in smaller batches."))
        }
        let name: String
        do {
            name = try UploadedName.relativePath(given)
        } catch {
            received.refused.append(BatchJob.Refused(name: OutsideText.cleaned(given), reason: "its name cannot be used: \(error.description)"))
            skipping = true
            return
        }
        let kept = keptName(for: name)
        let path = folder + "/" + kept
        do {
            try makeFolders(for: kept)
        } catch {
            return fail(error)
        }
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return fail(FileSystemError.fromErrno(path)) }
        written = 0
        writtenPaths.append(path)
        received.files.append(kept)
    }

    private func closeFile() {
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
        descriptor = -1
    }

    /// The same name sent twice (two folders flattened by the browser) is kept as
    /// `2/NAME`, `3/NAME`…, so nothing is overwritten and each photo's sidecar stays beside it.
    private func keptName(for name: String) -> String {
        guard received.files.contains(name) else { return name }
        var copy = 2
        while received.files.contains("\(copy)/\(name)") { copy += 1 }
        return "\(copy)/\(name)"
    }

    private func makeFolders(for relative: String) throws {
        var path = folder
        for part in relative.split(separator: "/").dropLast() {
            path += "/" + part
            switch SafeFile.entry(at: path) {
            case .directory: continue
            case .missing: if mkdir(path, 0o700) != 0 { throw FileSystemError.fromErrno(path) }
            default: throw HTTPError(.badRequest, message: "\(relative) cannot be kept: a file and a folder share its folder's name.")
            }
        }
    }

}

/// A byte count as a person reads it ("256 MB").
enum ByteCount {
    static func text(_ bytes: Int64) -> String {
        ByteCountFormatter.string(fromByteCount: bytes, countStyle: .file)
    }
}
