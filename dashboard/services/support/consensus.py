"""Support per stakeholder group, and a cross-group consensus score (pure functions, no database).

For one recommendation and one declared stakeholder group:
- `answered` counts Support, Can live with it and Oppose; Pass is no opinion and is left out.
- support share = Support / answered; acceptance = (Support + Can live with it) / answered.
- the smoothed acceptance probability is (Support + Can live with it + 1) / (answered + 2), so a
  group of two agreeing people counts for less than a group of twenty.

The **consensus score** is the product of the smoothed acceptance probabilities of every group
whose figures are shown (Pol.is's "group-informed consensus", over declared stakeholder groups
instead of inferred opinion clusters): high only when every group tends to accept. It needs at
least two shown groups; a single group is not a cross-group view.

A group's figures are shown only when at least `min_group_size` (≥ 3) of its members answered,
so no single answer can be read off; below that the group appears as "fewer than k". Answers are
never totalled across groups (a total minus the shown groups would reveal a hidden group's
answers); only how many people answered is given overall.
Self-declared answers (people admitted by the share code) are counted apart and never enter the
score.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from math import prod
from typing import Optional

from db.codes import STAKEHOLDER_TYPES

from dashboard.i18n import AND_PAIR, LIST_PAIR, N_, english as _same, folded

BROAD_ACCEPTANCE = 2 / 3  # every shown group at least this acceptance: "broad support"
OPPOSES_SHARE = 1 / 2  # a shown group with at least this share opposing "opposes"
MIN_GROUP_SIZE_FLOOR = 3
# The flags' wording: kept in English in stored results; read in the reader's language through `flags_of`.
BROAD = N_("broad support")
DIVIDES_ONE = N_("divides groups ({groups} opposes)")
DIVIDES_MANY = N_("divides groups ({groups} oppose)")
TOO_FEW_ONE = N_("too few responses from {groups} (fewer than {count})")
TOO_FEW_MANY = N_("too few responses from {groups} (fewer than {count} each)")



@dataclass(frozen=True)
class Tally:
    support: int = 0
    live_with: int = 0
    oppose: int = 0
    passes: int = 0

    @property
    def responses(self) -> int:
        return self.support + self.live_with + self.oppose + self.passes

    @property
    def answered(self) -> int:
        return self.support + self.live_with + self.oppose

    @classmethod
    def of(cls, answers: Iterable[str]) -> "Tally":
        counts = {"support": 0, "live_with": 0, "oppose": 0, "pass": 0}
        for answer in answers:
            counts[answer] += 1
        return cls(counts["support"], counts["live_with"], counts["oppose"], counts["pass"])


@dataclass(frozen=True)
class GroupFigures:
    group: str  # stakeholder type code
    shown: bool
    responses: Optional[int]  # None when hidden
    support: Optional[int]
    live_with: Optional[int]
    oppose: Optional[int]
    passes: Optional[int]
    support_share: Optional[float]  # None when hidden, or when everybody passed
    acceptance: Optional[float]
    oppose_share: Optional[float]
    smoothed: Optional[float]

    @property
    def label(self) -> str:
        return STAKEHOLDER_TYPES.get(self.group, self.group)


def group_figures(group: str, tally: Tally, min_group_size: int) -> GroupFigures:
    if tally.responses < min_group_size:
        return GroupFigures(group, False, None, None, None, None, None, None, None, None, None)
    answered = tally.answered
    share = (lambda n: n / answered) if answered else (lambda n: None)
    return GroupFigures(
        group, True, tally.responses, tally.support, tally.live_with, tally.oppose, tally.passes,
        share(tally.support), share(tally.support + tally.live_with), share(tally.oppose),
        (tally.support + tally.live_with + 1) / (answered + 2),
    )


def consensus_score(groups: Iterable[GroupFigures]) -> Optional[float]:
    """Product of the shown groups' smoothed acceptance; None with fewer than two shown groups."""
    probabilities = [g.smoothed for g in groups if g.shown and g.smoothed is not None]
    return prod(probabilities) if len(probabilities) >= 2 else None


def flag_parts(groups: Iterable[GroupFigures]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The flags as (kind, group codes): ("broad", ()), ("divides", opposing groups), ("too_few", hidden groups)."""
    groups = list(groups)
    shown = [g for g in groups if g.shown and g.acceptance is not None]
    out: list[tuple[str, tuple[str, ...]]] = []
    if len(shown) >= 2 and all(g.acceptance >= BROAD_ACCEPTANCE for g in shown):
        out.append(("broad", ()))
    opposing = [g for g in shown if (g.oppose_share or 0) >= OPPOSES_SHARE]
    accepting = [g for g in shown if (g.acceptance or 0) >= 0.5 and g not in opposing]
    if opposing and accepting:
        out.append(("divides", tuple(g.group for g in opposing)))
    hidden = tuple(g.group for g in groups if not g.shown)
    if hidden:
        out.append(("too_few", hidden))
    return tuple(out)


def flag_text(kind: str, codes: tuple[str, ...], min_group_size: int,
              translate: Callable[[str], str] = _same) -> str:
    """One flag in words (`translate`: English message -> the reader's language)."""
    names = [translate(STAKEHOLDER_TYPES.get(c, c)) for c in codes]
    if kind == "broad":
        return translate(BROAD)
    if kind == "divides":
        pattern = DIVIDES_MANY if len(names) > 1 else DIVIDES_ONE
        return translate(pattern).format(groups=folded(names, AND_PAIR, translate))
    pattern = TOO_FEW_MANY if len(names) > 1 else TOO_FEW_ONE
    return translate(pattern).format(groups=folded(names, LIST_PAIR, translate), count=min_group_size)


def flags(groups: Iterable[GroupFigures], *, min_group_size: int,
          translate: Callable[[str], str] = _same) -> tuple[str, ...]:
    """Plain-language flags: broad support, divides groups (X opposes), too few responses from X."""
    return tuple(flag_text(kind, codes, min_group_size, translate) for kind, codes in flag_parts(groups))


def _stored_kind(flag: str) -> str:
    return ("broad" if flag == BROAD else "divides" if flag.startswith("divides") else
            "too_few" if flag.startswith("too few") else "other")


def flags_of(result: Mapping, *, min_group_size: int,
             translate: Callable[[str], str] = _same) -> tuple[tuple[str, str], ...]:
    """(kind, words) of each flag of a JSON-ready result (`as_dict`, live or frozen), in the reader's language.

    The flags are worked out again from the stored group figures; when that does not give the stored
    (English) flags, e.g. a result frozen under another rule, the stored ones are shown as they are.
    """
    groups = [GroupFigures(str(g.get("group")), bool(g.get("shown")), g.get("responses"), g.get("support"),
                           g.get("live_with"), g.get("oppose"), g.get("passes"), g.get("support_share"),
                           g.get("acceptance"), g.get("oppose_share"), None)
              for g in result.get("groups", [])]
    parts = flag_parts(groups)
    stored = [str(f) for f in result.get("flags", [])]
    if [flag_text(kind, codes, min_group_size) for kind, codes in parts] != stored:
        return tuple((_stored_kind(f), f) for f in stored)
    return tuple((kind, flag_text(kind, codes, min_group_size, translate)) for kind, codes in parts)


@dataclass(frozen=True)
class RecommendationSupport:
    recommendation_id: int
    groups: tuple[GroupFigures, ...]  # registered answers, every expected or answering group
    self_declared: tuple[GroupFigures, ...]  # admitted by the share code; never in the score
    consensus: Optional[float]
    flags: tuple[str, ...]
    responses: int  # registered answers (a count of people, never of what they said)
    self_declared_responses: int


def _order(codes: Iterable[str]) -> list[str]:
    order = {code: i for i, code in enumerate(STAKEHOLDER_TYPES)}
    return sorted(set(codes), key=lambda c: (order.get(c, len(order)), c))


def recommendation_support(recommendation_id: int, registered: Mapping[str, Tally],
                           self_declared: Mapping[str, Tally], *, min_group_size: int,
                           expected_groups: Iterable[str] = ()) -> RecommendationSupport:
    """Everything shown about one recommendation's support, from per-group tallies."""
    if min_group_size < MIN_GROUP_SIZE_FLOOR:
        raise ValueError(f"min_group_size must be at least {MIN_GROUP_SIZE_FLOOR}")
    groups = tuple(group_figures(g, registered.get(g, Tally()), min_group_size)
                   for g in _order([*registered, *expected_groups]))
    declared = tuple(group_figures(g, t, min_group_size) for g, t in
                     ((g, self_declared[g]) for g in _order(self_declared)))
    return RecommendationSupport(
        recommendation_id, groups, declared, consensus_score(groups), flags(groups, min_group_size=min_group_size),
        sum(t.responses for t in registered.values()), sum(t.responses for t in self_declared.values()),
    )


def as_dict(result: RecommendationSupport) -> dict:
    """JSON-ready (frozen results, publications): groups as plain dicts, by code (labels are added when read)."""
    def group(g: GroupFigures) -> dict:
        return {"group": g.group, "shown": g.shown, "responses": g.responses,
                "support": g.support, "live_with": g.live_with, "oppose": g.oppose, "passes": g.passes,
                "support_share": g.support_share, "acceptance": g.acceptance, "oppose_share": g.oppose_share}

    return {"recommendation_id": result.recommendation_id, "groups": [group(g) for g in result.groups],
            "self_declared": [group(g) for g in result.self_declared], "consensus": result.consensus,
            "flags": list(result.flags), "responses": result.responses,
            "self_declared_responses": result.self_declared_responses}
