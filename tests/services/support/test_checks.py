"""Opening, answering, closing and freezing a support check; join links and who counts as what."""
import pytest
from sqlalchemy import func, select

from dashboard.services.audit import Actor
from dashboard.services.errors import Conflict, NotFound, PermissionDenied, ValidationError
from dashboard.services.outcomes.recommendations import create_recommendation
from dashboard.services.outcomes.snapshot import build_snapshot
from dashboard.services.support import checks, join_links
from dashboard.services.support.frozen import frozen_support
from db.models import AuditEntry, SupportResponse, User
from db.session import session_scope
from tests.factories import make_person, make_session, make_user


def _recs(s, session_id, actor, n=2):
    return [create_recommendation(s, session_id=session_id, actor=actor, text=f"Recommendation {i}").id
            for i in range(1, n + 1)]


@pytest.fixture
def world(db_url):
    with session_scope(db_url) as s:
        mod = make_user(s)
        actor = Actor(mod.id, mod.username)
        ds = make_session(s)
        people = {g: [make_person(s, ds.id, stakeholder_type=g) for _ in range(3)]
                  for g in ("industry", "civil_society", "youth")}
        recs = _recs(s, ds.id, actor)
        made = join_links.make_links(s, session_id=ds.id, actor=actor)
        links = join_links.list_links(s, session_id=ds.id)
    by_person = {}
    with session_scope(db_url) as s:
        for link in links:
            by_person[link.name] = join_links.redeem(s, link.token).user_id
    voters = {g: [by_person[p.name] for p in ps] for g, ps in people.items()}
    return dict(url=db_url, actor=actor, session_id=ds.id, recs=recs, voters=voters, made=made, links=links)


def test_a_check_runs_end_to_end_and_its_frozen_results_reach_the_snapshot(world):
    url, actor, sid, recs = world["url"], world["actor"], world["session_id"], world["recs"]
    assert world["made"] == 9
    with session_scope(url) as s:
        check_id = checks.open_check(s, session_id=sid, recommendation_ids=recs, actor=actor)
    answers = {"industry": "support", "civil_society": "oppose", "youth": "live_with"}
    for group, users in world["voters"].items():
        for uid in users:
            with session_scope(url) as s:
                assert checks.answer(s, session_id=sid, check_id=check_id, recommendation_id=recs[0], user_id=uid,
                                     answer=answers[group])
    # One industry voter changes their mind: still one row, new answer.
    with session_scope(url) as s:
        checks.answer(s, session_id=sid, check_id=check_id, recommendation_id=recs[0],
                      user_id=world["voters"]["industry"][0], answer="oppose")
        assert s.scalar(select(func.count()).select_from(SupportResponse)) == 9
        live = {r.recommendation_id: r for r in checks.compute_results(s, check_id=check_id)}
    industry = next(g for g in live[recs[0]].groups if g.group == "industry")
    assert (industry.support, industry.oppose) == (2, 1)
    assert "divides groups (Civil society opposes)" in live[recs[0]].flags
    with session_scope(url) as s:
        checks.close_check(s, session_id=sid, check_id=check_id, actor=actor)
    with session_scope(url) as s, pytest.raises(Conflict, match="closed"):
        checks.answer(s, session_id=sid, check_id=check_id, recommendation_id=recs[0],
                      user_id=world["voters"]["youth"][0], answer="oppose")
    with session_scope(url) as s:
        frozen = frozen_support(s, session_id=sid)
        snapshot = build_snapshot(s, sid)
        actions = [a for (a,) in s.execute(select(AuditEntry.action).where(AuditEntry.entity == "support_check"))]
    assert frozen[recs[0]]["consensus"] == pytest.approx(live[recs[0]].consensus)
    assert frozen[recs[1]]["responses"] == 0
    published = {r["id"]: r for r in snapshot["recommendations"]}
    assert published[recs[0]]["support"]["flags"] == list(live[recs[0]].flags)
    assert "user_id" not in str(published[recs[0]]["support"])
    assert actions == ["open", "close"]


def test_reopening_keeps_the_last_frozen_results_until_the_next_close(world):
    url, actor, sid, recs = world["url"], world["actor"], world["session_id"], world["recs"]
    with session_scope(url) as s:
        check_id = checks.open_check(s, session_id=sid, recommendation_ids=recs[:1], actor=actor)
    for uid in world["voters"]["industry"]:
        with session_scope(url) as s:
            checks.answer(s, session_id=sid, check_id=check_id, recommendation_id=recs[0], user_id=uid,
                          answer="support")
    with session_scope(url) as s:
        checks.close_check(s, session_id=sid, check_id=check_id, actor=actor)
    with session_scope(url) as s:
        checks.reopen_check(s, session_id=sid, check_id=check_id, actor=actor)
        checks.answer(s, session_id=sid, check_id=check_id, recommendation_id=recs[0],
                      user_id=world["voters"]["industry"][0], answer="oppose")
    with session_scope(url) as s:
        assert frozen_support(s, session_id=sid)[recs[0]]["groups"][0]["support"] == 3
        checks.close_check(s, session_id=sid, check_id=check_id, actor=actor)
    with session_scope(url) as s:
        assert frozen_support(s, session_id=sid)[recs[0]]["groups"][0]["support"] == 2


def test_opening_is_refused_when_it_makes_no_sense(world):
    url, actor, sid, recs = world["url"], world["actor"], world["session_id"], world["recs"]
    with session_scope(url) as s, pytest.raises(ValidationError, match="at least one"):
        checks.open_check(s, session_id=sid, recommendation_ids=[], actor=actor)
    with session_scope(url) as s, pytest.raises(ValidationError, match="at least 3"):
        checks.open_check(s, session_id=sid, recommendation_ids=recs, actor=actor, min_group_size=2)
    with session_scope(url) as s:
        other = make_session(s, status="draft")
        other_rec = _recs(s, other.id, actor, 1)
    with session_scope(url) as s, pytest.raises(ValidationError, match="removed or merged"):
        checks.open_check(s, session_id=sid, recommendation_ids=other_rec, actor=actor)
    with session_scope(url) as s:
        checks.open_check(s, session_id=sid, recommendation_ids=recs, actor=actor)
    with session_scope(url) as s, pytest.raises(Conflict, match="already open"):
        checks.open_check(s, session_id=sid, recommendation_ids=recs, actor=actor)
    with session_scope(url) as s, pytest.raises(Conflict, match="not live"):
        checks.open_check(s, session_id=other.id, recommendation_ids=other_rec, actor=actor)


def test_only_people_of_the_session_count_and_only_on_asked_recommendations(world):
    url, actor, sid, recs = world["url"], world["actor"], world["session_id"], world["recs"]
    with session_scope(url) as s:
        check_id = checks.open_check(s, session_id=sid, recommendation_ids=recs[:1], actor=actor)
        stranger = make_user(s, "stranger", roles=("participant",)).id
    with session_scope(url) as s, pytest.raises(PermissionDenied):
        checks.answer(s, session_id=sid, check_id=check_id, recommendation_id=recs[0], user_id=stranger,
                      answer="support")
    with session_scope(url) as s, pytest.raises(NotFound):
        checks.answer(s, session_id=sid, check_id=check_id, recommendation_id=recs[1],
                      user_id=world["voters"]["youth"][0], answer="support")
    with session_scope(url) as s, pytest.raises(ValidationError):
        checks.answer(s, session_id=sid, check_id=check_id, recommendation_id=recs[0],
                      user_id=world["voters"]["youth"][0], answer="maybe")


def test_join_links_are_unguessable_revocable_and_for_one_session_only(world):
    url, actor, sid = world["url"], world["actor"], world["session_id"]
    links = world["links"]
    tokens = {link.token for link in links}
    assert len(tokens) == 9 and all(len(t) >= 32 for t in tokens)
    first = links[0]
    with session_scope(url) as s:
        joined = join_links.joined_user(s, first.token)
        assert joined.session_id == sid
        guest = s.get(User, joined.user_id)
        assert guest.is_guest and guest.roles == ["participant"]
        join_links.revoke_link(s, session_id=sid, link_id=first.id, actor=actor)
    with session_scope(url) as s:
        assert join_links.joined_user(s, first.token) is None
        with pytest.raises(PermissionDenied):
            join_links.redeem(s, first.token)
        with pytest.raises(PermissionDenied):
            join_links.redeem(s, "not-a-token")
    # Another session's links never open this one, and vice versa.
    with session_scope(url) as s:
        other = make_session(s)
        make_person(s, other.id)
        join_links.make_links(s, session_id=other.id, actor=actor)
        other_link = join_links.list_links(s, session_id=other.id)[0]
        assert join_links.redeem(s, other_link.token).session_id == other.id
        with pytest.raises(NotFound):
            join_links.revoke_link(s, session_id=sid, link_id=other_link.id, actor=actor)
    # Regenerating replaces every personal link of the session.
    with session_scope(url) as s:
        made = join_links.make_links(s, session_id=sid, actor=actor, regenerate=True)
        fresh = join_links.list_links(s, session_id=sid)
    assert made == 9 and not ({link.token for link in fresh} & tokens)
    with session_scope(url) as s:
        assert all(join_links.joined_user(s, t) is None for t in tokens)


def test_a_share_code_join_counts_self_declared_and_ends_with_the_code(world):
    from dashboard.services.outcomes.publication import clear_share_code, regenerate_share_code

    url, actor, sid, recs = world["url"], world["actor"], world["session_id"], world["recs"]
    with session_scope(url) as s:
        code = regenerate_share_code(s, sid, actor=actor)
        with pytest.raises(ValidationError):
            join_links.join_with_share_code(s, code=code, declared_group=None)
        with pytest.raises(PermissionDenied):
            join_links.join_with_share_code(s, code="WRONG-CODE", declared_group="academia")
        token, joined_sid = join_links.join_with_share_code(s, code=code.lower(), declared_group="academia")
        check_id = checks.open_check(s, session_id=sid, recommendation_ids=recs[:1], actor=actor)
    assert joined_sid == sid
    with session_scope(url) as s:
        uid = join_links.redeem(s, token).user_id
        assert checks.voter_of(s, session_id=sid, user_id=uid) == checks.Voter("academia", True)
        checks.answer(s, session_id=sid, check_id=check_id, recommendation_id=recs[0], user_id=uid, answer="oppose")
    with session_scope(url) as s:
        result = checks.compute_results(s, check_id=check_id)[0]
        assert result.self_declared_responses == 1 and result.responses == 0
        clear_share_code(s, sid, actor=actor)
    with session_scope(url) as s:
        assert join_links.joined_user(s, token) is None
        # Personal links survive a share-code change.
        assert join_links.joined_user(s, world["links"][1].token) is not None
