"""Numbers of documents as Nghị định 30/2020 writes them."""

from units.common.formatting import decision_number, paragraphs, quotation_marks, quote, roman


def test_decision_number_below_ten_takes_a_leading_zero():
    assert decision_number("1/QĐ-VKS") == "01/QĐ-VKS"
    assert decision_number("7/2023/QĐ-UBND") == "07/2023/QĐ-UBND"
    assert decision_number("5") == "05"


def test_decision_number_already_padded_or_from_ten_is_left_as_it_is():
    assert decision_number("01/QĐ-VKS") == "01/QĐ-VKS"
    assert decision_number("12/QĐ-VKS") == "12/QĐ-VKS"
    assert decision_number("123/QĐ-TTg") == "123/QĐ-TTg"


def test_decision_number_not_opening_with_a_number_is_left_as_it_is():
    assert decision_number("") == ""
    assert decision_number("QĐ số 1") == "QĐ số 1"
    assert decision_number("3a/QĐ-VKS") == "3a/QĐ-VKS"


def test_roman_numerals_number_the_appendices():
    assert [roman(value) for value in (1, 2, 3, 4, 5, 9, 10, 14, 40)] == [
        "I", "II", "III", "IV", "V", "IX", "X", "XIV", "XL",
    ]  # fmt: skip


def test_quotation_marks_inside_quotation_marks_become_single():
    assert quotation_marks("Hưởng ứng “Phong trào “Dân vận khéo”” của tỉnh") == (
        "Hưởng ứng “Phong trào ‘Dân vận khéo’” của tỉnh"
    )
    assert quotation_marks('Phong trào "Vì công lý"') == "Phong trào “Vì công lý”"  # typed straight quotes
    assert quotation_marks("Không có dấu ngoặc") == "Không có dấu ngoặc"


def test_a_quoted_name_is_quoted_once():
    assert quote("Vì công lý") == "“Vì công lý”"
    assert quote("“Vì công lý”") == "“Vì công lý”"
    assert quote('Phong trào thi đua "Vì công lý"') == "“Phong trào thi đua ‘Vì công lý’”"
    assert quote("Phong trào thi đua “Tỉnh C vì công lý”") == "“Phong trào thi đua ‘Tỉnh C vì công lý’”"


def test_the_writers_paragraphs_print_no_nested_double_quotes():
    assert paragraphs("Tham gia “Phong trào “Vì công lý”” sôi nổi.") == [
        {"text": "Tham gia “Phong trào ‘Vì công lý’” sôi nổi.", "css": ""}
    ]
