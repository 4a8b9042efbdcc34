"""Vietnamese text helpers: search folding and names in Vietnamese order."""

from django.contrib.auth import get_user_model

from units.common.text import display_name, fold


def test_folding_lets_a_name_typed_without_diacritics_match():
    assert fold("Nguyễn Thị  Hằng") == fold("nguyen thi hang") == "nguyen thi hang"
    assert fold("Đặng Đức") == "dang duc"


def test_a_user_is_named_family_name_first():
    user = get_user_model()(username="vanthu", first_name="Hằng", last_name="Nguyễn Thị")
    assert display_name(user) == "Nguyễn Thị Hằng"


def test_a_user_without_a_name_is_shown_by_username():
    assert display_name(get_user_model()(username="vanthu")) == "vanthu"
    assert display_name(None) == ""
