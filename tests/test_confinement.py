"""Renderer confinement and "nothing lost": no input fetches a URL or reads a file outside the report folder
and the theme, a blocked resource fails the build with a message naming it, and a failed, stopped or killed
build leaves the previous outputs exactly as they were.

Every hostile build runs in one child Python process (so imports are paid once) with an audit hook
(``sys.addaudithook``) that logs every ``open``, directory listing and socket/urllib event, in the build
process and in the forked PDF workers alike. A local TCP server on 127.0.0.1 records every connection.
"""

from __future__ import annotations

import contextlib
import json
import mimetypes
import os
import re
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import copy_base, copy_example, digests, reportgen_command
from pypdf import PdfReader

import reportgen
from reportgen.core.limits import Limits
from reportgen.inputs.parsing import read_data
from reportgen.render.fetcher import BlockedResource, ConfinedFetcher
from reportgen.render.theme import default_theme_dir
from reportgen.render.workers import LAYOUT_CACHE

THEME = default_theme_dir().resolve()
MARKER = "OUTSIDE-SECRET-5b1f0c"  # planted in every file outside the report folder and the theme
# A 1x1 PNG, for the files a hostile input points at.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


# --------------------------------------------------------------------------------------------------------
# A server that records every connection


class _Recorder(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        self.hits: list[tuple[str, bytes]] = []
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class _Handler(socketserver.BaseRequestHandler):
    """Records the connection first (a TLS hello or a hung client counts too), then serves something usable."""

    server: _Recorder

    def handle(self) -> None:
        self.server.hits.append((f"{self.client_address[0]}:{self.client_address[1]}", b""))
        self.request.settimeout(2)
        try:
            first = self.request.recv(4096)
        except OSError:
            first = b""
        self.server.hits[-1] = (self.server.hits[-1][0], first[:300])
        body = f"body::after {{ content: '{MARKER}' }}".encode()
        head = f"HTTP/1.0 200 OK\r\nContent-Type: text/css\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        with contextlib.suppress(OSError):
            self.request.sendall(head + body)


@pytest.fixture(scope="module")
def server() -> Iterator[_Recorder]:
    recorder = _Recorder()
    thread = threading.Thread(target=recorder.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        recorder.shutdown()
        recorder.server_close()


def test_the_recording_server_records_a_connection() -> None:
    """Control: the recorder sees a plain connection, so zero hits below means zero requests."""
    recorder = _Recorder()
    thread = threading.Thread(target=recorder.serve_forever, daemon=True)
    thread.start()
    try:
        with socket.create_connection(("127.0.0.1", recorder.port), timeout=2) as sock:
            sock.sendall(b"GET /control HTTP/1.0\r\n\r\n")
            sock.recv(100)
        assert len(recorder.hits) == 1 and recorder.hits[0][1].startswith(b"GET /control")
    finally:
        recorder.shutdown()
        recorder.server_close()


# --------------------------------------------------------------------------------------------------------
# The audited child process

PROBE = r"""
import json, os, sys, traceback
LOG = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

def _log(*entry):
    os.write(LOG, (json.dumps(entry) + "\n").encode())

def _hook(event, args):
    if event == "open":
        path = args[0]
        if not isinstance(path, int):
            _log("open", os.path.abspath(os.fsdecode(path)), args[2] if len(args) > 2 else 0)
    elif event in ("os.scandir", "os.listdir") and args and args[0] not in (None, "") and not isinstance(args[0], int):
        _log("list", os.path.abspath(os.fsdecode(args[0])), 0)
    elif event.startswith(("socket.", "urllib.", "http.", "ftplib.", "smtplib.", "webbrowser.")):
        _log("net", event + " " + repr(args)[:300], 0)

sys.addaudithook(_hook)

from pathlib import Path
from reportgen.build.orchestrator import BuildOptions, build
from reportgen.core.errors import ReportgenError

def _hashes(out):
    out = Path(out)
    if not out.is_dir():
        return {}
    import hashlib
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir()) if p.is_file()}

results = {}
for case in json.loads(Path(sys.argv[2]).read_text()):
    _log("case", case["name"], 0)
    options = BuildOptions(
        Path(case["root"]),
        Path(case["out"]),
        formats=tuple(case.get("formats", ("html", "pdf"))),
        editions=("public",),
        templates=Path(case["templates"]) if case.get("templates") else None,
        force=True,
    )
    try:
        build(options)
        outcome = {"ok": True, "type": "", "message": ""}
    except ReportgenError as exc:
        outcome = {"ok": False, "type": type(exc).__name__, "message": exc.render()}
    except BaseException:
        outcome = {"ok": False, "type": "BUG", "message": traceback.format_exc()}
    _log("end", case["name"], 0)
    outcome["outputs"] = _hashes(case["out"])
    results[case["name"]] = outcome
print(json.dumps(results))
"""


@dataclass
class Run:
    """One case of the audited child: its outcome, what it opened and listed, its network events."""

    name: str
    ok: bool
    type: str
    message: str
    outputs: dict[str, str]
    opened: list[tuple[str, int]] = field(default_factory=list)  # (absolute path, open flags)
    listed: list[str] = field(default_factory=list)
    net: list[str] = field(default_factory=list)


PROBE_CWDS: set[str] = set()  # the audited children's (empty) working folders


def run_audited(cases: list[dict[str, Any]], work: Path) -> dict[str, Run]:
    log, spec, cwd = work / "audit.log", work / "cases.json", work / "cwd"
    spec.write_text(json.dumps(cases))
    cwd.mkdir()
    PROBE_CWDS.add(os.path.realpath(cwd))
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(log), str(spec)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=cwd,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    outcomes = json.loads(done.stdout.strip().splitlines()[-1])
    runs = {name: Run(name, **outcome) for name, outcome in outcomes.items()}
    current: Run | None = None
    for line in log.read_text().splitlines():
        kind, what, flags = json.loads(line)
        if kind == "case":
            current = runs[what]
        elif kind == "end":
            current = None
        elif current is not None:
            if kind == "open":
                current.opened.append((what, flags))
            elif kind == "list":
                current.listed.append(what)
            else:
                current.net.append(what)
    return runs


_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _under(path: str, roots: list[Path]) -> bool:
    return any(Path(path) == r or Path(path).is_relative_to(r) for r in roots)


def _library_roots() -> list[Path]:
    """Where Python, its libraries and reportgen's own code live: reading these is importing."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, *sysconfig.get_paths().values()}
    paths.add(str(Path(reportgen.__file__).resolve().parent))
    return [Path(p).resolve() for p in paths if p]


def _temp_ok(path: str) -> bool:
    """Python's and WeasyPrint's own scratch files directly in the system temp folder."""
    tmp = Path(tempfile.gettempdir()).resolve()
    p = Path(path)
    if p == tmp:
        return True
    if p.parent == tmp and re.fullmatch(r"(tmp)?[a-z0-9_]{8}", p.name):  # tempfile's probe of the folder
        return True
    return (p.parent == tmp and p.name.startswith("weasyprint-")) or (
        p.parent.parent == tmp and p.parent.name.startswith("weasyprint-")
    )


def assert_confined(run: Run, *, report: Path, out: Path, templates: Path | None, outside: Path) -> None:
    """Everything the case opened is Python's libraries, the theme, the report folder (read-only) or the output."""
    report, out = report.resolve(), out.resolve()
    theme = [THEME] + ([templates.resolve()] if templates else [])
    libraries = _library_roots()
    config = {str(Path(p).resolve()) for p in mimetypes.knownfiles} | {"/dev/null", "/dev/urandom"}
    problems = []
    for path, flags in run.opened:
        real = os.path.realpath(path)
        if _under(path, [outside]) or _under(real, [outside]) or real in ("/etc/passwd", "/etc/hostname"):
            problems.append(f"read outside: {path}")
        elif _under(real, [report]):
            if flags & _WRITE_FLAGS:
                problems.append(f"opened an input for writing: {path}")
        elif _under(real, [out, *theme, *libraries]) or real in config or _temp_ok(real):
            continue
        else:
            problems.append(f"unexpected file: {path}")
    for path in run.listed:
        real = os.path.realpath(path)
        if real in PROBE_CWDS or _under(real, [report, out, *theme, *libraries]) or _temp_ok(real):
            continue  # the import system lists sys.path[0], the child's (empty) working folder
        problems.append(f"listed a folder outside: {path}")
    problems += [f"network: {event}" for event in run.net]
    assert not problems, "\n".join(problems[:40])


# --------------------------------------------------------------------------------------------------------
# The cases


def _edit_yaml(root: Path, rel: str, edit: Any) -> None:
    """Read a file as reportgen does (dates stay text), change it, write it back as YAML."""
    path = root / rel
    data = json.loads(json.dumps(read_data(path.read_bytes(), rel, False, Limits())))  # plain dicts for yaml
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def hostile_prose(port: int, outside: Path) -> str:
    here = f"http://127.0.0.1:{port}"
    return textwrap.dedent(
        f"""\
        Markdown image: ![md-image]({here}/md-image.png) and ![local](file://{outside}/secret.png).

        Reference image: ![ref-image][r]

        [r]: {here}/ref-image.png

        Raw image: <img src="{here}/raw-img.png"> <img src=x onerror="fetch('{here}/onerror')">

        <link rel="stylesheet" href="{here}/raw-link.css">
        <link rel="attachment" href="file:///etc/passwd">
        <iframe src="{here}/iframe.html"></iframe>
        <object data="{here}/object.svg"></object><embed src="{here}/embed.svg">
        <svg><image href="{here}/svg-image.png"/><use href="file:///etc/passwd#x"/></svg>
        <style>@import url({here}/style-import.css); body {{ background: url(file:///etc/passwd) }}</style>
        <div style="background: url({here}/style-attr.png)">styled</div>
        <script>fetch('{here}/script')</script>
        <base href="{here}/"><meta http-equiv="refresh" content="0;url={here}/meta">
        <form action="{here}/form"><button formaction="javascript:alert(1)">go</button></form>

        Links: [js](javascript:alert(1)), [JS](JaVaScRiPt:alert(1)), [tab](java&#x09;script:alert(1)),
        [vb](vbscript:msgbox), [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==),
        [file](file:///etc/passwd), [http]({here}/link), [https](https://127.0.0.1:{port}/tls-link),
        <{here}/autolink>, <a href="javascript:alert(1)">raw js</a>, <a href="{here}/raw-a">raw a</a>.

        </script><script>alert(1)</script><!-- <img src="{here}/comment.png"> -->
        """
    )


def _make_prose_report(root: Path, port: int, outside: Path) -> None:
    prose = hostile_prose(port, outside)
    title = f'<img src="http://127.0.0.1:{port}/title.png"><script>alert(1)</script>'

    def report(data: dict[str, Any]) -> None:
        data["report"]["foreword"] = prose
        data["report"]["methodology"] = prose
        data["report"]["subtitle"] = title

    def board(data: dict[str, Any]) -> None:
        data["board"]["mandate"] = prose
        data["board"]["members"][1]["name"] = title

    def decision(data: dict[str, Any]) -> None:
        data["decisions"][0]["rationale"] = prose
        data["decisions"][0]["dissents"][0]["statement"] = prose
        data["decisions"][0]["title"] = title
        data["decisions"][0]["conditions"] = [title]

    def safeguards(data: dict[str, Any]) -> None:
        data["safeguards"][0]["description"] = prose

    def red_lines(data: dict[str, Any]) -> None:
        data["red_lines"][0]["notes"] = prose

    _edit_yaml(root, "report.yaml", report)
    _edit_yaml(root, "board.yaml", board)
    _edit_yaml(root, "decisions/D-2.yaml", decision)
    _edit_yaml(root, "safeguards.yaml", safeguards)
    _edit_yaml(root, "red-lines.yaml", red_lines)


def _theme(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def _cover(extra: str) -> str:
    return '{% extends "default/report.html.j2" %}{% block cover %}{{ super() }}' + extra + "{% endblock %}"


@dataclass
class Setup:
    work: Path
    outside: Path
    port: int
    roots: dict[str, Path]
    outs: dict[str, Path]
    themes: dict[str, Path | None]
    runs: dict[str, Run]
    hits: list[tuple[str, bytes]]


# name -> (expected to fail?, what the message must name)
BLOCKED = {
    "stylesheet-import": "http://127.0.0.1:{port}/x.css",
    "stylesheet-file-url": "/etc/passwd",
    "stylesheet-font": "http://127.0.0.1:{port}/font.otf",
    "template-file-img": "/etc/hostname",
    "template-http-img": "http://127.0.0.1:{port}/tpl.png",
    "template-relative-escape": "/etc/hostname",
    "template-outside-file": "{outside}/secret.png",
    "template-link-stylesheet": "http://127.0.0.1:{port}/tpl.css",
    "template-attachment": "/etc/passwd",
}
# Cases WeasyPrint does not even try to fetch (no request, no open): the build may succeed.
NOT_FETCHED = ["template-svg-image"]


@pytest.fixture(scope="module")
def setup(server: _Recorder, tmp_path_factory: pytest.TempPathFactory) -> Setup:
    """Build every case once, in one audited child process; the tests below read the outcomes."""
    work = tmp_path_factory.mktemp("confinement")
    port = server.port
    outside = work / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(PNG + MARKER.encode())
    (outside / "secret.yaml").write_text(
        f"decisions:\n  - id: {MARKER}\n    date: 2026-03-10\n    title: {MARKER}\n    kind: governance\n"
        f"    rationale: {MARKER}\n"
    )
    (outside / "secret.j2").write_text(f"<p>{MARKER}</p>")
    (outside / "secret.css").write_text(f"body::before {{ content: '{MARKER}' }}")

    clean = copy_base(work / "clean")
    prose = copy_base(work / "prose")
    _make_prose_report(prose, port, outside)
    links = copy_base(work / "links")
    (links / "decisions" / "evil.yaml").symlink_to("/etc/passwd")
    (links / "decisions" / "outside.yaml").symlink_to(outside / "secret.yaml")
    (links / "linked-folder").symlink_to(outside, target_is_directory=True)
    (links / "logo.png").symlink_to(outside / "secret.png")
    _edit_yaml(links, "report.yaml", lambda d: d["report"].__setitem__("logo", "logo.png"))

    t = work / "themes"
    here = f"http://127.0.0.1:{port}"
    themes: dict[str, Path | None] = {
        "baseline": None,
        "stylesheet-import": _theme(
            t / "css-import",
            {"report.css": f"@import url({here}/x.css);\nbody {{ background: url(file:///etc/passwd) }}\n"},
        ),
        "stylesheet-file-url": _theme(t / "css-file", {"report.css": "body { background: url(file:///etc/passwd) }\n"}),
        "stylesheet-font": _theme(
            t / "css-font",
            {
                "fonts.css": f'@font-face {{ font-family: "X"; src: url({here}/font.otf); }}\n'
                'body { font-family: "X" }\n'
            },
        ),
        "template-file-img": _theme(
            t / "tpl-file", {"report.html.j2": _cover('<img src="file:///etc/hostname" alt="">')}
        ),
        "template-http-img": _theme(t / "tpl-http", {"report.html.j2": _cover(f'<img src="{here}/tpl.png" alt="">')}),
        "template-relative-escape": _theme(
            t / "tpl-rel", {"report.html.j2": _cover('<img src="' + "../" * 30 + 'etc/hostname" alt="">')}
        ),
        "template-outside-file": _theme(
            t / "tpl-outside", {"report.html.j2": _cover(f'<img src="{(outside / "secret.png").as_uri()}" alt="">')}
        ),
        "template-link-stylesheet": _theme(
            t / "tpl-link",
            {
                "report.html.j2": '{% extends "default/report.html.j2" %}{% block styles %}{{ super() }}'
                f'<link rel="stylesheet" href="{here}/tpl.css">{{% endblock %}}'
            },
        ),
        "template-attachment": _theme(
            t / "tpl-attach",
            {
                "report.html.j2": '{% extends "default/report.html.j2" %}{% block styles %}{{ super() }}'
                '<link rel="attachment" href="file:///etc/passwd">{% endblock %}'
            },
        ),
        "template-svg-image": _theme(
            t / "tpl-svg",
            {
                "report.html.j2": _cover(
                    f'<svg width="10" height="10"><image href="{here}/svg.png" width="10" height="10"/></svg>'
                )
            },
        ),
        "prose": None,
        "links": None,
        "theme-links": _theme(t / "tpl-links", {}),
    }
    theme_links = themes["theme-links"]
    assert theme_links is not None
    (theme_links / "sections").mkdir()
    (theme_links / "sections" / "foreword.html.j2").symlink_to(outside / "secret.j2")
    (theme_links / "report.css").symlink_to(outside / "secret.css")

    shared = work / "out-shared"  # the baseline's outputs, which no failing build may touch
    roots = {name: clean for name in themes}
    roots.update(prose=prose, links=links)
    outs = {name: shared for name in themes}
    outs.update(prose=work / "out-prose", links=work / "out-links")
    outs["theme-links"] = work / "out-theme-links"
    outs.update({name: work / f"out-{name}" for name in NOT_FETCHED})
    # The PDF is where confinement is enforced; the HTML too where a case is about templates or prose.
    formats = {name: ["html", "pdf"] for name in themes}
    formats.update({"theme-links": ["html"], **{name: ["pdf"] for name in NOT_FETCHED}})
    cases = [
        {
            "name": name,
            "root": str(roots[name]),
            "out": str(outs[name]),
            "templates": str(themes[name] or ""),
            "formats": formats[name],
        }
        for name in themes
    ]
    runs = run_audited(cases, work)
    return Setup(work, outside, port, roots, outs, themes, runs, list(server.hits))


@pytest.mark.pdf  # shares a module fixture that builds for 30-40 s
@pytest.mark.parametrize("name", NOT_FETCHED)
def test_a_resource_weasyprint_ignores_is_not_fetched_either(setup: Setup, name: str) -> None:
    run = setup.runs[name]
    assert run.type != "BUG", run.message
    assert_confined(
        run, report=setup.roots[name], out=setup.outs[name], templates=setup.themes[name], outside=setup.outside
    )


def _outputs(setup: Setup, name: str) -> dict[str, str]:
    return setup.runs[name].outputs


@pytest.mark.pdf  # shares a module fixture that builds for 30-40 s
def test_no_build_connected_to_the_network(setup: Setup) -> None:
    assert setup.hits == [], setup.hits
    for run in setup.runs.values():
        assert run.net == [], (run.name, run.net)


@pytest.mark.pdf  # shares a module fixture that builds for 30-40 s
def test_the_baseline_builds_and_reads_only_what_it_should(setup: Setup) -> None:
    run = setup.runs["baseline"]
    assert run.ok, run.message
    assert {"report.html", "report.pdf", "manifest.json"} <= set(run.outputs)
    assert_confined(
        run, report=setup.roots["baseline"], out=setup.outs["baseline"], templates=None, outside=setup.outside
    )


@pytest.mark.pdf  # shares a module fixture that builds for 30-40 s
@pytest.mark.parametrize("name", list(BLOCKED))
def test_a_blocked_resource_fails_the_build_naming_it_and_changes_nothing(setup: Setup, name: str) -> None:
    run = setup.runs[name]
    assert run.type != "BUG", run.message
    assert not run.ok, f"{name} built although it uses a blocked resource"
    assert run.type == "BuildError", (run.type, run.message)
    named = BLOCKED[name].format(port=setup.port, outside=setup.outside.resolve())
    assert named in run.message, run.message
    assert "Traceback" not in run.message
    assert run.outputs == _outputs(setup, "baseline"), "a failed build changed the previous outputs"
    assert not [n for n in run.outputs if n.endswith(".tmp")]
    assert_confined(
        run, report=setup.roots[name], out=setup.outs[name], templates=setup.themes[name], outside=setup.outside
    )


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "data", "poster", "background", "srcset"}
FORBIDDEN_TAGS = {
    "img", "iframe", "frame", "object", "embed", "link", "base", "form", "button", "input", "image", "use",
    "audio", "video", "source", "applet", "math", "foreignobject",
}  # fmt: skip


@pytest.mark.pdf  # shares a module fixture that builds for 30-40 s
def test_hostile_prose_is_escaped_or_sanitised(setup: Setup) -> None:
    run = setup.runs["prose"]
    assert run.ok, run.message
    html = (setup.outs["prose"] / "report.html").read_text(encoding="utf-8")
    baseline = (setup.outs["baseline"] / "report.html").read_text(encoding="utf-8")
    parsed, plain = _Tags(), _Tags()
    parsed.feed(html)
    plain.feed(baseline)
    assert "Markdown image" in html and "Raw image" in html, "the hostile prose is not in the report at all"
    assert html.lower().count("<script") == 2, "a <script> besides the embedded data and placeholders"
    assert "<img" not in html.lower() and "<iframe" not in html.lower()
    tags = [t for t, _ in parsed.tags]
    assert not FORBIDDEN_TAGS & set(tags), sorted(FORBIDDEN_TAGS & set(tags))
    for tag in ("script", "style", "meta", "link"):
        assert tags.count(tag) == [t for t, _ in plain.tags].count(tag), f"an extra <{tag}>"
    script_tags = [a for t, a in parsed.tags if t == "script"]
    assert [(a.get("type"), a.get("id")) for a in script_tags] == [
        ("application/json", "reportgen-data"),
        ("application/json", "reportgen-withheld"),
    ]
    assert all("<" not in s for s in parsed.scripts), "markup inside the embedded data"
    for tag, attrs in parsed.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            squashed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if name in URL_ATTRIBUTES:
                scheme = re.match(r"([a-z][a-z0-9+.-]*):", squashed)
                # https, mailto or a fragment (relative links: test_prose_links_are_https_or_mailto_only)
                assert scheme is None or scheme[1] in ("https", "mailto"), (tag, name, value)
                assert "127.0.0.1" not in squashed or squashed.startswith("https:"), (tag, name, value)
            assert "javascript:" not in squashed and "vbscript:" not in squashed, (tag, name, value)
            assert name != "style" or "url(" not in squashed, (tag, name, value)
    # (the hostile text itself is still there, as escaped text: '&lt;a href="javascript:..."&gt;')
    assert "&lt;script&gt;" in html and "&lt;img src=" in html


@pytest.mark.pdf  # shares a module fixture that builds for 30-40 s
def test_hostile_prose_puts_nothing_active_in_the_pdf(setup: Setup) -> None:
    reader = PdfReader(setup.outs["prose"] / "report.pdf")
    uris = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
            assert action is None or action.get("/S") in ("/URI", "/GoTo", None), action
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        for xobject in xobjects.values():
            assert xobject.get_object().get("/Subtype") != "/Image", "an image in the PDF"
    assert uris, "no links at all: the check would prove nothing"
    for uri in uris:
        assert not re.match(r"(?i)\s*(javascript|vbscript|data|http|ftp):", uri), uri
        assert not re.search(r"(?i)^file:.*(/etc/|outside)", uri), uri
    root = reader.trailer["/Root"]
    assert "/OpenAction" not in root and "/AA" not in root
    assert "/JavaScript" not in (root.get("/Names") or {})
    assert sorted(reader.attachments) == ["reportgen-build.json", "reportgen-data.json"]


def _pdf_uris(path: Path) -> list[str]:
    uris = []
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


@pytest.mark.pdf  # shares a module fixture that builds for 30-40 s
def test_prose_links_are_https_or_mailto_only(setup: Setup) -> None:
    """(Found here: nh3 kept scheme-less links such as markdown-it's 'java%09script:...'; WeasyPrint resolved
    them against the theme folder and the PDF linked to file:///<build machine's theme path>/...)"""
    html = (setup.outs["prose"] / "report.html").read_text(encoding="utf-8")
    parsed = _Tags()
    parsed.feed(html)
    hrefs = [a["href"] for t, a in parsed.tags if t == "a" and "href" in a]
    assert all(h.startswith(("https:", "mailto:", "#")) for h in hrefs), [
        h for h in hrefs if not h.startswith(("https:", "mailto:", "#"))
    ]
    uris = _pdf_uris(setup.outs["prose"] / "report.pdf")
    assert all(u.startswith(("https:", "mailto:")) for u in uris), [u for u in uris if u.startswith("file:")]


@pytest.mark.pdf  # shares a module fixture that builds for 30-40 s
def test_hostile_prose_reads_nothing_outside(setup: Setup) -> None:
    run = setup.runs["prose"]
    assert_confined(run, report=setup.roots["prose"], out=setup.outs["prose"], templates=None, outside=setup.outside)


def _everything_written(out: Path) -> str:
    """The HTML, the PDF's text and its attachments: where a leaked file would show."""
    text = (out / "report.html").read_text(encoding="utf-8")
    reader = PdfReader(out / "report.pdf")
    text += "".join(page.extract_text() for page in reader.pages)
    for contents in reader.attachments.values():
        text += b"".join(contents).decode("utf-8", "replace")
    return text


@pytest.mark.pdf  # shares a module fixture that builds for 30-40 s
def test_symlinks_out_of_the_report_folder_are_never_followed(setup: Setup) -> None:
    """decisions/evil.yaml -> /etc/passwd, decisions/outside.yaml, a linked folder and a linked logo."""
    run = setup.runs["links"]
    assert run.type != "BUG", run.message
    assert_confined(run, report=setup.roots["links"], out=setup.outs["links"], templates=None, outside=setup.outside)
    if run.ok:
        written = _everything_written(setup.outs["links"])
        assert MARKER not in written and "root:x:0:0" not in written
    else:
        assert "decisions/evil.yaml" in run.message or "outside.yaml" in run.message, run.message


@pytest.mark.pdf  # shares a module fixture that builds for 30-40 s
def test_a_symlinked_input_out_of_the_folder_fails_the_build_naming_it(setup: Setup) -> None:
    run = setup.runs["links"]
    assert not run.ok
    assert "decisions/evil.yaml" in run.message and "decisions/outside.yaml" in run.message, run.message


@pytest.mark.pdf  # shares a module fixture that builds for 30-40 s
def test_a_symlinked_theme_file_out_of_the_theme_is_never_read(setup: Setup) -> None:
    """(Found here: Jinja's FileSystemLoader followed a symlinked template out of --templates and rendered it,
    and Theme.digest read every linked file.)"""
    run = setup.runs["theme-links"]
    assert run.type != "BUG", run.message
    assert_confined(
        run, report=setup.roots["theme-links"], out=setup.outs["theme-links"],
        templates=setup.themes["theme-links"], outside=setup.outside,
    )  # fmt: skip
    if run.ok:
        assert MARKER not in (setup.outs["theme-links"] / "report.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------------------
# The fetcher itself, directly (fast; each rule on its own)


@pytest.fixture
def fetcher_roots(tmp_path: Path) -> tuple[ConfinedFetcher, Path, Path]:
    report, outside = tmp_path / "report", tmp_path / "outside"
    report.mkdir()
    outside.mkdir()
    (report / "logo.png").write_bytes(PNG)
    (outside / "secret.png").write_bytes(PNG)
    (report / "link.png").symlink_to(outside / "secret.png")
    (report / "sub").mkdir()
    return ConfinedFetcher([report, THEME]), report, outside


def test_the_fetcher_serves_files_inside_and_data_urls(fetcher_roots: tuple[ConfinedFetcher, Path, Path]) -> None:
    fetcher, report, _ = fetcher_roots
    assert fetcher.fetch((report / "logo.png").as_uri()).read() == PNG
    assert fetcher.fetch((THEME / "fonts.css").as_uri()).read()
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/a.png",
        "https://127.0.0.1:{port}/a.png",
        "HTTP://127.0.0.1:{port}/a.png",
        "ftp://127.0.0.1:{port}/a.png",
        "gopher://127.0.0.1:{port}/",
        "file://127.0.0.1:{port}/etc/passwd",
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "file:/etc/passwd",
        "file:///{report}/../outside/secret.png",
        "file:///{report}/%2e%2e/outside/secret.png",
        "file:///{report}/sub/..%2f..%2foutside/secret.png",
        "file:///{report}/link.png",
        "file:///{report}/missing.png",
        "file:///{report}",
        "file:///{report}/logo.png/..%2f..%2f..%2f..%2f..%2f..%2fetc/passwd",
        "file:///proc/self/environ",
        "file:///dev/zero",
    ],
)
def test_the_fetcher_blocks_everything_else(
    fetcher_roots: tuple[ConfinedFetcher, Path, Path], server: _Recorder, url: str
) -> None:
    fetcher, report, _ = fetcher_roots
    hits = len(server.hits)
    target = url.format(port=server.port, report=str(report).lstrip("/"))
    with pytest.raises(BlockedResource):
        fetcher.fetch(target)
    assert len(server.hits) == hits
    assert fetcher.served == []


# --------------------------------------------------------------------------------------------------------
# Nothing lost: a killed build, a build over its time limit


@pytest.fixture
def example_copy(built_example: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the example report (asab-2025 beside it, its previous_report) and of its successful build
    (the session's, so that these tests change nothing another test reads)."""
    inputs = copy_example(tmp_path / "inputs")
    out = Path(shutil.copytree(built_example, tmp_path / "out"))
    assert (out / "report.pdf").stat().st_size > 0
    shutil.rmtree(out / LAYOUT_CACHE)  # the build to kill must lay pages out, not take them from the cache
    return inputs, out


@pytest.mark.pdf  # a copy of the session's build of the example, then a PDF build killed
def test_a_killed_build_leaves_the_previous_outputs_and_inputs_intact(
    example_copy: tuple[Path, Path], tmp_path: Path
) -> None:
    inputs, out = example_copy
    before_out, before_in = digests(out), digests(inputs.parent)
    process = subprocess.Popen(
        reportgen_command("build", inputs, "-o", out, "--edition", "public", "--format", "pdf", "--force", "-q"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=inputs.parent.parent,
        start_new_session=True,  # its own process group, so that its PDF worker can be found afterwards
    )
    try:
        deadline = time.monotonic() + 300
        while len(_running_in_group(process.pid)) < 2:  # a PDF worker has started laying out
            assert process.poll() is None, "the build ended before it could be killed"
            assert time.monotonic() < deadline, "the PDF layout never started"
            time.sleep(0.05)
        time.sleep(2.0)
        assert process.poll() is None, "the build ended before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        _kill_group(process.pid)
    assert digests(inputs.parent) == before_in, "inputs changed"
    after = digests(out)
    assert after["report.pdf"] == before_out["report.pdf"], "report.pdf changed"
    left = sorted(set(after) - set(before_out))
    # What may be left: a hidden temporary file (".report.pdf.XXXX.tmp"), and the page groups laid out before
    # the kill, kept in the layout cache; nothing else.
    assert all(
        (name.startswith(".report.pdf.") and name.endswith(".tmp")) or name.startswith(f"{LAYOUT_CACHE}/")
        for name in left
    ), left
    assert {k: v for k, v in after.items() if k not in left} == before_out
    # ... and it does not trip the next build into the same folder.
    base = copy_base(tmp_path / "base")
    done = subprocess.run(
        reportgen_command("build", base, "-o", out, "--edition", "public", "--format", "pdf", "--force", "-q"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert PdfReader(out / "report.pdf").pages


def _kill_group(pgid: int) -> None:
    """SIGKILL whatever is left of the process group this test started (its own build and workers only)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)


@pytest.mark.pdf  # a copy of the session's build of the example, then a PDF build killed
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_a_killed_build_leaves_no_worker_running(example_copy: tuple[Path, Path]) -> None:
    """(Found here: the daemon flag only acts at a clean exit; after SIGKILL the worker went on laying out for
    up to render_seconds, then wrote a complete hidden .report.pdf.*.tmp that nothing removes.)"""
    inputs, out = example_copy
    process = subprocess.Popen(
        reportgen_command("build", inputs, "-o", out, "--edition", "public", "--format", "pdf", "--force", "-q"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 300
        while len(_running_in_group(process.pid)) < 2:  # a PDF worker has started laying out
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(0.5)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        deadline = time.monotonic() + 5
        while (left := _running_in_group(process.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        _kill_group(process.pid)
    assert not left, f"the PDF worker outlived the killed build: {left}"


def _running_in_group(pgid: int) -> list[str]:
    """Processes of the group that are still running (a dead worker may stay a zombie if PID 1 never reaps)."""
    running = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, _, group = stat.rsplit(")", 1)[1].split()[:3]
        if int(group) == pgid and state not in ("Z", "X"):
            running.append(f"{entry.name} {stat.split(')')[0].split('(')[-1]} {state}")
    return running


@pytest.mark.pdf  # a copy of the session's build of the example, then a PDF build stopped
def test_a_build_over_its_cpu_time_limit_stops_and_keeps_the_previous_outputs(example_copy: tuple[Path, Path]) -> None:
    inputs, out = example_copy
    before = digests(out)
    done = subprocess.run(
        reportgen_command(
            "build", inputs, "-o", out, "--edition", "public", "--format", "pdf", "--force", "-q",
            "--limit", "render_seconds=1",
        ),
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "rendering used more than 1 s of CPU time and was stopped" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr

    def outputs(digests: dict[str, str]) -> dict[str, str]:
        # a hidden temp file a killed build left is swept by the next build: not an output
        return {name: digest for name, digest in digests.items() if not name.endswith(".tmp")}

    assert outputs(digests(out)) == outputs(before), "the stopped build changed the previous outputs"
    assert not [name for name in digests(out) if name.endswith(".tmp")]
