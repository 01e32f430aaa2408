import Foundation

/// The body of a legacy completions request (`POST /v1/completions`) for one challenge:
/// greedy (`temperature` 0), exactly K tokens (`max_tokens`, and `ignore_eos`, which vLLM and
/// llama.cpp's server honour), `logprobs` k, and vLLM's `return_tokens_as_token_ids` so
/// tokens come back as "token_id:N". The prompt is the local model's token ids, or its text
/// when the server refuses ids (``PromptForm``).
struct CompletionRequest {
    let model: String
    let prompt: Prompt
    let maxTokens: Int
    let topK: Int

    enum Prompt {
        case tokenIDs([Int32])
        case text(String)
    }

    var body: [UInt8] {
        let promptValue: Any = switch prompt {
        case .tokenIDs(let ids): ids.map(Int.init)
        case .text(let text): text
        }
        let object: [String: Any] = [
            "model": model, "prompt": promptValue, "max_tokens": maxTokens, "temperature": 0, "logprobs": topK,
            "return_tokens_as_token_ids": true, "ignore_eos": true, "stream": false,
        ]
        // Strings, integers and booleans always serialise.
        return Array(try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }
}

/// How the prompt went to the server, as a transcript records it.
public enum PromptForm: String, Sendable {
    case tokenIDs = "token-ids"
    case text
}
