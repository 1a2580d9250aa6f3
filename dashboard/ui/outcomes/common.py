"""Widgets the outcome pages share: the published outcomes view and report downloads.

User text is always shown as plain text or escaped Markdown, never as HTML.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any, Optional

import streamlit as st

from dashboard.reports import FORMATS, render_report, report_filename
from dashboard.reports.blocks import group_list, overview_paragraphs, part_heading, status_line, update_notes, when
from dashboard.textfmt import escape_md, user_text
from dashboard.services.outcomes.participant_view import report_document
from dashboard.ui import actions
from dashboard.ui.support.results import support_block


def text_block(text: str) -> None:
    """User text as Markdown that cannot format, link or inject anything."""
    st.markdown(user_text(text))


def _recommendation(rec: dict[str, Any]) -> None:
    with st.container(border=True):
        st.markdown(f"**{rec['number']}.** {user_text(rec['text'])}")
        facts = [f"**To:** {escape_md(', '.join(rec['addressed_to_labels']))}",
                 f"**Priority:** {escape_md(rec['priority_label'])}",
                 f"**Raised by:** {escape_md(group_list(rec['supporting_groups']))}"]
        if rec.get("themes"):
            facts.append(f"**Themes:** {user_text(', '.join(rec['themes']))}")
        st.markdown("  \n".join(facts))
        status = status_line(rec.get("follow_up"))
        if status:
            st.badge(f"Status: {status}", icon=":material/flag:", color="blue")
        support = rec.get("support")
        if support:
            st.markdown("**Support check** (answers per stakeholder group, never by name)")
            support_block(support, support.get("min_group_size", 3))


def _participation(rows: list[dict[str, Any]]) -> None:
    if not rows:
        st.info("No participation figures were recorded for this session.")
        return
    # A list rather than a grid: it reads on a phone without sideways scrolling.
    st.markdown("\n".join(f"- **{escape_md(r['label'])}**: {_count(r['participants'], 'participant')}, "
                          f"{_count(r['interventions'], 'intervention')}" for r in rows))
    people, spoken = sum(r["participants"] for r in rows), sum(r["interventions"] for r in rows)
    st.caption(f"{_count(people, 'participant')} and {_count(spoken, 'intervention')} in all. "
               "Counts only: nobody is named.")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def render_document(doc: dict[str, Any]) -> None:
    """The outcomes of one session as participants read them (phone-friendly, read-only)."""
    s = doc["session"]
    st.subheader(user_text(s["title"]))
    meta = [s.get("series_name") or "Industry Connect"]
    if s.get("series_number"):
        meta[0] += f" #{s['series_number']}"
    meta += [when(s.get("scheduled_start")), s.get("format_label") or "", s.get("sector_label") or ""]
    st.caption(escape_md(" · ".join(m for m in meta if m)))
    publication = doc.get("publication")
    if publication:
        st.caption(f"Published revision {publication['revision']} · {when(publication['published_at'], with_time=False)}")
    for note in update_notes(doc):
        st.info(user_text(note), icon=":material/update:")
    if s.get("chatham_house"):
        st.caption("Held under the Chatham House Rule: views are attributed to stakeholder groups only.")
    if s.get("overview"):
        st.markdown("#### What it was about")
        text_block("\n\n".join(overview_paragraphs(doc)))  # in the past tense once the session was held

    st.markdown("#### Key takeaways")
    shown = False
    for part in doc["parts"]:
        if part["takeaways"]:
            shown = True
            st.markdown(f"**{user_text(part_heading(part))}**")
            st.markdown("\n".join(f"- {user_text(t['text'])}" for t in part["takeaways"]))
    if doc.get("session_takeaways"):
        shown = True
        st.markdown("**Whole session**")
        st.markdown("\n".join(f"- {user_text(t['text'])}" for t in doc["session_takeaways"]))
    if not shown:
        st.caption("No key takeaways were published for this session.")

    st.markdown("#### Recommendations")
    if not doc.get("recommendations"):
        st.caption("No recommendations were published for this session.")
    recs = doc.get("recommendations", [])
    if any(r.get("support") for r in recs):
        if st.toggle("Order by consensus score", key="takeaways_by_consensus",
                     help="Recommendations most accepted across stakeholder groups first"):
            recs = sorted(recs, key=lambda r: (-((r.get("support") or {}).get("consensus") or -1), r["number"]))
    for rec in recs:
        _recommendation(rec)

    st.markdown("#### The questions")
    if not doc["parts"]:
        st.caption("No guiding questions were recorded.")
    for part in doc["parts"]:
        with st.expander(user_text(part_heading(part))):
            if part.get("objective"):
                st.markdown(f"**Objective:** {user_text(part['objective'])}")
            st.markdown("\n".join(f"{q['number']}. {user_text(q['text'])}" for q in part["questions"]))

    st.markdown("#### Who took part")
    _participation(doc.get("participation", []))


def _fingerprint(doc: dict[str, Any]) -> str:
    # The content of a report document, without the moment it was assembled.
    stable = {k: v for k, v in doc.items() if k != "built_at"}
    return hashlib.sha256(json.dumps(stable, sort_keys=True, default=str).encode("utf-8")).hexdigest()


@st.cache_data(show_spinner=False, max_entries=64)
def _rendered(_doc: dict[str, Any], fingerprint: str, fmt: str, table: str) -> bytes:
    # Keyed by the document's content: a new revision, an edit or a follow-up change is a new entry.
    return render_report(_doc, fmt, table=table)


def staff_document(session_id: int) -> Optional[dict[str, Any]]:
    """The staff report document (working state, speakers named), or None after an error message."""
    doc = actions.load("staff-report", lambda session: report_document(session, session_id, audience="staff"))
    actions.feedback("staff-report")
    return doc


def download_buttons(doc: dict[str, Any], *, formats: list[tuple[str, str]], key: str) -> None:
    """One download button per (format, csv table), each carrying its file.

    The file is rendered from the document the page already holds, and cached per content, so
    a click always downloads; an unchanged document is not rendered again.
    """
    fingerprint = _fingerprint(doc)
    row = st.container(horizontal=True, gap="small")
    for fmt, table in formats:
        name = FORMATS[fmt][0] if fmt != "csv" else f"CSV ({table})"
        row.download_button(name, data=_rendered(doc, fingerprint, fmt, table),
                            file_name=report_filename(doc, fmt, table=table), mime=FORMATS[fmt][1],
                            key=f"{key}_{fmt}_{table}", icon=":material/download:", on_click="ignore")
