import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import HummingbirdTLS
import Logging
import PhotogateCore
import PhotogateMedia
import PhotogateServices
import PhotogateStore

/// How the server is run: where it listens, with what TLS, and where published posts go.
public struct WebOptions: Sendable {
    public var host: String
    public var port: Int
    /// The certificate and key to serve HTTPS with; the session cookie is then `Secure`.
    public var tls: TLSConfiguration?
    /// Where `Publish` writes posts (the folder the PA posts from).
    public var outbox: String
    public var uploadLimits: UploadLimits

    public init(host: String = "127.0.0.1", port: Int = 8080, tls: TLSConfiguration? = nil, outbox: String,
                uploadLimits: UploadLimits = .standard) {
        self.host = host
        self.port = port
        self.tls = tls
        self.outbox = outbox
        self.uploadLimits = uploadLimits
    }
}

/// The web app: the same services as the command line, in a browser on the office computer.
public enum WebApp {
    /// Everything a route needs, built once at start.
    struct Environment: Sendable {
        let home: PhotogateHome
        let engine: FaceEngine
        let pages: Pages
        let options: WebOptions
        let batches: BatchRunner
        let uprightSizes = UprightSizes()
        let renderedQueues = RenderedQueues()

        /// The upright sizes of posts' photos, to draw their face boxes.
        func sizes(of photos: [PostPhoto], for user: SignedInUser) async -> [String: UprightSizes.Size] {
            await uprightSizes.sizes(of: photos.map(\.sha256), reading: VaultService(home: home, user: user))
        }

        /// The frame of a page for the person signed in.
        func frame(_ title: String, _ context: WebContext, path: String, notice: String? = nil) async -> PageFrame {
            PageFrame(title: title, settings: try? await home.settings.current(), user: context.user, csrf: context.csrf, path: path, notice: notice)
        }
    }

    static func router(home: PhotogateHome, engine: FaceEngine, options: WebOptions, batches: BatchRunner) async throws -> Router<WebContext> {
        let environment = Environment(home: home, engine: engine, pages: try await Pages.load(), options: options, batches: batches)
        let router = Router(context: WebContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        if let folder = WebResources.folder("Static") {
            router.add(middleware: StaticFilesMiddleware(folder: folder))
        }
        router.get("/healthz") { _, _ in "ok" }
        let settings = try await home.settings.current()
        router.add(middleware: SessionMiddleware(
            storage: HomeSessionDriver(sessions: home.sessions),
            configuration: .init(sessionCookieParameters: .init(name: "photogate_session", path: "/", secure: options.tls != nil, sameSite: .strict),
                                 defaultSessionExpiration: .seconds(settings.sessionIdleMinutes * 60))
        ))
        router.add(middleware: ErrorPagesMiddleware(environment: environment))
        router.add(middleware: SignedInMiddleware(home: home))
        router.add(middleware: CSRFMiddleware())
        AuthRoutes(environment: environment).register(on: router)
        PostRoutes(environment: environment).register(on: router)
        QueueRoutes(environment: environment).register(on: router)
        DeletionRoutes(environment: environment).register(on: router)
        TakedownRoutes(environment: environment).register(on: router)
        AuditRoutes(environment: environment).register(on: router)
        UserRoutes(environment: environment).register(on: router)
        RegisterRoutes(environment: environment).register(on: router)
        SettingsRoutes(environment: environment).register(on: router)
        ConsentRoutes(environment: environment).register(on: router)
        PublishRoutes(environment: environment).register(on: router)
        ImageRoutes(environment: environment).register(on: router)
        BatchRoutes(environment: environment).register(on: router)
        PhotoRoutes(environment: environment).register(on: router)
        return router
    }

    public static func application(home: PhotogateHome, engine: FaceEngine, options: WebOptions,
                                   logger: Logger = Logger(label: "photogate")) async throws -> some ApplicationProtocol {
        let batches = BatchRunner(home: home, engine: engine, logger: logger)
        let router = try await router(home: home, engine: engine, options: options, batches: batches)
        let configuration = ApplicationConfiguration(address: .hostname(options.host, port: options.port), serverName: "Photogate")
        var app = if let tls = options.tls {
            Application(router: router, server: try .tls(.http1(), tlsConfiguration: tls), configuration: configuration, logger: logger)
        } else {
            Application(router: router, configuration: configuration, logger: logger)
        }
        app.addServices(HomeSessionDriver(sessions: home.sessions), batches)
        return app
    }
}

extension Response {
    /// After a form: see the page that shows its result (303, so a reload does not send it again).
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
