"""Shared fixtures: a small procuracy tree and the fixed cast of users.

Tree:  province (VKS-T)
         ├─ office   (VKS-T-VP, department)
         ├─ regional (VKS-T-KV1, regional) ─ regional office (VKS-T-KV1-VP)
         └─ regional (VKS-T-KV2, regional)
       other province (VKS-X), outside everybody's scope but the administrator's.
"""

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories.units import PersonFactory, UnitFactory, user_with_role
from units.enums import Role, UnitLevel


@pytest.fixture(autouse=True)
def _vietnamese():
    """Every test starts in Vietnamese: a request in English (LocaleMiddleware) leaves its language active."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def tree(db):
    province = UnitFactory(code="VKS-T", name="Viện kiểm sát nhân dân tỉnh T", short_name="VKSND tỉnh T")
    office = UnitFactory(code="VKS-T-VP", name="Văn phòng", level=UnitLevel.DEPARTMENT, parent=province)
    kv1 = UnitFactory(
        code="VKS-T-KV1", name="Viện kiểm sát nhân dân khu vực 1", level=UnitLevel.REGIONAL, parent=province
    )
    kv1_office = UnitFactory(code="VKS-T-KV1-VP", name="Văn phòng khu vực 1", level=UnitLevel.DEPARTMENT, parent=kv1)
    kv2 = UnitFactory(
        code="VKS-T-KV2", name="Viện kiểm sát nhân dân khu vực 2", level=UnitLevel.REGIONAL, parent=province
    )
    other = UnitFactory(code="VKS-X", name="Viện kiểm sát nhân dân tỉnh X", short_name="VKSND tỉnh X")
    return {"province": province, "office": office, "kv1": kv1, "kv1_office": kv1_office, "kv2": kv2, "other": other}


@pytest.fixture
def cast(tree):
    """The fixed cast: a provincial clerk, a regional clerk, a leader, council roles, an admin, an outsider."""
    return {
        "clerk": user_with_role(Role.CLERK, tree["province"], "clerk"),
        "regional_clerk": user_with_role(Role.CLERK, tree["kv1"], "regional_clerk"),
        "leader": user_with_role(Role.LEADER, tree["province"], "leader"),
        "council_secretary": user_with_role(Role.COUNCIL_SECRETARY, tree["province"], "secretary"),
        "council_member": user_with_role(Role.COUNCIL_MEMBER, tree["province"], "member"),
        "admin": user_with_role(Role.ADMIN, None, "admin"),
        "outsider": user_with_role(Role.CLERK, tree["other"], "outsider"),
    }


@pytest.fixture
def staff(tree):
    return {
        "hang": PersonFactory(code="CB-HANG", full_name="Nguyễn Thị Thanh Hằng", unit=tree["kv1"]),
        "dung": PersonFactory(code="CB-DUNG", full_name="Trần Văn Dũng", gender="male", unit=tree["office"]),
        "outsider": PersonFactory(code="CB-X", full_name="Lê Văn Đức", gender="male", unit=tree["other"]),
    }
