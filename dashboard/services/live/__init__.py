"""Services of Live: capture, the agenda clock, the live summary and key points."""
