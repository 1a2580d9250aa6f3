"""Stakeholder type from what registrants write ("Private sector", "UN agency", "Student"), or a guess from hints."""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

from db.codes import STAKEHOLDER_TYPES

# Checked in this order: the first group with a matching phrase wins, so the more specific
# groups (youth, UN) come before the broad ones ("organization", "agency").
_LABELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("youth", ("youth", "young people", "young person", "student", "students", "child", "children",
               "pupil", "teen", "teenager", "adolescent", "jeunesse", "jeunes", "juventud", "jovenes", "etudiant", "estudiante")),
    ("intergovernmental", ("un", "u n", "un agency", "un agencies", "united nations", "un system", "intergovernmental",
                           "inter governmental", "igo", "igos", "international organization", "international organisation",
                           "multilateral", "nations unies", "naciones unidas", "organisation internationale")),
    ("civil_society", ("civil society", "ngo", "ngos", "non governmental", "nongovernmental", "non profit", "nonprofit",
                       "not for profit", "charity", "cso", "csos", "foundation", "community organization",
                       "societe civile", "sociedad civil", "ong")),
    ("academia", ("academia", "academic", "university", "universities", "research", "researcher", "research institute",
                  "think tank", "scholar", "universite", "universidad", "academie")),
    ("member_state", ("member state", "member states", "regulator", "regulators", "regulatory", "government",
                      "governmental", "ministry", "ministries", "public sector", "public authority", "authority",
                      "policy maker", "policymaker", "policy makers", "state", "national authority", "parliament",
                      "gouvernement", "gobierno", "administration", "public administration", "law enforcement")),
    ("industry", ("industry", "private sector", "company", "companies", "business", "corporate", "corporation",
                  "enterprise", "tech company", "technology company", "platform", "platforms", "sector member",
                  "secteur prive", "sector privado", "industrie", "operator", "startup", "sme")),
    ("other", ("other", "others", "individual", "media", "independent", "autre", "otro")),
)
_CODE_LABELS = {code: code for code in STAKEHOLDER_TYPES} | {
    label.lower(): code for code, label in STAKEHOLDER_TYPES.items()
}
_NON_WORD = re.compile(r"[^\w]+")


def _normal(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.lower().replace("_", " "))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " " + _NON_WORD.sub(" ", plain).strip() + " "


def match_stakeholder_label(value: Optional[str]) -> Optional[str]:
    """The stakeholder code for what someone wrote in a registration form; None when unclear."""
    if not value or not value.strip():
        return None
    raw = value.strip().lower()
    if raw in _CODE_LABELS:
        return _CODE_LABELS[raw]
    if raw.replace(" ", "_") in STAKEHOLDER_TYPES:
        return raw.replace(" ", "_")
    normal = _normal(value)
    for code, phrases in _LABELS:
        if any(f" {phrase} " in normal for phrase in phrases):
            return code
    return None


_GOV_DOMAIN = re.compile(r"(\.|@)(gov|gouv|gob|govt|go|mil|gv|gub)(\.[a-z]{2,3})?$|\.gc\.ca$|\.admin\.ch$|\.bund\.de$")
_ACADEMIC_DOMAIN = re.compile(r"(\.|@)(edu|ac|uni)(\.[a-z]{2,3})?$|(\.|@)edu\.[a-z]{2}$")
_IGO_DOMAINS = ("un.org", "unicef.org", "itu.int", "unesco.org", "who.int", "unodc.org", "ohchr.org", "undp.org",
                "unfpa.org", "unhcr.org", "wfp.org", "ilo.org", "oecd.org", "coe.int", "europa.eu", "au.int",
                "worldbank.org", "unicri.org", "unwomen.org", "interpol.int", "wipo.int", "unctad.org")
_ORG_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("intergovernmental", ("united nations", "unicef", "unesco", "unodc", "ohchr", "undp", "itu", "world health organization",
                           "council of europe", "oecd", "european commission", "african union", "world bank", "interpol")),
    ("youth", ("youth", "student", "students", "young", "jeunesse", "juventud")),
    ("academia", ("university", "universite", "universidad", "universitat", "college",
                  "institute of technology", "school of", "research centre", "research center", "academy",
                  "polytechnic", "faculty")),
    ("member_state", ("ministry", "ministere", "ministerio", "ministerium", "government", "regulatory",
                      "regulator", "authority", "commission", "department of", "office of the", "national agency",
                      "agency for", "federal", "parliament", "police", "directorate", "secretariat of state")),
    ("civil_society", ("foundation", "ngo", "alliance", "coalition", "network", "save the children", "ecpat",
                       "internet watch", "end violence", "trust", "association", "society", "initiative", "fondation",
                       "fundacion", "charity", "helpline", "hotline")),
    ("industry", ("inc", "ltd", "llc", "gmbh", "plc", "corp", "corporation", "company", "technologies", "games",
                  "studios", "studio", "entertainment", "telecom", "sa", "ag", "bv", "pty", "google", "meta", "microsoft",
                  "roblox", "tiktok", "bytedance", "snap", "epic games", "amazon", "apple", "sony", "nintendo", "discord",
                  "twitch", "spotify", "netflix", "youtube", "openai", "yubo", "lego", "mojang", "ubisoft")),
)


def suggest_stakeholder(organization: Optional[str], email: Optional[str], job_title: Optional[str] = None) -> str:
    """A best guess from organisation, job title and e-mail domain; "other" when nothing hints."""
    domain = (email or "").rsplit("@", 1)[-1].strip().lower() if email and "@" in email else ""
    if domain and any(domain == d or domain.endswith("." + d) for d in _IGO_DOMAINS):
        return "intergovernmental"
    org = _normal(" ".join(x for x in (organization, job_title) if x))
    for code, phrases in _ORG_HINTS:
        if any(f" {phrase} " in org for phrase in phrases):
            return code
    if domain:
        if _GOV_DOMAIN.search(domain):
            return "member_state"
        if _ACADEMIC_DOMAIN.search(domain):
            return "academia"
    return "other"
