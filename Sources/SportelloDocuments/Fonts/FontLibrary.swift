public import Foundation

/// The typefaces a document is set in: a regular and a bold weight.
///
/// Parsing a font takes a few milliseconds, so load a library once at start-up (for example with
/// ``FontLibrary/bundled()``) and reuse it for every document. The value is immutable and `Sendable`; it can be
/// used from any number of concurrent renderings.
public struct FontLibrary: Sendable {
    let regular: TrueTypeFont
    let bold: TrueTypeFont
    /// Ready-made subsets for the usual characters, one per style (see ``CommonSubset``).
    let commonSubsets: [CommonSubset]

    /// Creates a library from two TrueType (glyf outline) font files.
    /// - Throws: ``FontError`` when a file is not a usable TrueType font or forbids embedding.
    public init(regularFontData: Data, boldFontData: Data) throws {
        regular = try TrueTypeFont(data: [UInt8](regularFontData))
        bold = try TrueTypeFont(data: [UInt8](boldFontData))
        commonSubsets = [try CommonSubset(font: regular), try CommonSubset(font: bold)]
    }

    func commonSubset(_ style: FontStyle) -> CommonSubset { commonSubsets[style.rawValue] }

    /// The fonts shipped with this module: DejaVu Sans and DejaVu Sans Bold (Bitstream Vera licence, see
    /// `Resources/Fonts/LICENSE`).
    public static func bundled() throws -> FontLibrary {
        func load(_ name: String) throws -> Data {
            guard let url = Bundle.module.url(forResource: name, withExtension: "ttf", subdirectory: "Fonts") else {
                throw FontError.resourceMissing("\(name).ttf")
            }
            return try Data(contentsOf: url)
        }
        return try FontLibrary(regularFontData: load("DejaVuSans"), boldFontData: load("DejaVuSans-Bold"))
    }

    func font(_ style: FontStyle) -> TrueTypeFont {
        switch style {
        case .regular: regular
        case .bold: bold
        }
    }
}

/// The two weights a document uses.
enum FontStyle: Int, Sendable, CaseIterable {
    case regular
    case bold
}
