"""Helpers of the live page tests (the console's session is the `live` fixture in conftest.py)."""
import re

from sqlalchemy import func, select

from dashboard.services.live.capture import capture_intervention
from dashboard.textfmt import strip_isolates
from db.models import Intervention
from db.session import session_factory
from tests.conftest import login_as, make_app, page_path

XSS = "<script>alert('x')</script> **bold?** [link](javascript:alert(1))"


def open_page(file: str, role: str = "moderator"):
    at = login_as(make_app(), "mod", [role]).run()
    at.switch_page(page_path(file)).run()
    assert not at.exception, at.exception
    return at


def count(url: str, session_id: int) -> int:
    with session_factory(url)() as s:
        return s.scalar(select(func.count()).select_from(Intervention).where(Intervention.session_id == session_id))


def texts(at) -> str:
    return strip_isolates("\n".join(str(e.value) for e in (*at.markdown, *at.caption, *at.error, *at.warning,
                                                           *at.info, *at.success, *at.toast)))


def said(at) -> list[str]:
    """Success messages as the browser shows them (they are escaped Markdown)."""
    return [strip_isolates(t.value).replace("\\", "") for t in at.success]


def capture_field(at, kind: str, name: str):
    """A widget of the capture form (its key carries the form's generation)."""
    [found] = [w for w in getattr(at, kind) if re.fullmatch(rf"live_capture\.\d+\.{name}", w.key or "")]
    return found


def qa_field(at, kind: str, name: str):
    """A widget of the quick-add form."""
    [found] = [w for w in getattr(at, kind) if re.fullmatch(rf"live_quick_add\.\d+\.{name}", w.key or "")]
    return found


def submit(at):
    [button] = [b for b in at.button if b.label == "Save intervention"]
    button.click()
    return at.run()


def capture(live, who: str, text: str, question=None) -> int:
    with session_factory(live["url"])() as s:
        result = capture_intervention(s, session_id=live["session_id"], actor=live["actor"],
                                      person_id=live["people"][who], text=text, question_id=question)
        s.commit()
        return result.intervention_id


def ours(widgets):
    """A page's own widgets, without the sidebar's language picker every page has."""
    return [w for w in widgets if w.key != "dd_language_pick"]
