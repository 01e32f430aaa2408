import Foundation
import PoTModels
import PoTSystem

/// The reference's outputs for the first n_max challenges of one run, on disk, so that the
/// reference can be unloaded before the candidate is loaded (``OneModelAtATime``).
///
/// Format `pot-reference-outputs/v1`: one JSON line (``ReferenceOutputsHeader``), then one binary
/// record per challenge, in order from 0. Integers are unsigned 32-bit and token ids signed
/// 32-bit, floats IEEE-754 binary32, all little-endian. A record is
///
///     index | prompt SHA-256 (32 bytes) | P | P prompt token ids | K continuation token ids |
///     T | T bytes of continuation text (UTF-8) | R | R rows of V log-probabilities | digest
///
/// where R is K for the distribution score and 0 for the text score, V the header's vocabulary
/// size, and digest (32 bytes) = SHA-256(previous digest ‖ the record's other bytes), the first
/// "previous digest" being SHA-256 of the header line with its newline. The chain binds every
/// record to the header, its place and its contents: a file that was cut, reordered, edited or
/// written for another run fails to read. Its size is bounded by n_max × (K × V × 4 bytes +
/// the tokens and text), e.g. 300 × 32 × 49,152 × 4 B ≈ 1.9 GB for SmolLM2 in audit mode.
enum ReferenceOutputsFile {
    static let formatName = "pot-reference-outputs/v1"
    /// Bounds on a record's variable parts, far above any prompt of the bank; a corrupt length
    /// fails here instead of asking for gigabytes.
    static let maxPromptTokens = 1 << 16
    static let maxTextBytes = 1 << 20

    /// SHA-256(previous ‖ record), without copying a record of megabytes.
    static func chain(_ previous: [UInt8], _ record: [UInt8]) -> [UInt8] {
        var hash = SHA256()
        hash.update(previous)
        hash.update(record)
        return hash.finalize()
    }

    /// Appends records to a new file (``ScratchFile``: readable by its owner only, for until the
    /// run ends it describes challenges the candidate has not yet been asked).
    final class Writer {
        private let file: ScratchFile
        private let header: ReferenceOutputsHeader
        private var digest: [UInt8]
        private var offset: UInt64 = 0
        private(set) var count = 0

        init(file: ScratchFile, header: ReferenceOutputsHeader) throws(BehaviourError) {
            self.file = file
            self.header = header
            let line = Array((TranscriptJSON.line(header) + "\n").utf8)
            digest = SHA256.hash(line)
            try write(line)
        }

        func append(_ output: ReferenceOutput, index: Int, promptSHA256: [UInt8]) throws(BehaviourError) {
            precondition(index == count && output.continuation.count == header.continuationTokens)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(64 + 4 * (output.promptTokens.count + output.continuation.count)
                                  + (output.logProbs?.count ?? 0) * header.vocabularySize * 4)
            bytes.appendLE(UInt32(index))
            bytes += promptSHA256
            bytes.appendLE(UInt32(output.promptTokens.count))
            for token in output.promptTokens + output.continuation { bytes.appendLE(UInt32(bitPattern: token)) }
            let text = Array(output.continuationText.utf8)
            bytes.appendLE(UInt32(text.count))
            bytes += text
            let rows = output.logProbs ?? []
            bytes.appendLE(UInt32(rows.count))
            for row in rows {
                precondition(row.count == header.vocabularySize)
                bytes.appendFloats(row)
            }
            digest = ReferenceOutputsFile.chain(digest, bytes)
            try write(bytes)
            try write(digest)
            count += 1
        }

        private func write(_ bytes: [UInt8]) throws(BehaviourError) {
            try file.write(bytes, at: offset)
            offset += UInt64(bytes.count)
        }
    }

    /// Reads records back in order, checking each against the chain and the header's bounds.
    final class Reader {
        let header: ReferenceOutputsHeader
        private let file: ScratchFile
        private let size: UInt64
        private var offset: UInt64
        private var digest: [UInt8]
        private var next = 0

        /// - Parameter expected: the header the reading run would have written, but for the
        ///   reference's path and vocabulary, which the candidate pass does not know.
        init(file: ScratchFile, expected: ReferenceOutputsHeader) throws(BehaviourError) {
            self.file = file
            size = file.size
            let path = file.name
            let head = try file.read(Int(min(size, 1 << 16)), at: 0)
            guard let end = head.firstIndex(of: UInt8(ascii: "\n")) else {
                throw .rejected("\(path): no header line: not a file of reference outputs")
            }
            let line = String(decoding: head[..<end], as: UTF8.self)
            header = try TranscriptJSON.decode(ReferenceOutputsHeader.self, from: line, at: "\(path), header")
            guard header.sameRun(as: expected) else {
                throw .rejected("\(path): written for another run or setting (header \(line), expected \(TranscriptJSON.line(expected)))")
            }
            digest = SHA256.hash(Array(head[...end]))
            offset = UInt64(end + 1)
        }

        /// The output of challenge `index`, which must be the next one, for the prompt whose
        /// SHA-256 is `promptSHA256`.
        func read(index: Int, promptSHA256: [UInt8]) throws(BehaviourError) -> ReferenceOutput {
            guard index == next else { throw .rejected("\(file.name): challenge \(index) asked for, record \(next) comes next") }
            guard index < header.challenges else {
                throw .rejected("\(file.name): holds \(header.challenges) challenges; challenge \(index) is beyond n_max")
            }
            let place = "\(file.name), record \(index)"
            var record: [UInt8] = []
            func take(_ count: Int) throws(BehaviourError) -> ArraySlice<UInt8> {
                guard count >= 0, offset + UInt64(count) <= size else {
                    throw .rejected("\(place): the file ends \(size - min(offset, size)) bytes into a field of \(count) bytes (cut short)")
                }
                let bytes = try file.read(count, at: offset)
                offset += UInt64(count)
                record += bytes
                return bytes[...]
            }
            func number(_ bound: Int, _ what: String) throws(BehaviourError) -> Int {
                let n = Int(try take(4).loadLE())
                guard n <= bound else { throw .rejected("\(place): \(what) \(n) exceeds \(bound)") }
                return n
            }
            let k = header.continuationTokens
            let recordedIndex = try number(Int(UInt32.max), "index")
            guard recordedIndex == index else { throw .rejected("\(place): holds challenge \(recordedIndex)") }
            guard Array(try take(32)) == promptSHA256 else {
                throw .rejected("\(place): its prompt is not this run's challenge \(index) (prompt SHA-256 differs)")
            }
            let p = try number(ReferenceOutputsFile.maxPromptTokens, "prompt token count")
            let tokens = try take(4 * (p + k)).tokensLE()
            let text = try take(try number(ReferenceOutputsFile.maxTextBytes, "text length"))
            let rows = try number(k, "row count")
            let floats = try take(rows * header.vocabularySize * 4)
            let body = record
            record = []
            let stored = try take(32)
            let computed = ReferenceOutputsFile.chain(digest, body)
            guard Array(stored) == computed else {
                throw .rejected("\(place): digest mismatch (the file was altered or is damaged)")
            }
            guard rows == (header.scoreMethod == ScoringMethod.meanTotalVariation.rawValue ? k : 0) else {
                throw .rejected("\(place): \(rows) rows of log-probabilities for the \(header.scoreMethod) score with K = \(k)")
            }
            guard let continuationText = String(bytes: text, encoding: .utf8) else {
                throw .rejected("\(place): the continuation text is not UTF-8")
            }
            digest = computed
            next += 1
            let v = header.vocabularySize
            let logProbs = rows == 0 ? nil : (0..<rows).map { floats.floatsLE(from: $0 * v, count: v) }
            return ReferenceOutput(promptTokens: Array(tokens[0..<p]), continuation: Array(tokens[p...]),
                                   continuationText: continuationText, logProbs: logProbs)
        }
    }
}

/// The first line of a file of reference outputs: the run and the setting they were computed
/// for. A reader expects every member to equal its own run's.
struct ReferenceOutputsHeader: TranscriptRecord {
    var format = ReferenceOutputsFile.formatName
    /// The commitment value, hex: binds the run id, every parameter and both model roots.
    let commitment: String
    /// The contribution, hex: with the secret it fixes the key and so the prompts.
    let contribution: String
    /// The reference model's file, for messages.
    let reference: String
    let scoreMethod: String
    let products: String
    let continuationTokens: Int
    let vocabularySize: Int
    let vocabularySha256: String
    /// How many records the file holds: n_max.
    let challenges: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case format, commitment, contribution, reference, scoreMethod = "score_method", products
        case continuationTokens = "continuation_tokens", vocabularySize = "vocabulary_size"
        case vocabularySha256 = "vocabulary_sha256", challenges
    }

    /// Everything but the reference's path and vocabulary is `other`'s.
    func sameRun(as other: ReferenceOutputsHeader) -> Bool {
        format == other.format && commitment == other.commitment && contribution == other.contribution
            && scoreMethod == other.scoreMethod && products == other.products
            && continuationTokens == other.continuationTokens && challenges == other.challenges
    }
}

extension Array where Element == UInt8 {
    mutating func appendLE(_ x: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8(truncatingIfNeeded: x >> UInt32(shift))) }
    }

    mutating func appendFloats(_ row: [Float]) {
        #if _endian(little)
        row.withUnsafeBytes { append(contentsOf: $0) }
        #else
        for x in row { appendLE(x.bitPattern) }
        #endif
    }
}

extension ArraySlice where Element == UInt8 {
    func loadLE(at offset: Int = 0) -> UInt32 {
        let s = startIndex + offset
        return UInt32(self[s]) | UInt32(self[s + 1]) << 8 | UInt32(self[s + 2]) << 16 | UInt32(self[s + 3]) << 24
    }

    func tokensLE() -> [Int32] { (0..<count / 4).map { Int32(bitPattern: loadLE(at: 4 * $0)) } }

    /// `count` floats from float index `first`.
    func floatsLE(from first: Int, count: Int) -> [Float] {
        #if _endian(little)
        let start = startIndex + 4 * first
        return self[start..<start + 4 * count].withUnsafeBytes { raw in
            [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
                initialized = count
            }
        }
        #else
        return (0..<count).map { Float(bitPattern: loadLE(at: 4 * (first + $0))) }
        #endif
    }
}
