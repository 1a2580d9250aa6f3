"""A keyboard focus ring that is always visible on our controls.

Streamlit marks a focused text box, select box or text area only by tinting its 1 px border,
which is hard to see on a shared screen and below the 3:1 contrast WCAG 2.2 (2.4.11) asks of a
focus indicator. This static CSS (no user text) draws a 2 px ring in the theme's primary colour
(#005A9C, 7.0:1 on white) around whichever of our controls has the keyboard focus: buttons,
links, switches and checkboxes, expander headers, and the whole box of a text, number, select or
multiselect input. Mouse clicks on buttons keep Streamlit's own look (`:focus-visible`).
"""
from __future__ import annotations

import streamlit as st

RING = "2px solid #005A9C"
FOCUS_CSS = (
    "<style>"
    # Buttons, links, switches, expander headers: the browser's keyboard-focus state.
    ":is([data-testid=\"stMain\"], [data-testid=\"stSidebarUserContent\"]) :is(button, a, summary, [role=\"switch\"], [role=\"checkbox\"], [role=\"radio\"],"
    " [role=\"tab\"], input[type=\"checkbox\"]):focus-visible"
    f" {{outline: {RING} !important; outline-offset: 2px !important;}}"
    # A switch or checkbox input is visually hidden: ring its label instead.
    ":is([data-testid=\"stMain\"], [data-testid=\"stSidebarUserContent\"]) label:has(input[type=\"checkbox\"]:focus-visible)"
    f" {{outline: {RING}; outline-offset: 2px; border-radius: 4px;}}"
    # Text, number, select and multiselect boxes and text areas: the box around the caret.
    ":is([data-testid=\"stMain\"], [data-testid=\"stSidebarUserContent\"]) :is([data-testid=\"stTextInputRootElement\"],"
    " [data-testid=\"stTextAreaRootElement\"], [data-testid=\"stNumberInputContainer\"],"
    " :is([data-testid=\"stSelectbox\"], [data-testid=\"stMultiSelect\"]) .react-aria-ComboBox > div):focus-within"
    f" {{outline: {RING}; outline-offset: 1px;}}"
    "</style>"
)


def focus_ring() -> None:
    """Call once per run (every page, the login page too)."""
    st.html(FOCUS_CSS)
