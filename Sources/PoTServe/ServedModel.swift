import Foundation
import PoTHashing
import PoTModels

/// The model file a server answers with: its commitment, computed from the file when it is
/// loaded, and its runner, which answers one request at a time on a serial queue (a
/// ``LanguageModel`` holds one KV cache, so calls on it must not overlap).
public final class ServedModel: @unchecked Sendable {
    /// The name clients give as `model`.
    public let name: String
    public let path: String
    /// The `pot-model-v1` commitment of the file (docs/hashing.md) with the default chunk size:
    /// the model root that `pot commit` prints and a behavioural commitment binds.
    public let commitment: ModelCommitment
    /// The most tokens, prompt and completion together, that one request can use.
    public let contextLength: Int
    /// Token ids run from 0 to this, exclusive (the model's output size).
    public let vocabularySize: Int
    public let products: MatrixProducts
    /// The device the runner computes on.
    public let device: ComputeDevice
    public let tokenizer: Tokenizer

    /// Touched only on `queue`.
    private let model: LanguageModel
    private let queue = DispatchQueue(label: "pot.serve.model")

    /// Hashes the file at `path`, then loads it.
    /// - Parameters:
    ///   - name: the name clients give as `model`; by default the file's name.
    ///   - threads: hashing and ggml threads.
    ///   - device: the device of ggml's registry the runner computes on.
    ///   - contextLength: the KV cache's capacity; by default the runner's (the trained context, at most 4096).
    /// - Throws: the hashing stage's or the runner's error naming the file, or a ``ModelError``
    ///   when the file has no tokenizer (a completion's text needs one).
    public init(path: String, name: String? = nil, threads: Int, products: MatrixProducts = .automatic,
                device: DeviceChoice = .auto, contextLength: Int? = nil) throws {
        commitment = try ModelCommitment(layout: ModelLayout.open(path: path), threads: threads, tool: "pot serve")
        model = try LanguageModel(path: path, contextLength: contextLength, threads: threads, products: products, device: device)
        tokenizer = try model.tokenizer()
        self.path = path
        self.name = name ?? URL(fileURLWithPath: path).lastPathComponent
        self.contextLength = model.contextLength
        vocabularySize = model.hyper.vocabularySize
        self.products = model.products
        self.device = model.device
    }

    /// Answers `request`, after every request before it; a request that is invalid for this
    /// model is refused at once, without waiting.
    func complete(_ request: CompletionRequest) async throws(ServeError) -> Completion {
        guard request.model == name else { throw .unknownModel(request.model, served: name) }
        let prompt = try promptTokens(request)
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Completion, ServeError>, Never>) in
            queue.async {
                continuation.resume(returning: Result { () throws(ServeError) in try self.run(request, prompt: prompt) })
            }
        }
        return try result.get()
    }

    /// The prompt's token ids, checked against the vocabulary and, with the completion, the context.
    private func promptTokens(_ request: CompletionRequest) throws(ServeError) -> [Int32] {
        let tokens: [Int32]
        switch request.prompt {
        case .text(let text):
            tokens = tokenizer.encode(text)
            guard !tokens.isEmpty else { throw .invalid("the prompt has no tokens", param: "prompt") }
        case .tokens(let ids):
            if let i = ids.firstIndex(where: { $0 < 0 || $0 >= vocabularySize }) {
                throw .invalid("prompt token \(i) is \(ids[i]), outside the vocabulary (ids 0 to \(vocabularySize - 1))", param: "prompt")
            }
            tokens = ids.map { Int32($0) }
        }
        guard tokens.count + request.maxTokens <= contextLength else {
            throw .invalid(
                "this model's context is \(contextLength) tokens; the request needs \(tokens.count + request.maxTokens) "
                    + "(\(tokens.count) in the prompt, \(request.maxTokens) for the completion)",
                param: "prompt", code: "context_length_exceeded")
        }
        return tokens
    }

    /// The greedy continuation and, when asked, the log-probabilities of each of its positions:
    /// the rows `pot behave` reads from a local model (the teacher-forced pass over prompt and
    /// continuation, ``LanguageModel/forEachNextTokenLogProbs(_:from:_:)``), computed once per
    /// request and reduced to the top k as they come.
    private func run(_ request: CompletionRequest, prompt: [Int32]) throws(ServeError) -> Completion {
        let stop = request.ignoreEOS ? [] : model.stopTokens
        let generated: [Int32]
        do { generated = try model.generate(prompt: prompt, maxTokens: request.maxTokens, stop: stop) } catch {
            throw .server("\(error)")
        }
        let stopped = generated.last.map(stop.contains) ?? false
        var positions: [PositionLogProbs]?
        if let k = request.logprobs {
            var rows: [PositionLogProbs] = []
            var failure: String?
            do {
                try model.forEachNextTokenLogProbs(prompt + generated, from: prompt.count - 1) { row in
                    // The pass ends with the row after the last token, which predicts nothing asked for.
                    guard rows.count < generated.count, failure == nil else { return }
                    if let entry = PositionLogProbs(row: row, chosen: generated[rows.count], k: k) {
                        rows.append(entry)
                    } else {
                        failure = "the model's next-token distribution at completion position \(rows.count) is not finite"
                    }
                }
            } catch {
                throw .server("\(error)")
            }
            if let failure { throw .server(failure) }
            guard rows.count == generated.count else {
                throw .server("the runner returned \(rows.count) distributions for \(generated.count) completion tokens")
            }
            positions = rows
        }
        return Completion(promptTokens: prompt.count, tokens: generated, finishReason: stopped ? .stop : .length, logprobs: positions)
    }
}
