import PhotogateCore
import Testing

@Suite("A school year's activity")
struct ActivityTests {
    @Test("a school year runs September to August, and counts land in their month of their year only")
    func schoolYear() throws {
        let day = { (text: String) in CalendarDate(iso: text)! }
        #expect(SchoolYear(day("2026-09-01")).name == "2026-27" && SchoolYear(day("2027-08-31")).startYear == 2026)
        #expect(SchoolYear(day("2026-08-31")).startYear == 2025)
        #expect(SchoolYear.monthIndex(day("2026-09-15")) == 0 && SchoolYear.monthIndex(day("2027-01-02")) == 4 && SchoolYear.monthIndex(day("2027-08-01")) == 11)
        var activity = MonthlyActivity(year: SchoolYear(startYear: 2026))
        activity.add(3, of: .ingested, on: day("2026-11-30"))
        activity.add(2, of: .ingested, on: day("2026-11-01"))
        activity.add(7, of: .blurred, on: day("2027-06-10"))
        activity.add(99, of: .published, on: day("2026-08-31"))
        #expect(activity.counts[.ingested]?[2] == 5 && activity.counts[.blurred]?[9] == 7)
        #expect(activity.counts[.published]?.allSatisfy { $0 == 0 } == true, "the day before the year began counts elsewhere")
        #expect(activity.highest == 7)
    }
}
