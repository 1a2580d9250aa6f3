"""What the Trends page shows: its tabs, and in each one the charts with their titles, captions and empty states.

Each tab is one subject of `dashboard.services.leadership.trends` (SUBJECTS); each block draws
one of that subject's frames with a chart from `dashboard.charts.trends`. Tab names, titles,
captions and empty states are English messages (`N_`), translated where they are shown; a
caption may name `{days}` (TOO_EARLY_DAYS) and `{share}` (OPPOSES_SHARE), filled in then.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import altair as alt

from dashboard.charts import trends as charts
from dashboard.i18n import N_
from dashboard.services.leadership.trends_recommendations import TOO_EARLY_DAYS
from dashboard.services.support.consensus import OPPOSES_SHARE

__all__ = ["BLOCKS", "Block", "OPPOSES_SHARE", "SUBJECT_OF_TAB", "TABS", "TOO_EARLY_DAYS"]

NO_RECS = N_("No recommendations for these filters.")
NO_THEMES = N_("No theme tags on the interventions for these filters.")
NO_ATTENDANCE = N_("No attendance recorded for these sessions and groups.")
NO_CHECKS = N_("No support check was closed in these sessions: these figures come from the results frozen when a "
               "check closes.")
PARTICIPATION, INTERVENTIONS, THEMES = N_("Participation"), N_("Interventions"), N_("Themes")
RECOMMENDATIONS, IMPLEMENTATION, SUPPORT = N_("Recommendations"), N_("Implementation"), N_("Support checks")


@dataclass(frozen=True)
class Block:
    tab: str
    title: str
    frame: str  # the frame it draws: a TrendReport attribute, one of its subject's (SUBJECTS)
    draw: Callable[..., alt.Chart]  # draw(frame, t=translate)
    empty: str
    caption: str = ""


BLOCKS = (
    Block(PARTICIPATION, N_("Participants per session, by stakeholder group"), "participation",
          charts.participation_by_group, NO_ATTENDANCE),
    Block(PARTICIPATION, N_("Share of each group over time"), "participation", charts.participation_share,
          NO_ATTENDANCE,
          N_("Each session's participants split by group (of the groups selected in the filters).")),
    Block(INTERVENTIONS, N_("Interventions per session, by stakeholder group"), "interventions",
          charts.interventions_by_group, N_("No interventions captured for these filters.")),
    Block(INTERVENTIONS, N_("Speaking time per group"), "speaking_time", charts.speaking_time_by_group,
          N_("No speaking time was captured for these interventions."),
          N_("Only interventions whose speaking time was captured count; the tooltip shows how many were timed.")),
    Block(THEMES, N_("Themes over sessions"), "theme_heatmap", charts.themes_heatmap, NO_THEMES),
    Block(THEMES, N_("Top recurring themes"), "top_themes", charts.top_themes, NO_THEMES,
          N_("The ten themes raised in the most sessions: bar length is the number of sessions, ties go to the "
             "theme mentioned more often (mentions in the tooltip). The table lists every theme.")),
    Block(RECOMMENDATIONS, N_("Recommendations by addressee"), "recs_by_addressee",
          charts.recommendations_by_addressee, NO_RECS),
    Block(RECOMMENDATIONS, N_("Recommendations by theme"), "recs_by_theme", charts.recommendations_by_theme,
          N_("No theme tags on the recommendations for these filters.")),
    Block(RECOMMENDATIONS, N_("Follow-up status per session"), "recs_by_status", charts.recommendations_by_status,
          NO_RECS),
    Block(IMPLEMENTATION, N_("Implementation rate per session"), "rates_by_session",
          charts.implementation_rate_by_session, NO_RECS,
          N_("Implemented ÷ all the session's recommendations (n in the tooltip and table), and accepted, in "
             "progress or implemented ÷ all. Sessions held less than {days} days ago are shaded grey, “too early”: "
             "their recommendations have not had time to be acted on, so no share is drawn.")),
    Block(IMPLEMENTATION, N_("Implementation rate per sector"), "rates_by_sector",
          charts.implementation_rate_by_sector, NO_RECS,
          N_("The same shares over each sector's sessions held at least {days} days ago; recommendations of more "
             "recent sessions are counted apart in the table (“too early”).")),
    Block(SUPPORT, N_("Broad support per session"), "support_by_session", charts.broad_support_by_session,
          NO_CHECKS,
          N_("Recommendations whose latest closed support check found broad support (at least two groups shown, "
             "each with two thirds or more supporting or able to live with it) ÷ all recommendations put to a "
             "closed check, n in the tooltip and table; a session with no closed check reads “no support check”, "
             "never 0 %.")),
    Block(SUPPORT, N_("Which groups oppose most often"), "support_opposition", charts.groups_opposing,
          N_("No stakeholder group was shown on a closed support check for these filters (a group is shown from "
             "the check's minimum number of answers)."),
          N_("For each stakeholder group, the recommendations it opposed (at least {share} of its answers Oppose) "
             "÷ those where its figures were shown, that is where at least the check's minimum number of its "
             "members answered: a group with fewer answers is hidden and never counted.")),
    Block(SUPPORT, N_("Participation in support checks by group"), "support_respondents",
          charts.support_respondents, N_("Nobody answered a closed support check in these sessions."),
          N_("People (not answers) who answered a closed check, per session and group: registered participants "
             "under their registered group, and those admitted by the share code, under the group they declared, "
             "as a separate paler “self-declared” bar.")),
)


TABS = tuple(dict.fromkeys(b.tab for b in BLOCKS))  # in the order of their tabs (English messages)
SUBJECT_OF_TAB = {tab: tab.lower().replace(" ", "_") for tab in TABS}  # the service's subject behind each tab
