"""Refresh on change: viewers learn that a session's data moved without re-running their page.

`board.BOARD` keeps, per server process, the change stamp (``data_version``) of each session
someone is watching, read from the database by one watcher thread, so every replica on one
PostgreSQL learns of every other replica's writes. `routes.ROUTES` serves it to browsers as a
long poll (``/_dd/changes/<token>``) that answers without running any page script.
"""
