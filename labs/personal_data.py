"""What labs keep about a person, for the PDPA export of their data."""

from __future__ import annotations

from typing import Any

from accounts.personal_data import register
from labs.models import ChallengeAttachment, Invitation, Member
from lib.service_fields import iso


def lab_memberships(user: Any, person: Any) -> list[dict[str, Any]]:
    if person is None:
        return []
    members = (
        Member.objects.filter(person=person)
        .select_related("lab", "organisation")
        .prefetch_related("tags")
        .order_by("joined_at")
    )
    invitations = {i.member_id: i for i in Invitation.objects.filter(member__person=person)}
    return [
        {
            "lab": member.lab.name_th,
            "lab_en": member.lab.name_en,
            "role": member.role,
            "organisation_represented": member.organisation.name_th
            if member.organisation
            else None,
            "tags": sorted(t.name for t in member.tags.all()),
            "joined_at": iso(member.joined_at),
            "invitation": (
                {
                    "email": invitations[member.pk].email,
                    "sent_at": iso(invitations[member.pk].sent_at),
                    "accepted_at": iso(invitations[member.pk].accepted_at),
                }
                if member.pk in invitations
                else None
            ),
        }
        for member in members
    ]


def erase_invitations(user: Any, person: Any) -> None:
    """Invitations keep the address they were sent to; erasure removes it."""
    if person is not None:
        Invitation.objects.filter(member__person=person).update(email=f"erased-{user.pk}@invalid")


def challenge_attachments_uploaded(user: Any, person: Any) -> list[dict[str, Any]]:
    """The one personal datum an attachment keeps is who uploaded it."""
    if not getattr(user, "pk", None):
        return []
    attachments = ChallengeAttachment.objects.filter(uploaded_by=user).select_related("challenge")
    return [
        {
            "challenge": a.challenge.title_th,
            "file": a.file.name,
            "title": a.title,
            "uploaded_at": iso(a.uploaded_at),
        }
        for a in attachments.order_by("uploaded_at", "pk")
    ]


def erase_attachment_uploader(user: Any, person: Any) -> None:
    """The files are the lab's and stay; the link to the uploader goes."""
    if getattr(user, "pk", None):
        ChallengeAttachment.objects.filter(uploaded_by=user).update(uploaded_by=None)


def connect() -> None:
    register("lab_memberships", lab_memberships, erase_invitations)
    register("challenge_attachments", challenge_attachments_uploaded, erase_attachment_uploader)
