import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP reply as received.
struct HTTPReply: Sendable {
    let status: Int
    let body: [UInt8]
    /// The Retry-After header in seconds, when the server sent one as a number.
    let retryAfter: Double?
}

/// Synchronous requests through Foundation's URLSession: libcurl with OpenSSL and the system's
/// certificate store on Linux, the system's own stack and trust store on macOS. An ephemeral
/// session: no cookies, no cache, no credentials stored. Each call blocks until the reply,
/// a transport failure or the timeout (a whole request and response within `timeout`).
final class HTTPTransport: Sendable {
    private let session: URLSession
    let timeout: Double

    init(timeout: Double) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.urlCredentialStorage = nil
        session = URLSession(configuration: configuration)
        self.timeout = timeout
    }

    deinit { session.invalidateAndCancel() }

    /// Posts `body` as JSON; a failure to connect, a dropped connection or a timeout is
    /// `.failure` with the system's description.
    func post(_ url: URL, body: [UInt8], headers: [(name: String, value: String)]) -> Result<HTTPReply, TransportError> {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        return send(request, headers: headers)
    }

    /// A GET, with the same failures as ``post(_:body:headers:)``.
    func get(_ url: URL, headers: [(name: String, value: String)]) -> Result<HTTPReply, TransportError> {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "GET"
        return send(request, headers: headers)
    }

    private func send(_ request: URLRequest, headers: [(name: String, value: String)]) -> Result<HTTPReply, TransportError> {
        var request = request
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        for header in headers { request.setValue(header.value, forHTTPHeaderField: header.name) }
        let box = ReplyBox()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            if let error {
                box.result = .failure(TransportError(description: error.localizedDescription))
            } else if let http = response as? HTTPURLResponse {
                let retryAfter = (http.value(forHTTPHeaderField: "Retry-After")).flatMap(Double.init)
                box.result = .success(HTTPReply(status: http.statusCode, body: Array(data ?? Data()), retryAfter: retryAfter))
            } else {
                box.result = .failure(TransportError(description: "no HTTP response"))
            }
            done.signal()
        }
        task.resume()
        // URLSession enforces the timeout; the margin only guards against a reply that never comes.
        if done.wait(timeout: .now() + timeout + 5) == .timedOut {
            task.cancel()
            return .failure(TransportError(description: "no reply within \(timeout) s"))
        }
        return box.result ?? .failure(TransportError(description: "no reply"))
    }
}

/// A request that got no HTTP reply: connection refused or dropped, TLS failure, timeout.
struct TransportError: Error, Sendable {
    let description: String
}

/// The completion handler's result, handed to the waiting thread; the semaphore orders the
/// write before the read.
private final class ReplyBox: @unchecked Sendable {
    var result: Result<HTTPReply, TransportError>?
}
