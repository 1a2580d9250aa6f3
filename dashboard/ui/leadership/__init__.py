"""Widgets of the Leadership pages: the trends across the series, and recommendation follow-up."""
