"""English through Django i18n: Vietnamese by default, English on request, every message translated."""

import ast
import gettext
import html
import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.integration

MESSAGES = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES"
PO_FILE = MESSAGES / "django.po"
MO_FILE = MESSAGES / "django.mo"

# printf-style placeholders as Python formats them: %s, %d, %(name)s, %(seconds).1f …
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


def read_po(path):
    """The entries of a .po file (header included) as dicts; enough of the format for this file, no polib."""
    entries, entry, field = [], None, None
    for line in [*(raw.strip() for raw in path.read_text(encoding="utf-8").splitlines()), ""]:
        if not line:
            if entry is not None and "msgid" in entry:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}, "obsolete": False}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(field, int):
                entry["msgstr"][field] += value
            else:
                entry[field] += value
        else:
            keyword, literal = line.split(" ", 1)
            value = ast.literal_eval(literal)
            if keyword.startswith("msgstr"):
                field = int(keyword[7:-1]) if "[" in keyword else 0
                entry["msgstr"][field] = value
            else:
                field = keyword
                entry[field] = value
    return entries


def messages():
    return [entry for entry in read_po(PO_FILE) if entry["msgid"] and not entry["obsolete"]]


def switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302


def test_the_login_page_is_vietnamese_by_default(client, db):
    page = client.get(reverse("login")).content.decode()

    assert '<html lang="vi">' in page
    assert "Đăng nhập" in page
    assert "Log in" not in page


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert '<html lang="vi">' in page
    assert "Đăng nhập" in page


def test_the_login_page_switches_to_english(client, db):
    switch_to_english(client)
    page = client.get(reverse("login")).content.decode()

    assert '<html lang="en">' in page
    assert "Log in" in page
    assert "Username" in page and "Password" in page
    for vietnamese in ("Đăng nhập", "Tên đăng nhập", "Mật khẩu"):
        assert vietnamese not in page


def test_a_clerk_who_chose_english_sees_the_unit_list_in_english(client, cast):
    switch_to_english(client)
    response = client.post(reverse("login"), {"username": "clerk", "password": "matkhau-123"})
    assert response.status_code == 302

    page = html.unescape(client.get(reverse("units:unit-list")).content.decode())

    for english in (
        "Unit list",
        "View as a tree",
        "Unit code or name, with or without diacritics",
        "Filter",
        "Unit name",
        "Parent unit",
        "Include closed units",
        "Provincial People's Procuracy",
        "5 units",
        "Emulation movements",
        "Award register",
        "Log out",
    ):
        assert english in page
    for vietnamese in (
        "Danh sách đơn vị",
        "Xem dạng cây",
        "Mã hoặc tên đơn vị",
        "Lọc",
        "Tên đơn vị",
        "Đơn vị cấp trên",
        "Gồm đơn vị đã ngừng hoạt động",
        "VKSND cấp tỉnh",
        "5 đơn vị",
        "Phong trào thi đua",
        "Sổ khen thưởng",
        "Đăng xuất",
    ):
        assert vietnamese not in page


def test_the_header_declares_english_and_its_plural_forms():
    header = read_po(PO_FILE)[0]

    assert header["msgid"] == ""
    assert "Language: en\n" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header["msgstr"][0]


def test_every_message_has_an_english_translation_that_is_not_fuzzy():
    entries = messages()
    untranslated = [e["msgid"] for e in entries if not e["msgstr"] or not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    plurals_incomplete = [e["msgid"] for e in entries if "msgid_plural" in e and sorted(e["msgstr"]) != [0, 1]]

    assert len(entries) > 600
    assert untranslated == []
    assert fuzzy == []
    assert plurals_incomplete == []


def test_every_translation_keeps_the_placeholders_of_its_message():
    wrong = []
    for entry in messages():
        for index, translation in entry["msgstr"].items():
            source = entry["msgid"] if index == 0 else entry["msgid_plural"]
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
                wrong.append((source, translation))

    assert wrong == []


def test_the_committed_mo_file_is_compiled_from_the_po_file():
    with MO_FILE.open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog

    stale = []
    for entry in messages():
        key = f"{entry['msgctxt']}\x04{entry['msgid']}" if "msgctxt" in entry else entry["msgid"]
        for index, translation in entry["msgstr"].items():
            found = catalog.get((key, index)) if "msgid_plural" in entry else catalog.get(key)
            if found != translation:
                stale.append(entry["msgid"])

    assert stale == []
