"""Pure logic: functions take a SQLAlchemy Session, never import streamlit, never commit."""
