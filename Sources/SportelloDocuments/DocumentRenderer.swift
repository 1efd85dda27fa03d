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
    /// - Throws: ``FontError`` if a font cannot be subset.
    public func render(_ document: Document, conformance: PDFConformance = .pdfA1b) throws -> [UInt8] {
        let header = document.layout.header.map {
            (TextSanitizer.clean($0.leading, keepNewlines: false), TextSanitizer.clean($0.trailing, keepNewlines: false))
        }
        var composer = PageComposer(fonts: fonts, hasHeader: header != nil)
        let pages = composer.paginate(composer.chunks(for: document.blocks))

        var furniture: [DrawItem] = []
        if let watermark = document.layout.watermark.map({ TextSanitizer.clean($0, keepNewlines: false) }),
            !watermark.trimmingCharacters(in: .whitespaces).isEmpty
        {
            furniture.append(watermarkItem(watermark, shaper: &composer.shaper))
        }
        if let (leading, trailing) = header {
            furniture += headerItems(leading: leading, trailing: trailing, shaper: &composer.shaper)
        }
        let footerTemplate = TextSanitizer.clean(document.layout.footerTemplate, keepNewlines: false)
        var streams: [[UInt8]] = []
        streams.reserveCapacity(pages.count)
        for (index, items) in pages.enumerated() {
            var stream = ContentStream(capacity: 16 * 1024)
            furniture.forEach { stream.draw($0) }
            items.forEach { stream.draw($0) }
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
            streams.append(stream.finish())
        }
        return try write(streams, usage: composer.shaper.usage, metadata: document.metadata, conformance: conformance)
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

    private func headerItems(leading: String, trailing: String, shaper: inout TextShaper) -> [DrawItem] {
        let width = PageGeometry.contentWidth
        let right =
            trailing.isEmpty
            ? nil
            : shaper.singleLine(trailing, style: .regular, size: PageGeometry.headerSize, width: width * 0.45)
        let left = shaper.singleLine(
            leading, style: .bold, size: PageGeometry.headerSize,
            width: width - (right.map { $0.width + 18 } ?? 0))
        var items: [DrawItem] = [
            .text(left, x: PageGeometry.marginLeft, y: PageGeometry.headerBaseline, color: .text),
            .horizontalLine(
                from: PageGeometry.marginLeft, to: PageGeometry.width - PageGeometry.marginRight,
                y: PageGeometry.headerRuleY, width: 0.5, color: .ruleLine),
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
        _ streams: [[UInt8]], usage: [FontUsage], metadata: DocumentMetadata, conformance: PDFConformance
    ) throws -> [UInt8] {
        var writer = PDFWriter()
        let catalog = writer.reserve()
        let pageTree = writer.reserve()
        let info = writer.reserve()

        var fontEntries: [String] = []
        for style in FontStyle.allCases where !usage[style.rawValue].isEmpty {
            let reference = try FontEmbedder(font: fonts.font(style), usage: usage[style.rawValue])
                .write(to: &writer, common: fonts.commonSubset(style))
            fontEntries.append("\(ContentStream.fontNames[style.rawValue]) \(reference)")
        }
        let resources = "<< /Font << \(fontEntries.joined(separator: " ")) >> >>"
        let mediaBox = "[0 0 \(PDFSyntax.number(PageGeometry.width)) \(PDFSyntax.number(PageGeometry.height))]"
        var pages: [PDFReference] = []
        for stream in streams {
            let page = writer.reserve()
            let contents = writer.reserve()
            writer.writeStream(contents, data: stream, compress: true, effort: .fast)
            writer.write(
                page,
                "<< /Type /Page /Parent \(pageTree) /MediaBox \(mediaBox) /Resources \(resources)"
                    + " /Contents \(contents) >>")
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
        return writer.finish(root: catalog, info: info)
    }
}
