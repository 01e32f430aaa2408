import Foundation
import PoTBehaviour
import PoTModels

/// A local model behind ``LoopbackServer``, answering completions requests as vLLM (with
/// `return_tokens_as_token_ids`) or llama.cpp's server would: greedy continuation of
/// `max_tokens`, and at each position the model's `logprobs` likeliest tokens.
final class ServedModel: @unchecked Sendable {
    enum Format { case vLLM, llamaCpp }

    let model: LanguageModel
    let format: Format
    private let lock = NSLock()

    init(path: String, format: Format = .vLLM) throws {
        model = try Fixture.load(path)
        self.format = format
    }

    /// The continuation and top-k lists for a request; text prompts are tokenized here.
    func answer(_ request: LoopbackServer.Request) -> (tokens: [Int32], top: [[(id: Int32, logProb: Float)]]) {
        lock.withLock {
            let json = request.json
            let prompt: [Int32]
            if let ids = json["prompt"] as? [Int] {
                prompt = ids.map(Int32.init)
            } else {
                prompt = try! model.tokenizer().encode(json["prompt"] as! String)
            }
            let k = json["logprobs"] as! Int, n = json["max_tokens"] as! Int
            let tokens = try! model.generate(prompt: prompt, maxTokens: n, stop: [])
            let rows = try! model.nextTokenLogProbs(prompt + tokens, from: prompt.count - 1).prefix(tokens.count)
            let top = rows.map { row in row.indices.sorted { row[$0] > row[$1] }.prefix(k).map { (Int32($0), row[$0]) } }
            return (tokens, top)
        }
    }

    /// The response body for `tokens` and `top`, in this server's format.
    func body(tokens: [Int32], top: [[(id: Int32, logProb: Float)]], finish: String = "length") -> String {
        func number(_ x: Float) -> String { x.isNaN ? "NaN" : "\(x)" }
        let logprobs: String
        switch format {
        case .vLLM:
            let names = tokens.map { "\"token_id:\($0)\"" }.joined(separator: ",")
            let chosen = zip(tokens, top).map { token, row in number(row.first { $0.id == token }?.logProb ?? row[0].logProb) }
            let lists = top.map { row in "{" + row.map { "\"token_id:\($0.id)\":\(number($0.logProb))" }.joined(separator: ",") + "}" }
            logprobs = "{\"tokens\":[\(names)],\"token_logprobs\":[\(chosen.joined(separator: ","))],\"top_logprobs\":[\(lists.joined(separator: ","))],\"text_offset\":[]}"
        case .llamaCpp:
            let content = zip(tokens, top).map { token, row in
                let list = row.map { "{\"id\":\($0.id),\"token\":\"x\",\"bytes\":[120],\"logprob\":\(number($0.logProb))}" }
                return "{\"id\":\(token),\"token\":\"x\",\"bytes\":[120],\"logprob\":\(number(row[0].logProb)),\"top_logprobs\":[\(list.joined(separator: ","))]}"
            }
            logprobs = "{\"content\":[\(content.joined(separator: ","))]}"
        }
        return "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"model\":\"m\",\"choices\":[{\"index\":0,\"text\":\"\",\"logprobs\":\(logprobs),\"finish_reason\":\"\(finish)\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":\(tokens.count),\"total_tokens\":\(tokens.count + 1)}}"
    }

    /// The honest reply.
    func reply(_ request: LoopbackServer.Request) -> LoopbackServer.Reply {
        let (tokens, top) = answer(request)
        return .http(status: 200, body: body(tokens: tokens, top: top))
    }
}
