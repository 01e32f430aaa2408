/// A set of columns and selectors whose regions the layouter places beside other tracks'
/// regions, on the same rows: a table then needs as many rows as its longest track, not the sum
/// of every region's. Within a track, regions follow one another as they are laid out.
///
/// A chip whose gates read only its own columns (a hash's rounds, a range check's limbs)
/// reserves them as a track (`ConstraintSystem.track(columns:selectors:)`) and lays its regions
/// out in it (`Layouter.region(_:in:_:)`); everything not reserved is the main track. The
/// layouter refuses a region that assigns a cell or enables a selector of another track, and
/// `ConstraintSystem.checkTracks()` a gate or lookup that reads two tracks, so no constraint
/// ever reads a cell that another track's region wrote.
public struct Track: Hashable, Sendable {
    public let index: Int

    /// Every column and selector that no chip reserved.
    public static let main = Track(index: 0)
}

extension ConstraintSystem {
    /// Reserves `columns` (advice or fixed) and `selectors` as a new track. Each column and
    /// selector belongs to one track at most.
    public func track(columns: [Column], selectors: [Selector]) -> Track {
        let track = Track(index: trackCount)
        trackCount += 1
        for column in columns {
            precondition(column.kind != .instance && columnTracks[column] == nil, "\(column) cannot join a track")
            columnTracks[column] = track
        }
        for selector in selectors {
            precondition(selectorTracks[selector.index] == nil, "\(selector) is in a track already")
            selectorTracks[selector.index] = track
        }
        return track
    }

    /// The track `column` belongs to.
    public func track(of column: Column) -> Track { columnTracks[column] ?? .main }

    /// The track `selector` belongs to.
    public func track(of selector: Selector) -> Track { selectorTracks[selector.index] ?? .main }

    /// Throws `.gateSpansTracks` when a gate's constraint or a lookup's input reads columns or
    /// selectors of two tracks: placed side by side, one track's regions would then feed
    /// another's constraints. Lookup tables and instance columns belong to no track.
    public func checkTracks() throws(PlonkError) {
        guard trackCount > 1 else { return }
        for gate in gates {
            for c in gate.constraints where tracks(read: [c.expression]).count > 1 { throw .gateSpansTracks("\(gate.name): \(c.name)") }
        }
        for lookup in lookups where tracks(read: lookup.inputs).count > 1 { throw .gateSpansTracks(lookup.name) }
    }

    /// The tracks of the columns (instance columns aside) and selectors that `expressions` read.
    func tracks(read expressions: [Expr]) -> Set<Track> {
        Set(expressions.flatMap { e in
            e.queries.filter { $0.column.kind != .instance }.map { track(of: $0.column) } + e.selectors.map { track(of: $0) }
        })
    }
}
