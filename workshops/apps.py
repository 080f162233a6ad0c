from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self) -> None:
        # What workshops keep about a person goes into their PDPA data export.
        from workshops import personal_data

        personal_data.connect()
