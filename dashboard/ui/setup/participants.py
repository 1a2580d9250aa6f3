"""Participant widgets: registration import (column mapping + editable preview), the registry table, quick add."""
from __future__ import annotations

from typing import Optional

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from db.codes import STAKEHOLDER_TYPES
from dashboard.importers.files import MAX_MB
from dashboard.importers.bounded import read_registration_table_bounded
from dashboard.importers.registrations import (
    FIELDS, RegistrationImport, RegistrationTable, build_participants, suggest_mapping,
)
from dashboard.auth import CurrentUser
from dashboard.services.setup.participants import (
    NewParticipant, ParticipantRow, RegistrationResult, quick_add_participant, register_participants,
    remove_participant, update_participant_type,
)
from dashboard.textfmt import escape_md, user_text
from dashboard.ui import actions
from dashboard.ui.language import _, label
from dashboard.ui.session_picker import require_picked
from dashboard.ui.setup import said
from dashboard.navigation import STAFF

IMPORT = "setup.registrations"
REGISTRY = "setup.registry"
QUICK_ADD = "setup.quick_add"



def _type_column() -> dict:
    """The stakeholder type column of the tables: stored codes, translated labels (made at render time)."""
    return st.column_config.SelectboxColumn(
        _("Stakeholder type"), options=list(STAKEHOLDER_TYPES), format_func=lambda c: label(STAKEHOLDER_TYPES, c),
        required=True, width=160,
    )


def _mapping_widget(table: RegistrationTable, key: str) -> dict[str, Optional[int]]:
    suggested = suggest_mapping(table.headers)
    has_name = any(suggested[f] is not None for f in ("name", "first_name", "last_name"))
    options = [None, *range(len(table.headers))]
    with st.expander(_("Column mapping"), expanded=not has_name):
        if not has_name:
            st.warning(_("The columns were not recognised: choose which column holds the names (and the others)."))
        st.caption(escape_md(_("Header found on line {line} · {rows} data rows · {encoding}").format(
            line=table.header_row, rows=len(table.rows), encoding=table.encoding_note)))
        cols = st.columns(4)
        mapping: dict[str, Optional[int]] = {}
        for i, (field, field_label) in enumerate(FIELDS.items()):
            mapping[field] = cols[i % 4].selectbox(
                _(field_label), options, index=options.index(suggested[field]), key=f"{key}_{field}",
                format_func=lambda o: _("— none —") if o is None else (table.headers[o] or
                                                                        _("Column {number}").format(number=o + 1)),
            )
    return mapping


def _preview_frame(result: RegistrationImport) -> pd.DataFrame:
    return pd.DataFrame({
        "Name": [p.name for p in result.participants],
        "Organization": [p.organization or "" for p in result.participants],
        "Country": [p.country or "" for p in result.participants],
        "E-mail": [p.email or "" for p in result.participants],
        "Stakeholder type": [p.stakeholder_type for p in result.participants],
        "Needs review": [p.needs_review for p in result.participants],
        "Job title": [p.job_title or "" for p in result.participants],
    })


def _entries(frame: pd.DataFrame) -> list[NewParticipant]:
    entries = []
    for row in frame.fillna("").to_dict("records"):
        name = str(row.get("Name", "")).strip()
        if not name:
            continue
        stakeholder = str(row.get("Stakeholder type") or "other")
        entries.append(NewParticipant(
            name=name, stakeholder_type=stakeholder, organization=str(row.get("Organization") or "") or None,
            country=str(row.get("Country") or "") or None, email=str(row.get("E-mail") or "") or None,
            job_title=str(row.get("Job title") or "") or None, needs_review=bool(row.get("Needs review")),
        ))
    return entries


def import_registrations(session_id: int, session_label: str) -> None:
    """Upload a registration CSV, map columns if needed, fix the preview, register everyone."""
    st.write(_("Upload the registration list: the simple CSV (name, organization, country, stakeholder_type, email) "
               "or Zoom's webinar registration report as exported. Types are read from the stakeholder column "
               "or suggested from the organization and e-mail, and flagged for review."))
    uploaded = st.file_uploader(_("Registration list (.csv)"), type=["csv", "txt", "tsv"], max_upload_size=MAX_MB,
                                key=actions.key(IMPORT, "file", session_id),
                                help=_("Up to {size} MB; UTF-8 or Excel CSV.").format(size=MAX_MB))
    # The example header stays in English: these are column names the importer recognises.
    pasted = st.text_area(_("…or paste the rows, header line first (e.g. copied from Excel)"),
                          key=actions.key(IMPORT, "text", session_id), height=120,
                          placeholder="Name\tOrganization\tCountry\tStakeholder type\tE-mail")
    if uploaded is not None:
        data, name, source = uploaded.getvalue(), uploaded.name, uploaded.file_id
    elif pasted.strip():
        data, name, source = pasted.encode("utf-8"), "pasted-list.csv", f"text{abs(hash(pasted))}"
    else:
        actions.feedback(IMPORT)
        return
    table = actions.load(IMPORT, lambda _session: read_registration_table_bounded(data, name))
    key = actions.key(IMPORT, "read", session_id, source)
    mapping = _mapping_widget(table, key) if table is not None else None
    result = actions.load(IMPORT, lambda _session: build_participants(table, mapping)) if mapping else None
    actions.feedback(IMPORT)
    if result is None:
        return
    review = sum(p.needs_review for p in result.participants)
    st.info(_("{participants} participant(s) · {duplicates} duplicate(s) merged · {review} need review").format(
        participants=len(result.participants), duplicates=result.duplicates_merged, review=review),
        icon=":material/fact_check:")
    for warning in result.warnings:
        st.warning(escape_md(said(warning)))
    mapping_key = "_".join(str(v) for v in mapping.values())
    # The table keeps its English column names (read back by _entries); people read translated labels.
    edited = st.data_editor(
        _preview_frame(result), key=f"{key}_preview_{mapping_key}", num_rows="dynamic", hide_index=True,
        width="stretch", column_order=["Name", "Organization", "Country", "E-mail", "Stakeholder type", "Needs review"],
        column_config={"Name": st.column_config.TextColumn(_("Name")),
                       "Organization": st.column_config.TextColumn(_("Organization")),
                       "Country": st.column_config.TextColumn(_("Country")),
                       "E-mail": st.column_config.TextColumn(_("E-mail")),
                       "Stakeholder type": _type_column(),
                       "Needs review": st.column_config.CheckboxColumn(
                           _("Needs review"), help=_("The type was guessed; untick once checked."))},
    )
    entries = _entries(edited)
    st.caption(_("They are registered for: {session}").format(session=user_text(session_label)))

    def registered(outcome: RegistrationResult) -> str:
        counts = {"added": outcome.added, "already": outcome.already_registered,
                  "duplicates": result.duplicates_merged}
        if outcome.already_registered and result.duplicates_merged:
            return _("Registered {added} participant(s); {already} were already on the list; {duplicates} "
                     "duplicate(s) merged.").format(**counts)
        if outcome.already_registered:
            return _("Registered {added} participant(s); {already} were already on the list.").format(**counts)
        if result.duplicates_merged:
            return _("Registered {added} participant(s); {duplicates} duplicate(s) merged.").format(**counts)
        return _("Registered {added} participant(s).").format(**counts)

    def register(session: Session, user: CurrentUser) -> RegistrationResult:
        require_picked(session_id)
        return register_participants(session, session_id=session_id, participants=entries, actor=user.actor)

    if st.button(_("Confirm and register {count} participant(s)").format(count=len(entries)), type="primary",
                 key=f"{key}_confirm",
                 disabled=not entries):
        # A fresh uploader (renewed keys) empties it, so the same list is not registered twice by accident.
        actions.run(IMPORT, register, roles=STAFF, success=registered, renew_keys=True, once=f"{key}_confirm")
        st.rerun()


def _note(row: ParticipantRow) -> str:
    parts = []
    if row.youth_pseudonym_no:
        parts.append(_("Youth participant {number}").format(number=row.youth_pseudonym_no))
    if row.needs_review:
        parts.append(_("needs review"))
    return " · ".join(parts)


def registry_table(session_id: int, rows: list[ParticipantRow]) -> None:
    """The registered participants; fix stakeholder types, clear review flags, remove people."""
    only_review = st.toggle(_("Only those that need review"), key=actions.key(REGISTRY, "only_review", session_id),
                            value=False, disabled=not any(r.needs_review for r in rows))
    shown = [r for r in rows if r.needs_review or not only_review]
    frame = pd.DataFrame({
        "Name": [r.name for r in shown],
        "Organization": [", ".join(x for x in (r.organization, r.country) if x) for r in shown],
        "E-mail": [r.email or "" for r in shown],
        "Stakeholder type": [r.stakeholder_type for r in shown],
        "Note": [_note(r) for r in shown],
        "Reviewed": [False] * len(shown),
        "Remove": [False] * len(shown),
    })
    # The table keeps its English column names (the changes are read back from them); people read translated labels.
    edited = st.data_editor(
        frame, key=actions.key(REGISTRY, "table", session_id, len(rows), only_review), hide_index=True, width="stretch",
        disabled=["Name", "Organization", "E-mail", "Note"],
        column_config={
            "Name": st.column_config.TextColumn(_("Name"), width=130),
            "Organization": st.column_config.TextColumn(_("Organization, country"), width=160),
            "E-mail": st.column_config.TextColumn(_("E-mail"), width=125),
            "Stakeholder type": _type_column(),
            "Note": st.column_config.TextColumn(_("Note"), width=120,
                                                help=_("Youth are shown only by this pseudonym in anything published.")),
            "Reviewed": st.column_config.CheckboxColumn(_("Reviewed"), width=70,
                                                        help=_("Tick to clear the “needs review” flag.")),
            "Remove": st.column_config.CheckboxColumn(_("Remove"), width=65),
        },
    )
    changes = [
        (row, edited.iloc[i]) for i, row in enumerate(shown)
        if edited.iloc[i]["Stakeholder type"] != row.stakeholder_type or edited.iloc[i]["Reviewed"]
        or edited.iloc[i]["Remove"]
    ]

    def save(session: Session, user: CurrentUser) -> int:
        require_picked(session_id)
        for row, new in changes:
            if new["Remove"]:
                remove_participant(session, session_id=session_id, person_id=row.person_id, actor=user.actor)
            else:
                update_participant_type(session, session_id=session_id, person_id=row.person_id,
                                        stakeholder_type=str(new["Stakeholder type"]), actor=user.actor)
        return len(changes)

    save_key = actions.key(REGISTRY, "save", session_id)
    if st.button(_("Save {count} change(s)").format(count=len(changes)), disabled=not changes, key=save_key):
        actions.run(REGISTRY, save, roles=STAFF, success=lambda n: _("Saved {count} change(s).").format(count=n),
                    renew_keys=True,
                    once=save_key)
        st.rerun()


def _quick_add(session: Session, user: CurrentUser, session_id: int) -> str:
    def field(name: str) -> Optional[str]:
        return (actions.value(QUICK_ADD, name, session_id) or "").strip() or None

    require_picked(session_id)
    stakeholder = actions.value(QUICK_ADD, "type", session_id)
    name = field("name") or ""
    quick_add_participant(session, session_id=session_id, name=name, stakeholder_type=stakeholder,
                          actor=user.actor, organization=field("organization"), country=field("country"),
                          email=field("email"))
    if stakeholder == "youth":
        return _("Added {name} (shown as a youth pseudonym in anything published).").format(name=name)
    return _("Added {name}.").format(name=name)


def quick_add_form(session_id: int) -> None:
    """One short form: name and stakeholder type, the rest optional; it keeps what was typed if refused."""
    actions.feedback(QUICK_ADD)
    with st.form(actions.key(QUICK_ADD, "form", session_id)):
        name_col, type_col = st.columns([2, 1])
        name_col.text_input(_("Name"), max_chars=300, key=actions.key(QUICK_ADD, "name", session_id))
        type_col.selectbox(_("Stakeholder type"), list(STAKEHOLDER_TYPES),
                           format_func=lambda code: label(STAKEHOLDER_TYPES, code),
                           key=actions.key(QUICK_ADD, "type", session_id))
        org_col, country_col, email_col = st.columns(3)
        org_col.text_input(_("Organization (optional)"), key=actions.key(QUICK_ADD, "organization", session_id))
        country_col.text_input(_("Country (optional)"), key=actions.key(QUICK_ADD, "country", session_id))
        email_col.text_input(_("E-mail (optional)"), key=actions.key(QUICK_ADD, "email", session_id))
        st.form_submit_button(_("Add participant"), type="primary", on_click=actions.callback(
            QUICK_ADD, lambda session, user: _quick_add(session, user, session_id), roles=STAFF,
            success=lambda text: text, renew_keys=True, once=actions.key(QUICK_ADD, "form", session_id)))
