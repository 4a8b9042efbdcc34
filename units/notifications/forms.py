"""The user's choice of notifications: for each kind, in the product and by e-mail."""

from django import forms
from django.utils.translation import gettext_lazy as _

from units.notifications.enums import NotificationKind

# What each kind is about, under its name on the page "Chọn thông báo nhận".
KIND_HELP = {
    NotificationKind.DEADLINE_SOON: _("Một hạn nộp hồ sơ, báo cáo sắp đến."),
    NotificationKind.DEADLINE_PASSED: _("Một hạn nộp hồ sơ, báo cáo đã qua mà việc chưa xong."),
    NotificationKind.BATCH_RECEIVED: _("Hội đồng của đơn vị nhận một tờ trình mới (thư ký Hội đồng, cán bộ TĐKT)."),
    NotificationKind.BATCH_RETURNED: _("Hội đồng trả lại một đề nghị trong tờ trình của đơn vị, kèm lý do."),
    NotificationKind.BATCH_DECIDED: _("Mọi đề nghị trong tờ trình của đơn vị đã có kết quả xét."),
    NotificationKind.POLL_OPENED: _("Thư ký mở một cuộc bỏ phiếu mà bạn là người bỏ phiếu."),
    NotificationKind.CONSULTATION: _("Việc lấy ý kiến nhân dân về một đề nghị khen thưởng."),
    NotificationKind.JOB_FINISHED: _("Lượt nhập, xuất dữ liệu hoặc bản PDF báo cáo bạn yêu cầu đã xong."),
    NotificationKind.JOB_FAILED: _("Lượt nhập, xuất dữ liệu hoặc bản PDF báo cáo bạn yêu cầu bị lỗi."),
}


def _field(kind: str, way: str) -> str:
    return f"{kind}__{way}"


class PreferencesForm(forms.Form):
    """Two check boxes per kind (`<kind>__in_app`, `<kind>__by_email`), checked by default."""

    WAYS = ("in_app", "by_email")

    def __init__(self, *args, initial_choices: dict[str, tuple[bool, bool]], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            for way, value in zip(self.WAYS, initial_choices[kind.value], strict=True):
                self.fields[_field(kind.value, way)] = forms.BooleanField(
                    label=kind.label, required=False, initial=value
                )

    def rows(self):
        """(kind, its help, the in-product box, the e-mail box) in the order of the kinds, for the table."""
        return [
            (kind, KIND_HELP.get(kind, ""), *(self[_field(kind.value, way)] for way in self.WAYS))
            for kind in NotificationKind
        ]

    def choices(self) -> dict[str, tuple[bool, bool]]:
        return {
            kind: tuple(self.cleaned_data[_field(kind, way)] for way in self.WAYS) for kind in NotificationKind.values
        }
