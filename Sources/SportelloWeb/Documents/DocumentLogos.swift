import Foundation
import Logging
import SportelloCore
import SportelloDocuments

/// The logo each municipality puts in the header of its documents (PNG or JPEG), read once at start from
/// `tenants.<slug>.documentLogo`; the demo municipality has its coat of arms. A file that cannot be read or is not
/// a usable image is reported and left out: documents are then made without a logo, never refused.
struct DocumentLogos: Sendable {
    let bySlug: [String: DocumentImage]

    func logo(for slug: String) -> DocumentImage? { bySlug[slug] }

    static func load(config: AppConfig, logger: Logger) -> DocumentLogos {
        var logos: [String: DocumentImage] = [:]
        if config.demo,
            let url = Bundle.module.url(forResource: "stemma-esempio", withExtension: "png", subdirectory: "Resources/Demo"),
            let data = try? Data(contentsOf: url), let image = try? DocumentImage(data: data)
        {
            logos[DemoData.tenantSlug] = image
        }
        for (slug, path) in config.documentLogos {
            do {
                logos[slug] = try DocumentImage(data: try Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                logger.error(
                    "the municipality's document logo cannot be used; documents are made without it",
                    metadata: ["tenant": "\(slug)", "file": "\(path)", "error": "\(error)"])
            }
        }
        return DocumentLogos(bySlug: logos)
    }
}
