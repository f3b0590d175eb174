"""``reportgen sign`` and the signature lines of ``reportgen verify``, with a throw-away CA made here.

The signature is a PAdES incremental update: the PDF as built stays an unchanged prefix, its attachments
and PDF/A identification stay, and ``verify`` reports integrity, signer, signing time, the chain against
``--trust`` (UNDECIDED without it) and anything changed after signing, each on its own line.
"""

from __future__ import annotations

import datetime
import io
import shutil
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner, Result
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from helpers import BASE

from reportgen.build.orchestrator import BuildOptions, build
from reportgen.cli.main import cli


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Board"),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def make_ca(folder: Path, label: str = "Test Root CA") -> dict[str, Path]:
    """A root CA and a signer certificate it issued (elliptic-curve keys: fast), written as PEM files."""
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = (
        x509.CertificateBuilder()
        .subject_name(_name(label))
        .issuer_name(_name(label))
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )  # key_cert_sign, crl_sign
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    signer_key = ec.generate_private_key(ec.SECP256R1())
    signer = (
        x509.CertificateBuilder()
        .subject_name(_name("Board Secretary"))
        .issuer_name(root.subject)
        .public_key(signer_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )  # digital_signature, content_commitment
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    paths = {"root": folder / "root.pem", "cert": folder / "signer.pem", "key": folder / "signer.key"}
    paths["root"].write_bytes(root.public_bytes(serialization.Encoding.PEM))
    paths["cert"].write_bytes(signer.public_bytes(serialization.Encoding.PEM))
    paths["key"].write_bytes(
        signer_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return paths


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the base report in ``report/``, its public PDF in ``out/``, a test CA in ``ca/``."""
    root = tmp_path_factory.mktemp("sign")
    shutil.copytree(BASE, root / "report")
    build(BuildOptions(root=root / "report", out_dir=root / "out", formats=("pdf",), editions=("public",)))
    make_ca(root / "ca")
    return root


@pytest.fixture(scope="module")
def signed(built: Path) -> Path:
    """The public PDF signed once (as ``reportgen sign`` writes it, beside the PDF)."""
    ca = built / "ca"
    result = _run("sign", built / "out" / "report.pdf", "--key", ca / "signer.key", "--cert", ca / "signer.pem")
    assert result.exit_code == 0, result.output
    return built / "out" / "report.signed.pdf"


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _verify(*args: str | Path) -> tuple[int, list[str]]:
    result = _run("verify", *args)
    assert result.stderr == ""
    return result.exit_code, result.stdout.splitlines()


@pytest.mark.pdf
def test_sign_appends_to_the_pdf_as_built_and_leaves_it_alone(built: Path, signed: Path) -> None:
    original = (built / "out" / "report.pdf").read_bytes()
    data = signed.read_bytes()
    assert data.startswith(original) and len(data) > len(original)
    assert (built / "out" / "report.pdf").read_bytes() == original
    assert not list((built / "out").glob(".*.tmp"))  # written through a temporary file, renamed


@pytest.mark.pdf
def test_the_signed_pdf_keeps_its_attachments_and_pdfa_identification(signed: Path) -> None:
    with pikepdf.open(signed) as pdf:
        assert set(pdf.attachments) == {"reportgen-data.json", "reportgen-build.json"}
        assert len(pdf.Root.AF) >= 2 and all(spec.AFRelationship == "/Source" for spec in pdf.Root.AF)
        meta = pdf.open_metadata()
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("3", "A")
        assert str(pdf.docinfo.Producer) == meta.get("pdf:Producer")  # PDF/A: the two must agree
        assert pdf.Root.get("/Version") is None and pdf.pdf_version == "1.7"  # PDF/A-3 is PDF 1.7
        (field,) = pdf.Root.AcroForm.Fields
        assert field.FT == "/Sig" and int(field.F) & 4  # printable, as PDF/A requires of an annotation
        assert [float(v) for v in field.Rect] == [0, 0, 0, 0]  # invisible


@pytest.mark.pdf
def test_a_signed_pdf_verifies_with_signature_lines(built: Path, signed: Path) -> None:
    code, lines = _verify(signed, "--inputs", built / "report", "--trust", built / "ca" / "root.pem")
    assert code == 0, lines
    assert lines[0] == "ok: signature intact: the bytes it covers are unchanged since signing (sha256 ecdsa)"
    assert lines[1] == "ok: signed by: Common Name: Board Secretary, Organization: Example Board"
    assert lines[2].startswith("note: signing time: 20") and lines[2].endswith(
        " UTC, as the signer's clock gave it (no timestamp authority)"
    )
    assert lines[3:6] == [
        "ok: certificate chain: leads to the trust root Common Name: Test Root CA, Organization: Example Board",
        "ok: nothing was added after the signature",
        "ok: the signed part is the PDF reportgen built plus the signature alone: what follows checks what was signed",
    ]
    assert "ok: the embedded data is what these inputs give for the public edition" in lines
    assert lines[-1] == f"MATCH (public edition, data level): {signed}"


@pytest.mark.pdf
def test_rebuild_compares_the_unsigned_pdf_inside_the_signed_one(built: Path, signed: Path) -> None:
    code, lines = _verify(signed, "--inputs", built / "report", "--trust", built / "ca" / "root.pem", "--rebuild")
    assert code == 0, "\n".join(lines)
    assert lines[-2:] == ["ok: a rebuild from the inputs is byte-identical", f"MATCH (public edition): {signed}"]


@pytest.mark.pdf
def test_without_a_trust_root_the_chain_is_undecided_not_a_match(built: Path, signed: Path) -> None:
    code, lines = _verify(signed, "--inputs", built / "report")
    assert code == 2
    assert lines[1] == "note: signed by: Common Name: Board Secretary, Organization: Example Board"
    assert lines[3] == (
        "undecided: certificate chain not checked: give --trust CERT, the root certificate the signer's should lead to"
    )
    assert lines[-1] == f"UNDECIDED (public edition): {signed}"


@pytest.mark.pdf
def test_another_trust_root_is_a_mismatch(built: Path, signed: Path, tmp_path: Path) -> None:
    other = make_ca(tmp_path / "other", "Another Root CA")
    code, lines = _verify(signed, "--inputs", built / "report", "--trust", other["root"])
    assert code == 1
    assert lines[3] == (
        "mismatch: certificate chain: the signer's certificate does not lead to a --trust root "
        "(no chain from it to a --trust root)"
    )


@pytest.mark.pdf
def test_a_byte_flipped_inside_the_signed_range_breaks_the_signature(built: Path, signed: Path, tmp_path: Path) -> None:
    data = bytearray(signed.read_bytes())
    font = data.index(b"stream\n", data.index(b"/Subtype /OpenType")) + 100
    data[font] ^= 0xFF  # a byte of a font, inside the first signed range
    flipped = tmp_path / "flipped.pdf"
    flipped.write_bytes(bytes(data))
    code, lines = _verify(flipped, "--inputs", built / "report", "--trust", built / "ca" / "root.pem")
    assert code == 1
    assert lines[0] == "mismatch: signature broken: the PDF's bytes were changed after it was signed"
    assert lines[-1] == f"MISMATCH (public edition): {flipped}"


@pytest.mark.pdf
def test_an_update_after_signing_is_reported_as_such(built: Path, signed: Path, tmp_path: Path) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed.read_bytes()))
    writer.trailer["/Info"]["/Title"] = generic.TextStringObject("Another title")
    writer.mark_update(writer.trailer.raw_get("/Info"))
    updated = tmp_path / "updated.pdf"
    with updated.open("wb") as out:
        writer.write(out)
    code, lines = _verify(updated, "--inputs", built / "report", "--trust", built / "ca" / "root.pem")
    assert code == 1
    assert lines[0].startswith("ok: signature intact")  # the signed part itself is unchanged...
    added = updated.stat().st_size - signed.stat().st_size
    assert lines[4] == (  # ...but something came after it
        f"mismatch: changed after signing: {added:,} bytes were added after the signed part (an update made after "
        "the signature): what a viewer shows is not what was signed"
    )


@pytest.mark.pdf
def test_a_signature_whose_update_also_changes_a_page_is_named(built: Path, tmp_path: Path) -> None:
    """The signer's own update is checked too: one that also rewrites a page's content is not "the PDF
    reportgen built plus the signature alone"."""
    from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    ca = built / "ca"
    writer = IncrementalPdfFileWriter(io.BytesIO((built / "out" / "report.pdf").read_bytes()))
    page_ref = writer.root["/Pages"]["/Kids"].raw_get(0)
    page = page_ref.get_object()
    page["/Contents"] = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 72 Td (edited) Tj ET"))
    writer.mark_update(page_ref)
    signer = signers.SimpleSigner(
        signing_cert=load_cert_from_pemder(str(ca / "signer.pem")),
        signing_key=load_private_key_from_pemder(str(ca / "signer.key"), None),
        cert_registry=SimpleCertificateStore(),
    )
    out = io.BytesIO()
    meta = PdfSignatureMetadata(field_name="sig", subfilter=fields.SigSeedSubFilter.PADES)
    PdfSigner(meta, signer=signer).sign_pdf(writer, output=out)
    evil = tmp_path / "evil.pdf"
    evil.write_bytes(out.getvalue())
    code, lines = _verify(evil, "--inputs", built / "report", "--trust", ca / "root.pem")
    assert code == 1
    (line,) = [line for line in lines if "the update that added the signature also changes" in line]
    assert f"a page (object {page_ref.idnum}: /Contents)" in line


@pytest.mark.pdf
def test_trust_on_an_unsigned_pdf_is_a_mismatch(built: Path) -> None:
    code, lines = _verify(
        built / "out" / "report.pdf", "--inputs", built / "report", "--trust", built / "ca" / "root.pem"
    )
    assert code == 1
    assert lines[0] == "mismatch: not signed: --trust was given, but this PDF carries no signature"


@pytest.mark.pdf
def test_sign_writes_to_o_and_refuses_to_overwrite_its_input(built: Path, tmp_path: Path) -> None:
    ca = built / "ca"
    original = (built / "out" / "report.pdf").read_bytes()
    target = tmp_path / "deep" / "copy.pdf"
    result = _run("sign", built / "out" / "report.pdf", "--key", ca / "signer.key", "--cert", ca / "signer.pem",
                  "--chain", ca / "root.pem", "-o", target)  # fmt: skip
    assert result.exit_code == 0
    assert (
        result.stdout.splitlines()[0]
        == f"signed: {target} (the PDF as built, {built / 'out' / 'report.pdf'}, is unchanged)"
    )
    assert target.read_bytes().startswith(original)
    same = _run("sign", built / "out" / "report.pdf", "--key", ca / "signer.key", "--cert", ca / "signer.pem",
                "-o", built / "out" / "report.pdf")  # fmt: skip
    assert same.exit_code == 2
    assert "the signed copy would replace the PDF it signs" in same.stderr
    assert (built / "out" / "report.pdf").read_bytes() == original


@pytest.mark.pdf
def test_sign_refuses_what_it_cannot_sign_well(built: Path, signed: Path, tmp_path: Path) -> None:
    ca, pdf = built / "ca", built / "out" / "report.pdf"
    other = make_ca(tmp_path / "other")
    mismatched = _run("sign", pdf, "--key", other["key"], "--cert", ca / "signer.pem", "-o", tmp_path / "x.pdf")
    assert mismatched.exit_code == 2
    assert (
        mismatched.stderr
        == f"error: {other['key']}: this private key does not belong to the certificate {ca / 'signer.pem'}\n"
    )
    again = _run("sign", signed, "--key", ca / "signer.key", "--cert", ca / "signer.pem", "-o", tmp_path / "y.pdf")
    assert (again.exit_code, again.stderr) == (2, f"error: {signed}: already signed (reportgen signs a PDF once)\n")
    plain = tmp_path / "plain.pdf"
    with pikepdf.new() as blank:
        blank.add_blank_page()
        blank.save(plain)
    foreign = _run("sign", plain, "--key", ca / "signer.key", "--cert", ca / "signer.pem")
    assert foreign.exit_code == 2 and "not made by reportgen: it carries no reportgen data" in foreign.stderr


@pytest.mark.pdf
def test_an_encrypted_key_takes_its_passphrase_from_a_file(built: Path, tmp_path: Path) -> None:
    ca = built / "ca"
    key = serialization.load_pem_private_key((ca / "signer.key").read_bytes(), password=None)
    locked = tmp_path / "locked.key"
    locked.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"correct horse"),
        )
    )
    args = (
        "sign",
        built / "out" / "report.pdf",
        "--key",
        locked,
        "--cert",
        ca / "signer.pem",
        "-o",
        tmp_path / "s.pdf",
    )
    without = _run(*args)  # no terminal to ask on: told what is missing
    assert (without.exit_code, without.stderr) == (
        2,
        f"error: {locked}: the private key is encrypted: give its passphrase\n",
    )
    (tmp_path / "pass").write_text("wrong\n")
    wrong = _run(*args, "--passphrase-file", tmp_path / "pass")
    assert (wrong.exit_code, wrong.stderr) == (2, f"error: {locked}: wrong passphrase for the private key\n")
    (tmp_path / "pass").write_text("correct horse\n")
    assert _run(*args, "--passphrase-file", tmp_path / "pass").exit_code == 0
    code, lines = _verify(tmp_path / "s.pdf", "--inputs", built / "report", "--trust", ca / "root.pem")
    assert code == 0, lines
