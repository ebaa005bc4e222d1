import Foundation

/// Dot product of two 3-vectors.
@inlinable public func dot(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double {
    a.x * b.x + a.y * b.y + a.z * b.z
}

/// Cross product of two 3-vectors.
@inlinable public func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}

/// Squared Euclidean length.
@inlinable public func lengthSquared(_ a: SIMD3<Double>) -> Double { dot(a, a) }

/// Euclidean length.
@inlinable public func length(_ a: SIMD3<Double>) -> Double { dot(a, a).squareRoot() }
