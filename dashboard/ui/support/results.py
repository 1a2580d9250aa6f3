"""Support by stakeholder group for one recommendation: the moderator's live view, frozen results, takeaways.

Everything is drawn from the JSON-ready form (`consensus.as_dict`), so live, frozen and published
results look the same. Figures of a group below the threshold are never drawn, only "fewer than k".
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Optional

import streamlit as st

from db.codes import STAKEHOLDER_TYPES
from dashboard.textfmt import escape_md

CONSENSUS_HELP = ("Product, over the stakeholder groups shown, of each group's smoothed share answering Support or "
                  "Can live with it ((yes + 1) / (answers + 2), Pass left out). High only when every group tends to "
                  "accept; needs at least two groups shown. Self-declared answers are not part of it.")


def group_label(code: str) -> str:
    return STAKEHOLDER_TYPES.get(code, code)


def percent(share: Optional[float]) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


def consensus_text(score: Optional[float]) -> str:
    return "not scored (fewer than two groups shown)" if score is None else f"{score:.2f}"


def _row(label: str, group: dict[str, Any], min_group_size: int) -> dict[str, str]:
    if not group.get("shown"):
        return {"Stakeholder group": label, "Answers": f"fewer than {min_group_size}", "Support": "—",
                "Support or can live with it": "—", "Oppose": "—"}
    return {"Stakeholder group": label, "Answers": str(group["responses"]),
            "Support": percent(group["support_share"]),
            "Support or can live with it": percent(group["acceptance"]), "Oppose": percent(group["oppose_share"])}


def table_rows(result: dict[str, Any], min_group_size: int) -> list[dict[str, str]]:
    rows = [_row(group_label(g["group"]), g, min_group_size) for g in result.get("groups", [])]
    rows += [_row(f"{group_label(g['group'])} (self-declared)", g, min_group_size)
             for g in result.get("self_declared", [])]
    return rows


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
    rows = table_rows(result, min_group_size)
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
    else:
        st.caption("No stakeholder group is registered for this session and nobody answered yet.")


def ordered(results: list[dict[str, Any]], by_consensus: bool) -> list[dict[str, Any]]:
    if not by_consensus:
        return results
    return sorted(results, key=lambda r: (r.get("consensus") is None, -(r.get("consensus") or 0)))


def recommendation_heading(number: int, text: str) -> str:
    return f"**R{number}** {escape_md(text)}" if number else f"*(removed since)* {escape_md(text)}"
