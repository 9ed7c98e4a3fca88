"""Install the built-in exam blueprints (quizzes/blueprints.py)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from quizzes.blueprints import install_builtin

    install_builtin(apps.get_model("quizzes", "Blueprint"))


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0005_blueprints")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
