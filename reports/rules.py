"""Reports follow their lab: whoever may see the lab reads its report;
building a PDF (which takes a server thread) needs a signed-in viewer."""

from __future__ import annotations

import rules

from accounts.rules import is_signed_in
from labs.rules import can_view_lab

rules.add_perm("reports.view_report", can_view_lab)
rules.add_perm("reports.build_report", can_view_lab & is_signed_in)
