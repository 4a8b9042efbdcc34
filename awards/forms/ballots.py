"""The council member's ballot: agree or disagree on every candidate of a poll, nothing else."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from awards.enums import Choice
from awards.services.voting import ABSTAIN


class BallotForm(forms.Form):
    """One radio field per candidate (`c<nomination id>`), all required: a ballot is cast whole or not at all."""

    def __init__(self, *args, candidates, conflicts=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        # Candidates the member is in a conflict of interest with: he may declare that he does not vote on them.
        self.conflicts = set(conflicts)
        for nomination in self.candidates:
            extra = (
                [(ABSTAIN, _("Không tham gia biểu quyết (xung đột lợi ích)"))]
                if nomination.pk in self.conflicts
                else []
            )
            self.fields[self.field_name(nomination)] = forms.ChoiceField(
                label=str(nomination),
                choices=[*Choice.choices, *extra],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Hãy chọn Đồng ý hoặc Không đồng ý."),
                    "invalid_choice": _("Hãy chọn Đồng ý hoặc Không đồng ý."),
                },
            )

    @staticmethod
    def field_name(nomination) -> str:
        return f"c{nomination.pk}"

    def clean(self):
        cleaned = super().clean()
        missing = sum(1 for nomination in self.candidates if self.field_name(nomination) in self.errors)
        if missing:
            # Above the form too: on a phone the card with the error may be far down the page.
            self.add_error(
                None,
                ngettext(
                    "Phiếu chưa đủ: còn %(count)s người chưa chọn Đồng ý hoặc Không đồng ý.",
                    "Phiếu chưa đủ: còn %(count)s người chưa chọn Đồng ý hoặc Không đồng ý.",
                    missing,
                )
                % {"count": missing},
            )
        return cleaned

    def choices(self) -> dict[int, str]:
        """{nomination id: choice}, as `awards.services.ballot_cast` takes it."""
        return {nomination.pk: self.cleaned_data[self.field_name(nomination)] for nomination in self.candidates}

    def cards(self) -> list[tuple]:
        """(nomination, bound field) in the order of the ballot."""
        return [
            (nomination, self[self.field_name(nomination)], nomination.pk in self.conflicts)
            for nomination in self.candidates
        ]
