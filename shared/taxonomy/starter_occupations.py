"""Starter data: 15 ESCO occupations common in reintegration programmes, and their ISCO groups.

URIs, ISCO codes and English/French labels are the real ESCO v1.1.1 values (ESCO,
© European Union, CC BY 4.0), a handful of alternative labels each, and the first
sentence of the English description. The Arabic labels stand for labels entered by the
programme's staff (ESCO has none); they were written by hand, not machine-translated.
"""

from __future__ import annotations

OCCUPATION_URI_PREFIX = "http://data.europa.eu/esco/occupation/"

OccupationRow = tuple[
    str,
    str,
    str,
    str,
    str,
    str,
    tuple[str, ...],
    tuple[str, ...],
    tuple[str, ...],
    str,
]
"""uuid, ISCO unit group, ESCO code, en, fr, ar label, en/fr/ar alt labels, description."""

OCCUPATIONS: tuple[OccupationRow, ...] = (
    (
        "ed3cf43d-c2c1-4c46-82fc-1375e27e0290",
        "7126",
        "7126.8",
        "plumber",
        "plombier/plombière",
        "سبّاك",
        ("domestic plumber", "commercial plumber", "gas fitter", "pipe worker", "plummer"),
        ("plombier", "plombière", "aide plombier", "plombier chauffagiste"),
        ("فني سباكة", "سباك صحي"),
        "Plumbers maintain and install water, gas and sewage systems.",
    ),
    (
        "4910419f-b4af-4f59-b544-9dbebc8a74f0",
        "7411",
        "7411.1",
        "electrician",
        "électricien/électricienne",
        "كهربائي",
        (
            "maintenance electrician",
            "installation electrician",
            "electrical installer",
            "electrical worker",
            "wireman",
        ),
        ("électricien", "électricienne"),
        ("فني كهرباء", "كهربائي صيانة"),
        "Electricians fit and repair electrical circuits and wiring systems.",
    ),
    (
        "7aedaa07-3884-4c5b-88f9-80997b2aa54b",
        "7212",
        "7212.3",
        "welder",
        "soudeur/soudeuse",
        "لحّام",
        ("gas welder", "repair welder", "maintenance welder", "construction welder"),
        ("soudeur", "soudeuse"),
        ("فني لحام",),
        "Welders operate welding equipment in order to join metal workpieces together.",
    ),
    (
        "1aadb308-432a-4d01-b54b-b4f7f76dd419",
        "7512",
        "7512.1",
        "baker",
        "boulanger/boulangère",
        "خبّاز",
        ("bread baker", "bakery employee", "bakery specialist"),
        ("boulanger", "boulangère", "ouvrier en boulangerie", "boulanger-pâtissier"),
        ("عامل مخبز",),
        "Bakers make a wide range of breads, pastries, and other baked goods.",
    ),
    (
        "90f75f67-495d-49fa-ab57-2f320e251d7e",
        "5120",
        "5120.1",
        "cook",
        "cuisinier/cuisinière",
        "طبّاخ",
        ("food cook", "junior cook", "fry cook", "grill cook", "culinary operative"),
        ("cuisinier", "cuisinière", "chef de partie"),
        ("طاهٍ", "طاهية"),
        (
            "Cooks are culinary operatives who are able to prepare and present food, normally in "
            "domestic and institutional environments."
        ),
    ),
    (
        "978ae3a2-0831-415a-8396-b84dde656fc5",
        "7531",
        "7531.5",
        "tailor",
        "tailleur/tailleuse",
        "خيّاط",
        ("custom tailor", "bespoke tailor", "seamstress", "garment worker", "outfitter"),
        ("tailleur", "tailleuse"),
        ("خيّاطة", "ترزي"),
        (
            "Tailors design, make or fit, alter, repair tailored, bespoke or hand-made garments from "
            "textile fabrics, light leather, fur and other material, or make hats or wigs for men."
        ),
    ),
    (
        "4ad4024e-d1d3-4dea-b6d1-2c7948111dce",
        "7231",
        "7231.10",
        "vehicle technician",
        "technicien de véhicules/technicienne de véhicules",
        "ميكانيكي سيارات",
        (
            "car mechanic",
            "auto mechanic",
            "automotive technician",
            "motor vehicle mechanic",
            "motorcycle mechanic",
        ),
        ("technicien de véhicules", "technicienne de véhicules"),
        ("فني صيانة مركبات", "فني سيارات"),
        (
            "Vehicle technicians inspect, test and maintain vehicles, motorcycles, engine tune-ups and "
            "tyre replacements."
        ),
    ),
    (
        "f2b15a0e-e65a-438a-affb-29b9d50b77d1",
        "2512",
        "2512.4",
        "software developer",
        "développeur de logiciels/développeuse de logiciels",
        "مطوّر برمجيات",
        (
            "programmer",
            "software engineer",
            "application programmer",
            "application software developer",
            "software specialist",
        ),
        (
            "développeur de logiciels",
            "développeuse de logiciels",
            "concepteur de logiciels",
            "développeur applications",
        ),
        ("مبرمج", "مهندس برمجيات"),
        (
            "Software developers implement or program all kinds of software systems based on "
            "specifications and designs by using programming languages, tools, and platforms."
        ),
    ),
    (
        "eda0d957-3c3c-4139-b89a-a18bc9e18897",
        "2411",
        "2411.1",
        "accountant",
        "comptable",
        "محاسب",
        (
            "cost accountant",
            "certified public accountant",
            "accounting officer",
            "financial reporting accountant",
        ),
        (),
        ("محاسبة", "محاسب قانوني"),
        (
            "Accountants review and analyse financial statements, budgets, financial reports, and "
            "business plans in order to check for irregularities resulting from error or fraud, and "
            "provide their clients with financial advice in matters such as financial forecasting and "
            "risk analysis."
        ),
    ),
    (
        "87d0795a-d41f-47ee-979f-0ab7d73836e7",
        "5321",
        "5321.1.1",
        "nurse assistant",
        "aide-soignant/aide-soignante",
        "مساعد تمريض",
        (
            "nursing assistant",
            "assistant nurse",
            "nurse auxiliary",
            "nursing auxiliary",
            "auxiliary nurse",
        ),
        ("aide-soignant", "aide-soignante"),
        ("مساعدة تمريض", "ممرض مساعد"),
        "Nurse assistants provide basic patient care under direction of nursing staff.",
    ),
    (
        "05f321f8-055b-407d-bf19-e0ddabda56b7",
        "7112",
        "7112.1",
        "bricklayer",
        "maçon/maçonne",
        "بنّاء",
        ("brick layer", "brick laying worker", "specialist brick layer"),
        ("maçon", "maçonne", "briqueteur", "briqueteuse"),
        ("عامل بناء بالطوب", "بنّاء طوب"),
        (
            "Bricklayers assemble brick walls and structures by skilfully laying the bricks in an "
            "established pattern, using a binding agent like cement to bond the bricks together."
        ),
    ),
    (
        "c9191f7f-28b5-4df8-991d-804c53009b83",
        "9213",
        "9213.1",
        "crop production worker",
        "ouvrier agricole/ouvrière agricole",
        "عامل زراعي",
        ("farm worker", "farm hand", "crop worker", "crop growing worker"),
        ("ouvrier agricole", "ouvrière agricole", "employé agricole", "aide agricole"),
        ("عامل مزرعة", "عامل إنتاج المحاصيل"),
        (
            "Crop production workers carry out practical activities and assist in the production of "
            "agronomical crops."
        ),
    ),
    (
        "099c6bb0-22d3-4c5d-8bf5-70910af381ef",
        "5141",
        "5141.1",
        "hairdresser",
        "coiffeur/coiffeuse",
        "مصفّف شعر",
        ("hair cutter", "hairstyling specialist", "hair colourist", "hair-care specialist"),
        ("coiffeur", "coiffeuse", "barbier"),
        ("مصففة شعر", "حلاق", "كوافير"),
        (
            "Hairdressers offer beauty services such as cutting, colouring, bleaching, permanent "
            "waving and styling clients' hair."
        ),
    ),
    (
        "0b15375e-dfdd-4047-9efb-096e0aaee7d2",
        "5223",
        "5223.6",
        "shop assistant",
        "employé de magasin/employée de magasin",
        "بائع في متجر",
        (
            "supermarket shop assistant",
            "supermarket shop worker",
            "department store shop assistant",
            "trainee shop worker",
        ),
        (
            "employé de magasin",
            "employée de magasin",
            "assistant de magasin",
            "employé de boutique",
        ),
        ("مساعد متجر", "عامل محل"),
        "Shop assistants work in shops where they perform assistance duties.",
    ),
    (
        "0c408028-c48f-4df8-ba5d-c3d3be15f5a2",
        "8322",
        "8322.2",
        "car and van delivery driver",
        (
            "chauffeur-livreur en voiture ou camionnette/chauffeuse-livreuse en voiture ou "
            "camionnette"
        ),
        "سائق توصيل",
        (
            "delivery driver",
            "delivery van driver",
            "delivery person",
            "deliveryman",
            "fast food delivery driver",
        ),
        ("conducteur-livreur", "conducteur-livreur de marchandises"),
        ("مندوب توصيل", "سائق توصيل بسيارة أو شاحنة صغيرة"),
        (
            "Car and van delivery drivers transport goods and packages to specified locations by car "
            "or van."
        ),
    ),
)

ISCO_GROUPS: tuple[tuple[str, str, str, str], ...] = (
    # code, en, fr, ar
    ("2", "Professionals", "Professions intellectuelles et scientifiques", "الاختصاصيون"),
    (
        "24",
        "Business and administration professionals",
        "Spécialistes en administration d’entreprises",
        "اختصاصيو الأعمال والإدارة",
    ),
    ("241", "Finance professionals", "Spécialistes en finances", "اختصاصيو الشؤون المالية"),
    ("2411", "Accountants", "Cadres comptables", "المحاسبون"),
    (
        "25",
        "Information and communications technology professionals",
        "Spécialistes des technologies de l’information et des communications",
        "اختصاصيو تكنولوجيا المعلومات والاتصالات",
    ),
    (
        "251",
        "Software and applications developers and analysts",
        "Concepteurs et analystes de logiciels et de multimédia",
        "مطورو البرمجيات والتطبيقات ومحللوها",
    ),
    ("2512", "Software developers", "Concepteurs de logiciels", "مطورو البرمجيات"),
    (
        "5",
        "Service and sales workers",
        "Personnel des services directs aux particuliers, commerçants et vendeurs",
        "العاملون في الخدمات والمبيعات",
    ),
    (
        "51",
        "Personal service workers",
        "Personnel des services directs aux particuliers",
        "العاملون في الخدمات الشخصية",
    ),
    ("512", "Cooks", "Cuisiniers", "الطهاة"),
    ("5120", "Cooks", "Cuisiniers", "الطهاة"),
    (
        "514",
        "Hairdressers, beauticians and related workers",
        "Coiffeurs, esthéticiens et assimilés",
        "مصففو الشعر وأخصائيو التجميل ومن في حكمهم",
    ),
    ("5141", "Hairdressers", "Coiffeurs", "مصففو الشعر"),
    ("52", "Sales workers", "Commerçants et vendeurs", "العاملون في المبيعات"),
    ("522", "Shop salespersons", "Commerçants et vendeurs, magasins", "البائعون في المتاجر"),
    ("5223", "Shop sales assistants", "Vendeurs, magasin", "مساعدو البيع في المتاجر"),
    ("53", "Personal care workers", "Personnel soignant", "العاملون في الرعاية الشخصية"),
    (
        "532",
        "Personal care workers in health services",
        "Aides-soignants",
        "العاملون في الرعاية الشخصية في الخدمات الصحية",
    ),
    ("5321", "Health care assistants", "Aides-soignants en institution", "مساعدو الرعاية الصحية"),
    (
        "7",
        "Craft and related trades workers",
        "Métiers qualifiés de l’industrie et de l’artisanat",
        "العاملون في الحرف وما يتصل بها",
    ),
    (
        "71",
        "Building and related trades workers, excluding electricians",
        "Métiers qualifiés du bâtiment et assimilés, sauf électriciens",
        "العاملون في حرف البناء وما يتصل بها، باستثناء الكهربائيين",
    ),
    (
        "711",
        "Building frame and related trades workers",
        "Métiers qualifiés du bâtiment (gros œuvre) et assimilés",
        "العاملون في الهياكل الإنشائية للمباني وما يتصل بها",
    ),
    ("7112", "Bricklayers and related workers", "Maçons", "البناؤون ومن في حكمهم"),
    (
        "712",
        "Building finishers and related trades workers",
        "Métiers qualifiés du bâtiment (finitions) et assimilés",
        "العاملون في تشطيب المباني وما يتصل بها",
    ),
    ("7126", "Plumbers and pipe fitters", "Plombiers et tuyauteurs", "السباكون ومركّبو الأنابيب"),
    (
        "72",
        "Metal, machinery and related trades workers",
        "Métiers qualifiés de la métallurgie, de la construction mécanique et assimilés",
        "العاملون في حرف المعادن والآلات وما يتصل بها",
    ),
    (
        "721",
        "Sheet and structural metal workers, moulders and welders, and related workers",
        (
            "Mouleurs de fonderie, soudeurs, tôliers-chaudronniers, monteurs de charpentes "
            "métalliques et assimilés"
        ),
        "عمال الصفائح والهياكل المعدنية وقوالب السباكة واللحامون ومن في حكمهم",
    ),
    (
        "7212",
        "Welders and flamecutters",
        "Soudeurs et oxycoupeurs",
        "اللحامون وقاطعو المعادن باللهب",
    ),
    (
        "723",
        "Machinery mechanics and repairers",
        "Mécaniciens et réparateurs de machines",
        "ميكانيكيو الآلات ومصلحوها",
    ),
    (
        "7231",
        "Motor vehicle mechanics and repairers",
        "Mécaniciens et réparateurs de véhicules à moteur",
        "ميكانيكيو المركبات ذات المحركات ومصلحوها",
    ),
    (
        "74",
        "Electrical and electronic trades workers",
        "Métiers de l’électricité et de l’électrotechnique",
        "العاملون في الحرف الكهربائية والإلكترونية",
    ),
    (
        "741",
        "Electrical equipment installers and repairers",
        "Installateurs et réparateurs, équipements électriques",
        "مركّبو المعدات الكهربائية ومصلحوها",
    ),
    (
        "7411",
        "Building and related electricians",
        "Électriciens du bâtiment et assimilés",
        "كهربائيو المباني ومن في حكمهم",
    ),
    (
        "75",
        "Food processing, wood working, garment and other craft and related trades workers",
        (
            "Métiers de l’alimentation, du travail sur bois, de l’habillement et autres métiers "
            "qualifiés de l’industrie et de l’artisanat"
        ),
        "العاملون في تجهيز الأغذية والنجارة والملابس وغيرها من الحرف",
    ),
    (
        "751",
        "Food processing and related trades workers",
        "Métiers qualifiés de l’alimentation et assimilés",
        "العاملون في تجهيز الأغذية وما يتصل بها",
    ),
    (
        "7512",
        "Bakers, pastry-cooks and confectionery makers",
        "Boulangers, pâtissiers et confiseurs",
        "الخبازون وصانعو المعجنات والحلويات",
    ),
    (
        "753",
        "Garment and related trades workers",
        "Métiers qualifiés de l’habillement et assimilés",
        "العاملون في صناعة الملابس وما يتصل بها",
    ),
    (
        "7531",
        "Tailors, dressmakers, furriers and hatters",
        "Tailleurs, couturiers, fourreurs, modistes et chapeliers",
        "الخياطون وصانعو الملابس والفراؤون وصانعو القبعات",
    ),
    (
        "8",
        "Plant and machine operators and assemblers",
        "Conducteurs d’installations et de machines, et ouvriers de l’assemblage",
        "مشغلو المصانع والآلات وعمال التجميع",
    ),
    (
        "83",
        "Drivers and mobile plant operators",
        "Conducteurs de véhicules et d’engins lourds de levage et de manœuvre",
        "السائقون ومشغلو المعدات المتنقلة",
    ),
    (
        "832",
        "Car, van and motorcycle drivers",
        "Conducteurs d’automobiles, de camionnettes et de motocycles",
        "سائقو السيارات والشاحنات الصغيرة والدراجات النارية",
    ),
    (
        "8322",
        "Car, taxi and van drivers",
        "Chauffeurs de taxi et conducteurs d’automobiles et de camionnettes",
        "سائقو السيارات وسيارات الأجرة والشاحنات الصغيرة",
    ),
    ("9", "Elementary occupations", "Professions élémentaires", "المهن الأولية"),
    (
        "92",
        "Agricultural, forestry and fishery labourers",
        "Manœuvres de l’agriculture, de la pêche et de la sylviculture",
        "عمال الزراعة والحراجة وصيد الأسماك",
    ),
    (
        "921",
        "Agricultural, forestry and fishery labourers",
        "Manœuvres de l’agriculture, de la pêche et de la sylviculture",
        "عمال الزراعة والحراجة وصيد الأسماك",
    ),
    (
        "9213",
        "Mixed crop and livestock farm labourers",
        "Manœuvres de l’agriculture et de l’élevage",
        "عمال المزارع المختلطة للمحاصيل والماشية",
    ),
)
