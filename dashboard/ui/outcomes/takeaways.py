"""The key-takeaways editor of the drafting page: per Part, add, edit, reorder, delete and restore.

Each Part's add form is an action area of its own: adding renews its keys, so the form comes back
empty (no text, no sources) and a second press of the same drawn form adds nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Optional

import streamlit as st

from dashboard.navigation import roles_for
from dashboard.services.outcomes import takeaways as tks
from dashboard.textfmt import escape_md, user_text
from dashboard.ui import actions
from dashboard.ui.outcomes.drafting import item_controls, short, support_line
from dashboard.ui.language import _

STAFF = roles_for("recommendations.py")  # who may act here: the page's own roles
TAKEAWAYS = "takeaways"  # edit forms, move / delete / restore, and their feedback
EDITING = "tk_editing"  # the id of the takeaway whose card shows its edit form


def new_area(part_id: Optional[int]) -> str:
    """The action area of one Part's add form (None: the whole session)."""
    return f"takeaways.new.{part_id or 'session'}"


def _edit_form(item: tks.TakeawayInfo, parts: list[tuple[int, str]], interventions: list[int],
               label: Callable[[int], str]) -> None:
    item_id = item.id
    keys = {name: actions.key(TAKEAWAYS, name, item_id) for name in ("text", "part", "sources")}

    def save(session, user) -> tks.TakeawayInfo:
        state = st.session_state
        return tks.update_takeaway(session, item_id, actor=user.actor, text=state.get(keys["text"]),
                                   part_id=state.get(keys["part"]), intervention_ids=state.get(keys["sources"], []))

    with st.form(actions.key(TAKEAWAYS, "edit_form", item_id)):
        st.text_area(_("Takeaway"), value=item.text, key=keys["text"])
        part_ids: list[Optional[int]] = [None, *(p for p, _title in parts)]
        names = {None: _("Whole session"), **dict(parts)}
        st.selectbox(_("Part"), part_ids, index=part_ids.index(item.part_id) if item.part_id in part_ids else 0,
                     format_func=names.get, key=keys["part"])
        st.multiselect(_("Source interventions (optional)"), interventions,
                       default=[i for i in item.source_ids if i in interventions], format_func=label,
                       key=keys["sources"], placeholder=_("Choose…"))
        row = st.container(horizontal=True)
        row.form_submit_button(_("Save"), type="primary", on_click=actions.callback(
            TAKEAWAYS, save, roles=STAFF, success=_("Takeaway saved."), reset=(EDITING,), renew_keys=True))
        row.form_submit_button(_("Cancel"), on_click=lambda: st.session_state.pop(EDITING, None))


def _card(item: tks.TakeawayInfo, parts: list[tuple[int, str]], interventions: list[int],
          label: Callable[[int], str]) -> None:
    item_id = item.id
    with st.container(border=True):
        if st.session_state.get(EDITING) == item_id:
            _edit_form(item, parts, interventions, label)
            return
        st.markdown(user_text(item.text))
        if item.source_ids:
            st.caption(escape_md(support_line(item.supporting_groups, len(item.source_ids))))
        item_controls("tk", item_id, area=TAKEAWAYS, roles=STAFF, move=tks.move_takeaway, delete=tks.delete_takeaway,
                      deleted=_("Takeaway deleted; you can restore it below."), editing=EDITING)


def _add_form(session_id: int, part_id: Optional[int], interventions: list[int], label: Callable[[int], str]) -> None:
    area = new_area(part_id)
    text_key, sources_key = actions.key(area, "text"), actions.key(area, "sources")

    def add(session, user) -> tks.TakeawayInfo:
        state = st.session_state
        return tks.create_takeaway(session, session_id=session_id, actor=user.actor, part_id=part_id,
                                   text=state.get(text_key, ""), intervention_ids=state.get(sources_key, []))

    actions.feedback(area)
    with st.form(actions.key(area, "form")):
        st.text_area(_("New takeaway"), key=text_key, height=80, placeholder=_("One short statement"))
        st.multiselect(_("Source interventions (optional)"), interventions, format_func=label, key=sources_key,
                       placeholder=_("Choose…"))
        st.form_submit_button(_("Add takeaway"), on_click=actions.callback(
            area, add, roles=STAFF, success=_("Takeaway added."), renew_keys=True, once=actions.key(area, "add")))


def _restore(item: tks.TakeawayInfo) -> None:
    item_id = item.id
    st.markdown(user_text(short(item.text, 160)))
    st.button(_("Restore"), key=f"tk_restore_{item_id}", on_click=actions.callback(
        TAKEAWAYS, lambda session, user: tks.restore_takeaway(session, item_id, actor=user.actor), roles=STAFF,
        success=_("Takeaway restored.")))


def takeaway_editor(*, session_id: int, parts: list[tuple[int, str]], takeaways: list[tks.TakeawayInfo],
                    interventions: list[int], label: Callable[[int], str]) -> None:
    """Every Part's takeaways with their controls, an add form per Part, and the deleted ones to restore."""
    st.caption(_("Short statements of what the dialogue concluded, per Part. Linking interventions is optional."))
    actions.feedback(TAKEAWAYS)
    live = [t for t in takeaways if t.deleted_at is None]
    for part_id, title in [*parts, (None, _("Whole session"))]:
        st.subheader(user_text(title))
        items = [t for t in live if t.part_id == part_id]
        if not items:
            st.caption(_("None yet.") if part_id is None else _("No takeaways for this Part yet."))
        for item in items:
            _card(item, parts, interventions, label)
        _add_form(session_id, part_id, interventions, label)
    deleted = [t for t in takeaways if t.deleted_at is not None]
    if deleted:
        with st.expander(_("Deleted takeaways ({count})").format(count=len(deleted))):
            for item in deleted:
                _restore(item)
