"""Addressees: "All stakeholders" never stands beside a named group (issue 9, item 7)."""
import pytest

from dashboard.services.outcomes import recommendations as recs
from tests.reports.outcome_data import build_session


@pytest.fixture
def built(dbs):
    b = build_session(dbs)
    dbs.commit()
    return dbs, b


def test_picking_a_group_drops_all_and_picking_all_drops_the_groups(built):
    s, b = built
    rec = recs.create_recommendation(s, session_id=b.session_id, actor=b.actor, text="Publish safety reports.",
                                     addressed_to=["all", "industry"])  # a group added to the default
    assert rec.addressed_to == ("industry",)
    rec = recs.update_recommendation(s, rec.id, actor=b.actor, addressed_to=["industry", "academia", "all"])
    assert rec.addressed_to == ("all",)  # All added to named groups
    rec = recs.update_recommendation(s, rec.id, actor=b.actor, addressed_to=["all", "member_state"])
    assert rec.addressed_to == ("member_state",)  # a group added to All
    s.commit()


def test_merging_with_an_all_stakeholders_recommendation_addresses_everyone(built):
    s, b = built
    first = recs.create_recommendation(s, session_id=b.session_id, actor=b.actor, text="One.", addressed_to=["all"])
    second = recs.create_recommendation(s, session_id=b.session_id, actor=b.actor, text="Two.",
                                        addressed_to=["industry"])
    merged = recs.merge_recommendations(s, keep_id=second.id, merge_id=first.id, actor=b.actor)
    assert merged.addressed_to == ("all",)
    s.commit()
