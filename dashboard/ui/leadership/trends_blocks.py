"""What the Trends page shows: its tabs, and in each one the charts with their titles, captions and empty states.

Each tab is one subject of `dashboard.services.leadership.trends` (SUBJECTS); each block draws
one of that subject's frames with a chart from `dashboard.charts.trends`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import altair as alt
import pandas as pd

from dashboard.charts import trends as charts
from dashboard.services.leadership.trends_recommendations import TOO_EARLY_DAYS
from dashboard.services.support.consensus import OPPOSES_SHARE

NO_RECS = "No recommendations for these filters."
NO_THEMES = "No theme tags on the interventions for these filters."
NO_CHECKS = ("No support check was closed in these sessions: these figures come from the results frozen when a "
             "check closes.")


@dataclass(frozen=True)
class Block:
    tab: str
    title: str
    frame: str  # the frame it draws: a TrendReport attribute, one of its subject's (SUBJECTS)
    draw: Callable[[pd.DataFrame], alt.Chart]
    empty: str
    caption: str = ""


BLOCKS = (
    Block("Participation", "Participants per session, by stakeholder group", "participation",
          charts.participation_by_group, "No attendance recorded for these sessions and groups."),
    Block("Participation", "Share of each group over time", "participation", charts.participation_share,
          "No attendance recorded for these sessions and groups.",
          "Each session's participants split by group (of the groups selected in the filters)."),
    Block("Interventions", "Interventions per session, by stakeholder group", "interventions",
          charts.interventions_by_group, "No interventions captured for these filters."),
    Block("Interventions", "Speaking time per group", "speaking_time", charts.speaking_time_by_group,
          "No speaking time was captured for these interventions.",
          "Only interventions whose speaking time was captured count; the tooltip shows how many were timed."),
    Block("Themes", "Themes over sessions", "theme_heatmap", charts.themes_heatmap, NO_THEMES),
    Block("Themes", "Top recurring themes", "top_themes", charts.top_themes, NO_THEMES,
          "The ten themes raised in the most sessions: bar length is the number of sessions, ties go to the "
          "theme mentioned more often (mentions in the tooltip). The table lists every theme."),
    Block("Recommendations", "Recommendations by addressee", "recs_by_addressee",
          charts.recommendations_by_addressee, NO_RECS),
    Block("Recommendations", "Recommendations by theme", "recs_by_theme", charts.recommendations_by_theme,
          "No theme tags on the recommendations for these filters."),
    Block("Recommendations", "Follow-up status per session", "recs_by_status", charts.recommendations_by_status,
          NO_RECS),
    Block("Implementation", "Implementation rate per session", "rates_by_session",
          charts.implementation_rate_by_session, NO_RECS,
          f"Implemented ÷ all the session's recommendations (n in the tooltip and table), and accepted, in progress "
          f"or implemented ÷ all. Sessions held less than {TOO_EARLY_DAYS} days ago are shaded grey, "
          f"“too early”: their recommendations have not had time to be acted on, so no share is drawn."),
    Block("Implementation", "Implementation rate per sector", "rates_by_sector",
          charts.implementation_rate_by_sector, NO_RECS,
          f"The same shares over each sector's sessions held at least {TOO_EARLY_DAYS} days ago; recommendations "
          f"of more recent sessions are counted apart in the table (“too early”)."),
    Block("Support checks", "Broad support per session", "support_by_session", charts.broad_support_by_session,
          NO_CHECKS,
          "Recommendations whose latest closed support check found broad support (at least two groups shown, each "
          "with two thirds or more supporting or able to live with it) ÷ all recommendations put to a closed "
          "check, n in the tooltip and table; a session with no closed check reads “no support check”, never 0 %."),
    Block("Support checks", "Which groups oppose most often", "support_opposition", charts.groups_opposing,
          "No stakeholder group was shown on a closed support check for these filters (a group is shown from the "
          "check's minimum number of answers).",
          f"For each stakeholder group, the recommendations it opposed (at least {OPPOSES_SHARE:.0%} of its "
          f"answers Oppose) ÷ those where its figures were shown, that is where at least the check's minimum "
          f"number of its members answered: a group with fewer answers is hidden and never counted."),
    Block("Support checks", "Participation in support checks by group", "support_respondents",
          charts.support_respondents, "Nobody answered a closed support check in these sessions.",
          "People (not answers) who answered a closed check, per session and group: registered participants "
          "under their registered group, and those admitted by the share code, under the group they declared, "
          "as a separate paler “self-declared” bar."),
)


TABS = tuple(dict.fromkeys(b.tab for b in BLOCKS))  # in the order of their tabs
SUBJECT_OF_TAB = {tab: tab.lower().replace(" ", "_") for tab in TABS}  # the service's subject behind each tab
