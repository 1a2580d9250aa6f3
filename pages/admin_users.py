"""Administration: user accounts and roles."""
import pandas as pd
import streamlit as st

from db.codes import ROLES
from dashboard.auth import require_role
from dashboard.navigation import roles_for
from dashboard.services.admin import users as users_service
from dashboard.runtime import db
from dashboard.ui import actions
from dashboard.ui.language import _

user = require_role(*roles_for(__file__))
ADMIN = roles_for(__file__)
ADD, EDIT = "admin.add_user", "admin.edit_user"


def _add(session, current) -> str:
    def v(name: str, default=None):
        return actions.value(ADD, name, default=default)

    created = users_service.create_user(session, username=v("username", ""), password=v("password", ""),
                                        roles=v("roles", []), display_name=v("display_name") or None,
                                        email=v("email") or None)
    return created.username


def _save(username: str, record: int):
    def work(session, current) -> str:
        def v(name: str, default=None):
            return actions.value(EDIT, name, record, default=default)

        users_service.update_user(session, username, display_name=v("display_name", ""), email=v("email", ""),
                                  roles=v("roles", []), is_active=bool(v("active")), actor=current.actor)
        if v("password"):
            users_service.set_password(session, username, v("password"))
        return username
    return work


st.title(_("Users"))
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

with add_tab:
    actions.feedback(ADD)
    with st.form(actions.key(ADD, "form")):
        c1, c2 = st.columns(2)
        c1.text_input("Username", key=actions.key(ADD, "username"),
                      help="Lower-case letters, digits, '.', '_' or '-'")
        c2.text_input("Display name", key=actions.key(ADD, "display_name"))
        c1.text_input("Email", key=actions.key(ADD, "email"),
                      help="A participant account sees the published sessions whose registration list has "
                           "this email address.")
        c2.multiselect("Roles", list(ROLES), format_func=ROLES.get, default=["participant"],
                       key=actions.key(ADD, "roles"))
        c1.text_input("Initial password", type="password", key=actions.key(ADD, "password"),
                      help="At least 8 characters")
        st.form_submit_button("Add user", type="primary", on_click=actions.callback(
            ADD, _add, roles=ADMIN, renew_keys=True, once=actions.key(ADD, "form"),
            success=lambda name: f"Added {name}. They can log in now with the initial password."))

with edit_tab:
    actions.feedback(EDIT)
    if not accounts:
        st.info("No accounts yet.")
    else:
        by_name = {u.username: u for u in accounts}
        chosen = st.selectbox("Account", list(by_name), key="admin_account")
        target = by_name[chosen]
        with st.form(actions.key(EDIT, "form", target.id)):
            st.text_input("Display name", value=target.display_name, key=actions.key(EDIT, "display_name", target.id))
            st.text_input("Email", value=target.email or "", key=actions.key(EDIT, "email", target.id))
            st.multiselect("Roles", list(ROLES), default=list(target.roles), format_func=ROLES.get,
                           key=actions.key(EDIT, "roles", target.id))
            st.checkbox("Active (can log in)", value=target.is_active, key=actions.key(EDIT, "active", target.id))
            st.text_input("New password (leave empty to keep)", type="password",
                          key=actions.key(EDIT, "password", target.id))
            if target.id == user.id:
                st.caption("This is your own account: you cannot remove your admin role or deactivate it.")
            st.form_submit_button("Save changes", type="primary", on_click=actions.callback(
                EDIT, _save(target.username, target.id), roles=ADMIN, renew_keys=True,
                once=actions.key(EDIT, "form", target.id),
                success=lambda name: f"Saved {name}."))
