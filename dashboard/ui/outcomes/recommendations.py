"""The drafting page's recommendation list (edit, reorder, merge, delete) and its promote panel.

Every form's widgets are keyed by `actions.key(area, ..., record)` and every callback is bound to
the record it was drawn for; a successful action renews its area's keys, so the form shows its
defaults again instead of what was just saved.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Optional

import streamlit as st

from db.codes import ADDRESSEES, PRIORITIES, STAKEHOLDER_TYPES
from dashboard.navigation import roles_for
from dashboard.runtime import db
from dashboard.services.errors import Conflict
from dashboard.services.outcomes import recommendations as recs
from dashboard.textfmt import escape_md, isolate, user_text
from dashboard.ui import actions
from dashboard.ui.outcomes import drafting
from dashboard.ui.outcomes.drafting import PROMOTE, SELECTED
from dashboard.ui.language import _, label

STAFF = roles_for("recommendations.py")  # who may act here: the page's own roles
RECS = "recommendations"  # the action area of the list: its forms, its buttons, its feedback
EDITING = "rec_editing"  # the id of the recommendation whose card shows its edit form


@dataclass
class Drafting:
    """What the drafting views need about one session (loaded once per run by the page)."""

    session_id: int
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
        return drafting.intervention_label(item) if item else _("Intervention {number} (deleted)").format(
            number=intervention_id)

    def rec_name(self, rec_id: int) -> str:
        return next((f"{r.number}. {drafting.short(r.text, 80)}" for r in self.current if r.id == rec_id), str(rec_id))


def _created(count: int) -> str:
    if count == 1:
        return _("Recommendation created from 1 intervention.")
    return _("Recommendation created from {count} interventions.").format(count=count)


# --- the shared fields of a recommendation form ------------------------------------------------


def _field_keys(area: str, *record: object) -> dict[str, str]:
    return {"addressed_to": actions.key(area, "to", *record), "priority": actions.key(area, "priority", *record),
            "theme_codes": actions.key(area, "themes", *record)}


def _fields(keys: dict[str, str]) -> dict[str, Any]:
    """The addressees, priority and themes typed into the form whose keys these are (read at click time)."""
    state = st.session_state
    return {"addressed_to": state.get(keys["addressed_to"], []), "priority": state.get(keys["priority"], "medium"),
            "theme_codes": state.get(keys["theme_codes"], [])}


def _rec_fields(d: Drafting, keys: dict[str, str], rec: Optional[recs.RecommendationInfo] = None,
                theme_defaults: tuple[str, ...] = ()) -> None:
    st.multiselect(_("Addressed to"), list(ADDRESSEES), default=list(rec.addressed_to) if rec else ["all"],
                   format_func=lambda code: label(ADDRESSEES, code), key=keys["addressed_to"], placeholder=_("Choose…"))
    st.selectbox(_("Priority"), list(PRIORITIES), index=list(PRIORITIES).index(rec.priority if rec else "medium"),
                 format_func=lambda code: label(PRIORITIES, code), key=keys["priority"])
    chosen = rec.theme_codes if rec else theme_defaults
    st.multiselect(_("Themes"), list(d.themes), default=[c for c in chosen if c in d.themes], format_func=d.themes.get,
                   key=keys["theme_codes"], placeholder=_("Choose…"))


# --- the list -----------------------------------------------------------------------------------


def _new_form(d: Drafting) -> None:
    keys = {"text": actions.key(RECS, "new_text"), "sources": actions.key(RECS, "new_sources"),
            **_field_keys(RECS, "new")}

    def create(session, user) -> recs.RecommendationInfo:
        state = st.session_state
        return recs.create_recommendation(session, session_id=d.session_id, actor=user.actor,
                                          text=state.get(keys["text"], ""), **_fields(keys),
                                          intervention_ids=state.get(keys["sources"], []))

    with st.form(actions.key(RECS, "new_form")):
        st.text_area(_("Recommendation"), key=keys["text"], placeholder=_("Who should do what, and why…"))
        _rec_fields(d, keys)
        st.multiselect(_("Source interventions (optional)"), list(d.by_id), format_func=d.label, key=keys["sources"],
                       placeholder=_("Choose…"))
        st.form_submit_button(_("Add recommendation"), type="primary", on_click=actions.callback(
            RECS, create, roles=STAFF, success=_("Recommendation added at the end of the list."), renew_keys=True,
            once=actions.key(RECS, "create")))


def _edit_form(d: Drafting, rec: recs.RecommendationInfo) -> None:
    rec_id = rec.id
    keys = {"text": actions.key(RECS, "text", rec_id), "sources": actions.key(RECS, "sources", rec_id),
            **_field_keys(RECS, rec_id)}

    def save(session, user) -> recs.RecommendationInfo:
        state = st.session_state
        return recs.update_recommendation(session, rec_id, actor=user.actor, text=state.get(keys["text"]),
                                          **_fields(keys), intervention_ids=state.get(keys["sources"]))

    with st.form(actions.key(RECS, "edit_form", rec_id)):
        st.text_area(_("Recommendation {number}").format(number=rec.number), value=rec.text, key=keys["text"],
                     height=120)
        _rec_fields(d, keys, rec)
        st.multiselect(_("Source interventions"), list(d.by_id), default=[i for i in rec.source_ids if i in d.by_id],
                       format_func=d.label, key=keys["sources"], placeholder=_("Choose…"))
        row = st.container(horizontal=True)
        row.form_submit_button(_("Save"), type="primary", on_click=actions.callback(
            RECS, save, roles=STAFF, success=_("Recommendation saved."), reset=(EDITING,), renew_keys=True))
        row.form_submit_button(_("Cancel"), on_click=lambda: st.session_state.pop(EDITING, None))


def _card(d: Drafting, rec: recs.RecommendationInfo) -> None:
    rec_id = rec.id
    with st.container(border=True):
        if st.session_state.get(EDITING) == rec_id:
            _edit_form(d, rec)
            return
        st.markdown(f"**{rec.number}.** {user_text(rec.text)}")
        facts = [_("To: {addressees}").format(addressees=", ".join(label(ADDRESSEES, a) for a in rec.addressed_to)),
                 _("Priority: {priority}").format(priority=label(PRIORITIES, rec.priority))]
        if rec.theme_labels:
            facts.append(_("Themes: {themes}").format(themes=", ".join(_(t) for t in rec.theme_labels)))
        st.caption(escape_md(" · ".join(facts)) + "  \n"
                   + escape_md(drafting.support_line(rec.supporting_groups, len(rec.source_ids))))
        if rec.source_ids:
            with st.expander(_("Sources ({count})").format(count=len(rec.source_ids))):
                for item in (d.by_id[i] for i in rec.source_ids if i in d.by_id):
                    st.markdown(f"{isolate('#' + str(item['number']), ltr=True)} · {escape_md(item['group_label'])} · "
                                f"{user_text(item['speaker'])}: {user_text(drafting.short(item['text'], 300))}")
        drafting.item_controls(
            "rec", rec_id, area=RECS, roles=STAFF, move=recs.move_recommendation, delete=recs.delete_recommendation,
            deleted=_("Recommendation deleted. Restore it under “Deleted and merged” if that was a mistake."),
            editing=EDITING)


def _merge(d: Drafting) -> None:
    keep_key, gone_key = actions.key(RECS, "merge_keep"), actions.key(RECS, "merge_gone")

    def merge(session, user) -> recs.RecommendationInfo:
        state = st.session_state
        return recs.merge_recommendations(session, keep_id=state.get(keep_key), merge_id=state.get(gone_key),
                                          actor=user.actor)

    with st.expander(_("Merge two recommendations"), icon=":material/merge:"):
        st.caption(_("The second is folded into the first: its sources, themes and addressees are added to the "
                     "first, it leaves the list, and its history is kept. Edit the first one's text afterwards."))
        options = [r.id for r in d.current]
        st.selectbox(_("Keep"), options, format_func=d.rec_name, key=keep_key)
        st.selectbox(_("Merge into it"), options, index=1, format_func=d.rec_name, key=gone_key)
        st.button(_("Merge"), icon=":material/merge:", on_click=actions.callback(
            RECS, merge, roles=STAFF, renew_keys=True,
            success=_("Merged: the second recommendation's sources, themes and addressees now belong to the first.")))


def _removed(d: Drafting, rec: recs.RecommendationInfo) -> None:
    rec_id = rec.id
    st.markdown(user_text(drafting.short(rec.text, 160)))
    if rec.merged_into_id:
        target = next((r.number for r in d.current if r.id == rec.merged_into_id), None)
        st.caption(_("Merged into recommendation {number}").format(number=target) if target else _("Merged"))
    else:
        st.button(_("Restore"), key=f"rec_restore_{rec_id}", on_click=actions.callback(
            RECS, lambda session, user: recs.restore_recommendation(session, rec_id, actor=user.actor), roles=STAFF,
            success=_("Recommendation restored at the end of the list.")))


def recommendation_list(d: Drafting) -> None:
    """The current recommendations with their controls, a form for a new one, merge, and the removed ones."""
    actions.feedback(RECS)
    with st.expander(_("Write a new recommendation"), icon=":material/add:"):
        _new_form(d)
    if not d.current:
        st.info(_("No recommendations yet. Write one above, or tick interventions under “Promote interventions” "
                  "to turn what was said into a recommendation."))
    for rec in d.current:
        _card(d, rec)
    if len(d.current) >= 2:
        _merge(d)
    removed = [r for r in d.all_recs if not r.is_current]
    if removed:
        with st.expander(_("Deleted and merged ({count})").format(count=len(removed))):
            for rec in removed:
                _removed(d, rec)


# --- promote ------------------------------------------------------------------------------------


def _filtered(d: Drafting) -> list[dict[str, Any]]:
    questions = ["all", *dict.fromkeys(i["question"] for i in d.interventions)]
    filters = st.columns([1, 1])
    question = filters[0].selectbox(_("Question"), questions,
                                    format_func=lambda q: _("All questions") if q == "all" else q)
    groups = filters[1].multiselect(_("Stakeholder groups"), list(STAKEHOLDER_TYPES),
                                    format_func=lambda code: label(STAKEHOLDER_TYPES, code),
                                    placeholder=_("All groups"))
    search = st.text_input(_("Search the notes"), placeholder=_("word or phrase")).strip().lower()
    return [i for i in d.interventions if (question == "all" or i["question"] == question)
            and (not groups or i["group"] in groups) and search in i["text"].lower()]


def _selection(d: Drafting) -> tuple[int, ...]:
    return tuple(i for i in drafting.selected_ids() if i in d.by_id)


def _promote_forms(d: Drafting, ids: tuple[int, ...]) -> None:
    """Create a recommendation from exactly the interventions shown as selected, or add them to one."""
    with db() as session:
        draft, draft_themes = recs.draft_from_interventions(session, session_id=d.session_id, intervention_ids=ids)
    # Keys per selection, so the text starts again from the newly picked notes.
    picked = hashlib.sha1(",".join(map(str, ids)).encode()).hexdigest()[:10]
    keys = {"text": actions.key(PROMOTE, "text", picked), **_field_keys(PROMOTE, picked)}

    def unchanged() -> None:
        # A click can reach a form drawn for an earlier selection (ticked a moment before): refuse it.
        if _selection(d) != ids:
            raise Conflict("The ticked interventions changed as you clicked: check the selection and press again.")

    def promote(session, user) -> recs.RecommendationInfo:
        unchanged()
        return recs.promote_interventions(session, session_id=d.session_id, actor=user.actor, intervention_ids=ids,
                                          text=st.session_state.get(keys["text"], ""), **_fields(keys))

    with st.form(actions.key(PROMOTE, "form", picked)):
        st.markdown("**{}**".format(_("New recommendation from the selection")))
        st.text_area(_("Recommendation"), value=draft, key=keys["text"], height=160,
                     help=_("Starts from the notes: reword it into one actionable recommendation."))
        _rec_fields(d, keys, theme_defaults=draft_themes)
        st.form_submit_button(_("Create recommendation"), type="primary", on_click=actions.callback(
            PROMOTE, promote, roles=STAFF, reset=(SELECTED,), renew_keys=True,
            once=actions.key(PROMOTE, "create", picked),
            success=lambda info: _created(len(info.source_ids))))
    if d.current:
        target_key = actions.key(PROMOTE, "target")

        def link(session, user) -> recs.RecommendationInfo:
            unchanged()
            return recs.link_interventions(session, st.session_state.get(target_key), actor=user.actor,
                                           intervention_ids=ids)

        st.markdown("**{}**".format(_("…or add them as sources of an existing recommendation")))
        st.selectbox(_("Existing recommendation"), [r.id for r in d.current], key=target_key,
                     format_func=d.rec_name)
        st.button(_("Add as sources"), on_click=actions.callback(
            PROMOTE, link, roles=STAFF, reset=(SELECTED,), renew_keys=True, once=actions.key(PROMOTE, "link", picked),
            success=lambda info: _("Sources added to recommendation {number}.").format(number=info.number)))


def promote_panel(d: Drafting) -> None:
    """Tick interventions on the left; turn them into a recommendation (or sources of one) on the right."""
    if not d.interventions:
        st.info(_("No interventions captured in this session yet: they are captured under Live → Capture console."))
        return
    left, right = st.columns([3, 2], gap="large")
    with left:
        shown = _filtered(d)
        st.caption(_("{shown} of {total} interventions").format(shown=len(shown), total=len(d.interventions)))
        with st.container(height=620):
            drafting.intervention_picker(shown, d.used_in)
    with right:
        actions.feedback(PROMOTE)
        ids = _selection(d)
        st.markdown("**{}**".format(_("{count} selected").format(count=len(ids))))
        if not ids:
            st.caption(_("Tick the interventions a recommendation draws on. Their stakeholder groups become its "
                         "supporting groups, and the links are kept as provenance."))
            return
        st.markdown("\n".join(f"- {user_text(d.label(i))}" for i in ids))
        st.button(_("Clear selection"), on_click=drafting.clear_selection, icon=":material/close:")
        _promote_forms(d, ids)
