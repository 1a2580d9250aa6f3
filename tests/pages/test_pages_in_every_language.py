"""Every page, for every role, drawn in the other five languages on the demo data.

No page raises in any language (a translation whose placeholders differ would), each page's
title is translated, and in Chinese no English message of ours is left on screen: every element
Streamlit draws (bodies, captions, alerts, widget labels, help and placeholders, options,
expander and tab labels, metrics, buttons) is read, and none may carry one of our catalog
messages in English. User text (the demo data is English) is not a catalog message, so it may.
"""
import re

import pytest

from dashboard.i18n import LANGUAGES, message_ids, translate
from dashboard.navigation import PAGES
from tests.conftest import login_as, make_app, page_path
from tests.pages.conftest import demo_database

VIEWERS = {"admin": ("admin",), "participant": ("participant",), "leadership": ("leadership",),
           "moderator": ("moderator",)}
CASES = [(spec, role) for spec in PAGES for role in VIEWERS if role in spec.roles]
FIRST_ROLE = {spec.file: next(role for role in VIEWERS if role in spec.roles) for spec in PAGES}
OTHERS = [code for code in LANGUAGES if code not in ("en", "zh")]


def _english_messages() -> list[str]:
    """Our messages long enough to be unmistakable on screen (three words or more), as printed."""
    found = []
    for message in message_ids():
        shown = re.split(r"\{[^{}]*\}", message)
        found += [piece.strip() for piece in shown if len(piece.split()) >= 3 and translate(message, "zh") != message]
    return sorted(set(found), key=len, reverse=True)


ENGLISH = _english_messages()


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("languages")
    return demo_database(folder), folder


def _draw(demo_app, monkeypatch, file: str, role: str, language: str):
    url, folder = demo_app
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DIALOGUE_DESK_DATA_DIR", str(folder / "data"))
    monkeypatch.setenv("DIALOGUE_DESK_ENV", "development")
    at = login_as(make_app(), role, VIEWERS[role])
    at.session_state["dd_language"] = language
    at.run()
    at.switch_page(page_path(file)).run()
    assert not at.exception, at.exception
    return at


def _texts(node, out: list[str]) -> None:
    children = getattr(node, "children", None)
    for child in (children.values() if isinstance(children, dict) else (children or [])):
        proto = getattr(child, "proto", None)
        if proto is not None and getattr(child, "type", "") not in ("arrow_data_frame", "dataframe", "code", "json"):
            out.append(str(proto))
        _texts(child, out)


@pytest.mark.parametrize("spec, role", CASES, ids=[f"{s.file}-{r}" for s, r in CASES])
def test_no_english_message_of_ours_is_left_in_chinese(demo_app, monkeypatch, spec, role):
    at = _draw(demo_app, monkeypatch, spec.file, role, "zh")
    if spec.file not in ("home.py", "presenter.py"):  # headed by a greeting / the session's own title
        heading = at.title[0].value
        assert any("\u4e00" <= char <= "\u9fff" for char in heading), heading
    texts: list[str] = []
    _texts(at._tree, texts)
    # Protobuf text escapes non-ASCII; English messages are ASCII apart from quotes and dashes.
    screen = "\n".join(texts).encode().decode("unicode_escape", errors="ignore")
    left = [message for message in ENGLISH if message in screen]
    assert left == [], f"{spec.file} ({role}) still shows in English: {left[:8]}"


@pytest.mark.parametrize("language", OTHERS)
@pytest.mark.parametrize("file", sorted(FIRST_ROLE))
def test_every_page_draws_in_every_language(demo_app, monkeypatch, file, language):
    _draw(demo_app, monkeypatch, file, FIRST_ROLE[file], language)
