"""Trends and Follow-up pages under AppTest: figures, filters, empty states, follow-up updates and roles."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from dashboard.textfmt import strip_isolates
from db.models import Recommendation, RecommendationEvent
from db.session import session_factory
from tests.conftest import ROOT, login_as, make_app, page_path
from tests.factories import make_user
from tests.services.leadership.test_trends import build_series


@pytest.fixture
def accounts(app_env):
    with session_factory(app_env)() as s:
        for role in ("admin", "moderator", "participant", "leadership"):
            make_user(s, role, (role,), display_name=f"The {role}")
        s.commit()
    return app_env


@pytest.fixture
def series(accounts):
    with session_factory(accounts)() as s:
        built = build_series(s)
        s.commit()
    return built


def _open(file: str, username: str, roles: tuple[str, ...]) -> AppTest:
    at = login_as(make_app(), username, roles).run()
    at.switch_page(page_path(file)).run()
    assert not at.exception, at.exception
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _texts(at: AppTest) -> str:
    return strip_isolates("\n".join(str(e.value) for e in (*at.error, *at.warning, *at.info, *at.success)))


def _picker(at: AppTest):
    """The Follow-up page's recommendation select box."""
    [found] = [s for s in at.selectbox if s.label == "Recommendation"]
    return found


def _field(widgets, name: str, rec_id: int):
    """The update form's widget `name` of one recommendation (keyed by dashboard.ui.actions.key)."""
    [found] = [w for w in widgets if w.key and re.fullmatch(rf"follow_up\.\d+\.{name}\.{rec_id}", w.key)]
    return found


def _save(at: AppTest) -> AppTest:
    return next(b for b in at.button if b.label == "Save follow-up").click().run()


def _open_tab(at: AppTest, name: str) -> AppTest:
    """Open the trends tab whose label starts with `name`, as a click on it does (the page reruns)."""
    [label] = [t.label for t in at.tabs if t.label.startswith(name)]
    at.session_state["tr_tab"] = label
    return at.run()


def _heading(at: AppTest) -> str:
    return next(h.value for h in at.subheader if "· recommendation " in h.value)


def test_trends_show_headline_charts_tables_and_downloads(series):
    at = _open("trends.py", "leadership", ("leadership",))
    assert _metrics(at) == {"Sessions held": "3", "Participants reached": "7", "Organizations": "3",
                            "Countries": "4", "Recommendations": "7", "Implemented": "2"}
    labels = [t.label for t in at.tabs]
    assert labels[:-1] == ["Participation", "Interventions", "Themes", "Recommendations", "Implementation",
                           "Support checks"]
    assert labels[-1].startswith("Needs attention (")
    assert "need attention" in _texts(at)
    # Only the open tab is drawn; each tab draws its own charts, tables and downloads.
    charts, downloads, tables = {}, {}, {}
    for label in labels:
        _open_tab(at, label)
        assert not at.exception, at.exception
        assert _metrics(at)["Sessions held"] == "3"
        charts[label] = len(at.get("vega_lite_chart"))
        downloads[label] = len(at.get("download_button"))
        tables[label] = len(at.dataframe)
    assert list(charts.values()) == [2, 2, 2, 3, 2, 0, 0]
    assert sum(downloads.values()) == 12  # one per chart, plus the needs-attention list
    assert tables == downloads


def test_the_open_tab_stays_open_when_its_count_changes(series):
    at = _open("trends.py", "leadership", ("leadership",))
    everything = [t.label for t in at.tabs][-1]
    _open_tab(at, "Needs attention")
    assert at.selectbox(key="tr_attention_pick").value is not None
    at.multiselect(key="tr_groups").set_value(["academia"]).run()  # no recommendation comes from academia
    assert [t.label for t in at.tabs][-1] == "Needs attention (0)"
    assert "Nothing overdue" in _texts(at)
    at.button(key="tr_clear").click().run()
    assert [t.label for t in at.tabs][-1] == everything
    assert at.selectbox(key="tr_attention_pick").value is not None
    _open_tab(at, "Themes")
    assert [h.value for h in at.subheader] == ["Themes over sessions", "Top recurring themes"]


def test_a_tabs_table_holds_the_chart_rows_with_readable_headings(series):
    at = _open("trends.py", "leadership", ("leadership",))
    _open_tab(at, "Implementation")
    table = at.dataframe[0].value
    assert list(table.columns) == ["Session", "Held on", "Sector focus", "Recommendations (n)", "Implemented",
                                   "Accepted or better", "Share implemented", "Share accepted or better"]
    assert list(table["Share implemented"]) == ["33.3%", "0.0%", "50.0%"]


def test_filters_narrow_the_figures_and_can_be_cleared(series):
    at = _open("trends.py", "admin", ("admin",))
    at.multiselect(key="tr_years").set_value([2026]).run()
    assert _metrics(at)["Sessions held"] == "1"
    assert _metrics(at)["Participants reached"] == "2"
    at.multiselect(key="tr_groups").set_value(["youth"]).run()
    assert _metrics(at)["Participants reached"] == "1"
    at.button(key="tr_clear").click().run()
    assert _metrics(at)["Sessions held"] == "3"


def test_filters_matching_nothing_say_so(series):
    at = _open("trends.py", "leadership", ("leadership",))
    at.multiselect(key="tr_years").set_value([2026])
    at.multiselect(key="tr_quarters").set_value([3]).run()
    assert "No data for these filters" in _texts(at)
    assert not at.metric
    at.button(key="tr_clear").click().run()
    assert _metrics(at)["Sessions held"] == "3"


def test_trends_without_any_session_say_no_sessions_yet(accounts):
    at = _open("trends.py", "leadership", ("leadership",))
    assert "No sessions yet" in _texts(at)
    assert not at.get("vega_lite_chart")


def test_a_chart_with_nothing_to_show_explains_itself(series):
    at = _open("trends.py", "leadership", ("leadership",))
    at.multiselect(key="tr_groups").set_value(["academia"]).run()
    assert "No attendance recorded for these sessions and groups." in _texts(at)
    assert "No interventions captured for these filters." in _texts(_open_tab(at, "Interventions"))
    assert "No recommendations for these filters." in _texts(_open_tab(at, "Recommendations"))


def test_warm_cache_reflects_a_follow_up_change(series, accounts):
    at = _open("trends.py", "leadership", ("leadership",))
    assert _metrics(at)["Implemented"] == "2"
    with session_factory(accounts)() as s:
        rec = s.get(Recommendation, series.recs["r2"])
        rec.follow_up_status, rec.status_changed_at = "implemented", datetime.now(timezone.utc)
        s.commit()
    at.run()
    assert _metrics(at)["Implemented"] == "3"


def test_needs_attention_opens_the_recommendation_in_follow_up(series):
    at = _open_tab(_open("trends.py", "leadership", ("leadership",)), "Needs attention")
    picked = at.selectbox(key="tr_attention_pick").value
    at.button(key="tr_open_follow_up").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Recommendation follow-up"]
    assert _picker(at).value == picked


def test_follow_up_updates_status_and_comments(series, accounts):
    rec_id = series.recs["r3"]
    at = _open("follow_up.py", "moderator", ("moderator",))
    _picker(at).set_value(rec_id).run()
    _field(at.selectbox, "status", rec_id).set_value("accepted")
    _field(at.text_input, "owner", rec_id).input("ITU BDT")
    _save(at)
    assert not at.exception
    assert "Follow-up saved" in _texts(at)
    [comment] = [t for t in at.text_area if t.label == "Comment"]
    comment.input("Owner confirmed.")
    next(b for b in at.button if b.label == "Add comment").click().run()
    assert "Comment added" in _texts(at)
    with session_factory(accounts)() as s:
        rec = s.get(Recommendation, rec_id)
        assert (rec.follow_up_status, rec.owner) == ("accepted", "ITU BDT")
        kinds = list(s.scalars(select(RecommendationEvent.kind).where(RecommendationEvent.recommendation_id == rec_id)
                               .order_by(RecommendationEvent.id)))
    assert kinds == ["status", "edit", "comment"]
    assert any("Owner confirmed." == strip_isolates(t.value) for t in at.text)


def test_follow_up_shows_a_missing_reason_as_an_error(series):
    rec_id = series.recs["r3"]
    at = _open("follow_up.py", "leadership", ("leadership",))
    _picker(at).set_value(rec_id).run()
    _field(at.selectbox, "status", rec_id).set_value("not_pursued")
    _save(at)
    assert not at.exception
    assert [e.value for e in at.error] == ["Say why the recommendation is not pursued: a reason is required."]


def test_follow_up_filters_and_empty_states(series):
    at = _open("follow_up.py", "admin", ("admin",))
    at.checkbox(key="fu_attention").check().run()
    # The page runs on today's clock, long after the series' NOW: every open recommendation is overdue by now.
    assert len(_picker(at).options) == 5
    at.multiselect(key="fu_statuses").set_value(["implemented"]).run()
    assert "No recommendations match these filters." in _texts(at)


def test_follow_up_without_recommendations(accounts):
    at = _open("follow_up.py", "moderator", ("moderator",))
    assert "No sessions yet" in _texts(at)


def _send_label(box, label: str) -> None:
    """Make the next run receive `label` for this select box, as a browser does with the label it shows."""
    sent = type(box)

    class StaleLabel(sent):  # type: ignore[misc, valid-type]
        @property
        def _widget_state(self):
            state = sent._widget_state.fget(self)
            state.string_value = label
            return state

    box.__class__ = StaleLabel


def test_the_chosen_recommendation_survives_its_label_changing(series, accounts):
    # Issue 9, item 1: the option label carries the status; after a save the browser still sent the
    # label it showed, which no longer matched, and the page fell back to the first recommendation.
    rec_id = series.recs["r9"]
    at = _open("follow_up.py", "leadership", ("leadership",))
    first = _picker(at).options[0]
    _picker(at).set_value(rec_id).run()
    shown = _picker(at).options[_picker(at).index]
    assert "Proposed" in shown and shown != first
    _field(at.selectbox, "status", rec_id).set_value("implemented")
    _save(at)
    assert "Follow-up saved" in _texts(at)
    _send_label(_picker(at), shown)  # the browser still shows (and sends) "… · Proposed — …"
    _field(at.selectbox, "status", rec_id).set_value("in_progress")
    _field(at.text_area, "reason", rec_id).input("Only two regions so far.")
    _save(at)
    assert not at.exception
    assert _picker(at).value == rec_id
    assert _heading(at).endswith("recommendation 2")
    with session_factory(accounts)() as s:
        rec = s.get(Recommendation, rec_id)
        assert (rec.follow_up_status, rec.status_reason) == ("in_progress", "Only two regions so far.")
        others = {r.id: r.follow_up_status
                  for r in s.scalars(select(Recommendation).where(Recommendation.id != rec_id))}
    assert others[series.recs["r8"]] == "implemented" and others[series.recs["draft"]] == "proposed"


def test_a_form_drawn_for_one_status_cannot_overwrite_a_newer_one(series, accounts):
    rec_id = series.recs["r3"]
    at = _open("follow_up.py", "moderator", ("moderator",))
    _picker(at).set_value(rec_id).run()
    with session_factory(accounts)() as s:  # someone else moves it on meanwhile
        rec = s.get(Recommendation, rec_id)
        rec.follow_up_status = "accepted"
        s.commit()
    _field(at.selectbox, "status", rec_id).set_value("implemented")
    _save(at)
    assert any("Someone changed this recommendation" in e.value for e in at.error)
    with session_factory(accounts)() as s:
        assert s.get(Recommendation, rec_id).follow_up_status == "accepted"


def test_after_a_save_the_form_shows_the_saved_record(series, accounts):
    rec_id = series.recs["r3"]
    at = _open("follow_up.py", "moderator", ("moderator",))
    _picker(at).set_value(rec_id).run()
    _field(at.selectbox, "status", rec_id).set_value("not_pursued")
    _field(at.text_area, "reason", rec_id).input("Out of scope.")
    old_key = _field(at.text_area, "reason", rec_id).key
    _save(at)
    reason = _field(at.text_area, "reason", rec_id)
    assert reason.key != old_key and reason.value == ""  # a new form: the reason is not sent twice
    assert _field(at.selectbox, "status", rec_id).value == "not_pursued"
    assert _picker(at).value == rec_id


def test_open_in_follow_up_wins_over_an_earlier_choice(series):
    at = _open("follow_up.py", "leadership", ("leadership",))
    _picker(at).set_value(series.recs["r1"]).run()
    at.switch_page(page_path("trends.py")).run()
    picked = _open_tab(at, "Needs attention").selectbox(key="tr_attention_pick").value
    assert picked != series.recs["r1"]
    at.button(key="tr_open_follow_up").click().run()
    assert _picker(at).value == picked


@pytest.mark.parametrize("role", ["participant", "moderator"])
def test_participants_and_moderators_cannot_open_trends(accounts, role):
    at = login_as(make_app(), role, (role,)).run()
    with pytest.raises(ValueError):
        at.switch_page(page_path("trends.py"))


def test_participants_cannot_open_follow_up(accounts):
    at = login_as(make_app(), "participant", ("participant",)).run()
    with pytest.raises(ValueError):
        at.switch_page(page_path("follow_up.py"))


@pytest.mark.parametrize("file, role", [("trends.py", "moderator"), ("trends.py", "participant"),
                                        ("follow_up.py", "participant")])
def test_the_page_itself_refuses_the_wrong_role(series, file, role):
    # Run the page script on its own, as the legacy pages/ discovery would: it must still refuse.
    at = login_as(AppTest.from_file(str(ROOT / "pages" / file), default_timeout=30), role, (role,)).run()
    assert [e.value for e in at.error][0].startswith("This page is for:")
    assert not at.metric and not at.get("vega_lite_chart")
