"""A moderator's captures for the viewer bench, run inside the code tree being measured.

Started with that tree as the working directory (so "before" and "after" trees each write with
their own services), it reads commands on stdin and answers one JSON line each:

    fill <session> <n>     add n interventions, start the agenda clock and open the first question
                           (the state of a session some minutes into its dialogue)
    capture <session> <note…>  one intervention with that note; answers the commit time, the
                               session's new total and its new change stamp
"""
import itertools
import json
import os
import sys
import time

sys.path.insert(0, os.getcwd())

from sqlalchemy import func, select  # noqa: E402

from dashboard.services.audit import Actor  # noqa: E402
from dashboard.services.live.capture import capture_intervention  # noqa: E402
from dashboard.services.live import clock as live_clock  # noqa: E402
from db.models import DialogueSession, Intervention  # noqa: E402
from db.session import session_scope  # noqa: E402

GROUPS = ["member_state", "industry", "academia", "civil_society", "intergovernmental", "youth"]
NOTES = ["Age assurance must be proportionate to the risk of each feature.",
         "Safety by design defaults should switch off contact from strangers.",
         "Reporting tools must be easy to find and answered within a day.",
         "Young people want to be asked before features launch, not after."]


def main() -> None:
    url = os.environ["DATABASE_URL"]
    counter = itertools.count(1)
    actor = Actor(None, "bench-writer")
    for line in sys.stdin:
        command, *args = line.split()
        session_id = int(args[0])
        if command == "fill":
            with session_scope(url) as s:
                for i in range(int(args[1])):
                    capture_intervention(s, session_id=session_id, actor=actor, stakeholder_type=GROUPS[i % 6],
                                         text=NOTES[i % len(NOTES)], speaking_seconds=40 + i % 50)
                live_clock.start_clock(s, session_id=session_id, actor=actor)
                live_clock.step_question(s, session_id=session_id, step=1, actor=actor)
            answer = {"ok": True}
        elif command == "capture":
            n = next(counter)
            note = " ".join(args[1:])
            with session_scope(url) as s:
                capture_intervention(s, session_id=session_id, actor=actor, stakeholder_type=GROUPS[n % 6], text=note)
            committed = time.time()
            with session_scope(url) as s:
                total = s.scalar(select(func.count()).select_from(Intervention)
                                 .where(Intervention.session_id == session_id))
                stamp = s.scalar(select(DialogueSession.data_version).where(DialogueSession.id == session_id))
            answer = {"t": committed, "total": total, "v": stamp}
        else:
            answer = {"error": f"unknown command {command}"}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
