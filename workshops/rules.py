"""Who may do what with workshops. The roles table is in docs/architecture.md.

A workshop belongs to a lab and follows the lab's roles (labs/rules.py):
anyone may read the workshops of a public lab, only the lab's members (and
administrators) those of a members-only lab; the lab's leads and
facilitators run its workshops (agenda, speakers, links, groups).

Predicates take a workshop, or the lab itself when adding a workshop
(labs.rules.lab_id_of finds the lab of either).
"""

from __future__ import annotations

import rules

from labs.rules import can_run_lab, can_view_lab

can_view_workshop = can_view_lab
can_manage_workshop = can_run_lab

rules.add_perm("workshops.view_workshop", can_view_workshop)
# Object: the lab the workshop is added to.
rules.add_perm("workshops.add_workshop", can_manage_workshop)
rules.add_perm("workshops.change_workshop", can_manage_workshop)
rules.add_perm("workshops.manage_groups", can_manage_workshop)
