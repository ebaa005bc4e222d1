// swift-tools-version:5.10
// props: properties of solids from interatomic potentials. No package dependencies;
// LAPACKE and FFTW come from the system (Debian liblapacke-dev, libfftw3-dev).
import PackageDescription

// The library and program targets are optimised in debug builds too: the tests run molecular
// dynamics (coexistence, Cp, ramps) that an unoptimised build would make minutes long, and the
// optimiser keeps IEEE semantics (no reassociation), so the numbers are those of a release build.
// Test targets stay unoptimised for debugging.
let optimized: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "props",
    products: [
        .executable(name: "props", targets: ["props"]),
        // libPropsC.so: the C interface behind LAMMPS's pair_style props (make lammps-plugin).
        .library(name: "PropsC", type: .dynamic, targets: ["PropsC"]),
    ],
    targets: [
        .systemLibrary(name: "CLapacke", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev"])]),
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3", providers: [.apt(["libfftw3-dev"])]),
        .target(name: "LinearAlgebra", dependencies: ["CLapacke"], swiftSettings: optimized),
        .target(name: "FFT", dependencies: ["CFFTW"], swiftSettings: optimized),
        .target(name: "Atoms", swiftSettings: optimized),
        .target(name: "Neighbors", dependencies: ["Atoms"], swiftSettings: optimized),
        .target(name: "Potentials", dependencies: ["Atoms", "Neighbors"], swiftSettings: optimized),
        .target(name: "Export", dependencies: ["Atoms", "Potentials"], swiftSettings: optimized),
        .target(name: "PropsC", dependencies: ["Atoms", "Neighbors", "Potentials"], swiftSettings: optimized),
        .target(name: "Mechanics", dependencies: ["Atoms", "Neighbors", "Potentials", "LinearAlgebra"], swiftSettings: optimized),
        .target(name: "Phonons", dependencies: ["Atoms", "Neighbors", "Potentials", "Mechanics", "LinearAlgebra"], swiftSettings: optimized),
        .target(name: "Reports", dependencies: ["Atoms"], swiftSettings: optimized),
        .target(name: "Validation", dependencies: ["Atoms", "Potentials", "LinearAlgebra"], swiftSettings: optimized),
        .target(name: "Dynamics", dependencies: ["Atoms", "Neighbors", "Potentials"], swiftSettings: optimized),
        .target(name: "Analysis", dependencies: ["Atoms", "Neighbors", "FFT"], swiftSettings: optimized),
        .target(name: "Thermodynamics", dependencies: ["Atoms", "Neighbors", "Potentials", "Mechanics", "Phonons", "Dynamics", "Analysis"], swiftSettings: optimized),
        .target(name: "Engines", dependencies: ["Atoms", "Potentials", "Export", "Dynamics", "Analysis", "Thermodynamics"], swiftSettings: optimized),
        .target(name: "Training", dependencies: ["Atoms", "Neighbors", "Potentials", "LinearAlgebra", "Validation", "Dynamics"], swiftSettings: optimized),
        .executableTarget(name: "props", dependencies: ["Atoms", "Neighbors", "Potentials", "Mechanics", "Phonons", "Reports",
                                                        "Validation", "Dynamics", "Analysis", "Training", "Export",
                                                        "Thermodynamics", "Engines"], swiftSettings: optimized),
        .executableTarget(name: "props-bench", dependencies: ["Atoms", "Neighbors", "Potentials", "Phonons", "Dynamics", "Analysis",
                                                              "Thermodynamics", "LinearAlgebra", "CLapacke", "Training"],
                          path: "Benchmarks/props-bench", swiftSettings: optimized),
        .target(name: "TestSupport", dependencies: ["Atoms", "Neighbors", "Potentials"],
                path: "Tests/TestSupport"),
        .testTarget(name: "NumericsTests", dependencies: ["LinearAlgebra", "FFT"]),
        .testTarget(name: "AtomsTests", dependencies: ["Atoms", "TestSupport"]),
        .testTarget(name: "NeighborsTests", dependencies: ["Atoms", "Neighbors", "TestSupport"]),
        .testTarget(name: "PotentialsTests", dependencies: ["Atoms", "Neighbors", "Potentials", "TestSupport"]),
        .testTarget(name: "MechanicsTests", dependencies: ["Atoms", "Potentials", "Mechanics", "TestSupport"]),
        .testTarget(name: "PhononsTests", dependencies: ["Atoms", "Potentials", "Mechanics", "Phonons", "TestSupport"]),
        .testTarget(name: "ValidationTests", dependencies: ["Atoms", "Potentials", "Validation", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
        .testTarget(name: "DynamicsTests", dependencies: ["Atoms", "Neighbors", "Potentials", "Dynamics", "Analysis", "TestSupport"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Atoms", "Analysis", "TestSupport"]),
        .testTarget(name: "TrainingTests", dependencies: ["Atoms", "Potentials", "Validation", "Training", "TestSupport"]),
        .testTarget(name: "ExportTests", dependencies: ["Atoms", "Neighbors", "Potentials", "Export", "TestSupport"]),
        .testTarget(name: "LAMMPSTests", dependencies: ["Atoms", "Neighbors", "Potentials", "Export", "PropsC", "TestSupport",
                                                        "Dynamics", "Analysis", "Thermodynamics", "Engines"], swiftSettings: optimized),
        .testTarget(name: "ThermalTests", dependencies: ["Atoms", "Potentials", "Dynamics", "Analysis", "TestSupport"]),
        .testTarget(name: "ThermodynamicsTests", dependencies: ["Atoms", "Potentials", "Dynamics", "Analysis", "Thermodynamics",
                                                                "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports"]),
    ]
)
