/// A JSON value with the byte offset it starts at, so errors in a safetensors header, an
/// index, a commitment or a proof point at the offending byte. Numbers keep their text:
/// tensor sizes are 64-bit integers that a `Double` would round. Public for the endpoint
/// client of the behaviour stage, which reads servers' responses as strictly.
public struct JSON: Sendable {
    public indirect enum Kind: Sendable {
        case object([Member])
        case array([JSON])
        case string(String)
        case number(String)
        case bool(Bool)
        case null
    }

    public struct Member: Sendable {
        public let key: String
        public let offset: UInt64
        public let value: JSON
    }

    public let kind: Kind
    public let offset: UInt64

    init(_ kind: Kind, offset: UInt64 = 0) {
        self.kind = kind
        self.offset = offset
    }

    public var string: String? { if case .string(let s) = kind { s } else { nil } }
    public var array: [JSON]? { if case .array(let a) = kind { a } else { nil } }
    public var members: [Member]? { if case .object(let m) = kind { m } else { nil } }

    /// A non-negative integer written without sign, fraction or exponent, that fits 64 bits.
    var uint64: UInt64? {
        guard case .number(let text) = kind, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return UInt64(text)
    }

    public var typeName: String {
        switch kind {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}

/// A strict RFC 8259 parser: no comments, no trailing commas, no leading zeros, no raw
/// control characters, UTF-8 checked, lone surrogates rejected, duplicate keys rejected.
/// Nesting is capped so a hostile header cannot exhaust the stack.
struct JSONParser<Source: ByteSource> {
    var source: Source
    static var maxDepth: Int { 32 }
    /// Longest string accepted: names and metadata values are short, and a header must not
    /// make the parser hold more than this in one piece.
    static var maxStringBytes: Int { 16 << 20 }

    init(_ source: Source) { self.source = source }

    /// Parses one value.
    mutating func value(depth: Int = 0) throws(ModelFileError) -> JSON {
        try skipWhitespace()
        let start = source.offset
        guard let c = try source.peek() else { throw source.failure("expected a JSON value, found the end") }
        switch c {
        case UInt8(ascii: "{"):
            guard depth < Self.maxDepth else { throw source.failure("JSON nested deeper than \(Self.maxDepth) levels") }
            try beginObject()
            var members: [JSON.Member] = []
            var seen = Set<[UInt8]>()
            while let (key, offset) = try nextMember(first: members.isEmpty) {
                guard seen.insert(key.bytes).inserted else {
                    throw source.failure("duplicate key \(key.quoted)", at: offset)
                }
                members.append(JSON.Member(key: key, offset: offset, value: try value(depth: depth + 1)))
            }
            return JSON(.object(members), offset: start)
        case UInt8(ascii: "["):
            guard depth < Self.maxDepth else { throw source.failure("JSON nested deeper than \(Self.maxDepth) levels") }
            source.advance()
            var elements: [JSON] = []
            try skipWhitespace()
            if try source.peek() == UInt8(ascii: "]") {
                source.advance()
                return JSON(.array(elements), offset: start)
            }
            while true {
                elements.append(try value(depth: depth + 1))
                try skipWhitespace()
                switch try source.peek() {
                case UInt8(ascii: ","): source.advance()
                case UInt8(ascii: "]"):
                    source.advance()
                    return JSON(.array(elements), offset: start)
                default: throw source.failure("expected ',' or ']' in an array")
                }
            }
        case UInt8(ascii: "\""):
            return JSON(.string(try string()), offset: start)
        case UInt8(ascii: "t"):
            try literal("true")
            return JSON(.bool(true), offset: start)
        case UInt8(ascii: "f"):
            try literal("false")
            return JSON(.bool(false), offset: start)
        case UInt8(ascii: "n"):
            try literal("null")
            return JSON(.null, offset: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSON(.number(try number()), offset: start)
        default:
            throw source.failure("unexpected byte 0x\(String(c, radix: 16)) where a JSON value should start")
        }
    }

    /// Consumes `{`; members then come from `nextMember`.
    mutating func beginObject() throws(ModelFileError) {
        try skipWhitespace()
        guard try source.peek() == UInt8(ascii: "{") else { throw source.failure("expected a JSON object ('{')") }
        source.advance()
    }

    /// The next key of the current object and its offset, having consumed the ':' after it;
    /// `nil` once the closing '}' is consumed.
    mutating func nextMember(first: Bool) throws(ModelFileError) -> (String, UInt64)? {
        try skipWhitespace()
        if try source.peek() == UInt8(ascii: "}") {
            source.advance()
            return nil
        }
        if !first {
            guard try source.peek() == UInt8(ascii: ",") else { throw source.failure("expected ',' or '}' in an object") }
            source.advance()
            try skipWhitespace()
        }
        let offset = source.offset
        guard try source.peek() == UInt8(ascii: "\"") else { throw source.failure("expected a string key in an object") }
        let key = try string()
        try skipWhitespace()
        guard try source.peek() == UInt8(ascii: ":") else { throw source.failure("expected ':' after key \(key.quoted)") }
        source.advance()
        return (key, offset)
    }

    /// Requires that only whitespace (and, for safetensors, its space padding) remains.
    mutating func end() throws(ModelFileError) {
        try skipWhitespace()
        if try source.peek() != nil { throw source.failure("unexpected data after the JSON value") }
    }

    private mutating func skipWhitespace() throws(ModelFileError) {
        while let c = try source.peek(), c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { source.advance() }
    }

    private mutating func literal(_ word: StaticString) throws(ModelFileError) {
        let start = source.offset
        for expected in UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount) {
            guard try source.peek() == expected else { throw source.failure("invalid literal (expected \(word))", at: start) }
            source.advance()
        }
    }

    private mutating func number() throws(ModelFileError) -> String {
        var text: [UInt8] = []
        func digits(_ parser: inout JSONParser) throws(ModelFileError) -> Int {
            var count = 0
            while let c = try parser.source.peek(), c >= 48 && c <= 57 {
                text.append(c)
                parser.source.advance()
                count += 1
            }
            return count
        }
        let start = source.offset
        if try source.peek() == UInt8(ascii: "-") {
            text.append(UInt8(ascii: "-"))
            source.advance()
        }
        let leadingZero = try source.peek() == UInt8(ascii: "0")
        let integerDigits = try digits(&self)
        guard integerDigits > 0, !(leadingZero && integerDigits > 1) else {
            throw source.failure("malformed number (a digit is missing or there is a leading zero)", at: start)
        }
        if try source.peek() == UInt8(ascii: ".") {
            text.append(UInt8(ascii: "."))
            source.advance()
            guard try digits(&self) > 0 else { throw source.failure("malformed number (no digit after '.')", at: start) }
        }
        if let e = try source.peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            text.append(e)
            source.advance()
            if let sign = try source.peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                text.append(sign)
                source.advance()
            }
            guard try digits(&self) > 0 else { throw source.failure("malformed number (no digit in the exponent)", at: start) }
        }
        return String(decoding: text, as: UTF8.self)
    }

    private mutating func string() throws(ModelFileError) -> String {
        let start = source.offset
        source.advance()  // the opening quote
        var bytes: [UInt8] = []
        while true {
            guard let c = try source.peek() else { throw source.failure("unterminated string", at: start) }
            source.advance()
            switch c {
            case UInt8(ascii: "\""):
                guard let text = strictUTF8(bytes) else { throw source.failure("string is not valid UTF-8", at: start) }
                return text
            case UInt8(ascii: "\\"):
                try escape(into: &bytes)
            case 0..<0x20:
                throw source.failure("unescaped control character 0x\(String(c, radix: 16)) in a string")
            default:
                guard bytes.count < Self.maxStringBytes else {
                    throw source.failure("string longer than \(Self.maxStringBytes) bytes", at: start)
                }
                bytes.append(c)
            }
        }
    }

    private mutating func escape(into bytes: inout [UInt8]) throws(ModelFileError) {
        guard let c = try source.peek() else { throw source.failure("unterminated escape") }
        source.advance()
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(c)
        case UInt8(ascii: "b"): bytes.append(0x08)
        case UInt8(ascii: "f"): bytes.append(0x0C)
        case UInt8(ascii: "n"): bytes.append(0x0A)
        case UInt8(ascii: "r"): bytes.append(0x0D)
        case UInt8(ascii: "t"): bytes.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                guard try source.peek() == UInt8(ascii: "\\") else { throw source.failure("unpaired surrogate escape") }
                source.advance()
                guard try source.peek() == UInt8(ascii: "u") else { throw source.failure("unpaired surrogate escape") }
                source.advance()
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw source.failure("unpaired surrogate escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw source.failure("unpaired surrogate escape")
            }
            bytes.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
        default:
            throw source.failure("invalid escape '\\\(Character(Unicode.Scalar(c)))'")
        }
    }

    private mutating func hex4() throws(ModelFileError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let c = try source.peek() else { throw source.failure("unterminated \\u escape") }
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw source.failure("invalid hex digit in a \\u escape")
            }
            source.advance()
            value = value << 4 | digit
        }
        return value
    }
}

extension JSON {
    /// Parses a whole in-memory document (a commitment, a proof, a safetensors index).
    public static func parse(_ bytes: [UInt8], path: String) throws(ModelFileError) -> JSON {
        var parser = JSONParser(ArraySource(path: path, bytes: bytes))
        let value = try parser.value()
        try parser.end()
        return value
    }
}
