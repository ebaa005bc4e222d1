/// Physical constants and unit conversions. Internal units are LAMMPS "metal" (as ASE):
/// energy eV, length Å, time ps, mass amu, temperature K, stress eV/Å³.
/// Values: CODATA 2018 (as ASE's `units`), except where a code we compare against
/// uses its own (then named so).
public enum Units {
    /// Boltzmann constant in eV/K (CODATA 2018, exact).
    public static let boltzmann = 8.617333262e-5
    /// 1 eV/Å³ in GPa.
    public static let eVPerA3InGPa = 160.21766208
    /// 1 GPa in eV/Å³.
    public static let gpaInEVPerA3 = 1.0 / 160.21766208
    /// Frequency unit sqrt(eV/Å²/amu)/(2π) in THz.
    public static let frequencyTHz = 15.633302
    /// 1 eV per atom in J/mol (Avogadro × e).
    public static let eVInJPerMol = 96485.33212
    /// Kinetic energy conversion: (1/2) m v² with m in amu and v in Å/ps gives
    /// `m v² × amuA2ps2InEV` eV.
    public static let amuA2ps2InEV = 1.0364269652e-4
    /// 1 fs in ps.
    public static let fsInPs = 1.0e-3
    /// 1 Hartree in eV (CODATA 2018).
    public static let hartreeInEV = 27.211386245988
    /// 1 Bohr in Å (CODATA 2018).
    public static let bohrInA = 0.529177210903
}
