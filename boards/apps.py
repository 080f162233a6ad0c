from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardsConfig(AppConfig):
    name = "boards"
    verbose_name = _("Live boards")

    def ready(self) -> None:
        from boards import personal_data, rules  # noqa: F401

        personal_data.connect()
