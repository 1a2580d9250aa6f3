"""Live parts of pages re-run when their session's data changes, not on a timer.

Inside a live fragment, `follow_changes(session_id, version)` mounts a tiny script-only
component. In the browser it long-polls ``/_dd/changes/<token>?since=<version>`` (served from
memory by dashboard/push, without running any page script) and, when the session's stamp has
moved past the version the fragment was drawn with, asks Streamlit to re-run that fragment only.
All the followers of one session in a browser tab share one long poll.
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
// One long poll per session per browser tab, however many live parts the page has: every
// follower of the same URL joins one loop (browsers allow only ~6 open requests per host).
const pause = (ms) => new Promise((done) => setTimeout(done, ms));

async function poll(hub, url, entry) {
  let failures = 0;
  while (entry.members.size) {
    const since = Math.min(...Array.from(entry.members, (m) => m.known));
    let response;
    try {
      response = await fetch(url + "?since=" + since, { cache: "no-store", credentials: "same-origin" });
    } catch (error) {
      failures += 1;
      await pause(Math.min(30000, 500 * 2 ** Math.min(failures, 6)));
      continue;
    }
    if (response.status === 404) { break; }  // no route on this server: the slow timer does the work
    if (response.status === 410) {            // the server no longer knows this page: draw it again
      await pause(3000);
      entry.members.forEach((m) => m.trigger(-1));
      break;
    }
    if (!response.ok) { failures += 1; await pause(Math.min(30000, 500 * 2 ** Math.min(failures, 6))); continue; }
    failures = 0;
    const body = await response.json();
    entry.members.forEach((m) => {
      if (body.v > m.known) { m.known = body.v; m.trigger(body.v); }
    });
  }
  if (hub[url] === entry) { delete hub[url]; }
}

export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  const host = parentElement;
  if (host.__ddLeave) { host.__ddLeave(); }
  const hub = (window.__ddChanges = window.__ddChanges || {});
  let entry = hub[data.url];
  const fresh = !entry;
  if (fresh) { entry = hub[data.url] = { members: new Set() }; }
  const member = { known: Number(data.version), trigger: (v) => setTriggerValue("changed", v) };
  entry.members.add(member);
  host.__ddLeave = () => { entry.members.delete(member); host.__ddLeave = null; };
  if (fresh) { poll(hub, data.url, entry); }
  return () => { if (host.__ddLeave) { host.__ddLeave(); } };
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
