"""Fixed codes shared by the schema, the services and the pages.

Codes are what the database stores; labels are what people read. Keep both here so a
code never appears in one place with a different spelling in another.
"""
from __future__ import annotations

ROLES: dict[str, str] = {
    "admin": "Administrator",
    "moderator": "Moderator / rapporteur",
    "participant": "Participant",
    "leadership": "BDT leadership",
}

STAKEHOLDER_TYPES: dict[str, str] = {
    "member_state": "Member State / regulator",
    "industry": "Industry",
    "academia": "Academia",
    "civil_society": "Civil society",
    "intergovernmental": "UN agencies and IGOs",
    "youth": "Children and youth representatives",
    "other": "Other",
}

SECTORS: dict[str, str] = {
    "ai": "AI and emerging technologies",
    "social_media": "Social media",
    "gaming": "Gaming",
    "streaming": "Streaming",
    "edtech": "EdTech",
    "other": "Other",
}

SESSION_STATUSES: dict[str, str] = {
    "draft": "Draft",
    "live": "Live",
    "closed": "Closed",
    "published": "Published",
}

SESSION_FORMATS: dict[str, str] = {
    "online": "Online",
    "hybrid": "Hybrid",
    "in_person": "In person",
}

SEGMENT_KINDS: dict[str, str] = {
    "opening": "Opening",
    "scene_setting": "Scene-setting",
    "showcase": "Industry showcases",
    "dialogue": "Moderated dialogue",
    "closing": "Closing",
    "other": "Other",
}

ADDRESSEES: dict[str, str] = {
    "member_state": "Member States / regulators",
    "industry": "Industry",
    "academia": "Academia",
    "civil_society": "Civil society",
    "un_itu": "UN / ITU",
    "all": "All stakeholders",
}

PRIORITIES: dict[str, str] = {"high": "High", "medium": "Medium", "low": "Low"}

FOLLOW_UP_STATUSES: dict[str, str] = {
    "proposed": "Proposed",
    "accepted": "Accepted",
    "in_progress": "In progress",
    "implemented": "Implemented",
    "not_pursued": "Not pursued",
}

# The six official UN languages, by ISO 639-1 code: what an intervention's `language` may hold
# (NULL when unknown). Labels are in English, like every other label here.
LANGUAGES: dict[str, str] = {
    "ar": "Arabic",
    "zh": "Chinese",
    "en": "English",
    "fr": "French",
    "ru": "Russian",
    "es": "Spanish",
}

KEY_POINT_STATES: dict[str, str] = {
    "approved": "Approved",
    "hidden": "Hidden",
}

# How an intervention reached the record.
CHANNELS: dict[str, str] = {
    "spoken": "Spoken",
    "written": "Written",
}

# A participant's written input, as the moderators decide on it.
CONTRIBUTION_STATUSES: dict[str, str] = {
    "pending": "Waiting for the moderators",
    "accepted": "Added to the record",
    "merged": "Merged with an intervention",
    "declined": "Not taken up",
}

# A participant's answer on a draft recommendation in a support check, in the order offered.
SUPPORT_ANSWERS: dict[str, str] = {
    "support": "Support",
    "live_with": "Can live with it",
    "oppose": "Oppose",
    "pass": "Pass",
}

SUPPORT_CHECK_STATES: dict[str, str] = {"open": "Open", "closed": "Closed"}


def label(codes: dict[str, str], code: str | None) -> str:
    """Return the human label for a code, or the code itself when unknown."""
    if code is None:
        return ""
    return codes.get(code, code)
