import Foundation
import PoTSystem

/// The prompt generator: templates and suffixes with `{slot}` marks and a list of
/// entries per slot, read from a JSON file shipped in `params/` (params/prompt-bank.json).
///
/// The prompt of a challenge is a function of its seed alone: one template, one suffix and
/// an entry for every slot mark, each chosen uniformly by a ``SeedStream``. The file's
/// SHA-256 is bound into the challenge commitment, so the bank cannot change after the fact.
public struct PromptBank: Sendable {
    /// SHA-256 of the file's bytes, hex.
    public let sha256: String
    public let templates: [String]
    public let suffixes: [String]
    public let slots: [String: [String]]

    private struct File: Decodable {
        let version: Int
        let templates: [String]
        let suffixes: [String]
        let slots: [String: [String]]
    }

    /// The largest bank file read (the shipped one has a few KiB).
    public static let maxBytes: UInt64 = 16 << 20

    /// Reads and checks the bank at `path`.
    /// - Throws: ``BehaviourError/badPromptBank(_:)`` naming the file and what is wrong.
    public static func load(path: String) throws(BehaviourError) -> PromptBank {
        let bytes: [UInt8]
        do { bytes = try InputFile.read(path, limit: maxBytes) } catch { throw .badPromptBank("\(error)") }
        return try PromptBank(data: Data(bytes), name: path)
    }

    /// Parses a bank from its file bytes; `name` appears in error messages.
    public init(data: Data, name: String) throws(BehaviourError) {
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw .badPromptBank("\(name): not a prompt bank (\(error))")
        }
        guard file.version == 1 else { throw .badPromptBank("\(name): unsupported version \(file.version)") }
        guard !file.templates.isEmpty, !file.suffixes.isEmpty else {
            throw .badPromptBank("\(name): needs at least one template and one suffix")
        }
        for (slot, entries) in file.slots {
            guard !entries.isEmpty else { throw .badPromptBank("\(name): slot \"\(slot)\" has no entries") }
            guard Set(entries).count == entries.count else {
                throw .badPromptBank("\(name): slot \"\(slot)\" lists an entry twice")
            }
        }
        for text in file.templates + file.suffixes {
            for slot in Self.slotNames(text) where file.slots[slot] == nil {
                throw .badPromptBank("\(name): \"\(text)\" uses {\(slot)}, which has no entries")
            }
        }
        sha256 = Hex.encode(PoTSystem.SHA256.hash(Array(data)))
        templates = file.templates
        suffixes = file.suffixes
        slots = file.slots
    }

    /// The prompt of the challenge with seed `seed`.
    public func prompt(seed: [UInt8]) -> String {
        var stream = SeedStream(seed: seed)
        let template = templates[stream.index(below: templates.count)]
        let suffix = suffixes[stream.index(below: suffixes.count)]
        return fill(template, &stream) + " " + fill(suffix, &stream)
    }

    /// How many distinct (template, suffix, entries) choices exist; distinct choices give
    /// distinct prompts unless two fillings happen to spell the same text.
    public var choiceCount: Double {
        func count(_ texts: [String]) -> Double {
            texts.reduce(0) { sum, t in sum + Self.slotNames(t).reduce(1.0) { $0 * Double(slots[$1]!.count) } }
        }
        return count(templates) * count(suffixes)
    }

    private func fill(_ text: String, _ stream: inout SeedStream) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let entries = slots[String(rest[rest.index(after: open)..<close])]!
            out += entries[stream.index(below: entries.count)]
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    static func slotNames(_ text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
