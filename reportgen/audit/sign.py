"""``reportgen sign``: a PAdES signature (pyHanko) appended to a built PDF, which stays PDF/A-3.

The signature is an incremental update: the PDF as built is an unchanged prefix of the signed file, so
``verify`` still finds its attachments, checks its data and, with ``--rebuild``, compares its bytes. The
update holds only the signature: an invisible signature field on the first page (with the print flag,
as PDF/A requires) and the form that lists it. Two things pyHanko would otherwise do are left out, since
each breaks PDF/A-3: it writes the producer differently into the document information and the XMP
metadata (which PDF/A requires to agree), and it declares PDF 2.0 for an elliptic-curve key (PDF/A-3 is
PDF 1.7). The document's metadata stays as built; the signature records when it was made.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..core.errors import UsageError
from ..core.output import write_atomic
from ..editions.canonical import BUILD_ATTACHMENT, DATA_ATTACHMENT
from .pdf_file import read_pdf, revision_ends

# asn1crypto's key and certificate types (asn1crypto has no type information)
PrivateKey = Any
Certificate = Any
SIGNATURE_FIELD = "reportgen-signature"


class KeyLocked(UsageError):
    """The private key is encrypted and no (or a wrong) passphrase was given."""


def signed_name(source: Path) -> Path:
    """Where ``sign`` writes without ``-o``: ``REPORT.signed.pdf`` beside ``REPORT.pdf``."""
    return source.with_name(f"{source.stem}.signed.pdf")


def sign_pdf(
    source: Path,
    key: Path,
    cert: Path,
    chain: tuple[Path, ...] = (),
    output: Path | None = None,
    passphrase: bytes | None = None,
) -> Path:
    """Sign the reportgen PDF ``source`` and write the signed copy (atomically) to ``output``, by default
    ``REPORT.signed.pdf`` beside it; ``source`` itself is never written. Returns where it wrote."""
    target = output if output is not None else signed_name(source)
    if target.resolve() == source.resolve():
        raise UsageError(f"{target}: the signed copy would replace the PDF it signs: choose another -o")
    data = _read(source, "PDF")
    if not data.startswith(b"%PDF-"):
        raise UsageError(f"{source}: not a PDF")
    facts = read_pdf(data, str(source))
    if DATA_ATTACHMENT not in facts.attachments or BUILD_ATTACHMENT not in facts.attachments:
        raise UsageError(f"{source}: not made by reportgen: it carries no reportgen data, so verify could not check it")
    if facts.signed:
        raise UsageError(f"{source}: already signed (reportgen signs a PDF once)")
    if revision_ends(data) != [len(data)]:
        raise UsageError(
            f"{source}: changed after the build (an update was appended to it): sign the PDF as reportgen built it"
        )
    private_key = _private_key(key, passphrase)
    certificate = _certificates(cert, "certificate")[0]
    others = [c for path in chain for c in _certificates(path, "chain certificate")]
    _check_pair(private_key, certificate, key, cert)
    signed = _sign(data, private_key, certificate, others)
    if not signed.startswith(data):  # pragma: no cover - an incremental update always keeps its prefix
        raise UsageError(f"{source}: the signing tool rewrote the PDF instead of appending to it")
    write_atomic(target, signed)
    return target


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file ({what})") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the {what}: {exc.strerror or exc}") from None


def _private_key(path: Path, passphrase: bytes | None) -> PrivateKey:
    from pyhanko.keys import load_private_key_from_pemder_data

    data = _read(path, "private key")
    try:
        return load_private_key_from_pemder_data(data, passphrase=passphrase)
    except TypeError:  # encrypted and no passphrase, or a passphrase for a key that has none
        if passphrase is None:
            raise KeyLocked(f"{path}: the private key is encrypted: give its passphrase") from None
        raise UsageError(f"{path}: this private key is not encrypted: give no passphrase") from None
    except ValueError as exc:
        if passphrase is not None and "password" in str(exc).lower():
            raise KeyLocked(f"{path}: wrong passphrase for the private key") from None
        raise UsageError(f"{path}: not a private key in PEM or DER form") from None


def _certificates(path: Path, what: str) -> list[Certificate]:
    from pyhanko.keys import load_certs_from_pemder_data

    data = _read(path, what)
    try:
        found = list(load_certs_from_pemder_data(data))
    except (ValueError, TypeError):
        found = []
    if not found:
        raise UsageError(f"{path}: not a certificate in PEM or DER form ({what})")
    return found


def _check_pair(private_key: PrivateKey, certificate: Certificate, key: Path, cert: Path) -> None:
    """Refuse a key that does not belong to the certificate: the signature would be one nobody can check."""
    from cryptography.hazmat.primitives import serialization

    loaded = serialization.load_der_private_key(private_key.dump(), password=None)
    public = loaded.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    if public != certificate.public_key.dump():
        raise UsageError(f"{key}: this private key does not belong to the certificate {cert}")


@contextmanager
def quiet_pyhanko() -> Iterator[None]:
    """pyHanko's and its certificate validator's log records (tracebacks of what the caller reports in
    plain words) silenced within the block only."""
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    before = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, before, strict=True):
            logger.setLevel(level)


def _sign(data: bytes, private_key: PrivateKey, certificate: Certificate, others: list[Certificate]) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.writer import BasePdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.signers import constants
    from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    class MetadataAsBuilt(IncrementalPdfFileWriter):
        """Leaves the document information and XMP metadata as built (see the module's docstring)."""

        def _update_meta(self) -> None:
            return None

    class Pdf17Signer(PdfSigner):
        """Declares only the PAdES extension of PDF 1.7, never PDF 2.0 (see the module's docstring)."""

        def register_extensions(self, pdf_out: BasePdfFileWriter, *, md_algorithm: str) -> None:
            pdf_out.ensure_output_version(version=(1, 7))  # type: ignore[no-untyped-call]
            pdf_out.register_extension(constants.ESIC_EXTENSION_1)

    signer = signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=private_key,
        cert_registry=SimpleCertificateStore.from_certs(others),  # type: ignore[no-untyped-call]
    )
    meta = PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    out = io.BytesIO()
    with quiet_pyhanko():
        try:
            writer = MetadataAsBuilt(io.BytesIO(data), strict=False)
            Pdf17Signer(meta, signer=signer, new_field_spec=fields.SigFieldSpec(SIGNATURE_FIELD)).sign_pdf(
                writer, output=out
            )
        except Exception as exc:  # pyHanko raises many kinds, each about the key, the certificate or the PDF
            raise UsageError(f"could not sign: {type(exc).__name__}: {exc}") from None
    return out.getvalue()
