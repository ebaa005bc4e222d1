import Atoms
import Foundation

/// One row of `thermo.csv`: the instantaneous thermodynamic state of a run.
public struct ThermoSample: Sendable {
    public var step: Int
    /// Time, ps.
    public var timePs: Double
    /// Temperature, K.
    public var temperatureK: Double
    /// Potential, kinetic and total energy, eV.
    public var potentialEnergy, kineticEnergy, totalEnergy: Double
    /// Pressure including the kinetic part, GPa (nan when the stress was not evaluated).
    public var pressureGPa: Double
    /// Volume, Å³.
    public var volume: Double
    /// Enthalpy E_tot + P V, eV, with the target pressure under a barostat and the
    /// instantaneous pressure otherwise.
    public var enthalpy: Double
    /// The conserved quantity of the ensemble, eV.
    public var conserved: Double
    /// Cell lengths (Å) and angles α, β, γ (degrees).
    public var lengths, angles: SIMD3<Double>

    /// The columns of `thermo.csv` (a contract: scripts read these names).
    public static let header = "step,time_ps,T_K,Epot_eV,Ekin_eV,Etot_eV,P_GPa,V_A3,H_eV,conserved_eV,a_A,b_A,c_A,alpha_deg,beta_deg,gamma_deg"

    /// The sample of `state` under `integrator`; `timestep` in ps.
    public init(_ s: MDState, integrator: Integrator) {
        step = s.step
        timePs = Double(s.step) * integrator.timestep
        temperatureK = integrator.temperature(s)
        potentialEnergy = s.potentialEnergy
        kineticEnergy = s.kineticEnergy
        totalEnergy = potentialEnergy + kineticEnergy
        let p = s.pressure ?? .nan
        pressureGPa = p * Units.eVPerA3InGPa
        volume = s.structure.cell.volume
        enthalpy = totalEnergy + (integrator.barostat?.pressure ?? p) * volume
        conserved = integrator.conservedEnergy(s)
        lengths = s.structure.cell.lengths
        angles = s.structure.cell.anglesDegrees
    }

    /// A sample from values measured elsewhere (another engine's output), in the units of
    /// the properties.
    public init(step: Int, timePs: Double, temperatureK: Double, potentialEnergy: Double, kineticEnergy: Double,
                pressureGPa: Double, volume: Double, enthalpy: Double, conserved: Double,
                lengths: SIMD3<Double>, angles: SIMD3<Double>) {
        self.step = step
        self.timePs = timePs
        self.temperatureK = temperatureK
        self.potentialEnergy = potentialEnergy
        self.kineticEnergy = kineticEnergy
        totalEnergy = potentialEnergy + kineticEnergy
        self.pressureGPa = pressureGPa
        self.volume = volume
        self.enthalpy = enthalpy
        self.conserved = conserved
        self.lengths = lengths
        self.angles = angles
    }

    /// Reads a row written by `csvRow`; nil when it is not one.
    public init?(csvRow line: Substring) {
        let v = line.split(separator: ",").map { Double($0) }
        guard v.allSatisfy({ $0 != nil }) else { return nil }
        self.init(values: v.map { $0! })
    }

    /// Number of `values`.
    public static let valueCount = 16

    /// The sample as numbers (step first, then the CSV columns) for a checkpoint.
    public var values: [Double] {
        [Double(step), timePs, temperatureK, potentialEnergy, kineticEnergy, totalEnergy, pressureGPa, volume, enthalpy, conserved,
         lengths.x, lengths.y, lengths.z, angles.x, angles.y, angles.z]
    }

    /// Reads `values`; nil when they are not a sample's.
    public init?(values x: [Double]) {
        guard x.count == Self.valueCount, let step = Int(exactly: x[0]) else { return nil }
        self.step = step
        (timePs, temperatureK, potentialEnergy, kineticEnergy, totalEnergy) = (x[1], x[2], x[3], x[4], x[5])
        (pressureGPa, volume, enthalpy, conserved) = (x[6], x[7], x[8], x[9])
        lengths = SIMD3(x[10], x[11], x[12])
        angles = SIMD3(x[13], x[14], x[15])
    }

    /// The CSV row (no newline).
    public var csvRow: String {
        func g(_ x: Double) -> String { String(format: "%.12g", x) }
        let values = [timePs, temperatureK, potentialEnergy, kineticEnergy, totalEnergy, pressureGPa, volume,
                      enthalpy, conserved, lengths.x, lengths.y, lengths.z, angles.x, angles.y, angles.z]
        return "\(step)," + values.map(g).joined(separator: ",")
    }
}

/// An output file written as the run goes: opened for appending (created, or cut back to
/// a given size when a run resumes), each `write` goes straight to the file so that what
/// is there stays readable if the run stops.
public final class OutputFile {
    public let path: String
    private let handle: FileHandle

    /// Opens `path`; `keep` nil starts an empty file, otherwise the file is truncated to
    /// `keep` bytes and appended to. Throws when a file to keep is missing or shorter than
    /// `keep` (cut or replaced since the checkpoint): the run must not go on silently.
    public init(path: String, keep: UInt64?) throws {
        self.path = path
        let fm = FileManager.default
        if let keep, keep > 0, !fm.fileExists(atPath: path) {
            throw InputError("the file is missing (it had \(keep) bytes at the checkpoint), so the run cannot continue from the checkpoint", file: path)
        }
        if keep == nil || !fm.fileExists(atPath: path) {
            guard fm.createFile(atPath: path, contents: nil) else {
                throw InputError("cannot create the output file", file: path)
            }
        }
        guard let h = FileHandle(forWritingAtPath: path) else { throw InputError("cannot open for writing", file: path) }
        handle = h
        if let keep {
            let present = try handle.seekToEnd()
            guard present >= keep else {
                throw InputError("the file is shorter (\(present) bytes) than at the checkpoint (\(keep) bytes): it was cut or replaced, so the run cannot continue from the checkpoint", file: path)
            }
            try handle.truncate(atOffset: keep)
        }
        try handle.seekToEnd()
    }

    deinit { try? handle.close() }

    /// Appends `text`.
    public func write(_ text: String) throws {
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// Current size in bytes.
    public func size() throws -> UInt64 { try handle.offset() }
}
