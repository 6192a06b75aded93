import Foundation

/// What a new consent list means for the posts already on their way or published: every
/// queued or approved post showing (or naming) someone who may no longer appear for its
/// channel goes back to its preparer; every published one is listed for takedown. Anything
/// that cannot be checked counts as a loss.
public enum ConsentConsequences {
    /// Someone a post may no longer show: who, in which image ("caption" for the caption), why.
    public struct Loss: Sendable, Equatable {
        public var personID: String
        public var image: String
        public var reason: String

        public init(personID: String, image: String, reason: String) {
            self.personID = personID
            self.image = image
            self.reason = reason
        }
    }

    /// A live post (queued, approved or published) with its photos and channel.
    public struct LivePost: Sendable {
        public var post: Post
        public var photos: [PostPhoto]
        /// Nil when the channel is missing from the register.
        public var channel: Channel?

        public init(post: Post, photos: [PostPhoto], channel: Channel?) {
            self.post = post
            self.photos = photos
            self.channel = channel
        }
    }

    /// Everyone a post may no longer show under the list `people`, on `today`.
    public static func losses(in live: LivePost, people: [ConsentRecord], directory: PersonDirectory, today: CalendarDate,
                              names: NameSkeleton) -> [Loss] {
        var lost: [Loss] = []
        if live.channel == nil { lost.append(Loss(personID: "-", image: "-", reason: "the channel of the post is missing from the register")) }
        for photo in live.photos {
            // What was published is the render: that is the image to find and take down.
            let image = photo.renderSHA256 ?? photo.sha256
            for loss in ConsentLoss.losses(in: photo.decision, purpose: live.channel?.purpose ?? "", directory: directory, today: today) {
                lost.append(Loss(personID: loss.personID, image: image, reason: "\(loss.reason) (photo \(photo.position))"))
            }
        }
        for problem in CaptionCheck.problems(caption: live.post.caption, people: people, photos: live.photos.map(\.decision),
                                             today: today, names: names) {
            lost.append(Loss(personID: problem.personID, image: "caption", reason: problem.message))
        }
        return lost
    }
}
