from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "labs"
    verbose_name = _("Labs and challenges")

    def ready(self) -> None:
        # How labs and challenges become search documents.
        from labs import personal_data, search_index  # noqa: F401

        # What labs keep about a person goes into their PDPA data export.
        personal_data.connect()
