"""The pages the live preview serves besides the report itself: the strip on top, the error page and the
paged view. Everything interpolated is escaped; none of it ever reaches a built file."""

from __future__ import annotations

import html

from ..core.errors import Finding
from ..core.labels import plural
from .preview_layout import Paged

EDITION_NOTES = {
    "internal": "shows everything, withheld content included: it is not what the public will read",
    "regulator": "shows what the regulator edition shows",
    "public": "shows what the public will read",
}
BAR_STYLE = (
    "position:sticky;top:0;z-index:1000;margin:0;padding:.45rem 1rem;background:#1d2733;color:#fff;"
    "font:14px/1.45 system-ui,sans-serif"
)
ERROR_STYLE = """body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}
h1{color:#a40000;font-size:1.5rem}ol{padding-left:1.5rem}li{margin:.4rem 0}
code,pre{font:14px/1.45 ui-monospace,monospace;white-space:pre-wrap;overflow-wrap:anywhere}
li.warning code{color:#6b4e00}.hint{color:#555}"""


def error_page(title: str, findings: list[Finding] | None = None, detail: str = "") -> str:
    """A readable, self-contained page listing located findings (or one message); everything escaped."""
    items = "".join(f'<li class="{f.severity}"><code>{html.escape(f.format())}</code></li>\n' for f in findings or [])
    body = f"<ol>\n{items}</ol>" if items else f"<pre>{html.escape(detail)}</pre>"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)} · reportgen preview</title>\n<style>{ERROR_STYLE}</style>\n</head>\n"
        f'<body>\n<main>\n<h1>{html.escape(title)}</h1>\n{body}\n<p class="hint">Fix it and save: '
        "this page reloads by itself.</p>\n</main>\n</body>\n</html>\n"
    )


def preview_bar(edition: str, warnings: list[Finding]) -> str:
    """The strip on top of the preview: which edition it is, and the warnings ``validate`` would print."""
    text = f"Preview of the {edition} edition: it {EDITION_NOTES[edition]}."
    if not warnings:
        return f'<div role="status" style="{BAR_STYLE}">{html.escape(text)}</div>\n'
    items = "".join(f"<li><code>{html.escape(f.format())}</code></li>" for f in warnings)
    return (
        f'<div role="status" style="{BAR_STYLE}">{html.escape(text)} '
        f'<details style="display:inline"><summary style="cursor:pointer;color:#ffd479">'
        f'{plural(len(warnings), "warning")}</summary><ol style="margin:.3rem 0 0;padding-left:1.4rem">'
        f"{items}</ol></details></div>\n"
    )


PAGED_STYLE = (
    "html,body{height:100%;margin:0}body{display:flex;flex-direction:column;background:#525659}"
    "iframe{flex:1;border:0;width:100%;background:#525659}"
    ".waiting{color:#fff;font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:40rem}"
)


def paged_status(edition: str, paged: Paged) -> str:
    """The paged preview's strip, in words: what it shows, how many pages, when they were laid out."""
    text = f"Paged preview of the {edition} edition, laid out as reportgen build lays out its PDF"
    if paged.pdf:
        text += f": {plural(paged.pages, 'page')}, laid out at {paged.laid_out} (in {paged.seconds:.1f} s)"
    if paged.error:
        text += f". The last layout failed: {paged.error}"
    if paged.busy:
        text += ". Laying out the latest change..." if paged.pdf else ". Laying out the pages..."
    return text + ("" if text.endswith(".") else ".")


def paged_page(edition: str, warnings: list[Finding], paged: Paged) -> str:
    """The paged view: the strip on top, then the PDF (``/report.pdf``) embedded below it."""
    bar = preview_bar(edition, warnings).replace(
        html.escape(f"Preview of the {edition} edition: it {EDITION_NOTES[edition]}."),
        html.escape(paged_status(edition, paged)),
        1,
    )
    if paged.pdf:
        body = (
            f'<iframe title="The {edition} edition, page by page" '
            f'src="/report.pdf?v={paged.digest}#view=FitH"></iframe>'
        )
    else:
        body = '<p class="waiting">The pages appear here once they are laid out (a few seconds).</p>'
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Paged preview · reportgen</title>\n<style>{PAGED_STYLE}</style>\n</head>\n"
        f"<body>\n{bar}{body}\n</body>\n</html>\n"
    )


def with_bar(page: str, bar: str) -> str:
    """The page with ``bar`` first in its body (only ever in the preview, never in a built file)."""
    at = page.find("<body")
    end = page.find(">", at) + 1 if at >= 0 else 0
    return page[:end] + "\n" + bar + page[end:]
