"""Fixtures of the emulation app over the shared `tree` (see tests/conftest.py)."""

import pytest

from emulation import services
from emulation.enums import GroupKind, GroupLevel, MemberRole
from emulation.models import EmulationGroup


def make_group(tree, year: int, roles: dict, name: str = "Cụm thi đua số 1") -> EmulationGroup:
    group = EmulationGroup(
        year=year, kind=GroupKind.CLUSTER, level=GroupLevel.PROVINCIAL, name=name, organiser=tree["province"]
    )
    return services.group_save(group=group, roles=roles)


@pytest.fixture
def cluster(tree):
    """Cụm thi đua số 1 of 2025, organised by VKS-T: KV1 head, KV2 deputy, the Văn phòng a member."""
    return make_group(
        tree, 2025, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.DEPUTY, tree["office"]: MemberRole.MEMBER}
    )
