"""The built-in methods (boards/methods.py), as data a lab can copy and extend."""

from django.db import migrations


def load(apps, schema_editor):
    from boards.methods import load_builtin

    load_builtin(apps.get_model("boards", "Method"))


class Migration(migrations.Migration):
    dependencies = [("boards", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
