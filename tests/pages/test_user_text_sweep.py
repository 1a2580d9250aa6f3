"""Every piece of user text, on every page, for every role, is shown as text: never as Markdown or HTML.

The demo data is loaded, then a payload is put into every free-text field people can type
(titles, names, organisations, notes, key points, takeaways, recommendations, owners, evidence,
agenda items, display names) and the published sessions are republished with it. Each page is
then drawn, and every element that Streamlit renders as Markdown (bodies, captions, headings,
alerts, widget labels and help, radio options, expander and tab labels, metrics) must not carry
the payload in a form that would format: an image fetched from another host, bold, raw HTML.
Plain-text elements (st.text, code, tables, selectbox options, input values) are not Markdown.
"""
import pytest
from sqlalchemy import select, update

from dashboard.navigation import PAGES
from dashboard.services.audit import SYSTEM
from dashboard.services.outcomes.publication import publish_session
from db.models import (
    AgendaSegment, DialogueSession, Intervention, KeyPoint, Part, Person, Publication, Question, Recommendation,
    Takeaway, User,
)
from db.session import session_factory
from tests.conftest import login_as, make_app, page_path
from tests.pages.conftest import demo_database

PAYLOAD = "**B**![i](http://img.invalid/x.png)<b>h</b>[l](http://link.invalid)"
# What would only appear if the payload reached Markdown unescaped.
RAW = ("**B**", "![i](", "<b>h</b>", "[l](")
FIELDS = {
    DialogueSession: ("title", "overview", "sector_other"), Part: ("title", "objective"), Question: ("text",),
    AgendaSegment: ("title",), Person: ("name", "organization"), User: ("display_name",),
    Intervention: ("text", "speaker_label"), KeyPoint: ("text",), Recommendation: ("text", "owner", "evidence"),
    Takeaway: ("text",),
}
# Elements drawn as plain text, and widget fields that are values or plain options, not Markdown.
PLAIN_ELEMENTS = {"text", "code", "arrow_data_frame", "arrow_table", "json", "dataframe", "table", "exception"}
PLAIN_ONLY_LABEL = {"selectbox", "multiselect", "text_input", "text_area", "date_input", "number_input",
                    "time_input", "select_slider", "color_picker", "chat_input", "file_uploader", "download_button"}
VIEWERS = {"admin": ("admin",), "participant": ("participant",), "leadership": ("leadership",),
           "moderator": ("moderator",)}


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sweep")
    url = demo_database(folder)
    with session_factory(url)() as s:
        for model, columns in FIELDS.items():
            for column in columns:
                attr = getattr(model, column)
                s.execute(update(model).where(attr.is_not(None)).values({column: PAYLOAD + " " + attr}))
        s.commit()
        published = set(s.scalars(select(Publication.session_id)))
        for session_id in sorted(published):
            publish_session(s, session_id, actor=SYSTEM, reason=PAYLOAD)
        s.commit()
    return url, folder


def _texts(node, out: list[tuple[str, str]]) -> None:
    children = getattr(node, "children", None)
    items = children.values() if isinstance(children, dict) else (children or [])
    for child in items:
        kind = getattr(child, "type", "")
        proto = getattr(child, "proto", None)
        if proto is not None and kind not in PLAIN_ELEMENTS:
            if kind in PLAIN_ONLY_LABEL:
                out.append((kind, f"{getattr(proto, 'label', '')} {getattr(proto, 'help', '')}"))
            else:
                out.append((kind, str(proto)))
        _texts(child, out)


def _offenders(at) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    _texts(at._tree, found)
    return [(kind, text[:200]) for kind, text in found if any(raw in text for raw in RAW)]


CASES = [(spec.file, role) for spec in PAGES for role in VIEWERS if role in spec.roles]


@pytest.mark.parametrize("file, role", CASES, ids=[f"{f}-{r}" for f, r in CASES])
def test_user_text_never_formats(hostile_app, monkeypatch, file, role):
    url, folder = hostile_app
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DIALOGUE_DESK_DATA_DIR", str(folder / "data"))
    monkeypatch.setenv("DIALOGUE_DESK_ENV", "development")
    at = login_as(make_app(), role, VIEWERS[role], name=PAYLOAD).run()
    at.switch_page(page_path(file)).run()
    assert not at.exception, at.exception
    offenders = _offenders(at)
    assert not offenders, "\n".join(f"OFFENDER {kind}: {text}" for kind, text in offenders)
