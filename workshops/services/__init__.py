"""Every write to workshops. Views, API and commands call these.

The agenda (workshop, sessions, speakers, links) is in services/agenda.py,
breakout groups in services/groups.py; registration and attendance in
services/registration.py, photos and files in services/files.py.
"""

from __future__ import annotations

from workshops.services.agenda import (
    link_add,
    link_remove,
    session_add,
    session_remove,
    session_update,
    speaker_add,
    speaker_remove,
    speaker_update,
    workshop_create,
    workshop_update,
)
from workshops.services.groups import (
    AutoAssignResult,
    group_create,
    group_member_move,
    group_remove,
    group_update,
    groups_auto_assign,
)

__all__ = [
    "AutoAssignResult",
    "group_create",
    "group_member_move",
    "group_remove",
    "group_update",
    "groups_auto_assign",
    "link_add",
    "link_remove",
    "session_add",
    "session_remove",
    "session_update",
    "speaker_add",
    "speaker_remove",
    "speaker_update",
    "workshop_create",
    "workshop_update",
]
