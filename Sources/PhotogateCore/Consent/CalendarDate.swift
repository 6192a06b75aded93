import Foundation

/// A day in the school's calendar, written `YYYY-MM-DD` (ISO 8601). Consent expiry dates
/// are days, not instants.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Parses `2027-08-31`; `nil` for anything else, including impossible days (`2027-02-30`).
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...Self.days(inMonth: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The local calendar day of an instant in a time zone.
    public init(_ date: Date, in timeZone: TimeZone = .current) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        year = parts.year!
        month = parts.month!
        day = parts.day!
    }

    /// The instant the day begins in a time zone.
    public func start(in timeZone: TimeZone = .current) -> Date {
        calendar(timeZone).date(from: DateComponents(year: year, month: month, day: day))!
    }

    /// The instant the day ends (the next day begins) in a time zone: 23 or 25 hours after
    /// its start on the days the clocks change.
    public func end(in timeZone: TimeZone = .current) -> Date {
        calendar(timeZone).date(byAdding: .day, value: 1, to: start(in: timeZone))!
    }

    private func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    private static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// When someone's consent ends, as the office is warned of it.
public enum ConsentExpiry {
    /// Ends within `warningDays` from today, today included; not yet ended.
    public static func endsSoon(_ record: ConsentRecord, warningDays: Int, now: Date) -> Bool {
        guard let expires = record.expires else { return false }
        let today = CalendarDate(now)
        return expires >= today && expires <= CalendarDate(now.addingTimeInterval(TimeInterval(warningDays) * 86_400))
    }

    /// The last day of consent has passed.
    public static func hasEnded(_ record: ConsentRecord, now: Date) -> Bool {
        record.expires.map { $0 < CalendarDate(now) } ?? false
    }
}
