"""Support-check trends over hand-made checks whose every figure is known (on SQLite and PostgreSQL).

The fixture series (`build_series`) gains three checks on session 1 (a recent closed one, an older
closed one it supersedes, ...), one on session 3 (with self-declared answers) and a reopened one on
session 3 whose stale frozen results must not count; session 2 never had a check.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy.orm import Session

from dashboard.services.audit import Actor
from dashboard.services.leadership.trends import (
    TrendFilters,
    build_trend_report,
    get_change_stamp,
    summarize_overview,
    summarize_subject,
)
from dashboard.services.leadership.trends_support import NO_CHECK, NONE_COUNTED
from dashboard.services.outcomes.recommendations import create_recommendation
from dashboard.services.support import checks, consensus, join_links
from dashboard.services.support.consensus import Tally
from dashboard.services.support.frozen import frozen_support
from dashboard.ui.leadership.trends_tables import chart_table
from db.models import SupportCheck, SupportCheckItem, SupportResponse, User
from db.session import session_scope
from tests.factories import make_person, make_session, make_user
from tests.services.leadership.test_trends import NOW, TODAY, Series, build_series

ANSWERS = {"S": "support", "L": "live_with", "O": "oppose", "P": "pass"}


class Voters:
    """Guest accounts per (group, self-declared): the k-th answer of a group in any check is its k-th person."""

    def __init__(self, s: Session) -> None:
        self.s, self.pool = s, defaultdict(list)

    def take(self, group: str, declared: bool, n: int) -> list[int]:
        pool = self.pool[(group, declared)]
        while len(pool) < n:
            user = User(username=f"voter-{group}-{int(declared)}-{len(pool)}", display_name="Voter",
                        password_hash="!", roles=["participant"], is_guest=True)
            self.s.add(user)
            self.s.flush()
            pool.append(user.id)
        return pool[:n]


def add_check(s: Session, voters: Voters, session_id: int, answers: dict[int, dict[str, str]], *,
              declared: dict[int, dict[str, str]] | None = None, closed_days_ago: int | None = 30) -> int:
    """A check answered as given ("SSO": support, support, oppose per group) with its results frozen as closing does.

    `closed_days_ago=None` leaves it reopened: state open, the results of its last close still stored.
    """
    declared = declared or {}
    check = SupportCheck(session_id=session_id, state="open" if closed_days_ago is None else "closed",
                         min_group_size=3, version=1,
                         closed_at=None if closed_days_ago is None else NOW - timedelta(days=closed_days_ago))
    s.add(check)
    s.flush()
    expected = checks.expected_groups(s, session_id=session_id)
    results = {}
    for position, rid in enumerate(answers):
        s.add(SupportCheckItem(check_id=check.id, recommendation_id=rid, position=position))
        tallies = {}
        for is_declared, given in ((False, answers[rid]), (True, declared.get(rid, {}))):
            tallies[is_declared] = {g: Tally.of(ANSWERS[a] for a in letters) for g, letters in given.items()}
            for group, letters in given.items():
                for user_id, letter in zip(voters.take(group, is_declared, len(letters)), letters):
                    s.add(SupportResponse(check_id=check.id, recommendation_id=rid, user_id=user_id,
                                          stakeholder_type=group, self_declared=is_declared, answer=ANSWERS[letter]))
        result = consensus.recommendation_support(rid, tallies[False], tallies[True], min_group_size=3,
                                                  expected_groups=expected)
        results[str(rid)] = consensus.as_dict(result)
    check.results = results
    s.flush()
    return check.id


@dataclass
class Checked:
    series: Series
    checks: dict[str, int]


def add_support_checks(s: Session, series: Series) -> Checked:
    """The checks of the module docstring; the figures they must give are spelled out in the tests."""
    r = series.recs
    voters = Voters(s)
    found = {
        # Superseded by "latest" for r1: Industry opposed it then.
        "older": add_check(s, voters, series.s1, {r["r1"]: {"industry": "OOO", "member_state": "SSS"}},
                           closed_days_ago=60),
        "latest": add_check(s, voters, series.s1, {
            # Broad support from the two shown groups; youth (2 answers, both Oppose) is hidden.
            r["r1"]: {"industry": "SSS", "member_state": "LLL", "youth": "OO"},
            # Divides groups: Industry opposes, Member States support.
            r["r2"]: {"industry": "OOO", "member_state": "SSS"},
            # Both shown groups oppose: no broad support, no divide either.
            r["r3"]: {"industry": "OOP", "member_state": "SOO"},
            # Deleted since: never counted, though it had broad support.
            r["deleted"]: {"industry": "SSS", "member_state": "SSS"},
        }),
        "s3": add_check(s, voters, series.s3, {r["r8"]: {"industry": "SSS", "youth": "LLL"}},
                        declared={r["r8"]: {"civil_society": "OOO"}}),
        # Reopened since its close: its stale results and its answers wait for the next close.
        "reopened": add_check(s, voters, series.s3, {r["r9"]: {"academia": "OOOO", "industry": "SSS"}},
                              closed_days_ago=None),
    }
    return Checked(series, found)


@pytest.fixture
def checked(dbs) -> Checked:
    return add_support_checks(dbs, build_series(dbs))


def _support(s: Session, **filters) -> dict:
    report = build_trend_report(s, filters=TrendFilters(**filters), today=TODAY, now=NOW)
    return {"by_session": report.support_by_session.set_index("session_id"),
            "opposition": report.support_opposition, "respondents": report.support_respondents}


def test_broad_support_share_per_session_reads_the_latest_closed_check(dbs, checked):
    series = checked.series
    by_session = _support(dbs)["by_session"]
    assert list(by_session.index) == [series.s1, series.s2, series.s3]
    # s1: r1 (broad, per the latest check), r2 (divided), r3 (opposed); the deleted one is not counted.
    assert (by_session.loc[series.s1, "checked"], by_session.loc[series.s1, "broad"]) == (3, 1)
    assert by_session.loc[series.s1, "broad_share"] == pytest.approx(1 / 3)
    # s3: r8 only; r9's reopened check does not count until it closes again.
    assert (by_session.loc[series.s3, "checked"], by_session.loc[series.s3, "broad"]) == (1, 1)
    assert by_session.loc[series.s3, "broad_share"] == 1
    assert not by_session.loc[[series.s1, series.s3], "no_share"].any()


def test_a_session_without_a_closed_check_reads_no_support_check_never_zero(dbs, checked):
    series = checked.series
    by_session = _support(dbs)["by_session"]
    row = by_session.loc[series.s2]
    assert (row["checked"], row["note"], bool(row["no_share"])) == (0, NO_CHECK, True)
    assert math.isnan(row["broad_share"])
    table = chart_table(by_session.reset_index(), "support_by_session")
    assert list(table["Share with broad support"]) == ["33.3%", NO_CHECK, "100.0%"]
    assert list(table["Recommendations checked (n)"]) == [3, 0, 1]


def test_which_groups_oppose_counts_shown_groups_only(dbs, checked):
    opposition = _support(dbs)["opposition"]
    # Industry: shown on r1, r2, r3 and r8, opposed r2 and r3 (not r1: the older check is superseded).
    # Member States: shown on r1-r3, opposed r3. Youth: hidden on r1 (2 answers, both Oppose), so shown on r8
    # only. Civil society answered only as self-declared: never a group here. Academia: a reopened check only.
    rows = [tuple(r) for r in opposition[["group", "shown", "opposed"]].itertuples(index=False)]
    assert rows == [("industry", 4, 2), ("member_state", 3, 1), ("youth", 1, 0)]
    assert list(opposition["oppose_rate"]) == pytest.approx([0.5, 1 / 3, 0])
    table = chart_table(opposition, "support_opposition")
    assert list(table.columns) == ["Stakeholder group", "Recommendations where shown (n)", "Opposed", "Share opposed"]
    assert list(table["Share opposed"]) == ["50.0%", "33.3%", "0.0%"]


def test_respondents_count_people_per_group_registered_and_self_declared_apart(dbs, checked):
    series = checked.series
    respondents = _support(dbs)["respondents"]
    counts = {(r.session_id, r.group): (r.registered, r.self_declared) for r in respondents.itertuples()}
    # The same three industry people answered both closed checks of s1: three people, not six.
    assert counts == {(series.s1, "member_state"): (3, 0), (series.s1, "industry"): (3, 0),
                      (series.s1, "youth"): (2, 0), (series.s3, "industry"): (3, 0),
                      (series.s3, "civil_society"): (0, 3), (series.s3, "youth"): (3, 0)}
    assert list(respondents["session_id"]) == [series.s1] * 3 + [series.s3] * 3  # oldest session first


@pytest.mark.parametrize("filters, shares, opposition, respondent_groups", [
    # Recommendations drawn from what industry said: r1 (s1) and r8 (s3); opposition and respondents of industry.
    ({"groups": ("industry",)}, {"s1": (1, 1), "s2": NO_CHECK, "s3": (1, 1)}, [("industry", 4, 2)], {"industry"}),
    # Nothing civil society said was put to a check: sessions with checks count none.
    ({"groups": ("civil_society",)}, {"s1": NONE_COUNTED, "s2": NO_CHECK, "s3": NONE_COUNTED}, [],
     {"civil_society"}),
    # Age assurance: sessions 1 and 2, and recommendation r1 only.
    ({"themes": ("age_assurance",)}, {"s1": (1, 1), "s2": NO_CHECK},
     [("member_state", 1, 0), ("industry", 1, 0)], {"industry", "member_state", "youth"}),  # ties: group order
    ({"sectors": ("gaming",)}, {"s3": (1, 1)}, [("industry", 1, 0), ("youth", 1, 0)],
     {"industry", "youth", "civil_society"}),
])
def test_filters_narrow_the_support_figures(dbs, checked, filters, shares, opposition, respondent_groups):
    ids = {name: getattr(checked.series, name) for name in ("s1", "s2", "s3")}
    support = _support(dbs, **filters)
    by_session = support["by_session"]
    got = {name: (row["note"] or (row["checked"], row["broad"]))
           for name, sid in ids.items() if sid in by_session.index for row in [by_session.loc[sid]]}
    assert got == shares
    assert [tuple(r) for r in support["opposition"][["group", "shown", "opposed"]].itertuples(index=False)] == \
        opposition
    assert set(support["respondents"]["group"]) == respondent_groups


def test_without_a_closed_check_the_support_figures_are_empty(dbs):
    series = build_series(dbs)
    voters = Voters(dbs)
    add_check(dbs, voters, series.s1, {series.recs["r1"]: {"industry": "SSS", "youth": "SSS"}},
              closed_days_ago=None)
    support = _support(dbs)
    assert support["by_session"].empty and support["opposition"].empty and support["respondents"].empty


def test_the_support_subject_gives_the_reports_figures(dbs, checked):
    overview = summarize_overview(dbs, filters=TrendFilters(groups=("industry",)), today=TODAY, now=NOW)
    report = build_trend_report(dbs, filters=TrendFilters(groups=("industry",)), today=TODAY, now=NOW)
    frames = summarize_subject(dbs, overview, "support_checks")
    for name, frame in frames.items():
        assert frame.equals(getattr(report, name)), name


# --- through the real services: open, answer, close ----------------------------------------


@pytest.fixture
def live(db_url):
    """A live session with three registered people in each of two groups, who joined by their personal links."""
    with session_scope(db_url) as s:
        mod = make_user(s)
        actor = Actor(mod.id, mod.username)
        ds = make_session(s, status="live", scheduled_start=NOW - timedelta(days=1))
        people = {g: [make_person(s, ds.id, stakeholder_type=g).name for _ in range(3)]
                  for g in ("industry", "civil_society")}
        recs = [create_recommendation(s, session_id=ds.id, actor=actor, text=f"Recommendation {i}").id
                for i in (1, 2)]
        join_links.make_links(s, session_id=ds.id, actor=actor)
        links = join_links.list_links(s, session_id=ds.id)
    users = {}
    with session_scope(db_url) as s:
        for link in links:
            users[link.name] = join_links.redeem(s, link.token).user_id
    return dict(url=db_url, actor=actor, session_id=ds.id, recs=recs,
                voters={g: [users[name] for name in names] for g, names in people.items()})


def test_a_check_closed_by_the_service_reaches_the_trends_and_moves_the_stamp(live):
    url, sid, recs, actor = live["url"], live["session_id"], live["recs"], live["actor"]
    with session_scope(url) as s:
        check_id = checks.open_check(s, session_id=sid, recommendation_ids=recs, actor=actor)
    answers = {"industry": ("support", "oppose"), "civil_society": ("live_with", "support")}
    for group, users in live["voters"].items():
        for uid in users:
            for rid, given in zip(recs, answers[group]):
                with session_scope(url) as s:
                    checks.answer(s, session_id=sid, check_id=check_id, recommendation_id=rid, user_id=uid,
                                  answer=given)
    with session_scope(url) as s:
        before = get_change_stamp(s)
        # Answers to an open check are not counted (nor do they move the stamp).
        assert build_trend_report(s, today=TODAY, now=NOW).support_respondents.empty
    with session_scope(url) as s:
        checks.close_check(s, session_id=sid, check_id=check_id, actor=actor)
    with session_scope(url) as s:
        assert get_change_stamp(s) != before
        report = build_trend_report(s, today=TODAY, now=NOW)
        frozen = frozen_support(s, session_id=sid)
    assert "broad support" in frozen[recs[0]]["flags"]
    assert "divides groups (Industry opposes)" in frozen[recs[1]]["flags"]
    [row] = report.support_by_session.to_dict("records")
    assert (row["checked"], row["broad"], row["broad_share"]) == (2, 1, 0.5)
    opposition = {r.group: (r.shown, r.opposed) for r in report.support_opposition.itertuples()}
    assert opposition == {"industry": (2, 1), "civil_society": (2, 0)}
    respondents = {r.group: (r.registered, r.self_declared) for r in report.support_respondents.itertuples()}
    assert respondents == {"industry": (3, 0), "civil_society": (3, 0)}
