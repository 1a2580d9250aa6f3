"""A small state machine over document blocks: are we in a Part, in the agenda, or nowhere?"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .blocks import ITEM, PARA, ROW, Block
from .durations import find_timing, start_time_only, starts_with_clock
from .note_text import (
    AGENDA_HEADING, INLINE_OBJECTIVE, OBJECTIVE_LINE, PART_HEADING, asks, clean_question, ends_asking, is_headingish,
    is_question_like, is_title_like, part_number,
)

@dataclass
class PartBuilder:
    number: Optional[int]
    title: str
    objective: Optional[str] = None
    questions: list[str] = field(default_factory=list)
    awaiting_title: bool = False
    # Looking each new question up in the list would be quadratic in the number of questions.
    seen: set[str] = field(default_factory=set)

    def add_question(self, question: str) -> None:
        if question not in self.seen:
            self.seen.add(question)
            self.questions.append(question)


@dataclass
class SegmentBuilder:
    title: str
    minutes: Optional[int]
    start: Optional[int]
    group: int


class NoteReader:
    """A small state machine over the blocks: where are we (a Part, an agenda, nowhere)?"""

    def __init__(self) -> None:
        self.parts: list[PartBuilder] = []
        self.part: Optional[PartBuilder] = None
        self.context = "none"  # none | part | agenda | questions
        self.awaiting_objective = False
        self.group = 0
        self.segments: list[SegmentBuilder] = []
        self.loose: list[str] = []
        self._loose_seen: set[str] = set()

    def run(self, blocks: list[Block]) -> None:
        for block in blocks:
            self.read(block)

    def _new_section(self) -> None:
        self.group += 1
        self.awaiting_objective = False

    def _start_part(self, number: int, title: str, has_timing: bool) -> None:
        objective = None
        split = INLINE_OBJECTIVE.split(title, maxsplit=1)
        if len(split) == 2:
            title, objective = split[0], split[1].strip() or None
        title = title.strip(" -–—:.")
        existing = next((p for p in self.parts if p.number == number), None)
        if existing is None:
            existing = PartBuilder(number, title)
            self.parts.append(existing)
        elif title and (not existing.title or not existing.questions):
            existing.title = title
        if objective:
            existing.objective = objective
        existing.awaiting_title = not existing.title
        if has_timing and self.context == "agenda":
            # "Part 1: … (30 minutes)" inside the session structure names a Part; the agenda goes on.
            return
        self._new_section()
        self.part, self.context = existing, "part"

    def _add_segment(self, title: str, minutes: Optional[int], start: Optional[int]) -> None:
        if title and len(title) <= 300:
            self.segments.append(SegmentBuilder(title, minutes, start, self.group))

    def read(self, block: Block) -> None:
        if block.kind == ROW:
            self._read_row(block)
            return
        text = block.text.strip()
        if not text:
            return
        part = PART_HEADING.match(text)
        if part and len(text) <= 300:
            timing = find_timing(part.group(2) or "")
            title = timing.remainder if timing is not None and timing.minutes else (part.group(2) or "")
            self._start_part(part_number(part.group(1)), title.strip(" *_:-–—"), timing is not None)
            return
        objective = OBJECTIVE_LINE.match(text)
        if objective and self.part is not None and self.context == "part":
            if objective.group(1):
                self.part.objective = objective.group(1).strip()
            else:
                self.awaiting_objective = True
            return
        if self.part is not None and self.part.awaiting_title and self.context == "part":
            self.part.awaiting_title = False
            if (is_headingish(block) or block.kind == PARA) and not is_question_like(text) and len(text) <= 200:
                self.part.title = text.strip(" :")
                return
        if self._read_timed(block, text):
            return
        if is_headingish(block) or (block.kind == ITEM and block.numbered and self.context != "agenda"
                                     and not is_question_like(text) and is_title_like(text)
                                     and len(text.split()) <= 6):
            self._read_heading(text)
            return
        if self.awaiting_objective and self.part is not None and block.kind == PARA and not asks(text):
            self.part.objective = text
            self.awaiting_objective = False
            return
        self._read_question(block, text)

    def _read_timed(self, block: Block, text: str) -> bool:
        if asks(text) and self.context in ("part", "questions"):
            return False
        timing = find_timing(text)
        timed_line = self.context == "agenda" or (
            (block.kind == ITEM or starts_with_clock(text)) and timing is not None
            and len(timing.remainder.split()) <= 15 and not timing.remainder.endswith(".")
        )
        if timing is not None and timed_line and len(text) <= 200 and (timing.minutes or timing.start is not None):
            self._add_segment(timing.remainder, timing.minutes, timing.start)
            return True
        if self.context == "agenda" and block.kind == ITEM and len(text) <= 200 and not asks(text):
            self._add_segment(text, None, None)
            return True
        return False

    def _read_heading(self, text: str) -> None:
        self._new_section()
        lowered = text.lower()
        if AGENDA_HEADING.search(text) and len(text.split()) <= 8:
            self.part, self.context = None, "agenda"
        elif "question" in lowered:
            if self.context != "part":
                self.part, self.context = None, "questions"
        elif OBJECTIVE_LINE.match(text) and self.context == "part":
            self.awaiting_objective = True
        else:
            self.part, self.context = None, "none"

    def _read_question(self, block: Block, text: str) -> None:
        question = clean_question(text)
        if len(question) < 3 or len(question) > 1500:
            return
        if self.context == "part" and self.part is not None:
            if (block.kind == ITEM and (block.numbered or is_question_like(text))) or (
                block.kind == PARA and ends_asking(question)
            ):
                self.part.add_question(question)
            return
        numbered_question = block.kind == ITEM and block.numbered and asks(text)
        in_questions = self.context == "questions" and (block.kind == ITEM or ends_asking(question))
        if (numbered_question or in_questions) and question not in self._loose_seen:
            self._loose_seen.add(question)
            self.loose.append(question)

    def _read_row(self, block: Block) -> None:
        cells = [c for c in block.cells if c]
        timing = None
        start = None
        title_cells: list[str] = []
        for cell in cells:
            cell_start = start_time_only(cell)
            if cell_start is not None and start is None:
                start = cell_start
                continue
            found = find_timing(cell) if timing is None else None
            if found is not None and (found.minutes or found.start is not None):
                timing = found
                if found.remainder:
                    title_cells.append(found.remainder)
                continue
            title_cells.append(cell)
        if (timing is not None or start is not None) and title_cells and not asks(block.text):
            first_line = title_cells[0].split("\n")[0]
            self._add_segment(first_line.strip(), timing.minutes if timing else None,
                              (timing.start if timing and timing.start is not None else start))
            return
        for child in block.children:
            self.read(child)

