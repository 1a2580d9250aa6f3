"""The action runner's named presses (`once`): a press delivered twice saves once and still says what it did."""
from contextlib import contextmanager

from streamlit.testing.v1 import AppTest

from dashboard.auth import CurrentUser
from dashboard.ui import actions

SAVED: list[str] = []


def _script() -> None:
    import streamlit as st

    from dashboard.ui import actions as runner
    from tests.pages.test_action_runner import SAVED

    def work(session, user) -> str:
        SAVED.append(user.username)
        return "one"

    st.button("Send", key="send", on_click=runner.callback(
        "area", work, roles=("participant",), success=lambda r: f"Saved as {r}", once="send 1 token-a"))
    runner.feedback("area")


def _app(monkeypatch) -> AppTest:
    user = CurrentUser(id=1, username="kai", display_name="Kai", email=None, roles=("participant",), person_id=None)
    monkeypatch.setattr(actions.auth, "current_user", lambda: user)

    @contextmanager
    def no_database():
        yield None

    monkeypatch.setattr(actions, "db", no_database)
    SAVED.clear()
    return AppTest.from_function(_script, default_timeout=30).run()


def test_a_press_delivered_twice_saves_once_and_says_so_both_times(monkeypatch):
    at = _app(monkeypatch)
    at.button(key="send").click().run()
    assert [s.value for s in at.success] == ["Saved as one"]
    # The same press again (a double click's second half). Its run may have cut short the run that
    # drew the message, so it says it again; it never saves again.
    at.button(key="send").click().run()
    assert [s.value for s in at.success] == ["Saved as one"]
    assert SAVED == ["kai"]
    # A rerun that is not a press shows nothing: the message was said once per press.
    at.run()
    assert not at.success


def test_a_press_whose_first_run_was_stopped_after_saving_is_finished_by_the_second(monkeypatch):
    """The first run committed, then Streamlit stopped it before it worded its message (observed
    with a double click): the second run of the press words it from the saved result."""
    from collections import OrderedDict

    at = _app(monkeypatch)
    at.session_state["dd_actions_browser"] = "browser-1"
    stopped = actions._Press(result="one", done=True)
    stopped.finished.set()
    monkeypatch.setitem(actions._PRESSES, "browser-1", OrderedDict({"send 1 token-a": stopped}))
    at.button(key="send").click().run()
    assert [s.value for s in at.success] == ["Saved as one"]
    assert SAVED == [] and stopped.settled  # never saved twice; settled once
