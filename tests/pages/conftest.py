"""Fixtures the page tests share."""
import pytest

from dashboard.services.audit import Actor
from dashboard.services.live.clock import list_question_refs
from db.models import AgendaSegment
from db.session import session_factory
from tests.factories import make_person, make_session, make_user


@pytest.fixture
def live(app_env):
    with session_factory(app_env)() as s:
        user = make_user(s, "mod", ("moderator",))
        ds = make_session(s, questions=(2, 2), title="Streaming safety")
        s.add(AgendaSegment(session_id=ds.id, position=1, title="Moderated dialogue", planned_minutes=60))
        people = {
            "jane": make_person(s, ds.id, name="Jane Regulator", stakeholder_type="member_state"),
            "kai": make_person(s, ds.id, name="Kai Streamer", stakeholder_type="youth", youth_no=2),
        }
        s.commit()
        refs = list_question_refs(s, session_id=ds.id)
        return {"url": app_env, "session_id": ds.id, "actor": Actor(user.id, user.username),
                "people": {k: p.id for k, p in people.items()}, "refs": refs}


def demo_database(folder) -> str:
    """A migrated SQLite file in `folder` holding the demo data; returns its URL."""
    from db.migrate import upgrade
    from dashboard.services.admin.demo import seed_demo

    url = f"sqlite:///{folder / 'demo.db'}"
    upgrade(url)
    with session_factory(url)() as s:
        seed_demo(s)
        s.commit()
    return url
