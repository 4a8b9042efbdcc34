"""Form fields of the catalogue shared by the forms of other apps; the forms of the rule sets' pages."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from awards.catalogue.enums import Recipients
from awards.catalogue.models import AwardType, BonusRate, RuleSet
from units.common.forms import PlainSelect
from units.forms import DATE_INPUT


class AwardTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AwardType) -> str:
        return obj.name


# -- rule sets ------------------------------------------------------------------------------------------------------

DATE_FORMATS = ["%d/%m/%Y"]
DATE_HELP = _("Ngày/tháng/năm, ví dụ 01/10/2024.")

# The values of a rule set by subject: the edit form and the detail page show them in these groups (every field
# of the model is in one, tests/awards/test_ruleset_pages.py).
RULESET_GROUPS = (
    (_("Bộ quy tắc"), ("name", "effective_from", "legal_basis")),
    (_("Tỷ lệ khen thưởng"), ("cstdcs_quota_percent", "ttldxs_quota_percent", "ttldxs_quota_minimum")),
    (
        _("Danh hiệu cá nhân"),
        (
            "ldtt_min_service_months",
            "ldtt_absence_months",
            "cstdcs_requires_initiative",
            "cstdn_chain_years",
            "cstdtq_chain_years",
        ),
    ),
    (
        _("Danh hiệu tập thể"),
        ("ttldtt_ldtt_percent", "ttldxs_ldtt_percent", "ttldxs_cstdcs_minimum", "head_caps", "incidents_exclude"),
    ),
    (
        _("Hình thức khen thưởng"),
        (
            "bkvkstc_chain_years",
            "bkvkstc_alt_years",
            "bkvkstc_alt_initiatives",
            "bkvkstc_collective_years",
            "bkttg_years",
            "bkttg_cstdcs",
            "hcld3_years",
            "hcld3_cstdcs",
            "collective_excellent_years",
            "collective_flags",
            "dedication_head_years",
            "dedication_deputy_years",
            "knc_service_years",
            "consultation_codes",
            "consultation_days",
            "consultation_where",
        ),
    ),
    (
        _("Hội đồng, biểu quyết"),
        (
            "review_levels",
            "quorum_numerator",
            "quorum_denominator",
            "high_vote_codes",
            "high_vote_percent",
            "high_vote_denominator",
            "flag_vote_codes",
            "flag_vote_percent",
            "other_vote_percent",
            "other_vote_denominator",
            "collective_conflict",
        ),
    ),
    # The multipliers themselves are the set's `BonusRate` rows, edited on their own page (`BonusRatesForm`).
    (_("Tiền thưởng"), ("bonus_rounding", "bonus_titles_rule", "bonus_forms_rule")),
)
RULESET_FIELDS = [name for _title, names in RULESET_GROUPS for name in names]
# Fields holding award type codes separated by commas; `head_caps` holds pairs "person title:unit title".
CODE_LIST_FIELDS = ("consultation_codes", "high_vote_codes", "flag_vote_codes")
PERCENT_FIELDS = (
    "cstdcs_quota_percent",
    "ttldxs_quota_percent",
    "ttldtt_ldtt_percent",
    "ttldxs_ldtt_percent",
    "high_vote_percent",
    "flag_vote_percent",
    "other_vote_percent",
)


def _date_field(field: forms.DateField) -> None:
    field.widget = DATE_INPUT
    field.input_formats = DATE_FORMATS
    field.help_text = DATE_HELP


class RuleSetForm(forms.ModelForm):
    """Every value of a rule set. The model's checks come first in words the administrator understands (the
    quorum fraction, a date already taken, codes that are not in the catalogue)."""

    class Meta:
        model = RuleSet
        fields = RULESET_FIELDS
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "legal_basis": _(
                "Mỗi văn bản một dòng, như in trong văn bản sau chữ “Căn cứ” (không ghi “Căn cứ” và dấu “;”)."
            ),
        }
        error_messages = {"effective_from": {"unique": _("Đã có bộ quy tắc áp dụng từ ngày này.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _date_field(self.fields["effective_from"])
        for name in PERCENT_FIELDS:
            self.fields[name].validators.append(MaxValueValidator(100))
            self.fields[name].widget.attrs["max"] = 100

    def clean(self):
        cleaned = super().clean()
        numerator, denominator = cleaned.get("quorum_numerator"), cleaned.get("quorum_denominator")
        if denominator == 0:
            self.add_error("quorum_denominator", _("Mẫu số của túc số phải lớn hơn 0."))
        elif numerator is not None and denominator is not None and numerator > denominator:
            self.add_error("quorum_numerator", _("Túc số không được lớn hơn 1: tử số phải nhỏ hơn hoặc bằng mẫu số."))
        known = set(AwardType.objects.values_list("code", flat=True))
        for name in (*CODE_LIST_FIELDS, "head_caps"):
            text = cleaned.get(name)
            if not text:
                continue
            codes = [part.strip() for item in text.split(",") for part in item.split(":") if part.strip()]
            if name == "head_caps" and any(item.strip() and item.count(":") != 1 for item in text.split(",")):
                self.add_error(name, _("Mỗi cặp ghi dạng danh hiệu cá nhân:danh hiệu tập thể, ví dụ CSTDCS:TTLDXS."))
                continue
            unknown = sorted(set(codes) - known)
            if unknown:
                self.add_error(name, _("Không có mã danh hiệu, hình thức: %(codes)s.") % {"codes": ", ".join(unknown)})
        return cleaned


class RuleSetCopyForm(forms.Form):
    """A new version from a rule set: the date the new text takes effect, its name and legal basis."""

    effective_from = forms.DateField(label=_("áp dụng từ ngày"))
    name = forms.CharField(label=_("tên"), max_length=255, widget=forms.TextInput(attrs={"class": "form-control"}))
    legal_basis = forms.CharField(
        label=_("căn cứ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=RuleSetForm._meta.help_texts["legal_basis"],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _date_field(self.fields["effective_from"])

    def clean_effective_from(self):
        day = self.cleaned_data["effective_from"]
        if RuleSet.objects.filter(effective_from=day).exists():
            raise forms.ValidationError(_("Đã có bộ quy tắc áp dụng từ ngày này."))
        return day


class AuthorityForm(forms.Form):
    """The authority matrix of a rule set: one choice per award type and level (nobody, every recipient, or
    individuals or collectives only for the types given to both). `changed_cells` are the cells the
    administrator changed, for `awards.catalogue.services.authority_save`."""

    def __init__(self, *args, award_types, levels, cells: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for award_type in award_types:
            choices = [("", "—"), (Recipients.BOTH, _("Có"))]
            if award_type.recipients == Recipients.BOTH:
                choices += [(Recipients.INDIVIDUAL, _("Cá nhân")), (Recipients.COLLECTIVE, _("Tập thể"))]
            names = []
            for level, label in levels:
                name = self.field_name(award_type.pk, level)
                initial = cells.get((award_type.pk, level), "")
                if initial and initial not in dict(choices):
                    initial = Recipients.BOTH  # the type's only kind of recipient: the same as every recipient
                self.fields[name] = forms.ChoiceField(
                    label=f"{award_type.abbreviation} — {label}",
                    choices=choices,
                    required=False,
                    initial=initial,
                    widget=PlainSelect(attrs={"class": "form-select form-select-sm"}),
                )
                names.append(name)
            self.rows.append((award_type, names))

    @staticmethod
    def field_name(type_id: int, level: str) -> str:
        return f"cell_{type_id}_{level}"

    def changed_cells(self) -> dict[tuple[int, str], str]:
        changed = {}
        for name in self.changed_data:
            _prefix, type_id, level = name.split("_", 2)
            changed[int(type_id), level] = self.cleaned_data[name]
        return changed


class BonusRatesForm(forms.Form):
    """The bonus multipliers of a rule set: per award type (the active ones and any with a row) the individual's
    and the collective's multiplier of the base salary (empty: no bonus; only the kinds of recipient the type
    allows), whether the figures were checked against the text, and their basis. `rows` are (award type, its
    field names) in the catalogue's order; `changed_rows` what the administrator changed, for
    `awards.catalogue.services.bonus_rates_save`."""

    KINDS = ("individual", "collective")

    def __init__(self, *args, award_types, rates: dict[int, BonusRate], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        self.types = {award_type.pk: award_type for award_type in award_types}
        for award_type in award_types:
            rate = rates.get(award_type.pk)
            names = {}
            for kind in self.KINDS:
                if not award_type.allows(kind):
                    continue
                name = self.field_name(award_type.pk, kind)
                self.fields[name] = forms.DecimalField(
                    label=f"{award_type.abbreviation} — {str(Recipients(kind).label).lower()}",
                    required=False,
                    min_value=0,
                    max_digits=5,
                    decimal_places=2,
                    initial=getattr(rate, kind) if rate else None,
                    widget=forms.NumberInput(attrs={"step": "0.05", "class": "form-control form-control-sm"}),
                )
                names[kind] = name
            confirmed = self.field_name(award_type.pk, "confirmed")
            self.fields[confirmed] = forms.BooleanField(
                label=f"{award_type.abbreviation} — {_('đã đối chiếu văn bản')!s}",
                required=False,
                initial=rate.confirmed if rate else False,
            )
            note = self.field_name(award_type.pk, "note")
            self.fields[note] = forms.CharField(
                label=f"{award_type.abbreviation} — {_('căn cứ, ghi chú')!s}",
                required=False,
                max_length=255,
                initial=rate.note if rate else "",
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )
            names["confirmed"], names["note"] = confirmed, note
            self.rows.append((award_type, names))

    @staticmethod
    def field_name(type_id: int, part: str) -> str:
        return f"rate_{type_id}_{part}"

    def changed_rows(self) -> dict[int, dict]:
        """{award type id: {"individual", "collective", "confirmed", "note"}} of the rows with a changed field."""
        changed = {int(name.split("_")[1]) for name in self.changed_data}
        rows = {}
        for type_id in sorted(changed):
            values = {part: self.cleaned_data.get(self.field_name(type_id, part)) for part in self.KINDS}
            values["confirmed"] = bool(self.cleaned_data.get(self.field_name(type_id, "confirmed")))
            values["note"] = (self.cleaned_data.get(self.field_name(type_id, "note")) or "").strip()
            rows[type_id] = values
        return rows
