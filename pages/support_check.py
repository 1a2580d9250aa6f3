"""Support check: which draft recommendations each stakeholder group supports, asked live."""
import streamlit as st

from dashboard.auth import require_role
from dashboard.navigation import roles_for
from dashboard.textfmt import user_text
from dashboard.ui.session_picker import pick_session_or_stop
from dashboard.ui.support.moderator import support_check_view
from dashboard.ui.language import _

ROLES = roles_for(__file__)
require_role(*ROLES)

st.title(_("Support check"))
choice = pick_session_or_stop(_("and its support checks appear here"))
st.caption(f"{user_text(choice.label)} · " + _("participants answer on “Follow the dialogue”; answers are counted per "
                                                "stakeholder group, never by name."))
support_check_view(choice.id, choice.status)
