"""Who may read what: registered participants, share codes, staff, and nothing unpublished."""
import pytest

from dashboard.services.outcomes import participant_view as pv
from dashboard.services.outcomes import publication as pub
from dashboard.services.audit import list_audit
from dashboard.services.errors import NotFound, ValidationError
from db.models import Attendance, DialogueSession, User
from tests.factories import make_person, make_session, make_user
from tests.reports.outcome_data import build_session


@pytest.fixture
def world(dbs):
    """Session A published (reader registered), B published (not registered), C closed, D draft (registered)."""
    a = build_session(dbs, username="mod")
    actor = a.actor
    b = make_session(dbs, status="live", title="Session B")
    c = make_session(dbs, status="live", title="Session C")
    d = make_session(dbs, status="draft", title="Session D")
    reader = make_user(dbs, "reader", ("participant",))
    person = make_person(dbs, a.session_id, name="Reader Person")
    dbs.add(Attendance(session_id=d.id, person_id=person.id, stakeholder_type="industry"))
    dbs.get(User, reader.id).person_id = person.id
    for sid in (a.session_id, b.id, c.id):
        pub.close_session(dbs, sid, actor=actor)
    pub.publish_session(dbs, a.session_id, actor=actor)
    pub.publish_session(dbs, b.id, actor=actor)
    codes = {name: pub.regenerate_share_code(dbs, sid, actor=actor)
             for name, sid in (("A", a.session_id), ("B", b.id), ("C", c.id), ("D", d.id))}
    dbs.commit()
    ids = {"A": a.session_id, "B": b.id, "C": c.id, "D": d.id}
    return dbs, reader.id, ids, codes, actor


def _visible(s, user_id, roles=("participant",)):
    return {v.id: v.access for v in pv.list_visible_sessions(s, user_id=user_id, roles=roles)}


def test_a_participant_sees_only_published_sessions_they_registered_for(world):
    s, reader, ids, _, _ = world
    assert _visible(s, reader) == {ids["A"]: "registered"}
    doc = pv.get_published_view(s, user_id=reader, roles=("participant",), session_id=ids["A"])
    assert doc["publication"]["revision"] == 1 and doc["session"]["id"] == ids["A"]
    for name in ("B", "C", "D"):
        with pytest.raises(NotFound) as raised:
            pv.get_published_view(s, user_id=reader, roles=("participant",), session_id=ids[name])
        assert str(raised.value) == pv.NOT_AVAILABLE  # the same words whether it exists or not
    with pytest.raises(NotFound, match="not available"):
        pv.get_published_view(s, user_id=reader, roles=("participant",), session_id=987654)


def test_a_share_code_opens_only_its_own_session_and_only_once_published(world):
    s, reader, ids, codes, _ = world
    for name in ("C", "D"):  # closed but unpublished, and draft
        with pytest.raises(NotFound) as raised:
            pv.open_with_share_code(s, user_id=reader, code=codes[name])
        assert str(raised.value) == pv.BAD_CODE
    assert _visible(s, reader) == {ids["A"]: "registered"}
    with pytest.raises(NotFound):
        pv.open_with_share_code(s, user_id=reader, code="ZZZZ-ZZZZ")
    with pytest.raises(ValidationError, match="Type the share code"):
        pv.open_with_share_code(s, user_id=reader, code=" - ")
    assert pv.open_with_share_code(s, user_id=reader, code=codes["B"].lower().replace("-", " ")) == ids["B"]
    s.commit()
    entry = list_audit(s, entity="session", entity_id=ids["B"])[0]
    assert (entry.action, entry.username) == ("share_open", "reader")
    assert _visible(s, reader) == {ids["A"]: "registered", ids["B"]: "share code"}
    # Opening B does not open anything else.
    with pytest.raises(NotFound):
        pv.get_published_view(s, user_id=reader, roles=("participant",), session_id=ids["C"])


def test_regenerating_or_clearing_the_code_revokes_share_access(world):
    s, reader, ids, codes, actor = world
    pv.open_with_share_code(s, user_id=reader, code=codes["B"])
    assert ids["B"] in _visible(s, reader)
    new = pub.regenerate_share_code(s, ids["B"], actor=actor)
    assert ids["B"] not in _visible(s, reader)
    pv.open_with_share_code(s, user_id=reader, code=new)
    assert ids["B"] in _visible(s, reader)
    pub.clear_share_code(s, ids["B"], actor=actor)
    assert ids["B"] not in _visible(s, reader)


def test_staff_and_leadership_read_every_published_session_but_no_draft(world):
    s, _, ids, _, _ = world
    boss = make_user(s, "boss", ("leadership",))
    for roles in (("leadership",), ("moderator",), ("admin",)):
        assert set(_visible(s, boss.id, roles)) == {ids["A"], ids["B"]}
    with pytest.raises(NotFound):
        pv.get_published_view(s, user_id=boss.id, roles=("leadership",), session_id=ids["C"])


def test_reopening_keeps_the_published_revision_readable_and_hides_new_drafts(world):
    s, reader, ids, _, actor = world
    pub.reopen_session(s, ids["A"], actor=actor, reason="late intervention")
    assert s.get(DialogueSession, ids["A"]).status == "live"
    doc = pv.get_published_view(s, user_id=reader, roles=("participant",), session_id=ids["A"])
    assert doc["publication"]["revision"] == 1


def test_report_documents_by_audience(world):
    s, _, ids, _, _ = world
    participant = pv.report_document(s, ids["A"], audience="participant")
    assert participant["audience"] == "participant" and "interventions" not in participant
    staff = pv.report_document(s, ids["A"], audience="staff")
    assert staff["audience"] == "staff" and staff["publication"] is None
    assert staff["latest_published_revision"] == 1
    assert any(i["speaker"] == "Alice Martin (Acme Games)" for i in staff["interventions"])
    with pytest.raises(NotFound, match="has not been published"):
        pv.report_document(s, ids["C"], audience="participant")
    preview = pv.preview_document(s, ids["C"])
    assert preview["publication"] is None and "interventions" not in preview


def test_an_account_sees_sessions_registered_under_its_email_without_a_link(world):
    s, _, ids, _, _ = world
    person = make_person(s, ids["B"], name="Registered By Email", email="Someone@Example.org")
    make_person(s, ids["A"], name="Someone Else", email="other@example.org")
    unlinked = make_user(s, "by-email", ("participant",), email="someone@example.org")
    nobody = make_user(s, "no-email", ("participant",))
    s.commit()
    assert s.get(User, unlinked.id).person_id is None and person.id
    assert _visible(s, unlinked.id) == {ids["B"]: "registered"}
    assert _visible(s, nobody.id) == {}
