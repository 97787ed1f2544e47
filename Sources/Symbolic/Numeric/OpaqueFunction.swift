import SymbolicCore
import SymbolicFunctions

// MARK: - A function the user named but did not define, drawn at random at each point

extension NumericModel {
    /// The number of coefficients of a drawn function.
    static let opaqueCoefficients = 5

    /// The input that holds coefficient `k` of the user's function `name`: a name no one can type.
    static func coefficient(_ k: Int, of name: String) -> Symbol { Symbol("\(name)#\(k)") }

    /// `f(u)`, `f'(u)`, `f''(u)`, ... for a function `f` the user named without defining it: at each point,
    /// `f(u) = c_0 + c_1 u + c_2 u^2 / 2 + c_3 e^{c_4 u}` with coefficients drawn like any input, and its
    /// derivatives exactly (`f^{(n)}(u) = c_3 c_4^n e^{c_4 u}` from the third on). A step that holds for every
    /// such function holds for the function meant, as random-point checkers of unknown functions assume;
    /// the exponential keeps every derivative alive, so a wrong order of derivative is caught. `nil` for a
    /// function that is not the user's.
    func opaque(_ f: Function, _ u: Node) throws -> Node? {
        var order = 0
        var base = f
        while case .prime(let g) = base { order += 1; base = g }
        guard case .named(let name) = base else { return nil }
        if context.definedFunctions.contains(name) {
            throw NumericError("\(name) is a function the input defines in a form not read yet (\(name)(x) = ...), so it is not drawn at random")
        }
        if context.ambiguousFunctions.contains(name) {
            throw NumericError("\(name) is written both alone and before a bracket, so \(name)(...) may be a product: not judged")
        }
        guard order <= 16 else { throw NumericError("the derivative of order \(order) of \(name) is not evaluated") }
        var c: [Node] = []
        for k in 0..<NumericModel.opaqueCoefficients { c.append(.input(symbol: try registerCoefficient(k, of: name), indices: [])) }
        let exponential = Node.multiply([c[3], .power(c[4], .constant(Double(order))), .apply(NumericFunction(value: try FunctionTable.numeric(.exp).get()),
                                                                                                .multiply([c[4], u]))])
        switch order {
        case 0: return .add([c[0], .multiply([c[1], u]), .multiply([.constant(0.5), c[2], .power(u, .constant(2))]), exponential])
        case 1: return .add([c[1], .multiply([c[2], u]), exponential])
        case 2: return .add([c[2], exponential])
        default: return exponential
        }
    }
}
