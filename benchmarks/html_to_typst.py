"""reportgen's print HTML -> a plain Typst document with the same words, for bench_pdf.py's comparison.

    python benchmarks/html_to_typst.py REPORT.html > report.typ

A simple version of the content, not a second theme: headings (one chapter per page break), paragraphs,
definition lists, bulleted and numbered lists, and tables (a header row, column spans) keep their text;
emphasis, links, badges, charts (SVG) and the theme's colours do not. Every run of text is written as a
Typst string literal (``#"..."``), so that nothing in the report can be read as Typst markup or code.
The page has the print theme's size, margins, font (Inter, from the theme's folder) and a "Page N of M"
footer; the PDF is tagged.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIPPED = {"head", "script", "style", "svg", "template", "summary"}
SKIPPED_CLASSES = {"skip-link", "to-contents", "visually-hidden"}
BLOCKS = {"p", "dt", "dd", "li", "blockquote", "figcaption", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "pre"}
INLINE = {
    "a",
    "abbr",
    "b",
    "br",
    "cite",
    "code",
    "del",
    "em",
    "i",
    "ins",
    "mark",
    "q",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
}
HEADINGS = {"h2": "=", "h3": "==", "h4": "===", "h5": "====", "h6": "===="}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):  # tolerate unclosed elements (li, p)
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _skipped(node: Node) -> bool:
    classes = set(node.attrs.get("class", "").split())
    return node.tag in SKIPPED or bool(classes & SKIPPED_CLASSES) or node.attrs.get("aria-hidden") == "true"


def text_of(node: Node | str) -> str:
    """The text of a node, whitespace collapsed; block children are separated by a space."""
    if isinstance(node, str):
        return node
    if _skipped(node):
        return ""
    parts = [(" " if _own_line(child) else "") + text_of(child) for child in node.children]
    separator = (
        " " if any(isinstance(c, Node) and c.tag in BLOCKS | {"div", "ul", "ol", "br"} for c in node.children) else ""
    )
    return re.sub(r"\s+", " ", separator.join(parts))


def _own_line(node: Node | str) -> bool:
    """A span the theme shows as a line of its own (a table cell's note or title)."""
    return isinstance(node, Node) and bool({"cell-note", "cell-title"} & set(node.attrs.get("class", "").split()))


def literal(text: str) -> str:
    """A Typst string literal inserted as text."""
    return '#"' + text.strip().replace("\\", "\\\\").replace('"', '\\"') + '"'


class Writer:
    def __init__(self) -> None:
        self.out: list[str] = []

    def block(self, node: Node | str) -> None:
        if isinstance(node, str):
            if node.strip():
                self.out.append(literal(re.sub(r"\s+", " ", node)) + "\n\n")
            return
        if _skipped(node):
            return
        tag = node.tag
        if tag in HEADINGS:
            text = text_of(node).strip()
            if text:
                self.out.append(f"{HEADINGS[tag]} {literal(text)}\n\n")
        elif tag == "h1":
            self.out.append(f'#text(size: 24pt, weight: "bold")[{literal(text_of(node))}]\n\n')
        elif tag == "table":
            self.table(node)
        elif tag in ("ul", "ol"):
            marker = "+" if tag == "ol" else "-"
            for item in node.children:
                if isinstance(item, Node) and item.tag == "li" and text_of(item).strip():
                    self.out.append(f"{marker} {literal(text_of(item))}\n")
            self.out.append("\n")
        elif tag in BLOCKS:
            text = text_of(node).strip()
            if text:
                self.out.append(literal(text) + "\n\n")
        else:
            if tag == "section" and "chapter" in node.attrs.get("class", "").split():
                self.out.append("#pagebreak(weak: true)\n")
            run: list[Node | str] = []  # consecutive inline children make one paragraph
            for child in [*node.children, None]:
                if child is not None and (isinstance(child, str) or child.tag in INLINE):
                    run.append(child)
                    continue
                text = re.sub(r"\s+", " ", "".join(text_of(c) for c in run)).strip()
                if text:
                    self.out.append(literal(text) + "\n\n")
                run = []
                if child is not None:
                    self.block(child)

    def table(self, node: Node) -> None:
        rows: list[tuple[bool, list[Node]]] = []

        def collect(parent: Node, header: bool) -> None:
            for child in parent.children:
                if not isinstance(child, Node):
                    continue
                if child.tag == "tr":
                    rows.append((header, [c for c in child.children if isinstance(c, Node) and c.tag in ("th", "td")]))
                elif child.tag in ("thead", "tbody", "tfoot"):
                    collect(child, child.tag == "thead")
                elif child.tag == "caption":
                    self.out.append(f'#text(weight: "bold")[{literal(text_of(child))}]\n\n')

        collect(node, False)
        if not rows:
            return
        columns = max(sum(int(c.attrs.get("colspan", "1") or 1) for c in cells) for _, cells in rows)

        def cell(c: Node) -> str:
            span = int(c.attrs.get("colspan", "1") or 1)
            body = f"[{literal(text_of(c))}]"
            return f"table.cell(colspan: {span}, {body})" if span > 1 else body

        header = [cells for is_header, cells in rows if is_header]
        body = [cells for is_header, cells in rows if not is_header]
        parts = [f"columns: {columns}"]
        if header:
            parts.append("table.header(" + ", ".join(cell(c) for c in header[0]) + ")")
        parts.extend(cell(c) for cells in body for c in cells)
        self.out.append("#table(" + ", ".join(parts) + ")\n\n")


PREAMBLE = """\
#set document(title: "{title}")
#set page(paper: "a4", margin: (x: 20mm, top: 24mm, bottom: 22mm),
  footer: context align(right, text(size: 7pt)[Page #counter(page).display() of #counter(page).final().first()]))
#set text(font: "Inter", size: 9.5pt, lang: "en")
#set table(stroke: (x, y) => (bottom: 0.5pt + luma(200)), inset: (x: 3pt, y: 4pt), align: left)
#show heading.where(level: 1): it => {{ pagebreak(weak: true); it }}

"""


def convert(html: str) -> str:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    name = title.group(1).strip() if title else "Report"
    writer = Writer()
    body = next((n for n in _walk(tree.root) if n.tag == "body"), tree.root)
    writer.block(body)
    return PREAMBLE.format(title=name.replace("\\", "\\\\").replace('"', '\\"')) + "".join(writer.out)


def _walk(node: Node) -> list[Node]:
    found = [node]
    for child in node.children:
        if isinstance(child, Node):
            found.extend(_walk(child))
    return found


if __name__ == "__main__":
    sys.stdout.write(convert(Path(sys.argv[1]).read_text(encoding="utf-8")))
