import Foundation
import Hummingbird
import PhotogateCore
import PhotogateServices

/// The admin's list of people: add someone with their roles and a first password, change
/// roles, disable and enable (a disabled person's sessions end at their next request, which
/// reads their account again), and reset a forgotten password to a temporary one.
struct UserRoutes {
    let environment: WebApp.Environment

    func register(on router: Router<WebContext>) {
        router.get("/users", use: page)
        router.post("/users", use: add)
        router.post("/users/{name}/roles", use: roles)
        router.post("/users/{name}/disable") { request, context in
            try await change(request, context, done: "disabled") { service, name in try await service.disable(name) }
        }
        router.post("/users/{name}/enable") { request, context in
            try await change(request, context, done: "enabled") { service, name in try await service.enable(name) }
        }
        router.post("/users/{name}/reset-password", use: resetPassword)
    }

    struct UsersContent: Sendable {
        var users: [UserView]
        var roles: [RoleChoice]
        var problem: String?
        var typedName: String
        var minimumPasswordLength = Credentials.minimumPasswordLength
    }

    struct RoleChoice: Sendable {
        var role: String
        var checked: Bool
    }

    struct UserView: Sendable {
        var name: String
        var roles: [RoleChoice]
        var roleWords: String
        var disabled: Bool
        var mustChangePassword: Bool
        var since: String
        var isYou: Bool
    }

    @Sendable func page(_ request: Request, context: WebContext) async throws -> Response {
        let done = request.uri.queryParameters.get("done").flatMap(Self.notice)
        return try await render(context, notice: done)
    }

    private func render(_ context: WebContext, notice: String? = nil, problem: String? = nil, typedName: String = "",
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let accounts = try await UserService(home: environment.home, user: user).list()
        let users = accounts.map { account in
            UserView(name: account.name, roles: Role.allCases.map { RoleChoice(role: $0.rawValue, checked: account.roles.contains($0)) },
                     roleWords: account.roles.sorted().map(\.rawValue).joined(separator: ", "), disabled: account.disabled,
                     mustChangePassword: account.mustChangePassword, since: PageDate.text(account.createdAt),
                     isYou: Identifier.same(account.name, user.name))
        }
        let content = UsersContent(users: users, roles: Role.allCases.map { RoleChoice(role: $0.rawValue, checked: false) },
                                   problem: problem, typedName: typedName)
        return environment.pages.render("users", frame: await environment.frame("Users", context, path: "/users", notice: notice),
                                        content: content, status: status)
    }

    @Sendable func add(_ request: Request, context: WebContext) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let form = try await FormFields.read(request, context: context)
        let name = form.text("name") ?? ""
        do {
            try await UserService(home: environment.home, user: user).add(name, roles: try Self.roles(form), password: form.value("password") ?? "")
        } catch let refusal as PhotogateError where refusal.kind == .invalid || refusal.kind == .conflict {
            return try await render(context, problem: refusal.message, typedName: name, status: .badRequest)
        }
        return .redirect(to: "/users?done=added-\(Self.queryValue(name))")
    }

    @Sendable func roles(_ request: Request, context: WebContext) async throws -> Response {
        try await change(request, context, done: "roles") { service, name in
            try await service.changeRoles(of: name, to: try Self.roles(try await FormFields.read(request, context: context)))
        }
    }

    @Sendable func resetPassword(_ request: Request, context: WebContext) async throws -> Response {
        try await change(request, context, done: "reset") { service, name in
            try await service.resetPassword(of: name, to: try await FormFields.read(request, context: context).value("password") ?? "")
        }
    }

    private func change(_ request: Request, _ context: WebContext, done: String,
                        _ action: (UserService, String) async throws -> String) async throws -> Response {
        let user = try AuthRoutes.signedIn(context)
        let name = try context.parameters.require("name")
        do {
            let stored = try await action(UserService(home: environment.home, user: user), name)
            return .redirect(to: "/users?done=\(done)-\(Self.queryValue(stored))")
        } catch let refusal as PhotogateError where refusal.kind == .invalid {
            return try await render(context, problem: "\(name): \(refusal.message)", status: .badRequest)
        }
    }

    /// The roles ticked on a form (`roles` repeated); a name that is no role is refused.
    static func roles(_ form: FormFields) throws -> Set<Role> {
        Set(try form.values("roles").map { value in
            guard let role = Role(rawValue: value) else { throw PhotogateError.invalid("there is no role \(value.prefix(20))", code: "role.unknown") }
            return role
        })
    }

    /// The message after an action, from the redirect's `done`: the name is only ever one
    /// that passed the service's checks.
    static func notice(_ done: String) -> String? {
        let parts = done.split(separator: "-", maxSplits: 1).map(String.init)
        guard parts.count == 2, Credentials.problem(withUserName: parts[1]) == nil else { return nil }
        let name = parts[1]
        switch parts[0] {
        case "added": return "\(name) can sign in now with the password you gave them."
        case "roles": return "\(name)'s roles are changed."
        case "disabled": return "\(name) is disabled and signed out everywhere."
        case "enabled": return "\(name) can sign in again."
        case "reset": return "\(name)'s password is reset: give them the temporary one; they choose a new one when they sign in."
        default: return nil
        }
    }

    private static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? ""
    }
}
