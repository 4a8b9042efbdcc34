"""Forms of scoring: a member unit's score sheet (self and agreed points per criterion) and the flag vote."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.catalogue import calendar as cal
from emulation.models import ScoreSheet, ScoreTemplate
from units.forms import DATE_INPUT, VersionField
from units.services import stale_edit


class PointsField(forms.DecimalField):
    """Points as typed in Vietnam ("8,5") or with a dot ("8.5"). The range 0…max is checked by
    emulation.services.score_sheet_save, which names the criterion in its message."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=7, decimal_places=2, required=False, **kwargs)
        self.widget = forms.TextInput(
            attrs={"class": "form-control form-control-sm text-end", "inputmode": "decimal", "autocomplete": "off"}
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return points(value)
        return value


def points(value: Decimal | None) -> str:
    """8.50 → "8,5"; 10.00 → "10" (the way the sheets print them)."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


class ScoreSheetForm(forms.Form):
    """Two inputs per criterion: `self_<id>` (the unit's self-assessment) and `agreed_<id>` (the group's)."""

    template = forms.ModelChoiceField(queryset=ScoreTemplate.objects.none(), widget=forms.HiddenInput)
    version = VersionField()

    def __init__(self, *args, template: ScoreTemplate, criteria, entries: dict, sheet: ScoreSheet | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        self.criteria = list(criteria)
        self.fields["template"].queryset = ScoreTemplate.objects.filter(pk=template.pk)
        self.fields["template"].initial = template.pk
        self.fields["version"].initial = sheet.version if sheet else None
        for criterion in self.criteria:
            entry = entries.get(criterion.pk)
            self.fields[f"self_{criterion.pk}"] = PointsField(
                label=_("Tự chấm"), initial=entry.self_score if entry else None
            )
            self.fields[f"agreed_{criterion.pk}"] = PointsField(
                label=_("Cụm, Khối thống nhất"), initial=entry.agreed_score if entry else None
            )

    def rows(self):
        """Per criterion: (criterion, self input, agreed input, is_new_section)."""
        section = None
        for criterion in self.criteria:
            yield (
                criterion,
                self[f"self_{criterion.pk}"],
                self[f"agreed_{criterion.pk}"],
                criterion.section != section,
            )
            section = criterion.section

    def clean(self):
        cleaned_data = super().clean()
        # A sheet already saved is edited from the version the page showed; a request without it is refused.
        if self.sheet is not None and cleaned_data.get("version") is None:
            self.add_error(None, stale_edit(self.sheet))
        return cleaned_data

    def scores(self) -> dict[int, tuple[Decimal | None, Decimal | None]]:
        return {
            criterion.pk: (self.cleaned_data[f"self_{criterion.pk}"], self.cleaned_data[f"agreed_{criterion.pk}"])
            for criterion in self.criteria
        }


class TemplateChoiceForm(forms.Form):
    template = forms.ModelChoiceField(
        queryset=ScoreTemplate.objects.none(),
        label=_("Bảng chấm điểm"),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates


class FlagVoteForm(forms.Form):
    candidate = forms.ModelChoiceField(
        queryset=None, label=_("Đơn vị được suy tôn"), widget=forms.Select(attrs={"class": "form-select"})
    )
    award_type = forms.ModelChoiceField(
        queryset=None, label=_("Cờ thi đua"), widget=forms.Select(attrs={"class": "form-select"})
    )
    agree = forms.IntegerField(
        label=_("Số đơn vị đồng ý"), min_value=0, widget=forms.NumberInput(attrs={"class": "form-control"})
    )
    voted_on = forms.DateField(label=_("Ngày họp"), widget=DATE_INPUT, initial=cal.today)

    def __init__(self, *args, candidates, member_count: int, flags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = candidates
        # The flags of the rule set (emulation.selectors.flag_types): a choice only when it names several; the
        # service takes the only one otherwise.
        if len(flags) > 1:
            self.fields["award_type"].queryset = flags
        else:
            del self.fields["award_type"]
        self.fields["agree"].widget.attrs["max"] = member_count  # the bound is checked by flag_vote_record
        self.fields["agree"].help_text = _("trên tổng số %(n)s đơn vị thành viên") % {"n": member_count}
        self.fields["voted_on"].widget.attrs["class"] = "form-control"
