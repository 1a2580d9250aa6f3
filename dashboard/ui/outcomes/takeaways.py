"""The key-takeaways editor of the drafting page: per Part, add, edit, reorder, delete and restore."""
from __future__ import annotations

from collections.abc import Callable
from typing import Optional

import streamlit as st

from dashboard.textfmt import escape_md
from dashboard.services.outcomes import takeaways as tks
from dashboard.services.audit import Actor
from dashboard.ui.outcomes.common import act
from dashboard.ui.outcomes.drafting import item_controls, short, support_line

EDITING = "tk_editing"


def _add(session_id: int, actor: Actor, part_key: str, part_id: Optional[int]) -> None:
    state = st.session_state
    if act(lambda s: tks.create_takeaway(s, session_id=session_id, actor=actor, part_id=part_id,
                                         text=state.get(f"tk_new_{part_key}", ""),
                                         intervention_ids=state.get(f"tk_new_src_{part_key}", [])),
           "Takeaway added."):
        state.pop(f"tk_new_{part_key}", None)
        state.pop(f"tk_new_src_{part_key}", None)


def _save(actor: Actor, item_id: int) -> None:
    state = st.session_state
    if act(lambda s: tks.update_takeaway(s, item_id, actor=actor, text=state.get(f"tk_text_{item_id}"),
                                         part_id=state.get(f"tk_part_{item_id}"),
                                         intervention_ids=state.get(f"tk_src_{item_id}", [])), "Takeaway saved."):
        state.pop(EDITING, None)


def _card(item: tks.TakeawayInfo, actor: Actor, parts: list[tuple[int, str]], interventions: list[int],
          label: Callable[[int], str]) -> None:
    with st.container(border=True):
        if st.session_state.get(EDITING) == item.id:
            with st.form(f"edit_tk_{item.id}"):
                st.text_area("Takeaway", value=item.text, key=f"tk_text_{item.id}")
                part_ids: list[Optional[int]] = [None, *(p for p, _ in parts)]
                names = {None: "Whole session", **dict(parts)}
                st.selectbox("Part", part_ids, index=part_ids.index(item.part_id) if item.part_id in part_ids else 0,
                             format_func=names.get, key=f"tk_part_{item.id}")
                st.multiselect("Source interventions (optional)", interventions,
                               default=[i for i in item.source_ids if i in interventions], format_func=label,
                               key=f"tk_src_{item.id}")
                row = st.container(horizontal=True)
                row.form_submit_button("Save", type="primary", on_click=_save, args=(actor, item.id))
                row.form_submit_button("Cancel", on_click=lambda: st.session_state.pop(EDITING, None))
            return
        st.markdown(escape_md(item.text))
        if item.source_ids:
            st.caption(escape_md(support_line(item.supporting_groups, len(item.source_ids))))
        item_controls(
            "tk", item.id,
            on_move=lambda item_id, offset: act(lambda s: tks.move_takeaway(s, item_id, actor=actor, offset=offset)),
            on_edit=lambda item_id: st.session_state.update({EDITING: item_id}),
            on_delete=lambda item_id: act(lambda s: tks.delete_takeaway(s, item_id, actor=actor),
                                          "Takeaway deleted; you can restore it below."),
        )


def takeaway_editor(*, session_id: int, actor: Actor, parts: list[tuple[int, str]],
                    takeaways: list[tks.TakeawayInfo], interventions: list[int], label: Callable[[int], str]) -> None:
    """Every Part's takeaways with their controls, an add form per Part, and the deleted ones to restore."""
    st.caption("Short statements of what the dialogue concluded, per Part. Linking interventions is optional.")
    live = [t for t in takeaways if t.deleted_at is None]
    for part_id, title in [*parts, (None, "Whole session")]:
        st.subheader(escape_md(title))
        items = [t for t in live if t.part_id == part_id]
        if not items:
            st.caption("None yet." if part_id is None else "No takeaways for this Part yet.")
        for item in items:
            _card(item, actor, parts, interventions, label)
        part_key = str(part_id or "session")
        with st.form(f"tk_new_form_{part_key}"):
            st.text_area("New takeaway", key=f"tk_new_{part_key}", height=80, placeholder="One short statement")
            st.multiselect("Source interventions (optional)", interventions, format_func=label,
                           key=f"tk_new_src_{part_key}")
            st.form_submit_button("Add takeaway", on_click=_add, args=(session_id, actor, part_key, part_id))
    deleted = [t for t in takeaways if t.deleted_at is not None]
    if deleted:
        with st.expander(f"Deleted takeaways ({len(deleted)})"):
            for item in deleted:
                st.markdown(escape_md(short(item.text, 160)))
                st.button("Restore", key=f"tk_restore_{item.id}", args=(item.id,),
                          on_click=lambda item_id: act(lambda s: tks.restore_takeaway(s, item_id, actor=actor),
                                                       "Takeaway restored."))
