"""The one role table: which pages exist, who may open them, and how the sidebar groups them.

Every page file is listed here explicitly (no folder discovery). The navigation offers a user
only the pages of their roles, and each page reads its own roles from this table as its first
statement (`require_role(*roles_for(__file__))`), so a grant is written in one place.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dashboard.config import ROOT

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
    PageSpec("home.py", "Home", "home", "Overview", ALL, ":material/home:"),
    # -- session setup (sessions, questions, participants) --
    PageSpec("sessions.py", "Sessions", "sessions", "Prepare", STAFF, ":material/event:"),
    PageSpec("questions.py", "Questions & agenda", "questions", "Prepare", STAFF, ":material/quiz:"),
    PageSpec("participants.py", "Participants", "participants", "Prepare", STAFF, ":material/groups:"),
    # -- live dialogue (capture console, live summary, presenter view, what participants follow) --
    PageSpec("live_console.py", "Capture console", "live-console", "Live", ("moderator", "admin"),
             ":material/edit_note:"),
    PageSpec("live_summary.py", "Live summary", "live-summary", "Live", ("moderator", "admin"),
             ":material/monitoring:"),
    PageSpec("presenter.py", "Presenter view", "presenter", "Live", ("moderator", "admin"), ":material/co_present:"),
    PageSpec("support_check.py", "Support check", "support-check", "Live", ("moderator", "admin"),
             ":material/how_to_vote:"),
    PageSpec("follow.py", "Follow the dialogue", "follow", "Live", ALL, ":material/podcasts:"),
    # -- outcomes (recommendations, publishing, takeaways, reports) --
    PageSpec("recommendations.py", "Recommendations", "recommendations", "Outcomes", STAFF, ":material/lightbulb:"),
    PageSpec("publish.py", "Publish", "publish", "Outcomes", STAFF, ":material/publish:"),
    PageSpec("takeaways.py", "Takeaways", "takeaways", "Takeaways", ALL, ":material/checklist:"),
    # -- leadership (trends, follow-up) --
    PageSpec("trends.py", "Trends", "trends", "Leadership", ("leadership", "admin"), ":material/insights:"),
    PageSpec("follow_up.py", "Follow-up", "follow-up", "Leadership", ("leadership", "moderator", "admin"),
             ":material/task_alt:"),
    PageSpec("admin_users.py", "Users", "admin-users", "Administration", ("admin",), ":material/group:"),
    PageSpec("admin_backups.py", "Backups", "admin-backups", "Administration", ("admin",), ":material/backup:"),
)

SECTION_ORDER = ("Overview", "Prepare", "Live", "Outcomes", "Takeaways", "Leadership", "Administration")


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
