import PoTAlgebra

/// Every statement `pot` knows, by name: where the CLI, the benchmarks and key names look
/// statements up.
public enum Statements {
    /// The statements, in the order help texts list them.
    public static let all: [any ProvableStatement.Type] = [SquaringChainStatement.self, PoseidonChainStatement.self, TrainStepStatement.self,
                                                           LoRAStepStatement.self]

    public static var names: [String] { all.map { $0.name } }

    public static func type(named name: String) throws(StatementError) -> any ProvableStatement.Type {
        guard let type = all.first(where: { $0.name == name }) else { throw .unknownCircuit(name) }
        return type
    }

    /// The statement `name` with its parameters; `size` sets the statement's size parameter.
    public static func make(_ name: String, size: Int? = nil, parameters: [String: String] = [:]) throws(StatementError) -> any ProvableStatement {
        let type = try type(named: name)
        var parameters = parameters
        if let size {
            guard let sizeName = type.sizeParameter else { throw .noSize(name) }
            guard size >= 1 else { throw .badParameter(circuit: name, name: sizeName, value: "\(size)", reason: "must be at least 1") }
            parameters[sizeName] = "\(size)"
        }
        let statement = try type.init(parameters: parameters)
        guard statement.fitsLargestTable else {
            throw .tooLarge(statement: statement.description, largest: (try? type.filling(k: Fr.twoAdicity))?.description ?? "none")
        }
        return statement
    }

    /// The largest instance of `name` that fits a table of 2^k rows.
    public static func filling(_ name: String, k: Int) throws(StatementError) -> any ProvableStatement {
        try type(named: name).filling(k: k)
    }

    /// The statement a verifying key names (its `circuit` field, e.g. `poseidon-chain length=3`).
    public static func named(keyName: String) throws(StatementError) -> any ProvableStatement {
        var words = keyName.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard !words.isEmpty else { throw .unknownCircuit(keyName) }
        let name = words.removeFirst()
        var parameters: [String: String] = [:]
        for word in words {
            guard let eq = word.firstIndex(of: "="), parameters[String(word[..<eq])] == nil else { throw .badKeyName(keyName) }
            parameters[String(word[..<eq])] = String(word[word.index(after: eq)...])
        }
        let statement = try make(name, parameters: parameters)
        // One spelling per statement, so that equal statements have equal keys.
        guard statement.description == keyName else { throw .badKeyName(keyName) }
        return statement
    }
}

/// A statement the toolkit cannot build, or a witness it cannot read.
public enum StatementError: Error, Equatable, CustomStringConvertible {
    case unknownCircuit(String)
    case badKeyName(String)
    case missingParameter(circuit: String, name: String)
    case unknownParameter(circuit: String, name: String)
    case badParameter(circuit: String, name: String, value: String, reason: String)
    case noSize(String)
    case cannotFill(String)
    case tooLarge(statement: String, largest: String)
    case badWitness(circuit: String, name: String, reason: String)

    public var description: String {
        switch self {
        case .unknownCircuit(let name): "unknown circuit '\(name)' (known: \(Statements.names.joined(separator: ", ")))"
        case .badKeyName(let name): "'\(name)' does not name a statement as keys spell it (NAME PARAMETER=VALUE …)"
        case .missingParameter(let circuit, let name): "\(circuit) needs the parameter \(name)"
        case .unknownParameter(let circuit, let name): "\(circuit) has no parameter \(name)"
        case .badParameter(let circuit, let name, let value, let reason): "\(circuit): \(name) = \(value) \(reason)"
        case .noSize(let name): "\(name) has no single size; give its parameters"
        case .cannotFill(let name): "\(name) has no largest instance for a table size; give its parameters"
        case .tooLarge(let statement, let largest):
            "\(statement) does not fit 2^28 rows (the largest that does: \(largest); `pot plan` splits a chain)"
        case .badWitness(let circuit, let name, let reason): "\(circuit): witness \(name): \(reason)"
        }
    }
}

extension StatementError {
    /// The one positive integer parameter `name` of `circuit`, the only one given.
    static func sizeParameter(_ parameters: [String: String], circuit: String, name: String) throws(StatementError) -> Int {
        guard let text = parameters[name] else { throw .missingParameter(circuit: circuit, name: name) }
        if let other = parameters.keys.sorted().first(where: { $0 != name }) { throw .unknownParameter(circuit: circuit, name: other) }
        // Decimal digits only, so that the key name has one spelling per value.
        guard let value = Int(text), value >= 1, text == "\(value)" else {
            throw .badParameter(circuit: circuit, name: name, value: text, reason: "is not a positive integer")
        }
        return value
    }

    /// The field element `name` of a witness, decimal or 0x-hex.
    static func element(_ values: [String: String], circuit: String, name: String) throws(StatementError) -> Fr {
        guard let text = values[name] else { throw .badWitness(circuit: circuit, name: name, reason: "missing") }
        guard let value = Fr(text) else { throw .badWitness(circuit: circuit, name: name, reason: "'\(text)' is not an element of Fr") }
        return value
    }
}
