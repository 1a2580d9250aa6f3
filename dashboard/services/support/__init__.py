"""Participants' voice: join links and support checks."""
