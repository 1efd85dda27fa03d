import Foundation
import SportelloCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Writes the small SOAP 1.1 documents of the pagoPA node: elements in order, text escaped, absent values left
/// out, children of the body's operation element unqualified (the paForNode XSD has no `elementFormDefault`).
struct SOAPWriter {
    static let envelopeNamespace = "http://schemas.xmlsoap.org/soap/envelope/"
    static let paForNodeNamespace = "http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd"

    private(set) var text = ""
    private var depth = 0

    /// An envelope whose body holds `pafn:<operation>`, filled in by `content`.
    static func envelope(operation: String, content: (inout SOAPWriter) -> Void) -> String {
        var writer = SOAPWriter()
        writer.text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        writer.text +=
            "<soapenv:Envelope xmlns:soapenv=\"\(envelopeNamespace)\" xmlns:pafn=\"\(paForNodeNamespace)\">\n"
        writer.depth = 1
        writer.line("<soapenv:Header/>")
        writer.open("soapenv:Body")
        writer.open("pafn:" + operation)
        content(&writer)
        writer.close("pafn:" + operation)
        writer.close("soapenv:Body")
        writer.text += "</soapenv:Envelope>\n"
        return writer.text
    }

    mutating func open(_ name: String) {
        line("<\(name)>")
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        line("</\(name)>")
    }

    /// `<name>value</name>`, or nothing when the value is absent.
    mutating func element(_ name: String, _ value: String?) {
        guard let value else { return }
        line("<\(name)>\(Segnatura.escape(value))</\(name)>")
    }

    /// An element with children.
    mutating func group(_ name: String, _ content: (inout SOAPWriter) -> Void) {
        open(name)
        content(&self)
        close(name)
    }

    private mutating func line(_ content: String) {
        text += String(repeating: "  ", count: depth) + content + "\n"
    }
}

/// A parsed XML element by local name (namespaces dropped: the node's partners use varying prefixes).
struct XMLElementNode: Sendable {
    var name: String
    var children: [XMLElementNode] = []
    var text = ""

    func child(_ name: String) -> XMLElementNode? { children.first { $0.name == name } }

    func children(_ name: String) -> [XMLElementNode] { children.filter { $0.name == name } }

    /// The trimmed text of a child, or `nil` when the child is absent.
    func value(_ name: String) -> String? {
        child(name).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// The first element with this name at any depth, this one included.
    func first(_ name: String) -> XMLElementNode? {
        if self.name == name { return self }
        for child in children {
            if let found = child.first(name) { return found }
        }
        return nil
    }

    static func parse(_ data: Data) throws(PaXMLError) -> XMLElementNode {
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw PaXMLError("not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "no root element")")
        }
        return root
    }
}

/// Builds the element tree as the parser reports it.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    var stack: [XMLElementNode] = []
    var root: XMLElementNode?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
        stack.append(XMLElementNode(name: local))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if !stack.isEmpty { stack[stack.count - 1].text += string }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if !stack.isEmpty { stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self) }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard let finished = stack.popLast() else { return }
        if stack.isEmpty {
            root = finished
        } else {
            stack[stack.count - 1].children.append(finished)
        }
    }
}

/// A SOAP document that is not what the paForNode XSD describes.
public struct PaXMLError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
