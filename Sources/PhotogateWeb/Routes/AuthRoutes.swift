import Foundation
import HTTPTypes
import Hummingbird
import PhotogateCore
import PhotogateServices

/// Signing in and out, choosing a new password, and each person's home page.
struct AuthRoutes {
    let environment: WebApp.Environment

    func register(on router: Router<WebContext>) {
        router.get("/login", use: loginForm)
        router.post("/login", use: signIn)
        router.post("/logout", use: signOut)
        router.get("/password", use: passwordForm)
        router.post("/password", use: changePassword)
        router.get("/", use: home)
    }

    struct LoginContent: Sendable {
        var username: String
        var next: String
        var problem: String?
    }

    @Sendable func loginForm(_ request: Request, context: WebContext) async throws -> Response {
        if context.user != nil { return .redirect(to: "/") }
        let next = Self.safeNext(request.uri.queryParameters.get("next"))
        return environment.pages.render("login", frame: await environment.frame("Sign in", context, path: "/login"),
                                        content: LoginContent(username: "", next: next))
    }

    @Sendable func signIn(_ request: Request, context: WebContext) async throws -> Response {
        let form = try await FormFields.read(request, context: context)
        let name = form.value("username") ?? "", next = Self.safeNext(form.value("next"))
        do {
            let origin = request.headers[.xForwardedFor] ?? "browser"
            let user = try await SignInService(home: environment.home).signIn(name, password: form.value("password") ?? "", from: origin)
            // A new session (and token) for the person, never the visitor's: no fixation.
            let settings = try await environment.home.settings.current()
            context.sessions.createSession(.signedIn(user.name, now: Date()), expiresIn: .seconds(settings.sessionIdleMinutes * 60))
            return .redirect(to: user.mayOnlyChangePassword ? "/password" : next)
        } catch let refusal as PhotogateError where refusal.kind == .unauthenticated {
            return environment.pages.render("login", frame: await environment.frame("Sign in", context, path: "/login"),
                                            content: LoginContent(username: name, next: next, problem: refusal.message), status: .unauthorized)
        }
    }

    @Sendable func signOut(_ request: Request, context: WebContext) async throws -> Response {
        context.sessions.clearSession()
        return .redirect(to: "/login")
    }

    struct PasswordContent: Sendable {
        var mustChange: Bool
        var problem: String?
    }

    @Sendable func passwordForm(_ request: Request, context: WebContext) async throws -> Response {
        let user = try Self.signedIn(context)
        return environment.pages.render("password", frame: await environment.frame("Choose a new password", context, path: "/password"),
                                        content: PasswordContent(mustChange: user.mayOnlyChangePassword))
    }

    @Sendable func changePassword(_ request: Request, context: WebContext) async throws -> Response {
        let user = try Self.signedIn(context)
        let form = try await FormFields.read(request, context: context)
        let password = form.value("password") ?? ""
        do {
            guard password == form.value("again") else { throw PhotogateError.invalid("the two passwords differ") }
            try await UserService(home: environment.home, user: user).changeOwnPassword(to: password)
        } catch let refusal as PhotogateError where refusal.kind == .invalid {
            return environment.pages.render("password", frame: await environment.frame("Choose a new password", context, path: "/password"),
                                            content: PasswordContent(mustChange: user.mayOnlyChangePassword, problem: refusal.message), status: .badRequest)
        }
        return .redirect(to: "/")
    }

    struct HomeContent: Sendable {
        var greeting: String
    }

    @Sendable func home(_ request: Request, context: WebContext) async throws -> Response {
        let user = try Self.signedIn(context)
        try user.requireActive()
        return environment.pages.render("home", frame: await environment.frame("Home", context, path: "/"),
                                        content: HomeContent(greeting: "Hello, \(user.name)"))
    }

    /// The person signed in, or "not signed in" (a page takes them to the sign-in form).
    static func signedIn(_ context: WebContext) throws -> SignedInUser {
        guard let user = context.user else { throw PhotogateError.unauthenticated("sign in first", code: "signin.needed") }
        return user
    }

    /// Only a path of this site is somewhere to go after signing in (never another site).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/" }
        return next
    }
}

extension HTTPField.Name {
    static var xForwardedFor: Self { .init("X-Forwarded-For")! }
}
