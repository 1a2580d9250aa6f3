"""Support by stakeholder group for one recommendation: the moderator's live view, frozen results, takeaways.

Everything is drawn from the JSON-ready form (`consensus.as_dict`) with the report's own row and
number formats (dashboard/reports/support.py), so live, frozen, published and printed results look
the same. Figures of a group below the threshold are never drawn, only "fewer than k". The words
(headers, "fewer than k", flags) are in the reader's language; the figures are the report's.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Optional

import streamlit as st
from babel.numbers import format_decimal

from dashboard.i18n import N_
from dashboard.reports.support import SUPPORT_HEADERS, min_group_size as support_k, support_rows
from dashboard.services.support.consensus import flags_of
from dashboard.textfmt import escape_md, user_text
from dashboard.ui.language import _, current, label
from db.codes import STAKEHOLDER_TYPES

CONSENSUS_HELP = N_("Product, over the stakeholder groups shown, of each group's smoothed share answering Support or "
                    "Can live with it ((yes + 1) / (answers + 2), Pass left out). High only when every group tends to "
                    "accept; needs at least two groups shown. Self-declared answers are not part of it.")
NOT_SCORED = N_("not scored (fewer than two groups shown)")
# The report's column headers (dashboard/reports/support.py SUPPORT_HEADERS), marked for the catalogs.
HEADERS = (N_("Stakeholder group"), N_("Answers"), N_("Support"), N_("Support or can live with it"), N_("Oppose"))
_COLOURS = {"broad": "green", "divides": "orange"}


def consensus_text(score: Optional[float]) -> str:
    """The consensus score as the report writes it (two decimals), in the reader's language."""
    return _(NOT_SCORED) if score is None else format_decimal(score, format="0.00", locale=current())


def flag_badges(flags: Iterable[tuple[str, str]]) -> None:
    """The flags, (kind, words) from `consensus.flags_of`, as inline badges on one line (our own wording and fixed
    group labels only)."""
    badges = [f":{_COLOURS.get(kind, 'gray')}-badge[{escape_md(text)}]" for kind, text in flags]
    if badges:
        st.markdown(" ".join(badges))


def translated_flags(result: dict[str, Any], min_group_size: int) -> list[str]:
    """The result's flags in the reader's language."""
    return [text for _kind, text in flags_of(result, min_group_size=min_group_size, translate=_)]


def _rows(result: dict[str, Any]) -> list[dict[str, str]]:
    """The report's per-group rows (support_rows), their words in the reader's language."""
    headers = [_(h) for h in SUPPORT_HEADERS]
    k = support_k(result)
    fewer = f"fewer than {k}"
    groups = [*((g, False) for g in result.get("groups", [])), *((g, True) for g in result.get("self_declared", []))]
    out = []
    for (group, declared), row in zip(groups, support_rows(result)):
        name = label(STAKEHOLDER_TYPES, group.get("group")) if group.get("group") else _(row[0])
        if declared:
            name = _("{group} (self-declared)").format(group=name)
        cells = [name, _("fewer than {count}").format(count=k) if row[1] == fewer else row[1], *row[2:]]
        out.append(dict(zip(headers, cells)))
    return out


def support_block(result: dict[str, Any], min_group_size: int) -> None:
    """Score, flags and the per-group table of one recommendation."""
    st.markdown(_("Consensus score: **{score}**").format(score=consensus_text(result.get("consensus"))),
                help=_(CONSENSUS_HELP))
    flag_badges(flags_of(result, min_group_size=min_group_size, translate=_))
    rows = _rows({**result, "min_group_size": min_group_size})
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
    else:
        st.caption(_("No stakeholder group is registered for this session and nobody answered yet."))


def ordered(results: list[dict[str, Any]], by_consensus: bool) -> list[dict[str, Any]]:
    if not by_consensus:
        return results
    return sorted(results, key=lambda r: (r.get("consensus") is None, -(r.get("consensus") or 0)))


def recommendation_heading(number: int, text: str) -> str:
    return f"**R{number}** {user_text(text)}" if number else f"*{_('(removed since)')}* {user_text(text)}"
