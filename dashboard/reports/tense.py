"""A session's overview in the past tense, for reports of a session that was held.

Overviews are written before the session ("This session brings regulators and industry together",
"It will ask ..."); a report read afterwards should say what the session did. Only sentences whose
subject is the session ("This session", "The dialogue", or "It" right after such a sentence) are
changed, and only verbs listed in `_PAST`: a sentence the table does not cover stays as written,
which reads better in an official report than a wrong guess.
"""
from __future__ import annotations

import re

_PAST: dict[str, str] = {
    "address": "addressed", "aim": "aimed", "ask": "asked", "assess": "assessed", "be": "was", "begin": "began",
    "bring": "brought", "build": "built", "close": "closed", "collect": "collected", "compare": "compared",
    "conclude": "concluded", "consider": "considered", "continue": "continued", "convene": "convened",
    "discuss": "discussed", "examine": "examined", "explore": "explored", "feature": "featured",
    "focus": "focused", "follow": "followed", "gather": "gathered", "give": "gave", "have": "had",
    "hear": "heard", "highlight": "highlighted", "identify": "identified", "include": "included",
    "invite": "invited", "launch": "launched", "look": "looked", "map": "mapped", "mark": "marked",
    "offer": "offered", "open": "opened", "present": "presented", "provide": "provided", "review": "reviewed",
    "seek": "sought", "serve": "served", "share": "shared", "showcase": "showcased", "start": "started",
    "take": "took", "unite": "united",
}


def _third_person(base: str) -> str:
    """'ask' -> 'asks', 'focus' -> 'focuses', 'identify' -> 'identifies' (with 'be' and 'have' by hand)."""
    if base in ("be", "have"):
        return {"be": "is", "have": "has"}[base]
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return base + "es"
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return base[:-1] + "ies"
    return base + "s"


_PRESENT = {_third_person(base): past for base, past in _PAST.items()}
# Words that are as often nouns: "the goals and aims of ...", "new features and looks".
_NOUNISH = {"aims", "looks", "focuses", "features", "reviews", "presents", "maps", "marks", "offers", "shares"}

_SESSION = r"(?:(?:This|The|Today's|Our)\s+(?:session|dialogue|meeting|discussion|event|workshop|webinar))"
_ADVERB = r"(?:(?:also|further|then|first|jointly|specifically)\s+)?"
_VERB = re.compile(rf"(?P<lead>(?P<subject>{_SESSION}|It)\s+{_ADVERB})"
                   rf"(?:(?P<will>will\s+)(?P<adverb>{_ADVERB}))?(?P<verb>[a-z]+)\b")
_AND_VERB = re.compile(rf"\b(?P<lead>and\s+)(?:(?P<will>will\s+)(?P<adverb>{_ADVERB}))?(?P<verb>[a-z]+)\b")
_SENTENCES = re.compile(r"(?<=[.!?])(\s+)")


def _past(match: re.Match[str], *, coordinated: bool = False) -> str | None:
    verb = match["verb"]
    if match["will"]:
        past = _PAST.get(verb)
    else:
        past = None if coordinated and verb in _NOUNISH else _PRESENT.get(verb)
    return None if past is None else f"{match['lead']}{match['adverb'] or ''}{past}"


def _sentence_in_past(sentence: str, *, after_session_sentence: bool) -> tuple[str, bool]:
    """The sentence in the past tense, and whether its subject was the session."""
    stripped = sentence.lstrip()
    match = _VERB.match(stripped)
    if match is None or (match["subject"] == "It" and not after_session_sentence):
        return sentence, False
    past = _past(match)
    if past is None:
        return sentence, True
    rest = _AND_VERB.sub(lambda m: _past(m, coordinated=True) or m.group(0), stripped[match.end():])
    return sentence[:len(sentence) - len(stripped)] + past + rest, True


def overview_in_past(text: str) -> str:
    """The overview with every sentence about the session put in the past tense ('will ask' -> 'asked')."""
    parts = _SENTENCES.split(text)
    out: list[str] = []
    previous = False
    for i, part in enumerate(parts):
        if i % 2:  # the whitespace between two sentences, kept as it was
            out.append(part)
            continue
        changed, previous = _sentence_in_past(part, after_session_sentence=previous)
        out.append(changed)
    return "".join(out)
