import Foundation
import SymbolicCore
import SymbolicFunctions

/// A point at which two expressions that should be equal are not.
public struct Counterexample: Sendable, Equatable, Codable {
    /// Size of each index class, by a name for it (`K`, or the indices that range over it).
    public var sizes: [String: Int]
    /// Values of the free indices.
    public var indices: [String: Int]
    /// The true class of each one-hot input.
    public var oneHotClass: [String: Int]
    /// Input values, flattened row-major, by input name.
    public var inputs: [String: [Double]]
    /// The value of the reference (the derivative computed numerically).
    public var expected: Double
    /// The value of the expression checked.
    public var actual: Double
    /// The user's functions drawn at random for this point: `f` with coefficients `f0`...`f4` among the inputs.
    public var functions: [String] = []
}

/// The outcome of checking one expression against the reference.
public struct ExpressionCheck: Sendable {
    public enum Verdict: Sendable, Equatable {
        case valid
        case invalid(Counterexample)
        case unverified(String)
    }
    public var verdict: Verdict
    public var maxRelativeError: Double
    public var maxAbsoluteError: Double
    public var comparisons: Int
    /// Comparisons whose two values differed by less than their rounding error could make, where that error
    /// was larger than the tolerance (terms that cancel): neither a pass nor a failure. Not in the maxima.
    public var withinRounding: Int = 0
}

/// What validation measured: the method, the points, the largest errors, and a verdict per expression.
public struct ValidationReport: Sendable {
    public var method: String
    public var seed: UInt64
    public var points: Int
    public var comparisons: Int
    public var redrawn: Int
    /// The sizes used for each size class, by name.
    public var sizeRanges: [String: ClosedRange<Int>]
    public var tolerance: Tolerance
    public var checks: [ExpressionCheck]
    /// The user's functions without a definition, drawn at random at each point (`NumericModel.opaque`).
    public var drawnFunctions: [String] = []

    public var maxRelativeError: Double { checks.map(\.maxRelativeError).max() ?? 0 }
    public var maxAbsoluteError: Double { checks.map(\.maxAbsoluteError).max() ?? 0 }
    /// Comparisons that only rounding could judge (`ExpressionCheck.withinRounding`), over every check.
    public var withinRounding: Int { checks.reduce(0) { $0 + $1.withinRounding } }
    public var passed: Bool { checks.allSatisfy { $0.verdict == .valid } && points > 0 }
    /// The first expression that failed, with its position.
    public var firstFailure: (Int, ExpressionCheck)? {
        checks.enumerated().first { $0.element.verdict != .valid }.map { ($0.offset, $0.element) }
    }

    /// ` at sizes K=3, N=2`, or nothing for scalars.
    static func atSizes(_ sizes: [String: Int]) -> String {
        sizes.isEmpty ? "" : " at sizes " + sizes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }

    /// One report for several validations (the sections of a derivation): the checks in order, the
    /// figures added up, the size ranges joined.
    public static func merging(_ reports: [ValidationReport]) -> ValidationReport {
        var out = ValidationReport(method: Validator.method, seed: reports.first?.seed ?? 0, points: 0, comparisons: 0, redrawn: 0,
                                   sizeRanges: [:], tolerance: reports.first?.tolerance ?? .default, checks: [])
        for r in reports {
            out.points += r.points
            out.comparisons += r.comparisons
            out.redrawn += r.redrawn
            out.checks += r.checks
            out.drawnFunctions = Array(Set(out.drawnFunctions).union(r.drawnFunctions)).sorted()
            for (k, range) in r.sizeRanges {
                out.sizeRanges[k] = out.sizeRanges[k].map { min($0.lowerBound, range.lowerBound)...max($0.upperBound, range.upperBound) } ?? range
            }
        }
        return out
    }

    /// `K=2..9`: the sizes used, by class name.
    public var sizeSummary: String {
        if sizeRanges.isEmpty { return "scalars" }
        return sizeRanges.keys.sorted().map { k in
            let r = sizeRanges[k] ?? 0...0
            return r.lowerBound == r.upperBound ? "\(k)=\(r.lowerBound)" : "\(k)=\(r.lowerBound)..\(r.upperBound)"
        }.joined(separator: ", ")
    }
}

/// Compares expressions with a reference at seeded random points, in dual numbers.
///
/// The reference is normally the unevaluated derivative `∂L/∂θ_k` itself: evaluating it seeds
/// `θ_k` and runs the loss forward, so it is independent of every symbolic rule.
/// Each size class takes several sizes (2 to 9), each one-hot input takes every class position,
/// every value of the free indices is checked, and non-finite samples are redrawn, never passed.
///
/// ```swift
/// let v = Validator(context: ctx)
/// let report = try v.validate(reference: .partial(loss, wrt: theta_k), against: steps, free: ["k"])
/// report.passed
/// ```
public struct Validator: Sendable {
    public var context: Context
    public var tolerance: Tolerance
    public var seed: UInt64
    public var minimumPoints: Int
    public var sizeConfigurations: Int
    /// Free-index tuples checked per point at most (all of them when there are fewer).
    public var maximumTuples: Int
    /// Node evaluations allowed in one validation, so that no input can make it run for ever.
    public var evaluationBudget: Int

    public init(context: Context, tolerance: Tolerance = .default, seed: UInt64 = 2026, minimumPoints: Int = 50,
                sizeConfigurations: Int = 8, maximumTuples: Int = 81, evaluationBudget: Int = 20_000_000) {
        self.context = context
        self.tolerance = tolerance
        self.seed = seed
        self.minimumPoints = minimumPoints
        self.sizeConfigurations = max(1, sizeConfigurations)
        self.maximumTuples = maximumTuples
        self.evaluationBudget = evaluationBudget
    }

    public static let method = "forward-mode dual numbers"

    /// How many times its first-order rounding bound (`Rounded`) a difference may be and still be rounding.
    public static let roundingAllowance = 8.0

    /// Checks every expression of `expressions` against `reference` at every point.
    public func validate(reference: Expr, against expressions: [Expr], free: [String]) throws -> ValidationReport {
        let model: NumericModel
        let ref: CompiledExpr
        do {
            model = try NumericModel(context: context)
            ref = try model.compile(reference, free: free)
        } catch let e as NumericError {
            // Without a reference nothing can be judged: every expression is unverified, with the reason.
            let check = ExpressionCheck(verdict: .unverified(e.message), maxRelativeError: 0, maxAbsoluteError: 0, comparisons: 0)
            return ValidationReport(method: Validator.method, seed: seed, points: 0, comparisons: 0, redrawn: 0, sizeRanges: [:],
                                    tolerance: tolerance, checks: expressions.map { _ in check })
        }
        var compiled: [Result<CompiledExpr, NumericError>] = []
        for e in expressions {
            do { compiled.append(.success(try model.compile(e, free: free))) } catch let err as NumericError { compiled.append(.failure(err)) }
        }
        let sampler = Sampler(model: model, context: context, hints: [reference] + expressions)
        var rng = SeededRandom(seed: seed)
        let budget = EvaluationBudget(evaluationBudget)

        var checks = compiled.map { c -> ExpressionCheck in
            if case .failure(let err) = c { return ExpressionCheck(verdict: .unverified(err.message), maxRelativeError: 0, maxAbsoluteError: 0, comparisons: 0) }
            return ExpressionCheck(verdict: .valid, maxRelativeError: 0, maxAbsoluteError: 0, comparisons: 0)
        }
        var points = 0, comparisons = 0, redrawn = 0
        var sizeRanges: [String: ClosedRange<Int>] = [:]
        let perConfig = max(1, (minimumPoints + sizeConfigurations - 1) / sizeConfigurations)

        do {
            for configuration in 0..<sizeConfigurations {
                let sizes = sampler.sizes(configuration: configuration)
                for (name, n) in sampler.namedSizes(sizes) {
                    sizeRanges[name] = sizeRanges[name].map { min($0.lowerBound, n)...max($0.upperBound, n) } ?? n...n
                }
                let classPositions = sampler.oneHotLength(sizes)
                let count = max(perConfig, classPositions)
                for p in 0..<count {
                    var attempt = 0
                    while true {
                        let point = try sampler.draw(sizes: sizes, oneHotPosition: p, rng: &rng)
                        let outcome = try evaluatePoint(model: model, point: point, reference: ref, compiled: compiled, free: free,
                                                        rng: &rng, budget: budget)
                        if let outcome {
                            points += 1
                            for (n, values) in outcome.enumerated() where checks[n].verdict == .valid {
                                let before = checks[n].comparisons
                                compare(values, into: &checks[n]) { sampler.counterexample(point, tuple: $0, free: free, expected: $1, actual: $2) }
                                comparisons += checks[n].comparisons - before
                            }
                            break
                        }
                        attempt += 1
                        redrawn += 1
                        if attempt >= 25 {
                            for n in checks.indices where checks[n].verdict == .valid {
                                checks[n].verdict = .unverified("no finite value in 25 random draws" + ValidationReport.atSizes(sampler.namedSizes(sizes))
                                                                   + " (the values overflow, or have no real value: a square root or a power of a negative number)")
                            }
                            break
                        }
                    }
                }
            }
        } catch let e as NumericError {
            // Out of budget (or an input too large to sample): what was not refuted is not verified either.
            for n in checks.indices where checks[n].verdict == .valid { checks[n].verdict = .unverified(e.message) }
        }
        // A check that no comparison could decide (at every point the values lie within their rounding error,
        // beyond the tolerance) has not been judged, though nothing refuted it.
        for n in checks.indices where checks[n].verdict == .valid && checks[n].comparisons > 0 && checks[n].withinRounding == checks[n].comparisons {
            checks[n].verdict = .unverified("at every point its terms cancel to within their rounding error, so no comparison could tell a wrong value from a right one")
        }
        return ValidationReport(method: Validator.method, seed: seed, points: points, comparisons: comparisons, redrawn: redrawn,
                                sizeRanges: sizeRanges, tolerance: tolerance, checks: checks, drawnFunctions: model.drawnFunctions.sorted())
    }

    /// Compares the values of one expression at one point with the reference's, until the first that differs
    /// by more than both the tolerance and the rounding error of the two values (then the counterexample).
    private func compare(_ values: [(Rounded, Rounded, [Int])], into check: inout ExpressionCheck,
                         counterexample: ([Int], Double, Double) -> Counterexample) {
        for (expected, actual, tuple) in values {
            check.comparisons += 1
            let (a, b) = (expected.v, actual.v)
            let noise = Validator.roundingAllowance * Rounded.unitRoundoff * (expected.m + actual.m)
            let accepted = tolerance.accepts(a, b)
            if accepted || !(abs(a - b) <= noise) {
                check.maxAbsoluteError = max(check.maxAbsoluteError, abs(a - b))
                check.maxRelativeError = max(check.maxRelativeError, tolerance.relativeError(a, b))
            }
            if accepted { continue }
            if abs(a - b) <= noise {
                // Terms that cancel: a difference that rounding alone could make, neither a pass nor a failure.
                check.withinRounding += 1
                continue
            }
            check.verdict = .invalid(counterexample(tuple, a, b))
            return
        }
    }

    /// Values at one point for every free-index tuple, or `nil` when any value is not finite (redraw).
    private func evaluatePoint(model: NumericModel, point: SamplePoint, reference: CompiledExpr,
                               compiled: [Result<CompiledExpr, NumericError>], free: [String],
                               rng: inout SeededRandom, budget: EvaluationBudget) throws -> [[(Rounded, Rounded, [Int])]]? {
        let ranges = free.map { n in max(1, model.freeIndexElement(n).map { point.size(model, $0) } ?? 1) }
        var count = 1
        for r in ranges {
            let (c, overflow) = count.multipliedReportingOverflow(by: r)
            count = overflow ? Int.max : c
        }
        var tuples: [[Int]] = []
        if count <= maximumTuples {
            // Every value of the free indices.
            tuples = [[]]
            for r in ranges { tuples = tuples.flatMap { t in (1...r).map { t + [$0] } } }
        } else {
            // Too many to check all: a seeded sample of them.
            for _ in 0..<maximumTuples { tuples.append(ranges.map { 1 + Int(rng.next() % UInt64($0)) }) }
        }
        var out: [[(Rounded, Rounded, [Int])]] = Array(repeating: [], count: compiled.count)
        var judge = try Judge(model, point, budget: budget)
        for t in tuples {
            let expected: Rounded
            expected = try judge.evaluate(reference, bindings: t).v
            guard expected.v.isFinite else { return nil }
            for (n, c) in compiled.enumerated() {
                guard case .success(let ce) = c else { continue }
                let actual: Rounded
                do { actual = try judge.evaluate(ce, bindings: t).v } catch let e as NumericError {
                    if budget.remaining <= 0 { throw e }
                    actual = Rounded(.nan)
                }
                guard actual.v.isFinite else {
                    // A finite reference with a non-finite expression: redraw, unless it never gets finite.
                    return nil
                }
                out[n].append((expected, actual, t))
            }
        }
        return out
    }
}
