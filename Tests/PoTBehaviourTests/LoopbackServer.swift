import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An HTTP/1.1 server on 127.0.0.1 for the endpoint tests, on POSIX sockets: one thread, one
/// request per connection, and a reply chosen per request by the test, including replies no
/// honest server gives (a connection closed without a reply, a body that is not JSON, …).
final class LoopbackServer: @unchecked Sendable {
    enum Reply {
        /// Close the connection without a reply.
        case drop
        case http(status: Int, body: String, headers: [String: String] = [:])
    }

    /// What a request carried: its headers (names lowercased) and its body.
    struct Request {
        let method: String
        let headers: [String: String]
        let body: [UInt8]
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
    }

    let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var received: [Request] = []
    private var stopped = false

    var requests: [Request] { lock.withLock { received } }
    var url: String { "http://127.0.0.1:\(port)" }

    /// Listens on a free port and answers the n-th request (from 0) with `respond(n, request)`.
    init(respond: @escaping @Sendable (Int, Request) -> Reply) throws {
        // A reply written to a client that has gone must fail, not kill the test process.
        signal(SIGPIPE, SIG_IGN)
        // SOCK_STREAM is 1 on Linux and Darwin alike; Glibc imports it as an enum, Darwin as an Int32.
        let listener = socket(AF_INET, 1, 0)
        guard listener >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        #if os(macOS)
        address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { close(listener); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        self.listener = listener
        let thread = Thread { [self] in serve(respond) }
        thread.start()
    }

    deinit { stop() }

    func stop() {
        let first = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        if first { shutdown(listener, Int32(SHUT_RDWR)); close(listener) }
    }

    private func serve(_ respond: @escaping @Sendable (Int, Request) -> Reply) {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 { return }
            defer { close(connection) }
            guard let request = read(connection) else { continue }
            if request.method == "GET" {
                // The model list a run asks for once (EndpointClient.announcedModelRoot): these
                // servers publish none, like vLLM's and llama.cpp's, and only completions count.
                write(connection, Array("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8))
                continue
            }
            let index = lock.withLock { () -> Int in
                received.append(request)
                return received.count - 1
            }
            switch respond(index, request) {
            case .drop:
                continue
            case .http(let status, let body, let headers):
                var head = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Error")\r\nContent-Type: application/json\r\n"
                head += "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n"
                for (name, value) in headers { head += "\(name): \(value)\r\n" }
                write(connection, Array((head + "\r\n" + body).utf8))
            }
        }
    }

    /// Reads the head and a Content-Length body.
    private func read(_ connection: Int32) -> Request? {
        var bytes: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 65536)
        var headEnd: Int?
        var contentLength = 0
        while true {
            if let end = headEnd, bytes.count >= end + contentLength {
                let method = String(decoding: bytes.prefix { $0 != UInt8(ascii: " ") }, as: UTF8.self)
                return Request(method: method, headers: headers(bytes[..<end]), body: Array(bytes[end..<(end + contentLength)]))
            }
            let n = recv(connection, &buffer, buffer.count, 0)
            if n <= 0 { return nil }
            bytes += buffer[..<n]
            if headEnd == nil, let range = search(bytes, Array("\r\n\r\n".utf8)) {
                headEnd = range + 4
                contentLength = Int(headers(bytes[..<range])["content-length"] ?? "0") ?? 0
            }
        }
    }

    private func headers(_ head: ArraySlice<UInt8>) -> [String: String] {
        var out: [String: String] = [:]
        for line in String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            out[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return out
    }

    private func search(_ haystack: [UInt8], _ needle: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    private func write(_ connection: Int32, _ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return }
            sent += n
        }
    }
}
