"""Where the caret goes in the capture form, so a capture is typed without the mouse.

Streamlit has no focus API, so a small static script (no user text in it) does two things:

- it puts the caret in the Speaker box when the console is drawn (page load, a session
  picked in the sidebar, after each save), unless the moderator is typing in another field
  or moves the caret while the page is still drawing;
- Tab in the Speaker box while its list is open picks the highlighted match first, as Enter
  does, so "name, Tab" does not silently drop the name.

The Speaker box has a value at all times (a "—" option stands for "nobody from the list"), so
it has no "Clear value" button: Tab goes from Speaker straight to Note.
"""
from __future__ import annotations

import itertools

import streamlit as st

SPEAKER_BOX = "live_speaker_box"
FORM_BOX = "live_capture_box"
_CAPTURING = "live_capturing_into"
_RUNS = itertools.count()


def _js(flag: bool) -> str:
    return "true" if flag else "false"


_SCRIPT = """<script>
(function () {
  var doc = document, speaker = '.st-key-%(speaker)s input', form = '.st-key-%(form)s';
  if (!window.__ddTabPicks) {
    window.__ddTabPicks = true;
    doc.addEventListener('keydown', function (event) {
      var box = event.target;
      if (event.key !== 'Tab' || event.shiftKey || !box.matches || !box.matches(speaker)) { return; }
      if (box.getAttribute('aria-expanded') === 'true') {
        box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', code: 'Enter', bubbles: true,
                                                        cancelable: true}));
      }
    }, true);
  }
  var afterSave = %(after_save)s, picked = %(picked)s, tries = 0, start = doc.activeElement;
  function elsewhere(el) {
    // The moderator is typing somewhere else on the page: leave the caret there.
    if (!el || el === doc.body) { return false; }
    if (el.closest(form)) { return !afterSave; }
    if (el.closest('[data-testid="stSidebar"]')) { return !picked; }  // a session just picked there
    return el.matches('input, textarea, [contenteditable="true"]');
  }
  var movable = !elsewhere(start), placedOn = null;
  function free(el) {
    if (placedOn) {
      // Placed once: only a redraw that replaced the box (and dropped the caret) is undone.
      return !placedOn.isConnected && (!el || el === doc.body);
    }
    // Nobody has moved the caret since this run was drawn.
    return !el || el === doc.body || (movable && el === start);
  }
  function attempt() {
    var box = doc.querySelector(speaker), active = doc.activeElement;
    if (box && active !== box && free(active)) { box.focus(); }
    if (box && doc.activeElement === box) { placedOn = box; }
    if (++tries < 25) { setTimeout(attempt, 100); }
  }
  setTimeout(attempt, 50);
})();
/* %(run)s */
</script>"""


def place_caret(session_id: int, *, after_save: bool) -> None:
    """Put the caret in the Speaker box once this run is drawn (see the module docstring)."""
    # A run for a session this browser was not capturing into: it was just picked (or the
    # page just opened), so the sidebar's picker may give up the caret.
    picked = st.session_state.get(_CAPTURING) != session_id
    st.session_state[_CAPTURING] = session_id
    # The run number makes each script new to the browser, so it runs again on every full run.
    script = _SCRIPT % {"speaker": SPEAKER_BOX, "form": FORM_BOX, "after_save": _js(after_save),
                        "picked": _js(picked), "run": next(_RUNS)}
    st.html(script, unsafe_allow_javascript=True)
