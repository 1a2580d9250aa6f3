"""Widgets of the drafting page: labels for interventions, the promote selection, item controls."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Optional

import streamlit as st

from dashboard.textfmt import escape_md, isolate, user_text
from dashboard.ui import actions
from dashboard.ui.language import _, label
from db.codes import STAKEHOLDER_TYPES

PROMOTE = "promote"  # the action area of the promote panel: its ticks, its form, its feedback
# The one owner of the selection: intervention ids in the order they were ticked. It outlives the
# checkboxes, which a filter may hide (a hidden widget loses its state); each checkbox only mirrors it.
SELECTED = "dd_promote_selected"


def short(text: str, limit: int = 90) -> str:
    """One line of at most `limit` characters."""
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def intervention_label(item: dict[str, Any], *, limit: int = 70) -> str:
    """'#12 · Industry · Part 1, Q2 — first words of the note' (plain text, for select options)."""
    return f"#{item['number']} · {item['group_label']} · {item['question']} — {short(item['text'], limit)}"


def support_line(groups: tuple[str, ...], sources: int) -> str:
    """'Raised by Industry, Academia (from 3 interventions)', or why there is none yet (in the reader's language)."""
    if not sources:
        return _("No source interventions linked yet: supporting groups appear once you link some.")
    names = ", ".join(label(STAKEHOLDER_TYPES, g) for g in groups)
    if sources == 1:
        return _("Raised by {groups} (from 1 intervention)").format(groups=names)
    return _("Raised by {groups} (from {count} interventions)").format(groups=names, count=sources)


def selected_ids() -> list[int]:
    """The interventions currently picked for promotion, in the order they were picked."""
    return list(st.session_state.setdefault(SELECTED, []))


def _toggle(intervention_id: int, widget_key: str) -> None:
    picked = [i for i in selected_ids() if i != intervention_id]
    if st.session_state.get(widget_key):
        picked.append(intervention_id)
    st.session_state[SELECTED] = picked


def clear_selection() -> None:
    """Untick everything: empty the selection and give every checkbox a fresh key.

    Dropping the checkboxes' state is not enough: the browser keeps showing, and sends back,
    the ticks it drew until the widget itself is new.
    """
    st.session_state[SELECTED] = []
    actions.renew(PROMOTE)


def preselect(ids: Iterable[int], known: set[int]) -> None:
    """Add interventions to the selection (e.g. sent here from the capture console)."""
    picked = selected_ids()
    picked += [i for i in dict.fromkeys(ids) if i in known and i not in picked]
    st.session_state[SELECTED] = picked
    actions.renew(PROMOTE)


def intervention_picker(items: list[dict[str, Any]], used_in: dict[int, list[int]]) -> None:
    """A checkbox per intervention with its note; the ticks survive filtering."""
    picked = set(selected_ids())
    for item in items:
        with st.container(border=True):
            heading = (f"{isolate('#' + str(item['number']), ltr=True)} · {escape_md(item['group_label'])} · "
                       f"{user_text(item['speaker'])} · {escape_md(item['question'])}")
            widget_key = actions.key(PROMOTE, "pick", item["id"])
            st.checkbox(heading, value=item["id"] in picked, key=widget_key,
                        on_change=_toggle, args=(item["id"], widget_key))
            st.markdown(user_text(item["text"]) or "*({})*".format(escape_md(_("no note"))))
            extra = []
            if item["themes"]:
                extra.append(_("Themes: {themes}").format(themes=", ".join(item["themes"])))
            if used_in.get(item["id"]):
                extra.append(_("Already a source of recommendation {numbers}").format(
                    numbers=", ".join(str(n) for n in used_in[item["id"]])))
            if extra:
                st.caption(escape_md(" · ".join(extra)))


def item_controls(prefix: str, item_id: int, *, area: str, roles: Sequence[str], move: Callable[..., Any],
                  delete: Callable[..., Any], deleted: str, editing: str) -> None:
    """Move up / down, edit and delete buttons for one recommendation or takeaway.

    `move(session, item_id, actor=, offset=)` and `delete(session, item_id, actor=)` are the
    services; each button runs them through `actions` for this item. Edit opens the item's form
    by putting its id under `editing`.
    """
    def acting(service: Callable[..., Any], success: Optional[str] = None, **kw: Any) -> Callable[[], None]:
        return actions.callback(area, lambda session, user: service(session, item_id, actor=user.actor, **kw),
                                roles=roles, success=success)

    row = st.container(horizontal=True, gap="medium")
    # Tertiary buttons keep each card short: a list of ten recommendations must stay scannable.
    row.button(_("Up"), key=f"{prefix}_up_{item_id}", icon=":material/arrow_upward:",
               on_click=acting(move, offset=-1), help=_("Move up"), type="tertiary")
    row.button(_("Down"), key=f"{prefix}_down_{item_id}", icon=":material/arrow_downward:",
               on_click=acting(move, offset=1), help=_("Move down"), type="tertiary")
    row.button(_("Edit"), key=f"{prefix}_edit_{item_id}", icon=":material/edit:", type="tertiary",
               on_click=lambda: st.session_state.update({editing: item_id}))
    row.button(_("Delete"), key=f"{prefix}_delete_{item_id}", icon=":material/delete:",
               on_click=acting(delete, deleted), help=_("Deleted items can be restored below"), type="tertiary")
