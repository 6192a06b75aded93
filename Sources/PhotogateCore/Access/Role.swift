import Foundation

/// What a user may do. One user may hold several roles.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Manages users, devices, channels and the consent list.
    case admin
    /// Office staff: ingest photos, tag pupils, prepare posts.
    case staff
    /// The CEO or headteacher: approves devices and posts.
    case approver
    /// The CEO or PA: publishes approved posts.
    case publisher
    /// Confirms deletions and verifies the record; changes nothing.
    case auditor

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Parses `admin,staff` (case and spaces ignored); unknown names are returned as errors.
    public static func parseList(_ text: String) -> Result<Set<Role>, RoleListError> {
        parseSequence(text).map(Set.init)
    }

    /// Parses roles in the order written, repeats kept (as an approval chain lists its steps).
    public static func parseSequence(_ text: String) -> Result<[Role], RoleListError> {
        var roles: [Role] = []
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard let role = Role(rawValue: name) else { return .failure(RoleListError(unknown: name)) }
            roles.append(role)
        }
        return roles.isEmpty ? .failure(RoleListError(unknown: "")) : .success(roles)
    }
}

public struct RoleListError: Error, Equatable, CustomStringConvertible {
    public var unknown: String

    public init(unknown: String) {
        self.unknown = unknown
    }

    public var description: String {
        let known = Role.allCases.map(\.rawValue).joined(separator: ", ")
        return unknown.isEmpty ? "name at least one role (\(known))" : "unknown role \"\(unknown)\" (roles are \(known))"
    }
}
