"""Personal join links on the Participants page: make, download as CSV, withdraw or replace one, replace all."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import streamlit as st

from dashboard.navigation import roles_for
from dashboard.reports.csv_safe import write_csv
from dashboard.runtime import db
from dashboard.services.errors import ValidationError
from dashboard.services.support import join_links
from dashboard.services.support.join_links import LinkRow
from dashboard.ui import actions
from dashboard.ui.language import _, label, when
from db.codes import STAKEHOLDER_TYPES

AREA = "setup.join_links"
ROLES = roles_for("participants.py")


def app_base_url() -> str:
    """This app's address as the browser reached it, without the page: what participants open."""
    url = st.context.url or "http://localhost:8501/"
    parts = urlsplit(url)
    path = parts.path.rsplit("/", 1)[0] if "/" in parts.path.strip("/") else ""
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def links_csv(rows: list[LinkRow], base_url: str) -> bytes:
    """The secretariat's mail-merge file: one personal link per registered person (UTF-8 with BOM)."""
    return write_csv(([r.name, r.email or "", r.organization or "", r.group, join_links.join_url(base_url, r.token)]
                      for r in rows), ["Name", "Email", "Organization", "Stakeholder group", "Personal join link"])


def _make(session_id: int, regenerate: bool):
    def work(s, user) -> int:
        return join_links.make_links(s, session_id=session_id, actor=user.actor, regenerate=regenerate)

    def said(made: int) -> str:
        if regenerate:
            return _("Replaced every personal link ({count} new). The old links no longer work: send the new CSV."
                     ).format(count=made)
        if made == 1:
            return _("Made 1 personal link.")
        return _("Made {count} personal links.").format(count=made) if made else _(
            "Everybody registered already has a link.")
    return actions.callback(AREA, work, roles=ROLES, success=said, renew_keys=True)


def _one(session_id: int, picked_key: str, replace: bool):
    def work(s, user) -> None:
        link_id = st.session_state.get(picked_key)
        if link_id is None:
            raise ValidationError("Pick the person whose link to change.")
        if replace:
            join_links.replace_link(s, session_id=session_id, link_id=link_id, actor=user.actor)
        else:
            join_links.revoke_link(s, session_id=session_id, link_id=link_id, actor=user.actor)

    message = (_("Replaced that person's link: the old one no longer works; send them the new one.") if replace else
               _("Withdrew that person's link: whoever holds it is signed out at their next click."))
    return actions.callback(AREA, work, roles=ROLES, success=message, renew_keys=True)


def _group(row: LinkRow) -> str:
    group = label(STAKEHOLDER_TYPES, row.stakeholder_type)
    return _("{group} (youth)").format(group=group) if row.is_youth else group


def _table(rows: list[LinkRow], base: str) -> None:
    name, group, opened, link = _("Name"), _("Stakeholder group"), _("Opened"), _("Personal join link")
    st.dataframe(
        [{name: r.name, group: _group(r), opened: when(r.last_used_at) if r.last_used_at else _("not yet"),
          link: join_links.join_url(base, r.token)} for r in rows],
        hide_index=True, width="stretch",
        column_config={link: st.column_config.LinkColumn(display_text=_("open link"))})


def join_links_panel(session_id: int, session_label: str, registered: int) -> None:
    """The "Join links" tab."""
    st.caption(_("A personal link lets a registered participant follow the dialogue, send written input and answer "
                 "the support check from their own device, without a password. Their answers count for the "
                 "stakeholder group of their registration, never by name. Anyone else can join with the session's "
                 "share code (Outcomes → Publish) and declares a group: their answers are shown as “self-declared”."))
    actions.feedback(AREA)
    with db() as s:
        rows = join_links.list_links(s, session_id=session_id)
    base = app_base_url()
    missing = max(0, registered - len(rows))
    cols = st.columns(3, vertical_alignment="bottom")
    cols[0].button(_("Make links for {count} without one").format(count=missing) if rows
                   else _("Make personal links for everyone"),
                   type="primary", icon=":material/link:", disabled=bool(rows) and not missing,
                   key=actions.key(AREA, "make", session_id), on_click=_make(session_id, False))
    cols[1].download_button(_("Download links (CSV)"), links_csv(rows, base), disabled=not rows,
                            file_name=f"join-links-session-{session_id}.csv", mime="text/csv", on_click="ignore",
                            icon=":material/download:", key=f"join_links_csv_{session_id}")
    confirm = actions.key(AREA, "confirm", session_id)
    with cols[2].popover(_("Replace all links"), icon=":material/autorenew:", disabled=not rows):
        st.checkbox(_("Every link sent so far stops working"), key=confirm)
        st.button(_("Replace all"), key=actions.key(AREA, "regen", session_id),
                  disabled=not st.session_state.get(confirm), on_click=_make(session_id, True))
    if not rows:
        st.info(_("No personal links yet for this session.") if registered else
                _("No personal links yet for this session, and nobody is registered: import the registration list "
                  "first."), icon=":material/link_off:")
        return
    st.caption(_("Links are for {session}; each opens this session only. The secretariat mail-merges the CSV.").format(
        session=session_label))
    _table(rows, base)
    by_id = {r.id: r for r in rows}
    picked = actions.key(AREA, "picked", session_id)
    cols = st.columns([3, 1, 1], vertical_alignment="bottom")
    cols[0].selectbox(_("One person's link"), list(by_id), index=None, key=picked, placeholder=_("Pick a person"),
                      format_func={i: f"{r.name} · {label(STAKEHOLDER_TYPES, r.stakeholder_type)}"
                                   for i, r in by_id.items()}.__getitem__)
    cols[1].button(_("Replace"), key=actions.key(AREA, "replace", session_id), icon=":material/autorenew:",
                   on_click=_one(session_id, picked, True))
    cols[2].button(_("Withdraw"), key=actions.key(AREA, "withdraw", session_id), icon=":material/link_off:",
                   on_click=_one(session_id, picked, False))
