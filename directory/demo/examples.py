"""Example organisations and people for the demo's network (ข้อมูลตัวอย่าง).

Not from the seed pages, and said so. The pages name the agencies that took
part in their events but almost none of the people: the ป.ย.ป. course had
participants "ป.ย.ป. 2 – 4 จาก 11 หน่วยงาน", the southern workshop brought
"สภาพัฒน์ เกษตรจังหวัด เกษตรและสหกรณ์ สสจ ศอบต. มหาวิทยาลัย หน่วยงานเอกชน
ภาคประชาสังคม ภาคประชาชน" together, the OECD review met "กว่า 27 หน่วยงาน"
of government, the private sector and civil society. Without people in
those rooms the network of who worked with whom is empty, so the demo adds:

- `EXAMPLE_ORGANISATIONS`: real Thai agencies (departments under the
  pages' ministries, provincial offices, local government, universities,
  civil society and business associations of the regions the pages cover),
  with their official names and abbreviations. They are real bodies; their
  part in the demo's events is ours.
- `example_people()`: staff of those agencies and of the pages' own, with
  made-up names (common Thai given names and surnames, Malay-Muslim ones
  for the southern border provinces, northern ones for Chiang Mai), each
  tagged `EXAMPLE_TAG` as the demo's other example people are
  (actions/demo.py), so that the directory says they are examples.

network/demo.py puts them in the events' sessions and breakout groups.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from directory.demo.data import ABBREVIATION, GOV_C, GOV_R, INTL, K, Org, Provenance
from directory.models import Sector

EXAMPLE_TAG = "ข้อมูลตัวอย่าง"
GOV_L = Sector.GOVERNMENT_LOCAL
ACADEMIA = Sector.ACADEMIA
CSO = Sector.CIVIL_SOCIETY
PRIVATE = Sector.PRIVATE


def _org(
    key: str,
    name_th: str,
    sector: str,
    kind: str,
    *,
    abbreviation_th: str = "",
    name_en: str = "",
    abbreviation_en: str = "",
    parent: str | None = None,
    province: str = "",
    aliases: tuple[tuple[str, str], ...] = (),
) -> Org:
    return Org(
        key=key,
        name_th=name_th,
        name_en=name_en,
        abbreviation_th=abbreviation_th,
        abbreviation_en=abbreviation_en,
        sector=sector,
        kind=kind,
        parent=parent,
        province=province,
        aliases=aliases,
        sources=(),
        provenance=Provenance.DERIVED,
        note="example: a real agency, not named by the seed pages",
    )


# Parents are keys of directory.demo.data.ORGANISATIONS or of this list.
EXAMPLE_ORGANISATIONS: list[Org] = [
    # --- Central government: the ป.ย.ป. cohort's ministries and their departments
    _org(
        "opm",
        "สำนักนายกรัฐมนตรี",
        GOV_C,
        K.MINISTRY,
        abbreviation_th="นร.",
        name_en="Office of the Prime Minister",
        abbreviation_en="OPM",
    ),
    _org(
        "ops-opm",
        "สำนักงานปลัดสำนักนายกรัฐมนตรี",
        GOV_C,
        K.DEPARTMENT,
        abbreviation_th="สปน.",
        name_en="Office of the Permanent Secretary, Office of the Prime Minister",
        parent="opm",
    ),
    _org(
        "oic",
        "สำนักงานคณะกรรมการข้อมูลข่าวสารของราชการ",
        GOV_C,
        K.OFFICE,
        abbreviation_th="สขร.",
        name_en="Office of the Official Information Commission",
        parent="ops-opm",
    ),
    _org(
        "prd",
        "กรมประชาสัมพันธ์",
        GOV_C,
        K.DEPARTMENT,
        abbreviation_th="กปส.",
        name_en="Government Public Relations Department",
        abbreviation_en="PRD",
        parent="opm",
    ),
    _org(
        "bb",
        "สำนักงบประมาณ",
        GOV_C,
        K.OFFICE,
        abbreviation_th="สงป.",
        name_en="Bureau of the Budget",
        parent="opm",
    ),
    _org(
        "ocsc",
        "สำนักงานคณะกรรมการข้าราชการพลเรือน",
        GOV_C,
        K.OFFICE,
        abbreviation_th="สำนักงาน ก.พ.",
        name_en="Office of the Civil Service Commission",
        abbreviation_en="OCSC",
        parent="opm",
    ),
    _org(
        "nso",
        "สำนักงานสถิติแห่งชาติ",
        GOV_C,
        K.OFFICE,
        abbreviation_th="สสช.",
        name_en="National Statistical Office",
        abbreviation_en="NSO",
        parent="mdes",
    ),
    _org(
        "mof",
        "กระทรวงการคลัง",
        GOV_C,
        K.MINISTRY,
        abbreviation_th="กค.",
        name_en="Ministry of Finance",
        abbreviation_en="MOF",
    ),
    _org(
        "cgd",
        "กรมบัญชีกลาง",
        GOV_C,
        K.DEPARTMENT,
        abbreviation_th="บก.",
        name_en="Comptroller General's Department",
        abbreviation_en="CGD",
        parent="mof",
    ),
    _org(
        "baac",
        "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร",
        GOV_C,
        K.OFFICE,
        abbreviation_th="ธ.ก.ส.",
        name_en="Bank for Agriculture and Agricultural Cooperatives",
        abbreviation_en="BAAC",
        parent="mof",
    ),
    _org(
        "dopa",
        "กรมการปกครอง",
        GOV_C,
        K.DEPARTMENT,
        abbreviation_th="ปค.",
        name_en="Department of Provincial Administration",
        abbreviation_en="DOPA",
        parent="moi",
    ),
    _org(
        "dla",
        "กรมส่งเสริมการปกครองท้องถิ่น",
        GOV_C,
        K.DEPARTMENT,
        abbreviation_th="สถ.",
        name_en="Department of Local Administration",
        abbreviation_en="DLA",
        parent="moi",
    ),
    _org(
        "cdd",
        "กรมการพัฒนาชุมชน",
        GOV_C,
        K.DEPARTMENT,
        abbreviation_th="พช.",
        name_en="Community Development Department",
        abbreviation_en="CDD",
        parent="moi",
    ),
    _org(
        "ops-moe",
        "สำนักงานปลัดกระทรวงศึกษาธิการ",
        GOV_C,
        K.DEPARTMENT,
        abbreviation_th="สป.ศธ.",
        name_en="Office of the Permanent Secretary, Ministry of Education",
        parent="moe",
    ),
    _org(
        "obec",
        "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน",
        GOV_C,
        K.OFFICE,
        abbreviation_th="สพฐ.",
        name_en="Office of the Basic Education Commission",
        abbreviation_en="OBEC",
        parent="moe",
    ),
    _org(
        "ovec",
        "สำนักงานคณะกรรมการการอาชีวศึกษา",
        GOV_C,
        K.OFFICE,
        abbreviation_th="สอศ.",
        name_en="Office of the Vocational Education Commission",
        abbreviation_en="OVEC",
        parent="moe",
    ),
    _org(
        "dcy",
        "กรมกิจการเด็กและเยาวชน",
        GOV_C,
        K.DEPARTMENT,
        abbreviation_th="ดย.",
        name_en="Department of Children and Youth",
        abbreviation_en="DCY",
        parent="msdhs",
    ),
    _org(
        "dsdw",
        "กรมพัฒนาสังคมและสวัสดิการ",
        GOV_C,
        K.DEPARTMENT,
        abbreviation_th="พส.",
        name_en="Department of Social Development and Welfare",
        abbreviation_en="DSDW",
        parent="msdhs",
    ),
    _org(
        "codi",
        "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)",
        GOV_C,
        K.OFFICE,
        abbreviation_th="พอช.",
        name_en="Community Organizations Development Institute (Public Organization)",
        abbreviation_en="CODI",
        parent="msdhs",
    ),
    _org(
        "dms",
        "กรมการแพทย์",
        GOV_C,
        K.DEPARTMENT,
        abbreviation_th="พ.",
        name_en="Department of Medical Services",
        abbreviation_en="DMS",
        parent="moph",
    ),
    _org(
        "pmnidat",
        "สถาบันบำบัดรักษาและฟื้นฟูผู้ติดยาเสพติดแห่งชาติบรมราชชนนี",
        GOV_C,
        K.OFFICE,
        abbreviation_th="สบยช.",
        abbreviation_en="PMNIDAT",
        name_en="Princess Mother National Institute on Drug Abuse Treatment",
        parent="dms",
    ),
    _org(
        "dmh",
        "กรมสุขภาพจิต",
        GOV_C,
        K.DEPARTMENT,
        abbreviation_th="สจ.",
        name_en="Department of Mental Health",
        abbreviation_en="DMH",
        parent="moph",
    ),
    _org(
        "oncb",
        "สำนักงานคณะกรรมการป้องกันและปราบปรามยาเสพติด",
        GOV_C,
        K.OFFICE,
        abbreviation_th="ป.ป.ส.",
        name_en="Office of the Narcotics Control Board",
        abbreviation_en="ONCB",
        parent="moj",
    ),
    _org(
        "dop",
        "กรมคุมประพฤติ",
        GOV_C,
        K.DEPARTMENT,
        abbreviation_th="คป.",
        name_en="Department of Probation",
        abbreviation_en="DOP",
        parent="moj",
    ),
    _org(
        "doc",
        "กรมราชทัณฑ์",
        GOV_C,
        K.DEPARTMENT,
        abbreviation_th="รท.",
        name_en="Department of Corrections",
        abbreviation_en="DOC",
        parent="moj",
    ),
    _org(
        "ncb",
        "กองบัญชาการตำรวจปราบปรามยาเสพติด",
        GOV_C,
        K.DIVISION,
        abbreviation_th="บช.ปส.",
        name_en="Narcotics Suppression Bureau",
        abbreviation_en="NSB",
        parent="rtp",
    ),
    _org(
        "rta",
        "กองทัพบก",
        GOV_C,
        K.DEPARTMENT,
        abbreviation_th="ทบ.",
        name_en="Royal Thai Army",
        abbreviation_en="RTA",
        parent="mod",
    ),
    _org(
        "mol",
        "กระทรวงแรงงาน",
        GOV_C,
        K.MINISTRY,
        abbreviation_th="รง.",
        name_en="Ministry of Labour",
        abbreviation_en="MOL",
    ),
    _org(
        "doe",
        "กรมการจัดหางาน",
        GOV_C,
        K.DEPARTMENT,
        abbreviation_th="กกจ.",
        name_en="Department of Employment",
        abbreviation_en="DOE",
        parent="mol",
    ),
    _org(
        "mhesi",
        "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม",
        GOV_C,
        K.MINISTRY,
        abbreviation_th="อว.",
        abbreviation_en="MHESI",
        name_en="Ministry of Higher Education, Science, Research and Innovation",
    ),
    _org(
        "nia",
        "สำนักงานนวัตกรรมแห่งชาติ (องค์การมหาชน)",
        GOV_C,
        K.OFFICE,
        abbreviation_th="สนช.",
        name_en="National Innovation Agency (Public Organization)",
        abbreviation_en="NIA",
        parent="mhesi",
    ),
    _org(
        "kpi",
        "สถาบันพระปกเกล้า",
        GOV_C,
        K.OFFICE,
        name_en="King Prajadhipok's Institute",
        abbreviation_en="KPI",
    ),
    _org(
        "mnre",
        "กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม",
        GOV_C,
        K.MINISTRY,
        abbreviation_th="ทส.",
        name_en="Ministry of Natural Resources and Environment",
        abbreviation_en="MNRE",
    ),
    _org(
        "ops-mnre",
        "สำนักงานปลัดกระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม",
        GOV_C,
        K.DEPARTMENT,
        abbreviation_th="สป.ทส.",
        parent="mnre",
        name_en="Office of the Permanent Secretary, Ministry of Natural Resources and Environment",
    ),
    _org(
        "pcd",
        "กรมควบคุมมลพิษ",
        GOV_C,
        K.DEPARTMENT,
        abbreviation_th="คพ.",
        name_en="Pollution Control Department",
        abbreviation_en="PCD",
        parent="mnre",
    ),
    # --- Regional government ----------------------------------------------------
    _org(
        "ppho-khonkaen",
        "สำนักงานสาธารณสุขจังหวัดขอนแก่น",
        GOV_R,
        K.PROVINCIAL_OFFICE,
        abbreviation_th="สสจ.ขอนแก่น",
        name_en="Khon Kaen Provincial Public Health Office",
        parent="ops-moph",
        province="ขอนแก่น",
    ),
    _org(
        "ppho-chiangmai",
        "สำนักงานสาธารณสุขจังหวัดเชียงใหม่",
        GOV_R,
        K.PROVINCIAL_OFFICE,
        abbreviation_th="สสจ.เชียงใหม่",
        name_en="Chiang Mai Provincial Public Health Office",
        parent="ops-moph",
        province="เชียงใหม่",
    ),
    _org(
        "tnr-chiangmai",
        "สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัดเชียงใหม่",
        GOV_R,
        K.PROVINCIAL_OFFICE,
        abbreviation_th="ทสจ.เชียงใหม่",
        parent="ops-mnre",
        name_en="Chiang Mai Provincial Office of Natural Resources and Environment",
        province="เชียงใหม่",
    ),
    _org(
        "dopa-yala",
        "ที่ทำการปกครองจังหวัดยะลา",
        GOV_R,
        K.PROVINCIAL_OFFICE,
        name_en="Yala Provincial Administration Office",
        parent="dopa",
        province="ยะลา",
    ),
    _org(
        "dop-yala",
        "สำนักงานคุมประพฤติจังหวัดยะลา",
        GOV_R,
        K.PROVINCIAL_OFFICE,
        name_en="Yala Provincial Probation Office",
        parent="dop",
        province="ยะลา",
    ),
    _org(
        "cdd-pattani",
        "สำนักงานพัฒนาชุมชนจังหวัดปัตตานี",
        GOV_R,
        K.PROVINCIAL_OFFICE,
        name_en="Pattani Provincial Community Development Office",
        parent="cdd",
        province="ปัตตานี",
    ),
    _org(
        "sdhs-yala",
        "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดยะลา",
        GOV_R,
        K.PROVINCIAL_OFFICE,
        abbreviation_th="พมจ.ยะลา",
        parent="ops-msdhs",
        province="ยะลา",
        name_en="Yala Provincial Office of Social Development and Human Security",
    ),
    _org(
        "oncb-9",
        "สำนักงานป้องกันและปราบปรามยาเสพติดภาค 9",
        GOV_R,
        K.PROVINCIAL_OFFICE,
        abbreviation_th="ป.ป.ส.ภาค 9",
        name_en="Office of the Narcotics Control Board Region 9",
        parent="oncb",
        province="สงขลา",
    ),
    _org(
        "pattani-treatment",
        "ศูนย์บำบัดรักษายาเสพติดปัตตานี",
        GOV_R,
        K.PROVINCIAL_OFFICE,
        name_en="Pattani Drug Dependence Treatment Center",
        parent="dms",
        province="ปัตตานี",
    ),
    _org(
        "yala-esa-1",
        "สำนักงานเขตพื้นที่การศึกษาประถมศึกษายะลา เขต 1",
        GOV_R,
        K.PROVINCIAL_OFFICE,
        abbreviation_th="สพป.ยะลา เขต 1",
        name_en="Yala Primary Educational Service Area Office 1",
        parent="obec",
        province="ยะลา",
    ),
    # --- Local government (beside the hierarchy: no parent) ----------------------
    _org(
        "ppao-pattani",
        "องค์การบริหารส่วนจังหวัดปัตตานี",
        GOV_L,
        K.LOCAL_GOVERNMENT,
        abbreviation_th="อบจ.ปัตตานี",
        name_en="Pattani Provincial Administrative Organization",
        province="ปัตตานี",
    ),
    _org(
        "ppao-yala",
        "องค์การบริหารส่วนจังหวัดยะลา",
        GOV_L,
        K.LOCAL_GOVERNMENT,
        abbreviation_th="อบจ.ยะลา",
        name_en="Yala Provincial Administrative Organization",
        province="ยะลา",
    ),
    _org(
        "ppao-narathiwat",
        "องค์การบริหารส่วนจังหวัดนราธิวาส",
        GOV_L,
        K.LOCAL_GOVERNMENT,
        abbreviation_th="อบจ.นราธิวาส",
        name_en="Narathiwat Provincial Administrative Organization",
        province="นราธิวาส",
    ),
    _org(
        "yala-city",
        "เทศบาลนครยะลา",
        GOV_L,
        K.LOCAL_GOVERNMENT,
        name_en="Yala City Municipality",
        province="ยะลา",
    ),
    _org(
        "pattani-town",
        "เทศบาลเมืองปัตตานี",
        GOV_L,
        K.LOCAL_GOVERNMENT,
        name_en="Pattani Town Municipality",
        province="ปัตตานี",
    ),
    _org(
        "khonkaen-city",
        "เทศบาลนครขอนแก่น",
        GOV_L,
        K.LOCAL_GOVERNMENT,
        name_en="Khon Kaen City Municipality",
        province="ขอนแก่น",
    ),
    _org(
        "ppao-chiangmai",
        "องค์การบริหารส่วนจังหวัดเชียงใหม่",
        GOV_L,
        K.LOCAL_GOVERNMENT,
        abbreviation_th="อบจ.เชียงใหม่",
        name_en="Chiang Mai Provincial Administrative Organization",
        province="เชียงใหม่",
    ),
    _org(
        "chiangmai-city",
        "เทศบาลนครเชียงใหม่",
        GOV_L,
        K.LOCAL_GOVERNMENT,
        name_en="Chiang Mai City Municipality",
        province="เชียงใหม่",
    ),
    _org(
        "bma",
        "กรุงเทพมหานคร",
        GOV_L,
        K.LOCAL_GOVERNMENT,
        abbreviation_th="กทม.",
        name_en="Bangkok Metropolitan Administration",
        abbreviation_en="BMA",
        province="กรุงเทพมหานคร",
    ),
    _org(
        "korat-city",
        "เทศบาลนครนครราชสีมา",
        GOV_L,
        K.LOCAL_GOVERNMENT,
        name_en="Nakhon Ratchasima City Municipality",
        province="นครราชสีมา",
    ),
    # --- Academia -----------------------------------------------------------------
    _org(
        "psu",
        "มหาวิทยาลัยสงขลานครินทร์",
        ACADEMIA,
        K.UNIVERSITY,
        abbreviation_th="ม.อ.",
        name_en="Prince of Songkla University",
        abbreviation_en="PSU",
        province="สงขลา",
    ),
    _org(
        "psu-pattani",
        "มหาวิทยาลัยสงขลานครินทร์ วิทยาเขตปัตตานี",
        ACADEMIA,
        K.DEPARTMENT,
        name_en="Prince of Songkla University, Pattani Campus",
        parent="psu",
        province="ปัตตานี",
    ),
    _org(
        "yru",
        "มหาวิทยาลัยราชภัฏยะลา",
        ACADEMIA,
        K.UNIVERSITY,
        abbreviation_th="มรย.",
        name_en="Yala Rajabhat University",
        abbreviation_en="YRU",
        province="ยะลา",
    ),
    _org(
        "pnu",
        "มหาวิทยาลัยนราธิวาสราชนครินทร์",
        ACADEMIA,
        K.UNIVERSITY,
        abbreviation_th="มนร.",
        name_en="Princess of Naradhiwas University",
        abbreviation_en="PNU",
        province="นราธิวาส",
    ),
    _org(
        "fatoni",
        "มหาวิทยาลัยฟาฏอนี",
        ACADEMIA,
        K.UNIVERSITY,
        name_en="Fatoni University",
        abbreviation_en="FTU",
        province="ปัตตานี",
    ),
    _org(
        "chula",
        "จุฬาลงกรณ์มหาวิทยาลัย",
        ACADEMIA,
        K.UNIVERSITY,
        name_en="Chulalongkorn University",
        abbreviation_en="CU",
        province="กรุงเทพมหานคร",
    ),
    _org(
        "chula-polsci",
        "คณะรัฐศาสตร์ จุฬาลงกรณ์มหาวิทยาลัย",
        ACADEMIA,
        K.DEPARTMENT,
        name_en="Faculty of Political Science, Chulalongkorn University",
        parent="chula",
        province="กรุงเทพมหานคร",
    ),
    _org(
        "tu",
        "มหาวิทยาลัยธรรมศาสตร์",
        ACADEMIA,
        K.UNIVERSITY,
        abbreviation_th="มธ.",
        name_en="Thammasat University",
        abbreviation_en="TU",
        province="กรุงเทพมหานคร",
    ),
    _org(
        "nida",
        "สถาบันบัณฑิตพัฒนบริหารศาสตร์",
        ACADEMIA,
        K.UNIVERSITY,
        abbreviation_th="นิด้า",
        name_en="National Institute of Development Administration",
        abbreviation_en="NIDA",
        province="กรุงเทพมหานคร",
    ),
    _org(
        "cmu",
        "มหาวิทยาลัยเชียงใหม่",
        ACADEMIA,
        K.UNIVERSITY,
        abbreviation_th="มช.",
        name_en="Chiang Mai University",
        abbreviation_en="CMU",
        province="เชียงใหม่",
    ),
    _org(
        "tdri",
        "สถาบันวิจัยเพื่อการพัฒนาประเทศไทย",
        ACADEMIA,
        K.NGO,
        abbreviation_th="ทีดีอาร์ไอ",
        name_en="Thailand Development Research Institute",
        abbreviation_en="TDRI",
        province="กรุงเทพมหานคร",
    ),
    _org(
        "kku",
        "มหาวิทยาลัยขอนแก่น",
        ACADEMIA,
        K.UNIVERSITY,
        abbreviation_th="มข.",
        name_en="Khon Kaen University",
        abbreviation_en="KKU",
        province="ขอนแก่น",
    ),
    # --- Civil society --------------------------------------------------------------
    _org("raks-thai", "มูลนิธิรักษ์ไทย", CSO, K.NGO, name_en="Raks Thai Foundation"),
    _org(
        "biothai", "มูลนิธิชีววิถี", CSO, K.NGO, name_en="BIOTHAI Foundation", abbreviation_en="BIOTHAI"
    ),
    _org(
        "aan",
        "เครือข่ายเกษตรกรรมทางเลือก",
        CSO,
        K.NETWORK,
        abbreviation_th="คกท.",
        name_en="Alternative Agriculture Network",
    ),
    _org(
        "ldi",
        "มูลนิธิสถาบันการเรียนรู้และพัฒนาประชาสังคม",
        CSO,
        K.NGO,
        name_en="Local Development Institute Foundation",
        abbreviation_en="LDI",
    ),
    _org(
        "act",
        "องค์กรต่อต้านคอร์รัปชัน (ประเทศไทย)",
        CSO,
        K.NGO,
        name_en="Anti-Corruption Organization of Thailand",
        abbreviation_en="ACT",
    ),
    _org(
        "ffc",
        "มูลนิธิเพื่อผู้บริโภค",
        CSO,
        K.NGO,
        abbreviation_th="มพบ.",
        name_en="Foundation for Consumers",
        abbreviation_en="FFC",
    ),
    _org(
        "breathe-cm",
        "สภาลมหายใจเชียงใหม่",
        CSO,
        K.NETWORK,
        name_en="Chiang Mai Breath Council",
        province="เชียงใหม่",
    ),
    # --- Private sector ------------------------------------------------------------------
    _org(
        "tcc",
        "สภาหอการค้าแห่งประเทศไทย",
        PRIVATE,
        K.NETWORK,
        name_en="Thai Chamber of Commerce and Board of Trade of Thailand",
    ),
    _org(
        "pattani-chamber",
        "หอการค้าจังหวัดปัตตานี",
        PRIVATE,
        K.NETWORK,
        name_en="Pattani Chamber of Commerce",
        province="ปัตตานี",
    ),
    _org(
        "yala-chamber",
        "หอการค้าจังหวัดยะลา",
        PRIVATE,
        K.NETWORK,
        name_en="Yala Chamber of Commerce",
        province="ยะลา",
    ),
    _org(
        "fti",
        "สภาอุตสาหกรรมแห่งประเทศไทย",
        PRIVATE,
        K.NETWORK,
        abbreviation_th="ส.อ.ท.",
        name_en="Federation of Thai Industries",
        abbreviation_en="FTI",
    ),
    _org(
        "opendream",
        "บริษัท โอเพ่นดรีม จำกัด",
        PRIVATE,
        K.COMPANY,
        name_en="Opendream Co., Ltd.",
        aliases=(("โอเพ่นดรีม", ABBREVIATION),),
    ),
    # --- International ---------------------------------------------------------------------
    _org(
        "sg-psd",
        "Public Service Division (Singapore)",
        INTL,
        K.OFFICE,
        name_en="Public Service Division, Prime Minister's Office (Singapore)",
    ),
    _org(
        "my-jpa",
        "Jabatan Perkhidmatan Awam (Malaysia)",
        INTL,
        K.DEPARTMENT,
        name_en="Public Service Department (Malaysia)",
        abbreviation_en="JPA",
    ),
]


# --- People ---------------------------------------------------------------------

# Given names (male, female) and surnames by region; combined in order, so
# the same data gives the same people on every machine.
_CENTRAL = (
    (
        "ธีรวัฒน์",
        "กิตติพงษ์",
        "ณัฐพล",
        "อนุชา",
        "ชัยวัฒน์",
        "สุรเชษฐ์",
        "พงศกร",
        "ภานุวัฒน์",
        "ศุภชัย",
        "วรวุฒิ",
        "ปิยะพงษ์",
        "อภิชาติ",
        "จิรายุ",
        "ธนากร",
        "เอกชัย",
        "ยุทธนา",
        "สิทธิชัย",
        "ณรงค์ศักดิ์",
        "วิชัย",
        "ปกรณ์",
        "ธนวัฒน์",
        "กฤษดา",
        "สุทธิพงษ์",
        "ชาญวิทย์",
        "ทวีศักดิ์",
        "นพดล",
        "อรรถพล",
        "ประเสริฐ",
        "วีระพงษ์",
        "สมศักดิ์",
    ),
    (
        "สุดารัตน์",
        "วิไลพร",
        "กาญจนา",
        "พรทิพย์",
        "ศิริลักษณ์",
        "นันทนา",
        "ปิยะนุช",
        "อรุณี",
        "รัชนี",
        "จันทร์เพ็ญ",
        "ณัฐธิดา",
        "สุภาวดี",
        "พัชราภรณ์",
        "กนกวรรณ",
        "ธิดารัตน์",
        "วรรณา",
        "ลัดดาวัลย์",
        "อัญชลี",
        "มณีรัตน์",
        "ปาริชาติ",
        "สุนันทา",
        "ชลธิชา",
        "เบญจวรรณ",
        "จิราพร",
        "ณัฐกานต์",
        "รุ่งนภา",
        "อารีรัตน์",
        "ศศิธร",
        "พิมพ์ชนก",
        "ยุพิน",
    ),
    (
        "สุขเจริญ",
        "วงศ์สวัสดิ์",
        "ทองดี",
        "แก้วมณี",
        "บุญมา",
        "ศรีวงศ์",
        "จันทร์แก้ว",
        "พรหมสุวรรณ",
        "รัตนพันธ์",
        "ชัยมงคล",
        "สมบูรณ์ชัย",
        "อินทร์แก้ว",
        "ประเสริฐสุข",
        "วัฒนศิริ",
        "เพชรรัตน์",
        "ธนสาร",
        "กิตติวงศ์",
        "มณีวงศ์",
        "บุญญาศิริ",
        "ทองประเสริฐ",
        "อ่อนศรี",
        "สุวรรณรัตน์",
        "เจริญผล",
        "นาคสวัสดิ์",
        "แสงทอง",
        "พิทักษ์ธรรม",
        "ศรีประเสริฐ",
        "วิเศษสุวรรณ",
        "ชูศักดิ์",
        "รุ่งเรืองศรี",
        "หอมจันทร์",
        "ปัญญาดี",
        "เรืองศรี",
        "สิทธิโชค",
        "ธรรมวงศ์",
        "บุญประเสริฐ",
        "ศักดิ์ดี",
    ),
)
_SOUTH = (
    (
        "อิสมาแอ",
        "มูฮัมหมัด",
        "อับดุลรอมัน",
        "ฮาซัน",
        "ซูไฮมี",
        "อาหะมะ",
        "มะยูโซะ",
        "รอซาลี",
        "อัสมัน",
        "ฟาริด",
        "อิบรอฮีม",
        "ซุลกิฟลี",
        "มะนาเซ",
        "อารีฟีน",
        "ชัยรัตน์",
        "สมพงษ์",
        "อนันต์",
        "วิทยา",
    ),
    (
        "ซูไรดา",
        "นูรีซัน",
        "ฟาตีมะห์",
        "รอฮานี",
        "ซารีฟะห์",
        "ยาวาฮีร์",
        "นูรฮายาตี",
        "มารีแย",
        "ฮามีดะห์",
        "คอลีเยาะ",
        "รุสนี",
        "อัยนี",
        "ซีตีฮาวา",
        "สุนิสา",
        "จารุวรรณ",
        "ปวีณา",
        "กัลยา",
        "ละเอียด",
    ),
    (
        "สาและ",
        "ดอเลาะ",
        "มะแซ",
        "เจ๊ะเลาะ",
        "หะยีสาแม",
        "อาแว",
        "ยูโซะ",
        "บินอาแว",
        "สะมะแอ",
        "ดือราแม",
        "มามะ",
        "แวนาแว",
        "เจะแม",
        "ลาเตะ",
        "หะมะ",
        "กาเซ็ม",
        "อาลี",
        "อุสมาน",
        "แก้วประดิษฐ์",
        "ทองสุวรรณ",
        "ศรีสุวรรณ",
        "จันทร์ขาว",
        "เพ็ชรสุข",
    ),
)
_NORTH = (
    ("ธนพัฒน์", "ศักดิ์ชัย", "นิพนธ์", "วสันต์", "ภูมิพัฒน์", "อำนาจ", "ชยพล", "สุริยา"),
    ("ดวงใจ", "ปราณี", "ศรีนวล", "บัวผัน", "พิไลพร", "อัมพร", "เกศินี", "วาสนา"),
    ("คำแก้ว", "อินต๊ะ", "ใจมา", "ปัญญาวงศ์", "ศรีวิชัย", "กันทะวงศ์", "ไชยวงศ์", "สุยะ", "ยาวิชัย"),
)
POOLS = {"central": _CENTRAL, "south": _SOUTH, "north": _NORTH}


@dataclass(frozen=True)
class Example:
    """One example person: `key` is "<organisation key>:<n>", their place
    among that organisation's example staff (network/demo.py names them so)."""

    key: str
    organisation: str
    position: str
    honorific: str = ""
    academic_title: str = ""
    first_name_th: str = ""
    last_name_th: str = ""
    first_name_en: str = ""
    last_name_en: str = ""
    since: dt.date | None = None
    # Earlier places: (organisation key, from, until, position). People move.
    earlier: tuple[tuple[str, dt.date, dt.date, str], ...] = field(default=())


@dataclass(frozen=True)
class Staff:
    """`count` example people of one organisation."""

    organisation: str
    count: int
    positions: tuple[str, ...]
    pool: str = "central"
    title: str = ""  # "academic", "police" or "army": the titles people there carry
    first: int = 0  # numbered from here: more staff of an organisation listed above


ANALYST = "นักวิเคราะห์นโยบายและแผนชำนาญการพิเศษ"
ANALYST_2 = "นักวิเคราะห์นโยบายและแผนชำนาญการ"
AGRI = ("นักวิชาการส่งเสริมการเกษตรชำนาญการ", "เกษตรจังหวัด")
COOP = ("นักวิชาการเกษตรชำนาญการพิเศษ", "นักวิเคราะห์นโยบายและแผนชำนาญการ")
HEALTH = ("นักวิชาการสาธารณสุขชำนาญการพิเศษ", "พยาบาลวิชาชีพชำนาญการ")
DEPUTY = "รองอธิบดี"
LECTURER = ("อาจารย์ประจำคณะรัฐศาสตร์", "นักวิจัย")
LOCAL = ("นักวิเคราะห์นโยบายและแผนชำนาญการ", "รองนายกองค์การบริหารส่วนจังหวัด")
CSO_STAFF = ("ผู้ประสานงานโครงการ", "เจ้าหน้าที่ภาคสนาม")

STAFF: list[Staff] = [
    # The southern food-systems workshop (seed 003) and its follow-up.
    Staff("nesdc", 3, (ANALYST, "ผู้อำนวยการกองยุทธศาสตร์การพัฒนาภาค", ANALYST_2)),
    Staff(
        "sbpac",
        4,
        ("ผู้อำนวยการส่วนยุทธศาสตร์การพัฒนา", ANALYST, ANALYST_2, "นักพัฒนาสังคมชำนาญการ"),
        "south",
    ),
    *(Staff(f"pao-{p}", 2, AGRI, "south") for p in ("pattani", "yala", "narathiwat")),
    *(Staff(f"paco-{p}", 2, COOP, "south") for p in ("pattani", "yala", "narathiwat")),
    *(Staff(f"ppho-{p}", 2, HEALTH, "south") for p in ("pattani", "yala", "narathiwat")),
    Staff("undp", 2, ("Programme Analyst", "Project Coordinator")),
    Staff("thailand-policy-lab", 3, ("นักออกแบบนโยบาย", "ผู้จัดการโครงการ", "นักวิจัยนโยบาย")),
    Staff("psu-pattani", 2, ("อาจารย์ประจำคณะวิทยาการสื่อสาร", "นักวิจัย"), "south", "academic"),
    Staff("yru", 2, ("อาจารย์ประจำคณะวิทยาศาสตร์เทคโนโลยีและการเกษตร", "นักวิจัย"), "south", "academic"),
    Staff("pnu", 2, ("อาจารย์ประจำคณะเกษตรศาสตร์", "นักวิจัย"), "south", "academic"),
    Staff("fatoni", 1, ("อาจารย์ประจำคณะวิทยาการอิสลาม",), "south", "academic"),
    Staff("pattani-chamber", 2, ("ประธานหอการค้าจังหวัดปัตตานี", "เลขาธิการหอการค้า"), "south"),
    Staff("yala-chamber", 1, ("รองประธานหอการค้าจังหวัดยะลา",), "south"),
    Staff("raks-thai", 2, CSO_STAFF, "south"),
    Staff("biothai", 1, ("นักวิจัยระบบอาหาร",)),
    Staff("aan", 1, ("ผู้ประสานงานเครือข่ายภาคใต้",), "south"),
    Staff("ldi", 1, ("ผู้อำนวยการมูลนิธิ",)),
    Staff("baan-phulita", 1, ("วิทยากรกระบวนการ",), "south"),
    Staff("ppao-pattani", 1, LOCAL, "south"),
    Staff("ppao-yala", 1, LOCAL, "south"),
    Staff("ppao-narathiwat", 1, LOCAL, "south"),
    Staff("yala-city", 1, ("ปลัดเทศบาลนครยะลา",), "south"),
    Staff("pattani-town", 1, ("นักพัฒนาชุมชนชำนาญการ",), "south"),
    Staff("cdd-pattani", 1, ("นักวิชาการพัฒนาชุมชนชำนาญการ",), "south"),
    Staff("baac", 1, ("ผู้จัดการสาขา",), "south"),
    Staff("health-area-12", 1, ("เลขานุการคณะกรรมการ",), "south"),
    Staff("thaihealth", 2, ("ผู้จัดการโครงการ", "ผู้อำนวยการสำนักสนับสนุนสุขภาวะชุมชน")),
    Staff("youth-health-network", 1, ("แกนนำเครือข่าย",), "south"),
    Staff("nhco", 1, ("นักวิชาการ",)),
    # The ป.ย.ป. 2023 cohort (seed 002): ป.ย.ป. 2 deputies of departments,
    # ป.ย.ป. 3 officials of provinces and local government, ป.ย.ป. 4 senior officers.
    Staff("pmdu", 2, (ANALYST, ANALYST_2)),
    Staff("moe", 1, ("รองปลัดกระทรวงศึกษาธิการ",)),
    Staff("ops-moe", 2, (ANALYST, "ผู้อำนวยการสำนักนโยบายและแผนการศึกษา")),
    Staff("obec", 2, ("รองเลขาธิการ กพฐ.", ANALYST)),
    Staff("ovec", 2, ("รองเลขาธิการ กอศ.", ANALYST)),
    Staff("onec", 2, (ANALYST, "ผู้อำนวยการสำนักมาตรฐานการศึกษาและพัฒนาการเรียนรู้")),
    Staff("dcy", 2, (DEPUTY, "นักพัฒนาสังคมชำนาญการพิเศษ")),
    Staff("dsdw", 1, ("นักพัฒนาสังคมชำนาญการพิเศษ",)),
    Staff("yala-esa-1", 1, ("รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",), "south"),
    Staff("khonkaen-city", 1, ("ผู้อำนวยการกองการศึกษา",)),
    Staff("dla", 1, (ANALYST,)),
    Staff("moph", 1, ("ผู้ตรวจราชการกระทรวงสาธารณสุข",)),
    Staff("dms", 1, (DEPUTY,)),
    Staff("pmnidat", 2, ("ผู้อำนวยการสถาบัน", "นายแพทย์ชำนาญการพิเศษ")),
    Staff("dmh", 1, ("นักจิตวิทยาคลินิกชำนาญการพิเศษ",)),
    Staff("ppho-khonkaen", 1, ("รองนายแพทย์สาธารณสุขจังหวัด",)),
    Staff("moj", 1, ("ผู้ตรวจราชการกระทรวงยุติธรรม",)),
    Staff("oncb", 2, ("รองเลขาธิการ ป.ป.ส.", ANALYST)),
    Staff("dop", 2, (DEPUTY, "พนักงานคุมประพฤติชำนาญการพิเศษ")),
    Staff("doc", 1, ("ผู้อำนวยการกองทัณฑวิทยา",)),
    Staff("rtp", 1, ("ผู้บังคับการกองแผนงานความมั่นคง",), title="police"),
    Staff("ncb", 2, ("รองผู้บัญชาการตำรวจปราบปรามยาเสพติด", "ผู้กำกับการ"), title="police"),
    Staff("mod", 1, ("ผู้อำนวยการกองนโยบายและแผน สำนักงานปลัดกระทรวงกลาโหม",), title="army"),
    Staff("rta", 2, ("รองเจ้ากรมกิจการพลเรือนทหารบก", "ฝ่ายเสนาธิการ"), title="army"),
    Staff("pacc", 2, ("รองเลขาธิการ ป.ป.ท.", "นักสืบสวนสอบสวนชำนาญการพิเศษ")),
    Staff("amlo", 2, ("รองเลขาธิการ ป.ป.ง.", "นักวิเคราะห์ธุรกรรมชำนาญการพิเศษ")),
    Staff("moi", 1, ("ผู้ตรวจราชการกระทรวงมหาดไทย",)),
    Staff("dopa", 2, (DEPUTY, "ปลัดอำเภอ")),
    Staff("dopa-yala", 1, ("ปลัดจังหวัดยะลา",), "south"),
    Staff("ops-msdhs", 1, ("ผู้ตรวจราชการกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์",)),
    # The 2024 pilot in Yala (the course's follow-through).
    Staff("dop-yala", 2, ("ผู้อำนวยการสำนักงานคุมประพฤติจังหวัดยะลา", "พนักงานคุมประพฤติชำนาญการ"), "south"),
    Staff("pattani-treatment", 1, ("นายแพทย์ชำนาญการพิเศษ",), "south"),
    Staff("sdhs-yala", 1, ("นักพัฒนาสังคมชำนาญการ",), "south"),
    Staff("oncb-9", 1, ("ผู้อำนวยการส่วนป้องกันยาเสพติด",), "south"),
    Staff("doe", 1, ("นักวิชาการแรงงานชำนาญการ",)),
    # The OECD review's agencies (seed 004: "กว่า 27 หน่วยงาน").
    Staff("opdc-innovation", 2, ("นักพัฒนาระบบราชการชำนาญการพิเศษ", "นักพัฒนาระบบราชการชำนาญการ")),
    Staff("opdc-international", 2, ("นักพัฒนาระบบราชการชำนาญการ", "นักวิเทศสัมพันธ์ชำนาญการ")),
    Staff("opdc-governance-institute", 1, ("นักพัฒนาระบบราชการชำนาญการพิเศษ",)),
    Staff("opdc-secretariat", 1, ("นักพัฒนาระบบราชการชำนาญการ",)),
    Staff("mdes", 2, ("รองปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", ANALYST)),
    Staff("dga", 2, ("ผู้อำนวยการฝ่ายมาตรฐานรัฐบาลดิจิทัล", "นักพัฒนารัฐบาลดิจิทัล")),
    Staff("etda", 1, ("ผู้อำนวยการฝ่ายกำกับดูแลธุรกรรมทางอิเล็กทรอนิกส์",)),
    Staff("nso", 1, ("นักวิชาการสถิติชำนาญการพิเศษ",)),
    Staff("oic", 1, ("ผู้อำนวยการกองส่งเสริมและเผยแพร่",)),
    Staff("prd", 1, ("นักประชาสัมพันธ์ชำนาญการพิเศษ",)),
    Staff("kpi", 1, ("ผู้อำนวยการสำนักนวัตกรรมเพื่อประชาธิปไตย",), title="academic"),
    Staff("bma", 1, ("ผู้อำนวยการกองยุทธศาสตร์ สำนักยุทธศาสตร์และประเมินผล",)),
    Staff("act", 1, ("เลขาธิการองค์กรต่อต้านคอร์รัปชัน",)),
    Staff("ffc", 1, ("ผู้จัดการมูลนิธิ",)),
    Staff("tdri", 1, ("นักวิจัยอาวุโส",), title="academic"),
    Staff("chula-polsci", 1, LECTURER, title="academic"),
    Staff("tu", 1, ("อาจารย์ประจำคณะรัฐศาสตร์",), title="academic"),
    Staff("nida", 1, ("อาจารย์ประจำคณะรัฐประศาสนศาสตร์",), title="academic"),
    Staff("codi", 1, ("ผู้อำนวยการสำนักพัฒนาองค์กรชุมชนภาคใต้",), "south"),
    Staff("ocsc", 2, ("ผู้อำนวยการสถาบันพัฒนาข้าราชการพลเรือน", "นักทรัพยากรบุคคลชำนาญการพิเศษ")),
    Staff("bb", 1, ("นักวิเคราะห์งบประมาณชำนาญการพิเศษ",)),
    Staff("cgd", 1, ("นักวิชาการคลังชำนาญการพิเศษ",)),
    Staff("nia", 1, ("ผู้อำนวยการฝ่ายนวัตกรรมภาครัฐ",)),
    Staff("tcc", 1, ("กรรมการสภาหอการค้าแห่งประเทศไทย",)),
    Staff("fti", 1, ("รองเลขาธิการสภาอุตสาหกรรมแห่งประเทศไทย",)),
    Staff("opendream", 1, ("ผู้ก่อตั้งและกรรมการผู้จัดการ",)),
    Staff("cmmu", 1, ("อาจารย์ประจำวิทยาลัยการจัดการ",), title="academic"),
    # The members-only PM2.5 lab in Chiang Mai (an example lab).
    Staff("pcd", 2, ("ผู้อำนวยการกองจัดการคุณภาพอากาศและเสียง", "นักวิชาการสิ่งแวดล้อมชำนาญการพิเศษ")),
    Staff(
        "tnr-chiangmai",
        2,
        ("ผู้อำนวยการสำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัด", "นักวิชาการสิ่งแวดล้อมชำนาญการ"),
        "north",
    ),
    Staff("ppho-chiangmai", 2, HEALTH, "north"),
    Staff("ppao-chiangmai", 2, LOCAL, "north"),
    Staff(
        "chiangmai-city", 2, ("ผู้อำนวยการสำนักการสาธารณสุขและสิ่งแวดล้อม", "นักวิชาการสิ่งแวดล้อม"), "north"
    ),
    Staff(
        "cmu",
        3,
        ("อาจารย์ประจำคณะวิศวกรรมศาสตร์", "อาจารย์ประจำคณะสาธารณสุขศาสตร์", "นักวิจัย"),
        "north",
        "academic",
    ),
    Staff("breathe-cm", 3, ("ผู้ประสานงานสภาลมหายใจเชียงใหม่", "อาสาสมัคร", "ผู้ประสานงานชุมชน"), "north"),
    # Staff of agencies that did no shared work: islands of the network.
    Staff("korat-city", 2, ("ผู้อำนวยการกองยุทธศาสตร์และงบประมาณ", "นักวิเคราะห์นโยบายและแผน")),
    Staff("kku", 2, ("อาจารย์ประจำวิทยาลัยการปกครองท้องถิ่น", "นักวิจัย"), title="academic"),
    # Colleagues who were not in the demo's rooms: an agency's people are more
    # than those it sends to workshops (they tie to their colleagues only).
    Staff("opdc", 3, ("ผู้อำนวยการกองพัฒนาระบบราชการ", ANALYST, "นักพัฒนาระบบราชการชำนาญการ")),
    Staff("opdc-innovation", 2, ("นักพัฒนาระบบราชการปฏิบัติการ",), first=2),
    Staff("pmdu", 2, (ANALYST_2, "นักวิเคราะห์นโยบายและแผนปฏิบัติการ"), first=2),
    Staff("nesdc", 2, (ANALYST_2, "เศรษฐกรชำนาญการพิเศษ"), first=3),
    Staff("sbpac", 3, ("นักวิเคราะห์นโยบายและแผนปฏิบัติการ", "นักจัดการงานทั่วไป"), "south", first=4),
    Staff("dga", 2, ("นักพัฒนารัฐบาลดิจิทัล", "ผู้จัดการโครงการ"), first=2),
    Staff("mdes", 1, (ANALYST_2,), first=2),
    Staff("etda", 1, ("นักวิเคราะห์นโยบาย",), first=1),
    Staff("nso", 1, ("นักวิชาการสถิติชำนาญการ",), first=1),
    Staff("msdhs", 2, ("ผู้ตรวจราชการกระทรวง", ANALYST)),
    Staff("ops-moph", 2, ("นักวิเคราะห์นโยบายและแผนชำนาญการพิเศษ", "นายแพทย์ทรงคุณวุฒิ")),
    Staff("mahidol", 1, ("อาจารย์ประจำคณะสังคมศาสตร์และมนุษยศาสตร์",), title="academic"),
    Staff("cmmu", 1, ("อาจารย์ประจำวิทยาลัยการจัดการ",), title="academic", first=1),
    Staff("undp", 1, ("Policy Specialist",), first=2),
    Staff("thailand-policy-lab", 2, ("นักออกแบบบริการ", "นักสื่อสารนโยบาย"), first=3),
    *(Staff(f"ppho-{p}", 1, HEALTH, "south", first=2) for p in ("pattani", "yala", "narathiwat")),
    *(Staff(f"pao-{p}", 1, AGRI, "south", first=2) for p in ("pattani", "yala", "narathiwat")),
    Staff("psu-pattani", 2, ("อาจารย์ประจำคณะรัฐศาสตร์", "นักวิจัย"), "south", "academic", first=2),
    Staff("yru", 1, ("อาจารย์ประจำคณะมนุษยศาสตร์และสังคมศาสตร์",), "south", "academic", first=2),
    Staff("pnu", 1, ("นักวิจัย",), "south", "academic", first=2),
    Staff("raks-thai", 1, CSO_STAFF, "south", first=2),
    Staff("oncb", 1, ("นักวิชาการป้องกันยาเสพติดชำนาญการ",), first=2),
    Staff("dop", 1, ("พนักงานคุมประพฤติชำนาญการ",), first=2),
    Staff("obec", 1, ("ศึกษานิเทศก์ชำนาญการพิเศษ",), first=2),
    Staff("ocsc", 1, ("นักทรัพยากรบุคคลชำนาญการ",), first=2),
    Staff("bma", 2, ("นักวิเคราะห์นโยบายและแผนชำนาญการ", "ผู้อำนวยการเขต"), first=1),
    Staff("chula-polsci", 1, ("อาจารย์ประจำคณะรัฐศาสตร์",), title="academic", first=1),
    Staff("tdri", 1, ("นักวิจัย",), title="academic", first=1),
    Staff("cmu", 2, ("อาจารย์ประจำคณะเกษตรศาสตร์", "นักวิจัย"), "north", "academic", first=3),
    Staff("korat-city", 1, ("นักพัฒนาชุมชน",), first=2),
    Staff("kku", 1, ("อาจารย์ประจำคณะเกษตรศาสตร์",), title="academic", first=2),
]

# Places before the present one (key: person): they ran workshops for one
# agency and now work for another.
MOVES: dict[str, tuple[tuple[str, dt.date, dt.date, str], ...]] = {
    # Ran digital-government standards at สพร. (met the OECD review in 2019),
    # then moved to Thailand Policy Lab, whose work the TIPC and southern
    # workshops show.
    "thailand-policy-lab:0": (
        ("dga", dt.date(2016, 10, 1), dt.date(2021, 5, 31), "นักพัฒนารัฐบาลดิจิทัล"),
    ),
    # From สำนักงาน ก.พ.ร.'s innovation division (KRI 2018, OECD 2019) to
    # สำนักงาน ป.ย.ป., which ran the 2023 course.
    "pmdu:0": (
        ("opdc-innovation", dt.date(2015, 4, 1), dt.date(2021, 9, 30), "นักพัฒนาระบบราชการชำนาญการ"),
    ),
}
MOVED_ON = {
    "thailand-policy-lab:0": dt.date(2021, 6, 1),
    "pmdu:0": dt.date(2021, 10, 1),
}

# People of the international events, with the names their countries use.
FOREIGN: list[Example] = [
    Example(
        "vn-isos:0",
        "vn-isos",
        "Deputy Director",
        "Ms",
        first_name_en="Nguyen Thi",
        last_name_en="Lan",
    ),
    Example(
        "vn-isos:1", "vn-isos", "Researcher", "Mr", first_name_en="Tran Van", last_name_en="Minh"
    ),
    Example("kri:0", "kri", "Research Fellow", "Dr", first_name_en="Ji-hoon", last_name_en="Park"),
    Example("aks:0", "aks", "Professor", "Prof", first_name_en="Seo-yeon", last_name_en="Kim"),
    Example(
        "sg-psd:0",
        "sg-psd",
        "Deputy Director, Public Sector Transformation",
        "Mr",
        first_name_en="Wei Ming",
        last_name_en="Tan",
    ),
    Example(
        "my-jpa:0",
        "my-jpa",
        "Principal Assistant Director",
        "Ms",
        first_name_en="Nurul Aini",
        last_name_en="Ahmad",
    ),
]


def _titles(title: str, male: bool, index: int) -> tuple[str, str]:
    """(honorific, academic title) as Thai lists write them."""
    if title == "academic":
        return "", ("ผศ.ดร.", "ดร.", "รศ.ดร.")[index % 3]
    if title == "police":
        return ("พ.ต.อ." if index % 2 == 0 else "พ.ต.ท."), ""
    if title == "army":
        return ("พ.อ." if index % 2 == 0 else "พ.ท."), ""
    if male:
        return "นาย", ""
    return ("นาง" if index % 3 else "นางสาว"), ""


def example_people() -> list[Example]:
    """Every example person, in a fixed order with unique Thai names."""
    counters = dict.fromkeys(POOLS, 0)
    people: list[Example] = []
    seen: set[tuple[str, str]] = set()
    for staff in STAFF:
        male_names, female_names, surnames = POOLS[staff.pool]
        for n in range(staff.first, staff.first + staff.count):
            key = f"{staff.organisation}:{n}"
            i = counters[staff.pool]
            counters[staff.pool] += 1
            male = i % 2 == 0
            given = male_names if male else female_names
            first = given[(i // 2) % len(given)]
            # A step prime to the list's length walks every surname before repeating.
            last = surnames[(i * 7 + i // len(surnames)) % len(surnames)]
            while (first, last) in seen:
                last = surnames[(surnames.index(last) + 1) % len(surnames)]
            seen.add((first, last))
            honorific, academic = _titles(staff.title, male, i)
            people.append(
                Example(
                    key=key,
                    organisation=staff.organisation,
                    position=staff.positions[(n - staff.first) % len(staff.positions)],
                    honorific=honorific,
                    academic_title=academic,
                    first_name_th=first,
                    last_name_th=last,
                    since=MOVED_ON.get(key),
                    earlier=MOVES.get(key, ()),
                )
            )
    return people + FOREIGN
