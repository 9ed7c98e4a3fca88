"""Every attempt item has its question version from now on (0003 filled the existing ones)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0003_fill_item_versions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="attemptitem",
            name="version",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="attempt_items",
                to="content.questionversion",
            ),
        ),
    ]
