"""Administration: user accounts and roles."""
import pandas as pd
import streamlit as st

from db.codes import ROLES
from dashboard.auth import require_role
from dashboard.services.admin import users as users_service
from dashboard.services.errors import DialogueDeskError
from dashboard.runtime import db

user = require_role("admin")

st.title("Users")
st.caption("Accounts and roles. Changing someone's roles, deactivating them or resetting their "
           "password ends their open logins at once.")

with db() as session:
    accounts = users_service.list_users(session)

table = pd.DataFrame(
    [{"Username": u.username, "Name": u.display_name, "Email": u.email or "",
      "Roles": ", ".join(ROLES.get(r, r) for r in u.roles), "Active": u.is_active} for u in accounts]
)
st.dataframe(table, hide_index=True, width="stretch")

add_tab, edit_tab = st.tabs(["Add a user", "Change a user"])

with add_tab, st.form("add_user", clear_on_submit=True):
    c1, c2 = st.columns(2)
    username = c1.text_input("Username", help="Lower-case letters, digits, '.', '_' or '-'")
    display_name = c2.text_input("Display name")
    email = c1.text_input("Email", help="A participant account sees the published sessions whose "
                          "registration list has this email address.")
    roles = c2.multiselect("Roles", list(ROLES), format_func=ROLES.get, default=["participant"])
    password = c1.text_input("Initial password", type="password", help="At least 8 characters")
    if st.form_submit_button("Add user", type="primary"):
        try:
            with db() as session:
                created = users_service.create_user(session, username=username, password=password,
                                                    roles=roles, display_name=display_name or None,
                                                    email=email or None)
            st.success(f"Created {created.username}.")
            st.rerun()
        except DialogueDeskError as exc:
            st.error(str(exc))

with edit_tab:
    if not accounts:
        st.info("No accounts yet.")
    else:
        names = [u.username for u in accounts]
        chosen = st.selectbox("Account", names)
        target = next(u for u in accounts if u.username == chosen)
        with st.form("edit_user"):
            new_name = st.text_input("Display name", value=target.display_name)
            new_email = st.text_input("Email", value=target.email or "")
            new_roles = st.multiselect("Roles", list(ROLES), default=list(target.roles), format_func=ROLES.get)
            active = st.checkbox("Active (can log in)", value=target.is_active)
            new_password = st.text_input("New password (leave empty to keep)", type="password")
            if st.form_submit_button("Save changes", type="primary"):
                if target.username == user.username and ("admin" not in new_roles or not active):
                    st.error("You cannot remove your own admin role or deactivate yourself.")
                else:
                    try:
                        with db() as session:
                            users_service.update_user(session, target.username, display_name=new_name,
                                                      email=new_email, roles=new_roles, is_active=active)
                            if new_password:
                                users_service.set_password(session, target.username, new_password)
                        st.success(f"Saved {target.username}.")
                        st.rerun()
                    except DialogueDeskError as exc:
                        st.error(str(exc))
