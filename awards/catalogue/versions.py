"""The rule sets shipped with the product: one version for each change of the texts (domain-rules §0), with the
"Căn cứ" lines its documents print, the values that differ from the model's defaults, and who confers what.

Loaded by migration 0016 and by `awards.catalogue.loading.ensure_defaults` (`install_versions`). Administrators
change them afterwards in the app (`/khen-thuong/bo-quy-tac/`); a value the texts do not confirm stays at the
model's default (domain-rules: UNCONFIRMED values are configurable parameters).
"""

import dataclasses
import datetime

from units.enums import UnitLevel

D = datetime.date

# -- the texts, each "Căn cứ" line as documents print it (without "Căn cứ" and the closing ";") ------------------

LAW_2003 = "Luật Thi đua, khen thưởng năm 2003 (sửa đổi, bổ sung năm 2005, 2013)"
LAW_2022 = "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022"
# Reported in force on 01/10/2026; its content is not confirmed (domain-rules §0, [S16]): cited, nothing changed.
LAW_2026 = "Luật số 06/2026/QH16 sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng"
DECREE_91 = (
    "Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ quy định chi tiết thi hành một số điều của "
    "Luật Thi đua, khen thưởng"
)
DECREE_98 = (
    "Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ quy định chi tiết thi hành một số điều "
    "của Luật Thi đua, khen thưởng"
)
DECREE_152 = (
    "Nghị định số 152/2025/NĐ-CP ngày 14/6/2025 của Chính phủ quy định chi tiết một số điều của "
    "Luật Thi đua, khen thưởng"
)
CIRCULAR_01_2019 = (
    "Thông tư số 01/2019/TT-VKSTC ngày 14/5/2019 của Viện trưởng Viện kiểm sát nhân dân tối cao quy định "
    "về công tác thi đua, khen thưởng trong ngành Kiểm sát nhân dân (sửa đổi, bổ sung năm 2020)"
)
CIRCULAR_02_2024 = (
    "Thông tư số 02/2024/TT-VKSTC ngày 12/8/2024 của Viện trưởng Viện kiểm sát nhân dân tối cao quy định "
    "về công tác thi đua, khen thưởng trong ngành Kiểm sát nhân dân"
)

WITH_HIGH = "supreme,high,provincial"
WITHOUT_HIGH = "supreme,provincial"


@dataclasses.dataclass(frozen=True)
class Version:
    name: str
    effective_from: datetime.date
    legal_basis: tuple[str, ...]
    # The fields whose value any version changes, stated in every version (a new version copies the one before
    # it, then takes these).
    values: dict
    # Whether the high procuracies (VKSND cấp cao) exist: abolished by the 2025 reform (Luật 82/2025/QH15).
    high_procuracies: bool
    # The bonus multipliers of the decree in force (`BonusRate` rows; see "bonus money" below).
    bonus_rates: tuple["Rate", ...] = ()

    @property
    def legal_basis_text(self) -> str:
        return "\n".join(self.legal_basis)

    def authority_rows(self) -> list[tuple[str, str]]:
        """(award type code, level) of the version's authority matrix."""
        return [
            (code, level)
            for code, levels in AUTHORITY_MATRIX
            for level in levels
            if self.high_procuracies or level != UnitLevel.HIGH
        ]


# -- bonus money: multipliers of the base salary (hệ số × mức lương cơ sở) per award type ----------------------------
# Individual and collective multipliers of each decree, as `BonusRate` rows of the versions under it. What the
# specification (domain-rules §1.1–1.2, [S5]) gives for NĐ 152/2025 is `confirmed`; what it marks UNCONFIRMED, or
# does not give, is not (`confirmed=False`, shown so on the rule set's page, editable by an administrator):
# - NĐ 152/2025: the titles, the flags of the Government and of the sector, TTLĐXS/TTLĐTT, the orders (a collective
#   twice an individual, Art. 51(2)), Bằng khen TTg 3,5 and Bằng khen VKSTC 1,5 for an individual are the
#   specification's. Not confirmed: the collective's double of a Bằng khen (Art. 54's wording), Giấy khen (no
#   figure found; the 0,3/0,6 of NĐ 91/2017 is kept), the Kỷ niệm chương ("≤ 0,6"), the provincial flag and Bằng
#   khen (the same clause as the ministry's in every decree so far), Anh hùng Lao động.
# - NĐ 98/2023: the specification gives no figure. The titles, flags and orders are those published for the school
#   year 2023–2024 under the 2022 law (secondary sources), equal to NĐ 91/2017's and NĐ 152/2025's; Bằng khen of a
#   ministry or province 1,0 as under NĐ 91/2017. None is checked against the decree: all unconfirmed.
# - NĐ 91/2017 (the first version): the figures published with it (secondary sources: Bằng khen TTg 3,5, a
#   ministry's 1,0, Giấy khen 0,3, collectives twice), all unconfirmed.
# An award type without a row, or with an empty multiplier for its kind of recipient, carries no bonus.


@dataclasses.dataclass(frozen=True)
class Rate:
    code: str
    individual: str | None  # a decimal as text ("0.3"), None: no bonus for an individual
    collective: str | None
    confirmed: bool = True
    note: str = ""


_SECONDARY = "Nguồn thứ cấp; chưa đối chiếu văn bản"
_DOUBLE_UNCONFIRMED = "Cá nhân theo NĐ 152/2025; tập thể gấp đôi chưa đối chiếu Điều 54"


def _earlier(decree: str, rates: tuple[Rate, ...], overrides: dict[str, Rate]) -> tuple[Rate, ...]:
    """The rates of an earlier decree: those of `rates` with `overrides`, every one unconfirmed with its note."""
    return tuple(
        dataclasses.replace(overrides.get(rate.code, rate), confirmed=False, note=f"{decree}: {_SECONDARY}")
        for rate in rates
    )


BONUS_152 = (
    Rate("CSTDTQ", "4.5", None),
    Rate("CSTDN", "3.0", None),
    Rate("CSTDCS", "1.0", None),
    Rate("LDTT", "0.3", None),
    Rate("CTDCP", None, "12.0"),
    Rate("CTDN", None, "8.0"),
    Rate("CTDUBND", None, "8.0", False, "Cùng mức Cờ thi đua cấp bộ, ngành, tỉnh; chưa đối chiếu"),
    Rate("TTLDXS", None, "1.5"),
    Rate("TTLDTT", None, "0.8"),
    Rate("AHLD", "15.5", "31.0", False, "Mức của NĐ 91/2017; chưa đối chiếu NĐ 152/2025"),
    Rate("HCDL1", "15.0", "30.0", True, "Tập thể gấp đôi cá nhân (Điều 51)"),
    Rate("HCDL2", "12.5", "25.0", True, "Tập thể gấp đôi cá nhân (Điều 51)"),
    Rate("HCDL3", "10.5", "21.0", True, "Tập thể gấp đôi cá nhân (Điều 51)"),
    Rate("HCLD1", "9.0", "18.0", True, "Tập thể gấp đôi cá nhân (Điều 51)"),
    Rate("HCLD2", "7.5", "15.0", True, "Tập thể gấp đôi cá nhân (Điều 51)"),
    Rate("HCLD3", "4.5", "9.0", True, "Tập thể gấp đôi cá nhân (Điều 51)"),
    Rate("BKTTG", "3.5", "7.0", False, _DOUBLE_UNCONFIRMED),
    Rate("BKVKSTC", "1.5", "3.0", False, _DOUBLE_UNCONFIRMED),
    Rate("BKUBND", "1.5", "3.0", False, "Cùng mức Bằng khen cấp bộ, ngành, tỉnh; chưa đối chiếu"),
    Rate("GK", "0.3", "0.6", False, "Mức của NĐ 91/2017; NĐ 152/2025 chưa xác nhận"),
    Rate("KNCVSNKS", "0.6", None, False, "Tối đa 0,6 lần (kỷ niệm chương cấp bộ, ngành); chưa đối chiếu"),
    Rate("KNCBVPC", "0.6", None, False, "Tối đa 0,6 lần (kỷ niệm chương cấp bộ, ngành); chưa đối chiếu"),
    Rate("BKKHAC", None, None, False, "Theo quy định của cơ quan tặng thưởng"),
)
BONUS_98 = _earlier(
    "NĐ 98/2023",
    BONUS_152,
    {
        "BKVKSTC": Rate("BKVKSTC", "1.0", "2.0"),
        "BKUBND": Rate("BKUBND", "1.0", "2.0"),
    },
)
BONUS_91 = _earlier(
    "NĐ 91/2017",
    BONUS_152,
    {
        "BKVKSTC": Rate("BKVKSTC", "1.0", "2.0"),
        "BKUBND": Rate("BKUBND", "1.0", "2.0"),
        "KNCVSNKS": Rate("KNCVSNKS", None, None),
        "KNCBVPC": Rate("KNCBVPC", None, None),
    },
)

# The base salary (mức lương cơ sở) from its date, with the decree that set it (`BaseSalary` rows). The raise to
# 1.600.000 đ planned for 01/7/2020 was cancelled (Nghị quyết 122/2020/QH14): 1.490.000 đ held until 30/6/2023.
BASE_SALARIES = (
    (D(2019, 7, 1), 1_490_000, "Nghị định số 38/2019/NĐ-CP"),
    (D(2023, 7, 1), 1_800_000, "Nghị định số 24/2023/NĐ-CP"),
    (D(2024, 7, 1), 2_340_000, "Nghị định số 73/2024/NĐ-CP"),
)


VERSIONS = (
    Version(
        name="Luật TĐKT 2003, Nghị định 91/2017/NĐ-CP, Thông tư 01/2019/TT-VKSTC",
        effective_from=D(2000, 1, 1),
        legal_basis=(LAW_2003, DECREE_91, CIRCULAR_01_2019),
        values={"ldtt_min_service_months": 10, "cstdcs_requires_initiative": True, "review_levels": WITH_HIGH},
        high_procuracies=True,
        bonus_rates=BONUS_91,
    ),
    Version(
        name="Luật TĐKT 2022, Nghị định 98/2023/NĐ-CP, Thông tư 01/2019/TT-VKSTC",
        effective_from=D(2024, 1, 1),
        legal_basis=(LAW_2022, DECREE_98, CIRCULAR_01_2019),
        values={"ldtt_min_service_months": 10, "cstdcs_requires_initiative": True, "review_levels": WITH_HIGH},
        high_procuracies=True,
        bonus_rates=BONUS_98,
    ),
    Version(
        name="Luật TĐKT 2022, Nghị định 98/2023/NĐ-CP, Thông tư 02/2024/TT-VKSTC",
        effective_from=D(2024, 10, 1),
        legal_basis=(LAW_2022, DECREE_98, CIRCULAR_02_2024),
        values={"ldtt_min_service_months": 6, "cstdcs_requires_initiative": True, "review_levels": WITH_HIGH},
        high_procuracies=True,
        bonus_rates=BONUS_98,
    ),
    Version(
        name="Luật TĐKT 2022, Nghị định 152/2025/NĐ-CP, Thông tư 02/2024/TT-VKSTC",
        effective_from=D(2025, 7, 1),
        legal_basis=(LAW_2022, DECREE_152, CIRCULAR_02_2024),
        values={"ldtt_min_service_months": 6, "cstdcs_requires_initiative": True, "review_levels": WITHOUT_HIGH},
        high_procuracies=False,
        bonus_rates=BONUS_152,
    ),
    Version(
        name=(
            "Luật TĐKT sửa đổi 06/2026/QH16 (nội dung sửa đổi chưa được xác nhận: giữ các giá trị của bộ trước), "
            "Nghị định 152/2025/NĐ-CP, Thông tư 02/2024/TT-VKSTC"
        ),
        effective_from=D(2026, 10, 1),
        legal_basis=(LAW_2022, LAW_2026, DECREE_152, CIRCULAR_02_2024),
        # The 2026 amendment was reported to require an initiative for CSTĐCS again (domain-rules §2.1).
        values={"ldtt_min_service_months": 6, "cstdcs_requires_initiative": True, "review_levels": WITHOUT_HIGH},
        high_procuracies=False,
        bonus_rates=BONUS_152,  # the amending law changes no bonus that is known: NĐ 152/2025 still applies
    ),
)

# -- who confers what: the authority matrix (`AuthorityRule` rows of every version) ------------------------------
# The head of the nearest unit of the level at or above the recipient's unit decides (strictly above for a
# collective and for that unit's own leadership: CSTĐCS of a provincial procuracy's leaders is VKSTC's), for every
# recipient the type allows. The high procuracies' row holds only while they exist. Types conferred outside the
# procuracy (Chủ tịch nước, Thủ tướng, UBND tỉnh, other bodies) have no row. Domain-rules §1.1; TT 02/2024/TT-VKSTC.

SUPREME, HIGH, PROVINCIAL = UnitLevel.SUPREME.value, UnitLevel.HIGH.value, UnitLevel.PROVINCIAL.value

AUTHORITY_MATRIX = (
    # award type   levels whose head confers it
    ("LDTT",       (SUPREME, HIGH, PROVINCIAL)),
    ("CSTDCS",     (SUPREME, HIGH, PROVINCIAL)),
    ("TTLDTT",     (SUPREME, HIGH, PROVINCIAL)),
    ("TTLDXS",     (SUPREME, HIGH, PROVINCIAL)),
    ("GK",         (SUPREME, HIGH, PROVINCIAL)),
    ("BKVKSTC",    (SUPREME,)),
    ("CSTDN",      (SUPREME,)),
    ("CTDN",       (SUPREME,)),
    ("KNCVSNKS",   (SUPREME,)),
)  # fmt: skip
