import ArgumentParser
import Foundation
import PoTBehaviour

/// `--cand-url/--cand-model` (or `--ref-url/--ref-model`) and how to query that endpoint;
/// shared by `pot challenge commit` and `pot behave`, which must name the same endpoint and k
/// (the commitment binds them in the endpoint's role).
struct EndpointOptions: ParsableArguments {
    @Option(help: "The candidate is served here: an OpenAI-compatible completions server (base URL or …/v1/completions).")
    var candUrl: String?

    @Option(help: "The `model` name the candidate's server expects.")
    var candModel: String?

    @Option(help: "The reference is served here (the candidate is then a local file).")
    var refUrl: String?

    @Option(help: "The `model` name the reference's server expects.")
    var refModel: String?

    @Option(help: "k: top log-probabilities asked for at each position (committed). 20 is vLLM's default limit and pot serve's; a smaller k widens the gap between the top-k score and the full one (docs/behaviour.md).")
    var topK = 20

    @Option(help: "A request header NAME: VALUE; $VAR in VALUE is read from the environment (e.g. 'Authorization: Bearer $API_KEY'). Only names are recorded.")
    var header: [String] = []

    @Option(help: "Seconds allowed for one request and its response.")
    var requestTimeout = 60.0

    @Option(help: "Retries, with exponential back-off, after a connection failure, 429 or 5xx.")
    var retries = 4

    @Option(help: "At most this many requests per second.")
    var maxRps: Double?

    /// The served side, if any; the other side must then be a local file.
    func endpoint() throws -> (role: EndpointRole, settings: EndpointSettings)? {
        guard (candUrl == nil) == (candModel == nil), (refUrl == nil) == (refModel == nil) else {
            throw ValidationError("--cand-url and --cand-model go together, as do --ref-url and --ref-model")
        }
        guard candUrl == nil || refUrl == nil else {
            throw ValidationError("one side at most can be served: the top-k score teacher-forces the other side, a local model")
        }
        let role: EndpointRole, url: String, model: String
        if let candUrl, let candModel {
            (role, url, model) = (.candidate, candUrl, candModel)
        } else if let refUrl, let refModel {
            (role, url, model) = (.reference, refUrl, refModel)
        } else {
            return nil
        }
        let headers = try header.map { try HeaderSpec(parsing: $0) }
        do {
            return (role, try EndpointSettings(url: url, model: model, topK: topK, headers: headers, timeout: requestTimeout,
                                               retries: retries, maxRequestsPerSecond: maxRps))
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The local file on the other side of a served one, from --ref/--cand.
    static func localPath(role: EndpointRole, ref: String?, cand: String?) throws -> String {
        switch (role, ref, cand) {
        case (.candidate, let ref?, nil): return ref
        case (.reference, nil, let cand?): return cand
        case (.candidate, _, _): throw ValidationError("a served candidate needs --ref FILE and no --cand")
        case (.reference, _, _): throw ValidationError("a served reference needs --cand FILE and no --ref")
        }
    }
}
