"""Printing a decision's certificates on the blanks: the page of the decision's recipients by award type (who is
printed, with which number; who is left), the proof on plain paper, the print itself (recorded in the register, then
the PDF), and the reprint (cấp lại) of one certificate."""

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from awards.catalogue.models import AwardType
from awards.certificates import printing, selectors, services
from awards.certificates.forms import PrintForm, ReprintForm
from awards.certificates.models import Certificate, FieldKey
from awards.certificates.views.layouts import pdf_response
from awards.register import selectors as register_selectors
from awards.register.models import Award, Decision
from units.common.text import fold
from units.common.views import get_visible_or_404, require_perm

# What the proof prints in the register number's place: the number is given only when the certificate is printed.
NUMBER_PLACEHOLDER = "…"


def _decision(request, pk: int) -> Decision:
    decision = get_visible_or_404(register_selectors.decision_get, user=request.user, pk=pk)
    require_perm(request.user, "awards.print_decision_certificates", decision)
    return decision


@dataclasses.dataclass
class Section:
    """The decision's awards of one type: the rows (each with its certificate in force, if printed) and the form
    that prints those not printed yet (None when no layout prints this type)."""

    award_type: AwardType
    rows: list[dict]
    form: PrintForm | None
    checked: set[int] = dataclasses.field(default_factory=set)

    @property
    def prefix(self) -> str:
        return f"t{self.award_type.pk}"

    @property
    def waiting(self) -> int:
        return sum(1 for row in self.rows if row["certificate"] is None)


def _sections(request, decision: Decision, data=None, *, bound: int | None = None) -> list[Section]:
    """One section per award type of the decision's printable awards; the form of type `bound` takes `data`."""
    awards = list(selectors.decision_awards_to_print(user=request.user, decision=decision))
    certificates = selectors.current_certificates(award_ids=[award.pk for award in awards])
    types: dict[int, AwardType] = {}
    by_type: dict[int, list[Award]] = {}
    for award in awards:
        types.setdefault(award.award_type_id, award.award_type)
        by_type.setdefault(award.award_type_id, []).append(award)
    printable = set(
        selectors.layouts_for_decision(decision=decision, award_type_ids=types).values_list("award_type_id", flat=True)
    )
    chosen = request.GET.get("award")
    sections = []
    for type_id, award_type in types.items():
        rows = [{"award": award, "certificate": certificates.get(award.pk)} for award in by_type[type_id]]
        waiting_ids = [row["award"].pk for row in rows if row["certificate"] is None]
        form, checked = None, set()
        if type_id in printable:
            one = int(chosen) if chosen and chosen.isdigit() and int(chosen) in waiting_ids else None
            initial = {"awards": [one] if one else waiting_ids}
            checked = set(initial["awards"])
            if data is not None and bound == type_id:
                checked = {int(pk) for pk in data.getlist(f"t{type_id}-awards") if pk.isdigit()}
            form = PrintForm(
                data if bound == type_id else None,
                prefix=f"t{type_id}",
                initial=initial,
                layouts=selectors.layouts_for_decision(decision=decision, award_type_ids=[type_id]),
                printers=selectors.printers_of(user=request.user),
                # Every award of the type, printed ones too: the service refuses those, saying how to reprint.
                awards=Award.objects.filter(pk__in=[row["award"].pk for row in rows]),
            )
        sections.append(Section(award_type=award_type, rows=rows, form=form, checked=checked))
    return sections


def _bound_type(data) -> int | None:
    try:
        return int(data.get("section", ""))
    except ValueError:
        return None


def _chosen(section: Section, form: PrintForm) -> list[Award]:
    """The awards ticked, in the decision's order."""
    ticked = {award.pk for award in form.cleaned_data["awards"]}
    return [row["award"] for row in section.rows if row["award"].pk in ticked]


def _page(request, decision, sections):
    context = {
        "decision": decision,
        "sections": sections,
        "printers": list(selectors.printers_of(user=request.user)),
    }
    return render(request, "awards/certificates/decision_print.html", context)


def _filename(prefix: str, decision: Decision) -> str:
    number = "-".join(fold(decision.number).replace("/", " ").split())
    return f"{prefix}-{number}.pdf"


@login_required
@require_http_methods(["GET", "POST"])
def decision_print(request, pk: int):
    """GET: the page. POST: print the ticked awards of one section for real: each gets its register number (the
    register unit's next ones), then the PDF to print on the blanks comes back."""
    decision = _decision(request, pk)
    if request.method == "GET":
        return _page(request, decision, _sections(request, decision))
    bound = _bound_type(request.POST)
    sections = _sections(request, decision, request.POST, bound=bound)
    section = next((one for one in sections if one.award_type.pk == bound and one.form is not None), None)
    if section is None:
        messages.error(request, _("Không có mẫu in phôi cho loại khen thưởng đã chọn."))
        return redirect("awards:certificate-print", pk=decision.pk)
    form = section.form
    if not form.is_valid():
        return _page(request, decision, sections)
    layout = form.cleaned_data["layout"]
    try:
        issued = services.certificates_issue(awards=_chosen(section, form), layout=layout, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return _page(request, decision, sections)
    calibration = printing.Calibration.of(form.cleaned_data["printer"])
    fields = selectors.layout_fields(layout=layout)
    sheets = [
        printing.compose(
            layout,
            fields,
            printing.award_values(certificate.award, register_number=certificate.number),
            label=certificate.award.recipient_name,
            calibration=calibration,
        )
        for certificate in issued
    ]
    return pdf_response(printing.render_certificates(layout, sheets), _filename("in-phoi", decision))


@login_required
@require_GET
def decision_proof(request, pk: int):
    """The ticked awards on plain A4 paper with the blank's outline (records nothing)."""
    decision = _decision(request, pk)
    bound = _bound_type(request.GET)
    sections = _sections(request, decision, request.GET, bound=bound)
    section = next((one for one in sections if one.award_type.pk == bound and one.form is not None), None)
    if section is None or not section.form.is_valid():
        if section is None:
            messages.error(request, _("Không có mẫu in phôi cho loại khen thưởng đã chọn."))
        return _page(request, decision, sections)
    form = section.form
    layout = form.cleaned_data["layout"]
    printer = form.cleaned_data["printer"]
    fields = selectors.layout_fields(layout=layout)
    entries = []
    for award in _chosen(section, form):
        values = printing.award_values(award)
        values[FieldKey.REGISTER_NUMBER] = NUMBER_PLACEHOLDER
        entries.append((award.recipient_name, values))
    content = printing.render_proof(layout, fields, entries, calibration=printing.Calibration.of(printer))
    return pdf_response(content, _filename("ban-in-thu", decision))


@login_required
@require_http_methods(["GET", "POST"])
def certificate_reprint(request, pk: int):
    """A reprint (cấp lại) of a lost or damaged certificate: a new register entry naming the one it replaces and
    why, then its PDF."""
    certificate: Certificate = get_visible_or_404(selectors.certificate_get, user=request.user, pk=pk)
    require_perm(request.user, "awards.reprint_certificate", certificate)
    award = certificate.award
    layouts = selectors.layouts_for_decision(decision=award.decision, award_type_ids=[award.award_type_id])
    form = ReprintForm(
        request.POST or None,
        layouts=layouts,
        printers=selectors.printers_of(user=request.user),
        current_layout=certificate.layout,
    )
    replaced_by = Certificate.objects.filter(replaces=certificate).first()
    if request.method == "POST" and form.is_valid():
        layout = form.cleaned_data["layout"]
        try:
            reprint = services.certificate_reissue(
                certificate=certificate, reason=form.cleaned_data["reason"], layout=layout, by=request.user
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            sheet = printing.compose(
                layout,
                selectors.layout_fields(layout=layout),
                printing.award_values(award, register_number=reprint.number),
                label=award.recipient_name,
                calibration=printing.Calibration.of(form.cleaned_data["printer"]),
            )
            content = printing.render_certificates(layout, [sheet])
            return pdf_response(content, f"cap-lai-{reprint.year}-{reprint.number}.pdf")
    context = {"certificate": certificate, "award": award, "form": form, "replaced_by": replaced_by}
    return render(request, "awards/certificates/certificate_reprint.html", context)
