"""Turn the documents ITU already circulates into plain data: concept notes and registration lists.

Importers never touch the database and never import streamlit; every problem a user can
cause comes out as `errors.ImportProblem` with a message a moderator can act on.
Entry points: `concept_note.parse_concept_note` / `parse_concept_text` and
`registrations.read_registration_table` / `suggest_mapping` / `build_participants`.
The app and the command line read uploads through `bounded` (`parse_concept_note_bounded`,
`parse_concept_text_bounded`, `read_registration_table_bounded`): the same readers in a separate
process with a time and memory limit.
"""
