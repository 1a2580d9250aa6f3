"""Checks every upload goes through: size, emptiness, file type, and decoding text safely."""
from __future__ import annotations

from pathlib import PurePath

from dashboard.i18n import N_

from .errors import ImportProblem, Notice

MAX_BYTES = 5 * 1024 * 1024
MAX_MB = MAX_BYTES // (1024 * 1024)
# A whole circular is a few tens of thousands of characters. Reading is linear in the text,
# and these caps (about 40 times a long circular) bound the work one upload can cause.
MAX_TEXT_CHARS = 2_000_000
MAX_LINES = 50_000
# Why a file type is refused, with what to do instead for the types people most often try.
_UNSUPPORTED = N_("{name}: {suffix} files are not supported; use {allowed}.")
_UNSUPPORTED_WORD = N_("{name}: {suffix} files are not supported; use {allowed}. Save it as .docx in Word first.")
_UNSUPPORTED_PDF = N_("{name}: {suffix} files are not supported; use {allowed}. Open the PDF, copy its text and "
                      "paste it instead.")
_NO_EXTENSION = N_("{name}: files without an extension are not supported; use {allowed}.")
_NOT_TEXT = N_("{name} is not a text file (it contains binary data). Check that you chose the right file.")


def check_upload(data: bytes, filename: str | None, allowed: tuple[str, ...]) -> str:
    """The lower-case extension of an acceptable upload; ImportProblem for size, emptiness or type."""
    name = filename or Notice(N_("pasted text"))
    suffix = PurePath(filename).suffix.lower() if filename else ".txt"
    if suffix not in allowed:
        message = (_NO_EXTENSION if not suffix else _UNSUPPORTED_PDF if suffix == ".pdf"
                   else _UNSUPPORTED_WORD if suffix in {".doc", ".rtf", ".odt"} else _UNSUPPORTED)
        raise ImportProblem(message, name=name, suffix=suffix, allowed=", ".join(allowed))
    if len(data) > MAX_BYTES:
        size = len(data) / (1024 * 1024)
        raise ImportProblem(N_("{name} is {size} MB; the limit is {limit} MB. Remove images or paste the text "
                               "instead."), name=name, size=f"{size:.1f}", limit=MAX_MB)
    if not data.strip():
        raise ImportProblem(N_("{name} is empty."), name=name)
    return suffix


def decode_text(data: bytes, name: str = Notice(N_("The file"))) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 / Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportProblem(N_("{name} looks like UTF-16 text but cannot be decoded; save it as UTF-8."),
                                name=name) from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Excel on Windows still writes CSV in the ANSI code page.
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise ImportProblem(_NOT_TEXT, name=name)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    if text and controls / len(text) > 0.05:
        raise ImportProblem(_NOT_TEXT, name=name)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_text_size(text: str, name: str = Notice(N_("The text"))) -> None:
    """ImportProblem when a text is far longer than any concept note (characters or lines)."""
    if len(text) > MAX_TEXT_CHARS:
        raise ImportProblem(N_("{name} has {count} characters of text; a concept note or circular has far fewer "
                               "(the limit is {limit}). Paste only the concept note."),
                            name=name, count=f"{len(text):,}", limit=f"{MAX_TEXT_CHARS:,}")
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise ImportProblem(N_("{name} has {count} lines; a concept note or circular has far fewer "
                               "(the limit is {limit}). Paste only the concept note."),
                            name=name, count=f"{lines:,}", limit=f"{MAX_LINES:,}")
