"""The example inputs ``reportgen init`` writes: one item per section, dated in the given year.

Kept with the schema because three stages read them: ``init`` writes them, the spreadsheet templates
show them, and ``validate`` warns where a final report still holds their text.
"""

from __future__ import annotations

from typing import Any


# fmt: off
def examples(year: int) -> dict[str, tuple[str, dict[str, Any]]]:
    """File -> (what the file is for, its sections): one example item per section, dated in ``year``."""
    y, last, members = str(year), str(year - 1), ["ada-example", "ben-example", "cara-example"]
    cyber = "professional-level tasks solved"
    return {
        "report.yaml": ("What this report is: its title, who publishes it and the period it covers; and a glossary.", {
            "report": {
                "title": f"Annual Transparency Report {y}",
                "subtitle": "Example AI Safety Board (replace every example with your own text)",
                "organisation": {"name": "Example AI Safety Board", "website": "https://example.org",
                                 "contact": "transparency@example.org"},
                "period": f"{y}-01-01/{y}-12-31", "edition": "First edition", "status": "draft",
                "published": f"{year + 1}-02-15", "language": "en", "illustrative": True,
                "foreword": "This is the board's first transparency report.\n\nIt sets out every decision we "
                            "took this year, how each member voted, and the evidence we relied on.",
                "foreword_by": "ada-example",
                "methodology": "The secretariat compiled this report from the board's minutes and the evaluation "
                               "reports it received; every member reviewed the draft.",
            },
            "glossary": [{"term": "Red line", "definition": "A capability level the board commits not to cross "
                                                            "without the stated response."}],
        }),
        "board.yaml": ("The board and everyone who served on it during the period. A member's id (such as "
                       "ada-example) is how the other files refer to them: attendance, votes, recusals, dissents.", {
            "board": {
                "name": "Example AI Safety Board", "chair": "ada-example",
                "mandate": "The board decides whether the models it oversees may be developed further or deployed, "
                           "sets the red lines that apply to them and publishes this report every year.",
                "quorum": 2,
                "members": [
                    {"id": members[0], "name": "Dr Ada Example", "role": "chair", "affiliation": "Independent",
                     "category": "independent_expert", "independent": True, "term": {"start": f"{y}-01-01"},
                     "biography": "Ada Example has chaired the board since it was set up."},
                    {"id": members[1], "name": "Ben Example", "role": "member",
                     "affiliation": "Example Lab (Head of Safety)", "category": "member_organisation",
                     "independent": False,
                     "independence_note": "Employed by Example Lab, whose models the board oversees.",
                     "term": {"start": f"{last}-05-01"}},
                    {"id": members[2], "name": "Cara Example", "role": "vice_chair",
                     "affiliation": "Example Civil Liberties Trust", "category": "civil_society",
                     "independent": True, "term": {"start": f"{y}-01-01"}},
                ],
            },
        }),
        "meetings.yaml": ("The board's meetings, with who attended.", {"meetings": [
            {"id": "M-0001", "date": f"{y}-03-05", "kind": "regular", "attendees": members,
             "summary": "Considered the evaluation of Example Model 1 and approved its limited release."},
        ]}),
        "models.yaml": ("The AI models the board oversees.", {"models": [
            {"id": "example-model", "name": "Example Model 1", "developer": "Example Lab", "status": "limited_release",
             "description": "A general-purpose assistant model, available to selected customers."},
        ]}),
        "red-lines.yaml": ("The red lines: capability thresholds the board commits not to cross without the stated "
                           "response. Every change to a red line goes into its history, with the reason.", {
            "red_lines": [{
                "id": "RL-EXAMPLE", "title": "Uplift to cyber attacks", "domain": "cybersecurity", "tier": 3,
                "tier_label": "High", "tracked": True,
                "capability": "Meaningful help to attackers in finding and exploiting software vulnerabilities.",
                "harm": "More actors able to attack critical infrastructure.",
                "criterion": {"description": "The model solves at least half of the professional-level tasks in "
                                             "the board's cyber test suite.",
                              "metric": cyber, "comparison": ">=", "value": 50, "unit": "%"},
                "early_warning": {"description": "The model solves a quarter of those tasks.",
                                  "metric": cyber, "comparison": ">=", "value": 25, "unit": "%"},
                "required_safeguards": ["SG-EXAMPLE"],
                "response": {"actions": ["delay_deployment", "restrict_access"],
                             "description": "Deployment waits until the required safeguards are verified."},
                "decided_by": "The board, by simple majority",
                "review": {"interval_months": 12, "last_reviewed": f"{y}-03-05"},
                "status": "active",
                "history": [{"date": f"{y}-01-15", "change": "introduced",
                             "summary": "Introduced in the board's first framework.",
                             "reason": "Cyber capabilities were the fastest-growing risk the evaluators saw."}],
            }],
        }),
        "evaluations.yaml": ("Capability evaluations: who tested which model against which red lines, and the "
                             "results.", {"evaluations": [{
            "id": "E-0001", "model": "example-model", "date": f"{y}-02-20",
            "evaluator": {"name": "Example Evaluations Ltd", "kind": "third_party", "independent": True},
            "access": ["api", "helpful_only"], "mitigations_on": False,
            "method": "The board's cyber test suite, run on the release candidate without safety filters.",
            "results": [{"red_line": "RL-EXAMPLE", "result": "below", "score": 12, "uncertainty": 4,
                         "note": "Well below the early warning."}],
            "summary": "Example Model 1 is below every red line tested.",
        }]}),
        "decisions/D-0001.yaml": ("One decision per file: copy this file to add another (decisions/D-0002.yaml) "
                                  "and change its id. Or keep decisions in a spreadsheet and run: reportgen import "
                                  "decisions.xlsx --into THIS-FOLDER (the columns are in "
                                  ".reportgen/decisions-template.xlsx). Every member serving on the date appears "
                                  "once in the vote.", {"decisions": [{
            "id": "D-0001", "date": f"{y}-03-05",
            "title": "Limited release of Example Model 1 approved with conditions",
            "kind": "approve_with_conditions", "meeting": "M-0001", "models": ["example-model"],
            "red_lines": ["RL-EXAMPLE"], "evaluations": ["E-0001"],
            "vote": {"in_favour": ["ada-example", "cara-example"],
                     "recused": [{"member": "ben-example", "reason": "Employed by Example Lab, the developer."}]},
            "rationale": "The independent evaluation found the model well below the cyber red line.",
            "conditions": ["Re-test within six months of release."], "decided_by": "Board",
        }]}),
        "incidents.yaml": ("Safety and security incidents.", {"incidents": [{
            "id": "INC-0001", "title": "Misuse filter briefly switched off", "detected": f"{y}-04-10",
            "resolved": f"{y}-04-12", "severity": "low", "models": ["example-model"],
            "description": "A configuration change switched off a misuse filter for two hours.",
            "timeline": [{"date": f"{y}-04-10", "event": "Detected by monitoring and reverted."}],
            "notified": ["Affected customers"],
        }]}),
        "sharing.yaml": ("Information shared with other labs, institutes or authorities; standing partnerships.", {
            "information_sharing": [{
                "id": "IS-0001", "date": f"{y}-03-20", "kind": "evaluation_results",
                "counterparties": ["Example AI Security Institute"],
                "scope": "The full evaluation report for Example Model 1.", "tlp": "amber", "models": ["example-model"],
            }],
            "partnerships": [{"id": "P-0001", "partner": "Example AI Security Institute", "kind": "safety_institute",
                              "since": f"{last}-09-01",
                              "description": "Pre-deployment testing of the models the board oversees."}],
        }),
        "safeguards.yaml": ("Safeguards (deployment, security and monitoring measures) and access programmes.", {
            "safeguards": [{"id": "SG-EXAMPLE", "name": "Misuse filters", "kind": "deployment", "status": "implemented",
                            "description": "Filters that refuse requests for help with attacks."}],
            "access_programmes": [{
                "id": "AP-EXAMPLE", "name": "Trusted access for defenders",
                "purpose": "Gives vetted security teams access with fewer restrictions.", "launched": f"{y}-06-01",
                "tiers": [{"name": "Vetted", "eligibility": "Verified security teams.", "models": ["example-model"],
                           "participants": 3}],
                "safeguards": ["SG-EXAMPLE"],
            }],
        }),
        "attestations.yaml": ("Signed statements: the chair's, an external auditor's, members'.", {"attestations": [
            {"id": "AT-0001", "kind": "chair_statement", "by": "Dr Ada Example",
             "role": "Chair, Example AI Safety Board",
             "date": f"{y}-12-15", "statement": "I confirm that this report lists every decision the board took."},
        ]}),
    }
# fmt: on
