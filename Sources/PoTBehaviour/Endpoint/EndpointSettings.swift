import Foundation

/// How to reach a served model and how patiently: the URL, the model name, k, headers,
/// the request timeout, retries with exponential back-off, and a rate limit.
public struct EndpointSettings: Sendable {
    /// The completions URL: the one given if its path ends in `/completions`, else the given
    /// base with `/v1/completions` (or `/completions` after a path ending in `/v1`).
    public let url: URL
    public let model: String
    /// k: the `logprobs` asked for at each position.
    public let topK: Int
    public let headers: [HeaderSpec]
    /// Seconds for one request and its response.
    public let timeout: Double
    /// Further attempts after a connection failure, a 429 or a 5xx reply.
    public let retries: Int
    /// Seconds before the first retry; each further one waits twice as long, at most
    /// ``maxBackoff`` (or the server's Retry-After, up to that).
    public let backoff: Double
    public static let maxBackoff = 30.0
    /// At most this many requests per second (`nil`: no limit).
    public let maxRequestsPerSecond: Double?

    /// - Throws: ``BehaviourError/scoring(_:)`` for a URL that is not http(s), carries user
    ///   information or a query (keys belong in headers, which are never recorded), or values
    ///   out of range.
    public init(url: String, model: String, topK: Int, headers: [HeaderSpec] = [], timeout: Double = 60, retries: Int = 4,
                backoff: Double = 0.5, maxRequestsPerSecond: Double? = nil) throws(BehaviourError) {
        guard var parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = parts.host, !host.isEmpty else {
            throw .scoring("\(url): not an http:// or https:// URL")
        }
        guard parts.user == nil, parts.password == nil, parts.query == nil, parts.fragment == nil else {
            throw .scoring("\(url): the URL has user information, a query or a fragment; pass keys with --header NAME:$ENV_VAR, which the transcript never records")
        }
        guard !model.isEmpty else { throw .scoring("the endpoint's model name is empty") }
        guard (1...100).contains(topK) else { throw .scoring("k = \(topK): the top-k size must be 1 to 100") }
        guard timeout > 0, timeout.isFinite, retries >= 0, retries <= 20, backoff >= 0, backoff.isFinite else {
            throw .scoring("the timeout must be positive, retries 0 to 20 and the back-off non-negative")
        }
        if let rate = maxRequestsPerSecond, !(rate > 0 && rate.isFinite) { throw .scoring("--max-rps must be positive") }
        var path = parts.path
        while path.hasSuffix("/") { path.removeLast() }
        if !path.hasSuffix("/completions") { path += path.hasSuffix("/v1") ? "/completions" : "/v1/completions" }
        parts.path = path
        guard let resolved = parts.url else { throw .scoring("\(url): not a usable URL") }
        self.url = resolved
        self.model = model
        self.topK = topK
        self.headers = headers
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.maxRequestsPerSecond = maxRequestsPerSecond
    }

    /// The endpoint as the transcript header records it.
    public func record(role: EndpointRole) -> EndpointRecord {
        EndpointRecord(role: role, url: url.absoluteString, model: model, topK: topK, headerNames: headers.map(\.name))
    }
}

/// A request header given as `NAME: VALUE`, where VALUE may name environment variables as
/// `$VAR` or `${VAR}` (an API key: `Authorization: Bearer $OPENAI_API_KEY`). The variables are
/// read when the header is resolved; only the name ever reaches a transcript or a message.
public struct HeaderSpec: Sendable {
    public let name: String
    let template: String

    /// - Throws: ``BehaviourError/scoring(_:)`` for a spec without `NAME:`.
    public init(parsing spec: String) throws(BehaviourError) {
        guard let colon = spec.firstIndex(of: ":") else { throw .scoring("--header \"\(spec.prefix(20))…\": expected NAME: VALUE") }
        let name = spec[..<colon].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") }) else {
            throw .scoring("--header: \"\(name)\" is not a header name")
        }
        self.name = name
        template = spec[spec.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }

    /// The value with every `$VAR` / `${VAR}` replaced from `environment`, and the values of
    /// the variables substituted (blanked out of messages like the value).
    /// - Throws: ``BehaviourError/scoring(_:)`` naming the header and the variable that is unset.
    func substitute(environment: [String: String]) throws(BehaviourError) -> (value: String, variables: [String]) {
        var out = "", rest = Substring(template), variables: [String] = []
        while let dollar = rest.firstIndex(of: "$") {
            out += rest[..<dollar]
            rest = rest[rest.index(after: dollar)...]
            let braced = rest.first == "{"
            if braced { rest = rest.dropFirst() }
            let variable = String(rest.prefix { $0 == "_" || $0.isASCII && ($0.isLetter || $0.isNumber) })
            rest = rest.dropFirst(variable.count)
            if braced {
                guard rest.first == "}" else { throw .scoring("--header \(name): unclosed ${ in its value") }
                rest = rest.dropFirst()
            }
            guard !variable.isEmpty else { throw .scoring("--header \(name): a $ that names no variable") }
            guard let value = environment[variable] else {
                throw .scoring("--header \(name): the environment variable \(variable) is not set")
            }
            out += value
            variables.append(value)
        }
        let value = out + rest
        guard !value.contains(where: { $0 == "\r" || $0 == "\n" }) else { throw .scoring("--header \(name): the value has a line break") }
        return (value, variables)
    }
}
