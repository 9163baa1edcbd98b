from django.db import migrations

from members.search import POSTGRES_CREATE, POSTGRES_DROP, SQLITE_CREATE, SQLITE_DROP


def _run(schema_editor, statements_by_vendor):
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE})


def drop(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})


class Migration(migrations.Migration):
    dependencies = [("members", "0002_directory_indexes")]

    operations = [migrations.RunPython(create, drop)]
