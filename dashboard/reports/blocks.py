"""The report's content as a list of neutral blocks, so that DOCX and Markdown say the same thing.

Input is an outcome document from `dashboard.services.outcomes.participant_view.report_document`
(published snapshot for participants, working state for staff). The report is written in one of
the six languages: our headings, labels and sentences go through the interface catalogs
(`dashboard.i18n`, area `reports`), as do the stored codes' labels; user text stays as written.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Optional, Union

from db.codes import LANGUAGES as LANGUAGE_NAMES, label as code_label

from dashboard import textfmt
from dashboard.i18n import DEFAULT, translate
from dashboard.timefmt import format_day, format_when

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


LIST_SEPARATORS = {"ar": "، ", "zh": "、"}


class Words:
    """The report's language: `_()` translates our words, `when`/`day` write dates in it."""

    def __init__(self, language: str = DEFAULT) -> None:
        self.language = language or DEFAULT

    def __call__(self, message: str) -> str:
        return translate(message, self.language)

    def when(self, iso: Optional[str], *, with_time: bool = True) -> str:
        """An ISO timestamp from a document, in Geneva time ('30 Oct 2025, 10:00 CET')."""
        return format_when(datetime.fromisoformat(iso), with_time=with_time, language=self.language) if iso else ""

    def day(self, iso: Optional[str]) -> str:
        """An ISO date ('2026-03-12') as '12 Mar 2026'."""
        return format_day(date.fromisoformat(iso[:10]), self.language) if iso else ""

    def labels(self, labels: list[str]) -> str:
        """Stored codes' labels (English in the document), each in the report's language, as the language lists them."""
        return LIST_SEPARATORS.get(self.language, ", ").join(self(text) for text in labels)


ENGLISH = Words()


def when(iso: Optional[str], *, with_time: bool = True) -> str:
    """An ISO timestamp from a document, in Geneva time ('30 Oct 2025, 10:00 CET')."""
    return ENGLISH.when(iso, with_time=with_time)


def day(iso: Optional[str]) -> str:
    """An ISO date ('2026-03-12') as '12 Mar 2026'."""
    return ENGLISH.day(iso)


def session_label(doc: dict[str, Any]) -> str:
    s = doc["session"]
    number = f" #{s['series_number']}" if s.get("series_number") else ""
    return f"{s.get('series_name') or 'Industry Connect'}{number}: {s['title']}"


def group_list(groups: list[dict[str, Any]], _: Words = ENGLISH) -> str:
    return _.labels([g["label"] for g in groups]) or "—"


def status_line(follow: Optional[dict[str, Any]], _: Words = ENGLISH) -> str:
    """'In progress since 12 Mar 2026', or '' when unknown."""
    if not follow:
        return ""
    return _("{status} since {day}").format(status=_(follow["label"]), day=_.when(follow["since"], with_time=False))


def update_notes(doc: dict[str, Any], _: Words = ENGLISH) -> list[str]:
    """'Updated on 12 Mar 2026: reason' for each revision after the first."""
    return [_("Updated on {day}: {reason}").format(day=_.when(r["published_at"], with_time=False), reason=r["reason"])
            for r in doc.get("revisions", []) if r["revision"] > 1 and r.get("reason")]


def part_heading(part: dict[str, Any], _: Words = ENGLISH) -> str:
    """'Part 1: Title' for a Part of a published document."""
    return textfmt.part_heading(part["number"], part["title"], _)


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


def _title_block(doc: dict[str, Any], _: Words) -> list[Block]:
    s = doc["session"]
    series = s.get("series_name") or "Industry Connect"
    number = _(", session {number}").format(number=s["series_number"]) if s.get("series_number") else ""
    date = _.when(s.get("scheduled_start")) or _("Date not set")
    if s.get("duration_minutes"):
        date += _(" ({minutes} minutes)").format(minutes=s["duration_minutes"])
    fmt = _(s.get("format_label") or "")
    if s.get("interpretation_languages"):
        fmt += _("; interpretation: {languages}").format(languages=_.labels([code_label(LANGUAGE_NAMES, c) for c in s["interpretation_languages"]]))
    blocks: list[Block] = [Title(_("Report of the {series} session: {title}").format(series=series, title=s["title"]))]
    if s.get("document_reference"):
        blocks.append(Paragraph(s["document_reference"], label=_("ITU document")))
    blocks += [
        Paragraph(f"{series}{number}", label=_("Series")),
        Paragraph(s["title"], label=_("Session")),
        Paragraph(date, label=_("Date")),
        Paragraph(fmt, label=_("Format")),
        Paragraph(_(s.get("sector_label") or ""), label=_("Sector focus")),
    ]
    if s.get("chatham_house"):
        blocks.append(Paragraph(_("Held under the Chatham House Rule: contributions are attributed to stakeholder "
                                  "groups only, never to a person or organization."), label=_("Attribution")))
    publication = doc.get("publication")
    if publication:
        blocks.append(Paragraph(_("Revision {revision}, published {day}").format(
            revision=publication["revision"], day=_.when(publication["published_at"], with_time=False)),
            label=_("Status")))
    elif is_staff(doc):
        latest = doc.get("latest_published_revision")
        blocks.append(Paragraph(_("Working version for ITU staff (names included; not for circulation).") + " "
                                + (_("Latest published revision: {revision}.").format(revision=latest) if latest
                                   else _("Not yet published.")), label=_("Status")))
    notes = update_notes(doc, _)
    if notes:
        blocks.append(Bullets(tuple(notes)))
    return blocks


def _purpose(doc: dict[str, Any], _: Words) -> list[Block]:
    blocks: list[Block] = [Heading(_("1. Purpose"), 1)]
    overview = overview_paragraphs(doc)
    blocks += [Paragraph(p) for p in overview] if overview else [
        Paragraph(_("No overview was recorded for this session."), italic=True)]
    objectives = [f"{part_heading(p, _)} — {p['objective']}" for p in doc["parts"] if p.get("objective")]
    if objectives:
        organised = (_("The dialogue was organised in Parts, each with an objective:") if is_held(doc)
                     else _("The dialogue is organised in Parts, each with an objective:"))
        blocks += [Paragraph(organised), Bullets(tuple(objectives))]
    return blocks


def _participation(doc: dict[str, Any], _: Words) -> list[Block]:
    rows = doc.get("participation", [])
    blocks: list[Block] = [Heading(_("2. Participation by stakeholder group"), 1)]
    if not rows:
        return blocks + [Paragraph(_("No participants were recorded for this session."), italic=True)]
    body = [(_(r["label"]), str(r["participants"]), str(r["interventions"])) for r in rows]
    body.append((_("Total"), str(sum(r["participants"] for r in rows)), str(sum(r["interventions"] for r in rows))))
    return blocks + [Table((_("Stakeholder group"), _("Participants"), _("Interventions")), tuple(body),
                           (9.0, 3.5, 3.5))]


def _point(point: dict[str, Any], _: Words) -> str:
    group = _(point["group_label"])
    who = f"{point['speaker']}, {group}" if point.get("speaker") else group
    return f"{point['text']} ({who})"


def _no_points(by_group: list[dict[str, Any]], _: Words) -> Paragraph:
    if not by_group:
        return Paragraph(_("No approved key points, and no interventions were recorded on this question."),
                         italic=True)
    counts = ", ".join(f"{_(g['label'])} {g['count']}" for g in by_group)
    return Paragraph(_("No approved key points for this question. Interventions by stakeholder group: {counts}.")
                     .format(counts=counts), italic=True)


def _summary(doc: dict[str, Any], _: Words) -> list[Block]:
    blocks: list[Block] = [Heading(_("3. Summary of the dialogue"), 1)]
    if not doc["parts"]:
        blocks.append(Paragraph(_("No guiding questions were recorded for this session."), italic=True))
    for part in doc["parts"]:
        blocks.append(Heading(part_heading(part, _), 2))
        if part.get("objective"):
            blocks.append(Paragraph(part["objective"], label=_("Objective")))
        for q in part["questions"]:
            blocks.append(Heading(_("Question {number}: {text}").format(
                number=f"{part['number']}.{q['number']}", text=q["text"]), 3))
            blocks.append(Bullets(tuple(_point(p, _) for p in q["key_points"])) if q["key_points"]
                          else _no_points(q["by_group"], _))
    general = doc.get("general_key_points") or []
    if general:
        blocks += [Heading(_("General discussion"), 2), Bullets(tuple(_point(p, _) for p in general))]
    return blocks


def _takeaways(doc: dict[str, Any], _: Words) -> list[Block]:
    blocks: list[Block] = [Heading(_("4. Key takeaways"), 1)]
    groups = [(part_heading(p, _), p["takeaways"]) for p in doc["parts"]]
    groups.append((_("Whole session"), doc.get("session_takeaways", [])))
    shown = [(title, items) for title, items in groups if items]
    if not shown:
        return blocks + [Paragraph(_("No key takeaways were recorded."), italic=True)]
    for title, items in shown:
        blocks += [Heading(title, 2), Bullets(tuple(t["text"] for t in items))]
    return blocks


def _recommendations(doc: dict[str, Any], _: Words) -> list[Block]:
    recs = doc.get("recommendations", [])
    blocks: list[Block] = [Heading(_("5. Recommendations"), 1)]
    if not recs:
        return blocks + [Paragraph(_("No recommendations were recorded."), italic=True)]
    # "Raised by": the groups whose linked interventions a recommendation draws on; support is section 6.
    rows = tuple((str(r["number"]), r["text"], _.labels(r["addressed_to_labels"]),
                  group_list(r["supporting_groups"], _), _(r["priority_label"])) for r in recs)
    blocks.append(Table((_("No."), _("Recommendation"), _("Addressed to"), _("Raised by"), _("Priority")), rows,
                        (1.3, 6.8, 3.0, 3.6, 2.1)))
    blocks.append(Heading(_("Follow-up status"), 2))
    known = [r for r in recs if r.get("follow_up") and r["follow_up"]["status"] != "proposed"]
    if not known:
        return blocks + [Paragraph(_("No follow-up recorded yet: every recommendation is still at “Proposed”."),
                                   italic=True)]
    if is_staff(doc):
        # Evidence is staff material: follow_up() reads it for staff documents only.
        rows = tuple((str(r["number"]), status_line(r["follow_up"], _), r["follow_up"].get("owner") or "—",
                      _.day(r["follow_up"].get("review_date")) or "—", r["follow_up"].get("evidence") or "—")
                     for r in known)
        return blocks + [Table((_("No."), _("Status"), _("Owner"), _("Review date"), _("Evidence")), rows,
                               (1.3, 4.0, 3.4, 2.6, 5.5))]
    rows = tuple((str(r["number"]), status_line(r["follow_up"], _)) for r in known)
    return blocks + [Table((_("No."), _("Status")), rows, (1.3, 9.0))]


def _support(doc: dict[str, Any], _: Words) -> list[Block]:
    recs = doc.get("recommendations", [])
    blocks: list[Block] = [Heading(_("6. Support for the recommendations"), 1)]
    asked = [r for r in recs if r.get("support")]
    if not asked:
        return blocks + [Paragraph(_("No recommendation was put to a support check."), italic=True)]
    blocks += [Paragraph(text) for text in intro([r["support"] for r in asked], _)]
    for rec in asked:
        blocks += [Heading(f"R{rec['number']}. {one_line(rec['text'])}", 2),
                   Paragraph(score_line(rec["support"], _), label=_("Consensus score"))]
        rows = support_rows(rec["support"], _)
        blocks.append(Table(tuple(_(h) for h in SUPPORT_HEADERS), rows, SUPPORT_WIDTHS_CM) if rows else
                      Paragraph(_("No stakeholder group was registered and nobody answered."), italic=True))
    others = [f"R{r['number']}" for r in recs if not r.get("support")]
    if others:
        blocks.append(Paragraph(_("Not put to a support check: {numbers}.").format(numbers=", ".join(others))))
    return blocks


def _annex(doc: dict[str, Any], _: Words) -> list[Block]:
    items = doc.get("interventions") or []
    if not is_staff(doc):
        return []
    blocks: list[Block] = [Heading(_("Annex: interventions (staff only)"), 1)]
    if not items:
        return blocks + [Paragraph(_("No interventions were captured."), italic=True)]
    rows = tuple((f"#{i['number']}", i["question"], _(i["group_label"]), i["speaker"], i["text"]) for i in items)
    # The Group column fits "representatives" on one line (see tests/reports/test_docx_layout.py).
    return blocks + [Table((_("No."), _("Question"), _("Group"), _("Speaker"), _("Note")), rows,
                           (1.3, 2.2, 3.4, 3.4, 6.5))]


def build_blocks(doc: dict[str, Any], language: str = DEFAULT) -> list[Block]:
    """Every block of the report, in reading order, in `language` (our words; user text as written)."""
    _ = Words(language)
    return [*_title_block(doc, _), *_purpose(doc, _), *_participation(doc, _), *_summary(doc, _),
            *_takeaways(doc, _), *_recommendations(doc, _), *_support(doc, _), *_annex(doc, _)]
