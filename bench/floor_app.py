"""Streamlit's floor for a refreshing page: one metric and a small table in a 2-second fragment.

The viewer bench runs it beside the desk's live pages, so their costs print as ratios to it.
"""
import os

import streamlit as st
from sqlalchemy import create_engine, text


@st.cache_resource
def _engine():
    return create_engine(os.environ["DATABASE_URL"])


@st.fragment(run_every="2s")
def part() -> None:
    with _engine().connect() as connection:
        total = connection.execute(text("select count(*) from interventions")).scalar()
        notes = [row[0] for row in connection.execute(text("select text from interventions order by id desc limit 3"))]
    st.metric("Interventions", total)
    st.table({"Latest notes": notes})


part()
