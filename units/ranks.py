"""The statistics rank of staff (`units.enums.ManagementRank`): the breakdown of individuals in the Home Affairs
forms 0602 and 0603 (Thông tư 02/2023/TT-BNV), read from a person's record and from the posts of his unit history.

The forms split individuals into "lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên" (the leaders of a ministry or a
province: ministers and their deputies, the chairs of provincial People's Committees), "lãnh đạo cấp vụ, sở, ngành
và tương đương" (the heads and deputies of a ministry's departments and of a province's departments), "các cấp lãnh
đạo khác từ phó phòng trở lên" and "người trực tiếp công tác". The procuracy's posts rank with them as follows
(`post_rank`), by the body each post leads:

- **province** (ministry level and above): the Viện trưởng and the Phó Viện trưởng of VKSND tối cao, a central body
  of the rank of a ministry whose deputies rank with deputy ministers.
- **department** (vụ, sở level): the heads and deputies of VKSND tối cao's own units (Vụ, Cục, Văn phòng, Viện…,
  the units directly under it), and the Viện trưởng and Phó Viện trưởng of a VKSND cấp cao or a VKSND cấp tỉnh. A
  provincial procuracy is a body at the province's level like a Sở, not the province's leadership: its Viện
  trưởng ranks with a director of a provincial department, so he is "cấp vụ, sở", not "cấp tỉnh".
- **manager** (from deputy head of a division up): the heads and deputies of the divisions (phòng) of those bodies,
  and the Viện trưởng and Phó Viện trưởng of a VKSND khu vực, which the 2025 reform set under the provincial
  procuracy at the level of its divisions; any other post flagged as managing.
- **worker**: a post not flagged as managing (Kiểm sát viên, Chuyên viên, …).

A person's record may state the rank (`Person.management_rank`, set by a clerk or an import); blank, it is read
from the manager flag (`record_rank`), as the field's help text says.
"""

from units.common.text import fold
from units.enums import ManagementRank, UnitLevel

# Posts that head or deputise a procuracy itself: "Viện trưởng", "Phó Viện trưởng", "Quyền Viện trưởng".
_PROCURACY_HEAD = "vien truong"
# Posts of a division's head or deputy, wherever the unit history files them.
_DIVISION_POSTS = ("truong phong", "pho truong phong")
# Procuracies whose Viện trưởng and deputies rank with the heads of a ministry's or a province's departments.
_DEPARTMENT_RANK_PROCURACIES = (UnitLevel.HIGH, UnitLevel.PROVINCIAL)
_INNER_LEVELS = (UnitLevel.DEPARTMENT, UnitLevel.OTHER)


def record_rank(management_rank: str, is_manager: bool) -> ManagementRank:
    """The rank a person's record gives: the stated one, else a manager (from deputy head of a division up) when
    the record says he holds a managing post, else a direct worker."""
    if management_rank:
        return ManagementRank(management_rank)
    return ManagementRank.MANAGER if is_manager else ManagementRank.WORKER


def post_rank(
    *, position: str, is_manager: bool | None, unit_level: str, parent_level: str | None = None
) -> ManagementRank | None:
    """The rank of a post: its title (`position`), its manager flag, and the level of the unit it is in and of
    that unit's parent (see the module's docstring). None when the flag is unknown."""
    if is_manager is None:
        return None
    if not is_manager:
        return ManagementRank.WORKER
    title = fold(position)
    if title.startswith(_DIVISION_POSTS):
        return ManagementRank.MANAGER
    heads_procuracy = _PROCURACY_HEAD in title
    if unit_level == UnitLevel.SUPREME:
        return ManagementRank.PROVINCE if heads_procuracy else ManagementRank.DEPARTMENT
    if unit_level in _DEPARTMENT_RANK_PROCURACIES:
        return ManagementRank.DEPARTMENT if heads_procuracy else ManagementRank.MANAGER
    if unit_level in _INNER_LEVELS and parent_level == UnitLevel.SUPREME:
        return ManagementRank.DEPARTMENT
    return ManagementRank.MANAGER
