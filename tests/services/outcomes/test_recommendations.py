"""Recommendations and takeaways: provenance, supporting groups, edit, reorder, merge, soft delete, audit."""
import pytest
from sqlalchemy import select

from dashboard.services.outcomes import recommendations as recs
from dashboard.services.outcomes import takeaways as tks
from dashboard.services.audit import list_audit
from dashboard.services.errors import Conflict, NotFound, ValidationError
from db.models import Intervention, Part, RecommendationEvent, RecommendationSource, utcnow
from tests.factories import make_intervention, make_session
from tests.reports.outcome_data import build_session


@pytest.fixture
def built(dbs):
    b = build_session(dbs)
    dbs.commit()
    return dbs, b


def test_promoting_interventions_keeps_provenance_and_computes_supporting_groups(built):
    s, b = built
    iv = b.interventions
    rec = recs.promote_interventions(s, session_id=b.session_id, actor=b.actor,
                                     intervention_ids=[iv["yara_q0"], iv["alice_q0"], iv["alice_q2"]],
                                     addressed_to=["industry"], priority="high")
    s.commit()
    assert rec.number == 1 and rec.priority == "high" and rec.addressed_to == ("industry",)
    assert rec.source_ids == tuple(sorted([iv["yara_q0"], iv["alice_q0"], iv["alice_q2"]]))
    # Distinct groups, in the registry's order (industry before youth), whatever the pick order.
    assert rec.supporting_groups == ("industry", "youth")
    # The draft text is the notes, in the order they were picked.
    assert rec.text.splitlines() == ["Young players want to block strangers in one tap.",
                                     "Chat should default to friends only for under-16s.",
                                     "Loot boxes should show odds in plain language."]
    stored = set(s.scalars(select(RecommendationSource.intervention_id)
                           .where(RecommendationSource.recommendation_id == rec.id)))
    assert stored == set(rec.source_ids)
    [entry] = list_audit(s, entity="recommendation", entity_id=rec.id)
    assert entry.action == "create" and entry.username == "mod" and entry.after["sources"] == sorted(stored)


def test_supporting_groups_follow_the_links_and_ignore_deleted_interventions(built):
    s, b = built
    iv = b.interventions
    rec = recs.create_recommendation(s, session_id=b.session_id, actor=b.actor, text="Publish odds.",
                                     intervention_ids=[iv["bruno_q0"], iv["chen_q1"]])
    assert rec.supporting_groups == ("member_state", "academia")
    s.get(Intervention, iv["chen_q1"]).deleted_at = utcnow()
    s.flush()
    again = recs.get_recommendation(s, rec.id)
    assert again.supporting_groups == ("member_state",) and again.source_ids == (iv["bruno_q0"],)
    none = recs.create_recommendation(s, session_id=b.session_id, actor=b.actor, text="From scratch.")
    assert none.supporting_groups == () and none.source_ids == () and none.addressed_to == ("all",)


@pytest.mark.parametrize("kwargs, message", [
    ({"text": "   "}, "cannot be empty"),
    ({"text": "x", "addressed_to": []}, "addressed to"),
    ({"text": "x", "addressed_to": ["martians"]}, "Unknown addressee"),
    ({"text": "x", "priority": "urgent"}, "Priority must be one of"),
    ({"text": "x", "theme_codes": ["no-such-theme"]}, "Unknown theme"),
])
def test_bad_fields_are_refused_with_a_readable_message(built, kwargs, message):
    s, b = built
    with pytest.raises(ValidationError, match=message):
        recs.create_recommendation(s, session_id=b.session_id, actor=b.actor, **kwargs)


def test_interventions_of_another_session_or_deleted_ones_cannot_be_linked(built):
    s, b = built
    other = make_session(s)
    foreign = make_intervention(s, other.id).id
    with pytest.raises(ValidationError, match="1 of the chosen interventions was deleted or belongs to another session"):
        recs.promote_interventions(s, session_id=b.session_id, actor=b.actor, intervention_ids=[foreign])
    s.get(Intervention, b.interventions["chen_q1"]).deleted_at = utcnow()
    with pytest.raises(ValidationError):
        recs.promote_interventions(s, session_id=b.session_id, actor=b.actor,
                                   intervention_ids=[b.interventions["chen_q1"]])
    with pytest.raises(ValidationError, match="at least one"):
        recs.promote_interventions(s, session_id=b.session_id, actor=b.actor, intervention_ids=[])
    with pytest.raises(NotFound):
        recs.create_recommendation(s, session_id=999_999, actor=b.actor, text="x")


def test_editing_changes_only_what_is_given_and_leaves_an_edit_event(built):
    s, b = built
    iv = b.interventions
    rec = recs.create_recommendation(s, session_id=b.session_id, actor=b.actor, text="Old text.",
                                     intervention_ids=[iv["alice_q0"]], theme_codes=[])
    updated = recs.update_recommendation(s, rec.id, actor=b.actor, text="  New text.  ", priority="low",
                                         intervention_ids=[iv["chen_q1"], iv["yara_q0"]])
    s.commit()
    assert updated.text == "New text." and updated.priority == "low" and updated.addressed_to == ("all",)
    assert updated.source_ids == tuple(sorted([iv["chen_q1"], iv["yara_q0"]]))
    assert updated.supporting_groups == ("academia", "youth")
    [event] = s.scalars(select(RecommendationEvent).where(RecommendationEvent.recommendation_id == rec.id)).all()
    assert event.kind == "edit" and event.note == "Edited: text, priority, sources"
    entry = list_audit(s, entity="recommendation", entity_id=rec.id)[0]
    assert entry.action == "update" and entry.before["text"] == "Old text." and entry.after["text"] == "New text."
    # Saving the same values again records nothing new.
    recs.update_recommendation(s, rec.id, actor=b.actor, text="New text.")
    assert len(list_audit(s, entity="recommendation", entity_id=rec.id)) == 2


def test_reorder_and_move_renumber_the_list(built):
    s, b = built
    ids = [recs.create_recommendation(s, session_id=b.session_id, actor=b.actor, text=f"R{i}").id for i in range(3)]
    recs.move_recommendation(s, ids[2], actor=b.actor, offset=-1)
    assert [r.text for r in recs.list_recommendations(s, session_id=b.session_id)] == ["R0", "R2", "R1"]
    recs.move_recommendation(s, ids[0], actor=b.actor, offset=-1)  # already first: stays
    recs.reorder_recommendations(s, session_id=b.session_id, actor=b.actor, ordered_ids=[ids[1], ids[0], ids[2]])
    listed = recs.list_recommendations(s, session_id=b.session_id)
    assert [(r.number, r.text) for r in listed] == [(1, "R1"), (2, "R0"), (3, "R2")]
    with pytest.raises(ValidationError, match="every item exactly once"):
        recs.reorder_recommendations(s, session_id=b.session_id, actor=b.actor, ordered_ids=[ids[0], ids[1]])
    assert list_audit(s, entity="recommendation", session_id=b.session_id)[0].action == "reorder"


def test_merge_keeps_both_provenances_and_unions_everything(built):
    s, b = built
    iv = b.interventions
    keep = recs.create_recommendation(s, session_id=b.session_id, actor=b.actor, text="Keep me.",
                                      addressed_to=["industry"], intervention_ids=[iv["alice_q0"], iv["bruno_q0"]])
    gone = recs.create_recommendation(s, session_id=b.session_id, actor=b.actor, text="Fold me.",
                                      addressed_to=["member_state"], priority="high",
                                      intervention_ids=[iv["bruno_q0"], iv["yara_q0"]])
    merged = recs.merge_recommendations(s, keep_id=keep.id, merge_id=gone.id, actor=b.actor)
    s.commit()
    assert merged.source_ids == tuple(sorted([iv["alice_q0"], iv["bruno_q0"], iv["yara_q0"]]))
    assert merged.supporting_groups == ("member_state", "industry", "youth")
    assert merged.addressed_to == ("member_state", "industry") and merged.text == "Keep me."
    folded = recs.get_recommendation(s, gone.id)
    assert folded.merged_into_id == keep.id and not folded.is_current
    assert folded.source_ids == tuple(sorted([iv["bruno_q0"], iv["yara_q0"]]))  # its own provenance stays
    assert [r.id for r in recs.list_recommendations(s, session_id=b.session_id)] == [keep.id]
    assert {a.action for a in list_audit(s, entity="recommendation") if a.entity_id in (keep.id, gone.id)} == {
        "create", "merge"}
    with pytest.raises(Conflict, match="merged into"):
        recs.update_recommendation(s, gone.id, actor=b.actor, text="edit a merged one")
    with pytest.raises(ValidationError, match="two different"):
        recs.merge_recommendations(s, keep_id=keep.id, merge_id=keep.id, actor=b.actor)
    other = make_session(s)
    foreign = recs.create_recommendation(s, session_id=other.id, actor=b.actor, text="Elsewhere.")
    with pytest.raises(ValidationError, match="same session"):
        recs.merge_recommendations(s, keep_id=keep.id, merge_id=foreign.id, actor=b.actor)


def test_merge_can_reword_the_kept_text(built):
    s, b = built
    a = recs.create_recommendation(s, session_id=b.session_id, actor=b.actor, text="A.")
    c = recs.create_recommendation(s, session_id=b.session_id, actor=b.actor, text="C.")
    assert recs.merge_recommendations(s, keep_id=c.id, merge_id=a.id, actor=b.actor, text="A and C.").text == "A and C."


def test_soft_delete_hides_audits_and_restores_at_the_end(built):
    s, b = built
    first = recs.create_recommendation(s, session_id=b.session_id, actor=b.actor, text="First.")
    recs.create_recommendation(s, session_id=b.session_id, actor=b.actor, text="Second.")
    recs.delete_recommendation(s, first.id, actor=b.actor)
    assert [r.text for r in recs.list_recommendations(s, session_id=b.session_id)] == ["Second."]
    removed = recs.list_recommendations(s, session_id=b.session_id, include_removed=True)
    assert [(r.text, r.number, r.deleted_at is not None) for r in removed] == [("Second.", 1, False), ("First.", 0, True)]
    assert list_audit(s, entity="recommendation", entity_id=first.id)[0].action == "delete"
    with pytest.raises(Conflict, match="deleted"):
        recs.delete_recommendation(s, first.id, actor=b.actor)
    recs.restore_recommendation(s, first.id, actor=b.actor)
    assert [r.text for r in recs.list_recommendations(s, session_id=b.session_id)] == ["Second.", "First."]
    assert list_audit(s, entity="recommendation", entity_id=first.id)[0].action == "restore"


def test_link_interventions_adds_sources_once(built):
    s, b = built
    iv = b.interventions
    rec = recs.create_recommendation(s, session_id=b.session_id, actor=b.actor, text="R.",
                                     intervention_ids=[iv["alice_q0"]])
    rec = recs.link_interventions(s, rec.id, actor=b.actor, intervention_ids=[iv["alice_q0"], iv["chen_q1"]])
    assert rec.source_ids == tuple(sorted([iv["alice_q0"], iv["chen_q1"]]))
    assert list_audit(s, entity="recommendation", entity_id=rec.id)[0].action == "link"


# --- takeaways ---------------------------------------------------------------------------


def test_takeaways_per_part_with_optional_provenance(built):
    s, b = built
    iv = b.interventions
    p1, p2 = b.parts
    t1 = tks.create_takeaway(s, session_id=b.session_id, actor=b.actor, part_id=p1, text="Defaults matter.",
                             intervention_ids=[iv["alice_q0"], iv["yara_q0"]])
    tks.create_takeaway(s, session_id=b.session_id, actor=b.actor, part_id=p1, text="Measure harm, not reports.")
    tks.create_takeaway(s, session_id=b.session_id, actor=b.actor, part_id=None, text="Keep meeting.")
    t4 = tks.create_takeaway(s, session_id=b.session_id, actor=b.actor, part_id=p2, text="Odds in plain language.")
    s.commit()
    listed = tks.list_takeaways(s, session_id=b.session_id)
    assert [(t.part_id, t.text) for t in listed] == [
        (p1, "Defaults matter."), (p1, "Measure harm, not reports."), (p2, "Odds in plain language."),
        (None, "Keep meeting.")]
    assert t1.supporting_groups == ("industry", "youth") and t4.source_ids == ()
    tks.move_takeaway(s, t1.id, actor=b.actor, offset=1)
    assert [t.text for t in tks.list_takeaways(s, session_id=b.session_id) if t.part_id == p1] == [
        "Measure harm, not reports.", "Defaults matter."]
    moved = tks.update_takeaway(s, t1.id, actor=b.actor, part_id=p2, intervention_ids=[])
    assert moved.part_id == p2 and moved.source_ids == ()
    assert [t.text for t in tks.list_takeaways(s, session_id=b.session_id) if t.part_id == p2] == [
        "Odds in plain language.", "Defaults matter."]
    tks.delete_takeaway(s, t4.id, actor=b.actor)
    assert t4.id not in {t.id for t in tks.list_takeaways(s, session_id=b.session_id)}
    tks.restore_takeaway(s, t4.id, actor=b.actor)
    actions = [a.action for a in list_audit(s, entity="takeaway", session_id=b.session_id)]
    assert actions[:3] == ["restore", "delete", "update"] and actions.count("create") == 4
    # Imported titles often carry "Part 1" already; it is not doubled.
    s.get(Part, p2).title = "Loot boxes"
    assert tks.list_parts(s, session_id=b.session_id) == [(p1, "Part 1"), (p2, "Part 2: Loot boxes")]


def test_takeaway_part_must_belong_to_the_session(built):
    s, b = built
    other = make_session(s)
    with pytest.raises(ValidationError, match="Part"):
        tks.create_takeaway(s, session_id=b.session_id, actor=b.actor, part_id=other.parts[0].id, text="x")
    with pytest.raises(ValidationError, match="cannot be empty"):
        tks.create_takeaway(s, session_id=b.session_id, actor=b.actor, text="")
