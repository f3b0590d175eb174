"""How a finding names an item: by its id where it has a usable one, else by its position."""

from __future__ import annotations

from reportgen.checks.paths import dotted

DOCUMENT = {
    "decisions": [{"id": "D-1"}, {"id": "D-2", "vote": {"in_favour": ["m-a", "m-b"]}}],
    "models": [{"id": "atlas-3"}, {"id": "atlas-3"}, {"id": "atlas 4"}, {"name": "no id"}],
    "red_lines": [{"id": "RL-1", "history": [{"date": "2026-01-01"}, {"date": "2026-02-01"}]}],
    "board": {"members": [{"id": "m-a"}, {"id": "m-b"}]},
}


def test_an_item_with_an_id_is_named_by_it_and_a_list_of_texts_keeps_positions() -> None:
    assert dotted(("decisions", 1, "vote", "in_favour", 1), DOCUMENT) == "decisions[D-2].vote.in_favour[1]"
    assert dotted(("board", "members", 0, "name"), DOCUMENT) == "board.members[m-a].name"


def test_an_entry_without_an_id_keeps_its_position() -> None:
    assert dotted(("red_lines", 0, "history", 1, "date"), DOCUMENT) == "red_lines[RL-1].history[1].date"
    assert dotted(("models", 3, "name"), DOCUMENT) == "models[3].name"


def test_an_id_used_twice_or_invalid_does_not_name_the_item() -> None:
    assert dotted(("models", 1, "id"), DOCUMENT) == "models[1].id"
    assert dotted(("models", 2, "id"), DOCUMENT) == "models[2].id"


def test_a_path_past_the_document_or_without_one_keeps_positions() -> None:
    assert dotted(("decisions", 7, "title"), DOCUMENT) == "decisions[7].title"
    assert dotted(("decisions", 0, "@key", "colour")) == "decisions[0].colour"
    assert dotted(("decisions", 0, "@key", "colour"), DOCUMENT) == "decisions[D-1].colour"
