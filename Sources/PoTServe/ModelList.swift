import PoTHashing

extension ServedModel {
    /// `GET /v1/models`: OpenAI's list with the one served model, its context length as vLLM
    /// reports it (`max_model_len`), and `pot_commitment`, the commitment of the served file:
    /// an auditor compares `model_root` with the committed root before testing the endpoint.
    func list(created: Int) -> JSON {
        let c = commitment
        let pot = JSON.object([
            ("construction", .string(ModelCommitment.construction)),
            ("model_root", .string(c.modelRoot.hex)),
            ("metadata_root", .string(c.metadataRoot.hex)),
            ("tensors_root", .string(c.tensorsRoot.hex)),
            ("format", .string(c.format.rawValue)),
            ("chunk_size", .number(Int(c.chunkSize))),
            ("tensors", .number(c.tensors.count)),
            ("computed", .string("by pot serve from the served file when it was loaded, as `pot commit` computes it (docs/hashing.md)")),
        ])
        let entry = JSON.object([
            ("id", .string(name)), ("object", .string("model")), ("created", .number(created)), ("owned_by", .string("pot")),
            ("max_model_len", .number(contextLength)), ("pot_commitment", pot),
        ])
        return .object([("object", .string("list")), ("data", .array([entry]))])
    }
}
