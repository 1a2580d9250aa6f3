"""Journey: a participant joins by personal link on a phone, follows the question, writes in, answers the
support check (mouse and keyboard), and reads the published support table. The moderator makes the links,
accepts the input, opens and closes the check. The database is checked after each step.

Only ADDS data to the shared demo server: a live session of its own, dated in the past.
"""
import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from dashboard.services.audit import SYSTEM
from dashboard.services.live.clock import list_question_refs, set_current_question
from dashboard.services.outcomes.publication import close_session, publish_session
from dashboard.services.outcomes.recommendations import create_recommendation
from dashboard.services.support import checks, join_links
from db.models import (Attendance, DialogueSession, Intervention, JoinLink, Part, Person, Question, SupportCheck,
                       SupportResponse, User, WrittenContribution)
from db.session import session_scope
from tests.e2e.conftest import assert_no_exception, goto_page, login, wait_idle

pytestmark = pytest.mark.e2e

GROUPS = ("industry", "civil_society", "member_state")


@pytest.fixture
def support_session(live_server):
    tag = uuid.uuid4().hex[:6]
    with session_scope(live_server.database_url) as s:
        ds = DialogueSession(title=f"E2E support check {tag}", sector_focus="streaming", status="live",
                             scheduled_start=datetime(2020, 3, 1, 9, 0, tzinfo=timezone.utc))
        s.add(ds)
        s.flush()
        part = Part(session_id=ds.id, position=1, title="Part 1", objective="Agree what platforms should do.")
        s.add(part)
        s.flush()
        for i, text in enumerate(("Which defaults protect young streamers?", "Who should act first?"), start=1):
            s.add(Question(session_id=ds.id, part_id=part.id, position=i, text=text))
        s.flush()
        people = {}
        for group in GROUPS:
            for n in range(3):
                person = Person(name=f"{group} voter {n} {tag}", stakeholder_type=group,
                                email=f"{group}{n}.{tag}@example.org")
                s.add(person)
                s.flush()
                s.add(Attendance(session_id=ds.id, person_id=person.id, stakeholder_type=group))
                people[(group, n)] = person.id
        s.flush()
        moderator = s.scalars(select(User).where(User.username == "moderator")).one()
        actor = SYSTEM
        recs = [create_recommendation(s, session_id=ds.id, actor=actor, text=text).id for text in (
            f"Private-by-default accounts for under-18 streamers {tag}",
            f"A shared incident-reporting format for livestreamed abuse {tag}")]
        questions = [q.id for q in list_question_refs(s, session_id=ds.id)]
        set_current_question(s, session_id=ds.id, question_id=questions[0], actor=actor)
        return {"id": ds.id, "tag": tag, "people": people, "recs": recs, "questions": questions,
                "moderator": moderator.id}


def _links(url: str, sid: int) -> dict[int, str]:
    """Registration person id -> current token."""
    with session_scope(url) as s:
        rows = s.execute(select(Attendance.person_id, JoinLink.token).join(JoinLink, JoinLink.attendance_id == Attendance.id)
                         .where(JoinLink.session_id == sid, JoinLink.revoked_at.is_(None))).all()
    return dict(rows)


def _answers(url: str, user_id: int) -> dict[int, str]:
    with session_scope(url) as s:
        return {r.recommendation_id: r.answer for r in s.scalars(select(SupportResponse)
                                                                 .where(SupportResponse.user_id == user_id))}


def test_a_participant_joins_by_link_writes_in_answers_and_reads_the_support_table(browser, live_server,
                                                                                    support_session):
    url, db_url, sid = live_server.url, live_server.database_url, support_session["id"]
    recs, tag = support_session["recs"], support_session["tag"]
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    desk = browser.new_context(viewport={"width": 1400, "height": 1100})
    try:
        moderator, participant = desk.new_page(), phone.new_page()
        for page in (moderator, participant):
            page.set_default_timeout(30_000)
        login(moderator, url, "moderator")

        # 1. The moderator makes a personal link for each of the 9 registrations.
        goto_page(moderator, url, f"participants?session={sid}", "Join links")
        moderator.get_by_role("tab", name="Join links").click()
        wait_idle(moderator)
        moderator.get_by_role("button", name="Make personal links for everyone").click()
        moderator.get_by_text("Made 9 personal links", exact=False).first.wait_for()
        tokens = _links(db_url, sid)
        assert len(tokens) == 9 and len(set(tokens.values())) == 9

        # 2. Industry voter 0 opens their link on a phone, never having logged in: the current question shows.
        me = support_session["people"][("industry", 0)]
        participant.goto(f"{url}/follow?join={tokens[me]}")
        participant.get_by_text("Which defaults protect young streamers?").first.wait_for()
        with session_scope(db_url) as s:
            link = s.scalars(select(JoinLink).where(JoinLink.token == tokens[me])).one()
            guest = s.get(User, link.user_id)
            assert link.last_used_at is not None
            assert (guest.is_guest, guest.roles, guest.person_id) == (True, ["participant"], me)
            my_user = guest.id

        # 3. The moderator moves to the next question: the phone follows without a reload.
        with session_scope(db_url) as s:
            set_current_question(s, session_id=sid, question_id=support_session["questions"][1], actor=SYSTEM)
        participant.get_by_text("Who should act first?").first.wait_for(timeout=15_000)

        # 4. Written input from the phone, accepted on the console: an intervention of the registered group.
        wait_idle(participant)
        participant.get_by_label("Your input").fill(f"Defaults must be private {tag}")
        participant.get_by_role("button", name="Send", exact=True).click()
        participant.get_by_text("Sent to the moderators", exact=False).first.wait_for()
        goto_page(moderator, url, f"live-console?session={sid}", "Written input (1 waiting)")
        row = moderator.locator('[class*="st-key-live_written_row_"]').first
        row.get_by_text(f"Defaults must be private {tag}", exact=False).wait_for()
        wait_idle(moderator)
        row.get_by_role("button", name="Accept").click()
        moderator.get_by_text("Accepted written input as #1", exact=False).first.wait_for()
        with session_scope(db_url) as s:
            [contribution] = s.scalars(select(WrittenContribution).where(WrittenContribution.session_id == sid))
            item = s.get(Intervention, contribution.intervention_id)
            assert (contribution.status, item.channel, item.stakeholder_type, item.person_id) == (
                "accepted", "written", "industry", me)
        participant.get_by_text("Added to the record as #1", exact=False).first.wait_for(timeout=15_000)

        # 5. The moderator opens a support check on both recommendations.
        goto_page(moderator, url, f"support-check?session={sid}", "Open a support check")
        wait_idle(moderator)
        moderator.get_by_role("button", name="Open the support check").click()
        moderator.get_by_text("Support check open", exact=False).first.wait_for()
        with session_scope(db_url) as s:
            [check] = s.scalars(select(SupportCheck).where(SupportCheck.session_id == sid))
            assert check.state == "open" and check.min_group_size == 3
            check_id = check.id

        # 6. The phone shows it by itself. R1 by mouse, R2 by keyboard (first option, then arrow right).
        item1 = participant.locator(f'[class*="st-key-follow_support_item_{check_id}_{recs[0]}"]')
        item2 = participant.locator(f'[class*="st-key-follow_support_item_{check_id}_{recs[1]}"]')
        item1.wait_for(timeout=15_000)
        wait_idle(participant)
        item1.get_by_text("Support", exact=True).click()
        wait_idle(participant, settle_ms=600)
        assert _answers(db_url, my_user) == {recs[0]: "support"}
        item2.get_by_text("Oppose", exact=True).click()
        wait_idle(participant, settle_ms=600)
        assert _answers(db_url, my_user) == {recs[0]: "support", recs[1]: "oppose"}
        item2.get_by_role("radio", name="Oppose").focus()
        participant.keyboard.press("ArrowLeft")
        wait_idle(participant, settle_ms=800)
        assert _answers(db_url, my_user) == {recs[0]: "support", recs[1]: "live_with"}
        participant.get_by_text("Answered 2 of 2", exact=False).first.wait_for()

        # 7. The other eight answer (through the service, as their own phones would); the moderator sees 9.
        for (group, n), person in support_session["people"].items():
            if person == me:
                continue
            with session_scope(db_url) as s:
                uid = join_links.redeem(s, tokens[person]).user_id
                for rec in recs:
                    checks.answer(s, session_id=sid, check_id=check_id, recommendation_id=rec, user_id=uid,
                                  answer="oppose" if group == "civil_society" and rec == recs[1] else "support")
        moderator.get_by_text("9 people have answered so far", exact=False).first.wait_for(timeout=10_000)

        # 8. Closed and frozen: the phone says so; a late answer changes nothing.
        wait_idle(moderator)
        moderator.get_by_role("button", name="Close the check and freeze the results").click()
        moderator.get_by_text("Support check closed", exact=False).first.wait_for()
        with session_scope(db_url) as s:
            check = s.get(SupportCheck, check_id)
            assert check.state == "closed" and check.results is not None
            frozen = check.results[str(recs[1])]
            assert {g["group"]: (g["support"], g["live_with"], g["oppose"]) for g in frozen["groups"]} == {
                "industry": (2, 1, 0), "civil_society": (0, 0, 3), "member_state": (3, 0, 0)}
            assert s.scalar(select(func.count()).select_from(SupportResponse)
                            .where(SupportResponse.check_id == check_id)) == 18
        participant.get_by_text("The support check has closed", exact=False).first.wait_for(timeout=15_000)

        # 9. Published: the participant reads the support table on Takeaways (group figures, no names).
        with session_scope(db_url) as s:
            close_session(s, sid, actor=SYSTEM)
            publish_session(s, sid, actor=SYSTEM)
        # A reload ends the browser session, so the participant opens their link again, on Takeaways.
        goto_page(participant, url, f"takeaways?session={sid}&join={tokens[me]}", "Support check")
        participant.get_by_text("divides groups (Civil society opposes)", exact=False).first.wait_for()
        body = participant.inner_text("body").lower()
        # Only the participant's own name (in their sidebar) appears: no other voter's.
        assert "civil_society voter" not in body and "member_state voter" not in body
        assert "industry voter 1" not in body and "industry voter 2" not in body
        for page in (participant, moderator):
            assert_no_exception(page)
    finally:
        phone.close()
        desk.close()
