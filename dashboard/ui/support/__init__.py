"""Participants' voice: join links, the support check (moderators and participants)."""
