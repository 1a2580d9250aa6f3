"""The session form edits the ITU document reference (Prepare → Sessions)."""
from __future__ import annotations

from db.models import DialogueSession
from db.session import session_factory
from tests.pages.test_setup_pages import button, env, k, open_page, with_session  # noqa: F401 (env: fixture)

LABEL = "ITU document reference (optional)"


def test_the_reference_is_typed_saved_and_shown_again(env):  # noqa: F811
    sid = with_session(env, status="closed", title="Held session")
    at = open_page("sessions.py", sid)
    [field] = [t for t in at.text_input if t.label == LABEL and t.key.endswith(f".{sid}")]
    assert field.value == ""
    field.input("  CWG-COP/24/INF/3 ")
    button(at, "Save changes").click()
    at.run()
    assert not at.exception and any("Session saved" in s.value for s in at.success)
    with session_factory(env)() as s:
        assert s.get(DialogueSession, sid).document_reference == "CWG-COP/24/INF/3"
    at = open_page("sessions.py", sid)
    assert [t.value for t in at.text_input if t.label == LABEL and t.key.endswith(f".{sid}")] == ["CWG-COP/24/INF/3"]
