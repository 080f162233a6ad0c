"""Frameworks as data: design processes and their stages, the 17 SDGs and
the OPSI innovation facets. Labs add their own processes as rows."""

from django.db import migrations

PROCESSES = [
    (
        "double-diamond",
        "เพชรคู่ (Double Diamond)",
        "Double Diamond",
        [
            ("discover", "ค้นหา", "Discover"),
            ("define", "นิยามปัญหา", "Define"),
            ("develop", "พัฒนาแนวทาง", "Develop"),
            ("deliver", "ส่งมอบ", "Deliver"),
        ],
    ),
    (
        "d-school",
        "กระบวนการคิดเชิงออกแบบ (Stanford d.school)",
        "Design thinking (Stanford d.school)",
        [
            ("empathize", "เข้าใจผู้ใช้", "Empathize"),
            ("define", "นิยามปัญหา", "Define"),
            ("ideate", "ระดมความคิด", "Ideate"),
            ("prototype", "สร้างต้นแบบ", "Prototype"),
            ("test", "ทดสอบ", "Test"),
        ],
    ),
]

GOALS = [
    (1, "ขจัดความยากจน", "No poverty"),
    (2, "ขจัดความหิวโหย", "Zero hunger"),
    (3, "การมีสุขภาพและความเป็นอยู่ที่ดี", "Good health and well-being"),
    (4, "การศึกษาที่มีคุณภาพ", "Quality education"),
    (5, "ความเท่าเทียมทางเพศ", "Gender equality"),
    (6, "การจัดการน้ำและสุขาภิบาล", "Clean water and sanitation"),
    (7, "พลังงานสะอาดที่ทุกคนเข้าถึงได้", "Affordable and clean energy"),
    (8, "การจ้างงานที่มีคุณค่าและการเติบโตทางเศรษฐกิจ", "Decent work and economic growth"),
    (9, "อุตสาหกรรม นวัตกรรม และโครงสร้างพื้นฐาน", "Industry, innovation and infrastructure"),
    (10, "ลดความเหลื่อมล้ำ", "Reduced inequalities"),
    (11, "เมืองและถิ่นฐานมนุษย์อย่างยั่งยืน", "Sustainable cities and communities"),
    (12, "แผนการบริโภคและการผลิตที่ยั่งยืน", "Responsible consumption and production"),
    (13, "การรับมือการเปลี่ยนแปลงสภาพภูมิอากาศ", "Climate action"),
    (14, "การใช้ประโยชน์จากมหาสมุทรและทรัพยากรทางทะเล", "Life below water"),
    (15, "การใช้ประโยชน์จากระบบนิเวศทางบก", "Life on land"),
    (16, "สังคมสงบสุข ยุติธรรม ไม่แบ่งแยก", "Peace, justice and strong institutions"),
    (17, "ความร่วมมือเพื่อการพัฒนาที่ยั่งยืน", "Partnerships for the goals"),
]

FACETS = [
    ("enhancement", "การยกระดับ", "Enhancement-oriented", "ทำสิ่งเดิมให้ดีขึ้น", "Do X better"),
    ("mission", "การมุ่งพันธกิจ", "Mission-oriented", "บรรลุเป้าหมายที่กำหนด", "Achieve X"),
    ("adaptive", "การปรับตัว", "Adaptive", "สถานการณ์ที่เปลี่ยนไปเปลี่ยนวิธีทำ", "Our changed situation changes how we do X"),
    ("anticipatory", "การคาดการณ์ล่วงหน้า", "Anticipatory", "ความเป็นไปได้ใหม่เปลี่ยนสิ่งที่ควรทำ", "Emerging possibilities change what X should be"),
]


def load(apps, schema_editor):
    Process = apps.get_model("labs", "Process")
    Stage = apps.get_model("labs", "Stage")
    Goal = apps.get_model("labs", "Goal")
    Facet = apps.get_model("labs", "Facet")
    for key, name_th, name_en, stages in PROCESSES:
        process, _ = Process.objects.update_or_create(
            key=key, defaults={"name_th": name_th, "name_en": name_en}
        )
        for order, (stage_key, stage_th, stage_en) in enumerate(stages, start=1):
            Stage.objects.update_or_create(
                process=process,
                key=stage_key,
                defaults={"order": order, "name_th": stage_th, "name_en": stage_en},
            )
    for number, name_th, name_en in GOALS:
        Goal.objects.update_or_create(number=number, defaults={"name_th": name_th, "name_en": name_en})
    for key, name_th, name_en, description_th, description_en in FACETS:
        Facet.objects.update_or_create(
            key=key,
            defaults={
                "name_th": name_th,
                "name_en": name_en,
                "description_th": description_th,
                "description_en": description_en,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("labs", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
