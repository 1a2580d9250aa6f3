"""Administration: backups of the whole database."""
import streamlit as st

from dashboard.auth import require_role
from dashboard.navigation import roles_for
from dashboard.services.admin.backup import backup_file_name, create_backup, list_backup_files
from dashboard.runtime import get_settings
from dashboard.ui import actions
from dashboard.ui.language import _, number, when

user = require_role(*roles_for(__file__))
settings = get_settings()
BACKUP = "admin.backup"


def _backup(session, _current) -> str:
    blob, info = create_backup(session)
    folder = settings.backup_dir
    folder.mkdir(parents=True, exist_ok=True)
    name = backup_file_name()
    (folder / name).write_bytes(blob)
    return _("Saved {name}: {rows} rows from {tables} tables ({size} bytes).").format(
        name=name, rows=number(info.rows), tables=number(info.tables), size=number(info.size_bytes))


st.title(_("Backups"))
st.caption(_("A backup holds every table as JSON (gzip). It restores into SQLite or PostgreSQL "
             "at the same schema revision."))

actions.feedback(BACKUP)
st.button(_("Create a backup now"), type="primary",
          on_click=actions.callback(BACKUP, _backup, roles=roles_for(__file__), success=lambda text: text))

files = list_backup_files(settings.backup_dir)
if not files:
    st.info(_("No backups saved yet. Create one above, or run: python -m dashboard backup"))
for f in files:
    c1, c2 = st.columns([3, 1])
    c1.write(_("{name} · {size} bytes · {when}").format(name=f.name, size=number(f.size_bytes), when=when(f.modified)))
    c2.download_button(_("Download"), (settings.backup_dir / f.name).read_bytes(), file_name=f.name,
                       mime="application/gzip", key=f"dl_{f.name}")

st.subheader(_("Restoring"))
st.write(_("Restoring replaces all data, so it is done from the command line on the server, "
           "with the app stopped:"))
# Plain text: Prism's bash colours put flags at 2.8:1 on the code background (WCAG AA is 4.5:1).
st.code("python -m dashboard restore data/backups/<file>.json.gz --yes", language=None)
