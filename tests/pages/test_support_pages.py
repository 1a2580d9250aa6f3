"""AppTest of the support check: the moderator's controls, a participant joining by link and answering,
a share-code join, and a withdrawn link. The database is checked after each step."""
import re

import pytest
from sqlalchemy import select

from dashboard.services.audit import Actor
from dashboard.services.outcomes.publication import regenerate_share_code
from dashboard.services.outcomes.recommendations import create_recommendation
from dashboard.services.support import checks, join_links
from dashboard.textfmt import strip_isolates
from db.models import JoinLink, SupportCheck, SupportResponse, User
from db.session import session_factory
from tests.conftest import login_as, make_app, page_path
from tests.factories import make_person, make_session, make_user


@pytest.fixture
def room(app_env):
    with session_factory(app_env)() as s:
        mod = make_user(s, "mod", ("moderator",))
        actor = Actor(mod.id, mod.username)
        ds = make_session(s, questions=(2,), title="Streaming and young creators")
        people = [make_person(s, ds.id, stakeholder_type=g) for g in ("industry",) * 3 + ("youth",) * 3]
        recs = [create_recommendation(s, session_id=ds.id, actor=actor, text=f"Recommendation {n}").id
                for n in (1, 2)]
        join_links.make_links(s, session_id=ds.id, actor=actor)
        s.commit()
        tokens = {link.attendance_id: link.token for link in join_links.list_links(s, session_id=ds.id)}
        return {"url": app_env, "id": ds.id, "actor": actor, "recs": recs, "tokens": list(tokens.values()),
                "people": [p.id for p in people]}


def moderator_page(room):
    at = login_as(make_app(), "mod", ["moderator"]).run()
    at.query_params["session"] = str(room["id"])
    at.switch_page(page_path("support_check.py")).run()
    assert not at.exception, at.exception
    return at


def joined_page(token: str):
    at = make_app()
    at.query_params["join"] = token
    at.run()
    at.switch_page(page_path("follow.py")).run()
    assert not at.exception, at.exception
    return at


def button(at, label: str):
    [found] = [b for b in at.button if b.label == label]
    return found


def shown(at) -> str:
    return strip_isolates("\n".join(str(e.value).replace("**", "") for e in (
        *at.markdown, *at.caption, *at.info, *at.error, *at.success, *at.warning, *at.subheader)).replace("\\", ""))


def the_checks(url: str) -> list[SupportCheck]:
    with session_factory(url)() as s:
        return list(s.scalars(select(SupportCheck)))


def answers(url: str) -> dict[tuple[int, int], str]:
    with session_factory(url)() as s:
        return {(r.user_id, r.recommendation_id): r.answer for r in s.scalars(select(SupportResponse))}


def test_the_moderator_opens_watches_closes_and_reopens_a_check(room):
    at = moderator_page(room)
    [chosen] = [m for m in at.multiselect if m.label == "Recommendations to ask about"]
    assert chosen.value == room["recs"]
    chosen.unselect(room["recs"][1]).run()
    button(at, "Open the support check").click().run()
    assert not at.exception, at.exception
    [check] = the_checks(room["url"])
    assert check.state == "open"
    with session_factory(room["url"])() as s:
        assert [i.recommendation_id for i in checks.get_check(s, check_id=check.id, session_id=room["id"]).items] \
            == [room["recs"][0]]
    assert "Support check open" in shown(at)
    assert "0 people have answered so far." in shown(at)

    # Three industry people answer (their own phones); the moderator's screen counts them.
    with session_factory(room["url"])() as s:
        for token in room["tokens"]:
            uid = join_links.redeem(s, token).user_id
            if checks.voter_of(s, session_id=room["id"], user_id=uid).stakeholder_type == "industry":
                checks.answer(s, session_id=room["id"], check_id=check.id, recommendation_id=room["recs"][0],
                              user_id=uid, answer="support")
        s.commit()
    at.run()
    assert "3 people have answered so far." in shown(at)
    summary = at.dataframe[0]
    assert summary.value.iloc[0]["Answers"] == 3

    button(at, "Close the check and freeze the results").click().run()
    [check] = the_checks(room["url"])
    assert check.state == "closed" and check.results[str(room["recs"][0])]["responses"] == 3
    assert "results are frozen" in shown(at)
    button(at, "Reopen this check").click().run()
    [check] = the_checks(room["url"])
    assert check.state == "open" and check.results is not None  # the last frozen results stay meanwhile


def test_a_participant_joins_by_link_answers_and_changes_the_answer(room):
    token = room["tokens"][0]
    with session_factory(room["url"])() as s:
        check_id = checks.open_check(s, session_id=room["id"], recommendation_ids=room["recs"], actor=room["actor"])
        s.commit()
    at = joined_page(token)
    assert "Support check" in shown(at)
    with session_factory(room["url"])() as s:
        uid = s.scalar(select(JoinLink.user_id).where(JoinLink.token == token))
        assert s.get(User, uid).is_guest
    radios = {r.key: r for r in at.radio}
    first = radios[f"follow_support_answer.{check_id}.{room['recs'][0]}"]
    first.set_value("support").run()
    assert not at.exception, at.exception
    assert answers(room["url"]) == {(uid, room["recs"][0]): "support"}
    radios = {r.key: r for r in at.radio}
    radios[f"follow_support_answer.{check_id}.{room['recs'][0]}"].set_value("oppose").run()
    assert answers(room["url"]) == {(uid, room["recs"][0]): "oppose"}
    assert "Answered 1 of 2" in shown(at)

    # Closed meanwhile: a late answer is refused, the choice goes back to what is saved, and the page says so.
    with session_factory(room["url"])() as s:
        checks.close_check(s, session_id=room["id"], check_id=check_id, actor=room["actor"])
        s.commit()
    radios = {r.key: r for r in at.radio}
    radios[f"follow_support_answer.{check_id}.{room['recs'][1]}"].set_value("support").run()
    assert answers(room["url"]) == {(uid, room["recs"][0]): "oppose"}
    assert "The support check has closed" in shown(at)
    assert not at.radio


def test_a_withdrawn_link_signs_its_holder_out_at_the_next_click(room):
    token = room["tokens"][1]
    at = joined_page(token)
    assert "Follow the dialogue" in [t.value for t in at.title]
    with session_factory(room["url"])() as s:
        link = s.scalar(select(JoinLink).where(JoinLink.token == token))
        join_links.revoke_link(s, session_id=room["id"], link_id=link.id, actor=room["actor"])
        s.commit()
    at.run()
    assert not at.exception, at.exception
    assert "Follow the dialogue" not in [t.value for t in at.title]
    assert any("does not work" in w.value for w in at.warning) or any("does not work" in e.value for e in at.error)


def test_a_share_code_join_declares_a_group_and_is_labelled_self_declared(room):
    with session_factory(room["url"])() as s:
        code = regenerate_share_code(s, room["id"], actor=room["actor"])
        check_id = checks.open_check(s, session_id=room["id"], recommendation_ids=room["recs"][:1],
                                     actor=room["actor"])
        s.commit()
    at = make_app().run()
    at.text_input(key="dd_share_join_code").input(code)
    at.selectbox(key="dd_share_join_group").select("academia")
    [submit] = [b for b in at.button if b.label == "Join the dialogue"]
    submit.click().run()
    assert not at.exception, at.exception
    assert "Follow the dialogue" in [t.value for t in at.title]
    assert "Academia (self-declared)" in shown(at)
    [radio] = [r for r in at.radio if re.fullmatch(rf"follow_support_answer\.{check_id}\.\d+", r.key or "")]
    radio.set_value("live_with").run()
    with session_factory(room["url"])() as s:
        [row] = s.scalars(select(SupportResponse))
        assert (row.stakeholder_type, row.self_declared, row.answer) == ("academia", True, "live_with")


def test_a_wrong_share_code_says_so_and_admits_nobody(room):
    at = make_app().run()
    at.text_input(key="dd_share_join_code").input("NOPE-NOPE")
    at.selectbox(key="dd_share_join_group").select("industry")
    [submit] = [b for b in at.button if b.label == "Join the dialogue"]
    submit.click().run()
    assert any("does not open a dialogue" in e.value for e in at.error)
    with session_factory(room["url"])() as s:
        assert s.scalar(select(JoinLink).where(JoinLink.declared_group.is_not(None))) is None


def test_the_moderator_makes_downloads_and_withdraws_links_on_the_participants_page(room):
    at = login_as(make_app(), "mod", ["moderator"]).run()
    at.query_params["session"] = str(room["id"])
    at.switch_page(page_path("participants.py")).run()
    assert not at.exception, at.exception
    [picker] = [s for s in at.selectbox if s.label == "One person's link"]
    picked = picker.options[0]
    picker.select_index(0).run()
    button(at, "Withdraw").click().run()
    assert "Withdrew that person's link" in shown(at)
    with session_factory(room["url"])() as s:
        assert s.scalar(select(JoinLink).where(JoinLink.revoked_at.is_not(None))) is not None
        active = len(join_links.list_links(s, session_id=room["id"]))
    assert active == 5 and picked
    button(at, "Make links for 1 without one").click().run()
    with session_factory(room["url"])() as s:
        assert len(join_links.list_links(s, session_id=room["id"])) == 6
