"""Signed decisions (issue 21): a clerk uploads the decision's PDF signed by the issuing procuracy, and the decision's
page says who signed it and when, whether the file is still the one signed, and whether the signer's certificate
comes from a certification authority the administrators trust. Nothing is fetched from outside.

The test builds its own certification authority with `cryptography` (an EC P-256 root and signers' certificates with
the key usages of a signing certificate) and signs small PDFs with pyHanko, as a signing tool would."""

import dataclasses
import datetime
import hashlib
import io

import pypdf
import pytest
import time_machine
from asn1crypto import cms
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from awards.register import services, signatures
from awards.register.enums import SignatureStatus
from awards.register.models import Decision, SignatureCheck, TrustRoot
from tests.factories.awards import DecisionFactory
from tests.files import image_bytes

pytestmark = [pytest.mark.integration, pytest.mark.today("2026-12-08")]

UTC = datetime.UTC
DER = serialization.Encoding.DER
PEM = serialization.Encoding.PEM
# 14:03 in Hà Nội on 05/12/2026: the signing time of the decision in most tests.
SIGNED_AT = datetime.datetime(2026, 12, 5, 7, 3, tzinfo=UTC)
PAGE_TEXT = b"Quyet dinh khen thuong so 120/QD-VKS"


# -- a throwaway certification authority ---------------------------------------------------------------------------


def _name(common_name: str, organisation: str | None = None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attributes)


def _key_usage(*, signer: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signer,
        content_commitment=signer,  # nonRepudiation
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signer,
        crl_sign=not signer,
        encipher_only=False,
        decipher_only=False,
    )


def _certificate(subject, key, *, issuer=None, issuer_key=None, ca: bool, start, end) -> x509.Certificate:
    issuer, issuer_key = (issuer, issuer_key) if issuer is not None else (subject, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject if isinstance(issuer, x509.Certificate) else issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(_key_usage(signer=not ca), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if not ca:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


@dataclasses.dataclass
class Authority:
    root: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def pem(self) -> str:
        return self.root.public_bytes(PEM).decode()

    def issue(self, common_name: str, organisation: str, *, start=None, end=None) -> signers.SimpleSigner:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _certificate(
            _name(common_name, organisation),
            key,
            issuer=self.root,
            issuer_key=self.key,
            ca=False,
            start=start or datetime.datetime(2020, 1, 1, tzinfo=UTC),
            end=end or datetime.datetime(2040, 1, 1, tzinfo=UTC),
        )
        return signers.SimpleSigner(
            signing_cert=asn1_x509.Certificate.load(cert.public_bytes(DER)),
            signing_key=asn1_keys.PrivateKeyInfo.load(
                key.private_bytes(DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
            ),
            cert_registry=SimpleCertificateStore.from_certs([asn1_x509.Certificate.load(self.root.public_bytes(DER))]),
        )


def authority(common_name: str) -> Authority:
    key = ec.generate_private_key(ec.SECP256R1())
    start, end = datetime.datetime(2015, 1, 1, tzinfo=UTC), datetime.datetime(2045, 1, 1, tzinfo=UTC)
    return Authority(
        _certificate(_name(common_name, "Tổ chức chứng thực thử"), key, ca=True, start=start, end=end), key
    )


def pdf_with_text(text: bytes = PAGE_TEXT) -> bytes:
    """A one-page PDF whose page says `text` (uncompressed, so that a test can find its bytes)."""
    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = pypdf.generic.DictionaryObject(
        {
            pypdf.generic.NameObject("/Type"): pypdf.generic.NameObject("/Font"),
            pypdf.generic.NameObject("/Subtype"): pypdf.generic.NameObject("/Type1"),
            pypdf.generic.NameObject("/BaseFont"): pypdf.generic.NameObject("/Helvetica"),
        }
    )
    page[pypdf.generic.NameObject("/Resources")] = pypdf.generic.DictionaryObject(
        {
            pypdf.generic.NameObject("/Font"): pypdf.generic.DictionaryObject(
                {pypdf.generic.NameObject("/F1"): writer._add_object(font)}
            )
        }
    )
    content = pypdf.generic.DecodedStreamObject()
    content.set_data(b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET")
    page[pypdf.generic.NameObject("/Contents")] = writer._add_object(content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sign(data: bytes, signer: signers.SimpleSigner, *, at=SIGNED_AT, field: str = "Signature1") -> bytes:
    """`data` signed by `signer` at `at` (the signing tool's clock), as an incremental update."""
    with time_machine.travel(at, tick=False):
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        return signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name=field), signer=signer).getvalue()


def change_page_text(data: bytes, text: bytes) -> bytes:
    """An incremental update after signing that replaces the page's content (the text of the decision)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page = writer.root["/Pages"]["/Kids"][0]
    page["/Contents"] = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET")
    )
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def forge_signature_value(data: bytes) -> bytes:
    """The same file with one byte of the signature value itself changed (same length, same structure)."""
    start = data.index(b"/Contents <") + len(b"/Contents <")
    end = data.index(b">", start)
    blob = bytes.fromhex(data[start:end].decode())
    signed_data = cms.ContentInfo.load(blob.rstrip(b"\x00"))
    signer_info = signed_data["content"]["signer_infos"][0]
    value = bytearray(signer_info["signature"].native)
    value[len(value) // 2] ^= 0x01
    signer_info["signature"] = bytes(value)
    forged = signed_data.dump(force=True)
    assert len(forged) == len(blob.rstrip(b"\x00"))
    padded = forged.hex().encode().ljust(end - start, b"0")
    return data[:start] + padded + data[end:]


@pytest.fixture(scope="module")
def pki():
    """The certification authority of the tests, another one nobody installed, and the PDFs they sign: EC P-256
    keys, made once for the module."""
    ca = authority("CA thử nghiệm TĐKT")
    stranger = authority("CA lạ")
    signer = ca.issue("Nguyễn Văn A", "VKSND tỉnh X")
    # A certificate that ran out on 30/06/2025: valid when it signed on 05/12/2024, not when it signed later.
    short = ca.issue(
        "Trần Thị B",
        "VKSND tỉnh T",
        start=datetime.datetime(2024, 1, 1, tzinfo=UTC),
        end=datetime.datetime(2025, 6, 30, tzinfo=UTC),
    )
    plain = pdf_with_text()
    signed = sign(plain, signer)
    return {
        "ca": ca,
        "stranger": stranger,
        "signer": signer,
        "plain": plain,
        "signed": signed,
        "signed_by_stranger": sign(plain, stranger.issue("Lê Văn C", "Đơn vị lạ")),
        "expired_since": sign(plain, short, at=datetime.datetime(2024, 12, 5, 2, 0, tzinfo=UTC)),
        "expired_before": sign(plain, short, at=datetime.datetime(2025, 8, 1, 2, 0, tzinfo=UTC)),
        "countersigned": sign(
            signed, ca.issue("Phạm Văn D", "VKSND tỉnh X"), at=SIGNED_AT + datetime.timedelta(hours=1), field="Sig2"
        ),
    }


# -- check_pdf ---------------------------------------------------------------------------------------------------


def test_check_pdf_valid_with_the_root_installed_names_the_signer_and_the_time(pki):
    result = signatures.check_pdf(pki["signed"], [pki["ca"].pem])

    assert result.status == SignatureStatus.VALID
    (entry,) = result.signatures
    assert (entry["signer"], entry["organisation"]) == ("Nguyễn Văn A", "VKSND tỉnh X")
    assert entry["signed_at"] == "2026-12-05T14:03:00+07:00"
    assert (entry["intact"], entry["valid"], entry["trusted"], entry["bottom_line"]) == (True, True, True, True)
    assert (entry["coverage"], entry["modification_level"]) == ("entire_file", "none")
    assert entry["root"] == "CA thử nghiệm TĐKT"
    assert result.summary == (
        "Đã ký số bởi Nguyễn Văn A (VKSND tỉnh X), ngày 05/12/2026 14:03, văn bản không bị sửa đổi sau khi ký."
    )


def test_check_pdf_without_the_root_is_untrusted_but_intact(pki):
    result = signatures.check_pdf(pki["signed"], [])

    assert result.status == SignatureStatus.UNTRUSTED
    (entry,) = result.signatures
    assert (entry["intact"], entry["valid"], entry["trusted"]) == (True, True, False)
    assert result.summary == (
        "Chứng thư số không thuộc tổ chức được tin cậy: chữ ký của Nguyễn Văn A (VKSND tỉnh X): chứng thư số không do "
        "tổ chức chứng thực nào trong danh sách chứng thư gốc tin cậy cấp."
    )


def test_check_pdf_trusts_only_the_roots_given(pki):
    assert signatures.check_pdf(pki["signed"], [pki["stranger"].pem]).status == SignatureStatus.UNTRUSTED
    assert signatures.check_pdf(pki["signed_by_stranger"], [pki["ca"].pem]).status == SignatureStatus.UNTRUSTED
    assert signatures.check_pdf(pki["signed_by_stranger"], [pki["stranger"].pem]).status == SignatureStatus.VALID


def test_check_pdf_page_changed_by_an_incremental_update_after_signing_is_altered(pki):
    altered = change_page_text(pki["signed"], b"Quyet dinh khen thuong so 999/QD-VKS")

    result = signatures.check_pdf(altered, [pki["ca"].pem])

    assert result.status == SignatureStatus.ALTERED
    (entry,) = result.signatures
    assert (entry["intact"], entry["trusted"]) == (True, True)  # the signed revision itself is untouched
    assert (entry["coverage"], entry["modification_level"]) == ("entire_revision", "other")
    assert result.summary == (
        "Văn bản bị sửa đổi sau khi ký: chữ ký của Nguyễn Văn A (VKSND tỉnh X): sau khi ký, tệp đã bị thêm hoặc thay "
        "nội dung (trang, chú thích hoặc đối tượng khác)."
    )


def test_check_pdf_byte_changed_inside_the_signed_range_is_altered(pki):
    data = pki["signed"]
    at = data.index(b"120/QD-VKS")
    flipped = data[:at] + b"9" + data[at + 1 :]

    result = signatures.check_pdf(flipped, [pki["ca"].pem])

    assert result.status == SignatureStatus.ALTERED
    (entry,) = result.signatures
    assert (entry["intact"], entry["trusted"]) == (False, False)
    assert entry["message"] == "nội dung đã ký bị thay đổi: tệp không còn là tệp đã được ký"


def test_check_pdf_forged_signature_value_is_invalid(pki):
    result = signatures.check_pdf(forge_signature_value(pki["signed"]), [pki["ca"].pem])

    assert result.status == SignatureStatus.INVALID
    assert result.signatures[0]["valid"] is False


def test_check_pdf_a_later_signature_is_no_alteration(pki):
    result = signatures.check_pdf(pki["countersigned"], [pki["ca"].pem])

    assert result.status == SignatureStatus.VALID
    assert [(entry["signer"], entry["coverage"]) for entry in result.signatures] == [
        ("Nguyễn Văn A", "entire_revision"),
        ("Phạm Văn D", "entire_file"),
    ]
    assert result.summary == (
        "Đã ký số bởi Nguyễn Văn A (VKSND tỉnh X), ngày 05/12/2026 14:03; Phạm Văn D (VKSND tỉnh X), ngày "
        "05/12/2026 15:03, văn bản không bị sửa đổi sau khi ký."
    )


def test_check_pdf_certificate_expired_since_signing_is_judged_at_the_signing_time(pki):
    result = signatures.check_pdf(pki["expired_since"], [pki["ca"].pem])

    assert result.status == SignatureStatus.VALID
    (entry,) = result.signatures
    assert (entry["expired_since"], entry["signed_at_text"]) == (True, "05/12/2024 09:00")


def test_check_pdf_certificate_expired_before_signing_is_untrusted(pki):
    result = signatures.check_pdf(pki["expired_before"], [pki["ca"].pem])

    assert result.status == SignatureStatus.UNTRUSTED
    assert result.signatures[0]["message"] == "chứng thư số của người ký đã hết hạn vào thời điểm ký"


def test_check_pdf_unsigned(pki):
    result = signatures.check_pdf(pki["plain"], [pki["ca"].pem])

    assert (result.status, result.signatures) == (SignatureStatus.UNSIGNED, [])
    assert result.summary == "Tệp PDF không có chữ ký số (bản quét hoặc bản in ra PDF chưa được ký số)."


@pytest.mark.parametrize("data", [b"not a pdf at all", b"%PDF-1.7\n%%EOF", b""])
def test_check_pdf_garbage_is_unreadable(pki, data):
    result = signatures.check_pdf(data, [pki["ca"].pem])

    assert result.status == SignatureStatus.UNREADABLE
    assert result.summary.startswith("Không đọc được tệp PDF")


def test_check_pdf_truncated_signed_file_is_unreadable(pki):
    result = signatures.check_pdf(pki["signed"][: len(pki["signed"]) // 2], [pki["ca"].pem])

    assert result.status == SignatureStatus.UNREADABLE


# -- the decision's check ----------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def installed(db, pki, cast):
    return signatures.trust_root_add(certificate=pki["ca"].pem.encode(), name="CA thử nghiệm", by=cast["admin"])


def with_scan(decision: Decision, data: bytes, name: str = "qd-120.pdf", by=None) -> Decision:
    decision.scan = SimpleUploadedFile(name, data)
    return services.decision_save(decision=decision, by=by)


def test_uploading_a_scan_checks_it(media, pki, tree, cast, installed):
    decision = DecisionFactory(number="120/QĐ-VKS", issuing_unit=tree["province"])

    with_scan(decision, pki["signed"], by=cast["clerk"])

    check = SignatureCheck.objects.get(decision=decision)
    assert (check.status, check.checked_by) == (SignatureStatus.VALID, cast["clerk"])
    assert check.signatures[0]["signer"] == "Nguyễn Văn A"


def test_saving_a_decision_again_without_a_new_scan_does_not_check_again(media, pki, tree, installed):
    decision = with_scan(DecisionFactory(issuing_unit=tree["province"]), pki["signed"])
    decision.summary = "Về việc khen thưởng"

    services.decision_save(decision=decision, expected_version=decision.version)

    assert SignatureCheck.objects.filter(decision=decision).count() == 1


def test_an_inactive_root_is_not_trusted(media, pki, tree, installed):
    signatures.trust_root_set_active(root=installed, active=False)
    decision = with_scan(DecisionFactory(issuing_unit=tree["province"]), pki["signed"])

    assert signatures.signature_check_latest(decision=decision).status == SignatureStatus.UNTRUSTED

    signatures.trust_root_set_active(root=installed, active=True)
    recheck = signatures.decision_signature_check(decision=decision)

    assert recheck.status == SignatureStatus.VALID
    assert signatures.signature_check_latest(decision=decision) == recheck


def test_a_photo_of_the_decision_is_not_checked(media, tree):
    decision = with_scan(DecisionFactory(issuing_unit=tree["province"]), image_bytes("PNG"), name="qd.png")

    assert signatures.decision_signature_check(decision=decision) is None
    assert SignatureCheck.objects.count() == 0


def test_the_check_stores_the_file_hash(media, pki, tree, installed):
    decision = with_scan(DecisionFactory(issuing_unit=tree["province"]), pki["plain"])

    check = SignatureCheck.objects.get(decision=decision)
    assert (check.status, check.file_sha256) == (SignatureStatus.UNSIGNED, hashlib.sha256(pki["plain"]).hexdigest())


# -- trust roots ------------------------------------------------------------------------------------------------


def test_trust_root_add_computes_fingerprint_subject_and_expiry(pki, cast, installed):
    der = pki["ca"].root.public_bytes(DER)

    assert installed.fingerprint == pki["ca"].root.fingerprint(hashes.SHA256()).hex()
    assert installed.subject == "CN=CA thử nghiệm TĐKT,O=Tổ chức chứng thực thử,C=VN"
    assert installed.not_after == datetime.datetime(2045, 1, 1, tzinfo=UTC)
    assert installed.history.first().history_user == cast["admin"]
    with pytest.raises(ValidationError) as refused:
        signatures.trust_root_add(certificate=der)  # the same certificate, in DER
    assert refused.value.message_dict == {"certificate": ["Chứng thư này đã được cài đặt với tên “CA thử nghiệm”."]}


def test_trust_root_add_takes_the_name_of_the_certificate_by_default(db, pki):
    root = signatures.trust_root_add(certificate=pki["stranger"].root.public_bytes(DER))

    assert (root.name, root.active) == ("CA lạ", True)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello", "Tệp không phải là chứng thư số X.509 (định dạng PEM hoặc DER: .pem, .crt, .cer, .der)."),
        (b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "Tệp không phải là chứng thư số X.509"),
        (b"0" * (64 * 1024 + 1), "Tệp quá lớn để là một chứng thư số (tối đa 64 KB)."),
    ],
)
def test_parse_certificate_refuses_what_is_no_certificate(content, message):
    with pytest.raises(ValidationError) as refused:
        signatures.parse_certificate(content)

    assert refused.value.messages[0].startswith(message)


def test_parse_certificate_refuses_a_signers_certificate_and_a_bundle(pki):
    signer_pem = pki["signer"].signing_cert.dump()
    bundle = (pki["ca"].pem + pki["stranger"].pem).encode()

    with pytest.raises(ValidationError, match="chứng thư số của một người ký"):
        signatures.parse_certificate(signer_pem)
    with pytest.raises(ValidationError, match="Tệp chứa 2 chứng thư"):
        signatures.parse_certificate(bundle)


# -- pages ------------------------------------------------------------------------------------------------------


def decision_form(tree, scan: bytes, **changes) -> dict:
    return {
        "number": "120/QĐ-VKS-T",
        "date": "05/12/2026",
        "authority": "unit_head",
        "kind": "regular",
        "issuing_unit": tree["province"].pk,
        "summary": "Về việc khen thưởng",
        "signer_name": "Nguyễn Văn Viện",
        "signer_title": "Viện trưởng",
        "scan": SimpleUploadedFile("qd-120.pdf", scan),
        **changes,
    }


def test_a_scan_uploaded_through_the_decision_form_is_checked_and_shown(client, media, pki, tree, cast, installed):
    client.force_login(cast["clerk"])

    response = client.post(reverse("awards:decision-create"), decision_form(tree, pki["signed"]), follow=True)

    decision = Decision.objects.get()
    assert response.redirect_chain[-1][0] == reverse("awards:decision-detail", args=[decision.pk])
    panel = response.content.decode()
    assert 'id="signature-check" data-status="valid"' in panel
    assert (
        "Đã ký số bởi Nguyễn Văn A (VKSND tỉnh X), ngày 05/12/2026 14:03, văn bản không bị sửa đổi sau khi ký." in panel
    )
    assert "Kiểm tra lại" in panel


def test_an_altered_scan_uploaded_on_edit_shows_the_warning(client, media, pki, tree, cast, installed):
    decision = with_scan(DecisionFactory(number="120/QĐ-VKS-T", issuing_unit=tree["province"]), pki["signed"])
    client.force_login(cast["clerk"])
    altered = change_page_text(pki["signed"], b"Quyet dinh khen thuong so 999/QD-VKS")

    client.post(
        reverse("awards:decision-update", args=[decision.pk]),
        decision_form(tree, altered, date="20/12/2024", version=decision.version),
    )
    response = client.get(reverse("awards:decision-detail", args=[decision.pk]))

    assert response.status_code == 200
    assert 'data-status="altered"' in response.content.decode()
    assert "Văn bản bị sửa đổi sau khi ký" in response.content.decode()
    assert SignatureCheck.objects.filter(decision=decision).count() == 2


def test_a_decision_with_a_pdf_scan_never_checked_offers_the_check(client, media, pki, tree, cast):
    decision = DecisionFactory(issuing_unit=tree["province"])
    decision.scan.save("qd-cu.pdf", io.BytesIO(pki["signed"]))  # stored before the checks existed
    client.force_login(cast["clerk"])

    response = client.get(reverse("awards:decision-detail", args=[decision.pk]))

    assert 'data-status="none"' in response.content.decode()
    assert "Bản chụp PDF này chưa được kiểm tra chữ ký số." in response.content.decode()


def test_a_decision_without_a_pdf_scan_has_no_panel(client, media, tree, cast):
    decision = with_scan(DecisionFactory(issuing_unit=tree["province"]), image_bytes("PNG"), name="qd.png")
    client.force_login(cast["clerk"])

    response = client.get(reverse("awards:decision-detail", args=[decision.pk]))

    assert 'id="signature-check"' not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 302),
        ("clerk", 302),
        ("leader", 302),
        ("council_member", 403),
        ("regional_clerk", 404),
        ("outsider", 404),
    ],
)
def test_recheck_is_for_the_decisions_editors(client, media, pki, tree, cast, role, status):
    decision = with_scan(DecisionFactory(issuing_unit=tree["province"]), pki["signed"])
    client.force_login(cast[role])

    response = client.post(reverse("awards:decision-signature-check", args=[decision.pk]))

    assert response.status_code == status
    assert SignatureCheck.objects.filter(decision=decision).count() == (2 if status == 302 else 1)


def test_recheck_after_the_root_is_installed_turns_the_verdict_green(client, media, pki, tree, cast):
    decision = with_scan(DecisionFactory(issuing_unit=tree["province"]), pki["signed"])
    assert signatures.signature_check_latest(decision=decision).status == SignatureStatus.UNTRUSTED
    signatures.trust_root_add(certificate=pki["ca"].pem.encode())
    client.force_login(cast["clerk"])

    response = client.post(reverse("awards:decision-signature-check", args=[decision.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("awards:decision-detail", args=[decision.pk]) + "#signature-check"
    assert signatures.signature_check_latest(decision=decision).status == SignatureStatus.VALID
    assert 'data-status="valid"' in response.content.decode()


def test_recheck_is_post_only(client, media, pki, tree, cast):
    decision = with_scan(DecisionFactory(issuing_unit=tree["province"]), pki["signed"])
    client.force_login(cast["clerk"])

    response = client.get(reverse("awards:decision-signature-check", args=[decision.pk]))

    assert response.status_code == 405
    assert SignatureCheck.objects.filter(decision=decision).count() == 1


def test_the_recheck_button_shows_only_to_editors(client, media, pki, tree, cast):
    decision = with_scan(DecisionFactory(issuing_unit=tree["province"]), pki["signed"])
    url = reverse("awards:decision-detail", args=[decision.pk])

    client.force_login(cast["council_member"])
    seen_by_member = client.get(url).content.decode()
    client.force_login(cast["clerk"])
    seen_by_clerk = client.get(url).content.decode()

    assert 'id="signature-check"' in seen_by_member
    assert 'id="signature-recheck"' not in seen_by_member
    assert 'id="signature-recheck"' in seen_by_clerk


@pytest.mark.parametrize(
    "role", ["clerk", "regional_clerk", "leader", "council_secretary", "council_member", "outsider"]
)
def test_trust_root_pages_are_for_administrators_only(client, pki, cast, installed, role):
    client.force_login(cast[role])

    pages = [
        client.get(reverse("awards:trust-root-list")),
        client.post(reverse("awards:trust-root-list"), {"certificate": SimpleUploadedFile("ca.pem", b"x")}),
        client.post(reverse("awards:trust-root-deactivate", args=[installed.pk])),
        client.post(reverse("awards:trust-root-activate", args=[installed.pk])),
    ]

    assert [response.status_code for response in pages] == [403, 403, 403, 403]
    installed.refresh_from_db()
    assert installed.active is True
    assert TrustRoot.objects.count() == 1


def test_administrator_installs_a_root(client, pki, cast):
    client.force_login(cast["admin"])
    upload = SimpleUploadedFile("ca.cer", pki["ca"].root.public_bytes(DER))

    response = client.post(reverse("awards:trust-root-list"), {"name": "", "certificate": upload}, follow=True)

    root = TrustRoot.objects.get()
    assert (root.name, root.active, root.created_by) == ("CA thử nghiệm TĐKT", True, cast["admin"])
    assert "Đã cài đặt chứng thư gốc “CA thử nghiệm TĐKT”." in response.content.decode()


def test_administrator_bad_file_is_refused_in_vietnamese(client, cast):
    client.force_login(cast["admin"])

    response = client.post(
        reverse("awards:trust-root-list"), {"certificate": SimpleUploadedFile("ca.pem", b"%PDF-1.7 not a certificate")}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "certificate": ["Tệp không phải là chứng thư số X.509 (định dạng PEM hoặc DER: .pem, .crt, .cer, .der)."]
    }
    assert TrustRoot.objects.count() == 0


def test_administrator_duplicate_root_is_a_field_error(client, pki, cast, installed):
    signatures.trust_root_set_active(root=installed, active=False)
    client.force_login(cast["admin"])

    response = client.post(
        reverse("awards:trust-root-list"), {"certificate": SimpleUploadedFile("ca.pem", pki["ca"].pem.encode())}
    )

    assert response.context["form"].errors == {
        "certificate": [
            "Chứng thư này đã được cài đặt với tên “CA thử nghiệm” và đang ngừng dùng; hãy bấm “Dùng lại” ở danh sách."
        ]
    }
    assert TrustRoot.objects.count() == 1


def test_administrator_deactivates_and_activates_a_root(client, cast, installed):
    client.force_login(cast["admin"])

    client.post(reverse("awards:trust-root-deactivate", args=[installed.pk]))
    installed.refresh_from_db()
    deactivated = installed.active
    client.post(reverse("awards:trust-root-activate", args=[installed.pk]))
    installed.refresh_from_db()

    assert (deactivated, installed.active) == (False, True)
    assert [record.active for record in installed.history.order_by("history_id")] == [True, False, True]
    assert client.get(reverse("awards:trust-root-deactivate", args=[installed.pk])).status_code == 405


def test_trust_root_list_queries_do_not_grow_with_the_roots(client, cast):
    client.force_login(cast["admin"])
    url = reverse("awards:trust-root-list")
    counts = []
    for added in (1, 2):
        for _ in range(added):
            signatures.trust_root_add(certificate=authority("CA phụ").pem.encode(), by=cast["admin"])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts.append((len(response.context["roots"]), len(queries), _reads_of(queries, "awards_trustroot")))

    # The layout's own queries (session, user, roles) and one of the roots with who installed them, for 1 or 3.
    assert counts == [(1, counts[0][1], 1), (3, counts[0][1], 1)]


def _reads_of(queries, table: str) -> int:
    return sum(f'FROM "{table}"' in query["sql"] for query in queries.captured_queries)
