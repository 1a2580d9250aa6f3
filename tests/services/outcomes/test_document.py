"""The published document is a versioned format: old revisions are upgraded before anything renders them.

`fixtures/published_v1.json` is a revision exactly as version 1 of the format stored it
(the demo's Session 1, published by the release that wrote labels into the snapshot).
"""
import copy
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.reports import render_report
from dashboard.services.errors import ValidationError
from dashboard.services.outcomes.document import FORMAT_VERSION, read_document
from dashboard.services.outcomes.participant_view import published_document
from dashboard.services.outcomes.snapshot import build_snapshot
from db.models import Publication
from tests.factories import make_session

V1 = json.loads((Path(__file__).parent / "fixtures" / "published_v1.json").read_text(encoding="utf-8"))
LABEL_KEYS = {"label", "group_label", "priority_label", "format_label", "sector_label", "addressed_to_labels"}


def _keys(node) -> set[str]:
    if isinstance(node, list):
        return set().union(*(_keys(n) for n in node)) if node else set()
    if isinstance(node, dict):
        return set(node) | set().union(*(_keys(v) for v in node.values()))
    return set()


def test_the_fixture_really_is_version_1():
    assert V1["format_version"] == 1 and "priority_label" in V1["recommendations"][0]


def test_version_1_is_upgraded_and_labelled():
    doc = read_document(V1)
    assert doc["format_version"] == FORMAT_VERSION == 2
    assert doc["session"]["sector_label"] == "AI and emerging technologies"
    assert doc["session"]["format_label"] == "Online"
    rec = doc["recommendations"][0]
    assert rec["text"] == V1["recommendations"][0]["text"]
    assert rec["priority_label"] == V1["recommendations"][0]["priority_label"]
    assert rec["addressed_to_labels"] == V1["recommendations"][0]["addressed_to_labels"]
    assert [g["label"] for g in rec["supporting_groups"]] == [g["label"] for g in V1["recommendations"][0]["supporting_groups"]]
    assert [r["label"] for r in doc["participation"]] == [r["label"] for r in V1["participation"]]
    assert V1["format_version"] == 1, "reading must not change the stored document"


def test_a_custom_sector_survives_the_upgrade():
    old = copy.deepcopy(V1)
    old["session"].update(sector_focus="other", sector_label="Virtual reality")
    assert read_document(old)["session"]["sector_label"] == "Virtual reality"


@pytest.mark.parametrize("fmt", ["md", "docx", "csv", "json"])
def test_version_1_renders_in_every_report_format(fmt):
    data = render_report(read_document(V1), fmt)
    assert data
    if fmt in ("md", "csv"):
        text = data.decode("utf-8-sig")
        assert V1["recommendations"][0]["text"][:40] in text


def test_version_1_renders_on_the_participants_page():
    def script(doc):
        from dashboard.ui.outcomes.common import render_document
        render_document(doc)

    at = AppTest.from_function(script, kwargs={"doc": read_document(V1)}, default_timeout=30).run()
    assert not at.exception
    shown = " ".join(m.value for m in at.markdown) + " ".join(s.value for s in at.subheader)
    assert "Prioritizing Children" in shown


def test_new_documents_store_codes_only(dbs):
    ds = make_session(dbs, questions=(2,))
    stored = build_snapshot(dbs, ds.id)
    assert stored["format_version"] == FORMAT_VERSION
    assert not (_keys(stored) & LABEL_KEYS)
    assert {"sector_label", "format_label"} <= set(read_document(stored)["session"])


@pytest.mark.parametrize("bad, message", [
    ({"format_version": 99}, "newer Dialogue Desk"),
    ({"format_version": "x"}, "unknown format"),
    ([1, 2], "damaged"),
])
def test_unreadable_documents_say_why(bad, message):
    with pytest.raises(ValidationError, match=message):
        read_document(bad)


def test_a_stored_version_1_revision_is_read_through_the_database(db_url, dbs):
    ds = make_session(dbs, questions=(1,))
    dbs.add(Publication(session_id=ds.id, revision=1, snapshot=V1))
    dbs.commit()
    doc = published_document(dbs, ds.id)
    assert doc["format_version"] == FORMAT_VERSION
    assert doc["recommendations"][0]["priority_label"] == V1["recommendations"][0]["priority_label"]
    assert doc["publication"]["revision"] == 1
