/// An RGB colour (DeviceRGB, components 0...1).
struct RGBColor: Equatable {
    let red: Double
    let green: Double
    let blue: Double

    static let text = RGBColor(red: 0, green: 0, blue: 0)
    static let label = RGBColor(red: 0.33, green: 0.33, blue: 0.33)
    static let secondary = RGBColor(red: 0.4, green: 0.4, blue: 0.4)
    static let ruleLine = RGBColor(red: 0.6, green: 0.6, blue: 0.6)
    static let watermark = RGBColor(red: 0.85, green: 0.85, blue: 0.85)

    init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }
}

/// Something drawn on a page. Inside a ``LayoutChunk`` `y` is measured downwards from the chunk top; on a page it
/// is the PDF coordinate (upwards from the page bottom).
enum DrawItem: Equatable {
    /// A line of text with its baseline origin at (x, y), optionally rotated counter-clockwise by `angle` radians.
    case text(TextLine, x: Double, y: Double, color: RGBColor, angle: Double = 0)
    /// A horizontal line.
    case horizontalLine(from: Double, to: Double, y: Double, width: Double, color: RGBColor)

    func movedVertically(pageTop: Double) -> DrawItem {
        switch self {
        case let .text(line, x, y, color, angle):
            .text(line, x: x, y: pageTop - y, color: color, angle: angle)
        case let .horizontalLine(from, to, y, width, color):
            .horizontalLine(from: from, to: to, y: pageTop - y, width: width, color: color)
        }
    }
}

/// The smallest unit of vertical layout: never split across pages.
struct LayoutChunk {
    enum Kind {
        case content
        /// Vertical space, dropped at the top of a page.
        case spacer
        /// Forces a new page unless the page is still empty.
        case pageBreak
    }

    var kind: Kind = .content
    var height: Double
    /// Space above the chunk, dropped at the top of a page.
    var spaceBefore: Double = 0
    var items: [DrawItem] = []
    /// The chunk must be on the same page as the following one (headings).
    var keepWithNext = false
}

/// Page size, margins and type sizes.
struct PageGeometry {
    static let width = 595.28
    static let height = 841.89
    static let marginLeft = 56.69
    static let marginRight = 56.69
    static let contentWidth = width - marginLeft - marginRight
    static let headerBaseline = height - 40
    static let headerRuleY = height - 46
    static let bodyTopWithHeader = height - 64
    static let bodyTopWithoutHeader = height - 56.69
    static let bodyBottom = 62.0
    static let footerBaseline = 34.0

    static let bodySize = 10.0
    static let bodyLeading = 14.0
    static let labelSize = 9.0
    static let valueLeading = 13.0
    static let labelLeading = 12.0
    static let noteSize = 8.0
    static let noteLeading = 11.0
    static let headerSize = 9.0
    static let footerSize = 8.0
    static let headingSizes: [Double] = [16, 13, 11.5]
    static let headingSpaceBefore: [Double] = [16, 14, 10]
    static let labelColumnWidth = contentWidth * 0.34
    static let columnGap = 12.0
    static let valueX = marginLeft + labelColumnWidth + columnGap
    static let valueWidth = contentWidth - labelColumnWidth - columnGap
    /// Labels longer than this many lines are shortened with an ellipsis.
    static let maximumLabelLines = 8
    /// Rows taller than this fraction of the body height may continue on the next page.
    static let splittableRowFraction = 0.25
}

/// Turns document blocks into chunks and chunks into pages.
struct PageComposer {
    var shaper: TextShaper
    let bodyTop: Double

    init(fonts: FontLibrary, hasHeader: Bool) {
        shaper = TextShaper(fonts: fonts)
        bodyTop = hasHeader ? PageGeometry.bodyTopWithHeader : PageGeometry.bodyTopWithoutHeader
    }

    var bodyHeight: Double { bodyTop - PageGeometry.bodyBottom }

    /// Baseline offset of a line of `size` points centred in a line box of `leading` points.
    func baseline(style: FontStyle, size: Double, leading: Double) -> Double {
        let font = shaper.fonts.font(style)
        let ascent = Double(font.ascender) / Double(font.unitsPerEm) * size
        let descent = -Double(font.descender) / Double(font.unitsPerEm) * size
        return (leading - ascent - descent) / 2 + ascent
    }

    // MARK: Blocks to chunks

    mutating func chunks(for blocks: [DocumentBlock]) -> [LayoutChunk] {
        var chunks: [LayoutChunk] = []
        for block in blocks {
            switch block {
            case let .heading(text, level):
                let index = min(max(level, 1), 3) - 1
                let size = PageGeometry.headingSizes[index]
                var lines = textChunks(
                    text, style: .bold, size: size, leading: size * 1.3,
                    spaceBefore: PageGeometry.headingSpaceBefore[index], color: .text)
                for index in lines.indices { lines[index].keepWithNext = true }
                chunks += lines
            case let .paragraph(text):
                chunks += textChunks(
                    text, style: .regular, size: PageGeometry.bodySize, leading: PageGeometry.bodyLeading,
                    spaceBefore: 6, color: .text)
            case let .note(text):
                chunks += textChunks(
                    text, style: .regular, size: PageGeometry.noteSize, leading: PageGeometry.noteLeading,
                    spaceBefore: 6, color: .secondary)
            case let .fields(fields):
                for (index, field) in fields.enumerated() {
                    chunks += rowChunks(field, spaceBefore: index == 0 ? 8 : 4)
                }
            case .rule:
                chunks.append(
                    LayoutChunk(
                        height: 8, spaceBefore: 6,
                        items: [
                            .horizontalLine(
                                from: PageGeometry.marginLeft, to: PageGeometry.width - PageGeometry.marginRight,
                                y: 4, width: 0.5, color: .ruleLine)
                        ]))
            case .pageBreak:
                chunks.append(LayoutChunk(kind: .pageBreak, height: 0))
            case let .spacer(amount):
                let height = amount.isFinite ? min(max(amount, 0), bodyHeight) : 0
                chunks.append(LayoutChunk(kind: .spacer, height: height))
            }
        }
        return chunks
    }

    /// One chunk per wrapped line.
    private mutating func textChunks(
        _ text: String, style: FontStyle, size: Double, leading: Double, spaceBefore: Double, color: RGBColor
    ) -> [LayoutChunk] {
        let lines = shaper.wrap(text, style: style, size: size, width: PageGeometry.contentWidth)
        let baseline = baseline(style: style, size: size, leading: leading)
        return lines.enumerated().map { index, line in
            LayoutChunk(
                height: leading, spaceBefore: index == 0 ? spaceBefore : 0,
                items: line.glyphs.isEmpty ? [] : [.text(line, x: PageGeometry.marginLeft, y: baseline, color: color)])
        }
    }

    /// A label/value row: a single chunk, or, when very tall, a first chunk with the label and the first value lines
    /// followed by one chunk per remaining value line.
    private mutating func rowChunks(_ field: DocumentField, spaceBefore: Double) -> [LayoutChunk] {
        var labels = shaper.wrap(
            field.label, style: .regular, size: PageGeometry.labelSize, width: PageGeometry.labelColumnWidth,
            keepNewlines: false)
        if labels.count > PageGeometry.maximumLabelLines {
            labels = Array(labels.prefix(PageGeometry.maximumLabelLines))
            labels[labels.count - 1] = shaper.withEllipsis(labels[labels.count - 1], width: PageGeometry.labelColumnWidth)
        }
        let values = shaper.wrap(field.value, style: .regular, size: PageGeometry.bodySize, width: PageGeometry.valueWidth)
        let valueBaseline = baseline(style: .regular, size: PageGeometry.bodySize, leading: PageGeometry.valueLeading)
        let labelHeight = Double(labels.count) * PageGeometry.labelLeading
        let valueHeight = Double(values.count) * PageGeometry.valueLeading

        var labelItems: [DrawItem] = []
        for (index, line) in labels.enumerated() where !line.glyphs.isEmpty {
            labelItems.append(
                .text(
                    line, x: PageGeometry.marginLeft,
                    y: valueBaseline + Double(index) * PageGeometry.labelLeading, color: .label))
        }
        func valueItem(_ index: Int, top: Double) -> [DrawItem] {
            values[index].glyphs.isEmpty
                ? []
                : [
                    .text(
                        values[index], x: PageGeometry.valueX,
                        y: top + valueBaseline, color: .text)
                ]
        }

        let height = max(labelHeight, valueHeight)
        guard height > bodyHeight * PageGeometry.splittableRowFraction else {
            var items = labelItems
            for index in values.indices { items += valueItem(index, top: Double(index) * PageGeometry.valueLeading) }
            return [LayoutChunk(height: height, spaceBefore: spaceBefore, items: items)]
        }
        let firstCount = min(values.count, max(2, Int((labelHeight / PageGeometry.valueLeading).rounded(.up))))
        var first = labelItems
        for index in 0..<firstCount { first += valueItem(index, top: Double(index) * PageGeometry.valueLeading) }
        var chunks = [
            LayoutChunk(
                height: max(labelHeight, Double(firstCount) * PageGeometry.valueLeading),
                spaceBefore: spaceBefore, items: first)
        ]
        for index in firstCount..<values.count {
            chunks.append(LayoutChunk(height: PageGeometry.valueLeading, items: valueItem(index, top: 0)))
        }
        return chunks
    }

    // MARK: Chunks to pages

    /// Places chunks on pages. Returns the items of each page in page coordinates (at least one page).
    func paginate(_ chunks: [LayoutChunk]) -> [[DrawItem]] {
        var pages: [[DrawItem]] = [[]]
        var used = 0.0
        var pageIsEmpty = true
        func newPage() {
            pages.append([])
            used = 0
            pageIsEmpty = true
        }
        for (index, chunk) in chunks.enumerated() {
            switch chunk.kind {
            case .pageBreak:
                if !pageIsEmpty { newPage() }
                continue
            case .spacer:
                if pageIsEmpty { continue }
                if used + chunk.height > bodyHeight { newPage() } else { used += chunk.height }
                continue
            case .content:
                break
            }
            var space = pageIsEmpty ? 0 : chunk.spaceBefore
            if !pageIsEmpty {
                let own = space + chunk.height
                var group = own
                if chunk.keepWithNext {
                    // The chunk and everything it is kept with, up to and including the first free chunk.
                    var next = index + 1
                    while next < chunks.count, chunks[next].kind == .content {
                        group += chunks[next].spaceBefore + chunks[next].height
                        if !chunks[next].keepWithNext { break }
                        next += 1
                    }
                }
                let groupFitsOnEmptyPage = group - space <= bodyHeight
                if used + own > bodyHeight || (used + group > bodyHeight && groupFitsOnEmptyPage) {
                    newPage()
                    space = 0
                }
            }
            let top = bodyTop - used - space
            pages[pages.count - 1] += chunk.items.map { $0.movedVertically(pageTop: top) }
            used += space + chunk.height
            pageIsEmpty = false
        }
        return pages
    }
}
