"""Who may read the audit log."""

from __future__ import annotations

import rules

from accounts.rules import is_administrator

rules.add_perm("audit.view_log", is_administrator)
