import PoTHashing

/// Why a request was not answered, as the HTTP status and the OpenAI error object
/// `{"error": {"message", "type", "param", "code"}}` that clients of that API already read.
public struct ServeError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The HTTP status code: 400, 404, 405, 413 or 500.
    public let status: Int
    /// What is wrong, in words a client can act on.
    public let message: String
    /// OpenAI's error type: `invalid_request_error` for the client's mistakes, `server_error` otherwise.
    public let type: String
    /// The request field at fault, when there is one.
    public let param: String?
    /// A short machine-readable code (`model_not_found`, `context_length_exceeded`, …), when there is one.
    public let code: String?

    public var description: String { "\(status) \(type): \(message)" }

    /// A request the client must change: HTTP 400.
    static func invalid(_ message: String, param: String? = nil, code: String? = nil) -> ServeError {
        ServeError(status: 400, message: message, type: "invalid_request_error", param: param, code: code)
    }

    /// A model name other than the one served: HTTP 404, as OpenAI answers for an unknown model.
    static func unknownModel(_ asked: String, served: String) -> ServeError {
        ServeError(status: 404, message: "The model \"\(asked)\" does not exist here; this server serves \"\(served)\" only",
                   type: "invalid_request_error", param: "model", code: "model_not_found")
    }

    /// A failure of the model runner on a request that was valid: HTTP 500.
    static func server(_ message: String) -> ServeError {
        ServeError(status: 500, message: message, type: "server_error", param: nil, code: nil)
    }

    /// The response body.
    var json: JSON {
        .object([
            ("error", .object([
                ("message", .string(message)), ("type", .string(type)),
                ("param", param.map(JSON.string) ?? .null), ("code", code.map(JSON.string) ?? .null),
            ])),
        ])
    }
}
