"""Synthetic Thai directory data at national scale, for benchmarks.

Names are built from parts the way Thai agencies and people are named
(กรม + ส่งเสริม + การเกษตร, สำนักงาน...จังหวัด<province>, อบต.<place>,
<given name> <surname>), each part with its English form, so that every
organisation and person has a Thai and an English name and abbreviations
that behave like real ones (initial consonants plus a dot).

Nothing here is real data about real people. Bulk writes skip the per-row
audit (one "directory.generate" entry records the run) and go straight to
bulk_create, then the search index is built in bulk.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from audit.services import audit_record
from directory.models import (
    Affiliation,
    District,
    Organisation,
    OrganisationAlias,
    OrganisationKind,
    Person,
    Province,
    Sector,
    Tag,
)
from search import indexing

K = OrganisationKind
S = Sector

# --- Vocabulary -----------------------------------------------------------------

MINISTRIES = [
    ("สำนักนายกรัฐมนตรี", "Office of the Prime Minister", "นร.", "OPM"),
    ("กระทรวงกลาโหม", "Ministry of Defence", "กห.", "MOD"),
    ("กระทรวงการคลัง", "Ministry of Finance", "กค.", "MOF"),
    ("กระทรวงการต่างประเทศ", "Ministry of Foreign Affairs", "กต.", "MFA"),
    ("กระทรวงการท่องเที่ยวและกีฬา", "Ministry of Tourism and Sports", "กก.", "MOTS"),
    (
        "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์",
        "Ministry of Social Development and Human Security",
        "พม.",
        "MSDHS",
    ),
    (
        "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม",
        "Ministry of Higher Education, Science, Research and Innovation",
        "อว.",
        "MHESI",
    ),
    ("กระทรวงเกษตรและสหกรณ์", "Ministry of Agriculture and Cooperatives", "กษ.", "MOAC"),
    ("กระทรวงคมนาคม", "Ministry of Transport", "คค.", "MOT"),
    (
        "กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม",
        "Ministry of Natural Resources and Environment",
        "ทส.",
        "MNRE",
    ),
    ("กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", "Ministry of Digital Economy and Society", "ดศ.", "MDES"),
    ("กระทรวงพลังงาน", "Ministry of Energy", "พน.", "MOEN"),
    ("กระทรวงพาณิชย์", "Ministry of Commerce", "พณ.", "MOC"),
    ("กระทรวงมหาดไทย", "Ministry of Interior", "มท.", "MOI"),
    ("กระทรวงยุติธรรม", "Ministry of Justice", "ยธ.", "MOJ"),
    ("กระทรวงแรงงาน", "Ministry of Labour", "รง.", "MOL"),
    ("กระทรวงวัฒนธรรม", "Ministry of Culture", "วธ.", "MCULT"),
    ("กระทรวงศึกษาธิการ", "Ministry of Education", "ศธ.", "MOE"),
    ("กระทรวงสาธารณสุข", "Ministry of Public Health", "สธ.", "MOPH"),
    ("กระทรวงอุตสาหกรรม", "Ministry of Industry", "อก.", "MOIND"),
]

# (Thai words, English) of what an agency looks after. Thai words are kept
# apart so that abbreviations come out as Thai ones do (initial consonants).
TOPICS = [
    (["การ", "เกษตร"], "Agriculture"),
    (["ปศุสัตว์"], "Livestock"),
    (["ประมง"], "Fisheries"),
    (["ป่าไม้"], "Forestry"),
    (["ทรัพยากร", "น้ำ"], "Water Resources"),
    (["ชลประทาน"], "Irrigation"),
    (["ที่ดิน"], "Lands"),
    (["การค้า", "ภายใน"], "Internal Trade"),
    (["การค้า", "ต่างประเทศ"], "Foreign Trade"),
    (["อุตสาหกรรม"], "Industry"),
    (["พลังงาน", "ทดแทน"], "Alternative Energy"),
    (["การ", "ท่องเที่ยว"], "Tourism"),
    (["พลศึกษา"], "Physical Education"),
    (["วัฒนธรรม"], "Culture"),
    (["ศิลปากร"], "Fine Arts"),
    (["การศึกษา", "นอกระบบ"], "Non-Formal Education"),
    (["อาชีวศึกษา"], "Vocational Education"),
    (["สาธารณสุข"], "Public Health"),
    (["การแพทย์"], "Medical Services"),
    (["ควบคุม", "โรค"], "Disease Control"),
    (["อนามัย"], "Health"),
    (["สุขภาพ", "จิต"], "Mental Health"),
    (["การ", "จัดหางาน"], "Employment"),
    (["สวัสดิการ", "แรงงาน"], "Labour Welfare"),
    (["ฝีมือ", "แรงงาน"], "Skill Development"),
    (["ประกัน", "สังคม"], "Social Security"),
    (["การ", "ปกครอง"], "Provincial Administration"),
    (["ป้องกัน", "สาธารณภัย"], "Disaster Prevention"),
    (["โยธาธิการ", "ผังเมือง"], "Public Works and Town Planning"),
    (["ทางหลวง", "ชนบท"], "Rural Roads"),
    (["การขนส่ง", "ทางบก"], "Land Transport"),
    (["เจ้าท่า"], "Marine"),
    (["อุตุนิยมวิทยา"], "Meteorology"),
    (["สรรพากร"], "Revenue"),
    (["สรรพสามิต"], "Excise"),
    (["ศุลกากร"], "Customs"),
    (["ธนารักษ์"], "Treasury"),
    (["ทรัพย์สิน", "ทางปัญญา"], "Intellectual Property"),
    (["ธุรกิจ", "การค้า"], "Business Development"),
    (["วิทยาศาสตร์", "บริการ"], "Science Service"),
    (["สิ่งแวดล้อม"], "Environmental Quality"),
    (["ควบคุม", "มลพิษ"], "Pollution Control"),
    (["อุทยาน", "แห่งชาติ"], "National Parks"),
    (["ทรัพยากร", "ทางทะเล"], "Marine Resources"),
    (["ทรัพยากร", "ธรณี"], "Mineral Resources"),
    (["ชุมชน"], "Community Development"),
    (["สหกรณ์"], "Cooperatives"),
    (["การ", "ข้าว"], "Rice"),
    (["หม่อนไหม"], "Sericulture"),
    (["กิจการ", "ผู้สูงอายุ"], "Older Persons"),
    (["เด็ก", "และ", "เยาวชน"], "Children and Youth"),
    (["สตรี", "และ", "ครอบครัว"], "Women and Family"),
    (["คุ้มครอง", "สิทธิ"], "Rights Protection"),
    (["คุมประพฤติ"], "Probation"),
    (["ราชทัณฑ์"], "Corrections"),
    (["บังคับคดี"], "Legal Execution"),
    (["การ", "ศาสนา"], "Religious Affairs"),
    (["เศรษฐกิจ", "ดิจิทัล"], "Digital Economy"),
    (["นวัตกรรม"], "Innovation"),
    (["การ", "วิจัย"], "Research"),
    (["สถิติ"], "Statistics"),
    (["การ", "ประปา"], "Waterworks"),
    (["การ", "ไฟฟ้า"], "Electricity"),
    (["ยาเสพติด"], "Narcotics Control"),
    (["อาหาร", "และ", "ยา"], "Food and Drug"),
    (["ส่งเสริม", "การลงทุน"], "Investment"),
    (["การ", "ส่งออก"], "Export Promotion"),
    (["ผู้บริโภค"], "Consumer Protection"),
    (["การ", "เคหะ"], "Housing"),
    (["ภูมิสารสนเทศ"], "Geo-Informatics"),
]
VERBS = [
    ("ส่งเสริม", "Promotion"),
    ("พัฒนา", "Development"),
    ("กำกับ", "Regulation"),
    ("บริหาร", "Management"),
    ("คุ้มครอง", "Protection"),
    ("สนับสนุน", "Support"),
    ("อนุรักษ์", "Conservation"),
    ("ตรวจสอบ", "Inspection"),
]
DIVISIONS = [
    (["ยุทธศาสตร์", "และ", "แผนงาน"], "Strategy and Planning"),
    (["การ", "เจ้าหน้าที่"], "Personnel"),
    (["คลัง"], "Finance"),
    (["กฎหมาย"], "Legal Affairs"),
    (["ตรวจสอบ", "ภายใน"], "Internal Audit"),
    (["เทคโนโลยี", "สารสนเทศ"], "Information Technology"),
    (["พัฒนา", "ระบบ", "บริหาร"], "Management System Development"),
    (["สื่อสาร", "องค์กร"], "Corporate Communication"),
    (["วิจัย", "และ", "พัฒนา"], "Research and Development"),
    (["การ", "ต่างประเทศ"], "International Affairs"),
    (["ติดตาม", "และ", "ประเมินผล"], "Monitoring and Evaluation"),
    (["บริหาร", "ทั่วไป"], "General Administration"),
    (["นโยบาย", "และ", "แผน"], "Policy and Planning"),
    (["มาตรฐาน"], "Standards"),
    (["ข้อมูล", "และ", "สถิติ"], "Data and Statistics"),
    (["นวัตกรรม", "บริการ"], "Service Innovation"),
]
DIVISION_UNITS = [
    ("กอง", "Division of"),
    ("สำนัก", "Bureau of"),
    ("ศูนย์", "Centre for"),
    ("กลุ่ม", "Group for"),
]
DEPARTMENT_FORMS = [
    ("กรม", "Department of {topic} {verb}", True),
    ("สำนักงาน", "Office of {topic} {verb}", True),
    ("สถาบัน", "Institute of {topic}", False),
    ("กรม", "Department of {topic}", False),
]
PLACE_HEADS = [
    ("บ้าน", "Ban"),
    ("หนอง", "Nong"),
    ("ดอน", "Don"),
    ("โนน", "Non"),
    ("ห้วย", "Huai"),
    ("นา", "Na"),
    ("ทุ่ง", "Thung"),
    ("บึง", "Bueng"),
    ("วัง", "Wang"),
    ("ท่า", "Tha"),
    ("โคก", "Khok"),
    ("บาง", "Bang"),
    ("คลอง", "Khlong"),
    ("เขา", "Khao"),
    ("ป่า", "Pa"),
    ("สวน", "Suan"),
    ("ลำ", "Lam"),
    ("แม่", "Mae"),
    ("เวียง", "Wiang"),
    ("เชียง", "Chiang"),
    ("สระ", "Sa"),
    ("กุด", "Kut"),
    ("โพธิ์", "Pho"),
    ("ไผ่", "Phai"),
]
PLACE_TAILS = [
    ("ใหม่", "Mai"),
    ("เก่า", "Kao"),
    ("ใหญ่", "Yai"),
    ("น้อย", "Noi"),
    ("แดง", "Daeng"),
    ("ขาว", "Khao"),
    ("ทอง", "Thong"),
    ("หลวง", "Luang"),
    ("งาม", "Ngam"),
    ("สูง", "Sung"),
    ("กลาง", "Klang"),
    ("เหนือ", "Nuea"),
    ("ใต้", "Tai"),
    ("ยาง", "Yang"),
    ("จิก", "Chik"),
    ("บัว", "Bua"),
    ("แก้ว", "Kaeo"),
    ("ม่วง", "Muang"),
    ("สะแก", "Sakae"),
    ("ตาล", "Tan"),
    ("ขาม", "Kham"),
    ("เตย", "Toei"),
    ("พลับ", "Phlap"),
    ("หิน", "Hin"),
    ("ทราย", "Sai"),
    ("โพธิ์", "Pho"),
    ("ไทร", "Sai"),
    ("คำ", "Kham"),
    ("ศรี", "Si"),
    ("สว่าง", "Sawang"),
]
LOCAL_FORMS = [
    # (Thai prefix, Thai abbreviation, English pattern, share)
    ("องค์การบริหารส่วนตำบล", "อบต.", "{place} Subdistrict Administrative Organization", 0.68),
    ("เทศบาลตำบล", "ทต.", "{place} Subdistrict Municipality", 0.27),
    ("เทศบาลเมือง", "ทม.", "{place} Town Municipality", 0.04),
    ("เทศบาลนคร", "ทน.", "{place} City Municipality", 0.01),
]
FACULTIES = [
    ("คณะรัฐศาสตร์", "Faculty of Political Science"),
    ("คณะเศรษฐศาสตร์", "Faculty of Economics"),
    ("คณะวิศวกรรมศาสตร์", "Faculty of Engineering"),
    ("คณะแพทยศาสตร์", "Faculty of Medicine"),
    ("คณะครุศาสตร์", "Faculty of Education"),
    ("คณะนิติศาสตร์", "Faculty of Law"),
    ("วิทยาลัยการปกครองท้องถิ่น", "College of Local Administration"),
    ("คณะสังคมศาสตร์", "Faculty of Social Sciences"),
]
VIRTUES = [
    ("เพื่อการพัฒนาชนบท", "Rural Development"),
    ("เพื่อเด็กและเยาวชน", "Children and Youth"),
    ("รักษ์ป่า", "Forest Conservation"),
    ("สุขภาพไทย", "Thai Health"),
    ("เพื่อผู้บริโภค", "Consumers"),
    ("ส่งเสริมประชาธิปไตย", "Democracy"),
    ("เพื่อคนพิการ", "Persons with Disabilities"),
    ("พัฒนาเมือง", "Urban Development"),
    ("ชุมชนเข้มแข็ง", "Strong Communities"),
    ("สิ่งแวดล้อมไทย", "Thai Environment"),
    ("เกษตรอินทรีย์", "Organic Farming"),
    ("การศึกษาทางเลือก", "Alternative Education"),
]
BRANDS = [
    ("สยาม", "Siam"),
    ("ไทย", "Thai"),
    ("รุ่งเรือง", "Rungruang"),
    ("เจริญ", "Charoen"),
    ("มั่นคง", "Mankhong"),
    ("ทองคำ", "Thongkham"),
    ("สุวรรณ", "Suwan"),
    ("อุดม", "Udom"),
    ("ศรีสยาม", "Si Siam"),
    ("กรุงไทย", "Krung Thai"),
    ("นคร", "Nakhon"),
    ("ดิจิทัล", "Digital"),
    ("อินโนเวชั่น", "Innovation"),
    ("กรีน", "Green"),
    ("สมาร์ท", "Smart"),
]
BRAND_TAILS = [
    ("เทคโนโลยี", "Technology"),
    ("ดาต้า", "Data"),
    ("คอนซัลแทนท์", "Consultants"),
    ("เอ็นจิเนียริ่ง", "Engineering"),
    ("ฟู้ดส์", "Foods"),
    ("โลจิสติกส์", "Logistics"),
    ("เอนเนอร์ยี", "Energy"),
    ("ดีเวลลอปเมนท์", "Development"),
    ("แอนด์ พาร์ทเนอร์ส", "and Partners"),
    ("โซลูชั่นส์", "Solutions"),
    ("อะกริ", "Agri"),
    ("เฮลท์แคร์", "Healthcare"),
]
INTERNATIONAL = [
    ("โครงการพัฒนาแห่งสหประชาชาติ", "United Nations Development Programme", "", "UNDP"),
    ("องค์การทุนเพื่อเด็กแห่งสหประชาชาติ", "United Nations Children's Fund", "", "UNICEF"),
    ("ธนาคารโลก", "World Bank", "", "WB"),
    ("ธนาคารพัฒนาเอเชีย", "Asian Development Bank", "", "ADB"),
    ("องค์การความร่วมมือระหว่างประเทศของญี่ปุ่น", "Japan International Cooperation Agency", "", "JICA"),
    (
        "องค์การความร่วมมือระหว่างประเทศของเยอรมัน",
        "Deutsche Gesellschaft für Internationale Zusammenarbeit",
        "",
        "GIZ",
    ),
    ("องค์การอนามัยโลก", "World Health Organization", "", "WHO"),
    (
        "องค์การอาหารและเกษตรแห่งสหประชาชาติ",
        "Food and Agriculture Organization of the United Nations",
        "",
        "FAO",
    ),
    ("องค์การแรงงานระหว่างประเทศ", "International Labour Organization", "", "ILO"),
    (
        "คณะกรรมาธิการเศรษฐกิจและสังคมแห่งสหประชาชาติสำหรับเอเชียและแปซิฟิก",
        "United Nations Economic and Social Commission for Asia and the Pacific",
        "",
        "ESCAP",
    ),
    (
        "องค์การเพื่อความร่วมมือทางเศรษฐกิจและการพัฒนา",
        "Organisation for Economic Co-operation and Development",
        "",
        "OECD",
    ),
    ("สำนักงานความร่วมมือระหว่างประเทศของเกาหลี", "Korea International Cooperation Agency", "", "KOICA"),
]

GIVEN = [
    ("สมชาย", "Somchai"),
    ("สมศักดิ์", "Somsak"),
    ("สมพงษ์", "Somphong"),
    ("สมหญิง", "Somying"),
    ("สมใจ", "Somjai"),
    ("วิชัย", "Wichai"),
    ("ประเสริฐ", "Prasoet"),
    ("สุรชัย", "Surachai"),
    ("ธนพล", "Thanaphon"),
    ("ธีรวัฒน์", "Thirawat"),
    ("กิตติ", "Kitti"),
    ("ชัยวัฒน์", "Chaiwat"),
    ("อนุชา", "Anucha"),
    ("ณัฐพล", "Natthaphon"),
    ("พงศกร", "Phongsakon"),
    ("วรวุฒิ", "Worawut"),
    ("ศุภชัย", "Supachai"),
    ("อภิชาติ", "Aphichat"),
    ("ปิยะ", "Piya"),
    ("จักรพันธ์", "Chakkraphan"),
    ("ณัฐวุฒิ", "Natthawut"),
    ("เกียรติศักดิ์", "Kiattisak"),
    ("ธนากร", "Thanakon"),
    ("ภาณุ", "Phanu"),
    ("สุทธิพงษ์", "Sutthiphong"),
    ("วีระ", "Wira"),
    ("ชาตรี", "Chatri"),
    ("บุญชัย", "Bunchai"),
    ("ประยุทธ", "Prayut"),
    ("อำนาจ", "Amnat"),
    ("ปรีชา", "Pricha"),
    ("ไพโรจน์", "Phairot"),
    ("สุเมธ", "Sumet"),
    ("เอกชัย", "Ekkachai"),
    ("ธวัชชัย", "Thawatchai"),
    ("กมลวรรณ", "Kamonwan"),
    ("สุภาพร", "Suphaphon"),
    ("วราภรณ์", "Waraphon"),
    ("นภัสสร", "Naphatsorn"),
    ("ศิริพร", "Siriphon"),
    ("อรอุมา", "On-uma"),
    ("พรทิพย์", "Phonthip"),
    ("จันทร์เพ็ญ", "Chanphen"),
    ("รัตนา", "Rattana"),
    ("กาญจนา", "Kanchana"),
    ("สุดารัตน์", "Sudarat"),
    ("ปวีณา", "Pawina"),
    ("ณัฐธิดา", "Natthida"),
    ("อัญชลี", "Anchali"),
    ("วิไลวรรณ", "Wilaiwan"),
    ("มาลี", "Mali"),
    ("ดวงใจ", "Duangjai"),
    ("เพ็ญศรี", "Phensi"),
    ("นิภาพร", "Niphaphon"),
    ("ชนิดา", "Chanida"),
    ("ปิยะนุช", "Piyanut"),
    ("ธิดารัตน์", "Thidarat"),
    ("อรทัย", "Orathai"),
    ("สุนิสา", "Sunisa"),
    ("จิราพร", "Chiraphon"),
    ("ภัทรา", "Phattra"),
    ("กัลยา", "Kanlaya"),
    ("ลัดดา", "Ladda"),
    ("ประภาพร", "Praphaphon"),
    ("ศศิธร", "Sasithon"),
    ("ปัณณวัฒน์", "Pannawat"),
    ("ภูริ", "Phuri"),
    ("ธนวัฒน์", "Thanawat"),
    ("พิมพ์ชนก", "Phimchanok"),
    ("ชนกนันท์", "Chanokkan"),
    ("กานดา", "Kanda"),
    ("ทิพวรรณ", "Thippawan"),
    ("อารีย์", "Ari"),
    ("วันเพ็ญ", "Wanphen"),
    ("บุษบา", "Butsaba"),
    ("ยุทธนา", "Yutthana"),
    ("เฉลิมชัย", "Chaloemchai"),
    ("ชยพล", "Chayaphon"),
    ("ธีรพงษ์", "Thiraphong"),
    ("นพดล", "Nopphadon"),
]
SURNAME_HEADS = [
    ("ศรี", "Si"),
    ("วงศ์", "Wong"),
    ("แก้ว", "Kaeo"),
    ("ทอง", "Thong"),
    ("บุญ", "Bun"),
    ("สุข", "Suk"),
    ("ใจ", "Jai"),
    ("รัตน", "Rattana"),
    ("เพชร", "Phet"),
    ("สุวรรณ", "Suwan"),
    ("จันทร์", "Chan"),
    ("พร", "Phon"),
    ("ชัย", "Chai"),
    ("มณี", "Mani"),
    ("นิล", "Nin"),
    ("ประเสริฐ", "Prasoet"),
    ("เจริญ", "Charoen"),
    ("มั่น", "Man"),
    ("กิจ", "Kit"),
    ("ธรรม", "Tham"),
    ("อินทร์", "In"),
    ("พงษ์", "Phong"),
    ("ศักดิ์", "Sak"),
    ("เรือง", "Rueang"),
    ("สมบูรณ์", "Sombun"),
    ("วิเศษ", "Wiset"),
    ("ปัญญา", "Panya"),
    ("สิทธิ์", "Sit"),
    ("ไชย", "Chai"),
    ("รุ่ง", "Rung"),
    ("ดี", "Di"),
    ("งาม", "Ngam"),
    ("ยิ่ง", "Ying"),
    ("คำ", "Kham"),
    ("ฤทธิ์", "Rit"),
    ("ทิพย์", "Thip"),
]
SURNAME_TAILS = [
    ("สวัสดิ์", "sawat"),
    ("ประเสริฐ", "prasoet"),
    ("สุวรรณ", "suwan"),
    ("วงศ์", "wong"),
    ("ศรี", "si"),
    ("ทอง", "thong"),
    ("เจริญ", "charoen"),
    ("ไพบูลย์", "phaibun"),
    ("รักษ์", "rak"),
    ("สกุล", "sakun"),
    ("พันธ์", "phan"),
    ("ชัย", "chai"),
    ("ดี", "di"),
    ("มงคล", "mongkhon"),
    ("ธรรม", "tham"),
    ("ใจ", "jai"),
    ("วัฒนา", "watthana"),
    ("กุล", "kun"),
    ("สถิตย์", "sathit"),
    ("พงษ์", "phong"),
    ("รุ่งเรือง", "rungrueang"),
    ("ทวี", "thawi"),
    ("อำไพ", "amphai"),
    ("นาค", "nak"),
    ("บุญ", "bun"),
    ("เดช", "det"),
    ("ศักดิ์", "sak"),
    ("ประภา", "praphapa"),
    ("คง", "khong"),
    ("แสง", "saeng"),
    ("ภักดี", "phakdi"),
    ("อินทร์", "in"),
]
FEMININE = {
    "สมหญิง",
    "สมใจ",
    "กมลวรรณ",
    "สุภาพร",
    "วราภรณ์",
    "นภัสสร",
    "ศิริพร",
    "อรอุมา",
    "พรทิพย์",
    "จันทร์เพ็ญ",
    "รัตนา",
    "กาญจนา",
    "สุดารัตน์",
    "ปวีณา",
    "ณัฐธิดา",
    "อัญชลี",
    "วิไลวรรณ",
    "มาลี",
    "ดวงใจ",
    "เพ็ญศรี",
    "นิภาพร",
    "ชนิดา",
    "ปิยะนุช",
    "ธิดารัตน์",
    "อรทัย",
    "สุนิสา",
    "จิราพร",
    "ภัทรา",
    "กัลยา",
    "ลัดดา",
    "ประภาพร",
    "ศศิธร",
    "พิมพ์ชนก",
    "ชนกนันท์",
    "กานดา",
    "ทิพวรรณ",
    "อารีย์",
    "วันเพ็ญ",
    "บุษบา",
}
ACADEMIC = ["ดร.", "ผศ.", "ผศ.ดร.", "รศ.", "รศ.ดร.", "ศ.ดร."]
GOVERNMENT_POSITIONS = [
    "นักวิเคราะห์นโยบายและแผนชำนาญการ",
    "นักวิเคราะห์นโยบายและแผนชำนาญการพิเศษ",
    "นักทรัพยากรบุคคลชำนาญการ",
    "นักจัดการงานทั่วไปปฏิบัติการ",
    "ผู้อำนวยการกอง",
    "ผู้อำนวยการสำนัก",
    "รองอธิบดี",
    "อธิบดี",
    "ผู้ตรวจราชการกระทรวง",
    "นักวิชาการคอมพิวเตอร์ชำนาญการ",
    "นักพัฒนาระบบราชการชำนาญการพิเศษ",
    "นิติกรชำนาญการ",
    "นักวิชาการเงินและบัญชี",
    "หัวหน้ากลุ่มพัฒนาระบบบริหาร",
    "นักประชาสัมพันธ์ชำนาญการ",
    "นักวิชาการสาธารณสุขชำนาญการ",
    "ปลัดจังหวัด",
    "พัฒนาการจังหวัด",
    "เกษตรจังหวัด",
    "นักวิชาการเกษตรชำนาญการ",
    "นักพัฒนาชุมชนปฏิบัติการ",
]
LOCAL_POSITIONS = [
    "นายกองค์การบริหารส่วนตำบล",
    "ปลัดองค์การบริหารส่วนตำบล",
    "นายกเทศมนตรี",
    "ปลัดเทศบาล",
    "นักวิเคราะห์นโยบายและแผน",
    "นักพัฒนาชุมชน",
]
OTHER_POSITIONS = [
    "อาจารย์",
    "นักวิจัย",
    "ผู้จัดการโครงการ",
    "ผู้ประสานงานเครือข่าย",
    "ประธานมูลนิธิ",
    "ผู้อำนวยการบริหาร",
    "ที่ปรึกษา",
    "Programme Officer",
    "Country Director",
]
TAGS = [
    "ป.ย.ป. 2",
    "ป.ย.ป. 3",
    "ป.ย.ป. 4",
    "นวัตกรภาครัฐ",
    "ทีมขับเคลื่อนนวัตกรรม",
    "วิทยากร",
    "Design Thinking",
    "Policy Lab",
]

# Shares of the organisations by kind. Ministries are the 20 real ones.
SHARES = [
    ("department", 0.04),
    ("division", 0.22),
    ("provincial_office", 0.25),
    ("local_government", 0.31),
    ("university", 0.03),
    ("ngo", 0.06),
    ("company", 0.06),
    ("international", 0.01),
    ("network", 0.02),
]


# --- Helpers ---------------------------------------------------------------------

_LEADING_VOWELS = "เแโใไ"


def _initial(word: str) -> str:
    """The consonant a Thai abbreviation takes from a word (เกษตร -> ก)."""
    for char in word:
        if char not in _LEADING_VOWELS:
            return char
    return word[:1]


def thai_abbreviation(words: list[str]) -> str:
    skip = {"และ", "แห่ง"}
    return "".join(_initial(w) for w in words if w not in skip) + "."


def english_acronym(name: str) -> str:
    skip = {"of", "the", "and", "for", "a"}
    return "".join(
        w[0] for w in name.replace(",", " ").replace("-", " ").split() if w.lower() not in skip
    ).upper()


@dataclass
class _Org:
    name_th: str
    name_en: str
    sector: str
    kind: str
    abbreviation_th: str = ""
    abbreviation_en: str = ""
    parent: int | None = None  # index into the plan
    province_id: int | None = None
    aliases: list[str] = field(default_factory=list)


class _Unique:
    """Abbreviations are unique-ish, as in life: a clash gets a number."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, value: str) -> str:
        if not value:
            return value
        candidate, n = value, 2
        while candidate in self.seen:
            candidate = f"{value}{n}" if not value.endswith(".") else f"{value[:-1]}{n}."
            n += 1
        self.seen.add(candidate)
        return candidate


def plan_organisations(
    count: int, rng: random.Random, provinces: list[Province], districts: list[District]
) -> list[_Org]:
    """The organisations to create, parents before children."""
    plan: list[_Org] = []
    unique_th, unique_en = _Unique(), _Unique()
    n_ministries = max(1, min(len(MINISTRIES), count // 50))
    quota = {kind: max(1, int((count - n_ministries) * share)) for kind, share in SHARES}

    ministries = []
    for name_th, name_en, ab_th, ab_en in MINISTRIES[:n_ministries]:
        ministries.append(len(plan))
        plan.append(
            _Org(
                name_th,
                name_en,
                S.GOVERNMENT_CENTRAL,
                K.MINISTRY,
                unique_th(ab_th),
                unique_en(ab_en),
            )
        )

    departments: list[int] = []
    for i in range(quota["department"]):
        topic_words, topic_en = TOPICS[i % len(TOPICS)]
        unit, pattern, with_verb = DEPARTMENT_FORMS[(i // len(TOPICS)) % len(DEPARTMENT_FORMS)]
        verb_th, verb_en = (
            VERBS[(i // (len(TOPICS) * len(DEPARTMENT_FORMS))) % len(VERBS)]
            if with_verb
            else ("", "")
        )
        words = [unit, *([verb_th] if verb_th else []), *topic_words]
        name_en = pattern.format(topic=topic_en, verb=verb_en).strip()
        departments.append(len(plan))
        plan.append(
            _Org(
                "".join(words),
                name_en,
                S.GOVERNMENT_CENTRAL,
                K.DEPARTMENT if unit == "กรม" else K.OFFICE,
                unique_th(thai_abbreviation(words)),
                unique_en(english_acronym(name_en)),
                parent=ministries[i % len(ministries)],
            )
        )
        if rng.random() < 0.1:  # a former name
            plan[-1].aliases.append("สำนักงาน" + "".join(topic_words) + "เดิม")

    central = departments or ministries
    for i in range(quota["division"]):
        unit_th, unit_en = DIVISION_UNITS[rng.randrange(len(DIVISION_UNITS))]
        words, name_en = DIVISIONS[rng.randrange(len(DIVISIONS))]
        parent = central[i % len(central)]
        plan.append(
            _Org(
                unit_th + "".join(words),
                f"{unit_en} {name_en}",
                S.GOVERNMENT_CENTRAL,
                K.DIVISION,
                parent=parent,
            )
        )

    for i in range(quota["provincial_office"]):
        province = provinces[i % len(provinces)]
        department = (
            departments[(i // len(provinces)) % len(departments)] if departments else ministries[0]
        )
        topic_words, topic_en = TOPICS[(department if departments else i) % len(TOPICS)]
        words = ["สำนักงาน", *topic_words, "จังหวัด"]
        plan.append(
            _Org(
                "สำนักงาน" + "".join(topic_words) + "จังหวัด" + province.name_th,
                f"{province.name_en} Provincial {topic_en} Office",
                S.GOVERNMENT_REGIONAL,
                K.PROVINCIAL_OFFICE,
                unique_th(thai_abbreviation(words)[:-1] + "." + province.name_th),
                parent=department,
                province_id=province.pk,
            )
        )

    local = quota["local_government"]
    for province in provinces[: min(local, len(provinces))]:
        if province.name_th == "กรุงเทพมหานคร":
            plan.append(
                _Org(
                    "กรุงเทพมหานคร",
                    "Bangkok Metropolitan Administration",
                    S.GOVERNMENT_LOCAL,
                    K.LOCAL_GOVERNMENT,
                    unique_th("กทม."),
                    unique_en("BMA"),
                    province_id=province.pk,
                )
            )
        else:
            plan.append(
                _Org(
                    "องค์การบริหารส่วนจังหวัด" + province.name_th,
                    f"{province.name_en} Provincial Administrative Organization",
                    S.GOVERNMENT_LOCAL,
                    K.LOCAL_GOVERNMENT,
                    unique_th("อบจ." + province.name_th),
                    province_id=province.pk,
                )
            )
    weights = [form[3] for form in LOCAL_FORMS]
    for _ in range(max(0, local - len(provinces))):
        prefix, ab, pattern, _share = rng.choices(LOCAL_FORMS, weights)[0]
        if rng.random() < 0.3 and districts:
            district = districts[rng.randrange(len(districts))]
            place_th, place_en, province_id = (
                district.name_th,
                district.name_en,
                district.province_id,
            )
        else:
            head, tail = (
                PLACE_HEADS[rng.randrange(len(PLACE_HEADS))],
                PLACE_TAILS[rng.randrange(len(PLACE_TAILS))],
            )
            place_th, place_en = head[0] + tail[0], f"{head[1]} {tail[1]}"
            province_id = provinces[rng.randrange(len(provinces))].pk
        plan.append(
            _Org(
                prefix + place_th,
                pattern.format(place=place_en),
                S.GOVERNMENT_LOCAL,
                K.LOCAL_GOVERNMENT,
                ab + place_th,
                province_id=province_id,
            )
        )

    universities: list[int] = []
    for i in range(quota["university"]):
        province = provinces[i % len(provinces)]
        form = i // len(provinces)
        if form == 0:
            th, en = f"มหาวิทยาลัยราชภัฏ{province.name_th}", f"{province.name_en} Rajabhat University"
            ab_th = unique_th("มรภ." + province.name_th)
        elif form == 1:
            th, en = f"มหาวิทยาลัย{province.name_th}", f"University of {province.name_en}"
            ab_th = unique_th("ม." + province.name_th)
        else:
            th, en = (
                f"{FACULTIES[i % len(FACULTIES)][0]} มหาวิทยาลัย{province.name_th}",
                f"{FACULTIES[i % len(FACULTIES)][1]}, University of {province.name_en}",
            )
            ab_th = ""
        universities.append(len(plan))
        plan.append(
            _Org(
                th,
                en,
                S.ACADEMIA,
                K.UNIVERSITY,
                ab_th,
                unique_en(english_acronym(en)),
                province_id=province.pk,
            )
        )

    for i in range(quota["ngo"]):
        virtue_th, virtue_en = VIRTUES[i % len(VIRTUES)]
        province = provinces[rng.randrange(len(provinces))]
        if i % 3 == 0:
            th, en = f"มูลนิธิ{virtue_th}", f"Foundation for {virtue_en}"
        elif i % 3 == 1:
            th, en = (
                f"สมาคม{virtue_th}จังหวัด{province.name_th}",
                f"{province.name_en} Association for {virtue_en}",
            )
        else:
            th, en = (
                f"มูลนิธิ{virtue_th}{province.name_th}",
                f"{province.name_en} Foundation for {virtue_en}",
            )
        plan.append(
            _Org(
                th,
                en,
                S.CIVIL_SOCIETY,
                K.NGO,
                "",
                unique_en(english_acronym(en)),
                province_id=province.pk,
            )
        )

    for i in range(quota["network"]):
        province = provinces[i % len(provinces)]
        topic_words, topic_en = TOPICS[rng.randrange(len(TOPICS))]
        head, tail = (
            PLACE_HEADS[rng.randrange(len(PLACE_HEADS))],
            PLACE_TAILS[rng.randrange(len(PLACE_TAILS))],
        )
        if i % 2:
            th, en, sector = (
                f"เครือข่าย{''.join(topic_words)}จังหวัด{province.name_th}",
                f"{province.name_en} {topic_en} Network",
                S.CIVIL_SOCIETY,
            )
        else:
            th, en, sector = (
                f"วิสาหกิจชุมชน{head[0]}{tail[0]}",
                f"{head[1]} {tail[1]} Community Enterprise",
                S.COMMUNITY,
            )
        plan.append(_Org(th, en, sector, K.NETWORK, province_id=province.pk))

    for i in range(quota["company"]):
        brand, tail = (
            BRANDS[rng.randrange(len(BRANDS))],
            BRAND_TAILS[rng.randrange(len(BRAND_TAILS))],
        )
        public = rng.random() < 0.1
        number = (
            f" {i // (len(BRANDS) * len(BRAND_TAILS)) + 1}"
            if i >= len(BRANDS) * len(BRAND_TAILS)
            else ""
        )
        th = f"บริษัท {brand[0]}{tail[0]}{number} จำกัด" + (" (มหาชน)" if public else "")
        en = f"{brand[1]} {tail[1]}{number} " + (
            "Public Company Limited" if public else "Co., Ltd."
        )
        plan.append(
            _Org(
                th,
                en,
                S.PRIVATE,
                K.COMPANY,
                "",
                unique_en(english_acronym(f"{brand[1]} {tail[1]}") + number.strip()),
            )
        )

    for i in range(quota["international"]):
        name_th, name_en, ab_th, ab_en = INTERNATIONAL[i % len(INTERNATIONAL)]
        if i >= len(INTERNATIONAL):
            name_th, name_en = (
                f"{name_th} สำนักงานภูมิภาค {i // len(INTERNATIONAL)}",
                f"{name_en} Regional Office {i // len(INTERNATIONAL)}",
            )
        plan.append(
            _Org(
                name_th,
                name_en,
                S.INTERNATIONAL,
                K.INTERNATIONAL_ORGANISATION,
                ab_th,
                unique_en(ab_en),
            )
        )

    # Fill up (or trim) to exactly `count` with more divisions of provincial offices.
    offices = [i for i, o in enumerate(plan) if o.kind == K.PROVINCIAL_OFFICE] or central
    while len(plan) < count:
        words, name_en = DIVISIONS[rng.randrange(len(DIVISIONS))]
        parent = offices[rng.randrange(len(offices))]
        plan.append(
            _Org(
                "กลุ่มงาน" + "".join(words),
                f"{name_en} Section",
                S.GOVERNMENT_REGIONAL,
                K.DIVISION,
                parent=parent,
                province_id=plan[parent].province_id,
            )
        )
    return plan[:count]


@dataclass
class _PersonPlan:
    person: Person
    tags: list[str]
    affiliations: list[tuple[int, str, dt.date, dt.date | None]]  # org index, position, start, end


def plan_people(count: int, rng: random.Random, organisations: list[_Org]) -> Iterator[_PersonPlan]:
    by_sector: dict[str, list[int]] = {}
    for i, org in enumerate(organisations):
        by_sector.setdefault(org.sector, []).append(i)
    government = by_sector.get(S.GOVERNMENT_CENTRAL, []) + by_sector.get(S.GOVERNMENT_REGIONAL, [])
    local = by_sector.get(S.GOVERNMENT_LOCAL, [])
    other = [
        i
        for s, ids in by_sector.items()
        if s not in {S.GOVERNMENT_CENTRAL, S.GOVERNMENT_REGIONAL, S.GOVERNMENT_LOCAL}
        for i in ids
    ]
    pools = [
        (government, GOVERNMENT_POSITIONS, 0.6),
        (local, LOCAL_POSITIONS, 0.25),
        (other, OTHER_POSITIONS, 0.15),
    ]
    pools = [p for p in pools if p[0]] or [(list(range(len(organisations))), OTHER_POSITIONS, 1.0)]
    weights = [p[2] for p in pools]
    today = dt.date(2026, 1, 1)
    for n in range(count):
        given_th, given_en = GIVEN[rng.randrange(len(GIVEN))]
        head, tail = (
            SURNAME_HEADS[rng.randrange(len(SURNAME_HEADS))],
            SURNAME_TAILS[rng.randrange(len(SURNAME_TAILS))],
        )
        surname_th, surname_en = head[0] + tail[0], head[1] + tail[1]
        female = given_th in FEMININE
        pool, positions, _w = rng.choices(pools, weights)[0]
        position = positions[rng.randrange(len(positions))]
        academic = (
            ACADEMIC[rng.randrange(len(ACADEMIC))]
            if (pool is other and rng.random() < 0.5) or rng.random() < 0.05
            else ""
        )
        honorific = ("นางสาว" if rng.random() < 0.5 else "นาง") if female else "นาย"
        slug = f"{given_en}.{surname_en[:6]}{n}".lower().replace(" ", "").replace("-", "")
        has_contact = rng.random() < 0.6
        person = Person(
            honorific=honorific,
            academic_title=academic,
            first_name_th=given_th,
            last_name_th=surname_th,
            first_name_en=given_en,
            last_name_en=surname_en,
            position=position,
            email=f"{slug}@example.go.th" if has_contact else "",
            phone=f"0{rng.randrange(20000000, 99999999)}" if has_contact else "",
            contact_consent=has_contact and rng.random() < 0.7,
        )
        start = today - dt.timedelta(days=rng.randrange(30, 3650))
        affiliations: list[tuple[int, str, dt.date, dt.date | None]] = [
            (pool[rng.randrange(len(pool))], position, start, None)
        ]
        if rng.random() < 0.3:  # people move between agencies
            earlier = start - dt.timedelta(days=rng.randrange(365, 3650))
            affiliations.append(
                (rng.randrange(len(organisations)), "", earlier, start - dt.timedelta(days=1))
            )
        tags = [TAGS[rng.randrange(len(TAGS))]] if rng.random() < 0.15 else []
        yield _PersonPlan(person, tags, affiliations)


# --- Writing -------------------------------------------------------------------------

BATCH = 5000


def _parent_ready(parent: int | None, pks: list[int]) -> bool:
    return parent is None or bool(pks[parent])


def _parent_pk(parent: int | None, pks: list[int]) -> int | None:
    return pks[parent] if parent is not None else None


def generate_directory(
    *, organisations: int, people: int, seed: int = 1, by: Any = None, index: bool = True
) -> dict[str, int]:
    """Create `organisations` organisations and `people` people of synthetic
    Thai data, and index them. Same seed, same names."""
    rng = random.Random(seed)
    provinces = list(Province.objects.order_by("code"))
    districts = list(District.objects.order_by("code"))
    if not provinces:
        raise ValueError("No provinces: run the migrations first (they load the provinces).")
    with transaction.atomic():
        plan = plan_organisations(organisations, rng, provinces, districts) if organisations else []
        pks: list[int] = [0] * len(plan)
        # Parents are planned before children, so each pass can point at
        # rows the pass before created.
        pending = list(range(len(plan)))
        while pending:
            ready = [i for i in pending if _parent_ready(plan[i].parent, pks)]
            for start in range(0, len(ready), BATCH):
                chunk = ready[start : start + BATCH]
                rows = Organisation.objects.bulk_create(
                    Organisation(
                        name_th=plan[i].name_th,
                        name_en=plan[i].name_en,
                        abbreviation_th=plan[i].abbreviation_th[:50],
                        abbreviation_en=plan[i].abbreviation_en[:50],
                        sector=plan[i].sector,
                        kind=plan[i].kind,
                        parent_id=_parent_pk(plan[i].parent, pks),
                        province_id=plan[i].province_id,
                        is_active=rng.random() > 0.01,
                    )
                    for i in chunk
                )
                for i, row in zip(chunk, rows, strict=True):
                    pks[i] = row.pk
            done = set(ready)
            pending = [i for i in pending if i not in done]
        OrganisationAlias.objects.bulk_create(
            (
                OrganisationAlias(
                    organisation_id=pks[i], name=alias, kind=OrganisationAlias.Kind.FORMER
                )
                for i, org in enumerate(plan)
                for alias in org.aliases
            ),
            batch_size=BATCH,
        )

        tags = {name: Tag.objects.get_or_create(name=name)[0].pk for name in TAGS}
        person_ids: list[int] = []
        affiliation_count = 0
        if people and not pks:
            raise ValueError("People need organisations to belong to.")
        generator = plan_people(people, rng, plan)
        while True:
            batch = [p for _, p in zip(range(BATCH), generator, strict=False)]
            if not batch:
                break
            people_rows = Person.objects.bulk_create([p.person for p in batch])
            person_ids.extend(r.pk for r in people_rows)
            links = [
                Affiliation(
                    person_id=row.pk,
                    organisation_id=pks[org],
                    position=position,
                    start_date=start,
                    end_date=end,
                )
                for row, p in zip(people_rows, batch, strict=True)
                for org, position, start, end in p.affiliations
            ]
            Affiliation.objects.bulk_create(links)
            affiliation_count += len(links)
            Person.tags.through.objects.bulk_create(
                Person.tags.through(person_id=row.pk, tag_id=tags[name])
                for row, p in zip(people_rows, batch, strict=True)
                for name in p.tags
            )
        counts = {
            "organisations": len(pks),
            "people": len(person_ids),
            "affiliations": affiliation_count,
            "seed": seed,
        }
        audit_record(actor=by, action="directory.generate", changes=counts)
    if index:
        indexing.index_objects(kind="organisation", ids=pks)
        indexing.index_objects(kind="person", ids=person_ids)
        indexing.refresh_statistics()
    return counts
