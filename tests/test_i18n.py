"""English through Django i18n: Vietnamese by default, English on request, every string translated."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.integration

PO_FILE = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_the_login_page_is_vietnamese_by_default(client):
    page = client.get(reverse("login")).content.decode()

    assert "Đăng nhập" in page


def test_an_english_speaker_switches_the_interface_to_english(client, cast):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    login_page = client.get(reverse("login")).content.decode()
    client.force_login(cast["clerk"])
    units_page = client.get(reverse("units:unit_list")).content.decode()

    assert "Log in" in login_page and "Đăng nhập" not in login_page
    assert "Unit list" in units_page and "Danh sách đơn vị" not in units_page
    assert "Emulation" in units_page and "Award register" in units_page


def test_every_message_has_an_english_translation():
    entries = PO_FILE.read_text(encoding="utf-8").split("\n\n")[1:]  # the first entry is the header
    untranslated, fuzzy = [], []
    for entry in entries:
        msgid = "".join(re.findall(r'^(?:msgid )?"(.*)"$', entry.split("msgstr")[0].split("msgid ", 1)[-1], re.M))
        strings = re.findall(r'msgstr(?:\[\d\])? ((?:".*"\n?)+)', entry)
        if not strings or any(not "".join(re.findall(r'"(.*)"', text)) for text in strings):
            untranslated.append(msgid)
        if "#, fuzzy" in entry or ", fuzzy" in entry:
            fuzzy.append(msgid)

    assert untranslated == []
    assert fuzzy == []
