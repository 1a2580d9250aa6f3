"""The report's content as a list of neutral blocks, so that DOCX and Markdown say the same thing.

Input is an outcome document from `dashboard.services.outcomes.participant_view.report_document`
(published snapshot for participants, working state for staff).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Optional, Union

from dashboard import textfmt
from dashboard.timefmt import format_when

from .support import SUPPORT_HEADERS, SUPPORT_WIDTHS_CM, intro, one_line, score_line, support_rows
from .tense import overview_in_past


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1 = section, 2 = Part, 3 = question


@dataclass(frozen=True)
class Paragraph:
    text: str
    label: Optional[str] = None  # shown bold before the text ("Date: ...")
    italic: bool = False


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths_cm: Optional[tuple[float, ...]] = None


Block = Union[Title, Heading, Paragraph, Bullets, Table]


def when(iso: Optional[str], *, with_time: bool = True) -> str:
    """An ISO timestamp from a document, in Geneva time ('30 Oct 2025, 10:00 CET')."""
    return format_when(datetime.fromisoformat(iso), with_time=with_time) if iso else ""


def day(iso: Optional[str]) -> str:
    """An ISO date ('2026-03-12') as '12 Mar 2026'."""
    if not iso:
        return ""
    value = date.fromisoformat(iso[:10])
    return f"{value.day} {value:%b %Y}"


def session_label(doc: dict[str, Any]) -> str:
    s = doc["session"]
    number = f" #{s['series_number']}" if s.get("series_number") else ""
    return f"{s.get('series_name') or 'Industry Connect'}{number}: {s['title']}"


def group_list(groups: list[dict[str, Any]]) -> str:
    return ", ".join(g["label"] for g in groups) or "—"


def status_line(follow: Optional[dict[str, Any]]) -> str:
    """'In progress since 12 Mar 2026', or '' when unknown."""
    if not follow:
        return ""
    return f"{follow['label']} since {when(follow['since'], with_time=False)}"


def update_notes(doc: dict[str, Any]) -> list[str]:
    """'Updated on 12 Mar 2026: reason' for each revision after the first."""
    return [f"Updated on {when(r['published_at'], with_time=False)}: {r['reason']}"
            for r in doc.get("revisions", []) if r["revision"] > 1 and r.get("reason")]


def part_heading(part: dict[str, Any]) -> str:
    """'Part 1: Title' for a Part of a published document."""
    return textfmt.part_heading(part["number"], part["title"])


def is_staff(doc: dict[str, Any]) -> bool:
    return doc.get("audience") == "staff"


def is_held(doc: dict[str, Any]) -> bool:
    """True once the session took place (read live as `held`; a published document always was)."""
    s = doc["session"]
    if "held" in s:
        return bool(s["held"])
    return bool(doc.get("publication")) or s.get("status") in ("closed", "published")


def overview_paragraphs(doc: dict[str, Any]) -> list[str]:
    """The session's overview, one string a paragraph, in the past tense once the session was held."""
    overview = (doc["session"].get("overview") or "").strip()
    if is_held(doc):
        overview = overview_in_past(overview)  # whole, so "It" can follow a session sentence of the paragraph before
    return [p.strip() for p in overview.split("\n\n") if p.strip()]


def _title_block(doc: dict[str, Any]) -> list[Block]:
    s = doc["session"]
    series = s.get("series_name") or "Industry Connect"
    number = f", session {s['series_number']}" if s.get("series_number") else ""
    date = when(s.get("scheduled_start")) or "Date not set"
    if s.get("duration_minutes"):
        date += f" ({s['duration_minutes']} minutes)"
    fmt = s.get("format_label") or ""
    if s.get("interpretation_languages"):
        fmt += f"; interpretation: {', '.join(s['interpretation_languages'])}"
    blocks: list[Block] = [Title(f"Report of the {series} session: {s['title']}")]
    if s.get("document_reference"):
        blocks.append(Paragraph(s["document_reference"], label="ITU document"))
    blocks += [
        Paragraph(f"{series}{number}", label="Series"),
        Paragraph(s["title"], label="Session"),
        Paragraph(date, label="Date"),
        Paragraph(fmt, label="Format"),
        Paragraph(s.get("sector_label") or "", label="Sector focus"),
    ]
    if s.get("chatham_house"):
        blocks.append(Paragraph("Held under the Chatham House Rule: contributions are attributed to stakeholder "
                                "groups only, never to a person or organization.", label="Attribution"))
    publication = doc.get("publication")
    if publication:
        blocks.append(Paragraph(f"Revision {publication['revision']}, published "
                                f"{when(publication['published_at'], with_time=False)}", label="Status"))
    elif is_staff(doc):
        latest = doc.get("latest_published_revision")
        blocks.append(Paragraph("Working version for ITU staff (names included; not for circulation). "
                                + (f"Latest published revision: {latest}." if latest else "Not yet published."),
                                label="Status"))
    notes = update_notes(doc)
    if notes:
        blocks.append(Bullets(tuple(notes)))
    return blocks


def _purpose(doc: dict[str, Any]) -> list[Block]:
    blocks: list[Block] = [Heading("1. Purpose", 1)]
    overview = overview_paragraphs(doc)
    blocks += [Paragraph(p) for p in overview] if overview else [
        Paragraph("No overview was recorded for this session.", italic=True)]
    objectives = [f"{part_heading(p)} — {p['objective']}" for p in doc["parts"] if p.get("objective")]
    if objectives:
        organised = "was" if is_held(doc) else "is"
        blocks += [Paragraph(f"The dialogue {organised} organised in Parts, each with an objective:"),
                   Bullets(tuple(objectives))]
    return blocks


def _participation(doc: dict[str, Any]) -> list[Block]:
    rows = doc.get("participation", [])
    blocks: list[Block] = [Heading("2. Participation by stakeholder group", 1)]
    if not rows:
        return blocks + [Paragraph("No participants were recorded for this session.", italic=True)]
    body = [(r["label"], str(r["participants"]), str(r["interventions"])) for r in rows]
    body.append(("Total", str(sum(r["participants"] for r in rows)), str(sum(r["interventions"] for r in rows))))
    return blocks + [Table(("Stakeholder group", "Participants", "Interventions"), tuple(body), (9.0, 3.5, 3.5))]


def _point(point: dict[str, Any]) -> str:
    who = f"{point['speaker']}, {point['group_label']}" if point.get("speaker") else point["group_label"]
    return f"{point['text']} ({who})"


def _no_points(by_group: list[dict[str, Any]]) -> Paragraph:
    if not by_group:
        return Paragraph("No approved key points, and no interventions were recorded on this question.", italic=True)
    counts = ", ".join(f"{g['label']} {g['count']}" for g in by_group)
    return Paragraph(f"No approved key points for this question. Interventions by stakeholder group: {counts}.",
                     italic=True)


def _summary(doc: dict[str, Any]) -> list[Block]:
    blocks: list[Block] = [Heading("3. Summary of the dialogue", 1)]
    if not doc["parts"]:
        blocks.append(Paragraph("No guiding questions were recorded for this session.", italic=True))
    for part in doc["parts"]:
        blocks.append(Heading(part_heading(part), 2))
        if part.get("objective"):
            blocks.append(Paragraph(part["objective"], label="Objective"))
        for q in part["questions"]:
            blocks.append(Heading(f"Question {part['number']}.{q['number']}: {q['text']}", 3))
            blocks.append(Bullets(tuple(_point(p) for p in q["key_points"])) if q["key_points"]
                          else _no_points(q["by_group"]))
    general = doc.get("general_key_points") or []
    if general:
        blocks += [Heading("General discussion", 2), Bullets(tuple(_point(p) for p in general))]
    return blocks


def _takeaways(doc: dict[str, Any]) -> list[Block]:
    blocks: list[Block] = [Heading("4. Key takeaways", 1)]
    groups = [(part_heading(p), p["takeaways"]) for p in doc["parts"]]
    groups.append(("Whole session", doc.get("session_takeaways", [])))
    shown = [(title, items) for title, items in groups if items]
    if not shown:
        return blocks + [Paragraph("No key takeaways were recorded.", italic=True)]
    for title, items in shown:
        blocks += [Heading(title, 2), Bullets(tuple(t["text"] for t in items))]
    return blocks


def _recommendations(doc: dict[str, Any]) -> list[Block]:
    recs = doc.get("recommendations", [])
    blocks: list[Block] = [Heading("5. Recommendations", 1)]
    if not recs:
        return blocks + [Paragraph("No recommendations were recorded.", italic=True)]
    # "Raised by": the groups whose linked interventions a recommendation draws on; support is section 6.
    rows = tuple((str(r["number"]), r["text"], ", ".join(r["addressed_to_labels"]), group_list(r["supporting_groups"]),
                  r["priority_label"]) for r in recs)
    blocks.append(Table(("No.", "Recommendation", "Addressed to", "Raised by", "Priority"), rows,
                        (1.1, 7.0, 3.0, 3.6, 2.1)))
    blocks.append(Heading("Follow-up status", 2))
    known = [r for r in recs if r.get("follow_up") and r["follow_up"]["status"] != "proposed"]
    if not known:
        return blocks + [Paragraph("No follow-up recorded yet: every recommendation is still at “Proposed”.", italic=True)]
    if is_staff(doc):
        # Evidence is staff material: follow_up() reads it for staff documents only.
        rows = tuple((str(r["number"]), status_line(r["follow_up"]), r["follow_up"].get("owner") or "—",
                      day(r["follow_up"].get("review_date")) or "—", r["follow_up"].get("evidence") or "—")
                     for r in known)
        return blocks + [Table(("No.", "Status", "Owner", "Review date", "Evidence"), rows,
                               (1.1, 4.0, 3.4, 2.6, 5.7))]
    rows = tuple((str(r["number"]), status_line(r["follow_up"])) for r in known)
    return blocks + [Table(("No.", "Status"), rows, (1.1, 9.0))]


def _support(doc: dict[str, Any]) -> list[Block]:
    recs = doc.get("recommendations", [])
    blocks: list[Block] = [Heading("6. Support for the recommendations", 1)]
    asked = [r for r in recs if r.get("support")]
    if not asked:
        return blocks + [Paragraph("No recommendation was put to a support check.", italic=True)]
    blocks += [Paragraph(text) for text in intro([r["support"] for r in asked])]
    for rec in asked:
        blocks += [Heading(f"R{rec['number']}. {one_line(rec['text'])}", 2),
                   Paragraph(score_line(rec["support"]), label="Consensus score")]
        rows = support_rows(rec["support"])
        blocks.append(Table(SUPPORT_HEADERS, rows, SUPPORT_WIDTHS_CM) if rows else
                      Paragraph("No stakeholder group was registered and nobody answered.", italic=True))
    others = [f"R{r['number']}" for r in recs if not r.get("support")]
    if others:
        blocks.append(Paragraph(f"Not put to a support check: {', '.join(others)}."))
    return blocks


def _annex(doc: dict[str, Any]) -> list[Block]:
    items = doc.get("interventions") or []
    if not is_staff(doc):
        return []
    blocks: list[Block] = [Heading("Annex: interventions (staff only)", 1)]
    if not items:
        return blocks + [Paragraph("No interventions were captured.", italic=True)]
    rows = tuple((f"#{i['number']}", i["question"], i["group_label"], i["speaker"], i["text"]) for i in items)
    # The Group column fits "representatives" on one line (see tests/reports/test_docx_layout.py).
    return blocks + [Table(("No.", "Question", "Group", "Speaker", "Note"), rows, (1.2, 2.2, 3.4, 3.4, 6.6))]


def build_blocks(doc: dict[str, Any]) -> list[Block]:
    """Every block of the report, in reading order."""
    return [*_title_block(doc), *_purpose(doc), *_participation(doc), *_summary(doc), *_takeaways(doc),
            *_recommendations(doc), *_support(doc), *_annex(doc)]
