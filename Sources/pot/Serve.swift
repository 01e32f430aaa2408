import ArgumentParser
import Foundation
import PoTModels
import PoTServe

/// `pot serve`: the model file behind an OpenAI-compatible completions endpoint, so that an
/// owner serves exactly the committed file and an auditor can test it (docs/behaviour.md).
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a GGUF model over HTTP: OpenAI's /v1/models and legacy /v1/completions, greedy, with log-probabilities.",
        discussion: """
            Prints `pot serve: listening on http://HOST:PORT` on stdout once it listens, then one line per request on \
            stderr; SIGINT or SIGTERM stops it. GET /v1/models gives the model's commitment (the root `pot commit` \
            prints). See docs/behaviour.md, "Serving a committed model".
            """)

    @OptionGroup var options: ModelOptions

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one (printed on stdout).")
    var port = 8080

    @Option(help: "The most top log-probabilities a request may ask for per token (`logprobs`).")
    var maxTopK = 20

    @Option(help: "The most tokens a request may generate (`max_tokens`); default: the model's context.")
    var maxTokensLimit: Int?

    @Option(help: "The name clients give as `model`; default: the file's name.")
    var servedModelName: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard maxTopK >= 0, maxTopK <= 1000 else { throw ValidationError("--max-top-k must be between 0 and 1000") }
        if let maxTokensLimit, maxTokensLimit < 1 { throw ValidationError("--max-tokens-limit must be at least 1") }
        if let servedModelName, servedModelName.isEmpty { throw ValidationError("--served-model-name must not be empty") }
    }

    func run() throws {
        guard #available(macOS 14, *) else { throw InputFailure(description: "pot serve needs macOS 14 or later") }
        let served = try ServedModel(path: options.model, name: servedModelName, threads: options.threads, products: options.products,
                                     device: options.device.device)
        let limit = maxTokensLimit ?? served.contextLength
        guard limit <= served.contextLength else {
            throw ValidationError("--max-tokens-limit \(limit) exceeds the model's context of \(served.contextLength) tokens")
        }
        let server = CompletionServer(served: served, limits: ServeLimits(maxTopK: maxTopK, maxTokens: limit)) { line in
            FileHandle.standardError.write(Data("pot serve: \(line)\n".utf8))
        }
        FileHandle.standardError.write(Data(
            ("pot serve: serving \(served.name), model root \(served.commitment.modelRoot.hex), \(served.contextLength)-token context, "
             + "\(served.products.rawValue) products on \(served.device)\n").utf8))
        let host = self.host, port = self.port
        let finished = Outcome()
        Task {
            do {
                try await server.run(host: host, port: port, signals: true) { bound in
                    let shown = host.contains(":") ? "[\(host)]" : host
                    // Unbuffered, so that a script reading the pipe sees the line at once.
                    FileHandle.standardOutput.write(Data("pot serve: listening on http://\(shown):\(bound)\n".utf8))
                }
            } catch {
                finished.error = error
            }
            finished.done.signal()
        }
        finished.done.wait()
        if let error = finished.error { throw InputFailure(description: "cannot serve on \(host):\(port): \(error)") }
    }
}

/// How the server's task ended, handed back to the blocked command (a `ParsableCommand`
/// runs synchronously); `error` is written before `done` is signalled and read after.
private final class Outcome: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    var error: Error?
}
