"""Filters for Vietnamese administrative documents: `{% load vn %}`."""

from django import template

from units.common import formatting

register = template.Library()


@register.filter
def date_line(day, place=""):
    """`{{ pledge.signed_on|date_line:"Huế" }}` → "Huế, ngày 09 tháng 02 năm 2023"."""
    return formatting.date_line(day, place) if day else ""


@register.filter
def vn_number(value):
    return formatting.number(value)


@register.filter
def count2(value):
    return formatting.count2(value or 0)


@register.filter
def cell(value):
    """`{{ n|cell }}`: "–" for an empty table cell, otherwise "03", "1.474"."""
    return formatting.cell(value)


@register.filter
def paragraphs(text):
    """A narrative part as paragraphs: `[{"text", "css"}]`, one per non-empty line (see `formatting.paragraphs`)."""
    return formatting.paragraphs(text or "")
