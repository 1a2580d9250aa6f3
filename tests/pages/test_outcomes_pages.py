"""AppTest of the outcome pages: drafting, publishing, and what a participant can and cannot reach."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from dashboard.services.outcomes import publication as pub
from dashboard.services.outcomes import recommendations as recs
from dashboard.services.outcomes import takeaways as tks
from dashboard.textfmt import strip_isolates
from db.models import Attendance, DialogueSession, Recommendation, RecommendationSource, Takeaway, User
from db.session import session_factory
from tests.conftest import ROOT, login_as, make_app, page_path
from tests.pages.live_helpers import ours
from tests.factories import make_intervention, make_person, make_session, make_user
from tests.reports.outcome_data import build_session


@pytest.fixture
def world(app_env):
    """A: live, with interventions (reader registered). B: published (not registered).
    C: closed, unpublished (reader registered). D: draft (reader registered)."""
    with session_factory(app_env)() as s:
        a = build_session(s, username="mod")
        make_intervention(s, a.session_id, text="<script>alert('x')</script> **shout**", stakeholder_type="civil_society")
        b = make_session(s, status="closed", title="Session B")
        c = make_session(s, status="closed", title="Session C")
        d = make_session(s, status="draft", title="Session D")
        reader = make_user(s, "reader", ("participant",))
        person = make_person(s, a.session_id, name="Reader Person")
        for sid in (c.id, d.id):
            s.add(Attendance(session_id=sid, person_id=person.id, stakeholder_type="industry"))
        s.get(User, reader.id).person_id = person.id
        pub.publish_session(s, b.id, actor=a.actor)
        codes = {"B": pub.regenerate_share_code(s, b.id, actor=a.actor),
                 "C": pub.regenerate_share_code(s, c.id, actor=a.actor)}
        s.commit()
        return {"url": app_env, "A": a, "B": b.id, "C": c.id, "D": d.id, "codes": codes}


def _open(username: str, roles: list[str], page: str, session_id: int | None = None, **query: str) -> AppTest:
    at = login_as(make_app(), username, roles)
    if session_id is not None:
        at.session_state["dd_session_id"] = session_id
    at.run()
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(page_path(page)).run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.error, *at.warning, *at.info, *at.success)]
    parts += [m.value for m in (*at.markdown, *at.caption, *at.title, *at.subheader)]
    return strip_isolates("\n".join(str(p) for p in parts))


def _keyed(widgets, area: str, name: str, *record: object):
    """The one widget keyed `actions.key(area, name, *record)`, whatever the key's generation."""
    suffix = "".join(f".{r}" for r in record)
    pattern = re.compile(rf"{re.escape(area)}\.\d+\.{re.escape(name + suffix)}")
    [found] = [w for w in widgets if w.key and pattern.fullmatch(w.key)]
    return found


def _pick(at: AppTest, intervention_id: int):
    return _keyed(at.checkbox, "promote", "pick", intervention_id)


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def _rows(url: str, model, **where):
    with session_factory(url)() as s:
        stmt = select(model)
        for key, value in where.items():
            stmt = stmt.where(getattr(model, key) == value)
        return list(s.scalars(stmt))


def test_moderator_promotes_two_interventions_into_a_recommendation(world):
    a = world["A"]
    at = _open("mod", ["moderator"], "recommendations.py", a.session_id)
    assert "No recommendations yet" in _texts(at)
    at.segmented_control(key="outcomes_view").set_value("Promote interventions").run()
    assert "0 selected" in _texts(at)
    _pick(at, a.interventions["alice_q0"]).check().run()
    _pick(at, a.interventions["yara_q0"]).check().run()
    assert "2 selected" in _texts(at)
    [text] = [t for t in at.text_area if t.label == "Recommendation"]
    assert text.value.splitlines() == ["Chat should default to friends only for under-16s.",
                                       "Young players want to block strangers in one tap."]
    text.input("Game platforms should default chat to friends only for under-16s.")
    next(b for b in at.button if b.label == "Create recommendation").click().run()
    assert not at.exception
    assert "Recommendation created from 2 interventions." in _texts(at)
    [rec] = _rows(world["url"], Recommendation, session_id=a.session_id)
    assert rec.text == "Game platforms should default chat to friends only for under-16s."
    sources = {r.intervention_id for r in _rows(world["url"], RecommendationSource, recommendation_id=rec.id)}
    assert sources == {a.interventions["alice_q0"], a.interventions["yara_q0"]}
    assert "0 selected" in _texts(at)  # the selection was cleared
    at.segmented_control(key="outcomes_view").set_value("Recommendations").run()
    assert "Raised by Industry, Children and youth representatives (from 2 interventions)" in _texts(at)


def _sources(url: str, rec_id: int) -> set[int]:
    return {r.intervention_id for r in _rows(url, RecommendationSource, recommendation_id=rec_id)}


def test_clear_selection_renews_the_checkboxes_and_promote_takes_only_the_new_ticks(world):
    # Issue 9, item 2: after "Clear selection" the browser kept showing (and sending back) the old
    # tick, because the checkbox was the same widget. A cleared checkbox must be a new widget.
    a, url = world["A"], world["url"]
    alice, chen, yara = (a.interventions[k] for k in ("alice_q0", "chen_q1", "yara_q0"))
    at = _open("mod", ["moderator"], "recommendations.py", a.session_id)
    at.segmented_control(key="outcomes_view").set_value("Promote interventions").run()
    _pick(at, alice).check().run()
    assert "1 selected" in _texts(at)
    ticked_key = _pick(at, alice).key
    _button(at, "Clear selection").click().run()
    assert "0 selected" in _texts(at)
    assert ticked_key not in {c.key for c in at.checkbox}  # the old widget is gone with its tick
    assert _pick(at, alice).value is False
    assert _rows(url, Recommendation, session_id=a.session_id) == []

    _pick(at, chen).check().run()
    _pick(at, yara).check().run()
    assert "2 selected" in _texts(at)
    _button(at, "Create recommendation").click().run()
    assert "Recommendation created from 2 interventions." in _texts(at)
    [first] = _rows(url, Recommendation, session_id=a.session_id)
    assert _sources(url, first.id) == {chen, yara}
    assert [c.value for c in at.checkbox] == [False] * len(at.checkbox)

    _pick(at, alice).check().run()
    assert "1 selected" in _texts(at)
    _button(at, "Create recommendation").click().run()
    second = next(r for r in _rows(url, Recommendation, session_id=a.session_id) if r.id != first.id)
    assert _sources(url, first.id) == {chen, yara}
    assert _sources(url, second.id) == {alice}
    with session_factory(url)() as s:
        groups = {r.id: r.supporting_groups for r in recs.list_recommendations(s, session_id=a.session_id)}
    assert groups == {first.id: ("academia", "youth"), second.id: ("industry",)}


def test_add_as_sources_links_the_ticks_and_clears_them(world):
    a, url = world["A"], world["url"]
    with session_factory(url)() as s:
        target = recs.create_recommendation(s, session_id=a.session_id, actor=a.actor, text="Target.")
        s.commit()
    at = _open("mod", ["moderator"], "recommendations.py", a.session_id)
    at.segmented_control(key="outcomes_view").set_value("Promote interventions").run()
    _pick(at, a.interventions["bruno_q0"]).check().run()
    ticked_key = _pick(at, a.interventions["bruno_q0"]).key
    _button(at, "Add as sources").click().run()
    assert "Sources added to recommendation 1." in _texts(at)
    assert "0 selected" in _texts(at)
    assert ticked_key not in {c.key for c in at.checkbox}
    assert _sources(url, target.id) == {a.interventions["bruno_q0"]}


def test_hostile_notes_are_shown_as_text(world):
    at = _open("mod", ["moderator"], "recommendations.py", world["A"].session_id)
    at.segmented_control(key="outcomes_view").set_value("Promote interventions").run()
    shown = _texts(at)
    assert "\\<script\\>alert('x')\\</script\\> \\*\\*shout\\*\\*" in shown
    assert "<script>" not in shown


def test_edit_delete_restore_and_merge_from_the_page(world):
    a = world["A"]
    with session_factory(world["url"])() as s:
        first = recs.create_recommendation(s, session_id=a.session_id, actor=a.actor, text="First.",
                                           intervention_ids=[a.interventions["alice_q0"]])
        second = recs.create_recommendation(s, session_id=a.session_id, actor=a.actor, text="Second.",
                                            intervention_ids=[a.interventions["chen_q1"]])
        s.commit()
    at = _open("mod", ["moderator"], "recommendations.py", a.session_id)
    at.button(key=f"rec_edit_{first.id}").click().run()
    _keyed(at.text_area, "recommendations", "text", first.id).input("First, reworded.")
    next(b for b in at.button if b.label == "Save").click().run()
    assert "Recommendation saved." in _texts(at)
    at.button(key=f"rec_down_{first.id}").click().run()
    assert [r.text for r in recs_list(world)] == ["Second.", "First, reworded."]
    at.button(key=f"rec_delete_{second.id}").click().run()
    assert [r.text for r in recs_list(world)] == ["First, reworded."]
    at.button(key=f"rec_restore_{second.id}").click().run()
    assert [r.text for r in recs_list(world)] == ["First, reworded.", "Second."]
    _keyed(at.selectbox, "recommendations", "merge_keep").set_value(first.id)
    _keyed(at.selectbox, "recommendations", "merge_gone").set_value(second.id)
    next(b for b in at.button if b.label == "Merge").click().run()
    assert "Merged" in _texts(at)
    [kept] = recs_list(world)
    assert kept.id == first.id and kept.supporting_groups == ("industry", "academia")


def recs_list(world):
    with session_factory(world["url"])() as s:
        return recs.list_recommendations(s, session_id=world["A"].session_id)


def test_takeaways_are_added_per_part(world):
    a = world["A"]
    at = _open("mod", ["moderator"], "recommendations.py", a.session_id)
    at.segmented_control(key="outcomes_view").set_value("Key takeaways").run()
    area = f"takeaways.new.{a.parts[1]}"
    _keyed(at.text_area, area, "text").input("Odds should be shown in plain language.")
    _keyed(at.multiselect, area, "sources").select(a.interventions["alice_q2"])
    submit = [b for b in at.button if b.label == "Add takeaway"]
    assert len(submit) == 3  # one form per Part, plus the whole session
    submit[1].click().run()
    assert not at.exception
    [item] = _rows(world["url"], Takeaway, session_id=a.session_id)
    assert (item.part_id, item.text) == (a.parts[1], "Odds should be shown in plain language.")


def test_an_added_takeaway_leaves_an_empty_form_and_the_next_one_has_no_sources(world):
    # Issue 9, item 3: the add form kept its text and sources in the browser, so the next takeaway
    # inherited them. After a successful add the form's widgets must be new, hence empty.
    a, url = world["A"], world["url"]
    area = f"takeaways.new.{a.parts[0]}"
    at = _open("mod", ["moderator"], "recommendations.py", a.session_id)
    at.segmented_control(key="outcomes_view").set_value("Key takeaways").run()
    text = _keyed(at.text_area, area, "text")
    old_keys = {text.key, _keyed(at.multiselect, area, "sources").key}
    text.input("Default settings matter most.")
    _keyed(at.multiselect, area, "sources").select(a.interventions["chen_q1"])
    next(b for b in at.button if b.label == "Add takeaway").click().run()  # Part 1's form comes first
    assert "Takeaway added." in _texts(at)
    fresh_text, fresh_sources = _keyed(at.text_area, area, "text"), _keyed(at.multiselect, area, "sources")
    assert {fresh_text.key, fresh_sources.key}.isdisjoint(old_keys)
    assert (fresh_text.value, fresh_sources.value) == ("", [])

    fresh_text.input("Children should be asked, not only protected.")
    next(b for b in at.button if b.label == "Add takeaway").click().run()
    with session_factory(url)() as s:
        items = tks.list_takeaways(s, session_id=a.session_id)
    assert [(t.text, t.source_ids, t.supporting_groups) for t in items] == [
        ("Default settings matter most.", (a.interventions["chen_q1"],), ("academia",)),
        ("Children should be asked, not only protected.", (), ()),
    ]


def test_close_publish_and_republish_with_a_reason(world):
    a = world["A"]
    at = _open("mod", ["moderator"], "publish.py", a.session_id)
    publish = next(b for b in at.button if b.label == "Publish")
    assert publish.disabled
    next(b for b in at.button if b.label == "Close the session").click().run()
    assert "Session closed" in _texts(at)
    next(b for b in at.button if b.label == "Publish").click().run()
    assert "Published." in _texts(at)
    assert _rows(world["url"], DialogueSession, id=a.session_id)[0].status == "published"
    update = next(b for b in at.button if b.label == "Publish update (revision 2)")
    update.click().run()
    assert "Say what changed" in _texts(at)  # no reason given
    _keyed(at.text_input, "publish", "reason", a.session_id).input("Typo fixed in recommendation 1")
    next(b for b in at.button if b.label == "Publish update (revision 2)").click().run()
    with session_factory(world["url"])() as s:
        assert [p.reason for p in pub.list_publications(s, a.session_id)] == [None, "Typo fixed in recommendation 1"]
    [history] = [d.value for d in at.dataframe if "Reason" in d.value.columns]
    assert list(history["Reason"]) == ["Typo fixed in recommendation 1", "first publication"]


def test_publish_page_can_leave_items_out(world):
    a = world["A"]
    with session_factory(world["url"])() as s:
        keep = recs.create_recommendation(s, session_id=a.session_id, actor=a.actor, text="Keep.")
        drop = recs.create_recommendation(s, session_id=a.session_id, actor=a.actor, text="Not yet.")
        pub.close_session(s, a.session_id, actor=a.actor)
        s.commit()
    at = _open("mod", ["moderator"], "publish.py", a.session_id)
    at.checkbox(key=f"pub_rec_{drop.id}").uncheck().run()
    next(b for b in at.button if b.label == "Publish").click().run()
    with session_factory(world["url"])() as s:
        snapshot = pub.latest_publication(s, a.session_id)[1]
    assert [r["id"] for r in snapshot["recommendations"]] == [keep.id]


def test_participant_sees_only_published_sessions_they_registered_for(world):
    at = _open("reader", ["participant"], "takeaways.py")
    assert "No published outcomes for you yet" in _texts(at)
    with session_factory(world["url"])() as s:
        pub.close_session(s, world["A"].session_id, actor=world["A"].actor)
        pub.publish_session(s, world["A"].session_id, actor=world["A"].actor)
        s.commit()
    at.run()
    [option] = at.selectbox[0].options
    assert option == f"#{_number(world, world['A'].session_id)} {_title(world)} · 30 Oct 2025"
    assert "Friends-only chat by default for under-16s." not in _texts(at)  # key points are not on this page
    assert "Chatham House Rule" in _texts(at)
    assert [b.label for b in at.get("download_button")] == ["DOCX (Word)", "Markdown"]


def _number(world, sid):
    with session_factory(world["url"])() as s:
        return s.get(DialogueSession, sid).series_number


def _title(world):
    with session_factory(world["url"])() as s:
        return s.get(DialogueSession, world["A"].session_id).title


@pytest.mark.parametrize("target", ["C", "D", "B"])
def test_a_participant_cannot_open_other_or_unpublished_sessions_by_url(world, target):
    # C and D: registered but unpublished; B: published but not registered.
    at = _open("reader", ["participant"], "takeaways.py", session=str(world[target]))
    [error] = [e.value for e in at.error]
    assert error.startswith(f"Session {world[target]} is not available to you: ")
    assert not ours(at.selectbox) and "Test session" not in _texts(at) and "Session B" not in _texts(at)


def test_a_share_code_opens_only_its_own_published_session(world):
    at = _open("reader", ["participant"], "takeaways.py", code=world["codes"]["C"])
    assert any("No published session matches this code" in e.value for e in at.error)
    assert "Session C" not in _texts(at)
    at.text_input(key="takeaways_code").input(world["codes"]["B"])
    next(b for b in at.button if b.label == "Open").click().run()
    assert not at.exception
    assert "Session opened" in _texts(at)
    assert "Session B" in _texts(at)
    # B's code gives B, and nothing more: C stays closed even asked for by URL.
    at.query_params["session"] = str(world["C"])
    at.run()
    [error] = [e.value for e in at.error]
    assert error.startswith(f"Session {world['C']} is not available to you: ")


@pytest.mark.parametrize("page", ["recommendations.py", "publish.py"])
def test_participants_cannot_reach_the_drafting_pages(world, page):
    at = login_as(make_app(), "reader", ["participant"]).run()
    with pytest.raises(ValueError):
        at.switch_page(page_path(page))
        at.run()
    # Run straight from the file (no navigation): the page refuses on its own.
    direct = login_as(AppTest.from_file(str(ROOT / "pages" / page), default_timeout=30), "reader", ["participant"])
    direct.run()
    assert [e.value for e in direct.error] == ["This page is for: Administrator, Moderator / rapporteur. "
                                               "You are logged in as Participant."]
    assert not direct.title


def test_staff_preview_on_the_takeaways_page(world):
    at = _open("mod", ["moderator"], "takeaways.py")
    assert "You see exactly what participants see" in _texts(at)
    assert "Session B" in _texts(at)


def test_a_link_with_promote_ids_opens_the_promote_view_with_them_ticked(world):
    a = world["A"]
    ids = f"{a.interventions['chen_q1']},{a.interventions['alice_q2']},999999"
    at = _open("mod", ["moderator"], "recommendations.py", a.session_id, promote=ids)
    assert at.segmented_control(key="outcomes_view").value == "Promote interventions"
    assert "2 selected" in _texts(at)  # the unknown id is ignored
    assert _pick(at, a.interventions["chen_q1"]).value is True
