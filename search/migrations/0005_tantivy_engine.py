"""The tantivy engine replaces FTS5 and tsvector: their tables go; stored documents and the change log
come. The documents are computed by `rebuild_index --retokenize` (setup_catalogue runs it)."""

import django.db.models.deletion
from django.db import migrations, models


def drop_engine_tables(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")


class Migration(migrations.Migration):
    dependencies = [("reforms", "0001_initial"), ("search", "0004_index_state")]

    operations = [
        migrations.RunPython(drop_engine_tables, migrations.RunPython.noop),
        migrations.DeleteModel(name="SearchEntry"),
        migrations.DeleteModel(name="IndexState"),
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("reform", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="search_document", serialize=False, to="reforms.reform")),
                ("title", models.TextField()),
                ("labels", models.TextField()),
                ("main", models.TextField()),
                ("body", models.TextField()),
                ("title_words", models.TextField()),
                ("reform_updated_at", models.DateTimeField(null=True)),
            ],
            options={"verbose_name": "检索文档", "verbose_name_plural": "检索文档"},
        ),
        migrations.CreateModel(
            name="IndexChange",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("reform_id", models.BigIntegerField(null=True)),
                ("token", models.CharField(max_length=32)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={"verbose_name": "索引变更记录", "verbose_name_plural": "索引变更记录"},
        ),
    ]
