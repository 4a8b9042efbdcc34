"""Form helpers shared by every app (no domain)."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

SELECT = {"class": "form-select"}


def add_service_errors(
    form: forms.Form, exc: ValidationError, *, aliases: dict[str, str] | None = None, duplicate: str = ""
) -> None:
    """Show a service's ValidationError on the form: on the field it names (or its alias), else above the form.

    A violated unique constraint comes as Django's untranslated "Constraint … is violated" (or a generic
    "… already exists"): it is replaced by `duplicate`, a sentence the user understands. The forms check
    these cases first; this is for the race between two users.
    """
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    aliases = aliases or {}
    for field, errors in exc.error_dict.items():
        target = aliases.get(field, field)
        if target not in form.fields:
            target = None
        messages = []
        for error in errors:
            text = error.message % error.params if error.params else str(error.message)
            constraint = error.code in {"unique", "unique_together"} or text.startswith("Constraint")
            messages.append(str(duplicate) if duplicate and constraint and field == NON_FIELD_ERRORS else text)
        form.add_error(target, messages)
