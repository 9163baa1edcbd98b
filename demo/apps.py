from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo region, loaded by `manage.py load_demo`; it imports every app, none imports it."""

    name = "demo"
