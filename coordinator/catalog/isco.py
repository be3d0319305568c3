"""ISCO-08 occupation codes: the unit groups (4 digits) a skill standard may name, with their titles in en/fa/ar.

No maintained package carries ISCO-08 with Persian and Arabic titles, so the reference list is kept here: the
unit groups of the trades the programme trains for (ILO, ISCO-08 structure, English titles as published;
Persian and Arabic titles as the two ministries' occupation lists word them). A code outside the list is refused
rather than guessed; a new trade adds its unit group below.
"""

from __future__ import annotations

import re

from ..l10n.digits import strip_bidi, to_ascii_digits

# code → (English, Persian, Arabic)
UNIT_GROUPS: dict[str, tuple[str, str, str]] = {
    "2166": ("Graphic and multimedia designers", "طراحان گرافیک و چندرسانه‌ای", "مصممو الرسوم والوسائط المتعددة"),
    "2512": ("Software developers", "توسعه‌دهندگان نرم‌افزار", "مطورو البرمجيات"),
    "3112": ("Civil engineering technicians", "تکنسین‌های مهندسی عمران", "فنيو الهندسة المدنية"),
    "3113": ("Electrical engineering technicians", "تکنسین‌های مهندسی برق", "فنيو الهندسة الكهربائية"),
    "3114": ("Electronics engineering technicians", "تکنسین‌های مهندسی الکترونیک", "فنيو الهندسة الإلكترونية"),
    "3115": ("Mechanical engineering technicians", "تکنسین‌های مهندسی مکانیک", "فنيو الهندسة الميكانيكية"),
    "3116": ("Chemical engineering technicians", "تکنسین‌های مهندسی شیمی", "فنيو الهندسة الكيميائية"),
    "3118": ("Draughtspersons", "نقشه‌کشان", "الرسامون الفنيون"),
    "3133": ("Chemical processing plant controllers", "کنترل‌کنندگان واحدهای فرآوری شیمیایی",
             "مراقبو وحدات المعالجة الكيميائية"),
    "3134": ("Petroleum and natural gas refining plant operators", "متصدیان پالایشگاه نفت و گاز طبیعی",
             "مشغلو مصافي النفط والغاز الطبيعي"),
    "3142": ("Agricultural technicians", "تکنسین‌های کشاورزی", "الفنيون الزراعيون"),
    "3313": ("Accounting associate professionals", "کاردانان حسابداری", "المحاسبون المساعدون"),
    "3434": ("Chefs", "سرآشپزها", "رؤساء الطهاة"),
    "3512": ("Information and communications technology user support technicians",
             "تکنسین‌های پشتیبانی کاربران فناوری اطلاعات و ارتباطات",
             "فنيو دعم مستخدمي تكنولوجيا المعلومات والاتصالات"),
    "3513": ("Computer network and systems technicians", "تکنسین‌های شبکه و سیستم‌های رایانه‌ای",
             "فنيو شبكات الحاسوب وأنظمته"),
    "4132": ("Data entry clerks", "متصدیان ورود داده", "كتبة إدخال البيانات"),
    "4311": ("Accounting and bookkeeping clerks", "کارمندان حسابداری و دفترداری", "كتبة المحاسبة ومسك الدفاتر"),
    "5120": ("Cooks", "آشپزها", "الطهاة"),
    "5131": ("Waiters", "پیشخدمت‌ها", "النُّدُل"),
    "5141": ("Hairdressers", "آرایشگران مو", "مصففو الشعر"),
    "5142": ("Beauticians and related workers", "آرایشگران زیبایی و کارکنان مرتبط", "خبراء التجميل ومن إليهم"),
    "5311": ("Child care workers", "مراقبان کودک", "عاملو رعاية الأطفال"),
    "5321": ("Health care assistants", "دستیاران مراقبت بهداشتی", "مساعدو الرعاية الصحية"),
    "6111": ("Field crop and vegetable growers", "زارعان محصولات زراعی و سبزی", "مزارعو المحاصيل الحقلية والخضروات"),
    "6112": ("Tree and shrub crop growers", "باغداران درختان و درختچه‌ها", "مزارعو الأشجار والشجيرات"),
    "6113": ("Gardeners, horticultural and nursery growers", "باغبانان، پرورش‌دهندگان گل و گیاه و نهال",
             "البستانيون ومزارعو المشاتل"),
    "6121": ("Livestock and dairy producers", "دامداران و تولیدکنندگان لبنیات", "مربّو الماشية ومنتجو الألبان"),
    "6122": ("Poultry producers", "مرغداران", "مربّو الدواجن"),
    "6123": ("Apiarists and sericulturists", "زنبورداران و پرورش‌دهندگان کرم ابریشم", "النحّالون ومربّو دودة القز"),
    "6221": ("Aquaculture workers", "آبزی‌پروران", "عمّال الاستزراع المائي"),
    "7112": ("Bricklayers and related workers", "بنایان و کارگران مرتبط", "البنّاؤون ومن إليهم"),
    "7114": ("Concrete placers, concrete finishers and related workers", "بتن‌ریزان و بتن‌کاران",
             "عمّال صبّ الخرسانة وتشطيبها"),
    "7115": ("Carpenters and joiners", "درودگران و نجاران ساختمانی", "النجّارون"),
    "7122": ("Floor layers and tile setters", "کف‌پوش‌کاران و کاشی‌کاران", "مبلّطو الأرضيات والبلاط"),
    "7126": ("Plumbers and pipe fitters", "لوله‌کشان و لوله‌کاران", "السبّاكون ومركّبو الأنابيب"),
    "7127": ("Air conditioning and refrigeration mechanics", "تعمیرکاران تهویه مطبوع و تبرید",
             "ميكانيكيو التكييف والتبريد"),
    "7131": ("Painters and related workers", "نقاشان ساختمان و کارگران مرتبط", "الدهّانون ومن إليهم"),
    "7212": ("Welders and flamecutters", "جوشکاران و برشکاران با شعله", "اللحّامون وقاطعو المعادن باللهب"),
    "7213": ("Sheet-metal workers", "ورق‌کاران فلزی", "عمّال الصفائح المعدنية"),
    "7214": ("Structural-metal preparers and erectors", "سازندگان و نصابان سازه‌های فلزی",
             "مجهّزو الهياكل المعدنية ومركّبوها"),
    "7223": ("Metal working machine tool setters and operators", "تنظیم‌کنندگان و متصدیان ماشین‌های ابزار فلزکاری",
             "مضبطو ومشغلو مكائن تشغيل المعادن"),
    "7231": ("Motor vehicle mechanics and repairers", "مکانیک‌ها و تعمیرکاران خودرو",
             "ميكانيكيو المركبات ومصلّحوها"),
    "7233": ("Agricultural and industrial machinery mechanics and repairers",
             "مکانیک‌ها و تعمیرکاران ماشین‌آلات کشاورزی و صنعتی", "ميكانيكيو الآلات الزراعية والصناعية ومصلّحوها"),
    "7313": ("Jewellery and precious-metal workers", "زرگران و سازندگان زیورآلات", "صاغة المجوهرات والمعادن الثمينة"),
    "7318": ("Handicraft workers in textile, leather and related materials",
             "صنعتگران دستی در نساجی، چرم و مواد مرتبط", "الحرفيون اليدويون في النسيج والجلود وما يتصل بها"),
    "7411": ("Building and related electricians", "برق‌کاران ساختمان و مرتبط", "كهربائيو المباني ومن إليهم"),
    "7412": ("Electrical mechanics and fitters", "مکانیک‌ها و نصابان تجهیزات برقی",
             "ميكانيكيو المعدات الكهربائية ومركّبوها"),
    "7413": ("Electrical line installers and repairers", "نصابان و تعمیرکاران خطوط برق",
             "مركّبو خطوط الكهرباء ومصلّحوها"),
    "7421": ("Electronics mechanics and servicers", "تعمیرکاران و خدمه تجهیزات الکترونیکی",
             "ميكانيكيو الإلكترونيات وفنيو صيانتها"),
    "7422": ("Information and communications technology installers and servicers",
             "نصابان و تعمیرکاران تجهیزات فناوری اطلاعات و ارتباطات",
             "مركّبو معدات تكنولوجيا المعلومات والاتصالات ومصلّحوها"),
    "7511": ("Butchers, fishmongers and related food preparers", "قصابان، ماهی‌فروشان و آماده‌کنندگان مواد غذایی",
             "القصّابون وبائعو السمك ومجهّزو الأغذية"),
    "7512": ("Bakers, pastry-cooks and confectionery makers", "نانوایان، قنادان و شیرینی‌پزان",
             "الخبّازون وصانعو المعجنات والحلويات"),
    "7513": ("Dairy-products makers", "سازندگان فرآورده‌های لبنی", "صانعو منتجات الألبان"),
    "7514": ("Fruit, vegetable and related preservers", "نگهدارندگان و فرآوری‌کنندگان میوه و سبزی",
             "حافظو الفاكهة والخضروات ومن إليهم"),
    "7515": ("Food and beverage tasters and graders", "چشندگان و درجه‌بندان مواد غذایی و نوشیدنی",
             "متذوّقو الأغذية والمشروبات ومصنّفوها"),
    "7522": ("Cabinet-makers and related workers", "کابینت‌سازان و کارگران مرتبط", "صانعو الأثاث الخشبي ومن إليهم"),
    "7531": ("Tailors, dressmakers, furriers and hatters", "خیاطان، دوزندگان لباس، پوستین‌دوزان و کلاه‌دوزان",
             "الخيّاطون ومفصّلو الملابس والفرّاؤون وصانعو القبعات"),
    "7533": ("Sewing, embroidery and related workers", "دوزندگان، گلدوزان و کارگران مرتبط",
             "عمّال الخياطة والتطريز ومن إليهم"),
    "7536": ("Shoemakers and related workers", "کفاشان و کارگران مرتبط", "صانعو الأحذية ومن إليهم"),
    "8160": ("Food and related products machine operators", "متصدیان ماشین‌های تولید مواد غذایی و محصولات مرتبط",
             "مشغلو آلات المنتجات الغذائية وما يتصل بها"),
    "8183": ("Packing, bottling and labelling machine operators", "متصدیان ماشین‌های بسته‌بندی، بطری‌پرکنی و برچسب‌زنی",
             "مشغلو آلات التعبئة والتغليف ووضع البطاقات"),
    "8332": ("Heavy truck and lorry drivers", "رانندگان کامیون سنگین", "سائقو الشاحنات الثقيلة"),
    "8342": ("Earthmoving and related plant operators", "متصدیان ماشین‌آلات خاک‌برداری و مرتبط",
             "مشغلو آليات تحريك التربة ومن إليها"),
}
LANGS = ("en", "fa", "ar")
_CODE_RE = re.compile(r"[0-9]{4}")


def normalise(text) -> str:
    """'۷۲۱۲' or ' 7212 ' → '7212' (any digit set, no bidi marks); '' when nothing was typed."""
    return to_ascii_digits(strip_bidi(str(text or ""))).strip()


def is_code(code: str) -> bool:
    """A four-digit code that names a unit group of the reference list."""
    return bool(_CODE_RE.fullmatch(code or "")) and code in UNIT_GROUPS


def title(code: str | None, lang: str) -> str:
    """The unit group's title in `lang` (en/fa/ar); '' for no or an unknown code."""
    names = UNIT_GROUPS.get(code or "")
    if names is None:
        return ""
    return names[LANGS.index(lang) if lang in LANGS else 0]


def choices(lang: str) -> list[tuple[str, str]]:
    """(code, 'code — title') for a drop-down list, in code order."""
    return [(code, f"{code} — {title(code, lang)}") for code in sorted(UNIT_GROUPS)]
