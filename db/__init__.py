"""Database layer: models, engine/session handling and migrations."""
