import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


def create_engine_tables(apps, schema_editor):
    """The engine-specific half of the index: an FTS5 table on SQLite, a GIN index on PostgreSQL."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5(title, main, body, tokenize = 'unicode61 remove_diacritics 0')"
        )
    elif vendor == "postgresql":
        schema_editor.execute("CREATE INDEX search_entry_document_gin ON search_searchentry USING gin (document)")


def drop_engine_tables(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_document_gin")


class Migration(migrations.Migration):
    initial = True
    dependencies = [("reforms", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("reform", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="search_entry", serialize=False, to="reforms.reform")),
                ("document", django.contrib.postgres.search.SearchVectorField(null=True)),
                ("indexed_at", models.DateTimeField(auto_now=True)),
            ],
            options={"verbose_name": "检索索引条目", "verbose_name_plural": "检索索引条目"},
        ),
        migrations.CreateModel(
            name="SynonymGroup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("terms", models.CharField(help_text="用逗号或空格分隔,例如:秒批, 秒报秒批", max_length=255, verbose_name="同义词")),
                ("note", models.CharField(blank=True, max_length=255, verbose_name="说明")),
            ],
            options={"verbose_name": "同义词组", "verbose_name_plural": "同义词组", "ordering": ["id"]},
        ),
        migrations.RunPython(create_engine_tables, drop_engine_tables),
    ]
