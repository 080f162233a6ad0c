"""Provinces and districts of Thailand from the geothai package.

Data, not code: a later geothai release adds or renames places through a
new migration that calls load_places again (it updates by code).
"""

from django.db import migrations


def load_places(apps, schema_editor):
    import geothai

    Province = apps.get_model("directory", "Province")
    District = apps.get_model("directory", "District")
    for province in geothai.provinces():
        row, _ = Province.objects.update_or_create(
            code=province.code, defaults={"name_th": province.name_th, "name_en": province.name_en}
        )
        for district in geothai.districts(province.code):
            District.objects.update_or_create(
                code=district.code,
                defaults={"province": row, "name_th": district.name_th, "name_en": district.name_en},
            )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(load_places, migrations.RunPython.noop)]
