/// Walks over small directed graphs (definitions and the symbols their bodies hold), without recursion.
public enum Graph {
    /// The shortest way from `start` back to itself, both ends included (`a, b, a`), going only through nodes
    /// for which `within` holds; `[start, start]` when `start` is its own successor or no way back is found.
    /// Breadth first, successors in sorted order, so the same graph gives the same cycle.
    ///
    /// ```swift
    /// Graph.shortestCycle(from: "a", successors: { ["a": ["b"], "b": ["a"]][$0] ?? [] })   // ["a", "b", "a"]
    /// ```
    public static func shortestCycle<Node: Hashable & Comparable>(from start: Node, successors: (Node) -> [Node],
                                                                  within: (Node) -> Bool = { _ in true }) -> [Node] {
        var parent: [Node: Node] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let x = queue[head]
            head += 1
            for y in successors(x).sorted() {
                if y == start {
                    var path: [Node] = []
                    var at = x
                    while at != start, let p = parent[at] { path.append(at); at = p }
                    return [start] + path.reversed() + [start]
                }
                if parent[y] == nil, within(y) { parent[y] = x; queue.append(y) }
            }
        }
        return [start, start]
    }
}
