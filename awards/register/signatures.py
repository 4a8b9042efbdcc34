"""The digital signatures of a signed decision's PDF (issue 21): who signed it and when, whether the file is still
the one that was signed, and whether the signer's certificate chains to a root an administrator installed.

- `check_pdf(data, roots)` reads the PDF with pyHanko and validates every embedded signature against `roots` only
  (the certificates of the active `TrustRoot` rows; an empty list trusts nothing, never the system's list). Nothing
  is fetched from outside: no certificate (AIA), no CRL or OCSP (`allow_fetching=False`); revocation is soft-fail,
  so a certificate is not refused for want of revocation data, and is refused when the file itself carries it.
- A signature is *intact* when the bytes it covers hash to what was signed, *trusted* when its certificate chains
  to an installed root, and the file is *altered* when it was changed after signing beyond adding later
  signatures or validation data (pyHanko's difference analysis of the incremental updates).
- A certificate that has expired since is judged at the signing time (a trusted timestamp's, or the signer's
  own), as a decision stays valid after its signer's certificate runs out.
- `decision_signature_check` stores a `SignatureCheck` of a decision's PDF scan: `decision_save` calls it when a
  scan is uploaded, the decision's page again on request ("Kiểm tra lại", after a root is installed).
- The trust roots: `parse_certificate` (the upload form), `trust_root_add`, `trust_root_set_active`
  (administrators, `awards.manage_rules`).

docs/security.md ("Chữ ký số của quyết định").
"""

import datetime
import hashlib
import importlib
import io
import logging
import warnings
import zoneinfo
from dataclasses import dataclass, field

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.oid import NameOID
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko_certvalidator import ValidationContext

from awards.register.enums import SignatureStatus
from awards.register.models import Decision, SignatureCheck, TrustRoot
from units.common.history import attach_user

with warnings.catch_warnings():
    # pyHanko's signing module, which its validation imports, imports cryptography's DSA key class, deprecated since
    # cryptography 46: a warning at every start of the server (an error under `-W error`). Nothing here signs.
    # `import_module`, as an import statement here would not be at the module's top level (tests/test_architecture).
    warnings.simplefilter("ignore", CryptographyDeprecationWarning)
    pyhanko_validation = importlib.import_module("pyhanko.sign.validation")
    ModificationLevel = importlib.import_module("pyhanko.sign.diff_analysis").ModificationLevel

logger = logging.getLogger(__name__)

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# A signing certificate issued in Việt Nam carries digitalSignature, usually nonRepudiation too: either will do.
KEY_USAGE = pyhanko_validation.KeyUsageConstraints(
    key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
)
# Later signatures, form values and validation data (DSS, document timestamps) added after a signature leave
# what it signed untouched; anything else (page content, annotations, objects replaced) is an alteration.
ACCEPTED_LEVELS = frozenset({ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING})
COVERAGE = {
    pyhanko_validation.SignatureCoverageLevel.ENTIRE_FILE: "entire_file",
    pyhanko_validation.SignatureCoverageLevel.ENTIRE_REVISION: "entire_revision",
    pyhanko_validation.SignatureCoverageLevel.CONTIGUOUS_BLOCK_FROM_START: "contiguous_block",
    pyhanko_validation.SignatureCoverageLevel.UNCLEAR: "unclear",
}
# The overall status is the worst of the signatures'.
SEVERITY = [SignatureStatus.VALID, SignatureStatus.UNTRUSTED, SignatureStatus.ALTERED, SignatureStatus.INVALID]
# How the decision's page shows a status: Bootstrap's contextual colour and an icon.
TONES = {
    SignatureStatus.VALID: ("success", "patch-check-fill"),
    SignatureStatus.UNTRUSTED: ("warning", "exclamation-triangle-fill"),
    SignatureStatus.ALTERED: ("danger", "x-octagon-fill"),
    SignatureStatus.INVALID: ("danger", "x-octagon-fill"),
    SignatureStatus.UNSIGNED: ("secondary", "file-earmark"),
    SignatureStatus.UNREADABLE: ("warning", "question-octagon-fill"),
}
# The AdES sub-indications of a certificate out of its validity period at the time of validation.
EXPIRED = frozenset({"EXPIRED", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED"})
CERTIFICATE_MAX_SIZE = 64 * 1024
SUMMARY_LENGTH = SignatureCheck._meta.get_field("summary").max_length


@dataclass
class CheckResult:
    """The verdict on a PDF's signatures: the overall status, one dict per signature (JSON, stored as is in
    `SignatureCheck.signatures`), and the Vietnamese sentence the decision's page shows."""

    status: str
    signatures: list[dict] = field(default_factory=list)
    summary: str = ""


def _local_text(moment: datetime.datetime | None) -> str:
    return moment.astimezone(HANOI).strftime("%d/%m/%Y %H:%M") if moment else ""


def _name_part(name, key: str) -> str:
    value = name.native.get(key, "") if name is not None else ""
    return (value[-1] if isinstance(value, list) and value else value or "").strip()


def signer_label(entry: dict) -> str:
    """ "Nguyễn Văn A (VKSND tỉnh X)": the signer's common name and organisation as the certificate states them."""
    name = entry.get("signer") or _("người ký không rõ tên")
    return f"{name} ({entry['organisation']})" if entry.get("organisation") else name


# -- checking a PDF ---------------------------------------------------------------------------------------------


def _anchors(roots) -> list[asn1_x509.Certificate]:
    """The roots as pyHanko takes them; one that does not parse (never stored: the form parses it) is left out."""
    anchors = []
    for root in roots:
        if isinstance(root, asn1_x509.Certificate):
            anchors.append(root)
            continue
        data = root.encode() if isinstance(root, str) else bytes(root)
        try:
            if pem.detect(data):
                _, _, data = pem.unarmor(data)
            anchors.append(asn1_x509.Certificate.load(data))
        except (ValueError, TypeError) as exc:
            logger.warning("trust root left out, not a certificate: %r", exc)
    return anchors


def _context(roots: list, moment: datetime.datetime | None = None) -> ValidationContext:
    # trust_roots is always a list: None would fall back to the operating system's TLS roots.
    return ValidationContext(trust_roots=list(roots), allow_fetching=False, revocation_mode="soft-fail", moment=moment)


def _signing_time(status) -> tuple[datetime.datetime | None, str]:
    """The signing time and where it comes from: a trusted timestamp token's, else the signer's own clock."""
    stamp = status.timestamp_validity
    if stamp is not None and stamp.intact and stamp.valid and stamp.trusted:
        return stamp.timestamp, "timestamp"
    return status.signer_reported_dt, "signer"


def _trust_problem(status) -> str:
    """Why a signer's certificate is not trusted, in words."""
    indication = getattr(status.trust_problem_indic, "name", "") or ""
    if status.revoked:
        return _("chứng thư số của người ký đã bị thu hồi")
    if indication in EXPIRED:
        return _("chứng thư số của người ký đã hết hạn vào thời điểm ký")
    if indication == "NOT_YET_VALID":
        return _("chứng thư số của người ký chưa có hiệu lực vào thời điểm ký")
    if indication == "SIG_CONSTRAINTS_FAILURE":
        return _("chứng thư số của người ký không dùng để ký văn bản")
    if indication in {"NO_CERTIFICATE_CHAIN_FOUND", ""}:
        return _("chứng thư số không do tổ chức chứng thực nào trong danh sách chứng thư gốc tin cậy cấp")
    return _("không xác lập được chuỗi tin cậy tới chứng thư gốc đã cài đặt")


def _validate(embedded, roots: list) -> dict:
    """One embedded signature, as a JSON dict with its own status and message."""
    entry: dict = {"field": str(embedded.field_name or "")}
    try:
        cert = embedded.signer_cert
        entry.update(
            signer=_name_part(cert.subject, "common_name"),
            organisation=_name_part(cert.subject, "organization_name")
            or _name_part(cert.subject, "organizational_unit_name"),
            issuer=_name_part(cert.issuer, "common_name") or _name_part(cert.issuer, "organization_name"),
            serial=format(cert.serial_number, "x"),
            not_after=cert.not_valid_after.isoformat(),
        )
        status = pyhanko_validation.validate_pdf_signature(embedded, _context(roots), key_usage_settings=KEY_USAGE)
        signed_at, time_source = _signing_time(status)
        expired_since = False
        if not status.trusted and status.intact and status.valid and signed_at is not None:
            indication = getattr(status.trust_problem_indic, "name", "")
            if indication in EXPIRED:
                then = pyhanko_validation.validate_pdf_signature(
                    embedded, _context(roots, signed_at), key_usage_settings=KEY_USAGE
                )
                if then.trusted:
                    status, expired_since = then, True
    except Exception as exc:  # any malformed signature dictionary or CMS blob: a verdict, never a server error
        logger.info("signature %s could not be validated: %r", entry["field"], exc)
        entry.update(
            status=SignatureStatus.INVALID.value,
            intact=False,
            valid=False,
            trusted=False,
            message=_("cấu trúc chữ ký số không hợp lệ, không kiểm tra được"),
        )
        return entry

    level = status.modification_level
    coverage = COVERAGE.get(status.coverage, "unclear")
    altered_after = coverage != "entire_file" and (
        coverage != "entire_revision" or level not in ACCEPTED_LEVELS or status.docmdp_ok is False
    )
    entry.update(
        signed_at=signed_at.astimezone(HANOI).isoformat() if signed_at else None,
        signed_at_text=_local_text(signed_at),
        time_source=time_source,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        bottom_line=bool(status.bottom_line),
        coverage=coverage,
        modification_level=level.name.lower() if level is not None else None,
        expired_since=expired_since,
        root=_name_part(status.validation_path[0].subject, "common_name")
        if status.trusted and status.validation_path
        else "",
    )
    if not status.valid:
        entry["status"] = SignatureStatus.INVALID.value
        entry["message"] = _("chữ ký số không khớp với chứng thư số (chữ ký giả hoặc bị hỏng)")
    elif not status.intact:
        entry["status"] = SignatureStatus.ALTERED.value
        entry["message"] = _("nội dung đã ký bị thay đổi: tệp không còn là tệp đã được ký")
    elif altered_after:
        entry["status"] = SignatureStatus.ALTERED.value
        entry["message"] = _("sau khi ký, tệp đã bị thêm hoặc thay nội dung (trang, chú thích hoặc đối tượng khác)")
    elif not status.trusted:
        entry["status"] = SignatureStatus.UNTRUSTED.value
        entry["message"] = _trust_problem(status)
    else:
        entry["status"] = SignatureStatus.VALID.value
        entry["message"] = (
            _("văn bản không bị sửa đổi sau khi ký")
            if coverage == "entire_file"
            else _("văn bản không bị sửa đổi sau khi ký (sau chữ ký chỉ có thêm chữ ký hoặc dữ liệu kiểm tra)")
        )
    return entry


def _summary(status: str, entries: list[dict]) -> str:
    if status == SignatureStatus.VALID:
        signed = "; ".join(
            _("%(signer)s, ngày %(date)s") % {"signer": signer_label(entry), "date": entry["signed_at_text"]}
            if entry.get("signed_at_text")
            else signer_label(entry)
            for entry in entries
        )
        text = _("Đã ký số bởi %(signed)s, văn bản không bị sửa đổi sau khi ký.") % {"signed": signed}
    else:
        problems = "; ".join(
            _("chữ ký của %(signer)s: %(problem)s") % {"signer": signer_label(entry), "problem": entry["message"]}
            for entry in entries
            if entry["status"] != SignatureStatus.VALID
        )
        text = f"{SignatureStatus(status).label}: {problems}."
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"


def check_pdf(data: bytes, roots) -> CheckResult:
    """The verdict on the digital signatures of the PDF `data`, trusting only `roots` (certificates, PEM or DER,
    str or bytes, or asn1crypto certificates). Never raises: a file pyHanko cannot read is UNREADABLE."""
    roots = _anchors(roots)
    try:
        reader = PdfFileReader(io.BytesIO(data))
        if reader.encrypted:
            reader.decrypt("")
        # Document timestamps (/DocTimeStamp) keep signatures verifiable over time; they sign no content.
        embedded = list(reader.embedded_regular_signatures)
    except Exception as exc:  # pyHanko raises many kinds of errors on a malformed file: all mean "unreadable"
        logger.info("PDF unreadable for the signature check: %r", exc)
        return CheckResult(
            SignatureStatus.UNREADABLE.value,
            summary=_("Không đọc được tệp PDF để kiểm tra chữ ký số (tệp hỏng hoặc không đúng định dạng PDF)."),
        )
    if not embedded:
        return CheckResult(
            SignatureStatus.UNSIGNED.value,
            summary=_("Tệp PDF không có chữ ký số (bản quét hoặc bản in ra PDF chưa được ký số)."),
        )
    entries = [_validate(signature, roots) for signature in embedded]
    status = max((SignatureStatus(entry["status"]) for entry in entries), key=SEVERITY.index).value
    return CheckResult(status, entries, _summary(status, entries))


# -- a decision's scan ------------------------------------------------------------------------------------------


def active_roots() -> list[str]:
    return list(TrustRoot.objects.filter(active=True).values_list("certificate", flat=True))


@transaction.atomic
def decision_signature_check(*, decision: Decision, by=None) -> SignatureCheck | None:
    """Check the signatures of the decision's scan and store the verdict; None (nothing stored) when the scan is
    not a PDF (a photo has no digital signature) or the file is gone from the storage."""
    if not decision.scan:
        return None
    try:
        with decision.scan.open("rb") as handle:
            data = handle.read()
    except OSError:
        logger.warning("decision %s: scan missing from storage: %s", decision.pk, decision.scan.name)
        return None
    if not data.startswith(b"%PDF-"):
        return None
    result = check_pdf(data, active_roots())
    check = SignatureCheck(
        decision=decision,
        file_sha256=hashlib.sha256(data).hexdigest(),
        status=result.status,
        signatures=result.signatures,
        summary=result.summary,
        checked_by=by if getattr(by, "is_authenticated", False) else None,
    )
    check.full_clean()
    check.save()
    return check


def signature_check_latest(*, decision: Decision) -> SignatureCheck | None:
    """The newest check of the decision's scan (index `awards_signature_check_latest`), with who made it."""
    return (
        SignatureCheck.objects.filter(decision=decision)
        .select_related("checked_by")
        .order_by("-checked_at", "-id")
        .first()
    )


def check_tone(status: str) -> tuple[str, str]:
    return TONES.get(status, ("secondary", "info-circle"))


def coverage_text(entry: dict) -> str:
    """What part of the file a signature covers, in words."""
    coverage = entry.get("coverage")
    if coverage == "entire_file":
        return _("chữ ký bao trọn toàn bộ tệp")
    if coverage == "entire_revision":
        if entry.get("status") == SignatureStatus.ALTERED:
            return _("tệp có phần được thêm sau khi ký")
        return _("sau chữ ký chỉ có thêm chữ ký hoặc dữ liệu kiểm tra")
    return _("chữ ký không bao trọn tệp") if coverage else ""


# -- trust roots ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedCertificate:
    pem: str
    fingerprint: str
    subject: str
    common_name: str
    not_after: datetime.datetime


def parse_certificate(data: bytes) -> ParsedCertificate:
    """One X.509 certificate from a PEM or DER file, or ValidationError in words: not a certificate, several of
    them, or a signer's own certificate (a root or a certification authority's is what anchors trust)."""
    if len(data) > CERTIFICATE_MAX_SIZE:
        raise ValidationError(_("Tệp quá lớn để là một chứng thư số (tối đa 64 KB)."), code="too_large")
    try:
        if b"-----BEGIN" in data:
            found = x509.load_pem_x509_certificates(data)
        else:
            found = [x509.load_der_x509_certificate(data)]
    except ValueError as exc:
        raise ValidationError(
            _("Tệp không phải là chứng thư số X.509 (định dạng PEM hoặc DER: .pem, .crt, .cer, .der)."),
            code="not_certificate",
        ) from exc
    if len(found) != 1:
        raise ValidationError(
            _("Tệp chứa %(count)s chứng thư; hãy tải lên từng chứng thư gốc một.") % {"count": len(found)},
            code="several",
        )
    (cert,) = found
    try:
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        constraints = None  # an old (v1) root has no extensions at all
    except ValueError as exc:
        raise ValidationError(_("Chứng thư số có phần mở rộng không hợp lệ."), code="bad_extensions") from exc
    if constraints is not None and not constraints.ca:
        raise ValidationError(
            _(
                "Đây là chứng thư số của một người ký, không phải chứng thư gốc của tổ chức chứng thực; hãy tải lên "
                "chứng thư gốc (hoặc chứng thư của tổ chức chứng thực cấp cho người ký)."
            ),
            code="not_ca",
        )
    der = cert.public_bytes(serialization.Encoding.DER)
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    subject_field = TrustRoot._meta.get_field("subject")
    return ParsedCertificate(
        pem=cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        fingerprint=hashlib.sha256(der).hexdigest(),
        subject=cert.subject.rfc4514_string()[: subject_field.max_length],
        common_name=str(names[0].value) if names else "",
        not_after=cert.not_valid_after_utc,
    )


def duplicate_root_message(existing: TrustRoot) -> str:
    if existing.active:
        return _("Chứng thư này đã được cài đặt với tên “%(name)s”.") % {"name": existing.name}
    return _("Chứng thư này đã được cài đặt với tên “%(name)s” và đang ngừng dùng; hãy bấm “Dùng lại” ở danh sách.") % {
        "name": existing.name
    }


@transaction.atomic
def trust_root_add(*, certificate: bytes, name: str = "", by=None) -> TrustRoot:
    """Install a root (or a certification authority's) certificate as trusted for signed decisions. The same
    certificate twice is refused (its SHA-256 fingerprint), with its name."""
    try:
        parsed = parse_certificate(certificate)
    except ValidationError as exc:
        raise ValidationError({"certificate": exc.messages}) from exc
    existing = TrustRoot.objects.filter(fingerprint=parsed.fingerprint).first()
    if existing is not None:
        raise ValidationError({"certificate": duplicate_root_message(existing)}, code="duplicate")
    root = TrustRoot(
        name=(name or "").strip() or parsed.common_name or parsed.subject,
        certificate=parsed.pem,
        fingerprint=parsed.fingerprint,
        subject=parsed.subject,
        not_after=parsed.not_after,
        active=True,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    root.name = root.name[: TrustRoot._meta.get_field("name").max_length]
    root.full_clean()
    attach_user(root, by)
    root.save()
    return root


@transaction.atomic
def trust_root_set_active(*, root: TrustRoot, active: bool, by=None) -> TrustRoot:
    """Stop trusting a root (a decision checked afterwards no longer chains to it), or trust it again. The checks
    already stored keep their verdict until rechecked."""
    root = TrustRoot.objects.select_for_update().get(pk=root.pk)
    if root.active != active:
        root.active = active
        attach_user(root, by)
        root.save(update_fields=["active"])
    return root


def trust_root_list() -> QuerySet[TrustRoot]:
    return TrustRoot.objects.select_related("created_by").order_by("-active", "name", "id")


def is_expired(root: TrustRoot) -> bool:
    return root.not_after is not None and root.not_after < timezone.now()
