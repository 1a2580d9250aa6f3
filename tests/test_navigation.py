"""The page table, written out literally as the README shows it.

Pages read their roles from dashboard/navigation.py, so a wrong grant there would reach the
navigation and the page alike; this test holds the intended grants independently.
"""
import pytest

from dashboard.navigation import PAGES, SECTION_ORDER, pages_for, roles_for

A, M, P, L = "admin", "moderator", "participant", "leadership"

# page file -> (section, roles): the README's "Roles and pages" table.
EXPECTED = {
    "home.py": ("Overview", {A, M, P, L}),
    "sessions.py": ("Prepare", {A, M}),
    "questions.py": ("Prepare", {A, M}),
    "participants.py": ("Prepare", {A, M}),
    "live_console.py": ("Live", {A, M}),
    "live_summary.py": ("Live", {A, M}),
    "presenter.py": ("Live", {A, M}),
    "support_check.py": ("Live", {A, M}),
    "follow.py": ("Live", {A, M, P, L}),
    "recommendations.py": ("Outcomes", {A, M}),
    "publish.py": ("Outcomes", {A, M}),
    "takeaways.py": ("Takeaways", {A, M, P, L}),
    "trends.py": ("Leadership", {A, L}),
    "follow_up.py": ("Leadership", {A, M, L}),
    "admin_users.py": ("Administration", {A}),
    "admin_backups.py": ("Administration", {A}),
}


def test_the_page_table_grants_exactly_what_the_readme_says():
    actual = {spec.file: (spec.section, set(spec.roles)) for spec in PAGES}
    assert actual == EXPECTED


@pytest.mark.parametrize("role", [A, M, P, L])
def test_each_role_is_offered_exactly_its_pages(role):
    offered = {spec.file for group in pages_for([role]).values() for spec in group}
    assert offered == {page for page, (_, roles) in EXPECTED.items() if role in roles}


def test_sections_come_in_the_sidebar_order():
    sections = list(pages_for([A, M, P, L]))
    assert sections == [s for s in SECTION_ORDER if s in sections]


def test_roles_for_reads_the_table_by_file_name():
    assert set(roles_for("/anywhere/pages/trends.py")) == {A, L}
    with pytest.raises(LookupError):
        roles_for("pages/not_a_page.py")
