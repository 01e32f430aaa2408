import Foundation
import PoTModels
import PoTSystem

extension OneModelAtATime {
    /// What a whole audit (``audit(tool:loadReference:loadCandidate:scratch:emit:referenceProgress:progress:)``)
    /// yields besides the transcript.
    public struct Outcome: Sendable {
        public let decision: DecisionRecord
        /// Resident bytes after the reference was unloaded and before the candidate was loaded.
        public let residentBetweenModels: Int
        /// Size of the file of reference outputs, removed since.
        public let referenceOutputsBytes: Int
    }

    /// The whole audit, one model at a time: the candidate's vocabulary is read (the model
    /// loaded and dropped, its weights untouched), the reference is loaded, answers n_max
    /// challenges into a file in `scratch` and is dropped; then the candidate is loaded and the
    /// test runs to a decision. The file's name is removed as soon as it is created
    /// (``ScratchFile/anonymous(in:)``), so nothing is left behind however the process ends.
    /// `referenceProgress` sees the reference's count, `progress` the ledger.
    public func audit(tool: String, loadReference: () throws -> LanguageModel, loadCandidate: () throws -> LanguageModel,
                      scratch: String, emit: (String) throws -> Void, referenceProgress: (Int) -> Void = { _ in },
                      progress: (ScoreLedger) -> Void = { _ in }) throws -> Outcome {
        let start = ContinuousClock.now
        let k = commitment.parameters.continuationTokens
        let candidateVocabulary = try CandidateScorer(model: loadCandidate(), continuationTokens: k).vocabulary
        let file = try ScratchFile.anonymous(in: scratch)
        // In a function of its own so that the reference's last reference is gone on return:
        // its map, KV cache, graph allocator and backend are freed before the candidate loads.
        func referencePass() throws {
            let reference = try ReferenceScorer(model: loadReference(), continuationTokens: k)
            let method = try checkedMethod(reference, candidateVocabulary)
            try checkSpace(in: scratch, bytes: referenceOutputsBound(vocabularySize: reference.vocabulary.size))
            try scoreReference(reference, method: method, into: file, progress: referenceProgress)
        }
        try referencePass()
        let between = ResidentMemory.current
        let candidate = try CandidateScorer(model: loadCandidate(), continuationTokens: k)
        let decision = try run(tool: tool, candidate: candidate, referenceOutputs: file, emit: emit, progress: progress, start: start)
        return Outcome(decision: decision, residentBetweenModels: between, referenceOutputsBytes: Int(file.size))
    }

    /// Refuses to start a reference pass whose file would not fit, rather than fail after hours.
    private func checkSpace(in folder: String, bytes: Int) throws(BehaviourError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw .scoring("\(folder): no such folder for the reference outputs")
        }
        guard let free = (try? FileManager.default.attributesOfFileSystem(forPath: folder))?[.systemFreeSize] as? Int else { return }
        guard free >= bytes else {
            throw .scoring("\(folder): the reference outputs need up to \(bytes >> 20) MiB and \(free >> 20) MiB are free; choose another folder (--scratch)")
        }
    }
}
