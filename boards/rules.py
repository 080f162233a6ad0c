"""Who may do what with boards. Boards follow their lab (labs/rules.py):
anyone who may see the lab sees its boards' pages; lab leads, facilitators
and administrators run them. Joining a board needs its code, not an account:
the code on the projector is the invitation."""

from __future__ import annotations

import rules

from labs.rules import can_run_lab, can_view_lab

rules.add_perm("boards.view_board", can_view_lab)
rules.add_perm("boards.add_board", can_run_lab)
rules.add_perm("boards.run_board", can_run_lab)
rules.add_perm("boards.change_board", can_run_lab)
rules.add_perm("boards.export_board", can_run_lab)
rules.add_perm("boards.view_method", can_view_lab)
rules.add_perm("boards.add_method", can_run_lab)
rules.add_perm("boards.change_method", can_run_lab)
rules.add_perm("boards.view_persona", can_view_lab)
rules.add_perm("boards.change_persona", can_run_lab)
