/// Short informative pages linked from every footer (privacy, accessibility statement, legal notes).
enum InfoPageView {
    struct Model {
        var title: String
        var paragraphs: [String]
    }

    static func body(_ model: Model) -> HTMLNode {
        .group([h1(.class("page-title")) { model.title }] + model.paragraphs.map { text in p { text } })
    }
}
