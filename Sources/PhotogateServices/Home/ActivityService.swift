import Foundation
import PhotogateCore
import PhotogateStore

/// What Photogate did month by month in a school year, for the home page's chart: photos
/// brought in and refused (from the record), photos published and the faces blurred in them
/// (from the posts). Counts only: nothing about who or what.
public struct ActivityService: Sendable {
    public let home: PhotogateHome
    public let user: SignedInUser

    public init(home: PhotogateHome, user: SignedInUser) {
        self.home = home
        self.user = user
    }

    public func activity(in year: SchoolYear) async throws -> MonthlyActivity {
        try user.requireActive()
        var activity = MonthlyActivity(year: year)
        let start = CalendarDate(iso: "\(year.startYear)-09-01")!.start()
        for event in try await home.audit.events(since: start) {
            guard let at = Timestamp.date(event.at) else { continue }
            switch event.action {
            case "photo.stored": activity.add(1, of: .ingested, on: CalendarDate(at))
            case "photo.rejected": activity.add(1, of: .rejected, on: CalendarDate(at))
            default: break
            }
        }
        for post in try await home.posts.all() {
            guard let publishedAt = post.publishedAt, publishedAt >= start, let id = post.id,
                  let details = try await home.posts.post(id: id) else { continue }
            let day = CalendarDate(publishedAt)
            activity.add(details.photos.count, of: .published, on: day)
            activity.add(details.photos.map { $0.decision.faces.filter { $0.action == .blur }.count }.reduce(0, +), of: .blurred, on: day)
        }
        return activity
    }
}
