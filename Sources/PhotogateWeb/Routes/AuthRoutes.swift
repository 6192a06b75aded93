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
        var needs: [Need]
        var chart: ActivityChart

        /// One count on the home page: what it is, and the list it opens.
        struct Need: Sendable {
            var count: Int
            var words: String
            var href: String?
            /// Something late, shown in red when there is any.
            var urgent: Bool
        }

        static func items(_ attention: AttentionService.Attention) -> [Need] {
            let plural = { (count: Int, one: String, many: String) in count == 1 ? one : many }
            var needs: [Need] = []
            if let count = attention.postsToApprove {
                needs.append(Need(count: count, words: plural(count, "post waits for your approval", "posts wait for your approval"), href: "/queue", urgent: false))
            }
            if let count = attention.returnedPosts {
                needs.append(Need(count: count, words: plural(count, "of your posts came back to you", "of your posts came back to you"), href: "/posts", urgent: false))
            }
            if let count = attention.myDeletions {
                needs.append(Need(count: count, words: plural(count, "batch to delete from your phone", "batches to delete from your phone"),
                                  href: "/deletions#mine", urgent: false))
            }
            if let count = attention.overdueDeletions {
                needs.append(Need(count: count, words: plural(count, "batch is past its deletion deadline", "batches are past their deletion deadline"),
                                  href: attention.myDeletions == nil || count > 0 ? "/deletions?status=overdue" : "/deletions", urgent: count > 0))
            }
            if let count = attention.takedowns {
                needs.append(Need(count: count, words: plural(count, "published post to take down", "published posts to take down"), href: "/takedowns", urgent: count > 0))
            }
            if let count = attention.consentEndingSoon {
                needs.append(Need(count: count, words: plural(count, "person's consent ends soon: ask their parents again", "people's consent ends soon: ask their parents again"),
                                  href: "/consent", urgent: false))
            }
            if let count = attention.devicesToApprove {
                needs.append(Need(count: count, words: plural(count, "phone waits for your approval", "phones wait for your approval"), href: "/devices", urgent: false))
            }
            return needs
        }
    }

    @Sendable func home(_ request: Request, context: WebContext) async throws -> Response {
        let user = try Self.signedIn(context)
        let attention = try await AttentionService(home: environment.home, user: user).attention()
        // The chart's year: this school year, or an earlier one asked for (never one to come).
        let thisYear = SchoolYear(CalendarDate(Date()))
        let asked = request.uri.queryParameters.get("year").flatMap { Int($0) }.map(SchoolYear.init(startYear:))
        let year = asked.map { min(max($0, SchoolYear(startYear: 2000)), thisYear) } ?? thisYear
        let activity = try await ActivityService(home: environment.home, user: user).activity(in: year)
        return environment.pages.render("home", frame: await environment.frame("Home", context, path: "/"),
                                        content: HomeContent(greeting: "Hello, \(user.name)", needs: HomeContent.items(attention),
                                                             chart: ActivityChart(activity, thisYear: thisYear)))
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
