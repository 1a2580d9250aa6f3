"""Support by stakeholder group for one recommendation: the moderator's live view, frozen results, takeaways.

Everything is drawn from the JSON-ready form (`consensus.as_dict`) with the report's own row and
number formats (dashboard/reports/support.py), so live, frozen, published and printed results look
the same. Figures of a group below the threshold are never drawn, only "fewer than k".
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import streamlit as st

from dashboard.reports.support import SUPPORT_HEADERS, consensus_text, support_rows
from dashboard.textfmt import escape_md, user_text

CONSENSUS_HELP = ("Product, over the stakeholder groups shown, of each group's smoothed share answering Support or "
                  "Can live with it ((yes + 1) / (answers + 2), Pass left out). High only when every group tends to "
                  "accept; needs at least two groups shown. Self-declared answers are not part of it.")


def flag_badges(flags: Iterable[str]) -> None:
    """The flags as inline badges on one line (our own wording and fixed group labels only)."""
    badges = []
    for flag in flags:
        colour = "green" if flag == "broad support" else "orange" if flag.startswith("divides") else "gray"
        badges.append(f":{colour}-badge[{escape_md(flag)}]")
    if badges:
        st.markdown(" ".join(badges))


def support_block(result: dict[str, Any], min_group_size: int) -> None:
    """Score, flags and the per-group table of one recommendation."""
    st.markdown(f"Consensus score: **{consensus_text(result.get('consensus'))}**", help=CONSENSUS_HELP)
    flag_badges(result.get("flags", []))
    rows = [dict(zip(SUPPORT_HEADERS, row)) for row in support_rows({**result, "min_group_size": min_group_size})]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
    else:
        st.caption("No stakeholder group is registered for this session and nobody answered yet.")


def ordered(results: list[dict[str, Any]], by_consensus: bool) -> list[dict[str, Any]]:
    if not by_consensus:
        return results
    return sorted(results, key=lambda r: (r.get("consensus") is None, -(r.get("consensus") or 0)))


def recommendation_heading(number: int, text: str) -> str:
    return f"**R{number}** {user_text(text)}" if number else f"*(removed since)* {user_text(text)}"
