"""Registration lists (simple CSV, Zoom webinar registration report) -> participants, de-duplicated."""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Mapping, Optional

from dashboard.i18n import N_

from .errors import ImportProblem, Notice
from .files import check_upload, decode_text
from .stakeholders import match_stakeholder_label, suggest_stakeholder

ALLOWED = (".csv", ".txt", ".tsv")
MAX_ROWS = 20_000
FIELDS: dict[str, str] = {  # field -> its label (English; the interface translates it)
    "name": N_("Full name"),
    "first_name": N_("First name"),
    "last_name": N_("Last name"),
    "email": N_("E-mail"),
    "organization": N_("Organization"),
    "country": N_("Country"),
    "job_title": N_("Job title"),
    "stakeholder_type": N_("Stakeholder type"),
}
_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "fullname", "participant", "participant name", "attendee", "attendee name",
             "registrant", "registrant name", "user name", "user name original name", "display name", "nom",
             "nom complet", "nombre", "nombre completo", "speaker"),
    "first_name": ("first name", "firstname", "given name", "forename", "prenom", "nombre de pila"),
    "last_name": ("last name", "lastname", "surname", "family name", "nom de famille", "apellido", "apellidos"),
    "email": ("email", "e mail", "email address", "e mail address", "mail", "courriel", "correo", "correo electronico"),
    "organization": ("organization", "organisation", "company", "institution", "affiliation", "entity",
                     "organization name", "organisation name", "company name", "agency", "employer",
                     "organization company", "organisation company", "organisme", "organizacion"),
    "country": ("country", "country region", "country or region", "country territory", "nationality", "pays",
                "pais", "member state"),
    "job_title": ("job title", "title", "position", "function", "job", "role title", "fonction", "cargo"),
    "stakeholder_type": ("stakeholder type", "stakeholder group", "stakeholder", "stakeholder category", "sector",
                         "category", "categorie", "categoria", "type de participant", "groupe", "secteur", "constituency", "type", "participant type", "group", "type of organization",
                         "type of organisation", "organization type", "organisation type"),
}
_NON_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class RegistrationTable:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    header_row: int  # 1-based line of the header in the file (after report-summary lines)
    delimiter: str
    encoding_note: str


@dataclass(frozen=True)
class ImportedParticipant:
    name: str
    organization: Optional[str]
    country: Optional[str]
    email: Optional[str]
    stakeholder_type: str
    needs_review: bool
    job_title: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "organization": self.organization, "country": self.country, "email": self.email,
                "stakeholder_type": self.stakeholder_type, "needs_review": self.needs_review}


@dataclass(frozen=True)
class RegistrationImport:
    participants: tuple[ImportedParticipant, ...]
    duplicates_merged: int
    warnings: tuple[str, ...]  # Notices: English text that the interface can translate

    def to_dict(self) -> dict[str, Any]:
        """The plain shape the CLI prints."""
        return {"participants": [p.to_dict() for p in self.participants],
                "duplicates_merged": self.duplicates_merged, "warnings": list(self.warnings)}


def _normal(header: str) -> str:
    plain = unicodedata.normalize("NFKD", header.replace("\ufeff", "").lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", plain).strip()


def _field_for(header: str) -> Optional[str]:
    normal = _normal(header)
    if not normal:
        return None
    for field, aliases in _ALIASES.items():
        if normal in aliases:
            return field
    if "stakeholder" in normal or "you represent" in normal or "which group" in normal or "sector do you" in normal:
        return "stakeholder_type"
    if "e mail" in normal or normal.endswith(" email"):
        return "email"
    return None


def suggest_mapping(headers: tuple[str, ...] | list[str]) -> dict[str, Optional[int]]:
    """For each field, the index of the column that seems to hold it (None when no column does)."""
    mapping: dict[str, Optional[int]] = {field: None for field in FIELDS}
    for index, header in enumerate(headers):
        field = _field_for(header)
        if field is not None and mapping[field] is None:
            mapping[field] = index
    return mapping


def _header_score(row: list[str]) -> int:
    fields = {_field_for(cell) for cell in row if cell.strip()}
    fields.discard(None)
    return len(fields)


def _rows(text: str, delimiter: str) -> list[list[str]]:
    try:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        return [row for _, row in zip(range(MAX_ROWS + 200), reader)]
    except csv.Error as exc:
        raise ImportProblem(N_("The file could not be read as CSV ({error}). Save it again as CSV from Excel."),
                            error=str(exc)) from None


def read_registration_table(data: bytes, filename: str) -> RegistrationTable:
    """The header row and data rows of a registration CSV, skipping report-summary lines above the header."""
    check_upload(data, filename, ALLOWED)
    text = decode_text(data, filename)
    note = "UTF-8" if _is_utf8(data) else "Windows-1252 / Latin-1"
    best: Optional[tuple[int, int, str, list[list[str]]]] = None
    for delimiter in (",", ";", "\t"):
        rows = _rows(text, delimiter)
        for index, row in enumerate(rows[:40]):
            score = _header_score(row)
            if score and (best is None or score > best[0]):
                best = (score, index, delimiter, rows)
    if best is None:
        rows = _rows(text, ",")
        first = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
        if first is None:
            raise ImportProblem(N_("{name} has no rows."), name=filename)
        best = (0, first, ",", rows)
    _, index, delimiter, rows = best
    headers = tuple(h.replace("\ufeff", "").strip() for h in rows[index])
    body = [tuple(c.strip() for c in r) for r in rows[index + 1:] if any(c.strip() for c in r)]
    if len(body) > MAX_ROWS:
        raise ImportProblem(N_("{name} has more than {limit} rows; split it into smaller files."),
                            name=filename, limit=MAX_ROWS)
    if not body:
        raise ImportProblem(N_("{name} has a header row but no participants under it."), name=filename)
    return RegistrationTable(headers, tuple(body), index + 1, delimiter, note)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _cell(row: tuple[str, ...], index: Optional[int]) -> Optional[str]:
    if index is None or index >= len(row):
        return None
    value = " ".join(row[index].split())
    return value or None


def _stakeholder(raw: Optional[str], organization: Optional[str], email: Optional[str],
                 job_title: Optional[str]) -> tuple[str, bool]:
    matched = match_stakeholder_label(raw)
    if matched is not None and matched != "other":
        return matched, False
    suggested = suggest_stakeholder(organization, email, job_title)
    if matched == "other" and suggested == "other":
        return "other", False
    return suggested, True


def build_participants(table: RegistrationTable, mapping: Mapping[str, Optional[int]]) -> RegistrationImport:
    """Participants from the table with the given column mapping, de-duplicated by e-mail, else name + organisation."""
    has_name = mapping.get("name") is not None or mapping.get("first_name") is not None or mapping.get("last_name") is not None
    if not has_name:
        shown = ", ".join(f"“{h}”" for h in table.headers if h) or Notice(N_("none"))
        raise ImportProblem(N_(
            "No column holds the participants' names (columns found: {columns}). "
            "Choose which column is the name in the column mapping."
        ), columns=shown)
    warnings: list[str] = []
    by_key: dict[tuple[str, ...], ImportedParticipant] = {}
    unclear: list[str] = []
    duplicates = 0
    for line, row in enumerate(table.rows, start=table.header_row + 1):
        name = _cell(row, mapping.get("name"))
        if name is None:
            name = " ".join(x for x in (_cell(row, mapping.get("first_name")), _cell(row, mapping.get("last_name"))) if x) or None
        email = (_cell(row, mapping.get("email")) or "").lower() or None
        if email is not None and ("@" not in email or " " in email):
            warnings.append(Notice(N_("Row {line}: “{email}” is not an e-mail address; it was left out."),
                                   line=line, email=email))
            email = None
        if name is None:
            if any(row):
                warnings.append(Notice(N_("Row {line} has no name and was skipped."), line=line))
            continue
        organization = _cell(row, mapping.get("organization"))
        job_title = _cell(row, mapping.get("job_title"))
        answer = _cell(row, mapping.get("stakeholder_type"))
        if answer is not None and match_stakeholder_label(answer) is None:
            unclear.append(answer)
        stakeholder, review = _stakeholder(answer, organization, email, job_title)
        person = ImportedParticipant(name[:300], organization, _cell(row, mapping.get("country")), email,
                                     stakeholder, review, job_title)
        key = ("email", email) if email else ("name", name.casefold(), (organization or "").casefold())
        if key in by_key:
            duplicates += 1
            by_key[key] = _merge(by_key[key], person)
        else:
            by_key[key] = person
    if not by_key:
        raise ImportProblem(N_("No participant could be read: every row lacks a name. Check the column mapping."))
    if unclear:
        examples = ", ".join(f"“{a}”" for a in list(dict.fromkeys(unclear))[:3])
        warnings.append(Notice(N_("{count} stakeholder answer(s) were not recognised (e.g. {examples}); "
                                  "a type was suggested and those rows are marked “needs review”."),
                               count=len(unclear), examples=examples))
    return RegistrationImport(tuple(by_key.values()), duplicates, tuple(warnings))


def _merge(first: ImportedParticipant, later: ImportedParticipant) -> ImportedParticipant:
    """Keep the first registration, filling its blanks from a later one (people re-register to fix typos)."""
    stakeholder, review = first.stakeholder_type, first.needs_review
    if review and not later.needs_review:
        stakeholder, review = later.stakeholder_type, False
    return ImportedParticipant(
        first.name, first.organization or later.organization, first.country or later.country,
        first.email or later.email, stakeholder, review, first.job_title or later.job_title,
    )


def parse_registrations(data: bytes, filename: str,
                        mapping: Optional[Mapping[str, Optional[int]]] = None) -> RegistrationImport:
    """Read and build in one step, with the suggested mapping unless one is given."""
    table = read_registration_table(data, filename)
    return build_participants(table, mapping if mapping is not None else suggest_mapping(table.headers))
