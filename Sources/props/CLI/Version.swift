/// The version of `props`, printed by `props --version` and `props version` (cite it
/// with the results).
let propsVersion = "0.3.0"
