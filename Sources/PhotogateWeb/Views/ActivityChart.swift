import Foundation
import PhotogateCore

/// A school year's activity as a small bar chart drawn on the server: for each month, one bar
/// per measure, scaled to the year's highest count; each bar says its number on hover.
struct ActivityChart: Sendable {
    struct Bar: Sendable {
        var measure: String
        var x: Int
        var y: Int
        var width: Int
        var height: Int
        var title: String
    }

    struct Month: Sendable {
        var name: String
        var x: Int
    }

    struct Key: Sendable {
        var measure: String
        var words: String
        var total: Int
    }

    static let width = 720, height = 200, top = 10, bottom = 24, left = 8
    var year: String
    var previousYear: Int
    var nextYear: Int?
    var bars: [Bar]
    var months: [Month]
    var keys: [Key]
    var highest: Int
    var isEmpty: Bool
    let width = Self.width, height = Self.height, baseline = Self.height - Self.bottom

    init(_ activity: MonthlyActivity, thisYear: SchoolYear) {
        year = activity.year.name
        previousYear = activity.year.startYear - 1
        nextYear = activity.year < thisYear ? activity.year.startYear + 1 : nil
        highest = activity.highest
        isEmpty = highest == 0
        let groupWidth = (Self.width - Self.left) / 12
        let barWidth = (groupWidth - 8) / MonthlyActivity.Measure.allCases.count
        let plotHeight = Self.height - Self.top - Self.bottom
        var bars: [Bar] = []
        for (month, name) in SchoolYear.monthNames.enumerated() {
            for (index, measure) in MonthlyActivity.Measure.allCases.enumerated() {
                let count = activity.counts[measure]?[month] ?? 0
                let barHeight = highest == 0 ? 0 : max(count > 0 ? 1 : 0, count * plotHeight / highest)
                bars.append(Bar(measure: measure.rawValue, x: Self.left + month * groupWidth + index * barWidth, y: Self.height - Self.bottom - barHeight,
                                width: barWidth - 1, height: barHeight, title: "\(name): \(count) \(measure.words.lowercased())"))
            }
        }
        self.bars = bars
        let measures = MonthlyActivity.Measure.allCases.count
        months = SchoolYear.monthNames.enumerated().map { Month(name: $1, x: Self.left + $0 * groupWidth + barWidth * measures / 2) }
        keys = MonthlyActivity.Measure.allCases.map { Key(measure: $0.rawValue, words: $0.words, total: activity.counts[$0]?.reduce(0, +) ?? 0) }
    }
}
