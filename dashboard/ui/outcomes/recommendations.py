"""The drafting page's recommendation list (edit, reorder, merge, delete) and its promote panel."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Optional

import streamlit as st

from db.codes import ADDRESSEES, PRIORITIES, STAKEHOLDER_TYPES
from dashboard.textfmt import escape_md
from dashboard.services.outcomes import recommendations as recs
from dashboard.services.audit import Actor
from dashboard.ui.outcomes import drafting
from dashboard.runtime import db
from dashboard.ui.outcomes.common import act

EDITING = "rec_editing"


@dataclass
class Drafting:
    """What the drafting views need about one session (loaded once per run by the page)."""

    session_id: int
    actor: Actor
    all_recs: list[recs.RecommendationInfo]
    interventions: list[dict[str, Any]]
    themes: dict[str, str]  # code -> label
    current: list[recs.RecommendationInfo] = field(init=False)
    by_id: dict[int, dict[str, Any]] = field(init=False)
    used_in: dict[int, list[int]] = field(init=False)  # intervention id -> numbers of recommendations citing it

    def __post_init__(self) -> None:
        self.current = [r for r in self.all_recs if r.is_current]
        self.by_id = {i["id"]: i for i in self.interventions}
        self.used_in = {}
        for rec in self.current:
            for source in rec.source_ids:
                self.used_in.setdefault(source, []).append(rec.number)

    def label(self, intervention_id: int) -> str:
        item = self.by_id.get(intervention_id)
        return drafting.intervention_label(item) if item else f"Intervention {intervention_id} (deleted)"

    def rec_name(self, rec_id: int) -> str:
        return next((f"{r.number}. {drafting.short(r.text, 80)}" for r in self.current if r.id == rec_id), str(rec_id))


# --- actions: callbacks run before the next rerun, so they may reset widgets ----------------


def _fields(prefix: str) -> dict[str, Any]:
    state = st.session_state
    return {"addressed_to": state.get(f"{prefix}_to", []), "priority": state.get(f"{prefix}_priority", "medium"),
            "theme_codes": state.get(f"{prefix}_themes", [])}


def _create(d: Drafting) -> None:
    state = st.session_state
    if act(lambda s: recs.create_recommendation(s, session_id=d.session_id, actor=d.actor,
                                                text=state.get("new_rec_text", ""), **_fields("new_rec"),
                                                intervention_ids=state.get("new_rec_sources", [])),
           "Recommendation added at the end of the list."):
        for key in ("new_rec_text", "new_rec_themes", "new_rec_sources"):
            state.pop(key, None)


def _promote(d: Drafting, key: str) -> None:
    ids = drafting.selected_ids()
    if act(lambda s: recs.promote_interventions(s, session_id=d.session_id, actor=d.actor, intervention_ids=ids,
                                                text=st.session_state.get(f"{key}_text", ""), **_fields(key)),
           f"Recommendation created from {len(ids)} intervention{'s' if len(ids) != 1 else ''}."):
        drafting.clear_selection()


def _add_sources(d: Drafting) -> None:
    target, ids = st.session_state.get("promote_target"), drafting.selected_ids()
    if act(lambda s: recs.link_interventions(s, target, actor=d.actor, intervention_ids=ids),
           "Sources added to the recommendation."):
        drafting.clear_selection()


def _save(d: Drafting, rec_id: int) -> None:
    state = st.session_state
    if act(lambda s: recs.update_recommendation(s, rec_id, actor=d.actor, text=state.get(f"rec_text_{rec_id}"),
                                                **_fields(f"rec_{rec_id}"),
                                                intervention_ids=state.get(f"rec_sources_{rec_id}")),
           "Recommendation saved."):
        state.pop(EDITING, None)


def _merge(d: Drafting) -> None:
    keep, gone = st.session_state.get("merge_keep"), st.session_state.get("merge_gone")
    act(lambda s: recs.merge_recommendations(s, keep_id=keep, merge_id=gone, actor=d.actor),
        "Merged: the second recommendation's sources, themes and addressees now belong to the first.")


# --- views -----------------------------------------------------------------------------------


def _rec_fields(d: Drafting, prefix: str, rec: Optional[recs.RecommendationInfo] = None,
                theme_defaults: tuple[str, ...] = ()) -> None:
    st.multiselect("Addressed to", list(ADDRESSEES), default=list(rec.addressed_to) if rec else ["all"],
                   format_func=ADDRESSEES.get, key=f"{prefix}_to")
    st.selectbox("Priority", list(PRIORITIES), index=list(PRIORITIES).index(rec.priority if rec else "medium"),
                 format_func=PRIORITIES.get, key=f"{prefix}_priority")
    chosen = rec.theme_codes if rec else theme_defaults
    st.multiselect("Themes", list(d.themes), default=[c for c in chosen if c in d.themes], format_func=d.themes.get,
                   key=f"{prefix}_themes")


def _edit_form(d: Drafting, rec: recs.RecommendationInfo) -> None:
    with st.form(f"edit_rec_{rec.id}"):
        st.text_area(f"Recommendation {rec.number}", value=rec.text, key=f"rec_text_{rec.id}", height=120)
        _rec_fields(d, f"rec_{rec.id}", rec)
        st.multiselect("Source interventions", list(d.by_id), default=[i for i in rec.source_ids if i in d.by_id],
                       format_func=d.label, key=f"rec_sources_{rec.id}")
        row = st.container(horizontal=True)
        row.form_submit_button("Save", type="primary", on_click=_save, args=(d, rec.id))
        row.form_submit_button("Cancel", on_click=lambda: st.session_state.pop(EDITING, None))


def _card(d: Drafting, rec: recs.RecommendationInfo) -> None:
    with st.container(border=True):
        if st.session_state.get(EDITING) == rec.id:
            _edit_form(d, rec)
            return
        st.markdown(f"**{rec.number}.** {escape_md(rec.text)}")
        facts = [f"To: {', '.join(ADDRESSEES.get(a, a) for a in rec.addressed_to)}",
                 f"Priority: {PRIORITIES.get(rec.priority, rec.priority)}"]
        if rec.theme_labels:
            facts.append("Themes: " + ", ".join(rec.theme_labels))
        st.caption(escape_md(" · ".join(facts)) + "  \n"
                   + escape_md(drafting.support_line(rec.supporting_groups, len(rec.source_ids))))
        if rec.source_ids:
            with st.expander(f"Sources ({len(rec.source_ids)})"):
                for item in (d.by_id[i] for i in rec.source_ids if i in d.by_id):
                    st.markdown(escape_md(f"#{item['number']} · {item['group_label']} · {item['speaker']}: "
                                          f"{drafting.short(item['text'], 300)}"))
        drafting.item_controls(
            "rec", rec.id,
            on_move=lambda rec_id, offset: act(lambda s: recs.move_recommendation(s, rec_id, actor=d.actor, offset=offset)),
            on_edit=lambda rec_id: st.session_state.update({EDITING: rec_id}),
            on_delete=lambda rec_id: act(lambda s: recs.delete_recommendation(s, rec_id, actor=d.actor),
                                         "Recommendation deleted. Restore it under “Deleted and merged” if that was a mistake."),
        )


def recommendation_list(d: Drafting) -> None:
    """The current recommendations with their controls, a form for a new one, merge, and the removed ones."""
    with st.expander("Write a new recommendation", icon=":material/add:"):
        with st.form("new_rec"):
            st.text_area("Recommendation", key="new_rec_text", placeholder="Who should do what, and why…")
            _rec_fields(d, "new_rec")
            st.multiselect("Source interventions (optional)", list(d.by_id), format_func=d.label, key="new_rec_sources")
            st.form_submit_button("Add recommendation", type="primary", on_click=_create, args=(d,))
    if not d.current:
        st.info("No recommendations yet. Write one above, or tick interventions under “Promote interventions” "
                "to turn what was said into a recommendation.")
    for rec in d.current:
        _card(d, rec)
    if len(d.current) >= 2:
        with st.expander("Merge two recommendations", icon=":material/merge:"):
            st.caption("The second is folded into the first: its sources, themes and addressees are added to the "
                       "first, it leaves the list, and its history is kept. Edit the first one's text afterwards.")
            options = [r.id for r in d.current]
            st.selectbox("Keep", options, format_func=d.rec_name, key="merge_keep")
            st.selectbox("Merge into it", options, index=1, format_func=d.rec_name, key="merge_gone")
            st.button("Merge", on_click=_merge, args=(d,), icon=":material/merge:")
    removed = [r for r in d.all_recs if not r.is_current]
    if removed:
        with st.expander(f"Deleted and merged ({len(removed)})"):
            for rec in removed:
                st.markdown(escape_md(drafting.short(rec.text, 160)))
                if rec.merged_into_id:
                    target = next((r.number for r in d.current if r.id == rec.merged_into_id), None)
                    st.caption(f"Merged into recommendation {target}" if target else "Merged")
                else:
                    st.button("Restore", key=f"rec_restore_{rec.id}", args=(rec.id,), on_click=lambda rec_id: act(
                        lambda s: recs.restore_recommendation(s, rec_id, actor=d.actor),
                        "Recommendation restored at the end of the list."))


def _filtered(d: Drafting) -> list[dict[str, Any]]:
    questions = ["all", *dict.fromkeys(i["question"] for i in d.interventions)]
    filters = st.columns([1, 1])
    question = filters[0].selectbox("Question", questions, format_func=lambda q: "All questions" if q == "all" else q)
    groups = filters[1].multiselect("Stakeholder groups", list(STAKEHOLDER_TYPES), format_func=STAKEHOLDER_TYPES.get,
                                    placeholder="All groups")
    search = st.text_input("Search the notes", placeholder="word or phrase").strip().lower()
    return [i for i in d.interventions if (question == "all" or i["question"] == question)
            and (not groups or i["group"] in groups) and search in i["text"].lower()]


def promote_panel(d: Drafting) -> None:
    """Tick interventions on the left; turn them into a recommendation (or sources of one) on the right."""
    if not d.interventions:
        st.info("No interventions captured in this session yet: they are captured under Live → Capture console.")
        return
    left, right = st.columns([3, 2], gap="large")
    with left:
        shown = _filtered(d)
        st.caption(f"{len(shown)} of {len(d.interventions)} interventions")
        with st.container(height=620):
            drafting.intervention_picker(shown, d.used_in)
    with right:
        ids = drafting.selected_ids()
        st.markdown(f"**{len(ids)} selected**")
        if not ids:
            st.caption("Tick the interventions a recommendation draws on. Their stakeholder groups become its "
                       "supporting groups, and the links are kept as provenance.")
            return
        st.markdown("\n".join(f"- {escape_md(d.label(i))}" for i in ids))
        st.button("Clear selection", on_click=drafting.clear_selection, icon=":material/close:")
        with db() as session:
            draft, draft_themes = recs.draft_from_interventions(session, session_id=d.session_id, intervention_ids=ids)
        # A new key per selection, so the text starts again from the newly picked notes.
        key = "promote_" + hashlib.sha1(",".join(map(str, ids)).encode()).hexdigest()[:10]
        with st.form("promote_form"):
            st.markdown("**New recommendation from the selection**")
            st.text_area("Recommendation", value=draft, key=f"{key}_text", height=160,
                         help="Starts from the notes: reword it into one actionable recommendation.")
            _rec_fields(d, key, theme_defaults=draft_themes)
            st.form_submit_button("Create recommendation", type="primary", on_click=_promote, args=(d, key))
        if d.current:
            st.markdown("**…or add them as sources of an existing recommendation**")
            st.selectbox("Existing recommendation", [r.id for r in d.current], key="promote_target",
                         format_func=d.rec_name)
            st.button("Add as sources", on_click=_add_sources, args=(d,))
