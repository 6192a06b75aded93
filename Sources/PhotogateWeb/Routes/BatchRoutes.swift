import Foundation
import Hummingbird
import PhotogateCore
import PhotogateServices
import PhotogateStore

/// The office's batches: send a device's photos for a channel, watch them being checked, and
/// see each photo's verdict in a grid, those needing a decision first.
struct BatchRoutes {
    let environment: WebApp.Environment
    var limits: UploadLimits { environment.options.uploadLimits }

    func register(on router: Router<WebContext>) {
        router.get("/batches", use: list)
        router.get("/batches/new", use: newBatch)
        router.post("/batches", use: create)
        router.get("/batches/{id}", use: show)
    }

    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct FormContent: Sendable {
        var devices: [Option]
        var channels: [Option]
        var problem: String?
        var maxFiles: Int
        var maxFileSize: String
    }

    @Sendable func newBatch(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        try user.require(.ingest)
        return try await form(context, user: user, device: request.uri.queryParameters.get("device"),
                              channel: request.uri.queryParameters.get("channel"))
    }

    private func form(_ context: WebContext, user: SignedInUser, device: String?, channel: String?, problem: String? = nil) async throws -> Response {
        let (devices, channels) = try await choices(user)
        let content = FormContent(
            devices: devices.map { Option(value: $0.id, label: "\($0.id): \($0.make) \($0.model)", selected: $0.id == device) },
            channels: channels.map { Option(value: $0.id, label: ChannelLabel.text($0), selected: $0.id == channel) },
            problem: problem, maxFiles: limits.files, maxFileSize: ByteCount.text(limits.fileBytes))
        return environment.pages.render("batch-new", frame: await environment.frame("New batch", context, path: "/batches"),
                                        content: content, status: problem == nil ? .ok : .badRequest)
    }

    /// The devices photos may come from now, and the channels open for posts.
    private func choices(_ user: SignedInUser) async throws -> ([Device], [Channel]) {
        let devices = try await DeviceService(home: environment.home, user: user).list().map(\.device).filter { $0.ingestProblem == nil }
        let channels = try await ChannelService(home: environment.home, user: user).list().filter { $0.closedAt == nil }
        return (devices, channels)
    }

    /// Streams the photos into a new job's upload folder, then hands the job to the runner
    /// and shows its page. The token, device and channel are checked before any file is kept.
    @Sendable func create(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        try user.require(.ingest)
        try user.require(.checkPhotos)
        let (devices, channels) = try await choices(user)
        let usable = Set(devices.map(\.id)), open = Set(channels.map(\.id))
        let jobs = environment.home.batchJobs
        let id = BatchJobs.newID()
        let upload = BatchUpload(folder: try jobs.uploadFolder(of: id), limits: limits) { fields in
            try CSRFMiddleware.check(fields["csrf"], context: context)
            guard let device = fields["device"], usable.contains(device) else {
                throw HTTPError(.badRequest, message: "Choose one of the approved devices the photos came from.")
            }
            guard let channel = fields["channel"], open.contains(channel) else {
                throw HTTPError(.badRequest, message: "Choose one of the open channels the photos are for.")
            }
        }
        let received: BatchUpload.Received
        do {
            received = try await upload.receive(request)
            // A form with no file at all still proves where it came from before anything happens.
            try CSRFMiddleware.check(received.fields["csrf"], context: context)
        } catch {
            jobs.removeUploads(of: id)
            throw error
        }
        let device = received.fields["device"] ?? "", channel = received.fields["channel"] ?? ""
        guard !received.files.isEmpty else {
            jobs.removeUploads(of: id)
            let problem = received.refused.isEmpty ? "Choose the photos to send." : "No photo could be kept: "
                + received.refused.map { "\($0.name): \($0.reason)" }.joined(separator: "; ")
            return try await form(context, user: user, device: device, channel: channel, problem: problem)
        }
        var job = BatchJob(id: id, device: device, channel: channel, user: user.name, createdAt: Date(), files: received.files)
        job.refused = received.refused
        try jobs.save(job)
        environment.batches.start(id)
        return .redirect(to: "/batches/\(id)")
    }

    struct ListContent: Sendable {
        struct Row: Sendable {
            var id: String
            var when: String
            var device: String
            var channel: String
            var user: String
            var progress: String
            var stage: String
        }

        var rows: [Row]
        var mayStart: Bool
    }

    /// Staff see the batches they sent; others who may check photos see them all.
    @Sendable func list(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        try user.require(.checkPhotos)
        let mine = user.may(.ingest)
        let rows = environment.home.batchJobs.all().filter { !mine || $0.user == user.name }.map { job in
            ListContent.Row(id: job.id, when: PageDate.text(job.createdAt), device: job.device, channel: job.channel, user: job.user,
                            progress: job.progressText, stage: job.stage.rawValue)
        }
        return environment.pages.render("batches", frame: await environment.frame("Batches", context, path: "/batches"),
                                        content: ListContent(rows: rows, mayStart: mine))
    }

    @Sendable func show(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        try user.require(.checkPhotos)
        let id = try context.parameters.require("id")
        guard let job = environment.home.batchJobs.job(id: id) else {
            throw PhotogateError.notFound("there is no batch \(id)", code: "batch.unknown")
        }
        let filter = request.uri.queryParameters.get("show").flatMap(Verdict.init(rawValue:))
        var deadline: Date?
        if let batch = job.ingestBatch, let ingest = try await environment.home.batches.batch(id: batch),
           ingest.deletionDeadline != nil, ingest.deletionConfirmedAt == nil {
            deadline = ingest.deletionDeadline
        }
        let content = BatchView(job, filter: filter, deletionDeadline: deadline, mayPrepare: user.may(.preparePosts))
        var frame = await environment.frame("Batch from \(job.device)", context, path: "/batches")
        if content.running { frame.refreshSeconds = 2 }
        return environment.pages.render("batch", frame: frame, content: content)
    }
}
