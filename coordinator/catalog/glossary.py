"""Holiday names in the language the `holidays` package does not give for a side: Arabic for Iran's
holidays (the library gives fa and en), Persian for Iraq's (it gives ar and en). Keyed by the library's
English name; a name missing here is shown untranslated in the import preview and edited by hand."""

from __future__ import annotations

# English name → (Persian, Arabic). The Persian and Arabic forms follow common official usage.
HOLIDAY_NAMES = {
    "New Year's Day": ("آغاز سال میلادی", "رأس السنة الميلادية"),
    "Army Day": ("روز ارتش عراق", "عيد الجيش"),
    "Eid al-Fitr": ("عید فطر", "عيد الفطر"),
    "Eid al-Fitr Holiday": ("تعطیل عید فطر", "عطلة عيد الفطر"),
    "Eid al-Adha": ("عید قربان", "عيد الأضحى"),
    "Eid al-Ghadir": ("عید غدیر", "عيد الغدير"),
    "Day of Arafah": ("روز عرفه", "يوم عرفة"),
    "Islamic New Year": ("آغاز سال هجری قمری", "رأس السنة الهجرية"),
    "Ashura": ("عاشورا", "عاشوراء"),
    "Tasua": ("تاسوعا", "تاسوعاء"),
    "Arbaeen": ("اربعین", "الأربعين"),
    "Prophet's Birthday": ("میلاد پیامبر اکرم", "المولد النبوي الشريف"),
    "Nowruz": ("نوروز", "عيد نوروز"),
    "Nowruz Holiday": ("تعطیل نوروز", "عطلة نوروز"),
    "Labor Day": ("روز جهانی کارگر", "عيد العمال العالمي"),
    "Republic Day": ("روز جمهوری عراق", "عيد الجمهورية"),
    "National Day": ("روز ملی عراق", "العيد الوطني"),
    "Iraqi Independence Day": ("روز استقلال عراق", "يوم الاستقلال"),
    "Commemoration of the Saddam Baath crimes against the Iraqi people":
        ("یادبود جنایات بعث علیه مردم عراق", "ذكرى جرائم البعث والأنفال والهجوم على حلبجة"),
    "Islamic Revolution Day": ("پیروزی انقلاب اسلامی", "ذكرى انتصار الثورة الإسلامية"),
    "Iranian Oil Industry Nationalization Day": ("روز ملی شدن صنعت نفت ایران", "يوم تأميم صناعة النفط الإيرانية"),
    "Islamic Republic Day": ("روز جمهوری اسلامی", "يوم الجمهورية الإسلامية"),
    "Nature's Day": ("روز طبیعت", "يوم الطبيعة"),
    "Death of Imam Khomeini": ("رحلت امام خمینی", "ذكرى رحيل الإمام الخميني"),
    "15 Khordad Uprising": ("قیام ۱۵ خرداد", "ذكرى انتفاضة 15 خرداد"),
    "Isra' and Mi'raj": ("مبعث رسول اکرم", "المبعث النبوي الشريف"),
    "Birthday of Mahdi": ("ولادت حضرت قائم", "ذكرى مولد الإمام المهدي"),
    "Martyrdom of Imam Ali": ("شهادت حضرت علی", "ذكرى استشهاد الإمام علي"),
    "Martyrdom of Imam Ja'far al-Sadiq": ("شهادت امام جعفر صادق", "ذكرى استشهاد الإمام جعفر الصادق"),
    "Death of Prophet Muhammad and Martyrdom of Hasan ibn Ali":
        ("رحلت رسول اکرم و شهادت امام حسن مجتبی", "ذكرى وفاة النبي واستشهاد الإمام الحسن"),
    "Martyrdom of Ali al-Rida": ("شهادت امام رضا", "ذكرى استشهاد الإمام الرضا"),
    "Martyrdom of Hasan al-Askari": ("شهادت امام حسن عسکری", "ذكرى استشهاد الإمام الحسن العسكري"),
    "Birthday of Muhammad and Imam Ja'far al-Sadiq":
        ("میلاد رسول اکرم و امام جعفر صادق", "المولد النبوي ومولد الإمام جعفر الصادق"),
    "Martyrdom of Fatima": ("شهادت حضرت فاطمه", "ذكرى استشهاد السيدة فاطمة الزهراء"),
    "Birthday of Imam Ali": ("ولادت امام علی", "ذكرى مولد الإمام علي"),
}

_COLUMN = {"fa": 0, "ar": 1}


def other_language_name(english: str, lang: str) -> str:
    """The glossary's name in `lang` ("fa" or "ar") for the library's English name, or ""."""
    names = HOLIDAY_NAMES.get(english.strip())
    return names[_COLUMN[lang]] if names else ""
