"""Every page of clusters, pledges and scoring for every role of the cast, in and out of scope.

The cluster of the `cluster` fixture is organised by the province (VKS-T) with KV1 as head: the provincial clerk
(organiser) and the KV1 clerk (head unit) manage it; the leader and the council roles read it; the clerk of
another province does not know it exists (404).
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from emulation import services
from emulation.enums import CriterionKind
from emulation.models import EmulationGroup, FlagVote, Pledge, ScoreCriterion, ScoreSheet, ScoreTemplate
from tests.factories.units import UserFactory

pytestmark = pytest.mark.integration

ROLES = ["clerk", "regional_clerk", "leader", "council_secretary", "council_member", "admin", "outsider"]
READ = {"clerk": 200, "regional_clerk": 200, "leader": 200, "council_secretary": 200, "council_member": 200}
MANAGE = {"clerk": 200, "regional_clerk": 200, "leader": 403, "council_secretary": 403, "council_member": 403}


def expected(codes: dict, **rest):
    codes = {**codes, **rest}
    return [pytest.param(role, codes[role], id=role) for role in ROLES]


def status_for(client, user, url, method="get", data=None):
    client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


@pytest.fixture
def pledge(cluster, tree):
    document = SimpleUploadedFile("giao-uoc.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    return services.pledge_save(
        pledge=Pledge(group=cluster, signed_on=datetime.date(2025, 2, 9), place="Huế", document=document),
        targets=[("Tỷ lệ giải quyết tin báo, tố giác về tội phạm", "Trên 90%")],
        signing_units=[tree["kv1"], tree["kv2"]],
    )


@pytest.fixture
def template():
    template = ScoreTemplate.objects.create(name="Bảng điểm", year=2025)
    ScoreCriterion.objects.create(template=template, text="Công tác công tố", max_points=10, order=1)
    ScoreCriterion.objects.create(template=template, text="Sáng kiến", max_points=2, order=2, kind=CriterionKind.BONUS)
    return template


def group_urls(cluster):
    membership = cluster.memberships.get(unit__code="VKS-T-VP")
    return {
        "detail": reverse("emulation:group-detail", args=[cluster.pk]),
        "update": reverse("emulation:group-update", args=[cluster.pk]),
        "not_rated": reverse("emulation:membership-not-rated", args=[membership.pk]),
        "pledge_create": reverse("emulation:pledge-create", args=[cluster.pk]),
    }


@pytest.mark.parametrize("name", ["emulation:group-list"])
def test_the_list_needs_a_role(client, cast, name):
    assert status_for(client, UserFactory(username="norole"), reverse(name)) == 403
    for role in ROLES:
        assert status_for(client, cast[role], reverse(name)) == 200, role


@pytest.mark.parametrize("name", ["detail", "update", "not_rated", "pledge_create"])
def test_pages_send_anonymous_users_to_login(client, cluster, name):
    response = client.get(group_urls(cluster)[name])

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("role", "status"), expected(READ, admin=200, outsider=404))
def test_group_detail(client, cast, cluster, role, status):
    assert status_for(client, cast[role], group_urls(cluster)["detail"]) == status


@pytest.mark.parametrize(("role", "status"), expected(MANAGE, admin=200, outsider=404))
@pytest.mark.parametrize("page", ["update", "not_rated", "pledge_create"])
def test_group_changes(client, cast, cluster, role, status, page):
    assert status_for(client, cast[role], group_urls(cluster)[page]) == status


@pytest.mark.parametrize(
    ("role", "status"),
    # A regional clerk manages the cluster it heads but organises none: clusters are a provincial matter.
    expected(MANAGE, regional_clerk=403, admin=200, outsider=200),
)
def test_group_create(client, cast, role, status):
    assert status_for(client, cast[role], reverse("emulation:group-create")) == status


@pytest.mark.parametrize(("role", "status"), expected(MANAGE, clerk=302, regional_clerk=403, admin=302, outsider=403))
def test_group_copy(client, cast, tree, cluster, role, status):
    data = {"organiser": tree["province"].pk, "year": 2025}

    assert status_for(client, cast[role], reverse("emulation:group-copy"), "post", data) == status
    assert EmulationGroup.objects.filter(year=2026).count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(("role", "status"), expected(MANAGE, clerk=302, regional_clerk=302, admin=302, outsider=404))
def test_not_rated_post(client, cast, cluster, role, status):
    url = group_urls(cluster)["not_rated"]

    assert status_for(client, cast[role], url, "post", {"reason": "Vi phạm"}) == status
    assert cluster.memberships.filter(is_rated=False).count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(("role", "status"), expected(READ, admin=200, outsider=404))
@pytest.mark.parametrize("name", ["emulation:pledge-detail", "emulation:pledge-document"])
def test_pledge_pages(client, cast, pledge, role, status, name):
    assert status_for(client, cast[role], reverse(name, args=[pledge.pk])) == status


@pytest.mark.parametrize(("role", "status"), expected(READ, admin=200, outsider=404))
def test_pledge_pdf(client, cast, pledge, role, status):
    assert status_for(client, cast[role], reverse("emulation:pledge-pdf", args=[pledge.pk])) == status


@pytest.mark.parametrize(("role", "status"), expected(MANAGE, admin=200, outsider=404))
def test_pledge_update(client, cast, pledge, role, status):
    assert status_for(client, cast[role], reverse("emulation:pledge-update", args=[pledge.pk])) == status


def test_a_pledge_without_a_signed_file_has_none_to_show(client, cast, cluster, tree):
    pledge = services.pledge_save(
        pledge=Pledge(group=cluster, signed_on=datetime.date(2025, 2, 9), place="Huế"),
        targets=[("Chỉ tiêu", "100%")],
        signing_units=[tree["kv1"]],
    )

    assert status_for(client, cast["clerk"], reverse("emulation:pledge-document", args=[pledge.pk])) == 404


@pytest.mark.parametrize(("role", "status"), expected(READ, admin=200, outsider=404))
def test_score_sheet_page(client, cast, cluster, tree, template, role, status):
    url = reverse("emulation:score-sheet", args=[cluster.pk, tree["kv2"].pk])

    assert status_for(client, cast[role], url) == status


@pytest.mark.parametrize(("role", "status"), expected(MANAGE, clerk=302, regional_clerk=302, admin=302, outsider=404))
def test_score_sheet_post(client, cast, cluster, tree, template, role, status):
    url = reverse("emulation:score-sheet", args=[cluster.pk, tree["kv2"].pk])
    criteria = list(template.criteria.order_by("order"))
    data = {"template": template.pk, f"self_{criteria[0].pk}": "9", f"agreed_{criteria[0].pk}": "8,5"}

    assert status_for(client, cast[role], url, "post", data) == status
    assert ScoreSheet.objects.count() == (1 if status == 302 else 0)


def test_a_score_sheet_of_a_unit_outside_the_group_is_not_found(client, cast, cluster, tree, template):
    url = reverse("emulation:score-sheet", args=[cluster.pk, tree["kv1_office"].pk])

    assert status_for(client, cast["clerk"], url) == 404


@pytest.mark.parametrize(("role", "status"), expected(MANAGE, clerk=302, regional_clerk=302, admin=302, outsider=404))
def test_flag_vote_post(client, cast, cluster, tree, role, status):
    data = {"candidate": tree["kv1"].pk, "agree": 3, "voted_on": "25/11/2025"}

    assert status_for(client, cast[role], reverse("emulation:flag-vote", args=[cluster.pk]), "post", data) == status
    assert FlagVote.objects.count() == (1 if status == 302 else 0)


def test_flag_vote_is_a_post(client, cast, cluster):
    assert status_for(client, cast["clerk"], reverse("emulation:flag-vote", args=[cluster.pk])) == 405


def test_readers_see_no_edit_controls(client, cast, cluster, pledge):
    client.force_login(cast["leader"])

    page = client.get(reverse("emulation:group-detail", args=[cluster.pk])).content.decode()

    assert reverse("emulation:group-update", args=[cluster.pk]) not in page
    assert reverse("emulation:flag-vote", args=[cluster.pk]) not in page
    assert reverse("emulation:pledge-pdf", args=[pledge.pk]) in page
