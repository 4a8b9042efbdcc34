"""Fixtures of the emulation app over the shared `tree` (see tests/conftest.py)."""

import pytest

from emulation.enums import MemberRole
from tests.factories.emulation import make_group


@pytest.fixture
def cluster(tree):
    """Cụm thi đua số 1 of 2025, organised by VKS-T: KV1 head, KV2 deputy, the Văn phòng a member."""
    return make_group(
        tree, 2025, {tree["kv1"]: MemberRole.HEAD, tree["kv2"]: MemberRole.DEPUTY, tree["office"]: MemberRole.MEMBER}
    )
