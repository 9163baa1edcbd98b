from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Partner matching")

    def ready(self) -> None:
        # The one place where this process's index is dropped: resources announces its bulk
        # imports without importing matching; single edits arrive through the change log.
        from matching.live_index import forget_index_after_import
        from resources.signals import maps_imported

        maps_imported.connect(forget_index_after_import, dispatch_uid="matching.live_index")
