"""The board's logo: checked where ``report.logo`` is written, embedded on the cover of both editions."""

from __future__ import annotations

import base64
import shutil
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import BASE
from pypdf import PdfReader

from reportgen.build.orchestrator import BuildOptions, build
from reportgen.cli.main import cli

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n'


def _png() -> bytes:
    """A valid 2x2 PNG, made here so the test needs no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = (2).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    pixels = zlib.compress(b"\x00\xff\x00\x00\x00\x00\xff" * 2)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _report(tmp_path: Path, logo: str, files: dict[str, bytes]) -> Path:
    root = tmp_path / "report"
    shutil.copytree(BASE, root)
    meta = root / "report.yaml"
    meta.write_text(meta.read_text().replace("  illustrative: true\n", f"  illustrative: true\n  logo: {logo}\n", 1))
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


@pytest.mark.parametrize(
    ("logo", "files", "message"),
    [
        ("logo.svg", {}, "no file 'logo.svg' in the report folder (the path is relative to it)"),
        ("../logo.svg", {}, "'../logo.svg' is outside the report folder; copy the logo in and give its path there"),
        ("/etc/logo.svg", {}, "'/etc/logo.svg' is outside the report folder; copy the logo in and give its path there"),
        ("logo.gif", {"logo.gif": b"GIF89a"}, "'logo.gif' is not an .svg or .png file"),
        ("logo.png", {"logo.png": SVG}, "'logo.png' is not a PNG image (its content does not match its name)"),
        ("art/logo.svg", {"art/logo.svg": b"<html></html>"}, "'art/logo.svg' is not an SVG image (its content "
         "does not match its name)"),
        ("logo.svg", {"logo.svg": b"<svg>" + b" " * 1_000_000}, "'logo.svg' is 1,000,005 bytes, over the limit of "
         "1,000,000 for a logo"),
    ],
)  # fmt: skip
def test_a_logo_that_cannot_be_used_is_an_error_at_its_line(
    tmp_path: Path, logo: str, files: dict[str, bytes], message: str
) -> None:
    root = _report(tmp_path, logo, files)
    result = CliRunner().invoke(cli, ["validate", str(root)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"report.yaml:14:9: report.logo: {message}"


def test_a_logo_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere.svg").write_bytes(SVG)
    root = _report(tmp_path, "logo.svg", {})
    (root / "logo.svg").symlink_to(tmp_path / "elsewhere.svg")
    result = CliRunner().invoke(cli, ["validate", str(root)])
    assert result.stderr.splitlines()[0] == (
        "report.yaml:14:9: report.logo: 'logo.svg' is outside the report folder; "
        "copy the logo in and give its path there"
    )


def test_the_logo_is_embedded_on_the_cover_of_the_html(tmp_path: Path) -> None:
    png = _png()
    root = _report(tmp_path, "brand/logo.png", {"brand/logo.png": png})
    out = tmp_path / "out"
    build(BuildOptions(root, out, formats=("html",), editions=("public",)))
    html = (out / "report.html").read_text()
    src = f"data:image/png;base64,{base64.b64encode(png).decode()}"
    assert f'<img class="cover-logo" src="{src}" alt="Example AI Safety Board logo">' in html


@pytest.mark.pdf
def test_the_logo_is_embedded_on_the_cover_of_the_pdf(tmp_path: Path) -> None:
    root = _report(tmp_path, "brand/logo.png", {"brand/logo.png": _png()})
    out = tmp_path / "out"
    build(BuildOptions(root, out, formats=("pdf",), editions=("public",)))
    cover = PdfReader(str(out / "report.pdf")).pages[0]
    assert [image.image.size for image in cover.images] == [(2, 2)]  # type: ignore[union-attr]


def test_a_changed_logo_makes_the_outputs_out_of_date(tmp_path: Path) -> None:
    root = _report(tmp_path, "logo.svg", {"logo.svg": SVG})
    out = tmp_path / "out"
    options = BuildOptions(root, out, formats=("html",), editions=("public",))
    build(options)
    assert build(options).up_to_date
    (root / "logo.svg").write_bytes(SVG.replace(b'width="10"', b'width="9"'))
    result = build(options)
    assert not result.up_to_date
    assert base64.b64encode(SVG.replace(b'width="10"', b'width="9"')).decode() in (out / "report.html").read_text()


@pytest.mark.pdf
def test_verify_names_a_logo_changed_after_the_build(tmp_path: Path) -> None:
    from reportgen.audit.verify import verify

    root = _report(tmp_path, "logo.svg", {"logo.svg": SVG})
    out = tmp_path / "out"
    build(BuildOptions(root, out, formats=("pdf",), editions=("public",)))
    assert verify(out / "report.pdf", root).status == "match"
    (root / "logo.svg").write_bytes(SVG.replace(b'width="10"', b'width="9"'))
    verdict = verify(out / "report.pdf", root)
    assert (verdict.status, verdict.reasons) == ("mismatch", ["input files changed since the build: logo.svg"])
