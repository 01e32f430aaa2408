import Foundation
import PoTHashing

/// A record of the behaviour files (commitment, contribution, transcript lines, reveal): one
/// JSON object whose members are exactly its coding keys.
public protocol TranscriptRecord: Codable, Sendable, Equatable {
    associatedtype CodingKeys: CodingKey, CaseIterable, RawRepresentable where CodingKeys.RawValue == String
    /// Members whose values are records of their own, checked the same way.
    static var nestedRecords: [String: any TranscriptRecord.Type] { get }
    /// Every member a line of this record may have.
    static var members: Set<String> { get }
}

extension TranscriptRecord {
    public static var nestedRecords: [String: any TranscriptRecord.Type] { [:] }
    public static var members: Set<String> { Set(CodingKeys.allCases.map(\.rawValue)) }
}

/// The JSON form of the records: snake_case members, one object per line.
public enum TranscriptJSON {
    public static func line<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Records hold only strings, integers and finite doubles, which always encode.
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    /// Reads one record strictly: well-formed JSON (RFC 8259), no member twice (Foundation's
    /// decoder would silently keep one of `"score":0,"score":0.5`), no member the record does
    /// not define, every required member present with its type.
    /// - Throws: ``BehaviourError/rejected(_:)`` naming `place` and the reason.
    public static func decode<T: TranscriptRecord>(_ type: T.Type, from line: String, at place: String) throws(BehaviourError) -> T {
        let shape: JSONObjectShape
        do { shape = try JSONObjectShape(parsing: Array(line.utf8), name: place) } catch {
            throw .rejected("\(error)")
        }
        try checkMembers(shape, of: type, at: place)
        do { return try JSONDecoder().decode(type, from: Data(line.utf8)) } catch let error as DecodingError {
            throw .rejected("\(place): \(explain(error))")
        } catch {
            throw .rejected("\(place): \(error)")
        }
    }

    private static func checkMembers(_ shape: JSONObjectShape, of type: any TranscriptRecord.Type, at place: String) throws(BehaviourError) {
        for key in shape.keys where !type.members.contains(key) {
            throw .rejected("\(place): unknown field \"\(key)\"")
        }
        for (key, nested) in type.nestedRecords {
            if let inner = shape.objects[key] { try checkMembers(inner, of: nested, at: "\(place), \(key)") }
        }
    }

    private static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context, _ key: CodingKey? = nil) -> String {
            ((context.codingPath + (key.map { [$0] } ?? [])).map(\.stringValue)).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing field \"\(path(context, key))\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "field \"\(path(context))\" has the wrong type"
        case .dataCorrupted(let context): return "field \"\(path(context))\": \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// A member read without any check, for choosing how to read the line strictly; `nil`
    /// if the line is not an object with a string member of that name.
    static func peek(_ member: String, in line: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
        return object[member] as? String
    }
}
