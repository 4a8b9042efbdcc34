"""Filters for Vietnamese administrative documents: `{% load vn %}`."""

from django import template

from units.common import formatting

register = template.Library()


@register.filter
def date_line(day, place=""):
    """`{{ pledge.signed_on|date_line:"Huế" }}` → "Huế, ngày 09 tháng 02 năm 2023"."""
    return formatting.date_line(day, place) if day else ""


@register.filter
def short_date(day):
    """`{{ decision.date|short_date }}` → "07/8/2023", "10/01/2022": a date printed in a document (NĐ 30/2020: a day
    below 10 and the months 1 and 2 take a leading zero, the other months do not). Screens keep dd/mm/yyyy."""
    return formatting.short_date(day) if day else ""


@register.filter
def decision_number(text):
    """`{{ decision.number|decision_number }}` → "01/QĐ-VKS" for "1/QĐ-VKS": a document's number as printed."""
    return formatting.decision_number(text or "")


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
