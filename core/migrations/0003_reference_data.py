from django.db import migrations


def load(apps, schema_editor):
    from core.reference import load_all

    load_all(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
