"""Import and export of the interchange tables (upload → background check → preview → confirm)."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


unit_export = person_export = import_list = import_new = import_template = _todo
import_detail = import_status = import_confirm = _todo
