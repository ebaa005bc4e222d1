import Atoms
import Foundation
import Potentials

// The C interface of libPropsC for LAMMPS's `pair_style props` (plugin/pair_props.cpp):
// load a potential, ask what it is, map LAMMPS types to its elements and evaluate a LAMMPS
// domain. Functions that can fail return 0 on success and 1 on failure, with the reason in
// `message` (at most `messageLength` bytes, NUL-terminated). Units: metal (Å, eV).

/// Writes `text` into a C buffer of `length` bytes.
private func report(_ text: String, _ message: UnsafeMutablePointer<CChar>?, _ length: Int32) {
    guard let message, length > 0 else { return }
    let bytes = Array(text.utf8.prefix(Int(length) - 1))
    for (k, b) in bytes.enumerated() { message[k] = CChar(bitPattern: b) }
    message[bytes.count] = 0
}

private func domain(_ handle: UnsafeMutableRawPointer) -> LAMMPSDomain {
    Unmanaged<LAMMPSDomain>.fromOpaque(handle).takeUnretainedValue()
}

/// Loads a potential file (any kind props reads), with `map` (nil or empty: none) naming the
/// file's labels as props' `--map` does; returns a handle, or nil with the reason.
@_cdecl("props_load")
public func props_load(_ path: UnsafePointer<CChar>, _ map: UnsafePointer<CChar>?, _ message: UnsafeMutablePointer<CChar>?,
                       _ messageLength: Int32) -> UnsafeMutableRawPointer? {
    do {
        let labels = try LabelMap(parsing: map.map { String(cString: $0) } ?? "")
        let potential = try PotentialLoader.load(String(cString: path), map: labels)
        guard let d = potential as? DomainPotential else {
            report("pair_style props cannot evaluate \(potential.name) on a LAMMPS domain", message, messageLength)
            return nil
        }
        return Unmanaged.passRetained(LAMMPSDomain(d)).toOpaque()
    } catch {
        report("\(error)", message, messageLength)
        return nil
    }
}

/// Releases a handle from `props_load`.
@_cdecl("props_free")
public func props_free(_ handle: UnsafeMutableRawPointer) {
    Unmanaged<LAMMPSDomain>.fromOpaque(handle).release()
}

/// The potential's cutoff, Å.
@_cdecl("props_cutoff")
public func props_cutoff(_ handle: UnsafeMutableRawPointer) -> Double { domain(handle).potential.cutoff }

/// What it supplies: bit 1 energy, 2 per-atom energies, 4 forces, 8 stress (virial).
@_cdecl("props_supplies")
public func props_supplies(_ handle: UnsafeMutableRawPointer) -> Int32 { Int32(domain(handle).potential.supplies.rawValue) }

/// The potential's description and species ("NAME: Si O"), into `text`.
@_cdecl("props_describe")
public func props_describe(_ handle: UnsafeMutableRawPointer, _ text: UnsafeMutablePointer<CChar>?, _ length: Int32) {
    let p = domain(handle).potential
    report("\(p.name): species " + p.species.map(\.symbol).joined(separator: " "), text, length)
}

/// Number of species, and the symbol of species k (0-based) into `text`.
@_cdecl("props_species_count")
public func props_species_count(_ handle: UnsafeMutableRawPointer) -> Int32 { Int32(domain(handle).potential.species.count) }

@_cdecl("props_species")
public func props_species(_ handle: UnsafeMutableRawPointer, _ k: Int32, _ text: UnsafeMutablePointer<CChar>?, _ length: Int32) {
    let species = domain(handle).potential.species
    report(k >= 0 && Int(k) < species.count ? species[Int(k)].symbol : "", text, length)
}

/// Maps LAMMPS types 1...count to elements by symbol, as `pair_coeff * * FILE El1 El2 ...` names them.
@_cdecl("props_map_types")
public func props_map_types(_ handle: UnsafeMutableRawPointer, _ count: Int32, _ symbols: UnsafePointer<UnsafePointer<CChar>?>,
                            _ message: UnsafeMutablePointer<CChar>?, _ messageLength: Int32) -> Int32 {
    do {
        try domain(handle).mapTypes((0..<Int(count)).map { symbols[$0].map { String(cString: $0) } ?? "" })
        return 0
    } catch {
        report("\(error)", message, messageLength)
        return 1
    }
}

/// Worker threads of each process (default: all cores; one per MPI rank is usual).
@_cdecl("props_set_threads")
public func props_set_threads(_ threads: Int32) { Parallel.threads = max(1, Int(threads)) }

/// Evaluates a LAMMPS domain: `owned` local atoms then ghosts, `all` in total; `x` 3 per
/// atom (Å), `type` 1-based. With `ilist` non-nil, LAMMPS's full list (`count` rows,
/// neighbor indices masked with `mask`) gives the neighbors; otherwise props finds them.
/// Adds forces (eV/Å) on all atoms to `f` (3 per atom), per-atom energies (eV) to `eatom`
/// and per-atom virials (eV, 6 per atom as `virial`: each pair term's virial split half and
/// half between its two atoms) to `vatom` when non-nil (all atoms: ghosts' shares are
/// LAMMPS's to add back); writes the energy (eV) of the owned atoms to `energy` and the
/// virial Σ r ⊗ f (eV; xx yy zz xy xz yz) to `virial`. Forces-only potentials give 0 for
/// energies and virials.
@_cdecl("props_evaluate")
public func props_evaluate(_ handle: UnsafeMutableRawPointer, _ owned: Int32, _ all: Int32,
                           _ x: UnsafePointer<Double>, _ type: UnsafePointer<Int32>,
                           _ count: Int32, _ ilist: UnsafePointer<Int32>?, _ numneigh: UnsafePointer<Int32>?,
                           _ firstneigh: UnsafePointer<UnsafeMutablePointer<Int32>?>?, _ mask: Int32,
                           _ f: UnsafeMutablePointer<Double>, _ eatom: UnsafeMutablePointer<Double>?,
                           _ vatom: UnsafeMutablePointer<Double>?, _ energy: UnsafeMutablePointer<Double>, _ virial: UnsafeMutablePointer<Double>,
                           _ message: UnsafeMutablePointer<CChar>?, _ messageLength: Int32) -> Int32 {
    var arrays = LAMMPSDomain.Arrays(owned: Int(owned), all: Int(all), x: x, type: type, list: nil)
    if let ilist, let numneigh, let firstneigh {
        arrays.list = (ilist, numneigh, firstneigh, Int(count), mask)
    }
    do {
        energy.pointee = try domain(handle).evaluate(arrays, f: f, eatom: eatom, vatom: vatom, virial: virial)
        return 0
    } catch {
        report("\(error)", message, messageLength)
        return 1
    }
}

/// Descriptor values outside the training range since the last call (networks; 0 otherwise).
@_cdecl("props_take_extrapolations")
public func props_take_extrapolations(_ handle: UnsafeMutableRawPointer) -> Int {
    let d = domain(handle)
    defer { d.extrapolations = 0 }
    return d.extrapolations
}
