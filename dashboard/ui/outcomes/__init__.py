"""Widgets of Outcomes: drafting recommendations and takeaways, publishing, the published view."""
