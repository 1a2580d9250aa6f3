"""What the report says: the ITU document reference, the Purpose in the right tense, follow-up evidence for staff."""
import io
import json
from datetime import datetime, timedelta, timezone

import pytest
from docx import Document

from dashboard.reports import render_report
from dashboard.reports.tense import overview_in_past
from dashboard.services.audit import Actor
from dashboard.services.errors import ValidationError
from dashboard.services.outcomes.participant_view import published_document, report_document, session_held
from dashboard.services.setup.sessions import SessionInput, get_session_detail, update_session
from db.models import DialogueSession
from tests.factories import make_session
from tests.reports.conftest import EVIDENCE

REFERENCE = "CWG-COP/24/INF/3"


def _docx_text(doc) -> str:
    document = Document(io.BytesIO(render_report(doc, "docx")))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _docx_paragraphs(doc) -> list[str]:
    return [p.text for p in Document(io.BytesIO(render_report(doc, "docx"))).paragraphs]


# --- the ITU document reference ---------------------------------------------------------


def test_the_session_form_saves_the_reference_trimmed_and_blank_as_null(sqlite_session):
    ds = make_session(sqlite_session, status="draft")
    detail = get_session_detail(sqlite_session, ds.id)
    assert detail.document_reference is None and detail.as_input().document_reference is None
    actor = Actor(None, "system")
    saved = update_session(sqlite_session, session_id=ds.id, actor=actor,
                           data=SessionInput(title=ds.title, sector_focus="gaming",
                                             document_reference=f"  {REFERENCE} \n"))
    assert saved.document_reference == REFERENCE
    assert sqlite_session.get(DialogueSession, ds.id).document_reference == REFERENCE
    assert saved.as_input().document_reference == REFERENCE  # the edit form shows it again
    cleared = update_session(sqlite_session, session_id=ds.id, actor=actor,
                             data=SessionInput(title=ds.title, sector_focus="gaming", document_reference="   "))
    assert cleared.document_reference is None
    assert sqlite_session.get(DialogueSession, ds.id).document_reference is None


def test_a_reference_longer_than_the_column_is_refused_in_plain_words(sqlite_session):
    ds = make_session(sqlite_session, status="draft")
    with pytest.raises(ValidationError, match="100 characters at most"):
        update_session(sqlite_session, session_id=ds.id, actor=Actor(None, "system"),
                       data=SessionInput(title=ds.title, sector_focus="gaming", document_reference="X" * 101))
    update_session(sqlite_session, session_id=ds.id, actor=Actor(None, "system"),
                   data=SessionInput(title=ds.title, sector_focus="gaming", document_reference="X" * 100))


def test_the_reference_heads_the_title_block_of_both_versions_once_set(published):
    s, built, _ = published
    for audience in ("participant", "staff"):
        doc = report_document(s, built.session_id, audience=audience)
        assert "ITU document" not in _docx_text(doc)
        assert "ITU document" not in render_report(doc, "md").decode("utf-8")
    # Assigned after publishing: the published report shows it without a new revision.
    s.get(DialogueSession, built.session_id).document_reference = REFERENCE
    s.flush()
    for audience in ("participant", "staff"):
        doc = report_document(s, built.session_id, audience=audience)
        paragraphs = _docx_paragraphs(doc)
        assert paragraphs[1] == f"ITU document: {REFERENCE}"  # right under the title
        md = render_report(doc, "md").decode("utf-8").splitlines()
        assert md[2] == f"**ITU document:** {REFERENCE}"
        assert json.loads(render_report(doc, "json"))["session"]["document_reference"] == REFERENCE


# --- Purpose: future before the session, past once it was held ---------------------------


@pytest.mark.parametrize("before, after", [
    ("This session aims to identify safeguards.", "This session aimed to identify safeguards."),
    ("This session brings AI developers, regulators and young people together to identify safeguards. "
     "It opens the 2025 series.",
     "This session brought AI developers, regulators and young people together to identify safeguards. "
     "It opened the 2025 series."),
    ("This session will ask streaming services which safeguards work. It closes the 2025 Industry Connect series.",
     "This session asked streaming services which safeguards work. It closed the 2025 Industry Connect series."),
    ("The dialogue will also explore age assurance and will hear young creators.",
     "The dialogue also explored age assurance and heard young creators."),
    ("This session is organised in two Parts.", "This session was organised in two Parts."),
    ("The session will focus on loot boxes.", "The session focused on loot boxes."),
    # Sentences about something else, and verbs the table does not know, stay as written.
    ("Children play online. It is fun.", "Children play online. It is fun."),
    ("Political will matters.", "Political will matters."),
    ("This session juggles many topics.", "This session juggles many topics."),
    ("Its goals and aims are set. This session looks at goals and aims.",
     "Its goals and aims are set. This session looked at goals and aims."),
])
def test_overview_in_past(before, after):
    assert overview_in_past(before) == after


@pytest.mark.parametrize("status, start_offset, held", [
    ("draft", timedelta(days=7), False),
    ("live", timedelta(minutes=-30), False),  # under way: the session is still being held
    ("draft", timedelta(days=-1), True),  # its date is past, even if nobody closed it
    ("closed", timedelta(days=7), True),
    ("published", None, True),
    ("live", None, False),
])
def test_session_held(status, start_offset, held):
    now = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)
    start = now + start_offset if start_offset is not None else None
    assert session_held(status, start, 120, now=now) is held


OVERVIEW = "This session will ask game studios what works.\n\nIt aims to agree on three safeguards."


def _purpose(doc) -> list[str]:
    paragraphs = _docx_paragraphs(doc)
    start = paragraphs.index("1. Purpose") + 1
    return paragraphs[start:paragraphs.index("2. Participation by stakeholder group")]


def test_purpose_speaks_of_the_future_before_the_session(sqlite_session):
    ds = make_session(sqlite_session, status="draft", overview=OVERVIEW,
                      scheduled_start=datetime.now(timezone.utc) + timedelta(days=14))
    doc = report_document(sqlite_session, ds.id, audience="staff")
    assert doc["session"]["held"] is False
    assert _purpose(doc)[:3] == ["This session will ask game studios what works.",
                                 "It aims to agree on three safeguards.",
                                 "The dialogue is organised in Parts, each with an objective:"]


@pytest.mark.parametrize("status, days", [("closed", 14), ("draft", -14)])
def test_purpose_speaks_of_the_past_once_the_session_was_held(sqlite_session, status, days):
    ds = make_session(sqlite_session, status=status, overview=OVERVIEW,
                      scheduled_start=datetime.now(timezone.utc) + timedelta(days=days))
    doc = report_document(sqlite_session, ds.id, audience="staff")
    assert doc["session"]["held"] is True
    assert _purpose(doc)[:3] == ["This session asked game studios what works.",
                                 "It aimed to agree on three safeguards.",
                                 "The dialogue was organised in Parts, each with an objective:"]
    md = render_report(doc, "md").decode("utf-8")
    assert "This session asked game studios what works." in md and "will ask" not in md


def test_the_published_report_is_in_the_past_tense(published):
    s, built, _ = published
    s.get(DialogueSession, built.session_id).overview = OVERVIEW
    s.flush()
    doc = published_document(s, built.session_id)
    # The snapshot froze the overview as typed; the tense is decided when the report is read.
    assert doc["session"]["overview"] == "Gaming platforms and child safety.\n\nSecond paragraph of the purpose."
    assert doc["session"]["status"] == "published" and doc["session"]["held"] is True
    assert "The dialogue was organised in Parts" in _docx_text(doc)


# --- follow-up evidence: staff only --------------------------------------------------------


def test_follow_up_evidence_is_in_the_staff_report_only(participant_doc, staff_doc):
    staff_docx, staff_md = _docx_text(staff_doc), render_report(staff_doc, "md").decode("utf-8")
    assert EVIDENCE in staff_docx
    assert "| No. | Status | Owner | Review date | Evidence |" in staff_md.splitlines()
    assert f"| 1 | In progress since 12 Mar 2026 | ITU BDT | — | {EVIDENCE} |" in staff_md.splitlines()
    staff_csv = render_report(staff_doc, "csv").decode("utf-8-sig")
    assert "evidence" in staff_csv.splitlines()[0] and EVIDENCE in staff_csv
    for fmt in ("docx", "md", "csv", "json"):
        data = render_report(participant_doc, fmt)
        text = _docx_text(participant_doc) if fmt == "docx" else data.decode("utf-8-sig")
        assert "Pilot of friends-only defaults" not in text, fmt
        assert "Evidence" not in text and "evidence" not in text, fmt
