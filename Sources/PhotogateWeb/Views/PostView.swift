import Foundation
import Mustache
import PhotogateCore

/// A post as its pages show it: plain words for its state, its photos as they will be
/// published (or why one cannot be), each face with the colour and reason of its decision.
struct PostView: Sendable {
    struct FaceView: Sendable {
        /// `keep` (green) or `blur` (red); `text` (blue) for a name readable in the photo.
        var action: String
        var number: Int
        var label: String
        var reason: String
        var x: Int
        var y: Int
        var width: Int
        var height: Int
    }

    struct PhotoView: Sendable {
        var position: Int
        /// The image to show: the render when there is one (what is published), else nothing.
        var render: String?
        var verdict: String
        var reasons: [String]
        var faces: [FaceView]
        var hasFaces: Bool
        /// The names readable in the photo, drawn like faces in blue.
        var texts: [FaceView]
        /// Whether there is a box to show on the photo.
        var hasBoxes: Bool { hasFaces || !texts.isEmpty }
        /// The photo's upright size, which its face boxes are measured in; nil when unknown
        /// (the boxes are then only listed). Not named `frame`: a nil value would let the
        /// template find the page's frame instead.
        var overlay: PhotoOverlay?
    }

    struct PhotoOverlay: Sendable {
        var toggle: String
        var width: Int
        var height: Int

        /// The face numbers' size, in the photo's own pixels (`FaceNumbers`).
        var numberSize: Int { FaceNumbers.size(width: width) }
    }

    var id: Int64
    var caption: String
    var channel: String
    var preparedBy: String
    var preparedAt: String
    var state: String
    var stateWord: String
    var stateReasons: [String]
    var checklist: [String]
    var photos: [PhotoView]
    var publishedAt: String?
    var publishedBy: String?
    /// The folder it was published to.
    var outbox: String?
    /// The first photo as published, for lists.
    var thumbnail: String?

    init(_ post: Post, channel: String, photos: [PostPhoto], sizes: [String: UprightSizes.Size] = [:]) {
        id = post.id ?? 0
        caption = post.caption
        self.channel = channel
        preparedBy = post.preparedBy
        preparedAt = PageDate.text(post.createdAt)
        state = post.state.rawValue
        stateWord = Self.word(post.state)
        stateReasons = post.stateReason.map { $0.split(separator: "\n").map(String.init) } ?? []
        checklist = post.checklist
        publishedAt = post.publishedAt.map(PageDate.text)
        publishedBy = post.publishedBy
        outbox = post.outbox
        thumbnail = photos.lazy.compactMap(\.renderSHA256).first
        self.photos = photos.map { photo in
            PhotoView(position: photo.position, render: photo.renderSHA256, verdict: photo.decision.verdict.rawValue,
                      reasons: photo.decision.reasons,
                      faces: photo.decision.faces.enumerated().map { index, face in
                          FaceView(action: face.action.rawValue, number: index + 1,
                                   label: "Face \(index + 1)" + (face.person.map { " (\($0))" } ?? ""),
                                   reason: face.reason, x: Int(face.box.x.rounded()), y: Int(face.box.y.rounded()),
                                   width: Int(face.box.width.rounded()), height: Int(face.box.height.rounded()))
                      },
                      hasFaces: !photo.decision.faces.isEmpty,
                      texts: photo.decision.texts.enumerated().map { index, text in
                          FaceView(action: "text", number: index + 1,
                                   label: "Name \(index + 1) (\(text.action == .keep ? "stays" : "blurred"))", reason: text.reason,
                                   x: Int(text.box.x.rounded()), y: Int(text.box.y.rounded()),
                                   width: Int(text.box.width.rounded()), height: Int(text.box.height.rounded()))
                      },
                      overlay: sizes[photo.sha256].map { PhotoOverlay(toggle: "faces-\(post.id ?? 0)-\(photo.position)", width: $0.width, height: $0.height) })
        }
    }

    /// What each state means to the person reading the page.
    static func word(_ state: PostState) -> String {
        switch state {
        case .draft: "Draft: not sent yet"
        case .queued: "Waiting for approval"
        case .returned: "Returned to its preparer"
        case .approved: "Approved, ready to publish"
        case .rejected: "Rejected"
        case .published: "Published"
        case .takenDown: "Taken down"
        }
    }
}

// The queue shows hundreds of these on one page: named lookups instead of Mustache's
// reflection (`Mirror`), which took half of the page's time. A nil optional answers nil,
// as reflection does.
extension PostView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "caption": caption
        case "channel": channel
        case "preparedBy": preparedBy
        case "preparedAt": preparedAt
        case "state": state
        case "stateWord": stateWord
        case "stateReasons": stateReasons
        case "checklist": checklist
        case "photos": photos
        case "publishedAt": publishedAt
        case "publishedBy": publishedBy
        case "outbox": outbox
        case "thumbnail": thumbnail
        default: nil
        }
    }
}

extension PostView.PhotoView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "position": position
        case "render": render
        case "verdict": verdict
        case "reasons": reasons
        case "faces": faces
        case "hasFaces": hasFaces
        case "texts": texts
        case "hasBoxes": hasBoxes
        case "overlay": overlay
        default: nil
        }
    }
}

extension PostView.FaceView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "action": action
        case "number": number
        case "label": label
        case "reason": reason
        case "x": x
        case "y": y
        case "width": width
        case "height": height
        default: nil
        }
    }
}

extension PostView.PhotoOverlay: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "toggle": toggle
        case "width": width
        case "height": height
        case "numberSize": numberSize
        default: nil
        }
    }
}

/// The numbers drawn beside face boxes are a twenty-fifth of the photo's width (at least 40
/// pixels), so they stay readable however small the photo is shown.
enum FaceNumbers {
    static func size(width: Int) -> Int { max(40, width / 25) }
}

/// Dates as people in a British school write them: "30 Nov 2026, 14:05".
enum PageDate {
    static func text(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .abbreviated, time: .shortened, locale: Locale(identifier: "en_GB"), timeZone: .current))
    }
}
