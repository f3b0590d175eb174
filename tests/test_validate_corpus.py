"""A corpus of invalid report folders: each is the valid ``tests/corpus/base`` with one targeted edit.

Every case asserts the exact finding lines (``file:line:col: path: message``) and the exit code. Where
the current message or location is wrong or unhelpful, the test states the correct expectation and is
marked ``xfail(strict=True)`` so that fixing the code turns it into a pass (and the marker must go).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import BASE, Case, Edits, assert_invalid


def xfail(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


# --------------------------------------------------------------------------------------------------
# The base folder itself


def test_base_is_valid_under_strict(run_validate) -> None:
    run = run_validate("--strict", BASE)
    assert run.stderr == ""
    assert run.stdout == f"valid: {BASE} (9 files, 0 warning(s))\n"
    assert run.code == 0


def test_base_copy_is_valid(make_case, run_validate) -> None:
    case = make_case()
    run = run_validate("--strict", "--format", "json", case.root)
    assert json.loads(run.stdout) == {"valid": True, "errors": 0, "warnings": 0, "findings": []}
    assert run.code == 0


# --------------------------------------------------------------------------------------------------
# One edit, exact findings, exit 1

DEVELOPER = "    developer: Example Lab"
SCORE = "        score: 48\n"
D1_DATE = "    date: 2026-03-10"
D1_MEETING = "    meeting: M-1\n"
E1_MODEL = "    model: atlas-3\n"
E1_REGULATOR = "    audience: regulator\n    withheld_reason: Not yet published\n"

JSON_TRAILING_COMMA = (
    '{\n  "incidents": [\n    {\n      "id": "I-1",\n      "title": "Prompt leak",\n      "detected": "2026-04-01",\n'
    '      "severity": "low",\n      "description": "A system prompt leaked."\n    },\n  ]\n}\n'
)
JSON_NO_COMMA = '{\n  "incidents": [\n    {\n      "id": "I-1"\n      "title": "Leak"\n    }\n  ]\n}\n'

CASES: list = [
    # -- unknown keys ---------------------------------------------------------------------------
    pytest.param(
        [("models.yaml", DEVELOPER, "    develper: Example Lab")],
        [
            "models.yaml:2:5: models[atlas-3].developer: missing required field 'developer'",
            "models.yaml:4:5: models[atlas-3].develper: unknown field 'develper' (did you mean 'developer'?)",
        ],
        id="unknown-key-typo",
    ),
    pytest.param(
        [("models.yaml", "    description: A general", "    descripton: A general")],
        ["models.yaml:6:5: models[atlas-3].descripton: unknown field 'descripton' (did you mean 'description'?)"],
        id="unknown-key-optional-field",
    ),
    pytest.param(
        [
            (
                "models.yaml",
                "    status: limited_release\n",
                "    status: limited_release\n    url: https://example.org\n",
            )
        ],
        [
            "models.yaml:6:5: models[atlas-3].url: unknown field 'url'; allowed here: audience, "
            "description, determinations, developer, field_audience, id, name, safeguards_active, status, "
            "withheld_reason"
        ],
        id="unknown-key-no-close-match",
    ),
    pytest.param(
        [("models.yaml", "    status: limited_release\n", "    status: limited_release\n    licence: MIT\n")],
        [
            "models.yaml:6:5: models[atlas-3].licence: unknown field 'licence'; allowed here: audience, "
            "description, determinations, developer, field_audience, id, name, safeguards_active, status, "
            "withheld_reason"
        ],
        id="unknown-key-misleading-hint",
    ),
    pytest.param(
        [
            (
                "board.yaml",
                "      affiliation: University of Somewhere",
                "      afiliation: University of Somewhere",
            )
        ],
        [
            "board.yaml:15:7: board.members[m-bell].affiliation: missing required field 'affiliation'",
            "board.yaml:17:7: board.members[m-bell].afiliation: unknown field 'afiliation' (did you mean "
            "'affiliation'?)",
        ],
        id="unknown-key-nested",
    ),
    # -- wrong types ----------------------------------------------------------------------------
    pytest.param(
        [("board.yaml", "quorum: 3", "quorum: three")],
        ["board.yaml:5:11: board.quorum: expected a whole number, got the text 'three'"],
        id="text-for-whole-number",
    ),
    pytest.param(
        [("evaluations.yaml", SCORE, "        score: forty-eight\n")],
        ["evaluations.yaml:17:16: evaluations[E-1].results[0].score: expected a number, got the text 'forty-eight'"],
        id="text-for-number",
    ),
    pytest.param(
        [("evaluations.yaml", SCORE, "        score: 1e999\n")],
        [
            "evaluations.yaml:17:16: evaluations[E-1].results[0].score: expected a finite number, got infinity "
            "or not-a-number"
        ],
        id="infinite-number",
    ),
    pytest.param(
        [("evaluations.yaml", SCORE, "        score: .nan\n")],
        ["evaluations.yaml:17:16: evaluations[E-1].results[0].score: expected a number, got the text '.nan'"],
        id="yaml-nan-is-text",
    ),
    pytest.param(
        [("evaluations.yaml", "mitigations_on: false", "mitigations_on: yes")],
        ["evaluations.yaml:12:21: evaluations[E-1].mitigations_on: expected true or false, got the text 'yes'"],
        id="yes-for-boolean",
    ),
    pytest.param(
        [("board.yaml", "      independent: false", "      independent: no")],
        ["board.yaml:12:20: board.members[m-chair].independent: expected true or false, got the text 'no'"],
        id="no-for-boolean",
    ),
    pytest.param(
        [("models.yaml", "    name: Atlas-3", "    name: 3")],
        ["models.yaml:3:11: models[atlas-3].name: expected text, got the number 3 (put it in quotes to make it text)"],
        id="number-for-text",
    ),
    pytest.param(
        [("report.yaml", "edition: First edition", "edition: 1.10")],
        ["report.yaml:9:12: report.edition: expected text, got the number 1.10 (put it in quotes to make it text)"],
        id="version-number-for-text",
    ),
    pytest.param(
        [("models.yaml", "    status: limited_release", "    status: limited-release")],
        [
            "models.yaml:5:13: models[atlas-3].status: the text 'limited-release' is not one of: in_development, "
            "limited_release, general_availability, withdrawn (did you mean 'limited_release'?)"
        ],
        id="not-one-of-choices",
    ),
    pytest.param(
        [("decisions/D-1.yaml", "    red_lines:\n      - RL-CYBER", "    red_lines: RL-CYBER")],
        [
            "decisions/D-1.yaml:7:16: decisions[D-1].red_lines: expected a list (one '- ' line per item), "
            "got the text 'RL-CYBER'"
        ],
        id="text-for-list",
    ),
    # -- dates ----------------------------------------------------------------------------------
    pytest.param(
        [("decisions/D-1.yaml", D1_DATE, "    date: 2026-02-30")],
        ["decisions/D-1.yaml:3:11: decisions[D-1].date: '2026-02-30' is not a real calendar date"],
        id="date-not-in-calendar",
    ),
    pytest.param(
        [("decisions/D-1.yaml", D1_DATE, "    date: 14/03/2026")],
        ["decisions/D-1.yaml:3:11: decisions[D-1].date: '14/03/2026' is not a date in the form YYYY-MM-DD"],
        id="date-day-first",
    ),
    pytest.param(
        [("decisions/D-1.yaml", D1_DATE, "    date: 20260310")],
        [
            "decisions/D-1.yaml:3:11: decisions[D-1].date: expected a date in the form YYYY-MM-DD, got the number "
            "20260310"
        ],
        id="date-as-number",
    ),
    pytest.param(
        [("decisions/D-1.yaml", D1_DATE, "    date:")],
        [
            "decisions/D-1.yaml:3:10: decisions[D-1].date: expected a date in the form YYYY-MM-DD, "
            "got nothing (an empty value)"
        ],
        id="date-empty",
    ),
    pytest.param(
        [("report.yaml", "period: 2026-01-01/2026-12-31", "period: 2026-01-01 to 2026-12-31")],
        [
            "report.yaml:8:11: report.period: '2026-01-01 to 2026-12-31' is not a period in the form "
            "YYYY-MM-DD/YYYY-MM-DD"
        ],
        id="period-wrong-form",
    ),
    # -- references -----------------------------------------------------------------------------
    pytest.param(
        [("evaluations.yaml", "    model: atlas-3", "    model: atlas-4")],
        ["evaluations.yaml:3:12: evaluations[E-1].model: model 'atlas-4' is not in models (did you mean 'atlas-3'?)"],
        id="dangling-model",
    ),
    pytest.param(
        [("decisions/D-2.yaml", "        - m-cruz\n      against", "        - m-cruze\n      against")],
        [
            "decisions/D-2.yaml:14:7: decisions[D-2].vote: the vote does not add up: 3 of 4 serving members "
            "are listed; missing 'm-cruz' (list each as in_favour, against, abstained, absent or recused)",
            "decisions/D-2.yaml:16:11: decisions[D-2].vote.in_favour[1]: member 'm-cruze' is not on the board "
            "(did you mean 'm-cruz'?)",
        ],
        id="dangling-member-in-vote",
    ),
    pytest.param(
        [("red-lines.yaml", "        decision: D-1", "        decision: D-01")],
        [
            "red-lines.yaml:35:19: red_lines[RL-CYBER].history[1].decision: decision 'D-01' is not in decisions "
            "(did you mean 'D-1'?)"
        ],
        id="dangling-decision",
    ),
    pytest.param(
        [("board.yaml", "  chair: m-chair", "  chair: m-chiar")],
        ["board.yaml:3:10: board.chair: chair 'm-chiar' is not on the board (did you mean 'm-chair'?)"],
        id="chair-not-a-member",
    ),
    pytest.param(
        [("board.yaml", "  chair: m-chair", "  chair: m-nobody")],
        ["board.yaml:3:10: board.chair: chair 'm-nobody' is not on the board"],
        id="chair-not-a-member-no-hint",
    ),
    # -- duplicate ids and keys -----------------------------------------------------------------
    pytest.param(
        [
            (
                "models.yaml",
                "    description: A general-purpose language model.\n",
                "    description: A general-purpose language model.\n  - id: atlas-3\n    name: Atlas-3 "
                "mini\n    developer: Example Lab\n    status: in_development\n",
            )
        ],
        ["models.yaml:7:9: models[1].id: duplicate id 'atlas-3' (also used by models[0] at models.yaml:2:9)"],
        id="duplicate-id-same-file",
    ),
    pytest.param(
        [("decisions/D-2.yaml", "  - id: D-2", "  - id: D-1")],
        [
            "decisions/D-2.yaml:2:9: decisions[1].id: duplicate id 'D-1' (also used by decisions[0] at "
            "decisions/D-1.yaml:2:9)"
        ],
        id="duplicate-id-across-files",
    ),
    pytest.param(
        [
            (
                "models.yaml",
                "    status: limited_release\n",
                "    status: limited_release\n    status: withdrawn\n",
            )
        ],
        ["models.yaml:6:5: duplicate key 'status' (first defined at line 5)"],
        id="duplicate-yaml-key",
    ),
    pytest.param(
        [("models.yaml", "models:\n", "models: []\nmodels:\n")],
        ["models.yaml:2:1: duplicate key 'models' (first defined at line 1)"],
        id="duplicate-top-level-key",
    ),
    pytest.param(
        [("models.yaml", "    name: Atlas-3", "    true: Atlas-3")],
        [
            "models.yaml:2:5: models[atlas-3].name: missing required field 'name'",
            "models.yaml:3:5: models[atlas-3].true: unknown field 'true'; allowed here: audience, description, "
            "determinations, developer, field_audience, id, name, safeguards_active, status, withheld_reason",
        ],
        id="boolean-key",
    ),
    pytest.param(
        [("models.yaml", "    name: Atlas-3", "    [a, b]: Atlas-3")],
        ["models.yaml:3:5: a key must be a plain word such as 'title'"],
        id="list-as-key",
    ),
    # -- votes ----------------------------------------------------------------------------------
    pytest.param(
        [("decisions/D-1.yaml", "        - m-diaz\n", "")],
        [
            "decisions/D-1.yaml:10:7: decisions[D-1].vote: the vote does not add up: 3 of 4 serving members "
            "are listed; missing 'm-diaz' (list each as in_favour, against, abstained, absent or recused)"
        ],
        id="vote-does-not-add-up",
    ),
    pytest.param(
        [
            (
                "decisions/D-1.yaml",
                "        - m-diaz\n",
                "        - m-diaz\n      against:\n        - m-bell\n",
            )
        ],
        [
            "decisions/D-1.yaml:16:11: decisions[D-1].vote.against[0]: member 'm-bell' is listed twice in the "
            "vote (in_favour and against)"
        ],
        id="vote-member-twice",
    ),
    pytest.param(
        [
            (
                "decisions/D-2.yaml",
                "        - m-cruz\n      against",
                "        - m-cruz\n        - m-bell\n      against",
            )
        ],
        [
            "decisions/D-2.yaml:21:19: decisions[D-2].vote.recused[0].member: member 'm-bell' is recused but "
            "also listed as in_favour"
        ],
        id="recused-member-also-voted",
    ),
    pytest.param(
        [("board.yaml", "        end: 2027-12-31", "        end: 2026-04-30")],
        [
            "decisions/D-2.yaml:18:11: decisions[D-2].vote.against[0]: member 'm-diaz' was not serving on "
            "2026-06-02 (term 2026-01-01 to 2026-04-30)"
        ],
        id="member-term-ended",
    ),
    pytest.param(
        [("board.yaml", "        start: 2026-01-01", "        start: 2026-04-01")],
        [
            "decisions/D-1.yaml:14:11: decisions[D-1].vote.in_favour[3]: member 'm-diaz' was not serving on "
            "2026-03-10 (term 2026-04-01 to 2027-12-31)"
        ],
        id="member-term-not-started",
    ),
    # -- red lines ------------------------------------------------------------------------------
    pytest.param(
        [
            ("evaluations.yaml", "result: cannot_rule_out", "result: reached"),
            ("decisions/D-2.yaml", "    red_lines:\n      - RL-CYBER\n", ""),
        ],
        [
            "evaluations.yaml:16:17: evaluations[E-1].results[0].result: red line 'RL-CYBER' was reached but "
            "no decision on or after 2026-05-20 addresses it (list the red line under that decision's red_lines)"
        ],
        id="red-line-reached-not-addressed",
    ),
    pytest.param(
        [("decisions/D-2.yaml", "    red_lines:\n      - RL-CYBER\n", "")],
        [
            "evaluations.yaml:16:17: evaluations[E-1].results[0].result: red line 'RL-CYBER' cannot be ruled "
            "out but no decision on or after 2026-05-20 addresses it (list the red line under that decision's "
            "red_lines)"
        ],
        id="red-line-cannot-rule-out-not-addressed",
    ),
    pytest.param(
        [("red-lines.yaml", "      - date: 2026-03-10\n", "      - date: 2025-03-10\n")],
        [
            "red-lines.yaml:31:15: red_lines[RL-CYBER].history[1].date: 2025-03-10 is listed after 2025-06-01 "
            "(list the entries oldest first)"
        ],
        id="history-out-of-order",
    ),
    # -- per-field audiences (field_audience) ----------------------------------------------------
    pytest.param(
        [("decisions/D-1.yaml", D1_MEETING, D1_MEETING + "    field_audience:\n      rationle: internal\n")],
        [
            "decisions/D-1.yaml:8:7: decisions[D-1].field_audience.rationle: 'rationle' is not a field of a "
            "decision, so it cannot have an audience of its own (did you mean 'rationale'?)"
        ],
        id="field-audience-typo",
    ),
    pytest.param(
        [("decisions/D-1.yaml", D1_MEETING, D1_MEETING + "    field_audience:\n      colour: internal\n")],
        [
            "decisions/D-1.yaml:8:7: decisions[D-1].field_audience.colour: 'colour' is not a field of a decision, "
            "so it cannot have an audience of its own; fields that can: meeting, models, red_lines, evaluations, "
            "incidents, vote, outcome, dissents, rationale, conditions"
        ],
        id="field-audience-unknown-field",
    ),
    pytest.param(
        [("decisions/D-1.yaml", D1_MEETING, D1_MEETING + "    field_audience:\n      id: internal\n")],
        [
            "decisions/D-1.yaml:8:7: decisions[D-1].field_audience.id: 'id' cannot have an audience of its own: "
            "it names the item; withhold the whole item instead"
        ],
        id="field-audience-id",
    ),
    pytest.param(
        [("decisions/D-1.yaml", D1_MEETING, D1_MEETING + "    field_audience:\n      withheld_reason: internal\n")],
        [
            "decisions/D-1.yaml:8:7: decisions[D-1].field_audience.withheld_reason: 'withheld_reason' cannot have an "
            "audience of its own: it says how the whole item is shared"
        ],
        id="field-audience-item-field",
    ),
    pytest.param(
        [("decisions/D-1.yaml", D1_MEETING, D1_MEETING + "    field_audience:\n      date: internal\n")],
        [
            "decisions/D-1.yaml:8:7: decisions[D-1].field_audience.date: 'date' cannot have an audience of its own: "
            "every decision shows it; withhold the whole item instead (set its audience)"
        ],
        id="field-audience-required-field",
    ),
    pytest.param(
        [("decisions/D-1.yaml", D1_MEETING, D1_MEETING + "    field_audience:\n      decided_by: internal\n")],
        [
            "decisions/D-1.yaml:8:7: decisions[D-1].field_audience.decided_by: 'decided_by' cannot have an audience "
            "of its own: it always shows a value ('Board' when left out); withhold the whole item instead (set its "
            "audience)"
        ],
        id="field-audience-field-with-default",
    ),
    pytest.param(
        [("decisions/D-1.yaml", D1_MEETING, D1_MEETING + "    field_audience:\n      rationale: secret\n")],
        [
            "decisions/D-1.yaml:8:18: decisions[D-1].field_audience.rationale.audience: the text 'secret' is not one "
            "of: public, regulator, internal"
        ],
        id="field-audience-not-an-audience",
    ),
    pytest.param(
        [
            (
                "decisions/D-1.yaml",
                D1_MEETING,
                D1_MEETING + "    field_audience:\n      rationale: {audience: internal, reasons: Legal advice}\n",
            )
        ],
        [
            "decisions/D-1.yaml:8:39: decisions[D-1].field_audience.rationale.reasons: unknown field 'reasons' "
            "(did you mean 'reason'?)"
        ],
        id="field-audience-detail-typo",
    ),
    pytest.param(
        [("evaluations.yaml", E1_MODEL, E1_MODEL + E1_REGULATOR + "    field_audience:\n      method: public\n")],
        [
            "evaluations.yaml:7:15: evaluations[E-1].field_audience.method: 'method' cannot be public when the "
            "evaluation itself is regulator: a field can only be narrower than its item"
        ],
        id="field-audience-wider-than-item",
    ),
    pytest.param(
        [
            (
                "evaluations.yaml",
                E1_MODEL,
                E1_MODEL + E1_REGULATOR + "    field_audience:\n      method: {audience: internal, reason: Tools}\n",
            )
        ],
        [],
        id="field-audience-narrower-than-item-is-fine",
    ),
    # -- reading files --------------------------------------------------------------------------
    pytest.param(
        [("models.yaml", "    status: limited_release", "\tstatus: limited_release")],
        ["models.yaml:5:1: YAML syntax error: a tab character; YAML indents with spaces only"],
        id="tab-indent",
    ),
    pytest.param(
        [("models.yaml", "    status: limited_release", "  \t  status: limited_release")],
        ["models.yaml:5:3: YAML syntax error: a tab character; YAML indents with spaces only"],
        id="tab-inside-indent",
    ),
    pytest.param(
        [("models.yaml", DEVELOPER, "    developer: Example Lab: Research")],
        [
            "models.yaml:4:27: YAML syntax error: mapping values are not allowed in this context; a ': ' "
            "inside a value; put the whole value in quotes"
        ],
        id="syntax-colon-in-text",
    ),
    pytest.param(
        [("models.yaml", "    status: limited_release", "   status: limited_release")],
        [
            "models.yaml:5:4: YAML syntax error: 'status' is indented 3 spaces but 'developer' on line 4 is "
            "indented 4; the fields of one item must start in the same column"
        ],
        id="syntax-bad-indent",
    ),
    pytest.param(
        [("models.yaml", "    name: Atlas-3", '    name: "Atlas-3')],
        ['models.yaml:3:11: YAML syntax error: the quoted text that starts here is never closed (add the closing ")'],
        id="syntax-unclosed-quote",
    ),
    pytest.param(
        [("models.yaml", "    name: Atlas-3", "    name: [Atlas-3")],
        ["models.yaml:3:11: YAML syntax error: the '[' that starts here is never closed with ']'"],
        id="syntax-unclosed-bracket",
    ),
    pytest.param(
        [("evaluations.yaml", "    evaluator:\n", "    evaluator: &institute\n")],
        ["evaluations.yaml:5:16: anchors (&institute) are not allowed; write the value out in full"],
        id="anchor",
    ),
    pytest.param(
        [
            ("evaluations.yaml", "    evaluator:\n", "    evaluator: &institute\n"),
            ("evaluations.yaml", "    method:", "    other: *institute\n    method:"),
        ],
        [
            "evaluations.yaml:5:16: anchors (&institute) are not allowed; write the value out in full",
            "evaluations.yaml:13:12: aliases (*institute) are not allowed; write the value out in full",
        ],
        id="anchor-and-alias",
    ),
    pytest.param(
        [
            (
                "models.yaml",
                None,
                "models:\n  - id: atlas-3\n    name: Atlas-3\n    developer: Caf\xe9 Lab\n".encode("latin-1"),
            )
        ],
        ["models.yaml:4:19: not UTF-8 text (byte 0xe9); save the file as UTF-8"],
        id="not-utf8",
    ),
    pytest.param(
        [
            (
                "models.yaml",
                "    description: A general-purpose language model.\n",
                "    description: A general-purpose language model.\n---\nmodels: []\n",
            )
        ],
        ["models.yaml:7:1: a file holds one YAML document; remove the extra '---'"],
        id="multi-document",
    ),
    pytest.param(
        [("models.yaml", "models:\n", "---\nmodels:\n")],
        [],
        id="single-document-with-marker-is-fine",
    ),
    pytest.param(
        [("glossary.yaml", None, "glossary:\n  - term: x\n    definition: " + "[" * 40 + "]" * 40 + "\n")],
        ["glossary.yaml:3:46: nesting deeper than 32 levels (raise it with --limit max_depth=N)"],
        id="deep-nesting",
    ),
    pytest.param(
        [("glossary.yaml", None, "glossary:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(50)))],
        ["glossary.yaml:33:65: nesting deeper than 32 levels (raise it with --limit max_depth=N)"],
        id="deep-nesting-block",
    ),
    pytest.param(
        [
            (
                "glossary.yaml",
                None,
                "glossary:\n  - term: x\n    definition: " + "{a: " * 40 + "1" + "}" * 40 + "\n",
            )
        ],
        ["glossary.yaml:3:133: nesting deeper than 32 levels (raise it with --limit max_depth=N)"],
        id="deep-nesting-flow-mappings",
    ),
    pytest.param(
        [("models.yaml", None, "models:\n  - id: a\x07b\n")],
        ["models.yaml:2:10: YAML syntax error: a control character (U+0007) is not allowed here; remove it"],
        id="control-character",
    ),
    # -- sections -------------------------------------------------------------------------------
    pytest.param(
        [("models.yaml", "models:\n", "modles:\n")],
        ["models.yaml:1:1: modles: unknown section 'modles' (did you mean 'models'?)"],
        id="unknown-section",
    ),
    pytest.param(
        [("safeguards.yaml", "safeguards:\n", "notes: Not a section.\nsafeguards:\n")],
        [
            "safeguards.yaml:1:1: notes: unknown section 'notes'; sections are: report, board, meetings, "
            "models, red_lines, evaluations, decisions, incidents, information_sharing, partnerships, safeguards, "
            "access_programmes, attestations, frameworks, glossary, disclosures"
        ],
        id="unknown-section-no-close-match",
    ),
    pytest.param(
        [("board2.yaml", None, "board:\n  name: Another board\n")],
        [
            "board2.yaml:1:1: board: section 'board' is already defined in board.yaml; define it once "
            "(only lists of items may be split over several files)"
        ],
        id="mapping-section-in-two-files",
    ),
    pytest.param(
        [("more-meetings.yaml", None, "meetings:\n  none_this_year: No other meetings.\n")],
        [
            "more-meetings.yaml:1:1: meetings: section 'meetings' is already defined in meetings.yaml; "
            "define it once (only lists of items may be split over several files)"
        ],
        id="list-section-and-none-this-year",
    ),
    pytest.param(
        [("models.yaml", None, "models: atlas-3\n")],
        ["models.yaml:1:9: models: expected a list (one '- ' line per item), got the text 'atlas-3'"],
        id="section-not-a-list",
    ),
    # -- JSON inputs ----------------------------------------------------------------------------
    pytest.param(
        [("incidents.json", None, '{"incidents": {"none_this_year": "No incidents met the threshold."}}\n')],
        [],
        id="json-valid",
    ),
    pytest.param(
        [
            (
                "incidents.json",
                None,
                '{\n  "incidents": [\n    {\n      "id": "I-1",\n      "title": "Prompt leak",\n'
                '      "detected": "2026-04-01",\n      "severity": "urgent",\n'
                '      "description": "A system prompt leaked."\n    }\n  ]\n}\n',
            )
        ],
        ["incidents.json:7:19: incidents[I-1].severity: the text 'urgent' is not one of: low, medium, high, critical"],
        id="json-wrong-value",
    ),
    pytest.param(
        [
            (
                "incidents.json",
                None,
                '{\n  "incidents": [\n    {\n      "id": "I-1",\n      "id": "I-2"\n    }\n  ]\n}\n',
            )
        ],
        ["incidents.json:5:7: duplicate key 'id' (first defined at line 4)"],
        id="json-duplicate-key",
    ),
    pytest.param(
        [("incidents.json", None, JSON_NO_COMMA)],
        ["incidents.json:5:7: JSON syntax error: Expecting ',' delimiter"],
        id="json-syntax-error",
    ),
    pytest.param(
        [("incidents.json", None, '{"incidents": {"none_this_year": "None.",}}\n')],
        ["incidents.json:1:41: JSON syntax error: a comma before } (JSON allows no trailing comma; remove it)"],
        id="json-trailing-comma",
    ),
    pytest.param(
        [("incidents.json", None, JSON_TRAILING_COMMA)],
        ["incidents.json:9:6: JSON syntax error: a comma before ] (JSON allows no trailing comma; remove it)"],
        id="json-trailing-comma-in-a-list",
    ),
    pytest.param(
        [("incidents.json", None, '{"incidents": [,]}\n')],
        ["incidents.json:1:16: JSON syntax error: Expecting value"],
        id="json-comma-without-a-value-before-it",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), CASES)
def test_invalid_case(make_case, run_validate, edits: Edits, expected: list[str]) -> None:
    case = make_case(edits)
    run = run_validate(case.root)
    if not expected:
        assert run.stderr == ""
        assert run.code == 0
        return
    assert_invalid(run, expected)


def test_json_nan_is_not_json(make_case, run_validate) -> None:
    text = (
        '{"incidents": [{"id": "I-1", "title": NaN, "detected": "2026-04-01", "severity": "low", '
        '"description": "A system prompt leaked."}]}\n'
    )
    run = run_validate(make_case([("incidents.json", None, text)]).root)
    assert run.code == 1
    assert len(run.lines) == 2, run.stderr
    assert run.lines[0].startswith(f"incidents.json:1:{text.index('NaN') + 1}: JSON syntax error: ")
    assert "NaN" in run.lines[0]


# --------------------------------------------------------------------------------------------------
# Limits and hostile inputs


def test_oversized_file(make_case, run_validate) -> None:
    case = make_case()
    size = (case.root / "red-lines.yaml").stat().st_size
    assert size > 1000 and all(
        p.stat().st_size <= 1000 for p in case.root.rglob("*.yaml") if p.name != "red-lines.yaml"
    )
    run = run_validate("--limit", "max_file_bytes=1000", case.root)
    assert_invalid(
        run,
        [
            f"red-lines.yaml:1:1: file is {size:,} bytes, over the limit of 1,000 "
            "(raise it with --limit max_file_bytes=N, or split the file)"
        ],
    )


def _billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly(make_case, run_validate) -> None:
    case = make_case([("glossary.yaml", None, _billion_laughs())])  # 9**9 = 387 million "lol"s if expanded
    started = time.perf_counter()
    run = run_validate("--format", "json", case.root)
    elapsed = time.perf_counter() - started
    assert elapsed < 0.5, f"took {elapsed:.2f} s"
    assert run.code == 1
    report = json.loads(run.stdout)
    assert report["valid"] is False
    anchors = [(f["line"], f["col"]) for f in report["findings"] if f["message"].startswith("anchors")]
    aliases = [(f["line"], f["col"]) for f in report["findings"] if f["message"].startswith("aliases")]
    assert anchors == [(line, 4) for line in range(1, 10)]
    assert aliases == [(line, col) for line in range(2, 10) for col in range(8, 33, 3)]
    assert report["errors"] == len(report["findings"]) == 9 + 8 * 9
    assert {(f["file"], f["code"], f["severity"]) for f in report["findings"]} == {("glossary.yaml", "alias", "error")}
    first = report["findings"][0]
    assert (first["line"], first["col"], first["message"]) == (
        1,
        4,
        "anchors (&a) are not allowed; write the value out in full",
    )


# --------------------------------------------------------------------------------------------------
# Warnings: exit 0 without --strict, 1 with it

M3 = "\n  - id: M-3\n    date: 2027-01-05\n    attendees:\n      - m-chair\n"
OUTSIDE = (
    "meetings.yaml:20:11: meetings[M-3].date: warning: 2027-01-05 is outside the reporting period 2026-01-01/2026-12-31"
)


def test_date_outside_period_is_a_warning(make_case, run_validate) -> None:
    case = make_case(
        [
            (
                "meetings.yaml",
                "    summary: Decided on the deployment of Atlas-3.\n",
                "    summary: Decided on the deployment of Atlas-3." + M3,
            )
        ]
    )
    run = run_validate(case.root)
    assert run.lines == [OUTSIDE]
    assert run.stdout == f"valid: {case.root} (9 files, 1 warning(s))\n"
    assert run.code == 0


def test_date_outside_period_fails_under_strict(make_case, run_validate) -> None:
    case = make_case(
        [
            (
                "meetings.yaml",
                "    summary: Decided on the deployment of Atlas-3.\n",
                "    summary: Decided on the deployment of Atlas-3." + M3,
            )
        ]
    )
    assert_invalid(run_validate("--strict", case.root), [OUTSIDE], strict=True)


def test_chair_whose_role_is_not_chair_is_a_warning(make_case, run_validate) -> None:
    case = make_case([("board.yaml", "  chair: m-chair", "  chair: m-bell")])
    run = run_validate(case.root)
    assert run.lines == [
        "board.yaml:15:7: board.members[m-bell].role: warning: this member is the board's chair but their role "
        "is not 'chair'"
    ]
    assert run.code == 0
    assert_invalid(run_validate("--strict", case.root), run.lines, strict=True)


def test_a_field_audience_that_repeats_the_items_is_a_warning(make_case, run_validate) -> None:
    case = make_case(
        [("decisions/D-1.yaml", D1_MEETING, D1_MEETING + "    field_audience:\n      rationale: public\n")]
    )
    run = run_validate(case.root)
    assert run.lines == [
        "decisions/D-1.yaml:8:18: decisions[D-1].field_audience.rationale: warning: 'rationale' is already "
        "public with the rest of the decision: remove this line"
    ]
    assert run.code == 0
    assert_invalid(run_validate("--strict", case.root), run.lines, strict=True)


def test_warnings_of_a_valid_report_are_in_file_order(make_case, run_validate) -> None:
    case = make_case([("meetings.yaml", "    date: 2026-03-10", "    date: 2025-12-30")])
    run = run_validate(case.root)
    assert run.lines == [
        "decisions/D-1.yaml:3:11: decisions[D-1].date: warning: differs from the date of meeting 'M-1' (2025-12-30)",
        "meetings.yaml:3:11: meetings[M-1].date: warning: 2025-12-30 is outside the reporting period "
        "2026-01-01/2026-12-31",
    ]
    assert run.code == 0


# --------------------------------------------------------------------------------------------------
# Several errors at once


def test_schema_errors_in_several_files_are_all_reported(make_case, run_validate) -> None:
    case = make_case(
        [
            ("models.yaml", DEVELOPER, "    develper: Example Lab"),
            ("board.yaml", "quorum: 3", "quorum: three"),
            ("decisions/D-1.yaml", D1_DATE, "    date: 2026-02-30"),
            ("evaluations.yaml", "mitigations_on: false", "mitigations_on: yes"),
        ]
    )
    assert_invalid(
        run_validate(case.root),
        [
            "board.yaml:5:11: board.quorum: expected a whole number, got the text 'three'",
            "decisions/D-1.yaml:3:11: decisions[D-1].date: '2026-02-30' is not a real calendar date",
            "evaluations.yaml:12:21: evaluations[E-1].mitigations_on: expected true or false, got the text 'yes'",
            "models.yaml:2:5: models[atlas-3].developer: missing required field 'developer'",
            "models.yaml:4:5: models[atlas-3].develper: unknown field 'develper' (did you mean 'developer'?)",
        ],
    )


def test_cross_check_errors_are_all_reported(make_case, run_validate) -> None:
    case = make_case(
        [
            ("evaluations.yaml", "    model: atlas-3", "    model: atlas-4"),
            ("decisions/D-1.yaml", "        - m-diaz\n", ""),
            ("board.yaml", "  chair: m-chair", "  chair: m-chiar"),
            (
                "models.yaml",
                "    description: A general-purpose language model.\n",
                "    description: A general-purpose language model.\n  - id: atlas-3\n    name: Atlas-3 "
                "mini\n    developer: Example Lab\n    status: in_development\n",
            ),
        ]
    )
    assert_invalid(
        run_validate(case.root),
        [
            "board.yaml:3:10: board.chair: chair 'm-chiar' is not on the board (did you mean 'm-chair'?)",
            "decisions/D-1.yaml:10:7: decisions[D-1].vote: the vote does not add up: 3 of 4 serving members "
            "are listed; missing 'm-diaz' (list each as in_favour, against, abstained, absent or recused)",
            "evaluations.yaml:3:12: evaluations[E-1].model: model 'atlas-4' is not in models (did you mean 'atlas-3'?)",
            "models.yaml:7:9: models[1].id: duplicate id 'atlas-3' (also used by models[0] at models.yaml:2:9)",
        ],
    )


def test_schema_errors_do_not_hide_the_cross_check_errors_of_other_items(make_case, run_validate) -> None:
    """A red line with a wrong tier is reported with the references broken elsewhere, in one run; what
    refers to that red line (decision D-1, evaluation E-1's result) is not called unknown: it is there."""
    case = make_case(
        [
            ("red-lines.yaml", "    tier: 3\n", "    tier: three\n"),
            ("evaluations.yaml", "    model: atlas-3", "    model: atlas-4"),
            ("board.yaml", "  chair: m-chair", "  chair: m-chiar"),
            ("decisions/D-2.yaml", "    meeting: M-2", "    meeting: M-7"),
        ]
    )
    assert_invalid(
        run_validate(case.root),
        [
            "board.yaml:3:10: board.chair: chair 'm-chiar' is not on the board (did you mean 'm-chair'?)",
            "decisions/D-2.yaml:6:14: decisions[D-2].meeting: meeting 'M-7' is not in meetings",
            "evaluations.yaml:3:12: evaluations[E-1].model: model 'atlas-4' is not in models (did you mean 'atlas-3'?)",
            "red-lines.yaml:5:11: red_lines[RL-CYBER].tier: expected a whole number, got the text 'three'",
        ],
    )


def test_unreadable_files_are_all_reported(make_case, run_validate) -> None:
    case = make_case(
        [
            ("models.yaml", "    status: limited_release", "\tstatus: limited_release"),
            ("safeguards.yaml", "    kind: deployment\n", "    kind: deployment\n    kind: security\n"),
            ("notes.yaml", None, b"glossary:\n  - term: caf\xe9\n"),
        ]
    )
    assert_invalid(
        run_validate(case.root),
        [
            "models.yaml:5:1: YAML syntax error: a tab character; YAML indents with spaces only",
            "notes.yaml:2:14: not UTF-8 text (byte 0xe9); save the file as UTF-8",
            "safeguards.yaml:5:5: duplicate key 'kind' (first defined at line 4)",
        ],
    )


def test_unreadable_file_does_not_hide_errors_elsewhere(make_case, run_validate) -> None:
    case = make_case(
        [
            ("models.yaml", "    status: limited_release", "\tstatus: limited_release"),
            ("board.yaml", "quorum: 3", "quorum: three"),
        ]
    )
    assert_invalid(
        run_validate(case.root),
        [
            "board.yaml:5:11: board.quorum: expected a whole number, got the text 'three'",
            "models.yaml:5:1: YAML syntax error: a tab character; YAML indents with spaces only",
        ],
    )


# --------------------------------------------------------------------------------------------------
# A real process: never a traceback, and stderr holds only finding lines and the summary

FINDING_LINE = re.compile(r"^[^\s:][^:]*:\d+:\d+: \S|^invalid: \d+ error\(s\), \d+ warning\(s\)")

HOSTILE: dict[str, Edits] = {
    "alias-bomb": [("glossary.yaml", None, _billion_laughs())],
    "not-utf8": [("models.yaml", None, b"\xff\xfe\x00m\x00o")],
    "unclosed-quote": [("models.yaml", "    name: Atlas-3", '    name: "Atlas-3')],
    "json-syntax": [("incidents.json", None, '{"incidents": [,]')],
    "bare-scalar": [("models.yaml", None, "just some text\n")],
    "bare-list": [("models.yaml", None, "- 1\n- 2\n")],
    "number-key": [("models.yaml", None, "1: one\n")],
    "null-key": [("models.yaml", None, "null: x\n")],
    "python-tag": [("models.yaml", None, "models: !!python/object:os.system [ls]\n")],
    "merge-key": [("models.yaml", None, "base: &b {developer: X}\nmodels:\n  - <<: *b\n    id: y\n")],
    "deep-flow": [("glossary.yaml", None, "glossary: " + "[" * 5000 + "]" * 5000 + "\n")],
    "deep-block": [("glossary.yaml", None, "glossary:\n  - " + "- " * 50 + "x\n")],
    "empty-file": [("models.yaml", None, "")],
    "none-section": [("models.yaml", None, "models:\n")],
    "bidi-id": [("models.yaml", "  - id: atlas-3", "  - id: atlas\u202e-3")],
    "byte-order-mark": [("models.yaml", None, "\ufeff" + (BASE / "models.yaml").read_text())],
    "control-character": [("models.yaml", None, "models:\n  - id: a\x07b\n")],
}


# One real process validates every folder in turn (start-up costs a second or more): real file
# descriptors, so output written by C extensions straight to fd 2 is seen too.
_DRIVER = """
import sys, traceback
from reportgen.cli.main import cli
for folder in sys.argv[1:]:
    print("@@@", flush=True)
    print("@@@", file=sys.stderr, flush=True)
    try:
        cli.main(["validate", folder], prog_name="reportgen")
        code = 0
    except SystemExit as exc:
        code = exc.code
    except BaseException:
        traceback.print_exc()
        code = 3
    sys.stdout.flush()
    sys.stderr.flush()
    print("@@@", code, flush=True)
"""


def _run_real(tmp_path: Path, cases: dict[str, Edits]) -> dict[str, subprocess.CompletedProcess[str]]:
    """``reportgen validate`` on each case in a real Python process: exit code, stdout, stderr per case."""
    folders = []
    for name, edits in cases.items():
        root = tmp_path / name
        shutil.copytree(BASE, root)
        Case(root).apply(edits)
        folders.append(str(root))
    proc = subprocess.run([sys.executable, "-c", _DRIVER, *folders], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    outs = proc.stdout.split("@@@\n")[1:]
    errs = proc.stderr.split("@@@\n")[1:]
    assert len(outs) == len(errs) == len(cases), proc.stdout + proc.stderr
    results = {}
    for name, out, err in zip(cases, outs, errs, strict=True):
        out, _, code = out.rpartition("@@@ ")
        results[name] = subprocess.CompletedProcess(name, int(code), out, err)
    return results


def test_hostile_inputs_in_a_real_process(tmp_path: Path) -> None:
    for name, result in _run_real(tmp_path, HOSTILE).items():
        output = result.stdout + result.stderr
        assert "Traceback" not in output, f"{name}:\n{output}"
        assert result.returncode in (0, 1), f"{name}:\n{output}"
        assert output.strip(), name
        noise = [line for line in result.stderr.splitlines() if not FINDING_LINE.match(line)]
        assert noise == [], f"{name}: stderr lines that are not findings: {noise}"


def test_huge_number_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    result = _run_real(tmp_path, {"big": [("board.yaml", "quorum: 3", "quorum: " + "9" * 5000)]})["big"]
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith("board.yaml:5:11: board.quorum: "), result.stderr
    assert lines[1] == "invalid: 1 error(s), 0 warning(s)"
    assert result.returncode == 1


def test_deep_block_nesting_prints_no_cpp_noise(tmp_path: Path) -> None:
    edits: Edits = [("glossary.yaml", None, "glossary:\n  - term: x\n    definition: ok\n  - " + "- " * 400 + "x\n")]
    result = _run_real(tmp_path, {"deep": edits})["deep"]
    assert result.stderr.splitlines()[1:] == ["invalid: 1 error(s), 0 warning(s)"]
    assert result.stderr.startswith("glossary.yaml:4:65: nesting deeper than 32 levels")


def test_corpus_base_has_the_expected_files() -> None:
    files = sorted(p.relative_to(BASE).as_posix() for p in BASE.rglob("*") if p.is_file())
    assert files == [
        ".reportgen/commitment.key",
        "board.yaml",
        "decisions/D-1.yaml",
        "decisions/D-2.yaml",
        "evaluations.yaml",
        "meetings.yaml",
        "models.yaml",
        "red-lines.yaml",
        "report.yaml",
        "safeguards.yaml",
    ]
