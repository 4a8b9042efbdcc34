from pathlib import PurePath

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from units import importing
from units.common import uploads
from units.enums import ImportKind


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại dữ liệu"))
    file = forms.FileField(
        label=_("Tệp dữ liệu"),
        help_text=_("Tệp Excel (.xlsx, trang tính đầu tiên) hoặc .csv (bảng mã UTF-8); dòng 1 là tiêu đề cột."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (value, label) for value, label in ImportKind.choices if value in importing.RESOURCES
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = PurePath(upload.name).suffix.lower().lstrip(".")
        if extension not in importing.FORMATS:
            raise forms.ValidationError(gettext("Chỉ nhận tệp .xlsx hoặc .csv."))
        uploads.check_size(upload, settings.IMPORT_MAX_FILE_SIZE)
        if extension == "xlsx":
            # By content: a zip bomb, a program inside, a renamed .docx or .xls are refused here, before the job.
            uploads.check_content(upload, "xlsx")
        if extension == "csv":
            valid = importing.is_utf8(upload.chunks())
            upload.seek(0)
            if not valid:
                raise forms.ValidationError(
                    gettext("Tệp CSV phải được lưu với bảng mã UTF-8 (trong Excel: “CSV UTF-8”).")
                )
        return upload
