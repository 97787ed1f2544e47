import FuzzDriver
import Symbolic

// The LaTeX parser on any bytes: a tree or a positioned error, never a trap.
fuzz { text in
    do {
        let e = try Parser.parse(text)
        _ = Printer(.latex).print(e)
    } catch let e as ParseError {
        precondition(e.location.line >= 1 && e.location.column >= 1, "an error without a place")
    } catch {}
}

