/// The outcome of one check.
public enum Verdict: String, Sendable, Codable {
    /// The check ran and the claim holds.
    case pass
    /// The check ran and the claim does not hold: the bundle is invalid.
    case fail
    /// The check needs something the verifier was not given (a model file); it says what.
    case skip
}

/// One check of a bundle: what was checked, the verdict, and why.
public struct Check: Sendable, Equatable, Codable {
    /// A stable identifier, e.g. `proof[0].verifies`, for scripts reading `--json`.
    public let id: String
    /// What was checked, for people.
    public let title: String
    public let verdict: Verdict
    public let reason: String

    public init(_ id: String, _ title: String, _ verdict: Verdict, _ reason: String) {
        self.id = id
        self.title = title
        self.verdict = verdict
        self.reason = reason
    }

    static func pass(_ id: String, _ title: String, _ reason: String) -> Check { Check(id, title, .pass, reason) }
    static func fail(_ id: String, _ title: String, _ reason: String) -> Check { Check(id, title, .fail, reason) }
    static func skip(_ id: String, _ title: String, _ reason: String) -> Check { Check(id, title, .skip, reason) }
}

/// Every check of a bundle, in the order they ran.
public struct BundleVerification: Sendable {
    public let checks: [Check]

    /// Valid when no check failed; skipped checks are listed and do not fail the bundle.
    public var isValid: Bool { !checks.contains { $0.verdict == .fail } }
    public var failures: [Check] { checks.filter { $0.verdict == .fail } }
}
