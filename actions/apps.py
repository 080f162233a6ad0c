from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = _("Outputs and follow-through")

    def ready(self) -> None:
        from actions import personal_data, rules  # noqa: F401

        personal_data.connect()
