"""The catalogue and the default rule set as data (the triggers are in awards.triggers, see AwardsConfig)."""

import datetime

from django.db import migrations

from awards.catalog import load_catalog

def load_data(apps, schema_editor):
    load_catalog(apps.get_model("awards", "AwardType"))
    RuleSet = apps.get_model("awards", "RuleSet")
    if not RuleSet.objects.exists():
        RuleSet.objects.create(
            name="Quy tắc mặc định",
            effective_from=datetime.date(2000, 1, 1),
            legal_basis=(
                "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP; Thông tư 02/2024/TT-VKSTC. "
                "Các giá trị chưa được xác nhận trong văn bản là giá trị mặc định, có thể sửa."
            ),
        )


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [
        migrations.RunPython(load_data, migrations.RunPython.noop),
    ]
