"""Question versions keep the HTML of their Markdown texts (content/markdown.py); versions made before are filled
here, so no worker renders them again."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from content import markdown

    version_model = apps.get_model("content", "QuestionVersion")
    changed = []
    for version in version_model.objects.all().iterator(chunk_size=500):
        texts = [version.stem, version.scenario, version.explanation]
        for choice in version.choices:
            texts += [choice.get("text", ""), choice.get("rationale", "")]
        version.rendered = markdown.rendered_texts(texts)
        changed.append(version)
    version_model.objects.bulk_update(changed, ["rendered"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0004_bank_co_owners"),
    ]

    operations = [
        migrations.AddField(
            model_name="questionversion",
            name="rendered",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
