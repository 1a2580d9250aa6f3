"""How long the session-setup importers take on realistic and large inputs.

- a whole DOCX circular (letter, concept note, agenda table) and the same padded to ~4.5 MB of text;
- a Zoom registration report with 2,000 and 20,000 rows (the row limit);
- registering 2,000 participants on a fresh SQLite session in one transaction.

    .venv/bin/python bench/bench_setup_import.py
"""
from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from dashboard.importers.concept_note import parse_concept_note  # noqa: E402
from dashboard.importers.registrations import parse_registrations  # noqa: E402
from tests.importers.docx_builders import circular  # noqa: E402


def timed(label: str, call, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        runs.append(time.perf_counter() - start)
    median = statistics.median(runs)
    print(f"{label:<58} median {median * 1000:8.1f} ms  (min {min(runs) * 1000:.1f}, n={repeat})")
    return median


def padded_circular(paragraphs: int) -> bytes:
    d = docx.Document(io.BytesIO(circular()))
    for i in range(paragraphs):
        d.add_paragraph(f"Annex paragraph {i}: background text that a long circular carries along. " * 3)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def zoom_csv(rows: int) -> bytes:
    lines = ["Registration Report", "Topic,Webinar ID", "Industry Connect,812", "",
             "First Name,Last Name,Email,Organization,Job Title,Country/Region,Which stakeholder group do you represent?"]
    groups = ["Government", "Private sector", "NGO", "UN agency", "Student", "Academia", ""]
    for i in range(rows):
        lines.append(f"Person{i},Surname{i % 97},p{i % (rows - rows // 10)}@org{i % 50}.example,Org {i % 50},Role,"
                     f"Country {i % 40},{groups[i % len(groups)]}")
    return ("\ufeff" + "\n".join(lines)).encode("utf-8")


def main() -> None:
    small = circular()
    big = padded_circular(20000)
    print(f"circular.docx {len(small) / 1024:.0f} KB; padded circular {len(big) / 2**20:.2f} MB")
    base = timed("concept note: whole circular (.docx)", lambda: parse_concept_note(small, "c.docx"))
    large = timed("concept note: padded circular, 20,000 extra paragraphs", lambda: parse_concept_note(big, "c.docx"), 3)
    print(f"  ratio padded / plain: {large / base:.0f}x")
    for rows in (2000, 20000):
        data = zoom_csv(rows)
        timed(f"registrations: Zoom report, {rows:,} rows ({len(data) / 2**20:.2f} MB)",
              lambda: parse_registrations(data, "zoom.csv"), 3)

    from db.migrate import upgrade
    from db.session import dispose_engine, session_factory
    from dashboard.services.audit import SYSTEM
    from dashboard.services.setup.participants import NewParticipant, register_participants
    from db.models import DialogueSession

    result = parse_registrations(zoom_csv(2000), "zoom.csv")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)

        def register() -> None:
            with session_factory(url)() as s:
                ds = DialogueSession(title="bench")
                s.add(ds)
                s.flush()
                register_participants(s, session_id=ds.id, actor=SYSTEM, participants=[
                    NewParticipant(p.name, p.stakeholder_type, p.organization, p.country, p.email)
                    for p in result.participants])
                s.commit()
        timed(f"register {len(result.participants):,} participants on a new session (SQLite)", register, 3)
        dispose_engine(url)


if __name__ == "__main__":
    main()
