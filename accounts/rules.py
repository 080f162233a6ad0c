"""Platform roles as predicates; every app combines these with its own."""

from __future__ import annotations

from typing import Any

import rules


@rules.predicate
def is_administrator(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


is_signed_in = rules.is_authenticated

