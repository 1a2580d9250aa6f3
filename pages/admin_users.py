"""Administration: user accounts and roles."""
import pandas as pd
import streamlit as st

from db.codes import ROLES
from dashboard.auth import require_role
from dashboard.navigation import roles_for
from dashboard.services.admin import users as users_service
from dashboard.runtime import db
from dashboard.ui import actions
from dashboard.ui.language import _, label

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
st.caption(_("Accounts and roles. Changing someone's roles, deactivating them or resetting their "
             "password ends their open logins at once."))

with db() as session:
    accounts = users_service.list_users(session)

# Every role in the reader's language, made now (a multiselect's format_func is this dict's `get`).
role_names = {code: label(ROLES, code) for code in ROLES}
username, name, email, roles, active = _("Username"), _("Name"), _("Email"), _("Roles"), _("Active")
table = pd.DataFrame(
    [{username: u.username, name: u.display_name, email: u.email or "",
      roles: ", ".join(role_names.get(r, r) for r in u.roles), active: u.is_active} for u in accounts]
)
st.dataframe(table, hide_index=True, width="stretch")

add_tab, edit_tab = st.tabs([_("Add a user"), _("Change a user")])

with add_tab:
    actions.feedback(ADD)
    with st.form(actions.key(ADD, "form")):
        c1, c2 = st.columns(2)
        c1.text_input(_("Username"), key=actions.key(ADD, "username"),
                      help=_("Lower-case letters, digits, '.', '_' or '-'"))
        c2.text_input(_("Display name"), key=actions.key(ADD, "display_name"))
        c1.text_input(_("Email"), key=actions.key(ADD, "email"),
                      help=_("A participant account sees the published sessions whose registration list has "
                             "this email address."))
        c2.multiselect(_("Roles"), list(ROLES), format_func=role_names.get, default=["participant"],
                       key=actions.key(ADD, "roles"), placeholder=_("Choose…"))
        c1.text_input(_("Initial password"), type="password", key=actions.key(ADD, "password"),
                      help=_("At least {minimum} characters").format(minimum=users_service.MIN_PASSWORD_LENGTH))
        st.form_submit_button(_("Add user"), type="primary", on_click=actions.callback(
            ADD, _add, roles=ADMIN, renew_keys=True, once=actions.key(ADD, "form"),
            success=lambda name: _("Added {name}. They can log in now with the initial password.").format(name=name)))

with edit_tab:
    actions.feedback(EDIT)
    if not accounts:
        st.info(_("No accounts yet."))
    else:
        by_name = {u.username: u for u in accounts}
        chosen = st.selectbox(_("Account"), list(by_name), key="admin_account")
        target = by_name[chosen]
        with st.form(actions.key(EDIT, "form", target.id)):
            st.text_input(_("Display name"), value=target.display_name,
                          key=actions.key(EDIT, "display_name", target.id))
            st.text_input(_("Email"), value=target.email or "", key=actions.key(EDIT, "email", target.id))
            st.multiselect(_("Roles"), list(ROLES), default=list(target.roles), format_func=role_names.get,
                           key=actions.key(EDIT, "roles", target.id), placeholder=_("Choose…"))
            st.checkbox(_("Active (can log in)"), value=target.is_active, key=actions.key(EDIT, "active", target.id))
            st.text_input(_("New password (leave empty to keep)"), type="password",
                          key=actions.key(EDIT, "password", target.id))
            if target.id == user.id:
                st.caption(_("This is your own account: you cannot remove your admin role or deactivate it."))
            st.form_submit_button(_("Save changes"), type="primary", on_click=actions.callback(
                EDIT, _save(target.username, target.id), roles=ADMIN, renew_keys=True,
                once=actions.key(EDIT, "form", target.id),
                success=lambda name: _("Saved {name}.").format(name=name)))
