"""Demo and benchmark data: one provincial procuracy modelled on Huế after the 2025 reform, or the whole sector.

Everything is drawn from `random.Random` instances seeded with constants and dated against fixed days, so every
run plans exactly the same units, staff and unit histories. The plan is then applied by matching on codes:
existing units, staff and accounts are left alone, so a second run writes nothing.

The names of the phòng and of the khu vực after the reform are not confirmed anywhere (domain-rules §7 and
§8.11): they are plausible examples for demonstrations, not reference data.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from units import services
from units.common.text import fold
from units.enums import Gender, ManagementRank, Role, UnitLevel
from units.models import Assignment, Person, Unit
from units.ranks import post_rank

SEED = "tdkt-seed-demo-v1"
# Ages and recruitment dates are computed against fixed days so the data do not drift with the clock.
REFERENCE_DATE = datetime.date(2026, 1, 1)
LATEST_HIRE = datetime.date(2025, 12, 1)
# Luật 82/2025/QH15: VKSND khu vực replace the district procuracies from 01/07/2025.
REFORM_DATE = datetime.date(2025, 7, 1)
# Huế became a centrally governed city on 01/01/2025; its districts were reorganised that day.
HUE_DISTRICTS_DATE = datetime.date(2025, 1, 1)
TRANSFERS_FROM = datetime.date(2023, 1, 1)

PROVINCE_STAFF = 300
NATION_STAFF = 20_000
DEMO_PASSWORD = "demo12345"
RESERVED_NAME = "Nguyễn Thị Thanh Hằng"  # searched for by tests and demonstrations: exactly one person
DASH = "\u2013"  # the en dash of "khu vực 1 – Huế"

SUPREME = "VKSTC"
HUE = "VKS-HUE"
BULK_BATCH = 2000

NOTE_HIRED = "Tuyển dụng"
NOTE_REFORM = "Sắp xếp tổ chức bộ máy từ 01/07/2025 (Luật số 82/2025/QH15, Nghị quyết số 84/2025/UBTVQH15)"
NOTE_HUE_DISTRICTS = "Sắp xếp đơn vị hành chính cấp huyện của thành phố Huế từ 01/01/2025"


# --- Names -------------------------------------------------------------------------------------------------

# Weights follow the usual estimates of Vietnamese family-name frequencies, with Central Vietnam's Võ and Hồ.
FAMILY_NAMES = {
    "Nguyễn": 31, "Trần": 11, "Lê": 9.5, "Phạm": 6, "Hoàng": 3, "Huỳnh": 2.2, "Phan": 4.5, "Vũ": 2, "Võ": 3.2,
    "Đặng": 2, "Bùi": 2, "Đỗ": 1.4, "Hồ": 2, "Ngô": 1.3, "Dương": 1, "Lý": 0.5, "Trương": 1.2, "Đoàn": 0.8,
    "Đinh": 0.8, "Lương": 0.5, "Mai": 0.5,
}  # fmt: skip
HUE_FAMILY_NAMES = {**FAMILY_NAMES, "Tôn Thất": 0.6}  # the Nguyễn royal lineage, common in Huế only
MALE_MIDDLE = {
    "Văn": 30, "Đức": 8, "Minh": 8, "Quang": 6, "Hữu": 6, "Công": 5, "Thanh": 5, "Ngọc": 3, "Xuân": 4,
    "Anh": 3, "Trọng": 3, "Quốc": 4, "Thế": 3, "Đình": 4, "Bá": 2, "Tuấn": 2, "Việt": 2,
}  # fmt: skip
FEMALE_MIDDLE = {
    "Thị": 45, "Ngọc": 6, "Thanh": 5, "Thu": 5, "Thùy": 4, "Phương": 3, "Minh": 3, "Hồng": 3, "Mỹ": 2,
    "Kim": 3, "Diệu": 2, "Bảo": 2, "Khánh": 2, "Hoài": 2,
}  # fmt: skip
FEMALE_SECOND_MIDDLE = ("Thanh", "Thu", "Kim", "Minh", "Ngọc", "Hồng", "Thúy", "Hoài", "Phương", "Mỹ")
MALE_GIVEN = (
    "Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Nam", "Long", "Phong", "Quân", "Sơn", "Thắng", "Trung", "Hiếu",
    "Khoa", "Bình", "Cường", "Đạt", "Đức", "Huy", "Khánh", "Lâm", "Lợi", "Nghĩa", "Nhân", "Phúc", "Quang",
    "Tài", "Thành", "Thiện", "Toàn", "Trí", "Vinh", "Vũ", "Hoàng", "Hưng", "Kiên", "Lộc", "Tâm", "Tín",
    "Thịnh", "Bảo", "Duy", "Hòa", "Phương", "Tú", "Việt", "Anh", "Chiến", "Định", "Quý",
)  # fmt: skip
FEMALE_GIVEN = (
    "Hằng", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Thủy",
    "Trang", "Uyên", "Vân", "Yến", "Hà", "Hạnh", "Hiền", "Hoa", "Huyền", "Loan", "Ly", "My", "Nhi", "Như",
    "Tâm", "Thanh", "Thư", "Trâm", "Tuyết", "Vy", "Dung", "Giang", "Anh", "Châu", "Diệp", "Thương", "Lụa",
)  # fmt: skip


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(tuple(weights), weights=tuple(weights.values()))[0]


def make_name(rng: random.Random, gender: str, families: dict[str, float] = FAMILY_NAMES) -> tuple[str, str]:
    """A Vietnamese name as (family and middle names, given name)."""
    family = _weighted(rng, families)
    if gender == Gender.MALE:
        middle, given_names = _weighted(rng, MALE_MIDDLE), MALE_GIVEN
    elif family == "Tôn Thất":
        # The daughters of the lineage are "Tôn Nữ", usually without "Thị".
        family, middle, given_names = "Tôn Nữ", rng.choice(FEMALE_SECOND_MIDDLE), FEMALE_GIVEN
    else:
        middle, given_names = _weighted(rng, FEMALE_MIDDLE), FEMALE_GIVEN
        if middle == "Thị" and rng.random() < 0.3:
            middle = f"Thị {rng.choice(FEMALE_SECOND_MIDDLE)}"
    given = rng.choice(given_names)
    while given == middle.split()[-1]:  # "Minh Minh" is not a name
        given = rng.choice(given_names)
    return f"{family} {middle}", given


# --- Positions and staffing --------------------------------------------------------------------------------

# position: (youngest age, oldest age, share of men)
POSITION_PROFILES = {
    "Viện trưởng": (48, 59, 0.8), "Phó Viện trưởng": (42, 58, 0.7), "Trưởng phòng": (42, 58, 0.65),
    "Phó Trưởng phòng": (36, 56, 0.55), "Chánh Văn phòng": (42, 58, 0.6), "Phó Chánh Văn phòng": (36, 56, 0.5),
    "Kiểm sát viên VKSND tối cao": (45, 60, 0.65), "Kiểm sát viên cao cấp": (44, 60, 0.6),
    "Kiểm sát viên trung cấp": (33, 58, 0.55), "Kiểm sát viên sơ cấp": (27, 45, 0.5),
    "Kiểm tra viên cao cấp": (45, 60, 0.5), "Kiểm tra viên chính": (35, 58, 0.5), "Kiểm tra viên": (24, 42, 0.45),
    "Điều tra viên cao cấp": (42, 58, 0.85), "Điều tra viên trung cấp": (33, 55, 0.8),
    "Điều tra viên sơ cấp": (26, 42, 0.75), "Cán bộ điều tra": (24, 40, 0.75),
    "Chuyên viên chính": (35, 58, 0.45), "Chuyên viên": (24, 55, 0.45), "Kế toán": (28, 57, 0.2),
    "Văn thư": (25, 56, 0.15), "Cán bộ": (24, 56, 0.5), "Lái xe": (28, 58, 1.0), "Nhân viên bảo vệ": (30, 58, 1.0),
    "Giảng viên chính": (38, 60, 0.5), "Giảng viên": (27, 50, 0.45), "Nghiên cứu viên chính": (38, 60, 0.5),
    "Nghiên cứu viên": (27, 50, 0.45), "Phóng viên": (24, 50, 0.5), "Biên tập viên": (30, 58, 0.45),
    "Kỹ thuật viên": (24, 50, 0.7),
}  # fmt: skip
DEFAULT_PROFILE = (40, 58, 0.6)  # heads and deputies of VKSTC departments

FILLERS = {
    "prosecution": {
        "Kiểm sát viên cao cấp": 10, "Kiểm sát viên trung cấp": 40, "Kiểm sát viên sơ cấp": 22,
        "Kiểm tra viên chính": 6, "Kiểm tra viên": 17, "Chuyên viên": 5,
    },
    "regional": {
        "Kiểm sát viên trung cấp": 30, "Kiểm sát viên sơ cấp": 36, "Kiểm tra viên": 24, "Chuyên viên": 6,
        "Cán bộ": 4,
    },
    "office": {
        "Chuyên viên": 40, "Chuyên viên chính": 8, "Kiểm tra viên": 8, "Kế toán": 6, "Văn thư": 8, "Lái xe": 15,
        "Cán bộ": 10, "Nhân viên bảo vệ": 5,
    },
    "statistics": {"Chuyên viên": 45, "Chuyên viên chính": 10, "Kiểm tra viên": 25, "Kiểm sát viên trung cấp": 20},
    "supreme": {
        "Kiểm sát viên VKSND tối cao": 6, "Kiểm sát viên cao cấp": 34, "Kiểm sát viên trung cấp": 14,
        "Kiểm tra viên cao cấp": 6, "Kiểm tra viên chính": 22, "Kiểm tra viên": 10, "Chuyên viên chính": 4,
        "Chuyên viên": 4,
    },
    "investigation": {
        "Điều tra viên cao cấp": 15, "Điều tra viên trung cấp": 40, "Điều tra viên sơ cấp": 25,
        "Cán bộ điều tra": 15, "Chuyên viên": 5,
    },
    "finance": {"Kế toán": 35, "Chuyên viên chính": 20, "Chuyên viên": 40, "Cán bộ": 5},
    "school": {"Giảng viên chính": 25, "Giảng viên": 45, "Chuyên viên": 25, "Cán bộ": 5},
    "research": {"Nghiên cứu viên chính": 30, "Nghiên cứu viên": 40, "Chuyên viên": 30},
    "press": {"Phóng viên": 45, "Biên tập viên": 35, "Kỹ thuật viên": 10, "Chuyên viên": 10},
}  # fmt: skip

# Prosecutor grades that exist at district level: a senior prosecutor now at the province was "trung cấp" there.
DISTRICT_GRADE = {"Kiểm sát viên cao cấp": "Kiểm sát viên trung cấp", "Kiểm tra viên chính": "Kiểm tra viên"}


@dataclass(frozen=True)
class Staffing:
    """Who works in a unit: one head, a few deputies, fixed posts and `base` others drawn from `filler`.

    `base` is scaled so that the whole data set reaches its target headcount exactly.
    """

    head: str
    deputy: str
    deputies: tuple[int, int] = (1, 2)
    fixed: tuple[str, ...] = ()
    filler: str = "prosecution"
    base: int = 0


def _titles(name: str) -> tuple[str, str]:
    """Titles of the head and deputies of an internal unit, from the first word of its name."""
    if name.startswith("Văn phòng"):
        return "Chánh Văn phòng", "Phó Chánh Văn phòng"
    if name.startswith("Khoa"):
        return "Trưởng khoa", "Phó Trưởng khoa"
    if name.startswith("Ban"):
        return "Trưởng ban", "Phó Trưởng ban"
    if name.startswith("Tạp chí"):
        return "Tổng Biên tập", "Phó Tổng Biên tập"
    return "Trưởng phòng", "Phó Trưởng phòng"


# --- Personal details (the achievement report's "Sơ lược lý lịch") -------------------------------------------

# Home villages as personnel records write them (the administrative names before the 2025 reorganisation), most
# from Thừa Thiên Huế, some from the neighbouring provinces. Weights, not shares of any real staff.
HOMETOWNS = {
    "xã Phong Hiền, huyện Phong Điền, tỉnh Thừa Thiên Huế": 4, "xã Điền Hòa, huyện Phong Điền, tỉnh Thừa Thiên Huế": 3,
    "xã Quảng Thọ, huyện Quảng Điền, tỉnh Thừa Thiên Huế": 4, "xã Phú Mậu, huyện Phú Vang, tỉnh Thừa Thiên Huế": 4,
    "xã Vinh Thanh, huyện Phú Vang, tỉnh Thừa Thiên Huế": 3, "xã Lộc Trì, huyện Phú Lộc, tỉnh Thừa Thiên Huế": 3,
    "xã Hương Phong, thị xã Hương Trà, tỉnh Thừa Thiên Huế": 3,
    "xã Thủy Thanh, thị xã Hương Thủy, tỉnh Thừa Thiên Huế": 3,
    "phường Hương Sơ, thành phố Huế, tỉnh Thừa Thiên Huế": 4, "phường Vĩnh Ninh, thành phố Huế, tỉnh Thừa Thiên Huế": 3,
    "xã Hồng Thượng, huyện A Lưới, tỉnh Thừa Thiên Huế": 1, "xã Hải Thượng, huyện Hải Lăng, tỉnh Quảng Trị": 2,
    "xã Gio Mỹ, huyện Gio Linh, tỉnh Quảng Trị": 2, "xã Quảng Phú, huyện Quảng Trạch, tỉnh Quảng Bình": 2,
    "xã Điện Quang, thị xã Điện Bàn, tỉnh Quảng Nam": 2, "xã Thạch Hạ, thành phố Hà Tĩnh, tỉnh Hà Tĩnh": 1,
    "phường Hải Châu I, quận Hải Châu, thành phố Đà Nẵng": 1,
}  # fmt: skip
HIGHLAND = "huyện A Lưới"  # home of the Tà Ôi, Cơ Tu and Pa Cô of Huế
ETHNICITIES = {"Kinh": 97, "Hoa": 1, "Mường": 1, "Tày": 1}
HIGHLAND_ETHNICITIES = {"Tà Ôi": 4, "Cơ Tu": 2, "Pa Cô": 2, "Kinh": 2}
# Trình độ chuyên môn by the first word(s) of the post; prosecutors, inspectors and most others studied law.
QUALIFICATIONS = {
    "Kế toán": {"Cử nhân Kế toán": 4, "Cử nhân Tài chính - Ngân hàng": 1},
    "Văn thư": {"Cử nhân Lưu trữ học": 2, "Trung cấp Văn thư - Lưu trữ": 3},
    "Lái xe": {"Trung cấp nghề": 1},
    "Nhân viên bảo vệ": {"Trung cấp nghề": 1},
    "Kỹ thuật viên": {"Cử nhân Công nghệ thông tin": 3, "Kỹ sư Công nghệ thông tin": 2},
    "Phóng viên": {"Cử nhân Báo chí": 3, "Cử nhân Luật": 1},
    "Biên tập viên": {"Cử nhân Báo chí": 2, "Thạc sĩ Báo chí": 1, "Cử nhân Luật": 1},
    "Giảng viên": {"Thạc sĩ Luật": 3, "Tiến sĩ Luật": 1},
    "Nghiên cứu viên": {"Thạc sĩ Luật": 3, "Tiến sĩ Luật": 1},
}
LAW_STAFF = {"Cử nhân Luật": 7, "Thạc sĩ Luật": 3}
LAW_MANAGERS = {"Cử nhân Luật": 3, "Thạc sĩ Luật": 6, "Tiến sĩ Luật": 1}
THEORY_STAFF = {"Trung cấp": 6, "Sơ cấp": 3, "Cao cấp": 1}
THEORY_MANAGERS = {"Cao cấp": 6, "Trung cấp": 4}


def person_details(code: str, position: str, is_manager: bool) -> dict[str, str]:
    """Quê quán, dân tộc, trình độ chuyên môn and lý luận chính trị of a demo person: drawn from a generator of
    their own (seeded with the code), so that adding them changed none of the names, posts and histories."""
    rng = random.Random(f"{SEED}-details-{code}")
    hometown = _weighted(rng, HOMETOWNS)
    ethnicity = _weighted(rng, HIGHLAND_ETHNICITIES if HIGHLAND in hometown else ETHNICITIES)
    trade = next((choices for prefix, choices in QUALIFICATIONS.items() if position.startswith(prefix)), None)
    qualification = _weighted(rng, trade or (LAW_MANAGERS if is_manager else LAW_STAFF))
    theory = _weighted(rng, THEORY_MANAGERS if is_manager or position == "Viện trưởng" else THEORY_STAFF)
    return {"hometown": hometown, "ethnicity": ethnicity, "qualification": qualification, "political_theory": theory}


# --- The plan ----------------------------------------------------------------------------------------------


@dataclass
class UnitPlan:
    code: str
    name: str
    short_name: str
    level: str
    parent: str | None
    place_name: str
    is_remote_area: bool = False
    valid_from: datetime.date | None = None
    # Planned closing date: the unit is created open, staffed, its staff moved on, then closed by unit_close.
    valid_to: datetime.date | None = None
    predecessors: tuple[str, ...] = ()


@dataclass
class Period:
    unit: str
    position: str
    start: datetime.date
    note: str = ""
    # The manager flag of the post (Assignment.is_manager); set by `_person` from the draft's role.
    is_manager: bool | None = None


@dataclass
class PersonPlan:
    code: str
    full_name: str
    gender: str
    birth_date: datetime.date
    is_manager: bool
    periods: list[Period]

    @property
    def unit(self) -> str:
        return self.periods[-1].unit

    @property
    def position(self) -> str:
        return self.periods[-1].position


@dataclass
class Draft:
    """A member of staff before the unit history is drawn."""

    unit: str
    position: str
    role: str  # head, deputy or staff
    gender: str
    family: str
    given: str
    birth_date: datetime.date
    hired: datetime.date

    @property
    def full_name(self) -> str:
        return f"{self.family} {self.given}"


@dataclass
class Plan:
    units: list[UnitPlan] = field(default_factory=list)
    persons: list[PersonPlan] = field(default_factory=list)


def _day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _allocate(rng: random.Random, staffed: list[tuple[str, Staffing]], target: int) -> list[tuple[int, int]]:
    """(deputies, others) per unit so that the headcount is exactly `target` (largest remainder method)."""
    deputies = [rng.randint(*staffing.deputies) for _, staffing in staffed]
    core = sum(1 + n + len(staffing.fixed) for n, (_, staffing) in zip(deputies, staffed, strict=True))
    free = target - core
    total_base = sum(staffing.base for _, staffing in staffed)
    if free < 0 or total_base == 0:
        raise ValueError(f"Cannot staff {len(staffed)} units with {target} people.")
    shares = [free * staffing.base / total_base for _, staffing in staffed]
    others = [int(share) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: (others[i] - shares[i], i))
    for i in by_remainder[: free - sum(others)]:
        others[i] += 1
    return list(zip(deputies, others, strict=True))


def _draft_person(rng: random.Random, unit: str, position: str, role: str, families: dict[str, float]) -> Draft:
    low, high, men = POSITION_PROFILES.get(position, DEFAULT_PROFILE)
    gender = Gender.MALE if rng.random() < men else Gender.FEMALE
    family, given = make_name(rng, gender, families)
    while f"{family} {given}" == RESERVED_NAME:
        family, given = make_name(rng, gender, families)
    age = rng.randint(low, high - 1)
    birth = datetime.date(REFERENCE_DATE.year - age - 1, 1, 1) + datetime.timedelta(days=rng.randrange(365))
    hired = datetime.date(birth.year + rng.randint(23, 28), 1, 1) + datetime.timedelta(days=rng.randrange(365))
    if hired > LATEST_HIRE:
        hired = LATEST_HIRE - datetime.timedelta(days=rng.randrange(150))
    return Draft(unit, position, role, gender, family, given, birth, hired)


def _draft_staff(
    rng: random.Random, staffed: list[tuple[str, Staffing]], target: int, families: dict[str, float] = FAMILY_NAMES
) -> list[Draft]:
    drafts = []
    for (unit, staffing), (deputies, others) in zip(staffed, _allocate(rng, staffed, target), strict=True):
        weights = FILLERS[staffing.filler]
        fillers = sorted(rng.choices(tuple(weights), weights=tuple(weights.values()), k=others))
        roles = [(staffing.head, "head")] + [(staffing.deputy, "deputy")] * deputies
        roles += [(position, "staff") for position in [*staffing.fixed, *fillers]]
        drafts.extend(_draft_person(rng, unit, position, role, families) for position, role in roles)
    return drafts


def _person(code: str, draft: Draft, periods: list[Period]) -> PersonPlan:
    for period in periods:
        period.is_manager = _manages(draft, period.position)
    return PersonPlan(
        code=code,
        full_name=draft.full_name,
        gender=draft.gender,
        birth_date=draft.birth_date,
        is_manager=draft.role != "staff",
        periods=periods,
    )


# The posts the history gives a manager before his current one, besides that one (`_HueHistory._head_or_deputy`,
# `_provincial`); his other earlier posts are a prosecutor's or an officer's ("Kiểm sát viên trung cấp", "Chuyên viên").
EARLIER_MANAGER_POSTS = frozenset({"Viện trưởng", "Phó Viện trưởng", "Phó Trưởng phòng"})


def _manages(draft: Draft, position: str) -> bool:
    """Whether a period in `position` of the drafted person is a leadership post: never for staff; for a head or
    a deputy, his own post and the leaders' posts the history draws for earlier years."""
    return draft.role != "staff" and (position == draft.position or position in EARLIER_MANAGER_POSTS)


def _transfer_note(rng: random.Random, on_date: datetime.date, issuer: str = "VKS") -> str:
    number = rng.randint(100, 2400)
    return f"Quyết định số {number}/QĐ-{issuer} ngày {on_date:%d/%m/%Y} về việc điều động cán bộ"


# --- Huế ---------------------------------------------------------------------------------------------------

# The phòng of a provincial procuracy, modelled on Huế (the same in every province of the national data set).
PROVINCE_DEPARTMENTS = (
    # code suffix, name, short name, filler, base headcount
    ("P1", "Phòng Thực hành quyền công tố và kiểm sát điều tra án hình sự", "Phòng Công tố, KSĐT án hình sự",
     "prosecution", 14),
    ("P2", "Phòng Kiểm sát xét xử phúc thẩm", "Phòng KSXX phúc thẩm", "prosecution", 9),
    ("P3", "Phòng Kiểm sát việc tạm giữ, tạm giam và thi hành án hình sự", "Phòng KS tạm giữ, tạm giam, THAHS",
     "prosecution", 6),
    ("P4", "Phòng Kiểm sát giải quyết các vụ, việc dân sự, hôn nhân và gia đình", "Phòng KS dân sự, HN&GĐ",
     "prosecution", 8),
    ("P5", "Phòng Kiểm sát giải quyết các vụ án hành chính, vụ việc kinh doanh, thương mại, lao động và những "
     "việc khác theo quy định của pháp luật", "Phòng KS hành chính, KDTM, lao động", "prosecution", 6),
    ("P6", "Phòng Kiểm sát thi hành án dân sự", "Phòng KS thi hành án dân sự", "prosecution", 6),
    ("P7", "Phòng Kiểm sát giải quyết khiếu nại, tố cáo trong hoạt động tư pháp", "Phòng KS khiếu nại, tố cáo",
     "prosecution", 5),
    ("P8", "Phòng Thống kê tội phạm và Chuyển đổi số", "Phòng Thống kê TP và CĐS", "statistics", 4),
)  # fmt: skip

# The district-level procuracies of Huế in the first half of 2025, closed by the reform (code suffix, name,
# place name, opened, closed, predecessors). TPHUE was the old city-level procuracy split into two quận.
HUE_DISTRICTS = (
    ("TPHUE", "Viện kiểm sát nhân dân thành phố Huế (thuộc tỉnh Thừa Thiên Huế)", "VKSND TP Huế (cũ)", "Huế",
     None, HUE_DISTRICTS_DATE - datetime.timedelta(days=1), ()),
    ("NAMDONG", "Viện kiểm sát nhân dân huyện Nam Đông", "VKSND huyện Nam Đông", "Nam Đông",
     None, HUE_DISTRICTS_DATE - datetime.timedelta(days=1), ()),
    ("PHUXUAN", "Viện kiểm sát nhân dân quận Phú Xuân", "VKSND quận Phú Xuân", "Phú Xuân",
     HUE_DISTRICTS_DATE, REFORM_DATE - datetime.timedelta(days=1), ("TPHUE",)),
    ("THUANHOA", "Viện kiểm sát nhân dân quận Thuận Hóa", "VKSND quận Thuận Hóa", "Thuận Hóa",
     HUE_DISTRICTS_DATE, REFORM_DATE - datetime.timedelta(days=1), ("TPHUE",)),
    ("PHONGDIEN", "Viện kiểm sát nhân dân thị xã Phong Điền", "VKSND thị xã Phong Điền", "Phong Điền",
     None, REFORM_DATE - datetime.timedelta(days=1), ()),
    ("QUANGDIEN", "Viện kiểm sát nhân dân huyện Quảng Điền", "VKSND huyện Quảng Điền", "Quảng Điền",
     None, REFORM_DATE - datetime.timedelta(days=1), ()),
    ("HUONGTRA", "Viện kiểm sát nhân dân thị xã Hương Trà", "VKSND thị xã Hương Trà", "Hương Trà",
     None, REFORM_DATE - datetime.timedelta(days=1), ()),
    ("HUONGTHUY", "Viện kiểm sát nhân dân thị xã Hương Thủy", "VKSND thị xã Hương Thủy", "Hương Thủy",
     None, REFORM_DATE - datetime.timedelta(days=1), ()),
    ("PHUVANG", "Viện kiểm sát nhân dân huyện Phú Vang", "VKSND huyện Phú Vang", "Phú Vang",
     None, REFORM_DATE - datetime.timedelta(days=1), ()),
    ("PHULOC", "Viện kiểm sát nhân dân huyện Phú Lộc", "VKSND huyện Phú Lộc", "Phú Lộc",
     None, REFORM_DATE - datetime.timedelta(days=1), ("NAMDONG",)),
    ("ALUOI", "Viện kiểm sát nhân dân huyện A Lưới", "VKSND huyện A Lưới", "A Lưới",
     None, REFORM_DATE - datetime.timedelta(days=1), ()),
)  # fmt: skip
# Districts that existed from before the transfer window until the reform: origins of earlier transfers.
HUE_LONG_LIVED = ("PHONGDIEN", "QUANGDIEN", "HUONGTRA", "HUONGTHUY", "PHUVANG", "PHULOC", "ALUOI")

# The khu vực: number, predecessor district, remote area, internal layout, base headcount.
# "full": Văn phòng and two phòng; "office": Văn phòng only; "flat": no internal units.
HUE_REGIONS = (
    (1, "PHUXUAN", False, "full", 0),
    (2, "THUANHOA", False, "full", 0),
    (3, "PHONGDIEN", False, "flat", 12),
    (4, "QUANGDIEN", False, "flat", 10),
    (5, "HUONGTRA", False, "flat", 11),
    (6, "HUONGTHUY", False, "office", 10),
    (7, "PHUVANG", False, "office", 11),
    (8, "PHULOC", False, "flat", 12),
    (9, "PHULOC", True, "flat", 7),  # the mountainous former Nam Đông district, merged into Phú Lộc in 2025
    (10, "ALUOI", True, "flat", 9),  # A Lưới, on the Lao border
)
REGION_DEPARTMENTS = (
    ("P1", "Phòng Thực hành quyền công tố, kiểm sát điều tra và kiểm sát xét xử hình sự", "Phòng Hình sự", 9),
    ("P2", "Phòng Kiểm sát dân sự, hành chính và thi hành án", f"Phòng Dân sự {DASH} Hành chính", 6),
)

OFFICE = Staffing(
    "Chánh Văn phòng",
    "Phó Chánh Văn phòng",
    deputies=(2, 2),
    fixed=("Chuyên viên", "Kế toán", "Kế toán", "Văn thư", "Lái xe", "Lái xe", "Lái xe"),
    filler="office",
    base=11,
)
REGION_OFFICE = Staffing(
    "Chánh Văn phòng", "Phó Chánh Văn phòng", deputies=(1, 1), fixed=("Chuyên viên", "Kế toán", "Lái xe"),
    filler="office", base=1,
)  # fmt: skip


def _province_units(code: str, name: str, place: str) -> list[UnitPlan]:
    """The provincial procuracy with its Văn phòng and phòng nghiệp vụ."""
    units = [UnitPlan(code, f"Viện kiểm sát nhân dân {name}", f"VKSND {name}", UnitLevel.PROVINCIAL, SUPREME, place)]
    units.append(UnitPlan(f"{code}-VP", "Văn phòng", "Văn phòng", UnitLevel.DEPARTMENT, code, place))
    units.extend(
        UnitPlan(f"{code}-{suffix}", dept_name, short, UnitLevel.DEPARTMENT, code, place)
        for suffix, dept_name, short, _, _ in PROVINCE_DEPARTMENTS
    )
    return units


def _province_staffing(code: str, *, deputies: int = 3) -> list[tuple[str, Staffing]]:
    lead = Staffing("Viện trưởng", "Phó Viện trưởng", deputies=(deputies, deputies))
    staffed = [(code, lead), (f"{code}-VP", OFFICE)]
    for suffix, _, _, filler, base in PROVINCE_DEPARTMENTS:
        fixed = ("Chuyên viên",) if filler == "statistics" else ()
        staffing = Staffing("Trưởng phòng", "Phó Trưởng phòng", fixed=fixed, filler=filler, base=base)
        staffed.append((f"{code}-{suffix}", staffing))
    return staffed


def _region_units(
    province: str, place: str, number: int, layout: str, *, remote: bool, predecessors: tuple[str, ...] = ()
) -> list[UnitPlan]:
    code = f"{province}-KV{number}"
    name = f"khu vực {number} {DASH} {place}"
    units = [
        UnitPlan(
            code, f"Viện kiểm sát nhân dân {name}", f"VKSND {name}", UnitLevel.REGIONAL, province, place,
            is_remote_area=remote, valid_from=REFORM_DATE, predecessors=predecessors,
        )
    ]  # fmt: skip
    if layout in ("full", "office"):
        units.append(UnitPlan(f"{code}-VP", "Văn phòng", "Văn phòng", UnitLevel.DEPARTMENT, code, place,
                              valid_from=REFORM_DATE))  # fmt: skip
    if layout == "full":
        units.extend(
            UnitPlan(f"{code}-{suffix}", dept_name, short, UnitLevel.DEPARTMENT, code, place, valid_from=REFORM_DATE)
            for suffix, dept_name, short, _ in REGION_DEPARTMENTS
        )
    return units


def _region_staffing(code: str, layout: str, base: int) -> list[tuple[str, Staffing]]:
    if layout == "flat":
        flat = Staffing(
            "Viện trưởng", "Phó Viện trưởng", fixed=("Kế toán", "Văn thư", "Lái xe"), filler="regional", base=base
        )
        return [(code, flat)]
    lead = Staffing("Viện trưởng", "Phó Viện trưởng", deputies=(2, 2), filler="regional", base=base)
    staffed = [(code, lead), (f"{code}-VP", REGION_OFFICE)]
    if layout == "full":
        staffed.extend(
            (f"{code}-{suffix}", Staffing("Trưởng phòng", "Phó Trưởng phòng", deputies=(1, 1), filler="regional",
                                          base=dept_base))
            for suffix, _, _, dept_base in REGION_DEPARTMENTS
        )  # fmt: skip
    return staffed


def _hue_units() -> tuple[list[UnitPlan], list[tuple[str, Staffing]]]:
    units = [UnitPlan(SUPREME, "Viện kiểm sát nhân dân tối cao", "VKSND tối cao", UnitLevel.SUPREME, None, "Hà Nội")]
    units.extend(_province_units(HUE, "thành phố Huế", "Huế"))
    staffed = _province_staffing(HUE)
    for suffix, name, short, place, opened, closed, predecessors in HUE_DISTRICTS:
        units.append(
            UnitPlan(
                f"{HUE}-{suffix}", name, short, UnitLevel.REGIONAL, HUE, place, valid_from=opened, valid_to=closed,
                is_remote_area=suffix in ("NAMDONG", "ALUOI"), predecessors=tuple(f"{HUE}-{p}" for p in predecessors),
            )
        )  # fmt: skip
    for number, district, remote, layout, base in HUE_REGIONS:
        units.extend(_region_units(HUE, "Huế", number, layout, remote=remote, predecessors=(f"{HUE}-{district}",)))
        staffed.extend(_region_staffing(f"{HUE}-KV{number}", layout, base))
    return units, staffed


class _HueHistory:
    """Draws the unit history of Huế staff: the district procuracies before the reform, and earlier transfers."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.heads_taken: set[str] = set()  # one Viện trưởng per former unit, so histories do not contradict

    def periods(self, draft: Draft) -> list[Period]:
        region = draft.unit.split("-")[2] if draft.unit.count("-") >= 2 else ""
        if region.startswith("KV"):
            return self._regional(draft, int(region[2:]))
        return self._provincial(draft)

    def _head_or_deputy(self, unit: str, position: str) -> str:
        if position != "Viện trưởng":
            return position
        if unit in self.heads_taken or self.rng.random() < 0.3:
            return "Phó Viện trưởng"
        self.heads_taken.add(unit)
        return position

    def _before_reform(self, draft: Draft) -> str:
        if draft.role == "staff" or draft.unit.count("-") == 2:  # staff, and the khu vực's own leaders
            return draft.position
        # Heads of the new internal units were prosecutors or officers of the district procuracy.
        return "Chuyên viên" if draft.unit.endswith("-VP") else "Kiểm sát viên trung cấp"

    def _regional(self, draft: Draft, number: int) -> list[Period]:
        current = Period(draft.unit, draft.position, max(draft.hired, REFORM_DATE), NOTE_REFORM)
        if draft.hired >= REFORM_DATE:
            current.note = NOTE_HIRED
            return [current]
        district = HUE_REGIONS[number - 1][1]
        earlier = None
        if district in ("PHUXUAN", "THUANHOA"):
            earlier = "TPHUE"
        elif number == 9 and self.rng.random() < 0.6:
            earlier = "NAMDONG"
        before = self._before_reform(draft)
        periods = []
        if earlier and draft.hired < HUE_DISTRICTS_DATE:
            unit = f"{HUE}-{earlier}"
            periods.append(Period(unit, self._head_or_deputy(unit, before), draft.hired, NOTE_HIRED))
            unit = f"{HUE}-{district}"
            periods.append(Period(unit, self._head_or_deputy(unit, before), HUE_DISTRICTS_DATE, NOTE_HUE_DISTRICTS))
        else:
            unit = f"{HUE}-{district}"
            periods.append(Period(unit, self._head_or_deputy(unit, before), draft.hired, NOTE_HIRED))
        return [*periods, current]

    def _provincial(self, draft: Draft) -> list[Period]:
        rng = self.rng
        hired = Period(draft.unit, draft.position, draft.hired, NOTE_HIRED)
        chance = 0.2 if draft.role == "staff" else 0.6  # managers rotate more often
        earliest = max(TRANSFERS_FROM, draft.hired + datetime.timedelta(days=180))
        if (draft.role == "head" and draft.unit == HUE) or earliest >= REFORM_DATE or rng.random() >= chance:
            return [hired]
        on_date = _day_between(rng, earliest, REFORM_DATE - datetime.timedelta(days=1))
        districts = list(HUE_LONG_LIVED) + (["TPHUE"] if on_date < HUE_DISTRICTS_DATE else [])
        departments = [f"{HUE}-{suffix}" for suffix, *_ in PROVINCE_DEPARTMENTS if f"{HUE}-{suffix}" != draft.unit]
        if draft.role == "staff":
            if rng.random() < 0.6:
                origin = f"{HUE}-{rng.choice(districts)}"
                position = DISTRICT_GRADE.get(draft.position, draft.position)
            else:
                offices = [f"{HUE}-VP"] if draft.unit != f"{HUE}-VP" else []
                origin, position = rng.choice([*departments, *offices]), draft.position
        elif draft.unit == HUE or rng.random() < 0.5:
            # Rotation (luân chuyển): a district head comes to lead at the province.
            origin = f"{HUE}-{rng.choice(districts)}"
            position = self._head_or_deputy(origin, "Viện trưởng")
        else:
            origin, position = rng.choice(departments), "Phó Trưởng phòng"
        return [
            Period(origin, position, draft.hired, NOTE_HIRED),
            Period(draft.unit, draft.position, on_date, _transfer_note(rng, on_date)),
        ]


def plan_province() -> Plan:
    """Huế after the 2025 reform, under the national root: about 40 units and exactly 300 staff."""
    rng = random.Random(f"{SEED}:{HUE}")
    units, staffed = _hue_units()
    drafts = _draft_staff(rng, staffed, PROVINCE_STAFF, HUE_FAMILY_NAMES)
    _place_reserved_person(drafts)
    history = _HueHistory(rng)
    persons = [_person(f"CB-HUE-{i:05d}", draft, history.periods(draft)) for i, draft in enumerate(drafts, 1)]
    return Plan(units, persons)


def _place_reserved_person(drafts: list[Draft]) -> None:
    """Nguyễn Thị Thanh Hằng: a mid-career prosecutor of khu vực 1 with a three-step history."""
    unit = f"{HUE}-KV1-P1"
    staff = [d for d in drafts if d.unit == unit and d.role == "staff"]
    candidates = [d for d in staff if d.position == "Kiểm sát viên trung cấp"] or staff
    draft = next((d for d in candidates if d.gender == Gender.FEMALE), candidates[0])
    draft.gender, draft.family, draft.given = Gender.FEMALE, "Nguyễn Thị Thanh", "Hằng"
    draft.position = "Kiểm sát viên trung cấp"
    draft.birth_date, draft.hired = datetime.date(1984, 8, 19), datetime.date(2008, 9, 15)


# --- The sector --------------------------------------------------------------------------------------------

# The 34 provincial procuracies of NQ 84/2025/UBTVQH15: code, name after "VKSND", place name, number of khu vực
# (355 in all; the split per province is illustrative), mountainous (more remote-area units).
PROVINCES = (
    ("HNI", "thành phố Hà Nội", "Hà Nội", 22, False),
    ("HCM", "Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh", 24, False),
    ("HPG", "thành phố Hải Phòng", "Hải Phòng", 11, False),
    ("DNG", "thành phố Đà Nẵng", "Đà Nẵng", 10, False),
    ("CTO", "thành phố Cần Thơ", "Cần Thơ", 10, False),
    ("HUE", "thành phố Huế", "Huế", 10, False),
    ("CBG", "tỉnh Cao Bằng", "Cao Bằng", 8, True),
    ("DBN", "tỉnh Điện Biên", "Điện Biên", 7, True),
    ("HTH", "tỉnh Hà Tĩnh", "Hà Tĩnh", 9, False),
    ("LCU", "tỉnh Lai Châu", "Lai Châu", 6, True),
    ("LSN", "tỉnh Lạng Sơn", "Lạng Sơn", 8, True),
    ("NAN", "tỉnh Nghệ An", "Nghệ An", 12, True),
    ("QNH", "tỉnh Quảng Ninh", "Quảng Ninh", 10, False),
    ("THA", "tỉnh Thanh Hóa", "Thanh Hóa", 13, True),
    ("SLA", "tỉnh Sơn La", "Sơn La", 9, True),
    ("TQG", "tỉnh Tuyên Quang", "Tuyên Quang", 10, True),
    ("LCI", "tỉnh Lào Cai", "Lào Cai", 10, True),
    ("TNN", "tỉnh Thái Nguyên", "Thái Nguyên", 9, True),
    ("PTO", "tỉnh Phú Thọ", "Phú Thọ", 11, True),
    ("BNH", "tỉnh Bắc Ninh", "Bắc Ninh", 10, False),
    ("HYN", "tỉnh Hưng Yên", "Hưng Yên", 10, False),
    ("NBH", "tỉnh Ninh Bình", "Ninh Bình", 10, False),
    ("QTI", "tỉnh Quảng Trị", "Quảng Trị", 10, True),
    ("QNI", "tỉnh Quảng Ngãi", "Quảng Ngãi", 10, True),
    ("GLI", "tỉnh Gia Lai", "Gia Lai", 10, True),
    ("KHA", "tỉnh Khánh Hòa", "Khánh Hòa", 8, False),
    ("LDG", "tỉnh Lâm Đồng", "Lâm Đồng", 10, True),
    ("DLK", "tỉnh Đắk Lắk", "Đắk Lắk", 10, True),
    ("DNI", "tỉnh Đồng Nai", "Đồng Nai", 10, False),
    ("TNH", "tỉnh Tây Ninh", "Tây Ninh", 10, False),
    ("VLG", "tỉnh Vĩnh Long", "Vĩnh Long", 10, False),
    ("DTP", "tỉnh Đồng Tháp", "Đồng Tháp", 10, False),
    ("CMU", "tỉnh Cà Mau", "Cà Mau", 8, False),
    ("AGG", "tỉnh An Giang", "An Giang", 10, False),
)

_NUMBERED = ("Phòng 1", "Phòng 2", "Phòng 3", "Phòng 4")
# The working apparatus of VKSTC under NQ 1745 (domain-rules §7): code suffix, name, head, deputy, filler,
# internal units. The Ủy ban kiểm sát is a collegial body, not a unit with staff of its own.
SUPREME_DEPARTMENTS = (
    ("VP", "Văn phòng Viện kiểm sát nhân dân tối cao", "Chánh Văn phòng", "Phó Chánh Văn phòng", "office",
     ("Phòng Tổng hợp", f"Phòng Thi đua {DASH} Khen thưởng", f"Phòng Hành chính {DASH} Văn thư {DASH} Lưu trữ",
      "Phòng Quản trị")),
    ("V1", "Vụ Công tố và Kiểm sát điều tra án an ninh", "Vụ trưởng", "Phó Vụ trưởng", "supreme", _NUMBERED[:3]),
    ("V2", "Vụ Công tố và Kiểm sát điều tra án trật tự xã hội", "Vụ trưởng", "Phó Vụ trưởng", "supreme",
     _NUMBERED[:3]),
    ("V3", "Vụ Công tố và Kiểm sát điều tra án kinh tế, tham nhũng", "Vụ trưởng", "Phó Vụ trưởng", "supreme",
     _NUMBERED),
    ("V4", "Vụ Công tố và Kiểm sát điều tra án ma túy", "Vụ trưởng", "Phó Vụ trưởng", "supreme", _NUMBERED[:3]),
    ("V5", "Vụ Công tố và Kiểm sát điều tra án tư pháp", "Vụ trưởng", "Phó Vụ trưởng", "supreme", _NUMBERED[:3]),
    ("V6", "Vụ Công tố và Kiểm sát xét xử hình sự", "Vụ trưởng", "Phó Vụ trưởng", "supreme", _NUMBERED[:3]),
    ("PTHN", "Viện Công tố và Kiểm sát xét xử phúc thẩm tại Hà Nội", "Viện trưởng", "Phó Viện trưởng", "supreme",
     ("Văn phòng", *_NUMBERED[:3])),
    ("PTDN", "Viện Công tố và Kiểm sát xét xử phúc thẩm tại Đà Nẵng", "Viện trưởng", "Phó Viện trưởng", "supreme",
     ("Văn phòng", *_NUMBERED[:3])),
    ("PTHCM", "Viện Công tố và Kiểm sát xét xử phúc thẩm tại Thành phố Hồ Chí Minh", "Viện trưởng",
     "Phó Viện trưởng", "supreme", ("Văn phòng", *_NUMBERED[:3])),
    ("CQDT", "Cơ quan điều tra Viện kiểm sát nhân dân tối cao", "Thủ trưởng", "Phó Thủ trưởng", "investigation",
     ("Văn phòng", "Phòng Điều tra 1", "Phòng Điều tra 2", "Phòng Điều tra 3")),
    ("V8", "Vụ Kiểm sát giam giữ và thi hành án hình sự", "Vụ trưởng", "Phó Vụ trưởng", "supreme", _NUMBERED[:3]),
    ("V9", "Vụ Kiểm sát án dân sự", "Vụ trưởng", "Phó Vụ trưởng", "supreme", _NUMBERED[:3]),
    ("V10", "Vụ Kiểm sát án hành chính, kinh doanh thương mại", "Vụ trưởng", "Phó Vụ trưởng", "supreme",
     _NUMBERED[:3]),
    ("V11", "Vụ Kiểm sát thi hành án dân sự", "Vụ trưởng", "Phó Vụ trưởng", "supreme", _NUMBERED[:2]),
    ("V12", "Vụ Kiểm sát giải quyết khiếu nại, tố cáo về tư pháp", "Vụ trưởng", "Phó Vụ trưởng", "supreme",
     _NUMBERED[:3]),
    ("V13", "Vụ Hợp tác quốc tế và tương trợ tư pháp về hình sự", "Vụ trưởng", "Phó Vụ trưởng", "supreme",
     _NUMBERED[:3]),
    ("V14", "Vụ Pháp chế", "Vụ trưởng", "Phó Vụ trưởng", "supreme", _NUMBERED[:2]),
    ("V15", "Vụ Tổ chức cán bộ", "Vụ trưởng", "Phó Vụ trưởng", "office",
     ("Phòng Tổ chức", "Phòng Cán bộ", "Phòng Đào tạo, bồi dưỡng", "Phòng Chế độ, chính sách")),
    ("C2", "Cục Thống kê tội phạm và chuyển đổi số", "Cục trưởng", "Phó Cục trưởng", "statistics",
     ("Phòng Thống kê tội phạm", "Phòng Chuyển đổi số", "Phòng Quản trị hệ thống")),
    ("C3", "Cục Tài chính", "Cục trưởng", "Phó Cục trưởng", "finance",
     ("Phòng Kế hoạch, tài chính", "Phòng Kế toán", "Phòng Đầu tư xây dựng")),
    ("TTR", "Thanh tra Viện kiểm sát nhân dân tối cao", "Chánh Thanh tra", "Phó Chánh Thanh tra", "supreme",
     _NUMBERED[:3]),
    ("DHKS", "Trường Đại học Kiểm sát", "Hiệu trưởng", "Phó Hiệu trưởng", "school",
     ("Phòng Đào tạo", f"Phòng Tổ chức {DASH} Hành chính", "Khoa Luật hình sự", "Khoa Kỹ năng kiểm sát")),
    ("VKH", "Viện Khoa học kiểm sát", "Viện trưởng", "Phó Viện trưởng", "research",
     ("Phòng Nghiên cứu khoa học", "Phòng Thông tin khoa học", "Tạp chí Kiểm sát")),
    ("BVPL", "Báo Bảo vệ pháp luật", "Tổng Biên tập", "Phó Tổng Biên tập", "press",
     ("Ban Thư ký tòa soạn", "Ban Thời sự", "Ban Điện tử")),
    ("VKSQS", "Viện kiểm sát quân sự trung ương", "Viện trưởng", "Phó Viện trưởng", "supreme", ()),
)  # fmt: skip


def _supreme_units() -> tuple[list[UnitPlan], list[tuple[str, Staffing]]]:
    units: list[UnitPlan] = []
    staffed = [(SUPREME, Staffing("Viện trưởng", "Phó Viện trưởng", deputies=(5, 5)))]
    for suffix, name, head, deputy, filler, internal in SUPREME_DEPARTMENTS:
        code = f"{SUPREME}-{suffix}"
        level = UnitLevel.OTHER if suffix == "VKSQS" else UnitLevel.DEPARTMENT
        units.append(UnitPlan(code, name, "", level, SUPREME, "Hà Nội"))
        staffed.append((code, Staffing(head, deputy, deputies=(2, 3), filler=filler, base=2 if internal else 20)))
        for i, internal_name in enumerate(internal, 1):
            units.append(UnitPlan(f"{code}-P{i}", internal_name, "", UnitLevel.DEPARTMENT, code, "Hà Nội"))
            internal_head, internal_deputy = _titles(internal_name)
            staffed.append((f"{code}-P{i}", Staffing(internal_head, internal_deputy, filler=filler, base=9)))
    return units, staffed


def _other_province(
    rng: random.Random, code: str, name: str, place: str, regions: int, *, mountainous: bool
) -> tuple[list[UnitPlan], list[tuple[str, Staffing]]]:
    unit_code = f"VKS-{code}"
    units = _province_units(unit_code, name, place)
    staffed = _province_staffing(unit_code, deputies=4 if regions > 20 else 3)
    for number in range(1, regions + 1):
        layout = "full" if number <= 2 else "flat"
        remote = number > 1 and rng.random() < (0.45 if mountainous else 0.05)
        units.extend(_region_units(unit_code, place, number, layout, remote=remote))
        staffed.extend(_region_staffing(f"{unit_code}-KV{number}", layout, 9 if remote else 12))
    return units, staffed


def _moved_once(rng: random.Random, draft: Draft, peers: list[str], *, issuer: str) -> list[Period]:
    """One earlier unit for about one person in ten: a transfer within the same procuracy."""
    regional = "-KV" in draft.unit
    if regional and draft.hired < REFORM_DATE:
        # The khu vực exist since the reform; their staff's district years are not part of this data set.
        current = Period(draft.unit, draft.position, REFORM_DATE, NOTE_REFORM)
    else:
        current = Period(draft.unit, draft.position, draft.hired, NOTE_HIRED)
    first = REFORM_DATE if regional else TRANSFERS_FROM
    earliest = max(first, draft.hired + datetime.timedelta(days=180))
    if earliest >= LATEST_HIRE or rng.random() >= 0.1:
        return [current]
    origin = rng.choice([unit for unit in peers if unit != draft.unit])
    on_date = _day_between(rng, earliest, LATEST_HIRE)
    position = draft.position if draft.role == "staff" else "Kiểm sát viên trung cấp"
    return [
        Period(origin, position, draft.hired, NOTE_HIRED),
        Period(draft.unit, draft.position, on_date, _transfer_note(rng, on_date, issuer)),
    ]


def plan_nation() -> Plan:
    """The whole sector for benchmarks: Huế exactly as `plan_province`, VKSTC and 33 other provinces."""
    plan = plan_province()
    rng = random.Random(f"{SEED}:nation")
    supreme_units, supreme_staffed = _supreme_units()
    plan.units.extend(supreme_units)
    groups = [(f"{SUPREME}-", "VKSTC", supreme_staffed)]
    for code, name, place, regions, mountainous in PROVINCES:
        if code == "HUE":
            continue
        units, staffed = _other_province(rng, code, name, place, regions, mountainous=mountainous)
        plan.units.extend(units)
        groups.append((f"VKS-{code}", "VKS", staffed))
    all_staffed = [entry for _, _, staffed in groups for entry in staffed]
    drafts = _draft_staff(rng, all_staffed, NATION_STAFF - len(plan.persons))
    group_of = {unit: (prefix, issuer) for prefix, issuer, staffed in groups for unit, _ in staffed}
    provincial_peers: dict[str, list[str]] = {}
    for prefix, _, staffed in groups:
        # Earlier units are taken among the procuracy's own long-standing units (not the new khu vực).
        provincial_peers[prefix] = [unit for unit, _ in staffed if "-KV" not in unit]
    counters: dict[str, int] = {}
    for draft in drafts:
        prefix, issuer = group_of[draft.unit]
        counters[prefix] = counters.get(prefix, 0) + 1
        person_prefix = "CB-TC" if prefix.startswith(SUPREME) else f"CB-{prefix.removeprefix('VKS-')}"
        periods = _moved_once(rng, draft, provincial_peers[prefix], issuer=issuer)
        plan.persons.append(_person(f"{person_prefix}-{counters[prefix]:05d}", draft, periods))
    return plan


# --- Demo accounts -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    unit: str | None
    # The member of staff whose name the account carries: (unit code, position).
    person: tuple[str, str]
    is_superuser: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("admin", Role.ADMIN, None, (f"{HUE}-P8", "Chuyên viên"), is_superuser=True),
    DemoAccount("vanthu", Role.CLERK, HUE, (f"{HUE}-VP", "Chuyên viên")),
    DemoAccount("vanthu_kv1", Role.CLERK, f"{HUE}-KV1", (f"{HUE}-KV1-VP", "Chuyên viên")),
    DemoAccount("lanhdao", Role.LEADER, HUE, (HUE, "Viện trưởng")),
    DemoAccount("thuky", Role.COUNCIL_SECRETARY, HUE, (f"{HUE}-VP", "Phó Chánh Văn phòng")),
    DemoAccount("hoidong", Role.COUNCIL_MEMBER, HUE, (HUE, "Phó Viện trưởng")),
)


@dataclass
class AccountResult:
    username: str
    password: str
    role: str
    scope: str
    full_name: str
    created: bool


@dataclass
class SeedResult:
    scale: str
    units_created: int = 0
    units_existing: int = 0
    units_closed: int = 0
    persons_created: int = 0
    persons_existing: int = 0
    transfers: int = 0
    accounts: list[AccountResult] = field(default_factory=list)


def _name_parts(full_name: str) -> tuple[str, str]:
    family, _, given = full_name.rpartition(" ")
    return family, given


def _seed_accounts(plan: Plan, units: dict[str, Unit], result: SeedResult) -> None:
    user_model = get_user_model()
    password_hash = None  # hashing is slow on purpose: do it once, and only if an account is new
    for account in DEMO_ACCOUNTS:
        unit_code, position = account.person
        person = next(p for p in plan.persons if p.unit == unit_code and p.position == position)
        user = user_model.objects.filter(username=account.username).first()
        created = user is None
        if created:
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            family, given = _name_parts(person.full_name)
            # Django's first_name is the given name (tên); last_name holds the family and middle names.
            user = user_model(
                username=account.username, first_name=given, last_name=family, password=password_hash,
                is_staff=account.is_superuser, is_superuser=account.is_superuser,
            )  # fmt: skip
            user.save()
        scope = units[account.unit] if account.unit else None
        services.role_assign(user=user, role=account.role, unit=scope)
        result.accounts.append(
            AccountResult(
                username=account.username,
                # An existing account keeps whatever password it has now.
                password=DEMO_PASSWORD if created else f"{DEMO_PASSWORD} (nếu chưa đổi)",
                role=str(Role(account.role).label),
                scope=str(scope) if scope else "Toàn hệ thống",
                full_name=person.full_name,
                created=created,
            )
        )


# --- Applying the plan -------------------------------------------------------------------------------------


def _apply_units(plan: Plan, result: SeedResult) -> tuple[dict[str, Unit], set[str]]:
    units = {unit.code: unit for unit in Unit.objects.all()}
    created = set()
    for spec in plan.units:
        if spec.code in units:
            result.units_existing += 1
            continue
        unit = Unit(
            code=spec.code, name=spec.name, short_name=spec.short_name, level=spec.level,
            parent=units[spec.parent] if spec.parent else None, place_name=spec.place_name,
            is_remote_area=spec.is_remote_area, valid_from=spec.valid_from,
        )  # fmt: skip
        units[spec.code] = services.unit_save(unit=unit)
        created.add(spec.code)
        result.units_created += 1
    through = Unit.predecessors.through
    linked = set(through.objects.values_list("from_unit__code", "to_unit__code"))
    for spec in plan.units:
        missing = [units[p] for p in spec.predecessors if (spec.code, p) not in linked]
        if missing:
            units[spec.code].predecessors.add(*missing)
    return units, created


def _close_units(plan: Plan, units: dict[str, Unit], created: set[str], result: SeedResult) -> None:
    """Close the former units created by this run, now that their staff have moved on; others are left alone."""
    for spec in plan.units:
        if spec.valid_to and spec.code in created:
            units[spec.code] = services.unit_close(unit=units[spec.code], on_date=spec.valid_to)
            result.units_closed += 1


def _statistics_rank(unit: Unit, period: Period, levels: dict[int, str]) -> str:
    """The rank of the Home Affairs forms a clerk states for a post (`units.ranks.post_rank`: the Viện trưởng and
    deputies of VKSND tối cao rank with a ministry's leaders, those of a provincial procuracy and the heads of
    VKSND tối cao's own units with the heads of a ministry's or a province's departments); blank for a division's
    manager and for staff, whom the manager flag already ranks. `levels`: unit id → level, for the parent's."""
    rank = post_rank(
        position=period.position,
        is_manager=period.is_manager,
        unit_level=unit.level,
        parent_level=levels.get(unit.parent_id),
    )
    return rank.value if rank in (ManagementRank.PROVINCE, ManagementRank.DEPARTMENT) else ""


def _new_person(spec: PersonPlan, unit: Unit, period: Period, *, management_rank: str = "") -> Person:
    return Person(
        code=spec.code, full_name=spec.full_name, gender=spec.gender, birth_date=spec.birth_date,
        position=period.position, is_manager=period.is_manager, management_rank=management_rank, unit=unit,
        **person_details(spec.code, spec.position, spec.is_manager),
    )  # fmt: skip


def _apply_persons_one_by_one(persons: list[PersonPlan], units: dict[str, Unit], result: SeedResult) -> None:
    """Through the services, as a clerk would: every history row is written as in real use."""
    levels = {unit.pk: unit.level for unit in units.values()}
    for spec in persons:
        first, *moves = spec.periods
        rank = _statistics_rank(units[first.unit], first, levels)
        person = _new_person(spec, units[first.unit], first, management_rank=rank)
        services.person_save(person=person, start_date=first.start, note=first.note)
        for period in moves:
            person = services.person_transfer(
                person=person, to_unit=units[period.unit], on_date=period.start, position=period.position,
                is_manager=period.is_manager, note=period.note,
            )  # fmt: skip
            result.transfers += 1
        # A transfer leaves the rank blank: the clerk states the new post's.
        if moves and (rank := _statistics_rank(units[moves[-1].unit], moves[-1], levels)):
            person.management_rank = rank
            services.person_save(person=person)


def _apply_persons_in_bulk(persons: list[PersonPlan], units: dict[str, Unit], result: SeedResult) -> None:
    """The same rows as the services write, in a few bulk inserts (tens of thousands of staff)."""
    rows = []
    levels = {unit.pk: unit.level for unit in units.values()}
    for spec in persons:
        current = spec.periods[-1]
        unit = units[current.unit]
        person = _new_person(spec, unit, current, management_rank=_statistics_rank(unit, current, levels))
        person.search_text = fold(f"{spec.full_name} {spec.code}")  # Person.save is bypassed by bulk_create
        rows.append(person)
    created = bulk_create_with_history(rows, Person, batch_size=BULK_BATCH)
    assignments = []
    for spec, person in zip(persons, created, strict=True):
        for period, following in zip(spec.periods, [*spec.periods[1:], None], strict=True):
            end = following.start - datetime.timedelta(days=1) if following else None
            assignments.append(
                Assignment(person=person, unit=units[period.unit], position=period.position,
                           is_manager=period.is_manager, start_date=period.start, end_date=end, note=period.note)
            )  # fmt: skip
        result.transfers += len(spec.periods) - 1
    bulk_create_with_history(assignments, Assignment, batch_size=BULK_BATCH)


@transaction.atomic
def seed_demo(*, scale: str = "province") -> SeedResult:
    """Create the demo units, staff and accounts that do not exist yet (matched on their codes).

    `province`: Huế, through the services (about 40 units, 300 staff). `nation`: the whole sector for benchmarks
    (about 1,000 units, 20,000 staff) with staff and unit history written in bulk.
    """
    if scale not in ("province", "nation"):
        raise ValueError(f"Unknown scale {scale!r}.")
    plan = plan_province() if scale == "province" else plan_nation()
    result = SeedResult(scale=scale)
    units, created = _apply_units(plan, result)
    existing = set(Person.objects.values_list("code", flat=True))
    missing = [spec for spec in plan.persons if spec.code not in existing]
    result.persons_created, result.persons_existing = len(missing), len(plan.persons) - len(missing)
    if scale == "province":
        _apply_persons_one_by_one(missing, units, result)
    else:
        _apply_persons_in_bulk(missing, units, result)
    _close_units(plan, units, created, result)
    _seed_accounts(plan, units, result)
    return result
