"""Live parts of pages re-run when their session's data changes, not on a timer.

Inside a live fragment, `follow_changes(session_id, version)` mounts a tiny script-only
component. In the browser it long-polls ``/_dd/changes/<token>?since=<version>`` (served from
memory by dashboard/push, without running any page script) and, when the session's stamp has
moved past the version the fragment was drawn with, asks Streamlit to re-run that fragment only.
An idle viewer therefore costs one cheap HTTP request every 25 seconds, not a page re-run every
two. The fragment keeps a slow timer (`FALLBACK_EVERY`) for browsers where the script cannot
run, and for a server started without the route (`streamlit run dashboard/app.py`).
"""
from __future__ import annotations

import streamlit as st

from dashboard.push.board import BOARD
from dashboard.push.routes import PATH
from dashboard.runtime import get_settings

# The safety net only: changes arrive through the long poll within about a second.
FALLBACK_EVERY = "60s"

_JS = r"""
export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  const host = parentElement;
  if (host.__ddStop) { host.__ddStop(); }
  const abort = new AbortController();
  let stopped = false;
  host.__ddStop = () => { stopped = true; abort.abort(); };
  let known = Number(data.version);
  const pause = (ms) => new Promise((done) => setTimeout(done, ms));
  (async () => {
    let failures = 0;
    while (!stopped) {
      try {
        const response = await fetch(data.url + "?since=" + known,
                                      { cache: "no-store", credentials: "same-origin", signal: abort.signal });
        if (response.status === 404) { return; }  // no route on this server: the slow timer does the work
        if (response.status === 410) {            // the server no longer knows this page: draw it again
          await pause(3000);
          if (!stopped) { setTriggerValue("changed", -1); }
          return;
        }
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        const body = await response.json();
        failures = 0;
        if (body.v > known) {
          known = body.v;
          setTriggerValue("changed", known);
          await pause(10000);  // the re-run draws this component again, which starts a new loop
        }
      } catch (error) {
        if (stopped) { return; }
        failures += 1;
        await pause(Math.min(30000, 500 * 2 ** Math.min(failures, 6)));
      }
    }
  })();
  return () => { if (host.__ddStop) { host.__ddStop(); } };
}
"""

# Hide the (empty) element so it takes no room in the layout; its script still runs.
_CSS = ":host { display: none; }"

_follow = st.components.v2.component("dialogue_desk_follow_changes", js=_JS, css=_CSS)


def _changed() -> None:
    """Nothing to do: the fragment's re-run itself draws the new data."""


def changes_url(session_id: int) -> str:
    """Where this page's browser asks whether the session changed (registers the session's token)."""
    token = BOARD.token_for(get_settings().database_url, session_id)
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return ("/" + base if base else "") + f"{PATH}/{token}"


KEY_PREFIX = "dd_changes_"
# Drawn once per page run by the entry script (outside any fragment, so a fragment re-run does not
# send it again): the followers' element containers take no room in the layout.
HIDE_CSS = f'<style>[class*="st-key-{KEY_PREFIX}"] {{ display: none; }}</style>'


def follow_changes(session_id: int, version: int, *, key: str) -> None:
    """Re-run the enclosing fragment when the session's data moves past `version`."""
    BOARD.note(get_settings().database_url, session_id, version)
    _follow(key=KEY_PREFIX + key, data={"url": changes_url(session_id), "version": int(version)},
            on_changed_change=_changed, height="content")
