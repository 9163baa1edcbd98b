from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True  # this module also holds LoginLockoutsConfig
    name = "core"
    verbose_name = _("Cluster")


class LoginLockoutsConfig(AxesAppConfig):  # type: ignore[misc]  # django-axes ships no types
    """django-axes under a Russian name: its own app config has no verbose_name ("AXES")."""

    verbose_name = _("Login lockouts")
