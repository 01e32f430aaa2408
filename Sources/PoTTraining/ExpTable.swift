import PoTCircuits

/// The exponential of docs/fixed-point.md, `E(d) = T[min(floor(d / 2^8), 4096)]`: the table the
/// circuit looks up, computed in one place (`circuits/FixedPoint/ExpTable.swift`).
public typealias ExpTable = PoTCircuits.ExpTable
