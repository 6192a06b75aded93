import Foundation
import Hummingbird

/// The fields of a submitted form (`application/x-www-form-urlencoded`), a name possibly
/// repeated (`checklist`, `photos`). Every value is outside text: routes hand it to services,
/// which check it.
struct FormFields: Sendable {
    private let pairs: [(name: String, value: String)]

    init(_ body: String) {
        var components = URLComponents()
        components.percentEncodedQuery = body.replacingOccurrences(of: "+", with: "%20")
        pairs = (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }
    }

    func values(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    func value(_ name: String) -> String? {
        values(name).first
    }

    /// A field's value, trimmed; nil when it is missing or blank.
    func text(_ name: String) -> String? {
        value(name).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The form's fields; anything not sent as a plain form (whose token the CSRF middleware
    /// has checked) is refused.
    static func read(_ request: Request, context: some RequestContext) async throws -> FormFields {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw HTTPError(.unsupportedMediaType, message: "This form was not sent as a form.")
        }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return FormFields(String(buffer: buffer))
    }
}
