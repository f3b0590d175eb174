"""Splitting print HTML into page groups that lay out on their own (reportgen.render.page_groups)."""

from __future__ import annotations

from reportgen.render.page_groups import light_head, split_page_groups

MARK = "<!-- reportgen:page-group -->"
HEAD = (
    '<!DOCTYPE html>\n<html lang="en" class="medium-print"><head><meta charset="utf-8"><title>T</title>'
    '<script type="application/json" id="data">{"a": 1}</script><style>p { color: red }</style></head>\n'
)


def _document(body: str, head: str = HEAD) -> str:
    return f'{head}<body class="x" data-running-title="T">\n{body}</body>\n</html>\n'


def test_a_document_without_marks_is_one_group_as_it_is() -> None:
    html = _document('<p id="a">one</p>')
    [group] = split_page_groups(html)
    assert group.html == html
    assert group.anchors == {"a"}


def test_groups_reopen_the_elements_open_at_a_mark_without_their_ids() -> None:
    html = _document(
        f'<header id="cover">Cover</header>\n{MARK}\n<main id="main">\n<section id="one"><p>One</p></section>\n'
        f'{MARK}<section id="two"><p>Two <a href="#one">back</a></p></section>\n</main>\n<footer>end</footer>\n'
    )
    first, second, third = split_page_groups(html)
    # the first group keeps the whole head; the others only what lays them out
    assert first.html.startswith(HEAD.rstrip("\n"))
    assert first.html.endswith('<header id="cover">Cover</header>\n</body></html>')  # the mark opens the next
    light = '<html lang="en" class="medium-print"><head><meta charset="utf-8"><style>p { color: red }</style></head>'
    assert second.html == (
        f'{light}<body class="x" data-running-title="T">{MARK}\n<main id="main">\n'
        '<section id="one"><p>One</p></section>\n</main></body></html>'
    )
    assert third.html == (
        f'{light}<body class="x" data-running-title="T"><main>{MARK}<section id="two"><p>Two <a href="#one">back</a>'
        "</p></section>\n</main>\n<footer>end</footer>\n</body></html>"
    )
    assert [g.anchors for g in (first, second, third)] == [{"cover"}, {"main", "one"}, {"two"}]


def test_a_mark_with_nothing_after_it_yet_joins_the_next_group() -> None:
    """An empty chapter block leaves two marks in a row: no group of nothing, and ids stay where they start."""
    html = _document(f"<p>Cover</p>{MARK}<main id='main'>{MARK}{MARK}<section><p>A</p></section></main>")
    groups = split_page_groups(html)
    assert len(groups) == 2
    assert "<main id='main'>" in groups[1].html
    assert groups[1].anchors == {"main"}


def test_side_dependent_page_rules_keep_the_document_whole() -> None:
    """A group laid out alone starts on a right page; with :left/:right rules it must not be split."""
    head = HEAD.replace("p { color: red }", "@page :left { margin-left: 3cm }")
    html = _document(f"<p>Cover</p>{MARK}<section><p>A</p></section>", head)
    assert [g.html for g in split_page_groups(html)] == [html]


def test_light_head_keeps_stylesheets_and_charset_only() -> None:
    assert light_head(HEAD + "<body>") == (
        '<html lang="en" class="medium-print"><head><meta charset="utf-8"><style>p { color: red }</style></head>'
    )
