"""Trends over a small fixture series whose every figure is known (on SQLite and PostgreSQL)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.services.leadership import follow_up
from dashboard.services.audit import Actor
from dashboard.services.leadership.trends import (
    SUBJECTS,
    TrendFilters,
    build_trend_report,
    get_change_stamp,
    list_filter_options,
    list_held_sessions,
    summarize_overview,
    summarize_subject,
)
from db.models import (
    Attendance,
    DialogueSession,
    InterventionTheme,
    Person,
    Recommendation,
    RecommendationSource,
    RecommendationTheme,
    Theme,
)
from tests.factories import make_intervention, make_person, make_session, make_user

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=timezone.utc)
TODAY = date(2026, 6, 15)


@dataclass
class Series:
    s1: int
    s2: int
    s3: int
    draft: int
    recs: dict[str, int]


def _tag(s: Session, intervention_id: int, *codes: str) -> None:
    for code in codes:
        theme_id = s.scalar(select(Theme.id).where(Theme.code == code))
        s.add(InterventionTheme(intervention_id=intervention_id, theme_id=theme_id))


def _rec(s: Session, session_id: int, status: str, addressed: list[str], *, themes: tuple[str, ...] = (),
         source: int | None = None, changed_days: int = 10, review: date | None = None, **kw) -> int:
    rec = Recommendation(session_id=session_id, text=f"Recommendation {status}", addressed_to=addressed,
                         follow_up_status=status, status_changed_at=NOW - timedelta(days=changed_days),
                         review_date=review, **kw)
    s.add(rec)
    s.flush()
    for code in themes:
        s.add(RecommendationTheme(recommendation_id=rec.id, theme_id=s.scalar(select(Theme.id).where(Theme.code == code))))
    if source is not None:
        s.add(RecommendationSource(recommendation_id=rec.id, intervention_id=source))
    s.flush()
    return rec.id


def build_series(s: Session) -> Series:
    """Three held sessions and a draft; the expected figures are spelled out in the tests below."""
    utc = timezone.utc
    s1 = make_session(s, status="closed", sector_focus="ai", scheduled_start=datetime(2025, 3, 10, 9, tzinfo=utc)).id
    # 23:30 UTC on 31 March is 01:30 on 1 April in Geneva: the second quarter.
    s2 = make_session(s, status="published", sector_focus="social_media",
                      scheduled_start=datetime(2025, 3, 31, 23, 30, tzinfo=utc)).id
    s3 = make_session(s, status="closed", sector_focus="gaming", scheduled_start=datetime(2026, 1, 15, 9, tzinfo=utc)).id
    draft = make_session(s, status="draft", sector_focus="edtech", scheduled_start=datetime(2026, 4, 1, 9, tzinfo=utc)).id

    a = make_person(s, s1, stakeholder_type="industry", organization="Org X", country="Chile")
    b = make_person(s, s1, stakeholder_type="industry", organization="org x ", country="chile")
    c = make_person(s, s1, stakeholder_type="member_state", organization="Ministry", country="Kenya")
    d = make_person(s, s1, stakeholder_type="youth", organization=None, country=None, youth_no=1)
    s.add(Attendance(session_id=s2, person_id=a.id, stakeholder_type="industry"))
    e = make_person(s, s2, stakeholder_type="civil_society", organization="NGO", country="France")
    f = make_person(s, s2, stakeholder_type="member_state", organization="Ministry", country="kenya ")
    g = make_person(s, None, stakeholder_type="academia", organization="University", country="Peru")
    s.add(Attendance(session_id=s2, person_id=g.id, stakeholder_type="academia", attended=False))
    s.add(Attendance(session_id=s3, person_id=b.id, stakeholder_type="industry"))
    h = make_person(s, s3, stakeholder_type="youth", organization="", country="Brazil", youth_no=1)
    make_person(s, draft, stakeholder_type="industry", organization="Draft Org", country="Japan")
    s.flush()

    a1 = make_intervention(s, s1, stakeholder_type="industry", person_id=a.id, speaking_seconds=60)
    a2 = make_intervention(s, s1, stakeholder_type="industry", person_id=a.id, speaking_seconds=120)
    make_intervention(s, s1, stakeholder_type="industry", person_id=a.id)
    c1 = make_intervention(s, s1, stakeholder_type="member_state", person_id=c.id, speaking_seconds=30)
    d1 = make_intervention(s, s1, stakeholder_type="youth", person_id=d.id)
    gone = make_intervention(s, s1, stakeholder_type="industry", person_id=a.id, speaking_seconds=999,
                             deleted_at=NOW)
    e1 = make_intervention(s, s2, stakeholder_type="civil_society", person_id=e.id, speaking_seconds=90)
    make_intervention(s, s2, stakeholder_type="civil_society", person_id=e.id, speaking_seconds=90)
    make_intervention(s, s2, stakeholder_type="industry", person_id=a.id)
    b1 = make_intervention(s, s3, stakeholder_type="industry", person_id=b.id, speaking_seconds=60)
    make_intervention(s, s3, stakeholder_type="industry", person_id=b.id, speaking_seconds=60)
    make_intervention(s, s3, stakeholder_type="youth", person_id=h.id, speaking_seconds=45)
    make_intervention(s, draft, stakeholder_type="industry", speaking_seconds=500)
    _tag(s, a1.id, "age_assurance", "safety_by_design")
    _tag(s, a2.id, "age_assurance")
    _tag(s, c1.id, "content_moderation")
    _tag(s, gone.id, "age_assurance")
    _tag(s, e1.id, "age_assurance")
    _tag(s, b1.id, "safety_by_design")
    s.flush()

    recs = {
        "r1": _rec(s, s1, "implemented", ["industry"], themes=("age_assurance",), source=a1.id,
                   review=TODAY + timedelta(days=30)),
        "r2": _rec(s, s1, "in_progress", ["member_state", "industry"], themes=("safety_by_design",), source=c1.id,
                   changed_days=200),
        "r3": _rec(s, s1, "proposed", ["all"], source=d1.id, changed_days=5, review=TODAY - timedelta(days=1)),
        "r6": _rec(s, s2, "accepted", ["un_itu"], themes=("age_assurance",), source=e1.id, changed_days=100,
                   review=TODAY),
        "r7": _rec(s, s2, "not_pursued", ["civil_society"], changed_days=300, review=TODAY - timedelta(days=90)),
        "r8": _rec(s, s3, "implemented", ["industry", "un_itu"], themes=("safety_by_design",), source=b1.id),
        "r9": _rec(s, s3, "proposed", [], changed_days=1, review=TODAY + timedelta(days=60)),
        "draft": _rec(s, draft, "proposed", ["industry"], changed_days=400),
    }
    recs["deleted"] = _rec(s, s1, "implemented", ["industry"], changed_days=400, deleted_at=NOW)
    recs["merged"] = _rec(s, s1, "proposed", ["industry"], changed_days=400, merged_into_id=recs["r1"])
    s.flush()
    return Series(s1, s2, s3, draft, recs)


def _report(s: Session, **filters) -> object:
    return build_trend_report(s, filters=TrendFilters(**filters), today=TODAY, now=NOW)


def _cells(frame, keys: list[str], value: str) -> dict:
    return {tuple(row[k] for k in keys) if len(keys) > 1 else row[keys[0]]: row[value] for _, row in frame.iterrows()}


def test_headline_counts_held_sessions_and_distinct_reach(dbs):
    build_series(dbs)
    h = _report(dbs).headline
    assert (h.sessions_held, h.participants, h.organizations, h.countries) == (3, 7, 3, 4)
    assert (h.interventions, h.recommendations, h.implemented, h.accepted_or_better) == (11, 7, 2, 4)


def test_sessions_are_ordered_with_quarters_in_geneva_time(dbs):
    series = build_series(dbs)
    sessions = _report(dbs).sessions
    assert list(sessions["session_id"]) == [series.s1, series.s2, series.s3]
    assert list(zip(sessions["year"], sessions["quarter"])) == [(2025, 1), (2025, 2), (2026, 1)]
    assert list(sessions["session"])[1].endswith("Apr 2025")


def test_participation_per_session_and_group_with_shares(dbs):
    series = build_series(dbs)
    part = _report(dbs).participation
    counts = _cells(part, ["session_id", "group"], "participants")
    assert counts == {(series.s1, "industry"): 2, (series.s1, "member_state"): 1, (series.s1, "youth"): 1,
                      (series.s2, "industry"): 1, (series.s2, "civil_society"): 1, (series.s2, "member_state"): 1,
                      (series.s3, "industry"): 1, (series.s3, "youth"): 1}
    shares = _cells(part, ["session_id", "group"], "share")
    assert shares[(series.s1, "industry")] == pytest.approx(0.5)
    assert shares[(series.s3, "youth")] == pytest.approx(0.5)


def test_interventions_and_speaking_time_skip_deleted_and_draft(dbs):
    series = build_series(dbs)
    report = _report(dbs)
    counts = _cells(report.interventions, ["session_id", "group"], "interventions")
    assert counts[(series.s1, "industry")] == 3
    assert sum(counts.values()) == 11
    speaking = report.speaking_time.set_index("group")
    assert speaking.loc["industry", "minutes"] == pytest.approx(5.0)  # 60 + 120 + 60 + 60 seconds
    assert speaking.loc["industry", "timed_interventions"] == 4
    assert speaking.loc["industry", "interventions"] == 6
    assert speaking.loc["youth", "minutes"] == pytest.approx(0.8)  # 45 s, rounded to a tenth
    assert speaking.loc["civil_society", "timed_share"] == pytest.approx(1.0)


def test_themes_heatmap_and_top_themes(dbs):
    series = build_series(dbs)
    report = _report(dbs)
    heat = _cells(report.theme_heatmap, ["session_id", "theme_code"], "mentions")
    assert heat == {(series.s1, "age_assurance"): 2, (series.s1, "safety_by_design"): 1,
                    (series.s1, "content_moderation"): 1, (series.s2, "age_assurance"): 1,
                    (series.s3, "safety_by_design"): 1}
    top = report.top_themes
    assert list(top["theme_code"]) == ["age_assurance", "safety_by_design", "content_moderation"]
    assert list(top["sessions"]) == [2, 2, 1]
    assert list(top["mentions"]) == [3, 2, 1]


def test_recommendations_by_addressee_status_and_theme(dbs):
    build_series(dbs)
    report = _report(dbs)
    by_addressee = report.recs_by_addressee.groupby("addressee")["recommendations"].sum().to_dict()
    assert by_addressee == {"industry": 3, "member_state": 1, "all": 1, "un_itu": 2, "civil_society": 1, "none": 1}
    industry = _cells(report.recs_by_addressee[report.recs_by_addressee["addressee"] == "industry"],
                      ["status"], "recommendations")
    assert industry == {"implemented": 2, "in_progress": 1}
    by_theme = _cells(report.recs_by_theme, ["theme_code", "status"], "recommendations")
    assert by_theme == {("age_assurance", "implemented"): 1, ("age_assurance", "accepted"): 1,
                        ("safety_by_design", "in_progress"): 1, ("safety_by_design", "implemented"): 1}


def test_status_per_session_and_implementation_rates(dbs):
    series = build_series(dbs)
    report = _report(dbs)
    status = _cells(report.recs_by_status, ["session_id", "status"], "recommendations")
    assert status == {(series.s1, "implemented"): 1, (series.s1, "in_progress"): 1, (series.s1, "proposed"): 1,
                      (series.s2, "accepted"): 1, (series.s2, "not_pursued"): 1,
                      (series.s3, "implemented"): 1, (series.s3, "proposed"): 1}
    rates = report.rates_by_session.set_index("session_id")
    assert rates.loc[series.s1, "implemented_rate"] == pytest.approx(1 / 3)
    assert rates.loc[series.s1, "accepted_rate"] == pytest.approx(2 / 3)
    assert rates.loc[series.s2, "implemented_rate"] == 0
    assert rates.loc[series.s2, "accepted_rate"] == pytest.approx(0.5)
    assert rates.loc[series.s3, "implemented_rate"] == pytest.approx(0.5)
    sectors = report.rates_by_sector.set_index("sector")
    assert set(sectors.index) == {"ai", "social_media", "gaming"}
    assert sectors.loc["gaming", "recommendations"] == 2
    assert sectors.loc["ai", "accepted_rate"] == pytest.approx(2 / 3)


def test_needs_attention_lists_overdue_and_stale_open_recommendations(dbs):
    series = build_series(dbs)
    attention = _report(dbs).attention
    # r3: review date passed; r6: 100 days unchanged (review date is today, not past); r2: 200 days unchanged.
    # Not r7 (not pursued), not r9 (fresh), not the draft session's, deleted or merged ones.
    assert list(attention["recommendation_id"]) == [series.recs["r3"], series.recs["r6"], series.recs["r2"]]
    why = dict(zip(attention["recommendation_id"], attention["why"]))
    assert why[series.recs["r3"]] == "Review date passed 1 day ago"
    assert why[series.recs["r2"]] == "Status unchanged for 200 days"


def test_the_follow_up_list_agrees_with_the_trends_attention_list(dbs):
    series = build_series(dbs)
    rows = follow_up.list_follow_up(dbs, attention_only=True, now=NOW)
    held = {series.recs["r3"], series.recs["r6"], series.recs["r2"]}
    # The follow-up page also covers sessions that were never held (the draft's stale one).
    assert {r.id for r in rows} == held | {series.recs["draft"]}


@pytest.mark.parametrize("filters, sessions, participants, interventions, recommendations", [
    ({"years": (2026,)}, 1, 2, 3, 2),
    ({"quarters": (2,)}, 1, 3, 3, 2),
    ({"sectors": ("ai", "gaming")}, 2, 5, 8, 5),
    ({"groups": ("youth",)}, 3, 2, 2, 1),
    ({"themes": ("age_assurance",)}, 2, 6, 3, 2),
    ({"years": (2026,), "quarters": (2,)}, 0, 0, 0, 0),
])
def test_filters(dbs, filters, sessions, participants, interventions, recommendations):
    build_series(dbs)
    h = _report(dbs, **filters).headline
    assert (h.sessions_held, h.participants, h.interventions, h.recommendations) == (
        sessions, participants, interventions, recommendations)


def test_theme_filter_keeps_only_that_theme_in_the_heatmap(dbs):
    build_series(dbs)
    report = _report(dbs, themes=("age_assurance",))
    assert set(report.theme_heatmap["theme_code"]) == {"age_assurance"}
    assert set(report.recs_by_theme["theme_code"]) == {"age_assurance"}


def test_no_match_and_no_sessions_are_told_apart(dbs):
    assert _report(dbs).any_sessions is False
    build_series(dbs)
    report = _report(dbs, years=(2019,))
    assert report.any_sessions is True and report.sessions.empty
    assert report.participation.empty and report.attention.empty and report.rates_by_sector.empty


def test_filter_options_offer_only_years_and_sectors_that_were_held(dbs):
    build_series(dbs)
    options = list_filter_options(dbs)
    assert options.years == (2026, 2025)
    assert [code for code, _ in options.sectors] == ["ai", "social_media", "gaming"]
    assert len(options.themes) >= 3 and len(options.groups) == 7


def test_change_stamp_moves_with_captures_and_follow_up_only(dbs):
    series = build_series(dbs)
    editor = make_user(dbs, "lead", ("leadership",))
    dbs.commit()
    first = get_change_stamp(dbs)
    assert get_change_stamp(dbs) == first
    make_intervention(dbs, series.s1, stakeholder_type="academia")
    dbs.commit()
    second = get_change_stamp(dbs)
    assert second != first
    follow_up.add_comment(dbs, series.recs["r9"], actor=Actor(editor.id, editor.username), roles=("leadership",),
                          note="Checked with the owner.")
    dbs.commit()
    assert get_change_stamp(dbs) != second


def test_a_session_without_a_start_date_still_counts(dbs):
    make_session(dbs, status="live", scheduled_start=None)
    report = build_trend_report(dbs, today=TODAY, now=NOW)
    assert report.headline.sessions_held == 1
    assert dbs.scalar(select(DialogueSession.scheduled_start)) is None


def test_change_stamp_moves_when_a_theme_tag_is_swapped_or_a_person_renamed(dbs):
    # Neither adds nor removes a row, nor touches an intervention: db/live_stamp.py moves the sessions' data_version.
    series = build_series(dbs)
    dbs.commit()
    first = get_change_stamp(dbs)
    tag = dbs.scalars(select(InterventionTheme)).first()
    other = dbs.scalar(select(Theme.id).where(Theme.id != tag.theme_id, Theme.id.not_in(
        select(InterventionTheme.theme_id).where(InterventionTheme.intervention_id == tag.intervention_id))))
    dbs.delete(tag)
    dbs.add(InterventionTheme(intervention_id=tag.intervention_id, theme_id=other))
    dbs.commit()
    second = get_change_stamp(dbs)
    assert second != first
    person = dbs.scalar(select(Person).join(Attendance, Attendance.person_id == Person.id)
                        .where(Attendance.session_id == series.s1))
    person.organization = "Another organization"
    dbs.commit()
    assert get_change_stamp(dbs) != second


@pytest.mark.parametrize("filters", [{}, {"years": (2026,)}, {"groups": ("youth",)}, {"themes": ("age_assurance",)},
                                     {"sectors": ("ai", "gaming"), "groups": ("industry",)}, {"years": (2019,)}])
def test_the_overview_and_subjects_give_the_full_reports_figures(dbs, filters):
    build_series(dbs)
    report = _report(dbs, **filters)
    chosen = TrendFilters(**filters)
    overview = summarize_overview(dbs, filters=chosen, today=TODAY, now=NOW)
    assert overview.headline == report.headline
    assert overview.needs_attention == len(report.attention)
    assert list(overview.sessions["session_id"]) == list(report.sessions["session_id"])
    shared = summarize_overview(dbs, filters=chosen, held=list_held_sessions(dbs), today=TODAY, now=NOW)
    assert shared.headline == overview.headline
    for subject, names in SUBJECTS.items():
        frames = summarize_subject(dbs, overview, subject)
        assert set(frames) == set(names)
        for name, frame in frames.items():
            assert frame.equals(getattr(report, name)), (subject, name)


def test_an_unknown_subject_is_refused(dbs):
    build_series(dbs)
    with pytest.raises(ValueError):
        summarize_subject(dbs, summarize_overview(dbs, today=TODAY, now=NOW), "weather")
