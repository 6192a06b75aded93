import Foundation
import Hummingbird
import PhotogateCore
import PhotogateServices
import PhotogateStore

/// A photo's page for a channel: every face boxed with what happens to it and why; staff say
/// who a face is (by its number, or a box drawn round a face the detector missed) or take a
/// tag off, and the photo is decided again at once.
struct PhotoRoutes {
    let environment: WebApp.Environment

    func register(on router: Router<WebContext>) {
        router.get("/photos/{sha256}", use: show)
        router.get("/photos/{sha256}/published.jpg", use: published)
        router.post("/photos/{sha256}/tags", use: tag)
        router.post("/photos/{sha256}/tags/remove", use: removeTag)
    }

    @Sendable func show(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let query = request.uri.queryParameters
        // Only an id is echoed back, so a crafted link cannot put words on the page.
        let isID = { (text: String) in (1...40).contains(text.utf8.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") } }
        let tagged = query.get("tagged").flatMap { isID($0) ? $0 : nil }, untagged = query.get("untagged").flatMap { isID($0) ? $0 : nil }
        let notice = tagged.map { "Tagged \($0)." } ?? untagged.map { "Took the tag of \($0) off." }
        return try await page(context, user: user, sha256: try Self.photo(context), channel: query.get("channel") ?? "",
                              batch: query.get("batch"), showPublished: query.get("view") == "published", notice: notice)
    }

    private func page(_ context: WebContext, user: SignedInUser, sha256: String, channel channelID: String, batch batchID: String?,
                      showPublished: Bool = false, notice: String? = nil, problem: String? = nil) async throws -> Response {
        let home = environment.home
        let channel = try await ChannelService(home: home, user: user).channel(channelID, requireOpen: false)
        let (outcome, _) = try await FaceService(home: home, user: user, engine: environment.engine).decide(sha256, channel: channel.id)
        let view = PhotoView(sha256: sha256, channel: channel, batch: batchID.flatMap { home.batchJobs.job(id: $0) }, outcome: outcome,
                             tags: try await TagService(home: home, user: user).tags(of: sha256),
                             people: user.may(.tagPhotos) ? try await ConsentService(home: home, user: user).list() : [],
                             today: CalendarDate(Date()), mayTag: user.may(.tagPhotos), showPublished: showPublished, problem: problem)
        return environment.pages.render("photo", frame: await environment.frame("Photo \(sha256.prefix(12))", context, path: "/batches", notice: notice),
                                        content: view, status: problem == nil ? .ok : .badRequest)
    }

    /// The photo as it will be published (faces blurred), at view size; made each time.
    @Sendable func published(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let jpeg = try await FaceService(home: environment.home, user: user, engine: environment.engine)
            .publishedView(try Self.photo(context), channel: request.uri.queryParameters.get("channel") ?? "")
        return Response(status: .ok, headers: [.contentType: "image/jpeg", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(bytes: jpeg)))
    }

    /// Tags a face: by its number on the page (`face`), or a box drawn round it (`box`).
    @Sendable func tag(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let sha256 = try Self.photo(context)
        let form = try await FormFields.read(request, context: context)
        let channel = form.text("channel") ?? "", batch = form.text("batch")
        let tags = TagService(home: environment.home, user: user)
        do {
            let person = try await tags.person(matching: form.text("person") ?? "")
            let box: Box
            if let drawn = form.text("box") {
                guard let parsed = Box(commaSeparated: drawn) else {
                    throw PhotogateError.invalid("the box must be \(Box.writtenForm)", code: "tag.box")
                }
                box = parsed
            } else {
                let (outcome, _) = try await FaceService(home: environment.home, user: user, engine: environment.engine).decide(sha256, channel: channel)
                guard let index = form.text("face").flatMap(Int.init), let faces = outcome.decision?.faces, faces.indices.contains(index) else {
                    throw PhotogateError.invalid("choose a face on the photo, or draw a box round one", code: "tag.face")
                }
                box = faces[index].box
            }
            let added = try await tags.add(photo: sha256, person: person, box: box)
            try await recordVerdict(of: sha256, batch: batch, user: user)
            return .redirect(to: Self.href(sha256, channel: channel, batch: batch, extra: "tagged=\(Self.queryValue(added.person))"))
        } catch let refusal as PhotogateError where refusal.kind == .invalid || refusal.kind == .notFound {
            return try await page(context, user: user, sha256: sha256, channel: channel, batch: batch, problem: refusal.message)
        }
    }

    @Sendable func removeTag(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let sha256 = try Self.photo(context)
        let form = try await FormFields.read(request, context: context)
        let channel = form.text("channel") ?? "", batch = form.text("batch"), person = form.text("person") ?? ""
        _ = try await TagService(home: environment.home, user: user).remove(photo: sha256, person: person)
        try await recordVerdict(of: sha256, batch: batch, user: user)
        return .redirect(to: Self.href(sha256, channel: channel, batch: batch, extra: "untagged=\(Self.queryValue(person))"))
    }

    /// Decides the photo again for its batch's channel after its tags changed, so that the
    /// batch's grid shows what its page now shows. While the batch is still being checked its
    /// runner owns the job (and decides each photo with the tags it then has).
    private func recordVerdict(of sha256: String, batch batchID: String?, user: SignedInUser) async throws {
        guard let batchID, var job = environment.home.batchJobs.job(id: batchID), job.stage == .done,
              job.photos.contains(where: { $0.sha256 == sha256 }) else { return }
        let (outcome, _) = try await FaceService(home: environment.home, user: user, engine: environment.engine).decide(sha256, channel: job.channel)
        guard let decision = outcome.decision else { return }
        job.record(decision.verdict, reason: decision.reasons.first, for: sha256)
        try environment.home.batchJobs.save(job)
    }

    private static func photo(_ context: WebContext) throws -> String {
        let sha256 = try context.parameters.require("sha256")
        guard PostRoutes.isSHA256(sha256) else { throw PhotogateError.notFound("there is no photo \(sha256.prefix(12))", code: "photo.unknown") }
        return sha256
    }

    private static func href(_ sha256: String, channel: String, batch: String?, extra: String) -> String {
        var query = "channel=\(queryValue(channel))"
        if let batch, BatchJobs.isValidID(batch) { query += "&batch=\(batch)" }
        return "/photos/\(sha256)?\(query)&\(extra)"
    }

    private static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? ""
    }
}
