import Foundation

/// Renders ``Document`` values to PDF bytes (A4 portrait).
///
/// ```swift
/// let renderer = DocumentRenderer(fonts: try FontLibrary.bundled())  // once, at start-up
/// let document = Document(
///     metadata: DocumentMetadata(title: "Riepilogo domanda", author: "Comune di Esempio", creationDate: .now),
///     layout: DocumentLayout(header: RunningHeader(leading: "Comune di Esempio", trailing: "Riepilogo domanda"),
///                            footerTemplate: "Pagina {page} di {pages}"),
///     blocks: [.heading("Dati del richiedente", level: 1),
///              .fields([DocumentField(label: "Cognome", value: "Rossi")])])
/// let pdf = try renderer.render(document, conformance: .pdfA1b)
/// ```
///
/// A renderer holds only an immutable ``FontLibrary``; it is `Sendable` and `render` may be called concurrently.
/// The output depends only on the document and the fonts, so the same input (including the creation date) always
/// produces byte-identical files.
public struct DocumentRenderer: Sendable {
    /// The typefaces used for all documents of this renderer.
    public let fonts: FontLibrary

    /// Creates a renderer; cheap, as the fonts are already parsed.
    public init(fonts: FontLibrary) {
        self.fonts = fonts
    }

    /// Lays out and writes the document.
    /// - Parameter conformance: `.pdfA1b` for archival copies, `.plain` for previews.
    /// - Throws: ``FontError`` if a font cannot be subset; ``DocumentSlotError/unfilledSlots(_:)`` if the document has
    ///   slots, which need ``renderWithSlots(_:conformance:)``.
    public func render(_ document: Document, conformance: PDFConformance = .pdfA1b) throws -> [UInt8] {
        let rendered = try renderWithSlots(document, conformance: conformance)
        guard rendered.slots.isEmpty else {
            var names: [String] = []
            for slot in rendered.slots where !names.contains(slot.slot.name) { names.append(slot.slot.name) }
            throw DocumentSlotError.unfilledSlots(names)
        }
        return rendered.bytes
    }

    /// Lays out and writes a document whose slots (see ``DocumentSlot``) are filled in later with
    /// ``RenderedDocument/filling(_:)``. Works for documents without slots too.
    /// - Parameter conformance: `.pdfA1b` for archival copies, `.plain` for previews.
    /// - Throws: ``FontError`` if a font cannot be subset; ``DocumentSlotError`` if a slot has an unusable template or
    ///   two slots share a name but not a template.
    public func renderWithSlots(_ document: Document, conformance: PDFConformance = .pdfA1b) throws -> RenderedDocument {
        try Self.checkSlots(in: document.blocks)
        let header = document.layout.header.map {
            (
                leading: TextSanitizer.clean($0.leading, keepNewlines: false),
                trailing: TextSanitizer.clean($0.trailing, keepNewlines: false), logo: $0.logo
            )
        }
        let headerKind: HeaderKind = header == nil ? .none : header?.logo == nil ? .text : .withLogo
        var composer = PageComposer(fonts: fonts, header: headerKind)
        let pages = composer.paginate(composer.chunks(for: document.blocks))

        var furniture: [DrawItem] = []
        if let watermark = document.layout.watermark.map({ TextSanitizer.clean($0, keepNewlines: false) }),
            !watermark.trimmingCharacters(in: .whitespaces).isEmpty
        {
            furniture.append(watermarkItem(watermark, shaper: &composer.shaper))
        }
        if let header {
            furniture += headerItems(
                leading: header.leading, trailing: header.trailing, logo: header.logo, composer: &composer)
        }
        let footerTemplate = TextSanitizer.clean(document.layout.footerTemplate, keepNewlines: false)
        var streams: [PageStreams] = []
        streams.reserveCapacity(pages.count)
        for (index, items) in pages.enumerated() {
            var stream = ContentStream(capacity: 16 * 1024)
            var slotStream: ContentStream?
            var slotPositions: [(slot: Int, style: FontStyle, offset: Int)] = []
            furniture.forEach { stream.draw($0) }
            for item in items {
                if case let .slot(slot, line, x, y, color) = item {
                    var slots = slotStream ?? ContentStream()
                    slotPositions.append((slot, line.style, slots.drawSlot(line, x: x, y: y, color: color)))
                    slotStream = slots
                } else {
                    stream.draw(item)
                }
            }
            if !footerTemplate.isEmpty {
                let text = Self.footerText(footerTemplate, page: index + 1, of: pages.count)
                let line = composer.shaper.singleLine(
                    text, style: .regular, size: PageGeometry.footerSize,
                    width: PageGeometry.contentWidth)
                stream.draw(
                    .text(
                        line, x: (PageGeometry.width - line.width) / 2, y: PageGeometry.footerBaseline,
                        color: .secondary))
            }
            streams.append(
                PageStreams(content: stream.finish(), slots: slotStream.map { $0.finish() }, slotPositions: slotPositions))
        }
        return try write(
            streams, composer: composer, metadata: document.metadata, conformance: conformance)
    }

    /// The content of one page: the main stream, and the uncompressed stream with its slots, if any.
    private struct PageStreams {
        var content: [UInt8]
        var slots: [UInt8]?
        /// For each slot drawn, its index in the composer's list and where its glyph codes start in `slots`.
        var slotPositions: [(slot: Int, style: FontStyle, offset: Int)]
    }

    /// Refuses unusable templates, and different templates under one name, before anything is laid out.
    static func checkSlots(in blocks: [DocumentBlock]) throws(DocumentSlotError) {
        var templates: [String: String] = [:]
        for case let .stamp(stamp) in blocks {
            for row in stamp.rows {
                guard case let .slot(slot) = row.value else { continue }
                let scalars = slot.template.unicodeScalars
                let usable =
                    !slot.name.isEmpty && !scalars.isEmpty && scalars.count <= 100
                    && scalars.allSatisfy {
                        $0 == " " || TextSanitizer.usualKind($0.value) == .visible
                    }
                guard usable else { throw .invalidTemplate(slot: slot.name) }
                if let known = templates[slot.name], known != slot.template {
                    throw .conflictingTemplates(slot: slot.name)
                }
                templates[slot.name] = slot.template
            }
        }
    }

    /// The footer template with `{page}` and `{pages}` replaced.
    static func footerText(_ template: String, page: Int, of pages: Int) -> String {
        guard template.utf8.contains(UInt8(ascii: "{")) else { return template }
        var result = String.UnicodeScalarView()
        let scalars = template.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let rest = scalars[index...]
            if rest.starts(with: "{pages}".unicodeScalars) {
                result.append(contentsOf: String(pages).unicodeScalars)
                index = scalars.index(index, offsetBy: 7)
            } else if rest.starts(with: "{page}".unicodeScalars) {
                result.append(contentsOf: String(page).unicodeScalars)
                index = scalars.index(index, offsetBy: 6)
            } else {
                result.append(scalars[index])
                index = scalars.index(after: index)
            }
        }
        return String(result)
    }

    /// The watermark, centred on the page along the diagonal, as large as fits (at most 60 pt).
    private func watermarkItem(_ text: String, shaper: inout TextShaper) -> DrawItem {
        let angle = atan2(PageGeometry.height, PageGeometry.width)
        let diagonal = (PageGeometry.width * PageGeometry.width + PageGeometry.height * PageGeometry.height).squareRoot()
        let font = fonts.font(.bold)
        let unitLine = shaper.singleLine(text, style: .bold, size: 1, width: .infinity)
        let size = unitLine.width > 0 ? min(60, diagonal * 0.75 / unitLine.width) : 60
        let line = TextLine(style: .bold, size: size, glyphs: unitLine.glyphs, width: unitLine.width * size)
        let capHeight = Double(font.capHeight) / Double(font.unitsPerEm) * size
        // Start so that the middle of the text lies at the page centre.
        let x = PageGeometry.width / 2 - cos(angle) * line.width / 2 + sin(angle) * capHeight / 2
        let y = PageGeometry.height / 2 - sin(angle) * line.width / 2 - cos(angle) * capHeight / 2
        return .text(line, x: x, y: y, color: .watermark, angle: angle)
    }

    private func headerItems(
        leading: String, trailing: String, logo: DocumentImage?, composer: inout PageComposer
    ) -> [DrawItem] {
        let width = PageGeometry.contentWidth
        var items: [DrawItem] = []
        var textLeft = PageGeometry.marginLeft
        var ruleY = PageGeometry.headerRuleY
        if let logo {
            var logoHeight = PageGeometry.logoHeight
            var logoWidth = logoHeight * logo.aspectRatio
            let widest = width * PageGeometry.logoMaximumWidthFraction
            if logoWidth > widest {
                logoWidth = widest
                logoHeight = logoWidth / logo.aspectRatio
            }
            // Centred on the space of a full-height logo.
            let bottom = PageGeometry.logoTop - (PageGeometry.logoHeight + logoHeight) / 2
            items.append(
                .image(
                    composer.register(logo), x: PageGeometry.marginLeft, y: bottom, width: logoWidth,
                    height: logoHeight))
            textLeft += logoWidth + PageGeometry.logoGap
            ruleY = PageGeometry.headerRuleYWithLogo
        }
        let right =
            trailing.isEmpty
            ? nil
            : composer.shaper.singleLine(trailing, style: .regular, size: PageGeometry.headerSize, width: width * 0.45)
        let left = composer.shaper.singleLine(
            leading, style: .bold, size: PageGeometry.headerSize,
            width: max(0, PageGeometry.marginLeft + width - textLeft - (right.map { $0.width + 18 } ?? 0)))
        items += [
            .text(left, x: textLeft, y: PageGeometry.headerBaseline, color: .text),
            .horizontalLine(
                from: PageGeometry.marginLeft, to: PageGeometry.width - PageGeometry.marginRight,
                y: ruleY, width: 0.5, color: .ruleLine),
        ]
        if let right {
            items.append(
                .text(
                    right, x: PageGeometry.width - PageGeometry.marginRight - right.width,
                    y: PageGeometry.headerBaseline, color: .secondary))
        }
        return items
    }

    // MARK: - File structure

    private func write(
        _ streams: [PageStreams], composer: PageComposer, metadata: DocumentMetadata, conformance: PDFConformance
    ) throws -> RenderedDocument {
        var writer = PDFWriter()
        let catalog = writer.reserve()
        let pageTree = writer.reserve()
        let info = writer.reserve()
        let resources = writer.reserve()

        let usage = composer.shaper.usage
        var fontEntries: [String] = []
        for style in FontStyle.allCases where !usage[style.rawValue].isEmpty {
            let reference = try FontEmbedder(font: fonts.font(style), usage: usage[style.rawValue])
                .write(to: &writer, common: fonts.commonSubset(style))
            fontEntries.append("\(ContentStream.fontNames[style.rawValue]) \(reference)")
        }
        var resourceEntries = "/Font << \(fontEntries.joined(separator: " ")) >>"
        if !composer.images.isEmpty {
            var imageEntries: [String] = []
            for (index, image) in composer.images.enumerated() {
                let reference = writer.reserve()
                writer.writeStream(
                    reference, entries: image.xObject.entries, payload: image.xObject.payload, compressed: false,
                    fingerprinted: false)
                imageEntries.append("\(ContentStream.imageName(index)) \(reference)")
            }
            resourceEntries += " /XObject << \(imageEntries.joined(separator: " ")) >>"
        }
        writer.write(resources, "<< \(resourceEntries) >>")

        let mediaBox = "[0 0 \(PDFSyntax.number(PageGeometry.width)) \(PDFSyntax.number(PageGeometry.height))]"
        var pages: [PDFReference] = []
        var slotStreams: [(reference: PDFReference, page: Int)] = []
        for (index, stream) in streams.enumerated() {
            let page = writer.reserve()
            let contents = writer.reserve()
            writer.writeStream(contents, data: stream.content, compress: true, effort: .fast)
            var contentsEntry = "\(contents)"
            if stream.slots != nil {
                // Written last, uncompressed, so that filling the slots changes no offset.
                let slots = writer.reserve()
                slotStreams.append((slots, index))
                contentsEntry = "[\(contents) \(slots)]"
            }
            writer.write(
                page,
                "<< /Type /Page /Parent \(pageTree) /MediaBox \(mediaBox) /Resources \(resources)"
                    + " /Contents \(contentsEntry) >>")
            pages.append(page)
        }
        let kids = pages.map(\.description).joined(separator: " ")
        writer.write(pageTree, "<< /Type /Pages /Kids [\(kids)] /Count \(pages.count) >>")

        let documentInfo = DocumentInfo(metadata)
        writer.write(info, documentInfo.infoDictionary)

        var catalogEntries = "/Type /Catalog /Pages \(pageTree) /ViewerPreferences << /DisplayDocTitle true >>"
        let language = TextSanitizer.clean(metadata.language, keepNewlines: false)
        if !language.isEmpty { catalogEntries += " /Lang \(PDFSyntax.literal(String(language.prefix(100))))" }
        if conformance == .pdfA1b {
            let xmp = writer.reserve()
            writer.writeStream(
                xmp, entries: "/Type /Metadata /Subtype /XML",
                data: documentInfo.xmpPacket(language: language, pdfA: true), compress: false)
            let profile = writer.reserve()
            writer.writeStream(
                profile, entries: "/N 3", payload: ICCProfile.compressedSRGB, compressed: true, fingerprinted: false)
            let condition = PDFSyntax.literal(ICCProfile.description)
            catalogEntries +=
                " /Metadata \(xmp) /OutputIntents [<< /Type /OutputIntent /S /GTS_PDFA1"
                + " /OutputConditionIdentifier \(condition) /Info \(condition) /DestOutputProfile \(profile) >>]"
        }
        writer.write(catalog, "<< \(catalogEntries) >>")

        var slots: [RenderedSlot] = []
        for (reference, page) in slotStreams {
            let stream = streams[page]
            let start = writer.writeStream(reference, payload: stream.slots ?? [], compressed: false)
            for position in stream.slotPositions {
                let slot = composer.slots[position.slot]
                let font = fonts.font(position.style)
                let digits = (0x30...0x39).map { font.glyph(for: Unicode.Scalar(UInt8($0))) ?? 0 }
                let length = slot.template.unicodeScalars.count * 4
                slots.append(
                    RenderedSlot(
                        slot: slot, byteRange: (start + position.offset)..<(start + position.offset + length),
                        digitGlyphs: digits))
            }
        }
        return RenderedDocument(bytes: writer.finish(root: catalog, info: info), slots: slots)
    }
}
