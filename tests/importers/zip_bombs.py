"""Hostile .docx files built in the test: paragraphs made to backtrack, XML that unpacks to tens of MB, lying headers."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEAD = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W_NS}"><w:body>'
         '<w:p><w:r><w:t>Part 1: Play</w:t></w:r></w:p>'
         '<w:p><w:r><w:t>1. What works?</w:t></w:r></w:p>').encode()
_TAIL = b"</w:body></w:document>"


def _template() -> bytes:
    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def docx_with_body(paragraph: bytes, count: int) -> bytes:
    """A valid .docx whose document.xml repeats `paragraph` (raw <w:p> XML) `count` times, streamed in."""
    source = zipfile.ZipFile(io.BytesIO(_template()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source.read(info.filename))
        with target.open("word/document.xml", "w") as member:
            member.write(_HEAD)
            batch = paragraph * 1000
            for _ in range(count // 1000):
                member.write(batch)
            member.write(paragraph * (count % 1000))
            member.write(_TAIL)
    return out.getvalue()


def huge_document_xml(megabytes: int) -> bytes:
    """A small .docx (a few hundred KB) whose document.xml really unpacks to about `megabytes` MB."""
    paragraph = b"<w:p><w:r><w:t>" + b"a" * 1000 + b"</w:t></w:r></w:p>"
    return docx_with_body(paragraph, megabytes * 1024 * 1024 // len(paragraph))


def lying_sizes(data: bytes, member: str, declared: int) -> bytes:
    """The zip with `member`'s uncompressed size and CRC rewritten as if it held only its first `declared` bytes.

    Both copies are patched (local header and central directory), so zipfile itself is fooled:
    it reads `declared` bytes and finds the CRC right.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
        with archive.open(info) as stream:
            prefix = stream.read(declared)
    crc = zlib.crc32(prefix)
    patched = bytearray(data)
    local = info.header_offset
    assert patched[local:local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", patched, local + 14, crc)
    struct.pack_into("<I", patched, local + 22, declared)
    name = member.encode()
    central = patched.find(b"PK\x01\x02")
    while central != -1 and patched[central + 46:central + 46 + len(name)] != name:
        central = patched.find(b"PK\x01\x02", central + 4)
    assert central != -1
    struct.pack_into("<I", patched, central + 16, crc)
    struct.pack_into("<I", patched, central + 24, declared)
    return bytes(patched)


def hostile_paragraphs_docx() -> bytes:
    """A ~37 KB .docx whose paragraphs made the Markdown-aware reader backtrack for minutes."""
    d = docx.Document()
    d.add_paragraph("# a" + " " * 6_000 + "b")
    d.add_paragraph(" *a" * 10_000)
    d.add_paragraph("[" * 20_000)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()
