/// A rendered PDF whose slots (see ``DocumentSlot``) still show their templates, ready to be filled in.
///
/// Rendering is the expensive part and can happen before a registration's transaction; filling is a copy and a few
/// byte writes, cheap enough to do while holding the lock that hands out the protocol number:
///
/// ```swift
/// let prepared = try renderer.renderWithSlots(receipt)                   // outside the transaction
/// let pdf = try prepared.filling(["number": "0000042", "date": "24/11/2026 10:15"])  // inside it
/// ```
///
/// Slots are drawn in small uncompressed content streams of their own, written at the end of the file, so filling
/// changes no length and no offset: the cross-reference table stays valid and the file stays PDF/A. All slot bytes
/// lie after ``fixedPrefixLength``, so a digest of the finished file can start on the bytes before it in advance.
public struct RenderedDocument: Sendable {
    /// The file, with every slot showing its template.
    public let bytes: [UInt8]
    /// Every occurrence of a slot, in the order they were drawn.
    public let slots: [RenderedSlot]

    init(bytes: [UInt8], slots: [RenderedSlot]) {
        self.bytes = bytes
        self.slots = slots
    }

    /// The number of bytes at the start of the file that filling never changes (the whole file when there are no
    /// slots).
    public var fixedPrefixLength: Int { slots.map(\.byteRange.lowerBound).min() ?? bytes.count }

    /// The finished file, with each slot showing its value.
    ///
    /// - Parameter values: a value for each slot name in the document, with exactly as many characters as the slot's
    ///   template: a digit where the template has `0`, the template's own character everywhere else.
    /// - Throws: ``DocumentSlotError`` when a value is missing, is given for a slot the document does not have, or does
    ///   not match its template. Nothing is filled in then.
    public func filling(_ values: [String: String]) throws(DocumentSlotError) -> [UInt8] {
        let names = Set(slots.map(\.slot.name))
        if let unknown = values.keys.filter({ !names.contains($0) }).sorted().first { throw .unknownSlot(unknown) }
        var output = bytes
        for occurrence in slots {
            let slot = occurrence.slot
            guard let value = values[slot.name] else { throw .missingValue(slot: slot.name) }
            let template = Array(slot.template.unicodeScalars)
            let characters = Array(value.unicodeScalars)
            guard characters.count == template.count else {
                throw .wrongLength(slot: slot.name, expected: template.count, actual: characters.count)
            }
            for (index, (expected, character)) in zip(template, characters).enumerated() {
                if expected == "0" {
                    guard ("0"..."9").contains(character) else { throw .digitExpected(slot: slot.name, position: index + 1) }
                    let glyph = occurrence.digitGlyphs[Int(character.value - 0x30)]
                    let start = occurrence.byteRange.lowerBound + index * 4
                    for nibble in 0..<4 {
                        let value = UInt8(truncatingIfNeeded: glyph >> UInt16(12 - nibble * 4)) & 0x0F
                        output[start + nibble] = value < 10 ? 0x30 + value : 0x37 + value
                    }
                } else if character != expected {
                    throw .characterExpected(slot: slot.name, position: index + 1, expected: String(expected))
                }
            }
        }
        return output
    }
}

/// Where one occurrence of a slot is in a ``RenderedDocument``.
public struct RenderedSlot: Sendable, Equatable {
    /// The slot drawn here.
    public let slot: DocumentSlot
    /// The slot's glyph codes in the file: four hexadecimal digits per character of the template.
    public let byteRange: Range<Int>
    /// The glyph codes of the digits 0 to 9 in the slot's font.
    let digitGlyphs: [UInt16]
}

/// Why a document with slots could not be rendered or filled.
public enum DocumentSlotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// ``RenderedDocument/filling(_:)`` got no value for this slot.
    case missingValue(slot: String)
    /// ``RenderedDocument/filling(_:)`` got a value for a slot the document does not have.
    case unknownSlot(String)
    /// The value has a different number of characters than the template.
    case wrongLength(slot: String, expected: Int, actual: Int)
    /// The template has `0` at this position (counting from 1), the value has something other than a digit.
    case digitExpected(slot: String, position: Int)
    /// The value differs from the template's fixed character at this position (counting from 1).
    case characterExpected(slot: String, position: Int, expected: String)
    /// The slot's name is empty, or its template is empty, too long or has characters other than the usual Latin
    /// ones (line breaks, for example).
    case invalidTemplate(slot: String)
    /// Two slots share a name but not a template.
    case conflictingTemplates(slot: String)
    /// ``DocumentRenderer/render(_:conformance:)`` was given a document with slots, which would show their templates
    /// as if they were values; use ``DocumentRenderer/renderWithSlots(_:conformance:)``.
    case unfilledSlots([String])

    public var description: String {
        switch self {
        case let .missingValue(slot): "no value for slot \"\(slot)\""
        case let .unknownSlot(slot): "the document has no slot \"\(slot)\""
        case let .wrongLength(slot, expected, actual):
            "the value for slot \"\(slot)\" has \(actual) characters instead of \(expected)"
        case let .digitExpected(slot, position): "the value for slot \"\(slot)\" needs a digit at position \(position)"
        case let .characterExpected(slot, position, expected):
            "the value for slot \"\(slot)\" needs \"\(expected)\" at position \(position)"
        case let .invalidTemplate(slot): "slot \"\(slot)\" has an empty name or an unusable template"
        case let .conflictingTemplates(slot): "slot \"\(slot)\" appears with different templates"
        case let .unfilledSlots(slots): "the document has slots to fill (\(slots.joined(separator: ", ")))"
        }
    }
}
