"""Theme suggestions come from the taxonomy stored in the database."""
from dashboard.services.themes import ThemeRow, list_themes, match_themes, suggest_themes
from db.models import Theme


def test_suggestions_use_the_database_taxonomy(sqlite_session):
    s = sqlite_session
    assert len(list_themes(s)) >= 10
    note = "Age verification and AGE ESTIMATION must respect children's privacy; regulators should enforce it."
    suggested = suggest_themes(s, text=note)
    assert suggested[0] == "age_assurance" and "privacy_data" in suggested
    assert suggest_themes(s, text="") == []
    # The taxonomy is data: a new keyword changes the suggestions without code changes.
    theme = s.query(Theme).filter_by(code="mental_health").one()
    theme.keywords = [*theme.keywords, "doomscrolling"]
    s.flush()
    assert suggest_themes(s, text="Doomscrolling at night") == ["mental_health"]


def test_matching_is_whole_word_and_punctuation_insensitive():
    themes = [ThemeRow("ai", "AI", None, (" ai ", "generative")), ThemeRow("harm", "Harm", None, ("self-harm",))]
    assert match_themes(themes, "The AI model") == ["ai"]
    assert match_themes(themes, "Their paint was fresh") == []  # "ai" inside a word does not count
    assert match_themes(themes, "self harm and Self-Harm content, generative AI") == ["ai", "harm"]
    assert match_themes(themes, "self harm", limit=0) == []
