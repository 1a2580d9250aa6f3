"""What `streamlit run dashboard/serve.py` serves: the app (dashboard/app.py) plus one route.

The route, ``/_dd/changes/<token>``, tells open live pages when their session's data changed
(see dashboard/push), so they re-run on change instead of on a timer. Everything else is
Streamlit's own server, with `.streamlit/config.toml` as before.
"""
import streamlit as st

from dashboard.push.routes import ROUTES

app = st.App("app.py", routes=ROUTES)
