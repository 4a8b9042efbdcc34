"""The chart of awards per year (appendix of the summary reports) as inline SVG."""

import itertools
import xml.etree.ElementTree as ET

import pytest

from reports import charts
from tests.pdf import pdf_fonts, pdf_text
from units.common import pdf

pytestmark = pytest.mark.unit

SVG = "{http://www.w3.org/2000/svg}"
YEARS = [2021, 2022, 2023, 2024, 2025]


def chart(years, collectives, individuals, names=("Tập thể", "Cá nhân")) -> ET.Element:
    svg = charts.awards_per_year_svg(
        years, [{"name": names[0], "counts": collectives}, {"name": names[1], "counts": individuals}]
    )
    return ET.fromstring(svg)


def bars(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "bar"]


def texts(root: ET.Element, css: str) -> list[str]:
    return [text.text for text in root.iter(f"{SVG}text") if text.get("class") == css]


def test_awards_per_year_svg_is_an_svg_sized_in_millimetres():
    root = chart(YEARS, [1, 2, 3, 4, 5], [10, 20, 30, 40, 50])

    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("160mm", "90mm", "0 0 160 90")
    assert root.get("font-family").startswith("'Liberation Serif'")


def test_awards_per_year_svg_bar_heights_are_proportional_to_counts():
    collectives, individuals = [12, 0, 30, 7, 25], [88, 40, 170, 93, 475]

    root = chart(YEARS, collectives, individuals)

    rects = bars(root)
    assert [(int(r.get("data-year")), r.get("data-series"), int(r.get("data-count"))) for r in rects] == [
        (2021, "Tập thể", 12), (2021, "Cá nhân", 88), (2022, "Cá nhân", 40), (2023, "Tập thể", 30),
        (2023, "Cá nhân", 170), (2024, "Tập thể", 7), (2024, "Cá nhân", 93), (2025, "Tập thể", 25),
        (2025, "Cá nhân", 475),
    ]  # fmt: skip
    per_count = [float(r.get("height")) / int(r.get("data-count")) for r in rects]
    assert max(per_count) - min(per_count) < 0.001
    # Stacked: each bar stands on the x axis, the individuals on top of the collectives.
    baseline = 90 - 24
    for _year, stack in itertools.groupby(rects, key=lambda r: r.get("data-year")):
        floor = baseline
        for rect in stack:
            assert float(rect.get("y")) + float(rect.get("height")) == pytest.approx(floor, abs=0.01)
            floor = float(rect.get("y"))


def test_awards_per_year_svg_writes_totals_years_and_ticks_with_vietnamese_separators():
    root = chart(YEARS, [120, 135, 98, 150, 160], [1354, 1200, 1420, 1500, 1610])

    assert texts(root, "total") == ["1.474", "1.335", "1.518", "1.650", "1.770"]
    assert texts(root, "year") == ["2021", "2022", "2023", "2024", "2025"]
    assert texts(root, "tick") == ["0", "500", "1.000", "1.500", "2.000"]
    # Inside the bars where they fit: the individuals, not the thin collectives.
    assert texts(root, "count") == ["1.354", "1.200", "1.420", "1.500", "1.610"]
    assert texts(root, "legend") == ["Tập thể", "Cá nhân"]
    assert texts(root, "axis") == ["Số lượt"]


def test_awards_per_year_svg_leaves_room_above_the_tallest_bar():
    root = chart([2025], [3], [12])

    # 15 would be a tick exactly at the bar's top, under its total: the axis goes on to 20.
    assert texts(root, "tick") == ["0", "5", "10", "15", "20"]


def test_awards_per_year_svg_without_awards_draws_the_axes_and_a_note():
    root = chart(YEARS, [0] * 5, [0] * 5)

    assert bars(root) == []
    assert texts(root, "note") == ["Không có khen thưởng trong kỳ báo cáo"]
    assert texts(root, "tick") == ["0"]
    assert texts(root, "total") == []
    assert len(list(root.iter(f"{SVG}line"))) == 3  # the tick at 0 and the two axes


def test_awards_per_year_svg_without_years():
    root = chart([], [], [])

    assert bars(root) == []
    assert texts(root, "note") == ["Không có khen thưởng trong kỳ báo cáo"]
    assert root.get("aria-label") == "Biểu đồ số lượt khen thưởng theo năm"


def test_awards_per_year_svg_single_year_is_a_bar_in_the_middle():
    root = chart([2025], [3], [12])

    rects = bars(root)
    widths = {float(r.get("width")) for r in rects}
    assert widths == {24.0}
    assert float(rects[0].get("x")) + 12 == pytest.approx((18 + 156) / 2)
    assert texts(root, "total") == ["15"]


def test_awards_per_year_svg_ten_years_do_not_overlap():
    years = list(range(2016, 2026))

    root = chart(years, [5, 0, 7, 3, 12, 9, 4, 0, 6, 8], [40, 33, 0, 51, 47, 62, 39, 1, 44, 58])

    spans = sorted({(float(r.get("x")), float(r.get("x")) + float(r.get("width"))) for r in bars(root)})
    assert len(spans) == 10
    assert all(left[1] < right[0] for left, right in itertools.pairwise(spans))
    assert texts(root, "year") == [str(year) for year in years]


def test_awards_per_year_svg_escapes_names():
    name = 'Tập thể <b> & "nhóm"'

    root = chart([2024], [2], [5], names=(name, "Cá nhân"))

    assert [r.get("data-series") for r in bars(root)] == [name, "Cá nhân"]
    assert texts(root, "legend") == [name, "Cá nhân"]


def test_awards_per_year_svg_refuses_counts_that_do_not_match_the_years():
    with pytest.raises(ValueError, match="2 counts for 3 years"):
        chart([2023, 2024, 2025], [1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="negative"):
        chart([2025], [-1], [3])
    with pytest.raises(ValueError, match="1 to 4 series"):
        charts.awards_per_year_svg([2025], [])


@pytest.mark.parametrize(
    ("maximum", "step"), [(0, 1), (4, 1), (6, 2), (15, 5), (48, 10), (100, 20), (1474, 500), (12_610, 5000)]
)
def test_nice_step_is_round(maximum, step):
    assert charts.nice_step(maximum) == step


@pytest.mark.integration
def test_awards_per_year_svg_in_a_pdf_has_extractable_labels(tmp_path):
    svg = charts.awards_per_year_svg(
        YEARS,
        [
            {"name": "Tập thể", "counts": [120, 135, 98, 150, 160]},
            {"name": "Cá nhân", "counts": [1354, 1200, 1420, 1500, 1610]},
        ],
    )
    fonts = pdf.STATIC_DIR.resolve().as_uri() + "/fonts/LiberationSerif"
    faces = "".join(
        f'@font-face {{ font-family: "Liberation Serif"; {css} src: url("{fonts}-{name}.ttf"); }}'
        for css, name in (("", "Regular"), ("font-weight: bold;", "Bold"), ("font-style: italic;", "Italic"))
    )
    html = f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>{faces}</style></head><body>{svg}</body>'

    data = pdf.html_to_pdf(html)

    assert data.startswith(b"%PDF-")
    text = pdf_text(data, tmp_path)
    for label in ("2021", "2022", "2023", "2024", "2025", "1.474", "1.770", "1.354", "2.000", "Tập thể", "Cá nhân"):
        assert label in text
    assert "LiberationSerif" in pdf_fonts(data, tmp_path).replace("-", "")
