"""The support maths, worked by hand."""
import pytest

from dashboard.services.support.consensus import (
    Tally,
    consensus_score,
    group_figures,
    recommendation_support,
)


def test_a_hand_worked_example():
    # Industry: 4 support, 1 can live with it, 0 oppose, 1 pass -> 5 answered, 5 accept.
    # Civil society: 1 support, 1 can live with it, 2 oppose -> 4 answered, 2 accept.
    # Academia: 2 answers only -> hidden (threshold 3), not in the score.
    result = recommendation_support(
        7, {"industry": Tally(4, 1, 0, 1), "civil_society": Tally(1, 1, 2, 0), "academia": Tally(2, 0, 0, 0)},
        {}, min_group_size=3)
    by = {g.group: g for g in result.groups}
    industry, civil = by["industry"], by["civil_society"]
    assert industry.support_share == pytest.approx(4 / 5)
    assert industry.acceptance == pytest.approx(1.0)
    assert industry.smoothed == pytest.approx(6 / 7)  # (5 + 1) / (5 + 2)
    assert civil.support_share == pytest.approx(1 / 4)
    assert civil.oppose_share == pytest.approx(2 / 4)
    assert civil.smoothed == pytest.approx(3 / 6)  # (2 + 1) / (4 + 2)
    assert result.consensus == pytest.approx(6 / 7 * 1 / 2)  # 0.4286
    assert not by["academia"].shown and by["academia"].support is None and by["academia"].responses is None
    assert "divides groups (Civil society opposes)" in result.flags
    assert "too few responses from Academia (fewer than 3)" in result.flags
    assert "broad support" not in result.flags
    assert result.responses == 6 + 4 + 2


def test_broad_support_needs_every_shown_group_to_accept():
    result = recommendation_support(1, {"industry": Tally(3, 0, 0, 0), "youth": Tally(2, 1, 0, 0),
                                        "member_state": Tally(2, 2, 0, 0)}, {}, min_group_size=3)
    assert result.flags == ("broad support",)
    assert result.consensus == pytest.approx((4 / 5) * (4 / 5) * (5 / 6))


def test_one_group_is_not_a_cross_group_view():
    result = recommendation_support(1, {"industry": Tally(5, 0, 0, 0)}, {}, min_group_size=3)
    assert result.consensus is None
    assert "broad support" not in result.flags


@pytest.mark.parametrize("k", [3, 4, 5])
def test_the_threshold_hides_every_figure_below_it(k):
    below = group_figures("youth", Tally(k - 1, 0, 0, 0), k)
    at = group_figures("youth", Tally(k, 0, 0, 0), k)
    assert not below.shown and below.support is None and below.smoothed is None
    assert at.shown and at.support == k


def test_a_threshold_under_three_is_refused():
    with pytest.raises(ValueError):
        recommendation_support(1, {}, {}, min_group_size=2)


def test_registered_groups_with_no_answer_are_flagged_and_self_declared_never_score():
    result = recommendation_support(1, {"industry": Tally(3, 0, 0, 0), "academia": Tally(3, 0, 0, 0)},
                                    {"youth": Tally(0, 0, 9, 0)}, min_group_size=3, expected_groups=["youth"])
    assert [g.group for g in result.groups] == ["industry", "academia", "youth"]
    assert "too few responses from Children and youth representatives (fewer than 3)" in result.flags
    assert result.consensus == pytest.approx((4 / 5) ** 2)  # the self-declared opposition does not count
    assert result.self_declared[0].oppose == 9 and result.self_declared_responses == 9


def test_everybody_passing_gives_no_share_but_counts_as_answers():
    figures = group_figures("industry", Tally(0, 0, 0, 4), 3)
    assert figures.shown and figures.responses == 4 and figures.support_share is None
    assert figures.smoothed == pytest.approx(1 / 2)
    assert consensus_score([figures, figures]) == pytest.approx(1 / 4)
