"""AppTest of Prepare → Sessions, Questions & agenda, Participants on the real entry script."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select

from dashboard.services.setup.participants import list_session_participants
from dashboard.services.setup.structure import get_structure
from dashboard.textfmt import strip_isolates
from db.models import Attendance, DialogueSession, Question
from db.session import session_factory
from tests.conftest import login_as, make_app, page_path
from tests.factories import make_intervention, make_session, make_user

NOTE = """## Session structure
1. Opening & Scene-Setting (15 minutes)
2. Industry Showcases (45 Mins)
3. Moderated Dialogue (60 minutes)

### Part 1: Safer play by design
Objective: Collect design practices.
1. Which chat defaults reduce grooming risk?
2. How should in-game purchases be limited for under-18s?

### Part 2: Shared responsibility
1. What should app stores verify?
"""
REGISTRATIONS = (
    "First Name\tLast Name\tEmail\tOrganization\tWhich stakeholder group do you represent?\n"
    "Fatima\tAl-Zahra (فاطمة)\tfatima@tra.example.gov.ae\tRegulatory Authority\tGovernment / Regulator\n"
    "Wei\tZhang 张伟\tzhang@games.example\tExample Games Ltd\tPrivate sector\n"
    "Wei\tZhang\tZHANG@games.example\tExample Games Ltd\tCompany\n"
    "Amara\tOkafor\tamara@example.org\tYouth Panel\tStudent\n"
)
XSS = "<img src=x onerror=alert(1)> **bold** [x](javascript:alert(1))"


@pytest.fixture
def env(app_env):
    with session_factory(app_env)() as s:
        make_user(s, "mod", ("moderator",))
        make_user(s, "part", ("participant",))
        s.commit()
    return app_env


def with_session(url: str, **kw) -> int:
    with session_factory(url)() as s:
        ds = make_session(s, **kw)
        s.commit()
        return ds.id


def open_page(file: str, session_id: int | None = None, user: str = "mod", roles=("moderator",)):
    at = login_as(make_app(), user, list(roles))
    if session_id is not None:
        at.session_state["dd_session_id"] = session_id
    at.run()
    at.switch_page(page_path(file)).run()
    assert not at.exception, at.exception
    return at


def texts(at) -> str:
    return strip_isolates("\n".join(str(e.value) for e in (*at.markdown, *at.caption, *at.error, *at.warning,
                                                           *at.info, *at.success, *at.subheader)))


def k(area: str, name: str, *record, generation: int = 0) -> str:
    """The widget key `dashboard.ui.actions.key` gives (the area's key generation starts at 0)."""
    return ".".join([area, str(generation), name, *(str(r) for r in record)])


def button(at, label: str):
    matches = [b for b in at.button if b.label.startswith(label)]
    assert matches, [b.label for b in at.button]
    return matches[0]


# --- empty states and roles ------------------------------------------------------------


@pytest.mark.parametrize("file", ["questions.py", "participants.py"])
def test_pages_explain_themselves_without_sessions(env, file):
    at = open_page(file)
    assert "No sessions yet: create one under Prepare → Sessions." in [i.value for i in at.info]


def test_sessions_page_empty_state(env):
    at = open_page("sessions.py")
    assert any("No sessions yet" in i.value for i in at.info)


@pytest.mark.parametrize("file", ["sessions.py", "questions.py", "participants.py"])
def test_participants_cannot_open_setup_pages(env, file):
    at = login_as(make_app(), "part", ["participant"]).run()
    with pytest.raises(ValueError):
        at.switch_page(page_path(file))


# --- sessions ---------------------------------------------------------------------------


def test_create_a_session_in_geneva_time(env):
    at = open_page("sessions.py")
    [title, *_] = [t for t in at.text_input if t.label == "Title"]
    title.input("Gaming and online safety")
    at.date_input[0].set_value(date(2026, 11, 26))
    [sector] = [s for s in at.selectbox if s.label == "Sector focus"][:1]
    sector.set_value("gaming")
    at.multiselect[0].set_value(["fr", "es"])
    button(at, "Create session").click()
    at.run()
    assert not at.exception
    assert any("created as a draft" in s.value for s in at.success)
    with session_factory(env)() as s:
        ds = s.scalars(select(DialogueSession)).one()
        assert (ds.title, ds.status, ds.sector_focus, ds.interpretation_languages) == (
            "Gaming and online safety", "draft", "gaming", ["fr", "es"])
        assert ds.scheduled_start == datetime(2026, 11, 26, 13, 0, tzinfo=timezone.utc)  # 14:00 CET
    assert at.session_state["dd_session_id"] == ds.id


def test_create_refuses_an_empty_title_with_a_plain_message(env):
    at = open_page("sessions.py")
    button(at, "Create session").click()
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Give the session a title."]


def test_edit_the_picked_session(env):
    sid = with_session(env, status="draft", title="Old title")
    at = open_page("sessions.py", sid)
    assert "Old title" in [t.value for t in at.text_input if t.label == "Title"]
    [edit_title] = [t for t in at.text_input if t.label == "Title" and t.value == "Old title"]
    edit_title.input("New title")
    button(at, "Save changes").click()
    at.run()
    assert any("Session saved" in s.value for s in at.success)
    with session_factory(env)() as s:
        assert s.get(DialogueSession, sid).title == "New title"


def test_session_list_shows_every_session(env):
    with_session(env, title="First")
    with_session(env, title="Second", status="closed")
    at = open_page("sessions.py")
    frame = at.dataframe[0].value
    assert set(frame["Title"]) == {"First", "Second"}
    assert set(frame["Status"]) == {"Live", "Closed"}


# --- questions: paste → preview → confirm -----------------------------------------------


def read_pasted(at, sid: int, text: str):
    at.text_area(key=k("setup.import", "text", sid)).input(text)
    at.button(key=k("setup.import", "read", sid)).click()
    return at.run()


def test_paste_preview_confirm(env):
    sid = with_session(env, questions=(), status="draft")
    at = open_page("questions.py", sid)
    assert any("No questions yet" in i.value for i in at.info)
    read_pasted(at, sid, NOTE)
    assert not at.exception
    assert [s.value for s in at.subheader] == ["Preview of the pasted text"]
    assert any("Found 2 Part(s), 3 question(s), 3 agenda items." in i.value for i in at.info)
    with session_factory(env)() as s:
        assert get_structure(s, sid).question_count == 0  # nothing saved before confirming
    button(at, "Confirm and save").click()
    at.run()
    assert not at.exception
    assert any("Saved 2 Part(s): 3 question(s) added" in s.value for s in at.success)
    with session_factory(env)() as s:
        structure = get_structure(s, sid)
    assert [p.title for p in structure.parts] == ["Safer play by design", "Shared responsibility"]
    assert structure.parts[0].objective == "Collect design practices."
    assert [seg.minutes for seg in structure.segments] == [15, 45, 60]
    assert "Which chat defaults reduce grooming risk?" in texts(at)


def test_preview_can_be_discarded(env):
    sid = with_session(env, questions=(), status="draft")
    at = open_page("questions.py", sid)
    read_pasted(at, sid, NOTE)
    button(at, "Discard").click()
    at.run()
    assert not at.subheader
    with session_factory(env)() as s:
        assert get_structure(s, sid).question_count == 0


def test_unreadable_paste_shows_the_layout_hint_not_a_traceback(env):
    sid = with_session(env, questions=(), status="draft")
    at = open_page("questions.py", sid)
    read_pasted(at, sid, "Dear colleagues, please join us.")
    assert not at.exception
    assert any("No guiding questions were found" in e.value for e in at.error)


def test_reimport_keeps_questions_with_interventions(env):
    sid = with_session(env, questions=(2,))
    with session_factory(env)() as s:
        spoken = s.scalars(select(Question).where(Question.session_id == sid, Question.text == "Question 1.2?")).one()
        make_intervention(s, sid, question_id=spoken.id)
        s.commit()
        spoken_id = spoken.id
    at = open_page("questions.py", sid)
    read_pasted(at, sid, "Part 1: New\n1. Entirely new question?\n")
    assert any("Question 1.2?" in w.value and "1 captured" in w.value for w in at.warning)
    button(at, "Confirm and save").click()
    at.run()
    with session_factory(env)() as s:
        assert s.get(Question, spoken_id) is not None
        assert [q.text for q in get_structure(s, sid).parts[0].questions] == ["Entirely new question?", "Question 1.2?"]


def test_user_text_is_escaped_in_the_structure_view(env):
    sid = with_session(env, questions=(1,))
    with session_factory(env)() as s:
        s.scalars(select(Question).where(Question.session_id == sid)).one().text = XSS
        s.commit()
    at = open_page("questions.py", sid)
    [shown] = [m.value for m in at.markdown if "onerror" in m.value]
    # Escaped Markdown: the tag, the emphasis and the link are shown as text, not rendered.
    assert "\\<img" in shown and "\\*\\*bold" in shown and "\\[x\\]" in shown


def test_importer_strips_markup_from_pasted_text(env):
    sid = with_session(env, questions=(), status="draft")
    at = open_page("questions.py", sid)
    read_pasted(at, sid, f"Part 1: {XSS}\n1. {XSS}?\n")
    button(at, "Confirm and save").click()
    at.run()
    with session_factory(env)() as s:
        (part,) = get_structure(s, sid).parts
    assert "<img" not in part.title and "javascript" not in part.questions[0].text


def test_past_session_structure_loads_into_the_preview(env):
    with_session(env, questions=(2, 1), title="Past", status="closed")
    sid = with_session(env, questions=(), status="draft", title="Fresh")
    at = open_page("questions.py", sid)
    at.button(key=k("setup.import", "copy", sid)).click()
    at.run()
    assert [s.value for s in at.subheader] == ["Preview of the structure of “Past”"]
    button(at, "Confirm and save").click()
    at.run()
    with session_factory(env)() as s:
        assert get_structure(s, sid).question_count == 3


# --- participants ----------------------------------------------------------------------


def test_paste_registrations_preview_and_confirm(env):
    sid = with_session(env, status="draft")
    at = open_page("participants.py", sid)
    assert any("No participants yet" in i.value for i in at.info)
    at.text_area(key=k("setup.registrations", "text", sid)).input(REGISTRATIONS)
    at.run()
    assert not at.exception
    assert any("3 participant(s) · 1 duplicate(s) merged · 0 need review" in i.value for i in at.info)
    button(at, "Confirm and register 3").click()
    at.run()
    assert any("Registered 3 participant(s)" in s.value for s in at.success)
    with session_factory(env)() as s:
        rows = {r.name: r for r in list_session_participants(s, sid)}
    assert rows["Fatima Al-Zahra (فاطمة)"].stakeholder_type == "member_state"
    assert rows["Wei Zhang 张伟"].stakeholder_type == "industry"
    assert rows["Amara Okafor"].youth_pseudonym_no == 1


def test_unknown_headers_open_the_column_mapping(env):
    sid = with_session(env, status="draft")
    at = open_page("participants.py", sid)
    at.text_area(key=k("setup.registrations", "text", sid)).input("Who\tMail\nAna Costa\tana@example.org\n")
    at.run()
    assert any("columns were not recognised" in w.value for w in at.warning)
    assert any("No column holds the participants' names" in e.value for e in at.error)
    [name_column] = [box for box in at.selectbox if box.label == "Full name"]
    name_column.set_value(0)
    at.run()
    assert not at.error
    assert any("1 participant(s)" in i.value for i in at.info)


def test_quick_add_a_youth_speaker(env):
    sid = with_session(env, status="live")
    at = open_page("participants.py", sid)
    [name] = [t for t in at.text_input if t.label == "Name"]
    name.input("Lina")
    [kind] = [s for s in at.selectbox if s.label == "Stakeholder type"]
    kind.set_value("youth")
    button(at, "Add participant").click()
    at.run()
    assert any("Added Lina" in s.value for s in at.success)
    with session_factory(env)() as s:
        (row,) = list_session_participants(s, sid)
    assert (row.name, row.youth_pseudonym_no) == ("Lina", 1)


def test_quick_add_without_a_name_is_a_plain_error(env):
    sid = with_session(env, status="live")
    at = open_page("participants.py", sid)
    button(at, "Add participant").click()
    at.run()
    assert [e.value for e in at.error] == ["A participant needs a name."]
    with session_factory(env)() as s:
        assert s.scalar(select(func.count(Attendance.id))) == 0


# --- the editable preview's tables ------------------------------------------------------


def test_preview_tables_round_trip_and_edits():
    import pandas as pd

    from dashboard.services.errors import ValidationError
    from dashboard.services.setup.structure import PartDraft, QuestionDraft, SegmentDraft, StructureDraft
    from dashboard.ui.setup.structure import drafts_from_frames, structure_frames

    draft = StructureDraft(
        (PartDraft("A", "Obj A", (QuestionDraft("Q1?", 11, 2), QuestionDraft("Q2?"))), PartDraft("B", None, (QuestionDraft("Q3?"),))),
        (SegmentDraft("Opening", 15, "opening"), SegmentDraft("Dialogue", 60, "dialogue")),
    )
    parts, questions, segments = structure_frames(draft)
    same_parts, same_segments = drafts_from_frames(parts, questions, segments)
    assert tuple(same_parts) == draft.parts and tuple(same_segments) == draft.segments

    # Reword Q1 and move it to Part 2 first, delete Q3, add a blank row and a new question, add a Part 3.
    questions.loc[0, ["Part", "Order", "Question"]] = [2, 0, "Q1 reworded?"]
    questions = questions.drop(index=2)
    questions = pd.concat([questions, pd.DataFrame([{"Part": 1, "Order": 5, "Question": "  "},
                                                    {"Part": 3, "Order": 9, "Question": "New?"}])], ignore_index=True)
    parts = pd.concat([parts, pd.DataFrame([{"Title": "C", "Objective": ""}, {"Title": "", "Objective": ""}])],
                      ignore_index=True)
    segments = segments.drop(index=0)
    edited_parts, edited_segments = drafts_from_frames(parts, questions, segments)
    assert [(p.title, [q.text for q in p.questions]) for p in edited_parts] == [
        ("A", ["Q2?"]), ("B", ["Q1 reworded?"]), ("C", ["New?"])]
    assert edited_parts[1].questions[0].question_id == 11
    assert [s.title for s in edited_segments] == ["Dialogue"]

    questions.loc[1, "Part"] = 7
    with pytest.raises(ValidationError, match="Part 7, which is not in the Parts table"):
        drafts_from_frames(parts, questions, None)
    questions.loc[1, "Part"] = 1
    with pytest.raises(ValidationError, match="Part 1, which is not in the Parts table"):
        drafts_from_frames(parts.drop(index=0), questions, None)


def test_edit_tab_saves_the_structure_unchanged_without_errors(env):
    sid = with_session(env, questions=(2, 1))
    at = open_page("questions.py", sid)
    button(at, "Save changes").click()
    at.run()
    assert not at.exception and not at.error
    assert any("Saved: 0 question(s) added, 0 changed, 0 removed." in s.value for s in at.success)


# --- the chosen session survives a reload; forms write to the session they were drawn for ----


def open_url(file: str, session_param: str | None):
    """A fresh browser session (a reload, a pasted link) opening `file` with ?session=…"""
    at = login_as(make_app(), "mod", ["moderator"]).run()
    if session_param is not None:
        at.query_params["session"] = session_param
    at.switch_page(page_path(file)).run()
    assert not at.exception, at.exception
    return at


def test_a_reload_keeps_the_chosen_session_instead_of_the_newest(env):
    older = with_session(env, title="Older", scheduled_start=datetime(2025, 1, 1, 9, tzinfo=timezone.utc))
    newest = with_session(env, title="Newest", scheduled_start=datetime(2026, 1, 1, 9, tzinfo=timezone.utc))
    at = open_url("participants.py", None)
    assert at.selectbox(key="dd_session_picker").value == newest
    at.selectbox(key="dd_session_picker").set_value(older).run()
    assert at.query_params["session"] == str(older)  # written to the URL …
    again = open_url("participants.py", at.query_params["session"])  # … so a reload opens it again
    assert again.selectbox(key="dd_session_picker").value == older
    assert any(strip_isolates(c.value).startswith("Session: ") and strip_isolates(c.value).endswith("Older")
               for c in again.caption)


def test_moving_between_pages_keeps_the_session_and_its_url(env):
    older = with_session(env, title="Older", scheduled_start=datetime(2025, 1, 1, 9, tzinfo=timezone.utc))
    with_session(env, title="Newest", scheduled_start=datetime(2026, 1, 1, 9, tzinfo=timezone.utc))
    at = open_url("questions.py", str(older))
    at.query_params.clear()  # the sidebar navigation drops the query string
    at.switch_page(page_path("participants.py")).run()
    assert at.selectbox(key="dd_session_picker").value == older
    assert at.query_params["session"] == str(older)


@pytest.mark.parametrize("param, says", [
    ("abc", "'abc' is not a session number. Choose one in the sidebar."),
    ("99999", "Session 99999 is not available here. Choose one in the sidebar."),
])
def test_a_session_url_naming_no_session_says_so_and_switches_nowhere(env, param, says):
    sid = with_session(env, title="Only")
    at = open_url("participants.py", param)
    assert [e.value for e in at.error] == [says]
    assert at.selectbox(key="dd_session_picker").value is None
    assert not at.tabs
    at.run()
    assert [e.value for e in at.error] == [says]  # a rerun does not slip to a session either
    at.selectbox(key="dd_session_picker").set_value(sid).run()
    assert not at.error and at.tabs
    assert at.query_params["session"] == str(sid)


def test_registrations_go_to_the_session_the_url_names(env):
    older = with_session(env, title="Older", scheduled_start=datetime(2025, 1, 1, 9, tzinfo=timezone.utc))
    newest = with_session(env, title="Newest", scheduled_start=datetime(2026, 1, 1, 9, tzinfo=timezone.utc))
    at = open_url("participants.py", str(older))
    at.text_area(key=k("setup.registrations", "text", older)).input(REGISTRATIONS).run()
    assert any(strip_isolates(c.value).startswith("They are registered for: ")
               and strip_isolates(c.value).endswith("Older") for c in at.caption)
    button(at, "Confirm and register 3").click()
    at.run()
    assert any("Registered 3 participant(s)" in s.value for s in at.success)
    with session_factory(env)() as s:
        counts = dict(s.execute(select(Attendance.session_id, func.count()).group_by(Attendance.session_id)).all())
    assert counts == {older: 3}
    assert newest not in counts
    # The form was renewed: the pasted list is gone, so it cannot be registered twice by accident.
    assert at.text_area(key=k("setup.registrations", "text", older, generation=1)).value == ""


def test_a_refused_quick_add_keeps_what_was_typed_and_a_saved_one_clears(env):
    sid = with_session(env, status="live")
    at = open_page("participants.py", sid)
    at.text_input(key=k("setup.quick_add", "organization", sid)).input("Example Org")
    button(at, "Add participant").click()
    at.run()
    assert [e.value for e in at.error] == ["A participant needs a name."]
    assert at.text_input(key=k("setup.quick_add", "organization", sid)).value == "Example Org"
    at.text_input(key=k("setup.quick_add", "name", sid)).input("Lina")
    button(at, "Add participant").click()
    at.run()
    assert any("Added Lina" in s.value for s in at.success)
    assert at.text_input(key=k("setup.quick_add", "organization", sid, generation=1)).value == ""
    with session_factory(env)() as s:
        (row,) = list_session_participants(s, sid)
    assert (row.name, row.organization) == ("Lina", "Example Org")


def test_a_refused_new_session_keeps_the_form_and_a_created_one_clears_it(env):
    at = open_page("sessions.py")
    at.text_area(key=k("setup.new_session", "overview", "new")).input("Why we meet.")
    button(at, "Create session").click()
    at.run()
    assert [e.value for e in at.error] == ["Give the session a title."]
    assert at.text_area(key=k("setup.new_session", "overview", "new")).value == "Why we meet."
    at.text_input(key=k("setup.new_session", "title", "new")).input("Streaming and youth")
    button(at, "Create session").click()
    at.run()
    assert any("“Streaming and youth” created as a draft" in s.value for s in at.success)
    assert at.text_input(key=k("setup.new_session", "title", "new", generation=1)).value == ""
    with session_factory(env)() as s:
        ds = s.scalars(select(DialogueSession)).one()
    assert (ds.title, ds.overview) == ("Streaming and youth", "Why we meet.")
    assert at.selectbox(key="dd_session_picker").value == ds.id
    assert at.query_params["session"] == str(ds.id)


def test_a_form_drawn_for_one_session_never_writes_to_another(env):
    first = with_session(env, title="First", status="live")
    second = with_session(env, title="Second", status="live")
    at = open_page("participants.py", first)
    at.text_input(key=k("setup.quick_add", "name", first)).input("Lina")
    # The chosen session changes between drawing the form and pressing its button.
    at.session_state["dd_session_id"] = second
    button(at, "Add participant").click()
    at.run()
    assert [e.value for e in at.error] == [f"This form was for session {first}, but session {second} is chosen "
                                           "now: nothing was saved. Check the session in the sidebar and try again."]
    with session_factory(env)() as s:
        assert s.scalar(select(func.count(Attendance.id))) == 0
