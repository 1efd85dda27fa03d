extension String {
    /// Without leading and trailing white space (Unicode White_Space: spaces, tabs and line breaks); with
    /// `keepingLineBreaks`, without spaces and tabs only. The same as Foundation's `trimmingCharacters(in:)` with
    /// `.whitespacesAndNewlines` or `.whitespaces`, without its round trip through `NSString`, which evaluating a
    /// form paid for every answer. Text that starts and ends with a visible ASCII character comes back at once.
    public func trimmed(keepingLineBreaks: Bool = false) -> String {
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return self
        }
        // By scalar, as Foundation does: a space before a combining accent goes, the accent stays.
        func isBlank(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isWhitespace && !(keepingLineBreaks && Self.lineBreaks.contains(scalar.value))
        }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !isBlank($0) }), let end = scalars.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(scalars[start...end])
    }

    /// The White_Space characters Foundation counts as line breaks.
    private static let lineBreaks: Set<UInt32> = [0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029]
}
