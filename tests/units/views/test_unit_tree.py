"""The unit tree page: a big tree opens its first two levels and links each folded branch to its own subtree."""

import pytest
from django.urls import reverse

from units import selectors

pytestmark = pytest.mark.integration


def test_a_small_tree_opens_every_unit(client, cast, tree):
    client.force_login(cast["clerk"])

    page = client.get(reverse("units:unit-tree")).content.decode()

    assert "Văn phòng khu vực 1" in page
    assert "đơn vị trực thuộc" not in page


def test_a_big_tree_folds_below_the_second_level_and_each_branch_opens_alone(client, cast, tree, monkeypatch):
    monkeypatch.setattr(selectors, "TREE_UNFOLDED_LIMIT", 3)
    client.force_login(cast["clerk"])

    page = client.get(reverse("units:unit-tree")).content.decode()

    assert "Viện kiểm sát nhân dân khu vực 1" in page
    assert "Văn phòng khu vực 1" not in page
    assert f'href="?root={tree["kv1"].pk}"' in page
    assert "1 đơn vị trực thuộc" in page

    branch = client.get(reverse("units:unit-tree"), {"root": tree["kv1"].pk}).content.decode()

    assert "Văn phòng khu vực 1" in branch
    assert "Viện kiểm sát nhân dân khu vực 2" not in branch
    assert "Toàn bộ cây" in branch and "VKSND tỉnh T" in branch  # the way back up


def test_a_branch_outside_the_scope_shows_the_users_own_tree(client, cast, tree):
    client.force_login(cast["regional_clerk"])

    page = client.get(reverse("units:unit-tree"), {"root": tree["other"].pk}).content.decode()

    assert "tỉnh X" not in page
    assert "Văn phòng khu vực 1" in page
