import PoTHashing

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
        let promptValue: JSON = switch prompt {
        case .tokenIDs(let ids): .array(ids.map { .number($0) })
        case .text(let text): .string(text)
        }
        return Array(JSON.object([
            ("ignore_eos", .bool(true)), ("logprobs", .number(topK)), ("max_tokens", .number(maxTokens)), ("model", .string(model)),
            ("prompt", promptValue), ("return_tokens_as_token_ids", .bool(true)), ("stream", .bool(false)), ("temperature", .number(0)),
        ]).compact.utf8)
    }
}

/// How the prompt went to the server, as a transcript records it.
public enum PromptForm: String, Sendable {
    case tokenIDs = "token-ids"
    case text
}
