"""The panel of a decision's digital signatures on its page: `{% load signature_tags %}`.

`{% signature_panel decision as panel %}` reads the newest check of the decision's PDF scan (one query, none for a
decision without a PDF scan) and whether the user may ask for it again (`awards.register.signatures`)."""

from django import template

from awards.register import signatures

register = template.Library()


@register.simple_tag(takes_context=True)
def signature_panel(context, decision) -> dict | None:
    """{"check", "tone", "icon", "signatures", "can_recheck"} for a decision whose scan is a PDF; None otherwise (a
    photo of the decision carries no digital signature)."""
    if not decision.scan or not decision.scan.name.lower().endswith(".pdf"):
        return None
    check = signatures.signature_check_latest(decision=decision)
    tone, icon = signatures.check_tone(check.status) if check else ("secondary", "info-circle")
    entries = []
    for entry in check.signatures if check else []:
        entry_tone, entry_icon = signatures.check_tone(entry.get("status", ""))
        entries.append(
            {
                **entry,
                "tone": entry_tone,
                "icon": entry_icon,
                "label": signatures.signer_label(entry),
                "coverage_text": signatures.coverage_text(entry),
            }
        )
    return {
        "check": check,
        "tone": tone,
        "icon": icon,
        "signatures": entries,
        "can_recheck": context["request"].user.has_perm("awards.change_decision", decision),
    }
