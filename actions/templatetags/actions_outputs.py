"""`{% lab_outputs lab as summary %}`: the counts of a lab's proposals,
plans and actions for the lab page (templates/labs/lab_detail.html), in one
query. A tag rather than the labs view's context, so that labs does not
import the app that builds on it."""

from __future__ import annotations

from django import template

from actions.selectors.outputs import LabSummary, lab_summary
from labs.models import Lab

register = template.Library()


@register.simple_tag
def lab_outputs(lab: Lab) -> LabSummary:
    return lab_summary(lab=lab)
