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
        let budget = Evaluation.Budget(evaluationBudget)

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
                            for (n, values) in outcome.enumerated() {
                                guard case .valid = checks[n].verdict else { continue }
                                for (expected, actual, tuple) in values {
                                    checks[n].comparisons += 1
                                    comparisons += 1
                                    checks[n].maxAbsoluteError = max(checks[n].maxAbsoluteError, abs(expected - actual))
                                    checks[n].maxRelativeError = max(checks[n].maxRelativeError, tolerance.relativeError(expected, actual))
                                    if !tolerance.accepts(expected, actual) {
                                        checks[n].verdict = .invalid(sampler.counterexample(point, tuple: tuple, free: free, expected: expected, actual: actual))
                                        break
                                    }
                                }
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
        return ValidationReport(method: Validator.method, seed: seed, points: points, comparisons: comparisons, redrawn: redrawn,
                                sizeRanges: sizeRanges, tolerance: tolerance, checks: checks, drawnFunctions: model.drawnFunctions.sorted())
    }

    /// Values at one point for every free-index tuple, or `nil` when any value is not finite (redraw).
    private func evaluatePoint(model: NumericModel, point: SamplePoint, reference: CompiledExpr,
                               compiled: [Result<CompiledExpr, NumericError>], free: [String],
                               rng: inout SeededRandom, budget: Evaluation.Budget) throws -> [[(Double, Double, [Int])]]? {
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
        var out: [[(Double, Double, [Int])]] = Array(repeating: [], count: compiled.count)
        let primals = Evaluation.Primals()
        for t in tuples {
            let expected: Double
            expected = try Evaluation(model, point, budget: budget, primals: primals).evaluate(reference, bindings: t).v
            guard expected.isFinite else { return nil }
            for (n, c) in compiled.enumerated() {
                guard case .success(let ce) = c else { continue }
                let actual: Double
                do { actual = try Evaluation(model, point, budget: budget, primals: primals).evaluate(ce, bindings: t).v } catch let e as NumericError {
                    if budget.remaining <= 0 { throw e }
                    actual = .nan
                }
                guard actual.isFinite else {
                    // A finite reference with a non-finite expression: redraw, unless it never gets finite.
                    return nil
                }
                out[n].append((expected, actual, t))
            }
        }
        return out
    }
}
