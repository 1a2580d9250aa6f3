"""Reading an upload in a separate process with a time and memory limit.

Streamlit serves every user from one process, so an import that ran for minutes, or grew to
gigabytes, there would stall or endanger everyone. Here the work runs in a child process that
is killed when its time is up; the caller gets an ImportProblem instead of a hung page.
Entry points for the app and the command line: `parse_concept_note_bounded`,
`parse_concept_text_bounded`, `read_registration_table_bounded`, or `run_bounded` for any
module-level function.

The child is a fresh `python -m dashboard.importers.bounded`, not a multiprocessing worker:
multiprocessing's spawn and forkserver children re-run the parent's `__main__`, which inside
Streamlit is the app script itself, and a plain fork would copy Streamlit's threads and locks.
"""
from __future__ import annotations

import builtins
import io
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Callable, TypeVar

from dashboard.i18n import N_

from .concept_note import ConceptNote, parse_concept_note, parse_concept_text
from .errors import ImportProblem
from .registrations import RegistrationTable, read_registration_table

DEFAULT_TIMEOUT_S = 30.0
# Room for one import on top of what the worker needs to start; a file needing more is refused.
MEMORY_HEADROOM_BYTES = 1024 * 1024 * 1024
# Several people uploading at once get one worker per core; the others wait their turn.
_SLOTS = threading.BoundedSemaphore(max(1, os.cpu_count() or 1))
_ROOT = Path(__file__).resolve().parent.parent.parent
_T = TypeVar("_T")


def _limit_memory(headroom: int) -> None:
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as fh:
            in_use = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = in_use + headroom
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):
        pass  # no /proc or no RLIMIT_AS on this system: the time limit still applies


def _allowed(module: str, name: str) -> bool:
    if module == "dashboard" or module.startswith("dashboard."):
        return True
    if module == "builtins":
        found = getattr(builtins, name, None)
        return isinstance(found, type) and issubclass(found, BaseException)
    return False


class _AnswerUnpickler(pickle.Unpickler):
    """Unpickles only the importers' own types and built-in exceptions: the worker read a hostile file."""

    def find_class(self, module: str, name: str) -> Any:
        if not _allowed(module, name):
            raise pickle.UnpicklingError(f"{module}.{name} is not an importer answer")
        return super().find_class(module, name)


def _serve() -> None:
    """The worker: one pickled (fn, args, kwargs, headroom) on stdin, one pickled ("ok"|"error", value) on stdout."""
    fn, args, kwargs, headroom = pickle.load(sys.stdin.buffer)
    _limit_memory(headroom)
    try:
        answer: tuple[str, Any] = ("ok", fn(*args, **kwargs))
    except MemoryError:
        answer = ("error", ImportProblem(N_("This file needs too much memory to read; it may be damaged or far "
                                            "larger than a concept note. Paste its text instead.")))
    except Exception as exc:  # noqa: BLE001 - handed to the caller as it is
        kind = type(exc)
        answer = ("error", exc if _allowed(kind.__module__, kind.__qualname__) else RuntimeError(repr(exc)))
    try:
        payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - an answer that cannot be pickled
        payload = pickle.dumps(("error", RuntimeError(f"the import worker could not return {answer[1]!r}")))
    sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()


def run_bounded(fn: Callable[..., _T], *args: Any, timeout_s: float = DEFAULT_TIMEOUT_S,
                memory_bytes: int = MEMORY_HEADROOM_BYTES, **kwargs: Any) -> _T:
    """fn(*args, **kwargs) run in a worker process; ImportProblem when it takes longer than timeout_s.

    `fn` must be a module-level function (it is sent to the worker by name). Its exceptions
    come back as they were raised; a worker that overran its time is killed.
    """
    request = pickle.dumps((fn, args, kwargs, memory_bytes), protocol=pickle.HIGHEST_PROTOCOL)
    if not _SLOTS.acquire(timeout=timeout_s):
        raise ImportProblem(N_("Other files are being read right now; try again in a minute."))
    try:
        worker = subprocess.Popen([sys.executable, "-m", __name__], cwd=_ROOT, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            out, _ = worker.communicate(request, timeout=timeout_s)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.communicate()
            raise ImportProblem(N_(
                "This file took too long to read (over {seconds} s); it may be damaged or built to "
                "overload the reader. Save it again from Word as .docx, or paste the concept note's text instead."
            ), seconds=f"{timeout_s:g}") from None
    finally:
        _SLOTS.release()
    try:
        status, value = _AnswerUnpickler(io.BytesIO(out)).load()
    except Exception:  # noqa: BLE001 - the worker died before answering (killed, out of memory, crashed)
        raise ImportProblem(N_("Reading this file stopped unexpectedly (it may be damaged or far too large). "
                               "Save it again, or paste its text instead.")) from None
    if status == "error":
        raise value
    return value


def parse_concept_note_bounded(data: bytes, filename: str, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> ConceptNote:
    """`concept_note.parse_concept_note` in a worker process with a time limit."""
    return run_bounded(parse_concept_note, data, filename, timeout_s=timeout_s)


def parse_concept_text_bounded(text: str, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> ConceptNote:
    """`concept_note.parse_concept_text` (pasted text) in a worker process with a time limit."""
    return run_bounded(parse_concept_text, text, timeout_s=timeout_s)


def read_registration_table_bounded(data: bytes, filename: str, *,
                                    timeout_s: float = DEFAULT_TIMEOUT_S) -> RegistrationTable:
    """`registrations.read_registration_table` in a worker process with a time limit."""
    return run_bounded(read_registration_table, data, filename, timeout_s=timeout_s)


if __name__ == "__main__":
    _serve()
