"""Hostile uploads: reading time against input size, and time and peak memory for zip bombs.

Text shapes built to make the concept-note reader backtrack are read at 10, 50, 100 and 200 KB;
linear reading shows ratios near 1 : 5 : 10 : 20 against the 10 KB time. Then .docx zip bombs
and a large honest .docx: seconds and peak RSS of a fresh process reading each one.

Every figure comes from a fresh child process with a time limit, so the same script measures
another copy of the code, e.g. the last commit unpacked with `git archive HEAD | tar -x -C DIR`:

    .venv/bin/python bench/bench_hostile_import.py
    .venv/bin/python bench/bench_hostile_import.py --code-root DIR --timeout 60
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES_KB = (10, 50, 100, 200)
TEXT_SHAPES = {
    '" *a" repeated': " *a",
    '"[" repeated': "[",
    '"**" repeated': "**",
    '"_a" repeated': "_a",
    '"[a](" repeated': "[a](",
    "one long line, mixed markers": " *a [b (_c **d",
    "heading + a run of spaces": None,
}


def _text(unit: str | None, kb: int) -> str:
    size = kb * 1024
    if unit is None:
        return "# a" + " " * size + "b"
    return unit * (size // len(unit))


def _measure(kind: str, path: str, name: str) -> None:
    """Child process: read one input with the code on sys.path, print seconds and memory as JSON."""
    import resource

    from dashboard.importers.concept_note import parse_concept_note, parse_concept_text
    from dashboard.importers.errors import ImportProblem

    data = Path(path).read_bytes()
    start_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # CPU time, which other work on the machine disturbs least; quick text readings are repeated
    # (fastest of three). A .docx is read once, so that its peak memory is its own.
    seconds = float("inf")
    for attempt in range(3):
        if attempt and (kind != "text" or seconds > 1):
            break
        began = time.process_time()
        try:
            if kind == "text":
                parse_concept_text(data.decode("utf-8"))
            else:
                parse_concept_note(data, name)
            outcome = "read"
        except ImportProblem as exc:
            outcome = "refused: " + str(exc)[:70]
        seconds = min(seconds, time.process_time() - began)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "start_mb": start_mb, "peak_mb": peak_mb, "outcome": outcome}))


def _run(code_root: Path, kind: str, data: bytes, name: str, timeout: float) -> dict | None:
    with tempfile.NamedTemporaryFile(suffix=Path(name).suffix, delete=False) as fh:
        fh.write(data)
    try:
        env = {**os.environ, "PYTHONPATH": str(code_root)}
        done = subprocess.run([sys.executable, __file__, "--measure", kind, fh.name, name], cwd=code_root, env=env,
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
        return json.loads(done.stdout.strip().splitlines()[-1])
    except subprocess.TimeoutExpired:
        return None
    finally:
        os.unlink(fh.name)


def _seconds(result: dict | None, timeout: float) -> str:
    if result is None:
        return f"> {timeout:g} s"
    if "error" in result:
        return "error"
    return f"{result['seconds']:.3f} s"


def bench_text(code_root: Path, timeout: float) -> None:
    print(f"{'text shape (CPU seconds)':<32}" + "".join(f"{kb:>5} KB".rjust(13) for kb in SIZES_KB)
          + "   ratios to 10 KB (linear: 1 : 5 : 10 : 20)")
    for label, unit in TEXT_SHAPES.items():
        results = [_run(code_root, "text", _text(unit, kb).encode(), "hostile.txt", timeout) for kb in SIZES_KB]
        cells = "".join(_seconds(r, timeout).rjust(13) for r in results)
        base = results[0]["seconds"] if results[0] and "seconds" in results[0] else None
        ratios = " : ".join(f"{r['seconds'] / base:.1f}" if base and r and "seconds" in r else "-" for r in results)
        print(f"{label:<32}{cells}   {ratios}")


def bench_docx(code_root: Path, timeout: float, lie_mb: int) -> None:
    from tests.importers.zip_bombs import docx_with_body, hostile_paragraphs_docx, huge_document_xml, lying_sizes

    question = b"<w:p><w:r><w:t>" + b"How should safety work for everyone? " * 200 + b"</w:t></w:r></w:p>"
    cases = {
        "docx with hostile paragraphs": hostile_paragraphs_docx(),
        "docx, 70 MB of XML inside": huge_document_xml(70),
        f"docx, {lie_mb} MB inside, header says 1 KB": lying_sizes(huge_document_xml(lie_mb), "word/document.xml",
                                                                    1000),
        "honest docx, 7.5 MB of XML": docx_with_body(question, 1000),
        "docx, 10 MB of XML in 300,000 paragraphs": docx_with_body(b"<w:p><w:r><w:t>Why?</w:t></w:r></w:p>", 300_000),
        "docx near the caps: 20,000 paragraphs of 20 runs": docx_with_body(b"<w:p>" + b"<w:r/>" * 20 + b"</w:p>",
                                                                          20_000),
    }
    print(f"\n{'docx':<50}{'file':>10}{'CPU time':>12}{'peak RSS':>11}{'at start':>10}   outcome")
    for label, data in cases.items():
        r = _run(code_root, "note", data, "upload.docx", timeout)
        memory = f"{r['peak_mb']:>8.0f} MB{r['start_mb']:>7.0f} MB" if r and "peak_mb" in r else f"{'-':>11}{'-':>10}"
        outcome = (r or {}).get("outcome") or (r or {}).get("error") or "stopped at the time limit"
        print(f"{label:<50}{len(data) / 1024:>7.0f} KB{_seconds(r, timeout):>12}{memory}   {outcome}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code-root", type=Path, default=ROOT, help="the copy of the code to measure")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before one reading is stopped")
    parser.add_argument("--lie-mb", type=int, default=512, help="real size of the bomb whose header lies")
    parser.add_argument("--measure", nargs=3, metavar=("KIND", "FILE", "NAME"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        _measure(*args.measure)
        return
    sys.path.insert(0, str(ROOT))
    print(f"code measured: {args.code_root.resolve()}; each reading in a fresh process, stopped after "
          f"{args.timeout:g} s\n")
    bench_text(args.code_root.resolve(), args.timeout)
    bench_docx(args.code_root.resolve(), args.timeout, args.lie_mb)


if __name__ == "__main__":
    main()
