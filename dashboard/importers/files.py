"""Checks every upload goes through: size, emptiness, file type, and decoding text safely."""
from __future__ import annotations

from pathlib import PurePath

from .errors import ImportProblem

MAX_BYTES = 5 * 1024 * 1024
MAX_MB = MAX_BYTES // (1024 * 1024)
# A whole circular is a few tens of thousands of characters. Reading is linear in the text,
# and these caps (about 40 times a long circular) bound the work one upload can cause.
MAX_TEXT_CHARS = 2_000_000
MAX_LINES = 50_000


def check_upload(data: bytes, filename: str | None, allowed: tuple[str, ...]) -> str:
    """The lower-case extension of an acceptable upload; ImportProblem for size, emptiness or type."""
    name = filename or "pasted text"
    suffix = PurePath(filename).suffix.lower() if filename else ".txt"
    if suffix not in allowed:
        shown = suffix or "a file without an extension"
        hint = " Save it as .docx in Word first." if suffix in {".doc", ".rtf", ".odt"} else ""
        if suffix == ".pdf":
            hint = " Open the PDF, copy its text and paste it instead."
        raise ImportProblem(f"{name}: {shown} files are not supported; use {', '.join(allowed)}.{hint}")
    if len(data) > MAX_BYTES:
        size = len(data) / (1024 * 1024)
        raise ImportProblem(f"{name} is {size:.1f} MB; the limit is {MAX_MB} MB. Remove images or paste the text instead.")
    if not data.strip():
        raise ImportProblem(f"{name} is empty.")
    return suffix


def decode_text(data: bytes, name: str = "The file") -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 / Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportProblem(f"{name} looks like UTF-16 text but cannot be decoded; save it as UTF-8.") from None
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
        raise ImportProblem(f"{name} is not a text file (it contains binary data). Check that you chose the right file.")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    if text and controls / len(text) > 0.05:
        raise ImportProblem(f"{name} is not a text file (it contains binary data). Check that you chose the right file.")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_text_size(text: str, name: str = "The text") -> None:
    """ImportProblem when a text is far longer than any concept note (characters or lines)."""
    if len(text) > MAX_TEXT_CHARS:
        raise ImportProblem(f"{name} has {len(text):,} characters of text; a concept note or circular has far fewer "
                            f"(the limit is {MAX_TEXT_CHARS:,}). Paste only the concept note.")
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise ImportProblem(f"{name} has {lines:,} lines; a concept note or circular has far fewer "
                            f"(the limit is {MAX_LINES:,}). Paste only the concept note.")
