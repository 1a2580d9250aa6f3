"""Widgets of Prepare: the session form, question import and editing, participants."""
