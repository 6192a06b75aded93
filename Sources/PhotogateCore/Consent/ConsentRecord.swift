/// One person on the school's consent list and what their parents (or they, for staff)
/// agreed to. Consent is per purpose (website, social media, newsletter...), can expire,
/// and can be withdrawn by a later import; names need their own consent.
public struct ConsentRecord: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case pupil
        case staff
    }

    public var personID: String
    public var firstName: String
    public var lastName: String
    /// The name the person goes by, when it differs from the legal first name.
    public var preferredName: String?
    public var kind: Kind
    public var yearGroup: String?
    /// Purposes consented to (configuration decides which purposes exist).
    public var purposes: Set<String>
    /// Consent to be named in a caption.
    public var names: Bool
    /// The last day the consent is valid, when it is time-limited.
    public var expires: CalendarDate?
    /// Must never appear, for safeguarding reasons, whatever else is ticked.
    public var excluded: Bool

    public init(personID: String, firstName: String, lastName: String, preferredName: String? = nil, kind: Kind,
                yearGroup: String? = nil, purposes: Set<String> = [], names: Bool = false, expires: CalendarDate? = nil,
                excluded: Bool = false) {
        self.personID = personID
        self.firstName = firstName
        self.lastName = lastName
        self.preferredName = preferredName
        self.kind = kind
        self.yearGroup = yearGroup
        self.purposes = purposes
        self.names = names
        self.expires = expires
        self.excluded = excluded
    }

    public var fullName: String { "\(preferredName ?? firstName) \(lastName)" }

    public func isExpired(on today: CalendarDate) -> Bool {
        expires.map { $0 < today } ?? false
    }

    /// Whether this person may appear for a purpose today, and if not, why.
    public func status(for purpose: String, on today: CalendarDate) -> ConsentStatus {
        if excluded { return .excluded }
        guard purposes.contains(purpose) else { return .notGiven }
        if let expires, expires < today { return .expired(expires) }
        return .granted
    }

    /// Whether this person may be named today.
    public func mayBeNamed(on today: CalendarDate) -> Bool {
        names && !excluded && !isExpired(on: today)
    }
}

/// The answer to "may this person appear for this purpose today?".
public enum ConsentStatus: Sendable, Equatable {
    case granted
    case notGiven
    case expired(CalendarDate)
    case excluded

    /// The status as a stable word for machine-readable output.
    public var code: String {
        switch self {
        case .granted: "granted"
        case .notGiven: "not_given"
        case .expired: "expired"
        case .excluded: "excluded"
        }
    }
}
