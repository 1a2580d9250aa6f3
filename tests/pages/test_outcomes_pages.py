"""AppTest of the outcome pages: drafting, publishing, and what a participant can and cannot reach."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from dashboard.services.outcomes import publication as pub
from dashboard.services.outcomes import recommendations as recs
from dashboard.services.outcomes.participant_view import NOT_AVAILABLE
from db.models import Attendance, DialogueSession, Recommendation, RecommendationSource, Takeaway, User
from db.session import session_factory
from tests.conftest import ROOT, login_as, make_app, page_path
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
    return "\n".join(str(p) for p in parts)


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
    at.checkbox(key=f"pick_{a.interventions['alice_q0']}").check().run()
    at.checkbox(key=f"pick_{a.interventions['yara_q0']}").check().run()
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
    assert "Supported by Industry, Children and youth representatives (from 2 interventions)" in _texts(at)


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
    at.text_area(key=f"rec_text_{first.id}").input("First, reworded.")
    next(b for b in at.button if b.label == "Save").click().run()
    assert "Recommendation saved." in _texts(at)
    at.button(key=f"rec_down_{first.id}").click().run()
    assert [r.text for r in recs_list(world)] == ["Second.", "First, reworded."]
    at.button(key=f"rec_delete_{second.id}").click().run()
    assert [r.text for r in recs_list(world)] == ["First, reworded."]
    at.button(key=f"rec_restore_{second.id}").click().run()
    assert [r.text for r in recs_list(world)] == ["First, reworded.", "Second."]
    at.selectbox(key="merge_keep").set_value(first.id)
    at.selectbox(key="merge_gone").set_value(second.id)
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
    part_key = str(a.parts[1])
    at.text_area(key=f"tk_new_{part_key}").input("Odds should be shown in plain language.")
    at.multiselect(key=f"tk_new_src_{part_key}").select(a.interventions["alice_q2"])
    submit = [b for b in at.button if b.label == "Add takeaway"]
    assert len(submit) == 3  # one form per Part, plus the whole session
    submit[1].click().run()
    assert not at.exception
    [item] = _rows(world["url"], Takeaway, session_id=a.session_id)
    assert (item.part_id, item.text) == (a.parts[1], "Odds should be shown in plain language.")


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
    at.text_input(key="publish_reason").input("Typo fixed in recommendation 1")
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
    assert [e.value for e in at.error] == [NOT_AVAILABLE]
    assert not at.selectbox and "Test session" not in _texts(at) and "Session B" not in _texts(at)


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
    assert [e.value for e in at.error] == [NOT_AVAILABLE]


@pytest.mark.parametrize("page", ["recommendations.py", "publish.py"])
def test_participants_cannot_reach_the_drafting_pages(world, page):
    at = login_as(make_app(), "reader", ["participant"]).run()
    with pytest.raises(ValueError):
        at.switch_page(page_path(page))
        at.run()
    # Run straight from the file (no navigation): the page refuses on its own.
    direct = login_as(AppTest.from_file(str(ROOT / "pages" / page), default_timeout=30), "reader", ["participant"])
    direct.run()
    assert [e.value for e in direct.error] == ["This page is for: Moderator / rapporteur, Administrator. "
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
    assert at.checkbox(key=f"pick_{a.interventions['chen_q1']}").value is True
