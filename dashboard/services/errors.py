"""Errors a user can cause: each message is written for a moderator to read.

A message may name values in braces, given as keywords:
``ValidationError("Session {session_id} does not exist.", session_id=7)``. The English message is
then both the text (`str(error)`) and the key the interface translates (`error.template`), so a
French reader gets it in French with the same values filled in.
"""
from __future__ import annotations

from typing import Any


class DialogueDeskError(Exception):
    """Base class: the message is safe and meant to be shown as it is."""

    def __init__(self, message: str = "", **params: Any) -> None:
        self.template = message
        self.params = params
        super().__init__(message.format(**params) if params else message)

    def render(self, translate) -> str:
        """The message through `translate` (English message -> the reader's language), values filled in.

        A value that can render itself (an importer's Notice: our own wording) is translated too."""
        text = translate(self.template) if self.template else str(self)
        if not self.params:
            return text
        values = {k: v.render(translate) if callable(getattr(v, "render", None)) else v
                  for k, v in self.params.items()}
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return str(self)


class NotFound(DialogueDeskError):
    """The thing asked for does not exist (or is not visible to this user)."""


class ValidationError(DialogueDeskError):
    """Input that cannot be saved as it is."""


class PermissionDenied(DialogueDeskError):
    """The current user's role does not allow this action."""


class Conflict(DialogueDeskError):
    """The action clashes with the current state (e.g. session closed)."""
