import PhotogateCore

/// The exit codes every Photogate command uses.
enum ExitStatus: Int32, Error {
    /// Everything asked for was done.
    case success = 0
    /// Done, but some inputs were rejected (each has its line saying why).
    case someRejected = 1
    /// Bad usage, or an input that could not be read at all.
    case usage = 2
    /// Not signed in, or not permitted.
    case notPermitted = 3
    /// The record or a file failed an integrity check.
    case integrity = 4
}

extension ExitStatus {
    /// The exit code for a refusal.
    init(_ error: PhotogateError) {
        switch error.kind {
        case .unauthenticated, .forbidden: self = .notPermitted
        case .invalid, .notFound, .conflict: self = .usage
        case .integrity: self = .integrity
        }
    }
}
