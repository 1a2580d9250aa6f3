"""The one role table: which pages exist, who may open them, and how the sidebar groups them.

Every page file is listed here explicitly (no folder discovery). The navigation offers a user
only the pages of their roles, and each page reads its own roles from this table as its first
statement (`require_role(*roles_for(__file__))`), so a grant is written in one place.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dashboard.config import ROOT
from dashboard.i18n import N_

PAGES_DIR = ROOT / "pages"
ALL = ("admin", "moderator", "participant", "leadership")
STAFF = ("admin", "moderator")


@dataclass(frozen=True)
class PageSpec:
    file: str  # file name under pages/
    title: str
    url_path: str
    section: str
    roles: tuple[str, ...]
    icon: str = ":material/article:"

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.file


PAGES: tuple[PageSpec, ...] = (
    PageSpec("home.py", N_("Home"), "home", N_("Overview"), ALL, ":material/home:"),
    # -- session setup (sessions, questions, participants) --
    PageSpec("sessions.py", N_("Sessions"), "sessions", N_("Prepare"), STAFF, ":material/event:"),
    PageSpec("questions.py", N_("Questions & agenda"), "questions", N_("Prepare"), STAFF, ":material/quiz:"),
    PageSpec("participants.py", N_("Participants"), "participants", N_("Prepare"), STAFF, ":material/groups:"),
    # -- live dialogue (capture console, live summary, presenter view, what participants follow) --
    PageSpec("live_console.py", N_("Capture console"), "live-console", N_("Live"), ("moderator", "admin"),
             ":material/edit_note:"),
    PageSpec("live_summary.py", N_("Live summary"), "live-summary", N_("Live"), ("moderator", "admin"),
             ":material/monitoring:"),
    PageSpec("presenter.py", N_("Presenter view"), "presenter", N_("Live"), ("moderator", "admin"), ":material/co_present:"),
    PageSpec("support_check.py", N_("Support check"), "support-check", N_("Live"), ("moderator", "admin"),
             ":material/how_to_vote:"),
    PageSpec("follow.py", N_("Follow the dialogue"), "follow", N_("Live"), ALL, ":material/podcasts:"),
    # -- outcomes (recommendations, publishing, takeaways, reports) --
    PageSpec("recommendations.py", N_("Recommendations"), "recommendations", N_("Outcomes"), STAFF, ":material/lightbulb:"),
    PageSpec("publish.py", N_("Publish"), "publish", N_("Outcomes"), STAFF, ":material/publish:"),
    PageSpec("takeaways.py", N_("Takeaways"), "takeaways", N_("Takeaways"), ALL, ":material/checklist:"),
    # -- leadership (trends, follow-up) --
    PageSpec("trends.py", N_("Trends"), "trends", N_("Leadership"), ("leadership", "admin"), ":material/insights:"),
    PageSpec("follow_up.py", N_("Follow-up"), "follow-up", N_("Leadership"), ("leadership", "moderator", "admin"),
             ":material/task_alt:"),
    PageSpec("admin_users.py", N_("Users"), "admin-users", N_("Administration"), ("admin",), ":material/group:"),
    PageSpec("admin_backups.py", N_("Backups"), "admin-backups", N_("Administration"), ("admin",), ":material/backup:"),
)

SECTION_ORDER = (N_("Overview"), N_("Prepare"), N_("Live"), N_("Outcomes"), N_("Takeaways"), N_("Leadership"),
                 N_("Administration"))


def pages_for(roles: tuple[str, ...] | list[str]) -> dict[str, list[PageSpec]]:
    """The pages a user with these roles may open, grouped by section in display order."""
    held = set(roles)
    grouped: dict[str, list[PageSpec]] = {}
    for spec in PAGES:
        if held & set(spec.roles):
            grouped.setdefault(spec.section, []).append(spec)
    order = {name: i for i, name in enumerate(SECTION_ORDER)}
    return dict(sorted(grouped.items(), key=lambda kv: order.get(kv[0], len(order))))


def roles_for(page_file: str) -> tuple[str, ...]:
    """The roles that may open a page, by its file (a page passes its own ``__file__``)."""
    name = Path(page_file).name
    for spec in PAGES:
        if spec.file == name:
            return spec.roles
    raise LookupError(f"{name} is not in the page table (dashboard/navigation.py)")
