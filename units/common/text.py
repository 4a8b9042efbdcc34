"""Folding of Vietnamese text for search: "Nguyễn Thị Hằng" and "nguyen thi hang" fold alike."""

import re
import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case, strip diacritics (including đ → d) and collapse whitespace."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def display_name(user) -> str:
    """A user's name in Vietnamese order: family and middle names (last_name), then the given name.

    Django's get_full_name() puts first_name first, which reads "An Nguyễn Văn" for a Vietnamese name.
    """
    if user is None:
        return ""
    name = f"{user.last_name} {user.first_name}".strip()
    return name or user.get_username()


_DIGITS = re.compile(r"\d+")


def natural_key(text: str, width: int = 6) -> str:
    """A string that sorts like people read numbers: "KV2" before "KV10" (digit runs zero-padded)."""
    return _DIGITS.sub(lambda m: m.group().zfill(width), text or "")
