"""Folding of Vietnamese text for search: "Nguyễn Thị Hằng" and "nguyen thi hang" fold alike."""

import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case, strip diacritics (including đ → d) and collapse whitespace."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
