import Dispatch
import Dynamics
import Foundation

/// The progress of an MD run on stderr: on a terminal a line redrawn every half second
/// (step, simulated time, speed, time left, temperature); in a batch job (stderr not a
/// terminal) a plain line every 5 % of the run.
final class RunProgress: StepObserver {
    let cadence = Cadence(every: 1)
    /// It shows the temperature only: the steps between output steps skip the energy.
    let needsEnergy = false
    private let console: Console
    private let label: String
    private let total: Int
    private var startStep: Int
    private let timestepFs: Double
    private var clock = DispatchTime.now().uptimeNanoseconds
    private var last: UInt64
    private var lastPercent: Int

    init(console: Console, label: String, total: Int, startStep: Int, timestepFs: Double) {
        self.console = console
        self.label = label
        self.total = total
        self.startStep = startStep
        self.timestepFs = timestepFs
        last = clock
        lastPercent = total > 0 ? 100 * startStep / total : 100
    }

    /// Counts speed and time left from `step` on, from now: where a resumed run (of another
    /// engine, which says where it started only once it runs) really started.
    func restart(from step: Int) {
        startStep = step
        clock = DispatchTime.now().uptimeNanoseconds
        last = clock
        lastPercent = total > 0 ? 100 * step / total : 100
    }

    func observe(_ state: MDState, _ integrator: Integrator) throws {
        report(step: state.step, temperatureK: integrator.temperature(state))
    }

    /// Shows the progress at `step` (from props' driver, or parsed from another engine's
    /// output) with the temperature there, K.
    func report(step: Int, temperatureK: Double) {
        let percent = total > 0 ? 100 * step / total : 100
        if Console.stderrIsTerminal {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now - last > 500_000_000 else { return }
            last = now
            console.progress(line(step, temperatureK, seconds: Double(now - clock) * 1e-9))
        } else if percent / 5 > lastPercent / 5 {
            lastPercent = percent
            console.note(line(step, temperatureK, seconds: Double(DispatchTime.now().uptimeNanoseconds - clock) * 1e-9))
        }
    }

    private func line(_ step: Int, _ temperatureK: Double, seconds: Double) -> String {
        let pace = RunPace(startStep: startStep, total: total, timestepFs: timestepFs)
        return String(format: "%@: step %d/%d  %.3f ps  %.3g ns/day  %.0f s left  T = %.1f K", label, step, total,
                      Double(step) * timestepFs * 1e-3, pace.nsPerDay(step: step, seconds: seconds),
                      pace.secondsLeft(step: step, seconds: seconds), temperatureK)
    }
}
