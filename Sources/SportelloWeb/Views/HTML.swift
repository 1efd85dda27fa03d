/// A node of an HTML document. Views build trees of these from view models; rendering
/// escapes every text and attribute value, so data typed by people can never become markup.
public struct HTMLNode: Sendable {
    enum Kind: Sendable {
        case element(name: String, attributes: [HTMLAttribute], children: [HTMLNode])
        case void(name: String, attributes: [HTMLAttribute])
        case text(String)
        /// Markup we produced ourselves (e.g. a rendered sub-view); never people's data.
        case trusted(String)
        case group([HTMLNode])
    }

    let kind: Kind

    public static func text(_ string: String) -> HTMLNode { HTMLNode(kind: .text(string)) }
    public static func trusted(_ markup: String) -> HTMLNode { HTMLNode(kind: .trusted(markup)) }
    public static func group(_ nodes: [HTMLNode]) -> HTMLNode { HTMLNode(kind: .group(nodes)) }
    public static let empty = HTMLNode(kind: .group([]))

    public func render() -> String {
        var output = HTMLOutput()
        render(into: &output)
        return String(decoding: output.bytes, as: UTF8.self)
    }

    /// Appends the markup as UTF-8.
    func render(into output: inout HTMLOutput) {
        switch kind {
        case .text(let string):
            output.appendEscaped(string)
        case .trusted(let markup):
            output.append(markup)
        case .group(let nodes):
            for node in nodes { node.render(into: &output) }
        case .void(let name, let attributes):
            output.append(UInt8(ascii: "<"))
            output.append(name)
            for attribute in attributes { attribute.render(into: &output) }
            output.append(UInt8(ascii: ">"))
        case .element(let name, let attributes, let children):
            output.append(UInt8(ascii: "<"))
            output.append(name)
            for attribute in attributes { attribute.render(into: &output) }
            output.append(UInt8(ascii: ">"))
            for child in children { child.render(into: &output) }
            output.append(UInt8(ascii: "<"))
            output.append(UInt8(ascii: "/"))
            output.append(name)
            output.append(UInt8(ascii: ">"))
        }
    }
}

/// The bytes of a page being rendered. Rendering makes hundreds of small appends per page; a plain array takes
/// each one with a capacity check, and the page goes to the response buffer in one copy.
struct HTMLOutput {
    var bytes: [UInt8] = []

    init(capacity: Int = 8_192) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    mutating func append(_ string: String) {
        bytes.append(contentsOf: string.utf8)
    }

    /// Escapes the five characters that matter in text and in double-quoted attributes.
    /// Copies the runs between special characters whole: most text has none, and the five are ASCII,
    /// so they never fall inside a multi-byte character.
    mutating func appendEscaped(_ string: String) {
        var string = string
        string.withUTF8 { text in
            var runStart = 0
            for index in text.indices {
                let replacement: StaticString
                switch text[index] {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                default: continue
                }
                if runStart != index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<index])) }
                bytes.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                runStart = index + 1
            }
            if runStart != text.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...])) }
        }
    }
}

/// One attribute; a nil value renders as a bare boolean attribute, `omitted` renders nothing.
public struct HTMLAttribute: Sendable {
    let name: String
    let value: String?
    let omitted: Bool

    public init(_ name: String, _ value: String?) {
        self.name = name
        self.value = value
        omitted = false
    }

    init(name: String, value: String?, omitted: Bool) {
        self.name = name
        self.value = value
        self.omitted = omitted
    }

    func render(into output: inout HTMLOutput) {
        guard !omitted else { return }
        output.append(UInt8(ascii: " "))
        output.append(name)
        if let value {
            output.append(UInt8(ascii: "="))
            output.append(UInt8(ascii: "\""))
            output.appendEscaped(value)
            output.append(UInt8(ascii: "\""))
        }
    }

    public static func `class`(_ value: String) -> Self { .init("class", value) }
    public static func id(_ value: String) -> Self { .init("id", value) }
    public static func href(_ value: String) -> Self { .init("href", value) }
    public static func type(_ value: String) -> Self { .init("type", value) }
    public static func name(_ value: String) -> Self { .init("name", value) }
    public static func value(_ value: String) -> Self { .init("value", value) }
    public static func action(_ value: String) -> Self { .init("action", value) }
    public static func method(_ value: String) -> Self { .init("method", value) }
    public static func `for`(_ value: String) -> Self { .init("for", value) }
    public static func lang(_ value: String) -> Self { .init("lang", value) }
    public static func autocomplete(_ value: String) -> Self { .init("autocomplete", value) }
    public static func aria(_ name: String, _ value: String) -> Self { .init("aria-" + name, value) }
    /// A boolean attribute present only when `condition` holds.
    public static func flag(_ name: String, _ condition: Bool = true) -> Self {
        .init(name: name, value: nil, omitted: !condition)
    }
    /// An attribute present only when `value` is non-nil.
    public static func optional(_ name: String, _ value: String?) -> Self {
        .init(name: name, value: value, omitted: value == nil)
    }
}

/// Builds lists of nodes with Swift's control flow.
@resultBuilder
public enum HTMLBuilder {
    public static func buildBlock() -> [HTMLNode] { [] }
    // Statements are joined one by one into the array of the first, which grows in place.
    public static func buildPartialBlock(first: [HTMLNode]) -> [HTMLNode] { first }
    public static func buildPartialBlock(accumulated: consuming [HTMLNode], next: [HTMLNode]) -> [HTMLNode] {
        accumulated.append(contentsOf: next)
        return accumulated
    }
    public static func buildExpression(_ node: HTMLNode) -> [HTMLNode] { [node] }
    public static func buildExpression(_ nodes: [HTMLNode]) -> [HTMLNode] { nodes }
    public static func buildExpression(_ text: String) -> [HTMLNode] { [.text(text)] }
    public static func buildOptional(_ nodes: [HTMLNode]?) -> [HTMLNode] { nodes ?? [] }
    public static func buildEither(first nodes: [HTMLNode]) -> [HTMLNode] { nodes }
    public static func buildEither(second nodes: [HTMLNode]) -> [HTMLNode] { nodes }
    public static func buildArray(_ parts: [[HTMLNode]]) -> [HTMLNode] {
        parts.count == 1 ? parts[0] : parts.flatMap { $0 }
    }
}

/// An element with children.
public func element(
    _ name: String, _ attributes: [HTMLAttribute] = [], @HTMLBuilder _ children: () -> [HTMLNode] = { [] }
) -> HTMLNode {
    HTMLNode(kind: .element(name: name, attributes: attributes, children: children()))
}

/// An element that has no closing tag (input, img, meta, br).
public func voidElement(_ name: String, _ attributes: [HTMLAttribute]) -> HTMLNode {
    HTMLNode(kind: .void(name: name, attributes: attributes))
}

public func div(_ attributes: HTMLAttribute..., @HTMLBuilder content children: () -> [HTMLNode] = { [] }) -> HTMLNode {
    element("div", attributes, children)
}
public func section(_ attributes: HTMLAttribute..., @HTMLBuilder content children: () -> [HTMLNode] = { [] }) -> HTMLNode {
    element("section", attributes, children)
}
public func h1(_ attributes: HTMLAttribute..., @HTMLBuilder content children: () -> [HTMLNode]) -> HTMLNode {
    element("h1", attributes, children)
}
public func h2(_ attributes: HTMLAttribute..., @HTMLBuilder content children: () -> [HTMLNode]) -> HTMLNode {
    element("h2", attributes, children)
}
public func p(_ attributes: HTMLAttribute..., @HTMLBuilder content children: () -> [HTMLNode]) -> HTMLNode {
    element("p", attributes, children)
}
public func span(_ attributes: HTMLAttribute..., @HTMLBuilder content children: () -> [HTMLNode]) -> HTMLNode {
    element("span", attributes, children)
}
public func a(_ attributes: HTMLAttribute..., @HTMLBuilder content children: () -> [HTMLNode]) -> HTMLNode {
    element("a", attributes, children)
}
public func ul(_ attributes: HTMLAttribute..., @HTMLBuilder content children: () -> [HTMLNode]) -> HTMLNode {
    element("ul", attributes, children)
}
public func li(_ attributes: HTMLAttribute..., @HTMLBuilder content children: () -> [HTMLNode]) -> HTMLNode {
    element("li", attributes, children)
}
public func form(_ attributes: HTMLAttribute..., @HTMLBuilder content children: () -> [HTMLNode]) -> HTMLNode {
    element("form", attributes, children)
}
public func label(_ attributes: HTMLAttribute..., @HTMLBuilder content children: () -> [HTMLNode]) -> HTMLNode {
    element("label", attributes, children)
}
public func button(_ attributes: HTMLAttribute..., @HTMLBuilder content children: () -> [HTMLNode]) -> HTMLNode {
    element("button", attributes, children)
}
public func input(_ attributes: HTMLAttribute...) -> HTMLNode {
    voidElement("input", attributes)
}

enum HTMLEscaping {
    static func escape(_ string: String) -> String {
        var output = HTMLOutput(capacity: string.utf8.count + 16)
        output.appendEscaped(string)
        return String(decoding: output.bytes, as: UTF8.self)
    }
}
