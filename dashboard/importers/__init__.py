"""Turn the documents ITU already circulates into plain data: concept notes and registration lists.

Importers never touch the database and never import streamlit; every problem a user can
cause comes out as `errors.ImportProblem` with a message a moderator can act on.
Entry points: `concept_note.parse_concept_note` / `parse_concept_text` and
`registrations.read_registration_table` / `suggest_mapping` / `build_participants`.
"""
