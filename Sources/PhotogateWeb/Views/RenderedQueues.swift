import Foundation
import PhotogateServices

/// The queue's posts and forms as rendered for one session, kept while the queue's version
/// (the audit log's latest event) stays the same: rendering fifty posts of four photos, with
/// every face's box and reason, takes a sixth of a second, and the head reloads the same
/// queue many times between changes. Any change moves the version and drops every kept page.
/// A page is kept under the person (name and roles) and the session's form token it was
/// rendered with, so nobody is ever sent another's page or token.
actor RenderedQueues {
    /// Sessions kept at one version (a page is some hundreds of KB).
    static let limit = 16

    private var version: Int64 = -1
    private var kept: [String: Task<String, any Error>] = [:]
    private var keptOrder: [String] = []

    /// The page part for this person and session at this version, rendered by `render` once
    /// however many requests ask at the same time. A version older than the newest seen is
    /// rendered but not kept; a failure is not kept either.
    func html(version: Int64, for user: SignedInUser, csrf: String, render: @escaping @Sendable () async throws -> String) async throws -> String {
        if version > self.version {
            self.version = version
            kept = [:]
            keptOrder = []
        }
        guard version == self.version else { return try await render() }
        let key = [user.name, user.roles.map(\.rawValue).sorted().joined(separator: ","), csrf].joined(separator: "\u{0}")
        if let rendering = kept[key] { return try await rendering.value }
        let rendering = Task { try await render() }
        keep(rendering, under: key)
        do {
            return try await rendering.value
        } catch {
            if version == self.version, kept[key] != nil {
                kept[key] = nil
                keptOrder.removeAll { $0 == key }
            }
            throw error
        }
    }

    private func keep(_ rendering: Task<String, any Error>, under key: String) {
        kept[key] = rendering
        keptOrder.append(key)
        if keptOrder.count > Self.limit { kept[keptOrder.removeFirst()] = nil }
    }
}
