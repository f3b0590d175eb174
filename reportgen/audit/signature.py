"""The signature part of ``verify``: one line per question, each ``ok``, ``note``, ``mismatch`` or
``undecided``.

Integrity (are the signed bytes unchanged?), the signer (the certificate's subject), the signing time,
the certificate chain (only against a root given with ``--trust``: without one the chain is not checked,
and the line says so), whether anything was added after the signature, and whether the signed part is
the PDF reportgen built plus the signature alone (so that the data, inputs and pages that ``verify``
goes on to check are what was signed).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import UsageError
from .pdf_file import revision_ends
from .sign import quiet_pyhanko

if TYPE_CHECKING:
    from pyhanko.pdf_utils.reader import PdfFileReader

Certificate = Any  # asn1crypto's x509.Certificate (asn1crypto has no type information)

# why a chain is not trusted, in words (pyHanko's AdES sub-indications; others are shown as named)
_TRUST_PROBLEMS = {
    "NO_CERTIFICATE_CHAIN_FOUND": "no chain from it to a --trust root",
    "REVOKED": "the certificate was revoked",
    "REVOKED_NO_POE": "the certificate was revoked",
    "REVOKED_CA_NO_POE": "a certificate of its chain was revoked",
    "EXPIRED": "the certificate had expired",
    "NOT_YET_VALID": "the certificate was not yet valid",
    "OUT_OF_BOUNDS_NO_POE": "the certificate was not valid at the time of checking",
    "OUT_OF_BOUNDS_NOT_REVOKED": "the certificate was not valid at the time of checking",
    "CHAIN_CONSTRAINTS_FAILURE": "its chain breaks a constraint (a CA flag, a path length or a key usage)",
    "SIG_CONSTRAINTS_FAILURE": "the certificate may not sign documents (its key usage)",
}
# what the update that adds a signature may change in an object the PDF had before
_CATALOG_KEYS = {"/AcroForm", "/Extensions", "/Version"}
_PAGE_KEYS = {"/Annots"}


@dataclass(frozen=True)
class Line:
    """One line of the verdict: ``ok``, ``note``, ``mismatch`` or ``undecided``, and what it says."""

    status: str
    text: str


@dataclass
class SignatureCheck:
    """The signature's lines, and where the PDF reportgen built (``original_end``) and the signed part
    (``signed_end``) end in the file, when they could be told."""

    lines: list[Line] = field(default_factory=list)
    original_end: int | None = None
    signed_end: int | None = None


def load_trust_roots(paths: tuple[Path, ...]) -> list[Certificate]:
    """The certificates in the ``--trust`` files (PEM or DER, several per file allowed)."""
    if not paths:
        return []  # and pyHanko is not even imported
    from pyhanko.keys import load_certs_from_pemder_data

    roots = []
    for path in paths:
        try:
            found = list(load_certs_from_pemder_data(path.read_bytes()))
        except OSError as exc:
            raise UsageError(f"--trust {path}: cannot read it: {exc.strerror or exc}") from None
        except (ValueError, TypeError):
            found = []
        if not found:
            raise UsageError(f"--trust {path}: not a certificate in PEM or DER form")
        roots += found
    return roots


def check_signature(data: bytes, trust: list[Certificate]) -> SignatureCheck:
    """Check the signature of a signed PDF (``data``) against the trust roots (none: chain not checked)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    result = SignatureCheck()
    with quiet_pyhanko():
        try:
            reader = PdfFileReader(io.BytesIO(data), strict=False)
            signatures = reader.embedded_signatures
        except Exception as exc:  # a damaged file raises anything from pyHanko's parser
            result.lines.append(_unreadable(exc))
            return result
        if len(signatures) != 1:
            result.lines.append(
                Line("undecided", f"this PDF carries {len(signatures)} signatures: reportgen signs once and checks one")
            )
            return result
        try:
            _check(reader, signatures[0], data, trust, result)
        except Exception as exc:
            result.lines.append(_unreadable(exc))
    return result


def _unreadable(exc: Exception) -> Line:
    return Line(
        "mismatch",
        f"signature cannot be read: the signed file is damaged ({type(exc).__name__}: {exc}): it was changed "
        "after signing",
    )


def _check(
    reader: PdfFileReader, signature: Any, data: bytes, trust: list[Certificate], result: SignatureCheck
) -> None:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=trust, allow_fetching=False)
    status = validate_pdf_signature(signature, context, skip_diff=True)
    lines = result.lines
    digest = status.pkcs7_signature_mechanism.replace("_", " ")
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if not status.intact:
        lines.append(Line("mismatch", "signature broken: the PDF's bytes were changed after it was signed"))
    elif status.coverage is None or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        lines.append(Line("mismatch", "signature partial: it leaves bytes of the revision it signs uncovered"))
    elif not status.valid:
        lines.append(
            Line("mismatch", "signature invalid: its value was not made with the key of the certificate it names")
        )
    else:
        lines.append(Line("ok", f"signature intact: the bytes it covers are unchanged since signing ({digest})"))
    subject = status.signing_cert.subject.human_friendly
    trusted = bool(trust) and status.trusted
    lines.append(Line("ok" if trusted else "note", f"signed by: {subject}"))
    when = status.signer_reported_dt
    stamp = when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if when is not None else "not given"
    lines.append(Line("note", f"signing time: {stamp}, as the signer's clock gave it (no timestamp authority)"))
    if not (status.intact and status.valid):
        lines.append(Line("note", "certificate chain: not judged, since the signature itself does not hold"))
    elif not trust:
        lines.append(
            Line(
                "undecided",
                "certificate chain not checked: give --trust CERT, the root certificate the signer's should lead to",
            )
        )
    elif trusted:
        anchor = status.validation_path.trust_anchor  # type: ignore[union-attr]
        lines.append(Line("ok", f"certificate chain: leads to the trust root {_anchor_name(anchor)}"))
    else:
        name = str(getattr(status.trust_problem_indic, "name", "untrusted"))
        why = _TRUST_PROBLEMS.get(name, name.lower().replace("_", " "))
        lines.append(
            Line("mismatch", f"certificate chain: the signer's certificate does not lead to a --trust root ({why})")
        )
    start, _, second, length = (int(n) for n in signature.sig_object["/ByteRange"])
    signed_end = second + length
    result.signed_end = signed_end
    if start != 0 or signed_end > len(data):
        lines.append(Line("mismatch", "signature covers no whole revision of this file: it was changed after signing"))
        return
    if signed_end < len(data):
        lines.append(
            Line(
                "mismatch",
                f"changed after signing: {len(data) - signed_end:,} bytes were added after the signed part (an "
                "update made after the signature): what a viewer shows is not what was signed",
            )
        )
    else:
        lines.append(Line("ok", "nothing was added after the signature"))
    ends = revision_ends(data[:signed_end])
    if not ends or ends[-1] != signed_end:
        lines.append(Line("mismatch", "the signed part does not end a revision: it was changed after signing"))
        return
    result.original_end = ends[0]
    if len(ends) == 1:
        lines.append(Line("mismatch", "the signature is part of the PDF as first written: reportgen did not build it"))
    elif len(ends) > 2:
        lines.append(
            Line(
                "mismatch",
                f"changed before signing: {len(ends) - 2} update(s) sit between the PDF reportgen built and the "
                "signature",
            )
        )
    else:
        changes = _update_changes(reader)
        if changes:
            lines.append(Line("mismatch", f"the update that added the signature also changes {'; '.join(changes)}"))
        else:
            lines.append(
                Line(
                    "ok",
                    "the signed part is the PDF reportgen built plus the signature alone: what follows checks "
                    "what was signed",
                )
            )


def _anchor_name(anchor: Any) -> str:
    try:
        return str(anchor.authority.name.human_friendly)
    except AttributeError:
        return "given with --trust"


def _update_changes(reader: PdfFileReader) -> list[str]:
    """What the update that added the signature (revision 1) changes beyond adding it: objects of the
    built PDF it redefines other than the catalog (which may gain the form and the PAdES extension) and
    a page (which may gain the invisible signature's widget); objects it deletes; a form with XFA."""
    from pyhanko.pdf_utils import generic

    old, new = reader.get_historical_resolver(0), reader.get_historical_resolver(1)
    size = int(old.trailer_view["/Size"])
    changes = []
    if old.trailer_view.raw_get("/Root") != new.trailer_view.raw_get("/Root"):
        changes.append("the document catalog (replaced)")
    for ref in sorted(reader.xrefs.explicit_refs_in_revision(1), key=lambda r: r.idnum):
        if ref.idnum >= size:
            continue  # a new object: reachable only through the catalog's form and a page's annotations
        before, after = old.get_object(ref), new.get_object(ref)
        kind = before.get("/Type") if isinstance(before, generic.DictionaryObject) else None
        allowed = _CATALOG_KEYS if kind == "/Catalog" else _PAGE_KEYS if kind == "/Page" else set()
        if not isinstance(before, generic.DictionaryObject) or not isinstance(after, generic.DictionaryObject):
            changes.append(f"object {ref.idnum}")
            continue
        changed = {
            key
            for key in set(before) | set(after)
            if key not in before or key not in after or before.raw_get(key) != after.raw_get(key)
        }
        if changed - allowed or isinstance(before, generic.StreamObject):
            what = f"a {str(kind)[1:].lower()}" if kind else "an object"
            changes.append(f"{what} (object {ref.idnum}: {', '.join(sorted(changed - allowed)) or 'its stream'})")
        elif kind == "/Catalog" and "/AcroForm" in changed and "/XFA" in after["/AcroForm"]:
            changes.append("the form (it adds XFA, which draws its own pages)")
        elif kind == "/Page" and "/Annots" in changed:
            changes += _new_annotations(before, after, ref.idnum)
    for ref in reader.xrefs.refs_freed_in_revision(1):
        changes.append(f"object {ref.idnum} (deleted)")
    return changes


def _new_annotations(before: Any, after: Any, page: int) -> list[str]:
    """An annotation the update adds to a page must be an invisible signature widget (zero-size box)."""
    from pyhanko.pdf_utils import generic

    old = {getattr(a, "idnum", id(a)) for a in before.get("/Annots", [])}
    problems = []
    for item in after.raw_get("/Annots").get_object() if "/Annots" in after else []:
        if getattr(item, "idnum", None) in old:
            continue
        annotation = item.get_object()
        if not isinstance(annotation, generic.DictionaryObject):
            problems.append(f"a page (object {page}: an annotation that is no dictionary)")
            continue
        kind = annotation.get("/FT") or (annotation.get("/Parent") or {}).get("/FT")
        x1, y1, x2, y2 = (float(v) for v in annotation.get("/Rect", [0, 0, 0, 0]))
        if annotation.get("/Subtype") != "/Widget" or kind != "/Sig":
            problems.append(f"a page (object {page}: it adds a {annotation.get('/Subtype', 'annotation')})")
        elif x1 != x2 and y1 != y2:
            problems.append(f"a page (object {page}: the signature is drawn on it, visibly)")
    return problems
