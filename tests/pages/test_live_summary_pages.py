"""AppTest of the live summary and the presenter view, and the rule every live fragment follows."""
from sqlalchemy import select

from dashboard.services.live.clock import set_current_question
from dashboard.services.live.key_points import list_key_points
from db.models import DialogueSession, KeyPoint
from db.session import session_factory
from tests.pages.live_helpers import XSS, capture, open_page, said, texts


def test_live_summary_shows_counts_nudges_and_lets_moderators_approve(live):
    with session_factory(live["url"])() as s:
        set_current_question(s, session_id=live["session_id"], question_id=live["refs"][0].id, actor=live["actor"])
        s.commit()
    capture(live, "jane", "Regulators want proportionate age assurance for live streams. " + XSS,
             question=live["refs"][0].id)
    at = open_page("live_summary.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Interventions"] == "1" and metrics["Now on"] == "Part 1, Q1"
    assert "No youth voice yet on Part 1, Q1" in [w.value for w in at.warning]
    assert "<script>" not in texts(at)
    approve = [b for b in at.button if b.label == "Approve"]
    assert approve
    approve[0].click().run()
    assert not at.exception
    with session_factory(live["url"])() as s:
        assert s.scalars(select(KeyPoint.state)).all() == ["approved"]


def test_presenter_has_no_controls_and_respects_approval_mode(live):
    with session_factory(live["url"])() as s:
        ds = s.get(DialogueSession, live["session_id"])
        ds.approval_mode = True
        set_current_question(s, session_id=ds.id, question_id=live["refs"][0].id, actor=live["actor"])
        s.commit()
    capture(live, "jane", "Platforms should verify the age of streamers before monetisation.",
             question=live["refs"][0].id)
    capture(live, "kai", "Young creators want clear reporting buttons during live streams.",
             question=live["refs"][0].id)
    at = open_page("presenter.py")
    assert [b.label for b in at.button] == ["Log out"]  # only the sidebar's
    assert not at.text_area and not at.text_input
    assert "No approved key points yet." in texts(at)
    assert "Kai" not in texts(at) and "Jane" not in texts(at)  # Chatham House: groups only
    with session_factory(live["url"])() as s:
        point = [p for p in list_key_points(s, session_id=live["session_id"]) if p.number == 2][0]
        s.add(KeyPoint(session_id=live["session_id"], question_id=point.question_id,
                       intervention_id=point.intervention_id, sentence_hash=point.sentence_hash,
                       original_text=point.original_text, text=point.text, state="approved"))
        s.execute(DialogueSession.__table__.update().values(data_version=DialogueSession.data_version + 1))
        s.commit()
    at.run()
    shown = texts(at)
    assert "Young creators want clear reporting buttons during live streams. — *\\#2 · Children and youth" in shown
    assert "verify the age of streamers" not in shown


def test_moderators_switch_approval_mode_on_the_summary(live):
    capture(live, "jane", "Regulators want proportionate age assurance for live streams.")
    at = open_page("live_summary.py")
    at.toggle(key="kp_mode").set_value(True).run()
    assert not at.exception
    assert "Approval mode on: only approved points are shown" in said(at)
    with session_factory(live["url"])() as s:
        assert s.get(DialogueSession, live["session_id"]).approval_mode is True
    assert at.toggle(key="kp_mode").value is True


# --- issue 9: every action lands on the right record, for a user who is still allowed -------


def test_chatham_house_turned_on_removes_names_from_the_open_presenter_view(live):
    from dashboard.services.setup.sessions import get_session_detail, update_session
    from dataclasses import replace
    with session_factory(live["url"])() as s:
        ds = s.get(DialogueSession, live["session_id"])
        ds.chatham_house = False
        set_current_question(s, session_id=ds.id, question_id=live["refs"][0].id, actor=live["actor"])
        s.commit()
    capture(live, "jane", "Platforms should verify the age of streamers before monetisation.",
             question=live["refs"][0].id)
    at = open_page("presenter.py")
    assert "Jane Regulator" in texts(at)
    with session_factory(live["url"])() as s:
        data = get_session_detail(s, live["session_id"]).as_input()
        update_session(s, session_id=live["session_id"], data=replace(data, chatham_house=True), actor=live["actor"])
        s.commit()
    at.run()  # one refresh of the presenter's fragment
    assert "Jane Regulator" not in texts(at)
    assert "verify the age of streamers" in texts(at)


def test_key_points_say_why_they_are_missing_and_arrive_with_the_live_view(live):
    at = open_page("live_summary.py")
    assert any("they are picked from the notes as soon as interventions are captured" in i.value for i in at.info)
    capture(live, "jane", "Too short.")
    at.run()
    assert any("a key point is a sentence of at least 4 words from a note, and none of the 1 captured"
               in i.value for i in at.info)
    capture(live, "kai", "Young creators want clear reporting buttons during live streams.")
    at.run()
    assert "Young creators want clear reporting buttons during live streams." in texts(at)
    assert not [b for b in at.button if b.label == "Refresh suggestions"]


def test_every_live_fragment_rechecks_the_user_first():
    """Timer fragments rerun without the entry script's gate: each must start with actions.guard."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    files = [*sorted((root / "dashboard" / "ui" / "live").glob("*.py")),
             *(root / "pages" / name for name in ("live_console.py", "live_summary.py", "presenter.py", "follow.py"))]
    fragments = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any("fragment" in ast.unparse(d) for d in node.decorator_list):
                body = [n for n in node.body if not isinstance(n, ast.Expr) or not isinstance(n.value, ast.Constant)]
                fragments.append((path.name, node.name, ast.unparse(body[0])))
    assert len(fragments) >= 5
    assert [f for f in fragments if not f[2].startswith("actions.guard(")] == []
