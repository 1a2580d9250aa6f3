"""Keyboard focus is always visible on our controls (WCAG 2.4.7, and 2.4.11's 2 px ring).

Tab through a page as a keyboard user would; at each stop inside our content, the focused control
or the box around it must draw an outline at least 2 px wide. Streamlit's own parts (the data
grid's toolbar and canvas, heading anchor links, component frames, the main region itself) are
the framework's and only listed in docs/accessibility.md.
"""
from __future__ import annotations

import pytest

from tests.e2e.conftest import login, screenshot, wait_idle

pytestmark = pytest.mark.e2e

# The focused element, whether it is ours, and the widest outline on it or its 4 nearest ancestors.
_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const ours = !!el.closest('[data-testid="stMain"]') && el.getAttribute('data-testid') !== 'stMain'
    && el.tagName !== 'IFRAME' && el.tagName !== 'CANVAS'
    && !el.closest('[data-testid="stElementToolbar"], [data-testid="stHeaderActionElements"]');
  let widest = 0, node = el;
  for (let i = 0; i < 5 && node; i++, node = node.parentElement) {
    const s = getComputedStyle(node);
    if (s.outlineStyle !== 'none') widest = Math.max(widest, parseFloat(s.outlineWidth) || 0);
  }
  const name = (el.getAttribute('aria-label') || el.innerText || el.getAttribute('placeholder') || el.tagName);
  return {ours, widest, name: name.replace(/\\s+/g, ' ').slice(0, 60)};
}"""

PAGES = [
    ("moderator", "live-console", 24),
    ("participant", "follow", 12),
    ("participant", "takeaways", 12),
]


@pytest.mark.parametrize(("role", "url_path", "stops"), PAGES)
def test_every_control_of_ours_shows_where_the_focus_is(page, live_server, role, url_path, stops):
    login(page, live_server.url, role)
    page.goto(f"{live_server.url}/{url_path}")
    wait_idle(page, settle_ms=1500)
    page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').focus()")
    seen, hidden = [], []
    for _ in range(stops):
        page.keyboard.press("Tab")
        page.wait_for_timeout(60)
        info = page.evaluate(_FOCUS)
        if not info or not info["ours"]:
            continue
        seen.append(info["name"])
        if info["widest"] < 2:
            hidden.append(info["name"])
    screenshot(page, f"keyboard_focus_{url_path}")
    assert seen, f"Tab never reached a control of ours on {url_path}"
    assert hidden == [], f"no visible focus on {hidden} ({url_path})"
