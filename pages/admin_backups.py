"""Administration: backups of the whole database."""
import streamlit as st

from dashboard.auth import require_role
from dashboard.services.admin.backup import backup_file_name, create_backup, list_backup_files
from dashboard.timefmt import format_when
from dashboard.runtime import db, get_settings

user = require_role("admin")
settings = get_settings()

st.title("Backups")
st.caption("A backup holds every table as JSON (gzip). It restores into SQLite or PostgreSQL "
           "at the same schema revision.")

if st.button("Create a backup now", type="primary"):
    with db() as session:
        blob, info = create_backup(session)
    folder = settings.backup_dir
    folder.mkdir(parents=True, exist_ok=True)
    name = backup_file_name()
    (folder / name).write_bytes(blob)
    st.success(f"Saved {name}: {info.rows:,} rows from {info.tables} tables ({info.size_bytes:,} bytes).")

files = list_backup_files(settings.backup_dir)
if not files:
    st.info("No backups saved yet. Create one above, or run: python -m dashboard backup")
for f in files:
    c1, c2 = st.columns([3, 1])
    c1.write(f"{f.name} · {f.size_bytes:,} bytes · {format_when(f.modified)}")
    c2.download_button("Download", (settings.backup_dir / f.name).read_bytes(), file_name=f.name,
                       mime="application/gzip", key=f"dl_{f.name}")

st.subheader("Restoring")
st.write("Restoring replaces all data, so it is done from the command line on the server, "
         "with the app stopped:")
st.code("python -m dashboard restore data/backups/<file>.json.gz --yes", language="bash")
