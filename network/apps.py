from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        # Keeps ties current as workshops, boards and plans change
        # (network/signals.py), without recomputing the measures.
        from network import signals

        signals.connect()
        # What the network keeps about a person, for "download my data" and erasure.
        from network import personal_data

        personal_data.connect()
