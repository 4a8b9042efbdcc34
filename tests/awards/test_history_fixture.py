import pytest

from awards.register import selectors

pytestmark = pytest.mark.integration


def test_the_history_fixture_builds_a_register_with_a_current_cstdcs_chain(history):
    chains = selectors.person_chains(awards=selectors.person_awards(person=history["person"]), as_of=2025)

    assert [str(chain) for chain in chains] == ["CSTĐCS 3 năm liên tục 2022–2024", "LĐTT 5 năm liên tục 2020–2024"]
    assert history["ttldtt"][0].unit_at_time == history["ttldtt"][0].unit
    assert history["ldtt"][0].unit_at_time.code == "VKS-T-KV1"
