"""What importers (and the setup services) tell a moderator: errors, and notes such as import warnings.

Each reads in English as text and keeps its message and values apart, so the interface shows it
in the reader's language: ``ImportProblem(N_("{name} is empty."), name=filename)``,
``Notice(N_("Row {line} has no name and was skipped."), line=4)``. The message is marked with
`N_` so the catalogs list it (dashboard/i18n/scan.py finds N_ literals). A value may itself be a
Notice (our own wording, such as "the pasted text"): it is translated along with the message.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from dashboard.i18n import N_, english as _same
from dashboard.services.errors import DialogueDeskError, ValidationError



def _filled(text: str, params: dict[str, Any], translate: Callable[[str], str]) -> str:
    """`text` with its values put in; a value that is a Notice (or Notices) is translated too."""
    values = {k: v.render(translate) if isinstance(v, (Notice, Notices)) else v for k, v in params.items()}
    return text.format(**values)


class Notice(str):
    """A note for moderators (an import warning, a preview note): its English text, plus message and values.

    It is a `str` (the English text), so it prints, compares, pickles and goes into JSON as before;
    `render(translate)` gives it in the reader's language. Values are not translated, except a
    value that is a Notice itself.
    """

    template: str
    params: dict[str, Any]

    def __new__(cls, message: str, **params: Any) -> "Notice":
        self = super().__new__(cls, _filled(message, params, _same) if params else message)
        self.template, self.params = message, params
        return self

    def render(self, translate: Callable[[str], str]) -> str:
        """The notice through `translate` (English message -> the reader's language), values filled in."""
        text = translate(self.template)
        if not self.params:
            return text
        try:
            return _filled(text, self.params, translate)
        except (KeyError, IndexError, ValueError):
            return str(self)


class Notices(str):
    """Several notices joined by a separator ('“Q1” (2 interventions); “Q2” (1 interventions)'), each translated."""

    items: tuple[str, ...]
    separator: str

    def __new__(cls, items: Iterable[str], separator: str = "; ") -> "Notices":
        listed = tuple(items)
        self = super().__new__(cls, separator.join(listed))
        self.items, self.separator = listed, separator
        return self

    def __getnewargs__(self) -> tuple[Any, ...]:  # type: ignore[override]
        return self.items, self.separator

    def render(self, translate: Callable[[str], str]) -> str:
        return self.separator.join(i.render(translate) if isinstance(i, Notice) else i for i in self.items)


class NoticeValues(DialogueDeskError):
    """An error whose values may be Notices (`DialogueDeskError.render` translates them with the message)."""


class ImportProblem(NoticeValues):
    """The file cannot be imported as it is; the message says why and what to do."""


class RowProblem(NoticeValues, ValidationError):
    """A problem in one row of a list: 'Row 3: <the row's own problem>', both parts translated."""

    def __init__(self, row: int, problem: DialogueDeskError) -> None:
        detail = Notice(problem.template, **problem.params) if problem.template else Notice(str(problem))
        super().__init__(N_("Row {row}: {problem}"), row=row, problem=detail)
