"""Widgets the outcome pages share: the published outcomes view and report downloads.

User text is always shown as plain text or escaped Markdown, never as HTML. Our own words are
translated (`_`), stored codes shown through their translated labels, dates through `when`/`day`.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any, Optional

import streamlit as st

from db.codes import ADDRESSEES, FOLLOW_UP_STATUSES, PRIORITIES, SECTORS, SESSION_FORMATS, STAKEHOLDER_TYPES
from dashboard.i18n import DEFAULT, LANGUAGES, N_
from dashboard.reports import FORMATS, render_report, report_filename
from dashboard.reports.blocks import overview_paragraphs
from dashboard.textfmt import escape_md, user_text
from dashboard.services.outcomes import common as outcome_text
from dashboard.services.outcomes.participant_view import report_document
from dashboard.ui import actions
from dashboard.ui.language import _, current, label, when
from dashboard.ui.support.results import support_block

# A button's verb where the same English word is elsewhere a noun or a state in the catalogs ("Publish" is
# also the page's name, "Open" a support check's state): the message carries this suffix, which English
# readers never see, so translators can give the verb.
_BUTTON = " [button]"


def verb(message: str) -> str:
    """A button label from a message ending in " [button]" (mark it with N_ where it is written)."""
    return _(message).removesuffix(_BUTTON)


def part_title(number: int, title: Optional[str]) -> str:
    """'Part 2: Title' in the reader's language (the title alone when it already names its Part)."""
    return outcome_text.part_heading(number, title, _)


def _moment(iso: Optional[str], *, with_time: bool = True) -> str:
    """An ISO timestamp from a document, in the reader's language (Geneva time)."""
    return when(datetime.fromisoformat(iso), with_time=with_time) if iso else ""


def _groups(groups: list[dict[str, Any]]) -> str:
    return ", ".join(label(STAKEHOLDER_TYPES, g.get("code")) for g in groups) or "—"


def _status(follow: Optional[dict[str, Any]]) -> str:
    """'In progress since 12 Mar 2026' in the reader's language, or '' when unknown."""
    if not follow:
        return ""
    return _("{status} since {day}").format(status=label(FOLLOW_UP_STATUSES, follow.get("status")),
                                            day=_moment(follow.get("since"), with_time=False))


def text_block(text: str) -> None:
    """User text as Markdown that cannot format, link or inject anything."""
    st.markdown(user_text(text))


def _recommendation(rec: dict[str, Any]) -> None:
    with st.container(border=True):
        st.markdown(f"**{rec['number']}.** {user_text(rec['text'])}")
        addressees = ", ".join(label(ADDRESSEES, code) for code in rec.get("addressed_to", []))
        facts = [_("**To:** {addressees}").format(addressees=escape_md(addressees)),
                 _("**Priority:** {priority}").format(priority=escape_md(label(PRIORITIES, rec.get("priority")))),
                 _("**Raised by:** {groups}").format(groups=escape_md(_groups(rec.get("supporting_groups", []))))]
        if rec.get("themes"):  # the taxonomy's labels, frozen in English when published (catalog "themes")
            facts.append(_("**Themes:** {themes}").format(themes=escape_md(", ".join(_(t) for t in rec["themes"]))))
        st.markdown("  \n".join(facts))
        status = _status(rec.get("follow_up"))
        if status:
            st.badge(_("Status: {status}").format(status=status), icon=":material/flag:", color="blue")
        support = rec.get("support")
        if support:
            st.markdown(_("**Support check** (answers per stakeholder group, never by name)"))
            support_block(support, support.get("min_group_size", 3))


def _participation(rows: list[dict[str, Any]]) -> None:
    if not rows:
        st.info(_("No participation figures were recorded for this session."))
        return
    # A list rather than a grid: it reads on a phone without sideways scrolling.
    st.markdown("\n".join(
        "- " + _("**{group}**: participants: {participants}, interventions: {interventions}").format(
            group=escape_md(label(STAKEHOLDER_TYPES, r.get("code"))), participants=r["participants"],
            interventions=r["interventions"])
        for r in rows))
    people, spoken = sum(r["participants"] for r in rows), sum(r["interventions"] for r in rows)
    st.caption(escape_md(_("In all: participants: {participants}, interventions: {interventions}. Counts only: "
                           "nobody is named.").format(participants=people, interventions=spoken)))


def _sector(s: dict[str, Any]) -> str:
    # A custom sector is the organisers' own text; a listed one is a code with a translated label.
    if s.get("sector_focus") == "other" and s.get("sector_other"):
        return s["sector_other"]
    return label(SECTORS, s.get("sector_focus"))


def render_document(doc: dict[str, Any]) -> None:
    """The outcomes of one session as participants read them (phone-friendly, read-only)."""
    s = doc["session"]
    st.subheader(user_text(s["title"]))
    series = (s.get("series_name") or "Industry Connect") + (f" #{s['series_number']}" if s.get("series_number") else "")
    meta = [escape_md(series), escape_md(_moment(s.get("scheduled_start"))),
            escape_md(label(SESSION_FORMATS, s.get("format"))), user_text(_sector(s))]
    st.caption(" · ".join(m for m in meta if m))
    publication = doc.get("publication")
    if publication:
        st.caption(escape_md(_("Published revision {revision} · {date}").format(
            revision=publication["revision"], date=_moment(publication["published_at"], with_time=False))))
    for revision in doc.get("revisions", []):
        if revision["revision"] > 1 and revision.get("reason"):
            st.info(_("Updated on {day}: {reason}").format(
                day=escape_md(_moment(revision["published_at"], with_time=False)),
                reason=user_text(revision["reason"])), icon=":material/update:")
    if s.get("chatham_house"):
        st.caption(_("Held under the Chatham House Rule: views are attributed to stakeholder groups only."))
    if s.get("overview"):
        st.markdown("#### " + _("What it was about"))
        text_block("\n\n".join(overview_paragraphs(doc)))  # in the past tense once the session was held

    st.markdown("#### " + _("Key takeaways"))
    shown = False
    for part in doc["parts"]:
        if part["takeaways"]:
            shown = True
            st.markdown(f"**{user_text(part_title(part['number'], part['title']))}**")
            st.markdown("\n".join(f"- {user_text(t['text'])}" for t in part["takeaways"]))
    if doc.get("session_takeaways"):
        shown = True
        st.markdown(f"**{_('Whole session')}**")
        st.markdown("\n".join(f"- {user_text(t['text'])}" for t in doc["session_takeaways"]))
    if not shown:
        st.caption(_("No key takeaways were published for this session."))

    st.markdown("#### " + _("Recommendations"))
    if not doc.get("recommendations"):
        st.caption(_("No recommendations were published for this session."))
    recs = doc.get("recommendations", [])
    if any(r.get("support") for r in recs):
        if st.toggle(_("Order by consensus score"), key="takeaways_by_consensus",
                     help=_("Recommendations most accepted across stakeholder groups first")):
            recs = sorted(recs, key=lambda r: (-((r.get("support") or {}).get("consensus") or -1), r["number"]))
    for rec in recs:
        _recommendation(rec)

    st.markdown("#### " + _("The questions"))
    if not doc["parts"]:
        st.caption(_("No guiding questions were recorded."))
    for part in doc["parts"]:
        with st.expander(user_text(part_title(part["number"], part["title"]))):
            if part.get("objective"):
                st.markdown(_("**Objective:** {objective}").format(objective=user_text(part["objective"])))
            st.markdown("\n".join(f"{q['number']}. {user_text(q['text'])}" for q in part["questions"]))

    st.markdown("#### " + _("Who took part"))
    _participation(doc.get("participation", []))


# The download buttons' labels (the files themselves are the reports, in their own language).
_DOWNLOADS = {
    ("docx", ""): N_("DOCX (Word)"),
    ("md", ""): N_("Markdown"),
    ("json", ""): N_("JSON"),
    ("csv", "recommendations"): N_("CSV (recommendations)"),
    ("csv", "interventions"): N_("CSV (interventions)"),
}


def _fingerprint(doc: dict[str, Any]) -> str:
    # The content of a report document, without the moment it was assembled.
    stable = {k: v for k, v in doc.items() if k != "built_at"}
    return hashlib.sha256(json.dumps(stable, sort_keys=True, default=str).encode("utf-8")).hexdigest()


@st.cache_data(show_spinner=False, max_entries=64)
def _rendered(_doc: dict[str, Any], fingerprint: str, fmt: str, table: str, language: str) -> bytes:
    # Keyed by the document's content: a new revision, an edit or a follow-up change is a new entry.
    return render_report(_doc, fmt, table=table, language=language)


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
    language = DEFAULT
    if any(fmt in ("docx", "md") for fmt, _table in formats):
        # The report's own language (DOCX and Markdown); each language named in itself.
        codes = list(LANGUAGES)
        language = st.selectbox(_("Report language"), codes, index=codes.index(current()),
                                format_func=LANGUAGES.get, key=f"{key}_language",
                                help=_("Headings and fixed text of the DOCX and Markdown reports; what people "
                                       "wrote stays in the language they wrote it in. CSV stays English data."))
    row = st.container(horizontal=True, gap="small")
    for fmt, table in formats:
        name = _(_DOWNLOADS.get((fmt, table if fmt == "csv" else ""), FORMATS[fmt][0]))
        row.download_button(name, data=_rendered(doc, fingerprint, fmt, table, language),
                            file_name=report_filename(doc, fmt, table=table, language=language),
                            mime=FORMATS[fmt][1], key=f"{key}_{fmt}_{table}", icon=":material/download:",
                            on_click="ignore")
