#if canImport(Glibc)
import Glibc
#endif

/// How the C heap hands memory back to the kernel.
///
/// An evaluation allocates arrays of a few hundred kB per call (forces, densities,
/// per-chunk buffers). glibc serves such blocks with `mmap` or trims them from the top of
/// the heap when they are freed, so every MD step asked the kernel for fresh pages again:
/// for Cu EAM with 32,000 atoms about 1,050 page faults (4 MB zeroed by the kernel) per
/// step, 0.4 s of system time per 100 steps. Keeping freed memory in the heap for reuse
/// removes them; the resident size stays that of the largest step.
public enum HeapPolicy {
    /// Blocks below this size (bytes) come from the heap, not from `mmap`.
    public static let mmapThreshold: Int32 = 32 << 20
    /// Free memory at the top of the heap is returned to the kernel only beyond this (bytes).
    public static let trimThreshold: Int32 = 512 << 20

    /// Keeps freed memory for reuse (glibc `mallopt`); call once at program start. Does
    /// nothing where the C library has no `mallopt`.
    public static func keepFreedMemory() {
        #if canImport(Glibc)
        // <malloc.h> is not part of Swift's Glibc module: look the function up instead.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        // M_MMAP_THRESHOLD and M_TRIM_THRESHOLD of <malloc.h>.
        let mmapParameter: Int32 = -3, trimParameter: Int32 = -1
        _ = mallopt(mmapParameter, mmapThreshold)
        _ = mallopt(trimParameter, trimThreshold)
        #endif
    }
}
