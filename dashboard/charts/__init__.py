"""Charts: DataFrame in, altair chart out; no Streamlit calls."""
