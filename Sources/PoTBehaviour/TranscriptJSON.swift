import Foundation

/// The JSON form of transcript lines: snake_case keys, one object per line.
public enum TranscriptJSON {
    public static func line<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Records hold only strings, integers and finite doubles, which always encode.
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from line: String) -> T? {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(type, from: Data(line.utf8))
    }

    /// The `type` member of a line, if it is a JSON object with one.
    static func recordType(_ line: String) -> String? {
        struct Typed: Decodable { let type: String }
        return decode(Typed.self, from: line)?.type
    }
}
