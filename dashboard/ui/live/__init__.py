"""Widgets of Live: capture console, clock, live summary and presenter panels."""
