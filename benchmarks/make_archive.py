#!/usr/bin/env python3
"""Generate a synthetic multi-year archive as ONE report folder, for benchmarking ``reportgen validate``.

    python benchmarks/make_archive.py OUT_DIR [--decisions 10000] [--red-lines 200]
        [--evaluations 2000] [--years 10] [--start-year 2017] [--seed 1] [--no-check]

The output is deterministic for a given set of arguments (everything comes from one seeded
``random.Random``; no set iteration, no hash order). The folder looks like a board's real archive:

    report.yaml            report metadata, attestations, glossary
    board.yaml             the board: 12 voting seats (a few change hands) and one observer
    meetings.yaml          weekly meetings plus a few extraordinary ones, with attendees
    models.yaml            ~40 models from four developers
    safeguards.yaml        deployment, security, monitoring and governance safeguards
    red-lines.yaml         red lines with criteria, early warnings, responses and 1-4 history entries
    evaluations/YYYY.yaml  evaluations of one year
    decisions/YYYY.yaml    decisions of one year, each with a full roll-call vote
    incidents.yaml         incidents with timelines
    sharing.yaml           information sharing and partnerships
    access.yaml            access programmes

It is built to validate with zero errors and zero warnings: every roll call lists each voting member
serving on the decision's date exactly once, every reference resolves, every red line reached (or not
ruled out) is named by a later decision, histories are in date order, all dates are inside the period.
Unless ``--no-check`` is given, the script validates what it wrote with reportgen (if importable) and
checks that the data read back equals the data generated.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, get_args

import yaml

from reportgen.schema.redlines import ResponseAction

# ---------------------------------------------------------------------------------------------------
# YAML output: block style, flow lists for ids, plain dates, no aliases, no document markers.

_Base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class Flow(list):  # type: ignore[type-arg]
    """A short list of ids, written ``[a, b, c]``."""


class Dumper(_Base):  # type: ignore[misc, valid-type]
    def ignore_aliases(self, data: Any) -> bool:  # never emit &anchors / *aliases
        return True


# Dates are kept as text ("2026-03-14"); without the timestamp resolver they are written unquoted.
Dumper.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}
Dumper.add_representer(
    Flow, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)
)


def dump(path: Path, document: dict[str, Any], header: str) -> int:
    text = yaml.dump(document, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    data = (f"# {header}\n" + text).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def iso(day: date) -> str:
    return day.isoformat()


# ---------------------------------------------------------------------------------------------------
# Prose: sentence templates filled from word lists. No '&', '*', '!' (they would send a file down the
# careful parser), no '#', no ': ' (so most text stays plain YAML).

SUBJECTS = [
    "The board",
    "The evaluation team",
    "The safety working group",
    "The chair",
    "The risk committee",
    "The independent members",
    "The secretariat",
    "The external reviewers",
    "The developer",
    "The security lead",
    "The audit subcommittee",
]
EVIDENCE = [
    "capability evaluation results",
    "red-team findings",
    "incident reports",
    "uplift study data",
    "deployment monitoring logs",
    "third-party audit notes",
    "threat intelligence summaries",
    "safeguard verification records",
    "elicitation reports",
    "fine-tuning robustness results",
    "user misuse statistics",
    "agentic task transcripts",
]
VERBS = [
    "reviewed",
    "examined",
    "discussed at length",
    "weighed",
    "compared against the previous cycle",
    "read alongside the developer's own analysis",
    "tested against the published criteria",
    "considered",
]
CLAIMS = [
    "the measured capability remains below the committed threshold",
    "the safeguards in place are proportionate to the residual risk",
    "the uncertainty in the elicitation is larger than in earlier rounds",
    "the early warning indicator has moved closer to its trigger",
    "the mitigation plan addresses the concerns raised in the last review",
    "further evidence is needed before a wider release",
    "the results are consistent with the developer's forecast",
    "a staged release limits exposure while monitoring matures",
    "the misuse reports do not show a pattern that would change the assessment",
    "the evaluation covered the relevant threat models adequately",
    "the conditions attached last quarter have been met",
    "the access controls reduce the most serious misuse pathways",
]
CONCERNS = [
    "the evaluation relied on a narrow task suite",
    "fine-tuning access could restore removed behaviour",
    "monitoring coverage outside business hours is thin",
    "the uplift study had few expert participants",
    "results with mitigations off were not reported in full",
    "the red-team had limited time with the weights",
    "the comparison baseline is several model generations old",
    "jailbreak robustness varies across languages",
    "tool use was tested only in a sandbox",
    "the incident response runbook has not been exercised this year",
    "the third-party evaluator saw an earlier checkpoint",
    "scores on the long-horizon tasks are noisy",
]
FOLLOWUPS = [
    "a repeat evaluation on the release candidate",
    "a written update from the developer",
    "an external audit of the monitoring pipeline",
    "a tabletop exercise with the security team",
    "a report on jailbreak rates after launch",
    "confirmation that the access tiers are enforced",
    "an updated threat model",
    "a summary of the red-team transcripts",
    "a check of the logging retention",
]
FACTORS = [
    "the pace of capability gains across the industry",
    "the findings of the external evaluators",
    "the public commitments made under the framework",
    "the views of the safety institute",
    "the limited evidence on real-world misuse",
    "the benefits reported by early users",
    "the cost of delay for the defensive use cases",
    "the open questions about elicitation",
]
OPTIONS = [
    "a full halt",
    "a shorter delay",
    "a narrower release",
    "approval without conditions",
    "a request for a second independent evaluation",
    "deferral to the next quarterly review",
]
JUDGEMENTS = [
    "disproportionate at this stage",
    "insufficient given the uncertainty",
    "premature",
    "reasonable but not necessary",
    "harder to justify to the public",
    "unlikely to add information",
]
FRAMEWORKS = [
    "board's frontier safety framework",
    "responsible scaling commitments",
    "charter",
    "memorandum with the safety institute",
    "published red-line policy",
    "voluntary commitments",
]
TEAMS = [
    "the internal evaluation team",
    "an independent evaluator",
    "the government safety institute",
    "the developer's frontier red team",
    "the security operations centre",
    "an academic partner",
]

SENTENCES = [
    "{Subject} {verb} the {evidence} and concluded that {claim}.",
    "Members noted that {concern}, and asked for {followup} before the next review.",
    "Given {factor}, the board considered {option} but judged it {judgement}.",
    "The decision follows the {framework} and the commitments made in {year}.",
    "{Subject} stressed that {claim}, while accepting that {concern}.",
    "Evidence from {team} indicated that {claim}.",
    "{n} members questioned whether {claim}; the minutes record their view.",
    "The board will revisit the matter within {months} months, or sooner if {trigger}.",
    "It was agreed that {followup} will be provided to all members.",
    "In reaching this view the board took into account {factor} and {factor2}.",
    "The {evidence} were shared with the safety institute under the agreed terms.",
    "No member reported a conflict of interest on this item beyond those recorded.",
]
TRIGGERS = [
    "an early warning threshold is crossed",
    "a serious incident is reported",
    "new evaluation results arrive",
    "the developer changes the deployment plan",
    "the safety institute raises a concern",
]

NUMBER_WORDS = ["Two", "Three", "Four", "Several"]
TASKS = [
    "capture-the-flag challenges",
    "wet-lab protocol questions",
    "long-horizon software tasks",
    "persuasion dialogues",
    "research engineering tasks",
    "sandbox escape scenarios",
    "vulnerability discovery tasks",
    "self-exfiltration scenarios",
]
SETUPS = [
    "a scaffold with shell and browser tools",
    "best-of-n sampling",
    "expert-written prompts",
    "an agent harness with a fixed token budget",
    "a held-out task split",
    "human uplift trials",
]
OBSERVATIONS = [
    "performance rose steeply with the token budget",
    "most failures came from tool-use errors",
    "refusals were rare with safety filters removed",
    "scores were stable across reruns",
    "the model often stopped before completing the final step",
    "expert graders disagreed on a few transcripts",
    "results with mitigations on were markedly lower",
    "the earlier checkpoint scored within the error bars",
]
EVAL_SENTENCES = [
    "The suite comprised {n_tasks} {task}, each run {n_runs} times using {setup}.",
    "Elicitation used {setup}; {observation}.",
    "The evaluators noted that {observation}.",
    "Scores are reported as the mean over runs, with the spread as the uncertainty.",
    "Compared with the previous model, {observation}.",
    "Members of {team} reviewed the transcripts and found that {observation}.",
    "A limitation is that {concern}.",
    "The evaluators recommend {followup}.",
]


class Prose:
    def __init__(self, rng: random.Random, years: list[int]) -> None:
        self.rng = rng
        self.years = years

    def sentence(self, templates: list[str] = SENTENCES) -> str:
        r = self.rng
        template = r.choice(templates)
        factor, factor2 = r.sample(FACTORS, 2)
        return template.format(
            Subject=r.choice(SUBJECTS),
            verb=r.choice(VERBS),
            evidence=r.choice(EVIDENCE),
            claim=r.choice(CLAIMS),
            concern=r.choice(CONCERNS),
            followup=r.choice(FOLLOWUPS),
            factor=factor,
            factor2=factor2,
            option=r.choice(OPTIONS),
            judgement=r.choice(JUDGEMENTS),
            framework=r.choice(FRAMEWORKS),
            year=r.choice(self.years),
            team=r.choice(TEAMS),
            n=r.choice(NUMBER_WORDS),
            months=r.choice([3, 6, 9, 12]),
            trigger=r.choice(TRIGGERS),
            task=r.choice(TASKS),
            n_tasks=r.randrange(20, 400),
            n_runs=r.choice([3, 5, 10, 20]),
            setup=r.choice(SETUPS),
            observation=r.choice(OBSERVATIONS),
        )

    def text(self, low: int, high: int, lead: str = "", templates: list[str] = SENTENCES) -> str:
        """A paragraph of ``low`` to ``high`` characters, most of them near the short end."""
        target = min(high, low + int(self.rng.expovariate(6 / max(1, high - low))))
        parts = [lead] if lead else []
        length = len(lead)
        for _ in range(60):
            if length >= low and length >= target - 40:
                break
            s = self.sentence(templates)
            grown = length + len(s) + (1 if parts else 0)
            if grown <= target or (length < low and grown <= high):
                parts.append(s)
                length = grown
        return " ".join(parts)

    def evaluation(self, low: int, high: int, lead: str = "") -> str:
        return self.text(low, high, lead, EVAL_SENTENCES)


# ---------------------------------------------------------------------------------------------------
# The board.

LABS = ["Northlight AI", "Meridian Labs", "Halcyon Systems", "Corvid Research"]
UNIVERSITIES = [
    "University of Edinburgh",
    "ETH Zürich",
    "University of Cape Town",
    "Universidad de Chile",
    "Kyoto University",
    "McGill University",
]

SEATS = [  # (id, name, role, affiliation, category, independent)
    ("okafor", "Amara Okafor", "chair", UNIVERSITIES[0], "independent_expert", True),
    ("lindqvist", "Henrik Lindqvist", "vice_chair", LABS[0], "member_organisation", False),
    ("nunez", "Lucía Núñez", "member", UNIVERSITIES[3], "ethics_expert", True),
    ("tanaka", "Kenji Tanaka", "member", LABS[1], "member_organisation", False),
    ("mbeki", "Thandiwe Mbeki", "member", "Digital Rights Forum", "civil_society", True),
    ("hart", "Rachel Hart", "member", LABS[2], "member_organisation", False),
    ("rossi", "Giulia Rossi", "member", UNIVERSITIES[1], "independent_expert", True),
    ("chen", "Wei Chen", "member", LABS[3], "member_organisation", False),
    ("raman", "Priya Raman", "member", "Open Safety Alliance", "civil_society", True),
    ("weber", "Jonas Weber", "member", UNIVERSITIES[4], "ethics_expert", True),
    ("haddad", "Fatima Haddad", "member", LABS[0], "member_organisation", False),
    ("osei", "Samuel Osei", "member", UNIVERSITIES[2], "independent_expert", True),
]
SUCCESSORS = [
    ("kowalska", "Marta Kowalska"),
    ("alvarez", "Diego Álvarez"),
    ("solberg", "Ingrid Solberg"),
    ("demir", "Yusuf Demir"),
]
OBSERVER = ("dubois", "Claire Dubois", "observer", "National AI Safety Institute", "civil_society", True)


@dataclass
class Member:
    id: str
    name: str
    role: str
    affiliation: str
    category: str
    independent: bool
    start: date
    end: date | None

    def serving(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class Slot:
    """One decision, planned before it is written."""

    date: date
    meeting: str | None
    absent: list[str]
    id: str = ""
    amend: list[tuple[str, str]] = field(default_factory=list)  # (red line id, change)
    followups: list[tuple[str, str, str]] = field(default_factory=list)  # (red line, evaluation, model)
    incidents: list[tuple[str, list[str]]] = field(default_factory=list)  # (incident id, model ids)


def weekdays_of(year: int, weekday: int) -> list[date]:
    day = date(year, 1, 1)
    day += timedelta(days=(weekday - day.weekday()) % 7)
    out = []
    while day.year == year:
        out.append(day)
        day += timedelta(days=7)
    return out


def random_weekday(rng: random.Random, start: date, end: date) -> date:
    while True:
        day = start + timedelta(days=rng.randrange((end - start).days + 1))
        if day.weekday() < 5:
            return day


# ---------------------------------------------------------------------------------------------------
# Red lines.

DOMAINS = {
    "biological_chemical": (
        "bio",
        [
            "Expert-level uplift for pathogen enhancement",
            "Novice uplift in toxin synthesis",
            "Troubleshooting of wet-lab protocols",
            "Acquisition planning for controlled agents",
        ],
    ),
    "cybersecurity": (
        "cyb",
        [
            "Autonomous exploitation of hardened targets",
            "Discovery of novel zero-day vulnerabilities",
            "End-to-end intrusion campaigns",
            "Evasion of enterprise detection tooling",
        ],
    ),
    "ai_self_improvement": (
        "sim",
        [
            "Automation of frontier research tasks",
            "Acceleration of training pipeline work",
            "Autonomous improvement of its own scaffolding",
        ],
    ),
    "autonomous_replication": (
        "rep",
        [
            "Self-exfiltration of model weights",
            "Acquisition of compute without oversight",
            "Persistence across infrastructure restarts",
        ],
    ),
    "long_range_autonomy": (
        "lra",
        [
            "Multi-week autonomous task completion",
            "Long-horizon agentic planning",
            "Unsupervised operation of external accounts",
        ],
    ),
    "harmful_manipulation": (
        "man",
        ["Targeted persuasion at scale", "Covert influence operations", "Manipulation of vulnerable users"],
    ),
    "nuclear_radiological": (
        "nuc",
        ["Uplift for radiological dispersal", "Enrichment process troubleshooting"],
    ),
    "sandbagging": ("sbg", ["Strategic underperformance on evaluations", "Detection of evaluation contexts"]),
    "undermining_safeguards": (
        "usg",
        [
            "Circumvention of monitoring",
            "Disabling of oversight mechanisms",
            "Collusion between model instances",
        ],
    ),
    "misalignment": (
        "mis",
        [
            "Deceptive reporting of task outcomes",
            "Pursuit of unsanctioned goals",
            "Resistance to shutdown or modification",
        ],
    ),
}
SETTINGS = [
    "with tool access",
    "in agentic deployments",
    "via API access",
    "with fine-tuning access",
    "in open-ended chat",
    "with chain-of-thought hidden",
    "under adversarial prompting",
    "in multi-agent settings",
]
METRICS = [
    ("success rate on the expert task suite", "%", 20, 80),
    ("uplift over expert baseline", "%", 10, 60),
    ("tasks completed without assistance", "tasks", 5, 40),
    ("median task horizon", "hours", 4, 160),
    ("attack success rate", "%", 15, 70),
]
TIER_LABELS = {1: "Low", 2: "Moderate", 3: "High", 4: "Critical", 5: "Severe"}
MODEL_KINDS = ["general-purpose", "coding", "multimodal", "agentic"]
BIO_VERBS = ["works on", "has written on", "leads research on"]
BIO_TOPICS = ["AI evaluation", "security engineering", "technology ethics", "public policy", "biosecurity"]
ACTIONS = list(get_args(ResponseAction))  # the schema's own list, in its order


@dataclass
class RedLine:
    id: str
    title: str
    start: date
    retired: date | None
    comparison: str
    value: float | int
    data: dict[str, Any]

    def active(self, day: date) -> bool:
        return self.start <= day and (self.retired is None or day < self.retired)


# ---------------------------------------------------------------------------------------------------


@dataclass
class Archive:
    files: dict[str, tuple[dict[str, Any], str]]  # relative path -> (document, header comment)
    counts: dict[str, int]


def generate(
    decisions: int,
    red_lines: int,
    evaluations: int,
    years: int,
    start_year: int,
    seed: int,
    rationale: tuple[int, int] = (300, 900),
) -> Archive:
    rng = random.Random(seed)
    year_list = list(range(start_year, start_year + years))
    prose = Prose(rng, year_list)
    period_start, period_end = date(start_year, 1, 1), date(start_year + years - 1, 12, 31)
    published = date(start_year + years, 3, 31)

    # -- board: 12 voting seats, a few change hands; one observer --------------------------------------
    members: list[Member] = []
    board_start = date(start_year - 1, 7, 1)
    changing = rng.sample(range(2, len(SEATS)), min(len(SUCCESSORS), max(0, years // 3 + 1)))
    for seat, (mid, name, role, aff, cat, ind) in enumerate(SEATS):
        if seat in changing and years >= 2:
            k = changing.index(seat)
            change = date(rng.choice(year_list[1:]), rng.choice([1, 4, 7, 10]), 1)
            members.append(Member(mid, name, role, aff, cat, ind, board_start, change - timedelta(days=1)))
            sid, sname = SUCCESSORS[k]
            members.append(Member(sid, sname, role, aff, cat, ind, change, None))
        else:
            members.append(Member(mid, name, role, aff, cat, ind, board_start, None))
    members.append(Member(*OBSERVER, board_start, None))
    voting = [m for m in members if m.role != "observer"]

    def serving_voters(day: date) -> list[Member]:
        return [m for m in voting if m.serving(day)]

    # -- meetings: weekly on Thursdays (not in August or at Christmas), plus extraordinary ones -------
    meetings: list[dict[str, Any]] = []
    meeting_days: list[tuple[date, str, list[str]]] = []
    for year in year_list:
        days = [(d, "regular") for d in weekdays_of(year, 3) if d.month != 8 and not (d.month == 12 and d.day > 20)]
        taken = {d for d, _ in days}
        for _ in range(3):
            extra = random_weekday(rng, date(year, 1, 10), date(year, 12, 15))
            if extra not in taken:
                taken.add(extra)
                days.append((extra, "extraordinary"))
        days.sort()
        for n, (day, kind) in enumerate(days, 1):
            mid = f"m-{year}-{n:02d}"
            voters = serving_voters(day)
            absent = sorted(m.id for m in rng.sample(voters, rng.choice([0, 0, 1, 1, 1, 2, 2, 3])))
            attendees = [m.id for m in members if m.serving(day) and m.id not in absent]
            item: dict[str, Any] = {"id": mid, "date": iso(day)}
            if kind != "regular":
                item["kind"] = kind
            item["attendees"] = Flow(attendees)
            item["summary"] = prose.text(
                80, 220, lead=f"{'Extraordinary' if kind != 'regular' else 'Regular'} meeting of the board."
            )
            meetings.append(item)
            meeting_days.append((day, mid, absent))

    # -- decision slots: most taken in meetings, a few urgent chair decisions -----------------------
    slots: list[Slot] = []
    for y, year in enumerate(year_list):
        count = decisions // years + (1 if y < decisions % years else 0)
        in_year = [md for md in meeting_days if md[0].year == year]
        urgent = max(0, count // 25)
        year_slots = [Slot(random_weekday(rng, date(year, 1, 2), date(year, 12, 22)), None, []) for _ in range(urgent)]
        weights = [3 if mid.endswith("-01") else 1 for _, mid, _ in in_year]
        for day, mid, absent in rng.choices(in_year, weights=weights, k=count - urgent):
            year_slots.append(Slot(day, mid, absent))
        year_slots.sort(key=lambda s: (s.date, s.meeting or ""))
        for n, slot in enumerate(year_slots, 1):
            slot.id = f"d-{year}-{n:04d}"
        slots.extend(year_slots)
    slot_days = [s.date for s in slots]
    meeting_slots = [s for s in slots if s.meeting]
    meeting_slot_days = [s.date for s in meeting_slots]

    def meeting_slot_after(day: date, within: int) -> Slot | None:
        i = bisect.bisect_left(meeting_slot_days, day)
        j = bisect.bisect_right(meeting_slot_days, day + timedelta(days=within))
        return meeting_slots[rng.randrange(i, min(j, i + 5))] if i < j else None

    # -- models: ten families, four versions each ----------------------------------------------------
    families = [
        "Atlas",
        "Beacon",
        "Cobalt",
        "Drift",
        "Ember",
        "Fathom",
        "Granite",
        "Harbor",
        "Iris",
        "Juniper",
    ]
    n_models = 40
    launches = sorted(
        period_start + timedelta(days=rng.randrange(-200, (period_end - period_start).days - 120))
        for _ in range(n_models)
    )
    models: list[dict[str, Any]] = []
    model_avail: list[tuple[date, str]] = []  # (available for evaluation from, id)
    for i, launch in enumerate(launches):
        fam, version = families[i % len(families)], i // len(families) + 1
        mid = f"{fam.lower()}-{version}"
        developer = LABS[i % len(LABS)]
        if launch > period_end - timedelta(days=180):
            status = "in_development"
        elif version < 3 and rng.random() < 0.6:
            status = "withdrawn"
        else:
            status = rng.choice(["limited_release", "general_availability", "general_availability"])
        models.append(
            {
                "id": mid,
                "name": f"{fam} {version}",
                "developer": developer,
                "status": status,
                "description": f"{fam} {version} is a {rng.choice(MODEL_KINDS)} model from {developer}, "
                f"first released in {launch.year}.",
            }
        )
        model_avail.append((launch - timedelta(days=120), mid))
    model_avail.sort()

    def models_at(day: date) -> list[str]:
        return [mid for d, mid in model_avail if d <= day]

    def model_at(day: date) -> str:
        ids = models_at(day)
        return rng.choice(ids[-12:]) if ids else model_avail[0][1]

    # -- safeguards ----------------------------------------------------------------------------------
    safeguard_names = [
        ("Weights access control", "security"),
        ("Two-person rule for weight export", "security"),
        ("Classifier for biological misuse", "deployment"),
        ("Cyber misuse classifier", "deployment"),
        ("Know-your-customer checks", "deployment"),
        ("Rate limits for agentic tools", "deployment"),
        ("Abuse monitoring pipeline", "monitoring"),
        ("Chain-of-thought monitoring", "monitoring"),
        ("Incident escalation runbook", "governance"),
        ("Pre-deployment evaluation gate", "governance"),
        ("Red-team bounty programme", "monitoring"),
        ("Insider threat programme", "security"),
        ("Sandboxed tool execution", "deployment"),
        ("Model release checklist", "governance"),
        ("Output watermarking", "deployment"),
        ("Compute usage auditing", "monitoring"),
        ("Secure training cluster", "security"),
        ("Fine-tuning data screening", "deployment"),
        ("Refusal training for dual-use topics", "deployment"),
        ("Staged rollout procedure", "governance"),
        ("Anomaly detection on API traffic", "monitoring"),
        ("Third-party audit access", "governance"),
        ("Hardware security modules for keys", "security"),
        ("Trusted-partner access tier", "deployment"),
    ]
    safeguards: list[dict[str, Any]] = []
    for i, (name, kind) in enumerate(safeguard_names, 1):
        status = rng.choice(["implemented", "verified", "verified", "planned"])
        item = {"id": f"sg-{i:02d}", "name": name, "kind": kind, "status": status}
        if status == "verified":
            item["verified_by"] = rng.choice(
                ["Keystone Assurance", "the internal audit function", "Lattice Evaluations"]
            )
        item["description"] = prose.text(120, 300, lead=f"{name} is in place for all covered models.")
        safeguards.append(item)
    safeguard_ids = [s["id"] for s in safeguards]

    # -- red lines and their history ----------------------------------------------------------------
    domain_names = list(DOMAINS)
    lines: list[RedLine] = []
    first_year_slots = [s for s in meeting_slots if s.date < period_start + timedelta(days=75)]
    late_cut = bisect.bisect_left(meeting_slot_days, period_end - timedelta(days=240))
    per_domain: dict[str, int] = {}
    for i in range(red_lines):
        domain = domain_names[i % len(domain_names)]
        abbr, capabilities = DOMAINS[domain]
        per_domain[domain] = per_domain.get(domain, 0) + 1
        rid = f"rl-{abbr}-{per_domain[domain]:03d}"
        capability = capabilities[(i // len(domain_names)) % len(capabilities)]
        setting = SETTINGS[(i // (len(domain_names) * len(capabilities))) % len(SETTINGS)]
        title = f"{capability} {setting}"
        if i < red_lines * 0.3 and first_year_slots:
            intro = rng.choice(first_year_slots)
        else:
            intro = meeting_slots[rng.randrange(0, max(1, late_cut))]
        later = [s for s in meeting_slots[bisect.bisect_right(meeting_slot_days, intro.date) :]]
        n_changes = min(len(later), rng.choice([0, 0, 1, 1, 2, 3]))
        change_slots = sorted(rng.sample(later, n_changes), key=lambda s: s.date)
        # keep dates strictly increasing
        dedup: list[Slot] = []
        for s in change_slots:
            if not dedup or s.date > dedup[-1].date:
                dedup.append(s)
        changes = [rng.choice(["strengthened", "clarified", "strengthened", "weakened"]) for _ in dedup]
        if dedup and rng.random() < 0.15:
            changes[-1] = "retired"
        history: list[dict[str, Any]] = []
        for slot, change in [(intro, "introduced"), *zip(dedup, changes, strict=True)]:
            slot.amend.append((rid, change))
            history.append(
                {
                    "date": iso(slot.date),
                    "change": change,
                    "summary": prose.text(60, 200, lead=_change_summary(change, title)),
                    "reason": prose.text(80, 300),
                    "decision": slot.id,
                }
            )
        retired = dedup[-1].date if dedup and changes[-1] == "retired" else None
        metric, unit, lo, hi = rng.choice(METRICS)
        value: float | int = rng.randrange(lo, hi) if unit != "%" else round(rng.uniform(lo, hi), 1)
        comparison = ">=" if unit != "hours" else ">"
        sep = "" if unit == "%" else " "
        warn = round(value * rng.uniform(0.5, 0.8), 1) if isinstance(value, float) else max(1, int(value * 0.6))
        tier = rng.choice([2, 3, 3, 4, 4, 5])
        actions = sorted(rng.sample(ACTIONS, rng.choice([1, 2, 2, 3])), key=ACTIONS.index)
        data: dict[str, Any] = {
            "id": rid,
            "title": title,
            "domain": domain,
            "tier": tier,
            "tier_label": TIER_LABELS[tier],
        }
        if rng.random() < 0.1:
            data["tracked"] = False
        data |= {
            "capability": f"{capability} {setting}, beyond what current safeguards are designed to contain.",
            "harm": prose.text(
                120, 320, lead=f"Misuse in the {domain.replace('_', ' ')} domain could cause serious harm."
            ),
            "criterion": {
                "description": f"The model reaches a {metric} {comparison} {value}{sep}{unit} "
                f"in an evaluation {setting}.",
                "metric": metric,
                "comparison": comparison,
                "value": value,
                "unit": unit,
            },
            "early_warning": {
                "description": f"The {metric} reaches {warn}{sep}{unit}.",
                "metric": metric,
                "comparison": comparison,
                "value": warn,
                "unit": unit,
            },
            "required_safeguards": Flow(sorted(rng.sample(safeguard_ids, rng.choice([1, 2, 2, 3])))),
            "response": {
                "actions": Flow(actions),
                "description": prose.text(
                    100,
                    280,
                    lead=f"The board will {actions[0].replace('_', ' ')} until the required safeguards are verified.",
                ),
            },
            "decided_by": rng.choice(["the Board by simple majority", "the Board by two-thirds majority"]),
            "review": {"interval_months": rng.choice([6, 12, 12, 24]), "last_reviewed": history[-1]["date"]},
        }
        if retired:
            data["status"] = "retired"
        data["history"] = history
        if rng.random() < 0.2:
            data["notes"] = prose.text(100, 300)
        lines.append(RedLine(rid, title, intro.date, retired, comparison, value, data))

    # -- incidents -----------------------------------------------------------------------------------
    incidents: list[dict[str, Any]] = []
    withheld_incidents: set[str] = set()
    incident_kinds = [
        "Jailbreak technique shared publicly",
        "Unauthorised access attempt on training cluster",
        "Misuse cluster detected in API traffic",
        "Classifier outage",
        "Data leak in evaluation logs",
        "Agent exceeded sandbox permissions",
        "Phishing campaign against staff",
    ]
    for year in year_list:
        for n in range(1, 7):
            detected = random_weekday(rng, date(year, 1, 5), date(year, 12, 1))
            resolved = detected + timedelta(days=rng.randrange(1, 25))
            ids = sorted(rng.sample(models_at(detected) or [model_avail[0][1]], 1))
            iid = f"inc-{year}-{n:02d}"
            stamps = sorted(
                {
                    detected + timedelta(days=rng.randrange(0, (resolved - detected).days + 1))
                    for _ in range(rng.choice([1, 2, 3]))
                }
            )
            item = {
                "id": iid,
                "title": rng.choice(incident_kinds),
                "detected": iso(detected),
                "resolved": iso(resolved),
                "severity": rng.choice(["low", "medium", "medium", "high", "critical"]),
                "models": Flow(ids),
                "description": prose.text(250, 650),
                "timeline": [{"date": iso(detected), "event": "Detected by the monitoring pipeline and escalated."}]
                + [{"date": iso(d), "event": prose.text(60, 160)} for d in stamps]
                + [{"date": iso(resolved), "event": "Resolved; root cause documented and fixes verified."}],
                "notified": Flow(
                    rng.sample(
                        [
                            "affected users",
                            "the safety institute",
                            "the data protection authority",
                            "partner labs",
                        ],
                        rng.choice([1, 2]),
                    )
                ),
            }
            if rng.random() < 0.2:
                item["audience"] = "regulator"
                withheld_incidents.add(iid)
                item["withheld_reason"] = "Contains security details that could help attackers."
            incidents.append(item)
            slot = meeting_slot_after(detected, 30)
            if slot is not None:
                slot.incidents.append((iid, ids))

    # -- evaluations -----------------------------------------------------------------------------------
    evaluators_ext = [
        ("Keystone Evaluations", "third_party", True),
        ("Lattice Evaluations", "third_party", True),
        ("National AI Safety Institute", "government_institute", True),
        ("Transatlantic AI Standards Centre", "government_institute", True),
    ]
    accesses = ["api", "fine_tuning", "helpful_only", "no_safety_filters", "weights", "chain_of_thought"]
    eval_docs: dict[int, list[dict[str, Any]]] = {y: [] for y in year_list}
    evals_by_model: dict[str, list[tuple[date, str]]] = {}
    for y, year in enumerate(year_list):
        count = evaluations // years + (1 if y < evaluations % years else 0)
        days = sorted(random_weekday(rng, date(year, 1, 3), date(year, 12, 18)) for _ in range(count))
        for n, day in enumerate(days, 1):
            eid = f"ev-{year}-{n:04d}"
            model = model_at(day)
            developer = models[[m["id"] for m in models].index(model)]["developer"]
            evaluator = (
                rng.choice(evaluators_ext)
                if rng.random() < 0.45
                else (f"{developer} frontier safety team", "internal", False)
            )
            active = [ln for ln in lines if ln.active(day)]
            results = []
            for ln in rng.sample(active, min(len(active), rng.choice([1, 1, 2, 2, 3, 4]))):
                roll = rng.random()
                outcome = "below" if roll < 0.94 else ("cannot_rule_out" if roll < 0.98 else "reached")
                if outcome != "below":
                    slot = meeting_slot_after(day, 45)
                    if slot is None:
                        outcome = "below"
                    else:
                        slot.followups.append((ln.id, eid, model))
                factor = rng.uniform(0.15, 0.85) if outcome == "below" else rng.uniform(0.95, 1.3)
                score = round(ln.value * factor, 1) if isinstance(ln.value, float) else int(ln.value * factor)
                result: dict[str, Any] = {
                    "red_line": ln.id,
                    "result": outcome,
                    "score": score,
                    "uncertainty": round(abs(ln.value) * rng.uniform(0.03, 0.12), 1),
                }
                if outcome != "below" or rng.random() < 0.3:
                    result["note"] = prose.evaluation(50, 180)
                results.append(result)
            if not results:
                continue
            doc: dict[str, Any] = {
                "id": eid,
                "model": model,
                "date": iso(day),
                "evaluator": {"name": evaluator[0], "kind": evaluator[1], "independent": evaluator[2]},
                "access": Flow(sorted(rng.sample(accesses, rng.choice([1, 2, 2, 3])), key=accesses.index)),
                "mitigations_on": rng.random() < 0.5,
                "method": prose.evaluation(
                    150, 400, lead=f"Elicitation by {evaluator[0]} over {rng.randrange(3, 30)} days."
                ),
                "results": results,
            }
            if rng.random() < 0.6:
                doc["summary"] = prose.evaluation(120, 350)
            eval_docs[year].append(doc)
            evals_by_model.setdefault(model, []).append((day, eid))

    # -- decisions -----------------------------------------------------------------------------------
    title_by_kind = {
        "approve": "Deployment of {model} approved",
        "approve_with_conditions": "Deployment of {model} approved with conditions",
        "reject": "Proposed release of {model} rejected",
        "delay": "Release of {model} delayed pending further evaluation",
        "halt": "Deployment of {model} halted",
        "withdraw": "{model} withdrawn from general availability",
        "grant_exception": "Time-limited exception granted for {model}",
        "third_party_evaluation": "Third-party evaluation of {model} commissioned",
        "information_sharing": "Evaluation results for {model} shared with the safety institute",
        "governance": "{topic}",
    }
    governance_topics = [
        "Annual review of the board's rules of procedure",
        "Appointment of the audit subcommittee",
        "Budget for external evaluations approved",
        "Conflict of interest register reviewed",
        "Publication schedule for the transparency report",
        "Whistleblower policy updated",
        "Terms of reference for the risk committee",
        "Evaluation funding for academic partners",
    ]
    ordinary = [
        "approve",
        "approve_with_conditions",
        "reject",
        "delay",
        "grant_exception",
        "third_party_evaluation",
        "information_sharing",
        "governance",
        "halt",
        "withdraw",
    ]
    ordinary_w = [20, 15, 4, 5, 3, 10, 6, 15, 1, 1]
    name_of = {m["id"]: m["name"] for m in models}
    title_of = {ln.id: ln.title for ln in lines}
    reasons = [
        "holds equity in the developer",
        "advised the developer in the past year",
        "is employed by the developer",
        "co-authored the evaluation under review",
    ]
    decision_docs: dict[int, list[dict[str, Any]]] = {y: [] for y in year_list}
    for slot in slots:
        day = slot.date
        ids_models: list[str] = []
        ids_lines: list[str] = []
        ids_evals: list[str] = []
        ids_incidents: list[str] = []
        if slot.amend:
            kind = "amend_red_line"
            ids_lines = [rid for rid, _ in slot.amend]
            rid, change = slot.amend[0]
            title = f"Red line '{title_of[rid]}' {change}"
            if len(slot.amend) > 1:
                title += f" (with {len(slot.amend) - 1} other change{'s' if len(slot.amend) > 2 else ''})"
        elif slot.incidents:
            kind = "incident_response"
            ids_incidents = [iid for iid, _ in slot.incidents]
            ids_models = sorted({m for _, ms in slot.incidents for m in ms})
            public = [iid for iid in ids_incidents if iid not in withheld_incidents]
            # a public title must not name a regulator-only incident
            title = f"Response to incident {public[0]}" if public else "Response to a security incident"
        elif slot.followups:
            kind = rng.choice(["halt", "delay", "approve_with_conditions", "withdraw"])
            ids_models = [slot.followups[0][2]]
            title = title_by_kind[kind].format(model=name_of[ids_models[0]], topic="")
        elif slot.meeting is None:
            kind = rng.choice(["delay", "governance", "information_sharing"])
            ids_models = [model_at(day)]
            title = title_by_kind[kind].format(model=name_of[ids_models[0]], topic=rng.choice(governance_topics))
        else:
            kind = rng.choices(ordinary, weights=ordinary_w)[0]
            if kind != "governance":
                ids_models = [model_at(day)]
            title = title_by_kind[kind].format(
                model=name_of[ids_models[0]] if ids_models else "", topic=rng.choice(governance_topics)
            )
        for rid, eid, mid in slot.followups:  # a reached line is always named, whatever the kind
            if rid not in ids_lines:
                ids_lines.append(rid)
            if eid not in ids_evals:
                ids_evals.append(eid)
            if mid not in ids_models:
                ids_models.append(mid)
        if kind in ("approve", "approve_with_conditions", "third_party_evaluation", "reject", "delay") and ids_models:
            prior = evals_by_model.get(ids_models[0], [])
            k = bisect.bisect_right(prior, (day, "~"))
            for _, eid in prior[max(0, k - rng.choice([0, 1, 2])) : k]:
                if eid not in ids_evals:
                    ids_evals.append(eid)
        doc: dict[str, Any] = {"id": slot.id, "date": iso(day), "title": title, "kind": kind}
        if slot.meeting:
            doc["meeting"] = slot.meeting
        if ids_models:
            doc["models"] = Flow(ids_models)
        if ids_lines:
            doc["red_lines"] = Flow(ids_lines)
        if ids_evals:
            doc["evaluations"] = Flow(ids_evals)
        if ids_incidents:
            doc["incidents"] = Flow(ids_incidents)
        dissents: list[dict[str, Any]] = []
        if slot.meeting:
            voters = [m.id for m in serving_voters(day)]
            present = [v for v in voters if v not in slot.absent]
            rng.shuffle(present)
            recused = present[:1] if rng.random() < 0.07 else []
            rest = present[len(recused) :]
            n_against = rng.choice([0, 0, 0, 0, 0, 1, 1, 2, 3])
            n_abstain = rng.choice([0, 0, 0, 0, 1, 1, 2])
            against, abstained, in_favour = (
                rest[:n_against],
                rest[n_against : n_against + n_abstain],
                rest[n_against + n_abstain :],
            )
            # every archived decision carried (a failed motion would need outcome: not_carried): no tie, no loss
            if len(in_favour) < len(against):
                in_favour, against = against, in_favour
            if against and len(in_favour) == len(against):
                abstained, against = [*abstained, against[-1]], against[:-1]
            order = {m.id: i for i, m in enumerate(members)}
            vote: dict[str, Any] = {"in_favour": Flow(sorted(in_favour, key=order.__getitem__))}
            if against:
                vote["against"] = Flow(sorted(against, key=order.__getitem__))
            if abstained:
                vote["abstained"] = Flow(sorted(abstained, key=order.__getitem__))
            if recused:
                vote["recused"] = [{"member": recused[0], "reason": f"The member {rng.choice(reasons)}."}]
            if slot.absent:
                vote["absent"] = Flow(slot.absent)
            doc["vote"] = vote
            if against and rng.random() < 0.25:
                dissents.append(
                    {
                        "member": against[0],
                        "statement": prose.text(150, 450, lead="I could not support this decision."),
                    }
                )
        if dissents:
            doc["dissents"] = dissents
        lead = ""
        if ids_lines:
            lead = f"This decision concerns the red line '{title_of[ids_lines[0]]}'."
        elif ids_models:
            lead = f"This decision concerns {name_of[ids_models[0]]}."
        doc["rationale"] = prose.text(*rationale, lead=lead)
        if kind in ("approve_with_conditions", "grant_exception"):
            doc["conditions"] = [
                f"{rng.choice(FOLLOWUPS).capitalize()} within {rng.choice([30, 60, 90])} days."
                for _ in range(rng.choice([1, 2, 3]))
            ]
        if slot.meeting is None:
            doc["decided_by"] = "Chair (urgent)"
        if rng.random() < 0.03:
            doc["audience"] = "internal"
            doc["withheld_reason"] = "Commercially sensitive until the model is announced."
        decision_docs[day.year].append(doc)

    # -- information sharing, partnerships, access, attestations, glossary ---------------------------
    sharing: list[dict[str, Any]] = []
    for year in year_list:
        for n in range(1, 16):
            day = random_weekday(rng, date(year, 1, 5), date(year, 12, 20))
            sharing.append(
                {
                    "id": f"share-{year}-{n:02d}",
                    "date": iso(day),
                    "kind": rng.choice(
                        [
                            "vulnerability",
                            "evaluation_results",
                            "incident_report",
                            "threat_intelligence",
                            "safety_research",
                        ]
                    ),
                    "counterparties": Flow(
                        rng.sample(
                            [
                                "National AI Safety Institute",
                                "Meridian Labs",
                                "Corvid Research",
                                "Frontier Model Forum",
                                "CERT coordination centre",
                            ],
                            rng.choice([1, 2]),
                        )
                    ),
                    "scope": prose.text(80, 240),
                    "tlp": rng.choice(["clear", "green", "amber", "amber+strict", "red"]),
                    "models": Flow([model_at(day)]),
                }
            )
    sharing.sort(key=lambda s: s["date"])
    partnerships = [
        {
            "id": "p-nasi",
            "partner": "National AI Safety Institute",
            "kind": "safety_institute",
            "since": iso(date(start_year, 3, 1)),
            "description": prose.text(150, 350),
        },
        {
            "id": "p-edinburgh",
            "partner": UNIVERSITIES[0],
            "kind": "academic",
            "since": iso(date(start_year + 1, 9, 1)),
            "description": prose.text(150, 350),
        },
        {
            "id": "p-fmf",
            "partner": "Frontier Model Forum",
            "kind": "industry",
            "since": iso(date(start_year + 2, 1, 15)),
            "description": prose.text(150, 350),
        },
        {
            "id": "p-dfr",
            "partner": "Digital Rights Forum",
            "kind": "civil_society",
            "since": iso(date(start_year + 3, 5, 1)),
            "description": prose.text(150, 350),
        },
    ]
    current = [mid for _, mid in model_avail if mid in name_of][-8:]
    access = [
        {
            "id": "ap-cyber",
            "name": "Trusted Access for Cyber Defence",
            "purpose": prose.text(120, 300, lead="Gives vetted defenders access to capable models."),
            "launched": iso(date(start_year + min(4, years - 1), 6, 1)),
            "tiers": [
                {
                    "name": "Research",
                    "eligibility": "Accredited academic security researchers.",
                    "models": Flow(current[-3:]),
                    "participants": rng.randrange(20, 80),
                },
                {
                    "name": "Critical infrastructure",
                    "eligibility": "Operators vetted by the national CERT.",
                    "models": Flow(current[-2:]),
                    "participants": rng.randrange(5, 30),
                },
            ],
            "safeguards": Flow(["sg-05", "sg-07", "sg-24"]),
        },
        {
            "id": "ap-bio",
            "name": "Biosecurity Research Access",
            "purpose": prose.text(120, 300, lead="Supports vetted biosecurity research."),
            "launched": iso(date(start_year + min(6, years - 1), 2, 1)),
            "tiers": [
                {
                    "name": "Vetted laboratories",
                    "eligibility": "Laboratories with an institutional biosafety committee.",
                    "models": Flow(current[-1:]),
                    "participants": rng.randrange(3, 15),
                }
            ],
            "safeguards": Flow(["sg-03", "sg-05"]),
        },
    ]
    attestations = []
    for year in year_list:
        attestations.append(
            {
                "id": f"att-chair-{year}",
                "kind": "chair_statement",
                "by": "Amara Okafor",
                "role": "Chair of the board",
                "date": iso(date(year, 12, 30)),
                "statement": prose.text(250, 600, lead=f"This statement covers {year}."),
            }
        )
    attestations.append(
        {
            "id": "att-audit",
            "kind": "external_auditor",
            "by": "Keystone Assurance LLP",
            "role": "External auditor",
            "date": iso(published - timedelta(days=20)),
            "statement": prose.text(300, 700, lead="We have examined the board's records."),
        }
    )
    glossary = [
        {"term": term, "definition": definition}
        for term, definition in [
            (
                "Red line",
                "A capability threshold the board has committed not to cross without a stated response.",
            ),
            ("Early warning", "A lower threshold that triggers preparation before a red line is reached."),
            ("Elicitation", "The effort made to draw out a model's full capability during an evaluation."),
            (
                "Uplift",
                "How much a model improves a person's ability to do a task, compared with a baseline.",
            ),
            ("Roll-call vote", "A vote in which each member's position is recorded by name."),
            ("TLP", "Traffic Light Protocol, a convention for how far shared information may travel."),
            ("Sandbagging", "Deliberate underperformance by a model on an evaluation."),
            ("Third-party evaluation", "An evaluation run by an organisation independent of the developer."),
        ]
    ]

    chair = members[0]
    report = {
        "report": {
            "title": f"Board Archive {year_list[0]}-{year_list[-1]}",
            "subtitle": "Synthetic ten-year archive for benchmarking",
            "organisation": {
                "name": "Joint AI Safety and Alignment Board",
                "website": "https://example.org/board",
                "contact": "board@example.org",
            },
            "period": f"{iso(period_start)}/{iso(period_end)}",
            "edition": "Archive edition",
            "status": "final",
            "published": iso(published),
            "language": "en-GB",
            "illustrative": True,
            "foreword": prose.text(400, 900, lead="This archive brings together every decision of the board."),
            "foreword_by": chair.id,
            "methodology": prose.text(300, 700),
        },
        "attestations": attestations,
        "glossary": glossary,
    }
    board = {
        "board": {
            "name": "Joint AI Safety and Alignment Board",
            "chair": chair.id,
            "mandate": prose.text(
                250, 500, lead="The board oversees the development and deployment of frontier models."
            ),
            "quorum": 7,
            "members": [
                {
                    "id": m.id,
                    "name": m.name,
                    "role": m.role,
                    "affiliation": m.affiliation,
                    "category": m.category,
                    "independent": m.independent,
                    **({} if m.independent else {"independence_note": f"Employed by {m.affiliation}."}),
                    "term": {"start": iso(m.start), **({"end": iso(m.end)} if m.end else {})},
                    "biography": f"{m.name} {rng.choice(BIO_VERBS)} {rng.choice(BIO_TOPICS)}.",
                }
                for m in members
            ],
        }
    }

    files: dict[str, tuple[dict[str, Any], str]] = {
        "report.yaml": (report, "Report metadata, signed statements and glossary."),
        "board.yaml": (board, "The board and its members."),
        "meetings.yaml": ({"meetings": meetings}, "Board meetings."),
        "models.yaml": ({"models": models}, "Models under the board's oversight."),
        "safeguards.yaml": ({"safeguards": safeguards}, "Safeguards."),
        "red-lines.yaml": ({"red_lines": [ln.data for ln in lines]}, "Red lines with their history."),
        "incidents.yaml": ({"incidents": incidents}, "Incidents."),
        "sharing.yaml": (
            {"information_sharing": sharing, "partnerships": partnerships},
            "Information sharing.",
        ),
        "access.yaml": ({"access_programmes": access}, "Access programmes."),
    }
    for year in year_list:
        files[f"evaluations/{year}.yaml"] = (
            {"evaluations": eval_docs[year]},
            f"Evaluations reported in {year}.",
        )
        files[f"decisions/{year}.yaml"] = ({"decisions": decision_docs[year]}, f"Decisions of {year}.")
    counts = {
        "members": len(members),
        "meetings": len(meetings),
        "models": len(models),
        "safeguards": len(safeguards),
        "red_lines": len(lines),
        "evaluations": sum(map(len, eval_docs.values())),
        "decisions": sum(map(len, decision_docs.values())),
        "incidents": len(incidents),
        "information_sharing": len(sharing),
    }
    _ = slot_days
    return Archive(files, counts)


def _change_summary(change: str, title: str) -> str:
    return {
        "introduced": f"Red line on {title.lower()} introduced.",
        "strengthened": "Threshold lowered and the response made stronger.",
        "weakened": "Threshold raised after new evidence on baselines.",
        "clarified": "Wording of the criterion clarified; no change in substance.",
        "retired": "Retired and replaced by a broader red line.",
    }[change]


def write(archive: Archive, out: Path) -> int:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    # The archive withholds items, so it needs a commitment key; a fixed one keeps the archive reproducible
    # (it is synthetic: nothing to hide).
    key = out / ".reportgen" / "commitment.key"
    key.parent.mkdir()
    key.write_text(hashlib.sha256(b"reportgen benchmark archive: not a secret").hexdigest() + "\n")
    return sum(dump(out / rel, doc, header) for rel, (doc, header) in archive.files.items())


def merged(archive: Archive) -> dict[str, Any]:
    """The document reportgen should read back (list sections concatenated in file order)."""
    data: dict[str, Any] = {}
    for rel in sorted(archive.files, key=lambda r: Path(r).parts):
        for section, value in archive.files[rel][0].items():
            if isinstance(value, list):
                data.setdefault(section, []).extend(value)
            else:
                data[section] = value
    return data


def check(archive: Archive, out: Path) -> bool:
    """Validate the written folder with reportgen and compare what it read with what was generated."""
    try:
        from reportgen.checks.validate import check_report
        from reportgen.core.limits import DEFAULT_LIMITS
    except ImportError:
        print("reportgen is not importable; skipping the check", file=sys.stderr)
        return True
    started = time.perf_counter()
    report, inputs, findings = check_report(out, DEFAULT_LIMITS)
    elapsed = time.perf_counter() - started
    for finding in findings[:20]:
        print(f"  {finding.format()}", file=sys.stderr)
    if len(findings) > 20:
        print(f"  ... and {len(findings) - 20} more", file=sys.stderr)
    same = _plain(inputs.data) == _plain(merged(archive))
    errors = sum(f.severity == "error" for f in findings)
    print(
        f"check: {'valid' if report is not None else 'INVALID'}, {errors} error(s), "
        f"{len(findings) - errors} warning(s), read back {'identical' if same else 'DIFFERENT'} "
        f"({elapsed:.2f} s)"
    )
    return report is not None and same and not findings


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to create (replaced if it exists)")
    parser.add_argument("--decisions", type=int, default=10_000)
    parser.add_argument("--red-lines", type=int, default=200)
    parser.add_argument("--evaluations", type=int, default=2_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--start-year", type=int, default=2017)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--rationale",
        default="300-900",
        metavar="MIN-MAX",
        help="length range of decision rationales in characters (default 300-900)",
    )
    parser.add_argument("--no-check", action="store_true", help="do not validate the result with reportgen")
    args = parser.parse_args(argv)
    if args.years < 1 or args.decisions < args.years or args.red_lines < 1:
        parser.error("need at least one year, one decision per year and one red line")
    started = time.perf_counter()
    low, _, high = args.rationale.partition("-")
    archive = generate(
        args.decisions,
        args.red_lines,
        args.evaluations,
        args.years,
        args.start_year,
        args.seed,
        (int(low), int(high or low)),
    )
    size = write(archive, args.out)
    counts = ", ".join(f"{v:,} {k}" for k, v in archive.counts.items())
    print(
        f"wrote {args.out}: {len(archive.files)} files, {size:,} bytes ({size / 1e6:.1f} MB), {counts} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    if not args.no_check and not check(archive, args.out):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
