import PhotogateCore

extension OutsideText {
    /// Text a person typed into a request (a make, a note, a reason), checked by the
    /// `OutsideText` rule: one with a hidden character is an invalid request.
    static func typed(_ text: String, field: String) throws(PhotogateError) -> String {
        do {
            return try checked(text, field: field)
        } catch {
            throw .invalid(error.description)
        }
    }

    /// `typed(_:field:)` for text that may be left out.
    static func typed(_ text: String?, field: String) throws(PhotogateError) -> String? {
        guard let text else { return nil }
        let checked: String = try typed(text, field: field)
        return checked
    }

    /// A caption by the `OutsideText` rule for captions, refused as an invalid request.
    static func typedCaption(_ text: String) throws(PhotogateError) -> String {
        do {
            return try caption(text)
        } catch {
            throw .invalid(error.description)
        }
    }
}
