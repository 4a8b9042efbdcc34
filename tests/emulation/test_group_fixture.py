import pytest

from emulation.enums import MemberRole

pytestmark = pytest.mark.integration


def test_the_cluster_fixture_has_one_head_and_one_deputy(cluster, tree):
    roles = {m.unit.code: m.role for m in cluster.memberships.select_related("unit")}

    assert roles == {"VKS-T-KV1": MemberRole.HEAD, "VKS-T-KV2": MemberRole.DEPUTY, "VKS-T-VP": MemberRole.MEMBER}
    assert {m.year for m in cluster.memberships.all()} == {2025}
