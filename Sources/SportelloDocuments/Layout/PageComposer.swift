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
/// is the PDF coordinate (upwards from the page bottom). Rectangles and images are placed by their bottom edge.
enum DrawItem: Equatable {
    /// A line of text with its baseline origin at (x, y), optionally rotated counter-clockwise by `angle` radians.
    case text(TextLine, x: Double, y: Double, color: RGBColor, angle: Double = 0)
    /// A horizontal line.
    case horizontalLine(from: Double, to: Double, y: Double, width: Double, color: RGBColor)
    /// A rectangle, filled and/or outlined.
    case rectangle(x: Double, y: Double, width: Double, height: Double, fill: RGBColor?, stroke: RGBColor?, lineWidth: Double)
    /// An image of the composer's ``PageComposer/images`` list, scaled to the given size.
    case image(Int, x: Double, y: Double, width: Double, height: Double)
    /// The template of a slot (an index into the renderer's slot list), drawn like text but into the page's slot
    /// stream so it can be filled in later.
    case slot(Int, TextLine, x: Double, y: Double, color: RGBColor)

    func movedVertically(pageTop: Double) -> DrawItem {
        switch self {
        case let .text(line, x, y, color, angle):
            .text(line, x: x, y: pageTop - y, color: color, angle: angle)
        case let .horizontalLine(from, to, y, width, color):
            .horizontalLine(from: from, to: to, y: pageTop - y, width: width, color: color)
        case let .rectangle(x, y, width, height, fill, stroke, lineWidth):
            .rectangle(x: x, y: pageTop - y, width: width, height: height, fill: fill, stroke: stroke, lineWidth: lineWidth)
        case let .image(index, x, y, width, height):
            .image(index, x: x, y: pageTop - y, width: width, height: height)
        case let .slot(index, line, x, y, color):
            .slot(index, line, x: x, y: pageTop - y, color: color)
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
    /// Drawn above the chunk when the chunk starts a page (a table's header row).
    var repeatedHeader: RepeatedHeader?
}

/// The header row of a table, repeated on each page the table continues on.
struct RepeatedHeader {
    var height: Double
    var items: [DrawItem]
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
    /// With a logo the header is taller: the logo's top and bottom, the rule and the body's top.
    static let logoTop = height - 22
    static let logoHeight = 28.0
    /// A logo wider than this fraction of the text column is made smaller.
    static let logoMaximumWidthFraction = 0.34
    static let logoGap = 10.0
    static let headerRuleYWithLogo = height - 56
    static let bodyTopWithLogo = height - 74
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

    static let tableSize = 8.5
    static let tableLeading = 11.0
    static let tableCellPadding = 3.0
    static let tableHeaderFill = RGBColor(red: 0.92, green: 0.92, blue: 0.92)
    static let tableRuleColor = RGBColor(red: 0.75, green: 0.75, blue: 0.75)

    static let stampWidthFraction = 0.5
    static let stampPadding = 8.0
    static let stampTitleSize = 10.0
    static let stampLabelSize = 8.0
    static let stampValueSize = 10.0
    static let stampLeading = 14.0
    static let stampFixedValueLines = 3
    static let stampBorder = RGBColor(red: 0.2, green: 0.2, blue: 0.2)
}

/// The kinds of running header, which decide where the body starts.
enum HeaderKind {
    case none
    case text
    case withLogo

    var bodyTop: Double {
        switch self {
        case .none: PageGeometry.bodyTopWithoutHeader
        case .text: PageGeometry.bodyTopWithHeader
        case .withLogo: PageGeometry.bodyTopWithLogo
        }
    }
}

/// Turns document blocks into chunks and chunks into pages.
struct PageComposer {
    var shaper: TextShaper
    let bodyTop: Double
    /// The distinct images drawn, in order of first use; ``DrawItem/image(_:x:y:width:height:)`` refers to them.
    private(set) var images: [DocumentImage] = []
    private var imageIndices: [DocumentImage: Int] = [:]
    /// The distinct slots drawn, by name, in order of first use; ``DrawItem/slot(_:_:x:y:color:)`` refers to them.
    private(set) var slots: [DocumentSlot] = []
    private var slotIndices: [String: Int] = [:]

    init(fonts: FontLibrary, header: HeaderKind) {
        shaper = TextShaper(fonts: fonts)
        bodyTop = header.bodyTop
    }

    init(fonts: FontLibrary, hasHeader: Bool) {
        self.init(fonts: fonts, header: hasHeader ? .text : .none)
    }

    /// The index of an image in ``images``, adding it the first time.
    mutating func register(_ image: DocumentImage) -> Int {
        if let index = imageIndices[image] { return index }
        images.append(image)
        imageIndices[image] = images.count - 1
        return images.count - 1
    }

    private mutating func register(_ slot: DocumentSlot) -> Int {
        if let index = slotIndices[slot.name] { return index }
        slots.append(slot)
        slotIndices[slot.name] = slots.count - 1
        return slots.count - 1
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
            case let .image(image, width):
                chunks.append(imageChunk(image, width: width))
            case let .table(table):
                chunks += tableChunks(table)
            case let .stamp(stamp):
                chunks.append(stampChunk(stamp))
            case let .matrixCode(code):
                chunks.append(matrixChunk(code))
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

    // MARK: Matrix codes

    /// One filled rectangle per run of dark modules, in pure black (scanners need the contrast).
    private func matrixChunk(_ code: DocumentMatrixCode) -> LayoutChunk {
        let modules = Double(max(code.size, 1) + 2 * max(code.quietZone, 0))
        let side = code.width.isFinite ? min(max(code.width, modules), PageGeometry.contentWidth) : PageGeometry.contentWidth
        let module = side / modules
        let origin = Double(max(code.quietZone, 0)) * module
        let items: [DrawItem] = code.darkRuns.map { run in
            .rectangle(
                x: PageGeometry.marginLeft + origin + Double(run.column) * module,
                y: origin + Double(run.row + 1) * module, width: Double(run.length) * module, height: module,
                fill: .text, stroke: nil, lineWidth: 0)
        }
        return LayoutChunk(height: side, spaceBefore: 8, items: items)
    }

    // MARK: Images

    private mutating func imageChunk(_ image: DocumentImage, width: Double) -> LayoutChunk {
        var width = width.isFinite ? min(max(width, 1), PageGeometry.contentWidth) : PageGeometry.contentWidth
        var height = width / image.aspectRatio
        if height > bodyHeight {
            height = bodyHeight
            width = height * image.aspectRatio
        }
        let index = register(image)
        return LayoutChunk(
            height: height, spaceBefore: 8,
            items: [.image(index, x: PageGeometry.marginLeft, y: height, width: width, height: height)])
    }

    // MARK: Tables

    /// The header row (kept with the first row, and repeated on later pages) and one chunk per row; a row taller
    /// than a page (less the header) becomes one chunk per line.
    private mutating func tableChunks(_ table: DocumentTable) -> [LayoutChunk] {
        guard !table.columns.isEmpty else { return [] }
        let weights = table.columns.map { $0.width.isFinite && $0.width > 0 ? $0.width : 1 }
        let total = weights.reduce(0, +)
        var lefts: [Double] = []
        var widths: [Double] = []
        var x = PageGeometry.marginLeft
        for weight in weights {
            lefts.append(x)
            widths.append(PageGeometry.contentWidth * weight / total)
            x += widths[widths.count - 1]
        }
        let padding = PageGeometry.tableCellPadding
        let leading = PageGeometry.tableLeading
        let baseline = baseline(style: .regular, size: PageGeometry.tableSize, leading: leading)
        let right = PageGeometry.marginLeft + PageGeometry.contentWidth

        /// Wrapped cell texts, one array of lines per column.
        func cells(_ texts: [String], style: FontStyle) -> [[TextLine]] {
            table.columns.indices.map { column in
                let text = column < texts.count ? texts[column] : ""
                return shaper.wrap(
                    text, style: style, size: PageGeometry.tableSize, width: max(widths[column] - 2 * padding, 1))
            }
        }
        /// The text items of lines `lines` of a row, `top` points below the chunk top.
        func lineItems(_ cells: [[TextLine]], lines: Range<Int>, top: Double) -> [DrawItem] {
            var items: [DrawItem] = []
            for (column, cell) in cells.enumerated() {
                for line in lines where line < cell.count && !cell[line].glyphs.isEmpty {
                    items.append(
                        .text(
                            cell[line], x: lefts[column] + padding,
                            y: top + Double(line - lines.lowerBound) * leading + baseline, color: .text))
                }
            }
            return items
        }

        let titles = cells(table.columns.map(\.title), style: .bold)
        let titleLines = titles.map(\.count).max() ?? 1
        let headerHeight = Double(titleLines) * leading + 2 * padding
        var headerItems: [DrawItem] = [
            .rectangle(
                x: PageGeometry.marginLeft, y: headerHeight, width: PageGeometry.contentWidth, height: headerHeight,
                fill: PageGeometry.tableHeaderFill, stroke: nil, lineWidth: 0),
            .horizontalLine(from: PageGeometry.marginLeft, to: right, y: 0, width: 0.75, color: .ruleLine),
            .horizontalLine(from: PageGeometry.marginLeft, to: right, y: headerHeight, width: 0.75, color: .ruleLine),
        ]
        headerItems += lineItems(titles, lines: 0..<titleLines, top: padding)
        let header = RepeatedHeader(height: headerHeight, items: headerItems)
        var chunks = [LayoutChunk(height: headerHeight, spaceBefore: 10, items: headerItems, keepWithNext: true)]

        for row in table.rows {
            let cells = cells(row, style: .regular)
            let lineCount = max(cells.map(\.count).max() ?? 1, 1)
            let height = Double(lineCount) * leading + 2 * padding
            func rule(_ y: Double) -> DrawItem {
                .horizontalLine(from: PageGeometry.marginLeft, to: right, y: y, width: 0.25, color: PageGeometry.tableRuleColor)
            }
            if height <= bodyHeight - headerHeight {
                chunks.append(
                    LayoutChunk(
                        height: height, items: lineItems(cells, lines: 0..<lineCount, top: padding) + [rule(height)],
                        repeatedHeader: header))
                continue
            }
            // Taller than a page: line by line, the padding on the first and last.
            for line in 0..<lineCount {
                let top = line == 0 ? padding : 0
                let bottom = line == lineCount - 1 ? padding : 0
                var items = lineItems(cells, lines: line..<(line + 1), top: top)
                if bottom > 0 { items.append(rule(top + leading + bottom)) }
                chunks.append(LayoutChunk(height: top + leading + bottom, items: items, repeatedHeader: header))
            }
        }
        return chunks
    }

    // MARK: Stamps

    /// The stamp as one chunk, aligned right: a double border, the title, a thin rule and the rows.
    private mutating func stampChunk(_ stamp: DocumentStamp) -> LayoutChunk {
        let padding = PageGeometry.stampPadding
        let leading = PageGeometry.stampLeading
        let valueStyle = FontStyle.bold
        let valueFont = shaper.fonts.font(valueStyle)
        let valueScale = PageGeometry.stampValueSize / Double(valueFont.unitsPerEm)
        // A slot is as wide as its template with the widest digit in each `0`.
        let widestDigit =
            (0x30...0x39).compactMap { Unicode.Scalar($0).flatMap(valueFont.glyph(for:)) }
            .map { valueFont.advanceWidth(of: $0) }.max() ?? 0
        func slotWidth(_ slot: DocumentSlot) -> Double {
            var units = 0
            for scalar in slot.template.unicodeScalars {
                units += scalar == "0" ? widestDigit : valueFont.advanceWidth(of: valueFont.glyph(for: scalar) ?? 0)
            }
            return Double(units) * valueScale
        }
        var width = PageGeometry.contentWidth * PageGeometry.stampWidthFraction
        var labelWidth = (width - 2 * padding) * 0.4
        let widestSlot =
            stamp.rows.compactMap { row -> Double? in
                if case let .slot(slot) = row.value { slotWidth(slot) } else { nil }
            }.max() ?? 0
        if labelWidth + padding + widestSlot + 2 * padding > width {
            width = min(PageGeometry.contentWidth, labelWidth + widestSlot + 3 * padding)
        }
        labelWidth = min(labelWidth, width - 3 * padding - widestSlot)
        let valueWidth = width - 3 * padding - labelWidth
        let left = PageGeometry.width - PageGeometry.marginRight - width

        var items: [DrawItem] = []
        var y = padding
        var titles = shaper.wrap(
            stamp.title, style: .bold, size: PageGeometry.stampTitleSize, width: width - 2 * padding, keepNewlines: false)
        if titles.count > 2 {
            titles = [titles[0], shaper.withEllipsis(titles[1], width: width - 2 * padding)]
        }
        let titleBaseline = baseline(style: .bold, size: PageGeometry.stampTitleSize, leading: leading)
        if titles.contains(where: { !$0.glyphs.isEmpty }) {
            for (index, title) in titles.enumerated() {
                items.append(.text(title, x: left + padding, y: y + Double(index) * leading + titleBaseline, color: .text))
            }
            y += Double(titles.count) * leading + 3
            items.append(
                .horizontalLine(from: left + padding, to: left + width - padding, y: y, width: 0.5, color: .ruleLine))
            y += 4
        }
        let valueBaseline = baseline(style: valueStyle, size: PageGeometry.stampValueSize, leading: leading)
        for row in stamp.rows {
            let labels = shaper.wrap(
                row.label, style: .regular, size: PageGeometry.stampLabelSize, width: labelWidth, keepNewlines: false)
            var values: [TextLine] = []
            switch row.value {
            case let .text(text):
                values = shaper.wrap(text, style: .regular, size: PageGeometry.stampValueSize - 1, width: valueWidth)
                if values.count > PageGeometry.stampFixedValueLines {
                    values = Array(values.prefix(PageGeometry.stampFixedValueLines))
                    values[values.count - 1] = shaper.withEllipsis(values[values.count - 1], width: valueWidth)
                }
                for (index, line) in values.enumerated() where !line.glyphs.isEmpty {
                    items.append(
                        .text(
                            line, x: left + 2 * padding + labelWidth, y: y + Double(index) * leading + valueBaseline,
                            color: .text))
                }
            case let .slot(slot):
                let index = register(slot)
                let line = shaper.slotLine(slot.template, style: valueStyle, size: PageGeometry.stampValueSize)
                values = [line]
                items.append(.slot(index, line, x: left + 2 * padding + labelWidth, y: y + valueBaseline, color: .text))
            }
            for (index, line) in labels.prefix(PageGeometry.stampFixedValueLines).enumerated() where !line.glyphs.isEmpty {
                items.append(.text(line, x: left + padding, y: y + Double(index) * leading + valueBaseline, color: .label))
            }
            y += Double(max(values.count, min(labels.count, PageGeometry.stampFixedValueLines), 1)) * leading
        }
        let height = y + padding
        items.insert(
            contentsOf: [
                .rectangle(
                    x: left, y: height, width: width, height: height, fill: nil, stroke: PageGeometry.stampBorder,
                    lineWidth: 1.2),
                .rectangle(
                    x: left + 2.5, y: height - 2.5, width: width - 5, height: height - 5, fill: nil,
                    stroke: PageGeometry.stampBorder, lineWidth: 0.4),
            ], at: 0)
        return LayoutChunk(height: height, spaceBefore: 12, items: items)
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
            if pageIsEmpty, let header = chunk.repeatedHeader {
                pages[pages.count - 1] += header.items.map { $0.movedVertically(pageTop: bodyTop) }
                used += header.height
            }
            let top = bodyTop - used - space
            pages[pages.count - 1] += chunk.items.map { $0.movedVertically(pageTop: top) }
            used += space + chunk.height
            pageIsEmpty = false
        }
        return pages
    }
}
