"""Reusable Streamlit widgets and loaders shared by the pages."""
