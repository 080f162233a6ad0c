from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = _("Outputs and follow-through")

    def ready(self) -> None:
        # context_processors: warms the header's unread count at sign-in.
        from actions import context_processors, personal_data, rules  # noqa: F401

        personal_data.connect()
