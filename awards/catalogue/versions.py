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


VERSIONS = (
    Version(
        name="Luật TĐKT 2003, Nghị định 91/2017/NĐ-CP, Thông tư 01/2019/TT-VKSTC",
        effective_from=D(2000, 1, 1),
        legal_basis=(LAW_2003, DECREE_91, CIRCULAR_01_2019),
        values={"ldtt_min_service_months": 10, "cstdcs_requires_initiative": True, "review_levels": WITH_HIGH},
        high_procuracies=True,
    ),
    Version(
        name="Luật TĐKT 2022, Nghị định 98/2023/NĐ-CP, Thông tư 01/2019/TT-VKSTC",
        effective_from=D(2024, 1, 1),
        legal_basis=(LAW_2022, DECREE_98, CIRCULAR_01_2019),
        values={"ldtt_min_service_months": 10, "cstdcs_requires_initiative": True, "review_levels": WITH_HIGH},
        high_procuracies=True,
    ),
    Version(
        name="Luật TĐKT 2022, Nghị định 98/2023/NĐ-CP, Thông tư 02/2024/TT-VKSTC",
        effective_from=D(2024, 10, 1),
        legal_basis=(LAW_2022, DECREE_98, CIRCULAR_02_2024),
        values={"ldtt_min_service_months": 6, "cstdcs_requires_initiative": True, "review_levels": WITH_HIGH},
        high_procuracies=True,
    ),
    Version(
        name="Luật TĐKT 2022, Nghị định 152/2025/NĐ-CP, Thông tư 02/2024/TT-VKSTC",
        effective_from=D(2025, 7, 1),
        legal_basis=(LAW_2022, DECREE_152, CIRCULAR_02_2024),
        values={"ldtt_min_service_months": 6, "cstdcs_requires_initiative": True, "review_levels": WITHOUT_HIGH},
        high_procuracies=False,
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
