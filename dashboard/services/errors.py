"""Errors a user can cause: each message is written for a moderator to read."""
from __future__ import annotations


class DialogueDeskError(Exception):
    """Base class: the message is safe and meant to be shown as it is."""


class NotFound(DialogueDeskError):
    """The thing asked for does not exist (or is not visible to this user)."""


class ValidationError(DialogueDeskError):
    """Input that cannot be saved as it is."""


class PermissionDenied(DialogueDeskError):
    """The current user's role does not allow this action."""


class Conflict(DialogueDeskError):
    """The action clashes with the current state (e.g. session closed)."""
