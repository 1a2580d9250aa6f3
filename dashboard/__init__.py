"""Dialogue Desk: run a moderated multi-stakeholder dialogue and track its outcomes."""
