"""The one error importers raise: something about the uploaded file the user can fix."""
from __future__ import annotations

from dashboard.services.errors import DialogueDeskError


class ImportProblem(DialogueDeskError):
    """The file cannot be imported as it is; the message says why and what to do."""
