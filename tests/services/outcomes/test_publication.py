"""Closing, reopening and publishing: status rules, revisions, frozen anonymised snapshots, status overlay."""
import json
from datetime import datetime, timezone

import pytest

from dashboard.services.outcomes import publication as pub
from dashboard.services.outcomes import recommendations as recs
from dashboard.services.outcomes import takeaways as tks
from dashboard.services.audit import list_audit
from dashboard.services.errors import Conflict, ValidationError
from dashboard.services.outcomes.document import read_document
from dashboard.services.outcomes.snapshot import build_snapshot
from dashboard.services.outcomes.participant_view import published_document
from db.models import DialogueSession, Recommendation
from tests.reports.outcome_data import NAMES, build_session


@pytest.fixture
def drafted(dbs):
    b = build_session(dbs)
    iv = b.interventions
    r1 = recs.promote_interventions(dbs, session_id=b.session_id, actor=b.actor, text="Friends-only chat by default.",
                                    intervention_ids=[iv["alice_q0"], iv["yara_q0"]], addressed_to=["industry"],
                                    priority="high")
    r2 = recs.create_recommendation(dbs, session_id=b.session_id, actor=b.actor, text="Measure harm.",
                                    addressed_to=["academia", "member_state"], intervention_ids=[iv["chen_q1"]])
    t1 = tks.create_takeaway(dbs, session_id=b.session_id, actor=b.actor, part_id=b.parts[0], text="Defaults matter.")
    t2 = tks.create_takeaway(dbs, session_id=b.session_id, actor=b.actor, part_id=None, text="Meet again.")
    dbs.commit()
    return dbs, b, (r1.id, r2.id), (t1.id, t2.id)


def test_close_and_reopen_follow_the_status_rules_and_log_the_reason(drafted):
    s, b, _, _ = drafted
    with pytest.raises(Conflict, match="Only a closed session"):
        pub.reopen_session(s, b.session_id, actor=b.actor, reason="why not")
    pub.close_session(s, b.session_id, actor=b.actor)
    ds = s.get(DialogueSession, b.session_id)
    assert ds.status == "closed" and ds.closed_at is not None
    with pytest.raises(Conflict, match="already closed"):
        pub.close_session(s, b.session_id, actor=b.actor)
    with pytest.raises(ValidationError, match="reason"):
        pub.reopen_session(s, b.session_id, actor=b.actor, reason="   ")
    pub.reopen_session(s, b.session_id, actor=b.actor, reason="Two interventions came by e-mail")
    assert ds.status == "live" and ds.closed_at is None
    entry = list_audit(s, entity="session", entity_id=b.session_id)[0]
    assert (entry.action, entry.note, entry.before["status"], entry.after["status"]) == (
        "reopen", "Two interventions came by e-mail", "closed", "live")


def test_publishing_needs_a_closed_session(drafted):
    s, b, _, _ = drafted
    with pytest.raises(Conflict, match="Close the session before publishing"):
        pub.publish_session(s, b.session_id, actor=b.actor)
    assert pub.list_publications(s, b.session_id) == []


def test_revisions_count_up_and_need_a_reason_after_the_first(drafted):
    s, b, (r1, r2), (t1, t2) = drafted
    pub.close_session(s, b.session_id, actor=b.actor)
    first = pub.publish_session(s, b.session_id, actor=b.actor, recommendation_ids=[r1], takeaway_ids=[t1])
    s.commit()
    assert (first.revision, first.reason, first.recommendations, first.takeaways, first.published_by) == (
        1, None, 1, 1, "mod")
    assert s.get(DialogueSession, b.session_id).status == "published"
    with pytest.raises(ValidationError, match="Say what changed"):
        pub.publish_session(s, b.session_id, actor=b.actor)
    second = pub.publish_session(s, b.session_id, actor=b.actor, reason="Added the research recommendation")
    s.commit()
    assert (second.revision, second.recommendations, second.takeaways) == (2, 2, 2)
    state = pub.get_publish_state(s, b.session_id)
    assert [p.revision for p in state.publications] == [1, 2] and state.latest.reason == "Added the research recommendation"
    entry = list_audit(s, entity="session", entity_id=b.session_id)[0]
    assert entry.action == "publish" and entry.after["revision"] == 2 and entry.note == second.reason


def test_publishing_unknown_or_removed_items_is_refused(drafted):
    s, b, (r1, r2), _ = drafted
    pub.close_session(s, b.session_id, actor=b.actor)
    recs.delete_recommendation(s, r2, actor=b.actor)
    with pytest.raises(ValidationError, match=f"recommendation {r2}"):
        pub.publish_session(s, b.session_id, actor=b.actor, recommendation_ids=[r1, r2])
    with pytest.raises(ValidationError, match="takeaway 424242"):
        pub.publish_session(s, b.session_id, actor=b.actor, takeaway_ids=[424242])


def test_the_snapshot_is_frozen_and_participants_read_the_latest_revision(drafted):
    s, b, (r1, r2), _ = drafted
    pub.close_session(s, b.session_id, actor=b.actor)
    pub.publish_session(s, b.session_id, actor=b.actor)
    recs.update_recommendation(s, r1, actor=b.actor, text="A draft nobody should read yet.")
    recs.create_recommendation(s, session_id=b.session_id, actor=b.actor, text="Another draft.")
    s.commit()
    doc = published_document(s, b.session_id)
    assert [r["text"] for r in doc["recommendations"]] == ["Friends-only chat by default.", "Measure harm."]
    pub.publish_session(s, b.session_id, actor=b.actor, reason="Reworded recommendation 1")
    doc = published_document(s, b.session_id)
    assert doc["publication"]["revision"] == 2
    assert [r["text"] for r in doc["recommendations"]] == ["A draft nobody should read yet.", "Measure harm.",
                                                            "Another draft."]
    assert [(r["revision"], r["reason"]) for r in doc["revisions"]] == [(1, None), (2, "Reworded recommendation 1")]


def test_snapshot_content_is_anonymised_under_chatham_house(drafted):
    s, b, (r1, _), _ = drafted
    snap = read_document(build_snapshot(s, b.session_id))
    text = json.dumps(snap, ensure_ascii=False)
    for name in NAMES:
        assert name not in text
    assert "interventions" not in snap  # raw notes never reach participants
    assert "Chat should default" not in text  # ...nor their wording, only approved key points
    part1, part2 = snap["parts"]
    q0, q1 = part1["questions"]
    # Approved key points only (the hidden one is left out), with the reworded text and the group.
    assert [(p["text"], p["group"]) for p in q0["key_points"]] == [
        ("Friends-only chat by default for under-16s.", "industry"), ("Blocking strangers must take one tap.", "youth")]
    assert all("speaker" not in p for p in q0["key_points"])
    # A question without approved key points says how many interventions each group made.
    assert q1["key_points"] == [] and [(g["code"], g["count"]) for g in q1["by_group"]] == [("academia", 1)]
    assert part2["questions"][1]["interventions"] == 0
    rec = snap["recommendations"][0]
    assert rec["addressed_to_labels"] == ["Industry"] and rec["priority_label"] == "High"
    assert [g["code"] for g in rec["supporting_groups"]] == ["industry", "youth"]
    assert "source_ids" not in rec and "follow_up" not in rec
    assert [(p["code"], p["participants"], p["interventions"]) for p in snap["participation"]] == [
        ("member_state", 1, 2), ("industry", 1, 2), ("academia", 1, 1), ("youth", 1, 1)]
    assert [t["text"] for t in snap["session_takeaways"]] == ["Meet again."]


def test_without_chatham_house_speakers_are_named_but_youth_stay_pseudonymous(dbs):
    b = build_session(dbs, chatham=False)
    snap = read_document(build_snapshot(dbs, b.session_id))
    speakers = [p["speaker"] for p in snap["parts"][0]["questions"][0]["key_points"]]
    assert speakers == ["Alice Martin (Acme Games)", "Youth participant 2"]
    assert "Yara Young" not in json.dumps(snap, ensure_ascii=False)


def test_staff_snapshot_names_speakers_and_lists_interventions(drafted):
    s, b, _, _ = drafted
    snap = read_document(build_snapshot(s, b.session_id, audience="staff"))
    by_key = {i["id"]: i for i in snap["interventions"]}
    assert by_key[b.interventions["alice_q0"]]["speaker"] == "Alice Martin (Acme Games)"
    assert by_key[b.interventions["yara_q0"]]["speaker"] == "Youth participant 2"
    assert by_key[b.interventions["bruno_general"]]["question"] == "General"
    assert by_key[b.interventions["chen_q1"]]["question"] == "Part 1, Q2"
    assert [i["number"] for i in snap["interventions"]] == [1, 2, 3, 4, 5, 6]
    assert snap["recommendations"][0]["source_numbers"] == [1, 3]
    with pytest.raises(ValidationError, match="audience"):
        build_snapshot(s, b.session_id, audience="press")


def test_current_follow_up_status_is_overlaid_at_read_time(drafted):
    s, b, (r1, r2), _ = drafted
    pub.close_session(s, b.session_id, actor=b.actor)
    pub.publish_session(s, b.session_id, actor=b.actor)
    rec = s.get(Recommendation, r1)
    rec.follow_up_status, rec.status_changed_at = "in_progress", datetime(2026, 3, 12, 9, tzinfo=timezone.utc)
    rec.owner = "Internal owner"
    s.commit()
    doc = published_document(s, b.session_id)
    first, second = doc["recommendations"]
    assert first["follow_up"] == {"status": "in_progress", "label": "In progress",
                                  "since": "2026-03-12T09:00:00+00:00"}
    assert second["follow_up"]["status"] == "proposed"
    # The snapshot itself is untouched: the status is read live.
    stored = pub.latest_publication(s, b.session_id)[1]
    assert "follow_up" not in stored["recommendations"][0]


def test_a_recommendation_merged_after_publication_reports_its_successors_status(drafted):
    s, b, (r1, r2), _ = drafted
    pub.close_session(s, b.session_id, actor=b.actor)
    pub.publish_session(s, b.session_id, actor=b.actor)
    recs.merge_recommendations(s, keep_id=r2, merge_id=r1, actor=b.actor)
    s.get(Recommendation, r2).follow_up_status = "accepted"
    s.commit()
    states = [r["follow_up"]["status"] for r in published_document(s, b.session_id)["recommendations"]]
    assert states == ["accepted", "accepted"]


def test_share_codes_are_readable_revocable_and_not_written_to_the_audit(drafted):
    s, b, _, _ = drafted
    code = pub.regenerate_share_code(s, b.session_id, actor=b.actor)
    assert len(code) == 9 and code[4] == "-" and not set(code) & set("01IO")
    assert pub.get_publish_state(s, b.session_id).share_code == code
    assert pub.normalize_share_code(f" {code.lower()} ") == code.replace("-", "")
    other = pub.regenerate_share_code(s, b.session_id, actor=b.actor)
    assert other != code
    pub.clear_share_code(s, b.session_id, actor=b.actor)
    assert pub.get_publish_state(s, b.session_id).share_code is None
    entries = list_audit(s, entity="session", entity_id=b.session_id)
    assert [e.note for e in entries] == ["share code cleared", "share code regenerated", "share code regenerated"]
    assert code.replace("-", "") not in json.dumps([e.before for e in entries] + [e.after for e in entries])
