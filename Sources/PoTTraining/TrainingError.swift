import PoTCircuits

/// Why training could not start or go on; every message names the file or quantity at fault.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// The configuration file is unreadable or wrong.
    case badConfig(String)
    /// The data file is unreadable or wrong.
    case badData(String)
    /// A weights file is unreadable, malformed or inconsistent.
    case badWeights(String)
    /// A value left the fixed-point range.
    case arithmetic(FixedPointError)
    /// The run directory cannot be written.
    case runDirectory(String)

    public var description: String {
        switch self {
        case .badConfig(let s), .badData(let s), .badWeights(let s), .runDirectory(let s): s
        case .arithmetic(let e): e.description
        }
    }
}
