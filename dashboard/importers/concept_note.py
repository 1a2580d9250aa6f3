"""Concept note (or whole circular) -> dialogue Parts with Objectives and questions, and agenda segments."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from .blocks import Block, text_to_blocks
from .docx_text import docx_blocks
from dashboard.i18n import N_

from .errors import ImportProblem, Notice
from .files import check_text_size, check_upload, decode_text
from .note_reader import PartBuilder, NoteReader, SegmentBuilder
from .note_text import calm_caps

ALLOWED = (".md", ".markdown", ".txt", ".text", ".docx")
DEFAULT_PART_TITLE = "Guiding questions"
NO_QUESTIONS_HINT = N_(
    "No guiding questions were found. The importer looks for a Part heading such as "
    "“Part 1: Safer play by design” (or “### Part 1 — …”, “PART I: …”, a Word heading), an optional "
    "“Objective: …” line, then numbered questions (“1. What …?”, “1) …”, “(a) …”, or a Word numbered list). "
    "Check the file, or paste just the questions as text."
)


@dataclass(frozen=True)
class ImportedPart:
    title: str
    objective: Optional[str]
    questions: tuple[str, ...]


@dataclass(frozen=True)
class ImportedSegment:
    title: str
    minutes: Optional[int]


@dataclass(frozen=True)
class ConceptNote:
    parts: tuple[ImportedPart, ...]
    segments: tuple[ImportedSegment, ...]
    warnings: tuple[str, ...] = ()  # Notices: English text that the interface can translate

    @property
    def question_count(self) -> int:
        return sum(len(p.questions) for p in self.parts)

    def to_dict(self) -> dict[str, Any]:
        """The plain shape the CLI prints: parts (title, objective, questions) and segments (title, minutes)."""
        return {
            "parts": [{"title": p.title, "objective": p.objective, "questions": list(p.questions)} for p in self.parts],
            "segments": [{"title": s.title, "minutes": s.minutes} for s in self.segments],
        }


def _chosen_segments(segments: list[SegmentBuilder]) -> tuple[list[ImportedSegment], list[str]]:
    groups: dict[int, list[SegmentBuilder]] = {}
    for seg in segments:
        groups.setdefault(seg.group, []).append(seg)
    if not groups:
        return [], []
    ordered = list(groups.values())
    chosen = next((g for g in ordered if len(g) >= 2), ordered[0])
    warnings: list[str] = [
        Notice(N_("Another agenda list ({count} items, starting “{title}”) was found and left out; "
                  "add its items in the preview if you need them."), count=len(g), title=g[0].title)
        for g in ordered if g is not chosen and len(g) >= 2
    ]
    result = []
    for i, seg in enumerate(chosen):
        minutes = seg.minutes
        if minutes is None and seg.start is not None and i + 1 < len(chosen) and chosen[i + 1].start is not None:
            gap = (chosen[i + 1].start - seg.start) % (24 * 60)
            minutes = gap if 0 < gap <= 600 else None
        result.append(ImportedSegment(seg.title, minutes))
    return result, warnings


def parse_blocks(blocks: list[Block]) -> ConceptNote:
    """Parts, questions and agenda segments from document blocks; ImportProblem when no question is found."""
    reader = NoteReader()
    reader.run(blocks)
    warnings: list[str] = []
    parts = [p for p in reader.parts if p.questions]
    for p in reader.parts:
        if not p.questions and p.number is not None and not any(q.number == p.number for q in parts):
            warnings.append(Notice(N_("Part {number} “{title}” has no questions and was left out."),
                                   number=p.number, title=p.title))
    if not parts and reader.loose:
        parts = [PartBuilder(None, DEFAULT_PART_TITLE, None, reader.loose)]
    elif parts and reader.loose:
        warnings.append(Notice(N_("{count} numbered question(s) outside any Part were left out."),
                               count=len(reader.loose)))
    if not parts:
        raise ImportProblem(NO_QUESTIONS_HINT)
    segments, segment_warnings = _chosen_segments(reader.segments)
    imported = tuple(
        ImportedPart(calm_caps(p.title) or (f"Part {p.number}" if p.number else DEFAULT_PART_TITLE), p.objective,
                     tuple(p.questions))
        for p in parts
    )
    return ConceptNote(imported, tuple(segments), tuple(warnings + segment_warnings))


def parse_concept_text(text: str, name: str = Notice(N_("The pasted text"))) -> ConceptNote:
    """Parse pasted text or Markdown."""
    if not text or not text.strip():
        raise ImportProblem(N_("There is no text to read: paste the concept note or choose a file."))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_text_size(text, name)
    return parse_blocks(text_to_blocks(text))


def parse_concept_note(data: bytes, filename: str) -> ConceptNote:
    """Parse an uploaded .md, .txt or .docx concept note (or whole circular)."""
    suffix = check_upload(data, filename, ALLOWED)
    if suffix == ".docx":
        return parse_blocks(docx_blocks(data, filename))
    if data[:4] == b"PK\x03\x04":
        raise ImportProblem(N_("{name} is a Word or zip file with a {suffix} name; rename it to .docx."),
                            name=filename, suffix=suffix)
    return parse_concept_text(decode_text(data, filename), filename)
