import Foundation

/// A report assembled from sections of text, tables and SVG figures, written as one
/// self-contained HTML page (figures inline, no scripts, readable offline) and as Markdown
/// with the same tables (figures beside it as files).
public struct ReportDocument {
    public struct Table {
        public var header: [String]
        public var rows: [[String]]
        /// Columns holding numbers (right-aligned, checked to be numeric or "n/a").
        public var numericColumns: Set<Int>
        public init(header: [String], rows: [[String]], numericColumns: Set<Int> = []) {
            self.header = header
            self.rows = rows
            self.numericColumns = numericColumns
        }
    }

    public enum Block {
        case paragraph(String)
        case table(Table)
        /// SVG text, a file name for the Markdown version, and a caption.
        case figure(svg: String, file: String, caption: String)
        case list([String])
    }

    public struct Section {
        public var title: String
        public var blocks: [Block]
        public init(title: String, blocks: [Block]) {
            self.title = title
            self.blocks = blocks
        }
    }

    public var title: String
    public var sections: [Section]

    public init(title: String, sections: [Section] = []) {
        self.title = title
        self.sections = sections
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The page as XHTML-compatible HTML5 (parses as XML).
    public var html: String {
        var out = """
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
        <head>
        <meta charset="utf-8"/>
        <title>\(Self.escape(title))</title>
        <style>
        body { font-family: Helvetica, Arial, sans-serif; max-width: 1100px; margin: 2em auto; color: #222; line-height: 1.45; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.25em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 2em; }
        table { border-collapse: collapse; margin: 1em 0; font-size: 0.92em; }
        th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; vertical-align: top; }
        th { background: #f3f3f3; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
        figure { margin: 1em 0; } figcaption { font-size: 0.9em; color: #555; }
        .small { font-size: 0.85em; color: #555; }
        </style>
        </head>
        <body>
        <h1>\(Self.escape(title))</h1>

        """
        for section in sections {
            out += "<h2>\(Self.escape(section.title))</h2>\n"
            for block in section.blocks {
                switch block {
                case .paragraph(let text): out += "<p>\(Self.escape(text))</p>\n"
                case .list(let items): out += "<ul>\n" + items.map { "<li>\(Self.escape($0))</li>\n" }.joined() + "</ul>\n"
                case .figure(let svg, _, let caption):
                    let inline = svg.hasPrefix("<?xml") ? String(svg.drop { $0 != "\n" }.dropFirst()) : svg
                    out += "<figure>\n\(inline)<figcaption>\(Self.escape(caption))</figcaption>\n</figure>\n"
                case .table(let t):
                    out += "<table>\n<tr>" + t.header.map { "<th>\(Self.escape($0))</th>" }.joined() + "</tr>\n"
                    for row in t.rows {
                        out += "<tr>" + row.enumerated().map { k, cell in
                            t.numericColumns.contains(k) ? "<td class=\"num\">\(Self.escape(cell))</td>" : "<td>\(Self.escape(cell))</td>"
                        }.joined() + "</tr>\n"
                    }
                    out += "</table>\n"
                }
            }
        }
        return out + "</body>\n</html>\n"
    }

    /// The same content as Markdown (figures referenced as files).
    public var markdown: String {
        var out = "# \(title)\n"
        for section in sections {
            out += "\n## \(section.title)\n\n"
            for block in section.blocks {
                switch block {
                case .paragraph(let text): out += text + "\n\n"
                case .list(let items): out += items.map { "- \($0)\n" }.joined() + "\n"
                case .figure(_, let file, let caption): out += "![\(caption)](\(file))\n\n"
                case .table(let t):
                    out += "| " + t.header.joined(separator: " | ") + " |\n|" + t.header.map { _ in " --- |" }.joined() + "\n"
                    for row in t.rows { out += "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n" }
                    out += "\n"
                }
            }
        }
        return out
    }

    /// Every SVG figure with its file name.
    public var figures: [(file: String, svg: String)] {
        sections.flatMap { $0.blocks.compactMap { if case .figure(let svg, let file, _) = $0 { return (file, svg) } else { return nil } } }
    }
}
