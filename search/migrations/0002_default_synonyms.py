from django.db import migrations

DEFAULT_GROUPS = [
    ("秒批, 秒报秒批, 智能秒批", "秒批的各种写法"),
    ("拿地即开工, 拿地即动工", "同一改革的两种写法"),
    ("一网通办, 全程网办", ""),
    ("告知承诺制, 告知承诺, 信用承诺", ""),
    ("广州开发区, 黄埔区", "一套班子两块牌子"),
    ("12345热线, 政务服务便民热线", ""),
]


def add_defaults(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    if not SynonymGroup.objects.exists():
        SynonymGroup.objects.bulk_create(SynonymGroup(terms=t, note=n) for t, n in DEFAULT_GROUPS)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
