"""What the report says about support: each recommendation's frozen support-check results, per stakeholder group.

Input is `rec["support"]` of an outcome document (`dashboard.services.support.consensus.as_dict`
plus the check's `min_group_size`; group labels added by `read_document`), or None when no closed
check asked about the recommendation. A group below the threshold shows "fewer than k" and dashes,
never a figure, even if a stored result carried one. Percentages are whole numbers, as in the app.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Optional

from db.codes import STAKEHOLDER_TYPES, label

from dashboard.i18n import N_
from dashboard.services.support.consensus import MIN_GROUP_SIZE_FLOOR, flags_of

Translate = Callable[[str], str]

SUPPORT_HEADERS = (N_("Stakeholder group"), N_("Answers"), N_("Support"), N_("Support or can live with it"),
                   N_("Oppose"))
# 16.8 cm like the other tables; "fewer than 3" stays on one line in the Answers column.
SUPPORT_WIDTHS_CM = (6.3, 2.8, 2.1, 3.6, 2.0)
NOT_SCORED = N_("not scored (fewer than two groups shown)")


def percent(share: Optional[float]) -> str:
    """A share of one as a whole percentage ('67%'); a dash when there is none (hidden, or everybody passed)."""
    return "—" if share is None else f"{share * 100:.0f}%"


def consensus_text(score: Optional[float], _: Translate = str) -> str:
    return _(NOT_SCORED) if score is None else f"{score:.2f}"


def min_group_size(support: dict[str, Any]) -> int:
    return support.get("min_group_size") or MIN_GROUP_SIZE_FLOOR


def _row(name: str, group: dict[str, Any], k: int, _: Translate) -> tuple[str, ...]:
    if not group.get("shown"):
        return (name, _("fewer than {count}").format(count=k), "—", "—", "—")
    return (name, str(group["responses"]), percent(group.get("support_share")), percent(group.get("acceptance")),
            percent(group.get("oppose_share")))


def support_rows(support: dict[str, Any], _: Translate = str) -> tuple[tuple[str, ...], ...]:
    """One row per stakeholder group, then the self-declared ones, labelled so."""
    k = min_group_size(support)

    def name(group: dict[str, Any]) -> str:
        return _(group.get("label") or label(STAKEHOLDER_TYPES, group.get("group")))

    return (*(_row(name(g), g, k, _) for g in support.get("groups", [])),
            *(_row(_("{group} (self-declared)").format(group=name(g)), g, k, _)
              for g in support.get("self_declared", [])))


def one_line(text: str) -> str:
    """Text on one line: a heading is one line in Word and in Markdown, a line break would cut it."""
    return " ".join(str(text).split())


def intro(supports: list[dict[str, Any]], _: Translate = str) -> list[str]:
    """What was asked and how to read the figures, one string a paragraph."""
    ks = sorted({min_group_size(s) for s in supports})
    threshold = (_("{count} answers").format(count=ks[0]) if len(ks) == 1
                 else _("{counts} or {last} answers, as set for each check").format(
                     counts=", ".join(map(str, ks[:-1])), last=ks[-1]))
    return [
        _("During the dialogue, participants were asked about draft recommendations in a support check: for each "
          "one, Support, Can live with it, Oppose or Pass. Answers are counted per stakeholder group, never by name; "
          "a group's figures appear only from {threshold} (below that the table says “fewer than …”). "
          "Answers counts everyone who answered, Pass included; the percentages are shares of the other answers."
          ).format(threshold=threshold),
        _("The consensus score is the product, over the groups shown, of each group's smoothed share answering "
          "Support or Can live with it ((yes + 1) / (answers + 2), Pass left out): it is high only when every group "
          "tends to accept, and is not scored when fewer than two groups are shown. Answers from people who joined "
          "with the session's share code are listed as self-declared and are not included in the score."),
        _("This measures support. “Raised by” in section 5 says something else: the stakeholder groups whose "
          "interventions a recommendation draws on."),
    ]


def score_line(support: dict[str, Any], _: Translate = str) -> str:
    """'0.44 · broad support · too few responses from Academia (fewer than 3)'."""
    flags = flags_of(support, min_group_size=min_group_size(support), translate=_)
    return " · ".join([consensus_text(support.get("consensus"), _), *(words for _kind, words in flags)])
