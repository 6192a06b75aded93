import Foundation

/// A school year, September to August, named by the year it starts ("2026-27").
public struct SchoolYear: Sendable, Hashable, Comparable {
    public let startYear: Int

    public init(startYear: Int) {
        self.startYear = startYear
    }

    /// The school year a day falls in.
    public init(_ day: CalendarDate) {
        startYear = day.month >= 9 ? day.year : day.year - 1
    }

    public var name: String { "\(startYear)-\(String(format: "%02d", (startYear + 1) % 100))" }

    /// The month's place in the year: 0 for September to 11 for August.
    public static func monthIndex(_ day: CalendarDate) -> Int {
        (day.month + 3) % 12
    }

    public static let monthNames = ["Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug"]

    public static func < (lhs: SchoolYear, rhs: SchoolYear) -> Bool { lhs.startYear < rhs.startYear }
}

/// What Photogate did each month of a school year: photos ingested, photos published, faces
/// blurred in what was published, and photos refused at ingest.
public struct MonthlyActivity: Sendable, Equatable {
    public enum Measure: String, CaseIterable, Sendable {
        case ingested, published, blurred, rejected

        public var words: String {
            switch self {
            case .ingested: "Photos brought in"
            case .published: "Photos published"
            case .blurred: "Faces blurred"
            case .rejected: "Photos refused"
            }
        }
    }

    public let year: SchoolYear
    /// Each measure's count for each month, September first.
    public private(set) var counts: [Measure: [Int]]

    public init(year: SchoolYear) {
        self.year = year
        counts = Dictionary(uniqueKeysWithValues: Measure.allCases.map { ($0, Array(repeating: 0, count: 12)) })
    }

    /// Counts `amount` of `measure` on `day`, when the day is in this school year.
    public mutating func add(_ amount: Int, of measure: Measure, on day: CalendarDate) {
        guard SchoolYear(day) == year else { return }
        counts[measure, default: Array(repeating: 0, count: 12)][SchoolYear.monthIndex(day)] += amount
    }

    public var highest: Int { counts.values.flatMap { $0 }.max() ?? 0 }
}
