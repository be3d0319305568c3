"""Words an import file may use besides the template's English keys: Persian and Arabic headings and values."""

# Column headings as people write them in Persian and Arabic, besides the template's English keys.
HEADER_WORDS = {
    "name_fa": ("نام فارسی", "نام به فارسی", "نام و نام خانوادگی", "الاسم بالفارسية"),
    "name_ar": ("نام عربی", "نام به عربی", "الاسم بالعربية", "الاسم الكامل", "الاسم"),
    "gender": ("جنسیت", "جنس", "الجنس"),
    "side": ("طرف", "استان", "الجانب", "المحافظة"),
    "target_group": ("گروه هدف", "الفئة المستهدفة", "الفئة"),
    "birth_date": ("تاریخ تولد", "تاريخ الميلاد", "تاريخ الولادة"),
    "education": ("تحصیلات", "میزان تحصیلات", "التحصيل الدراسي", "المستوى التعليمي"),
    "phone": ("تلفن", "شماره تلفن", "موبایل", "تلفن همراه", "الهاتف", "رقم الهاتف", "الموبايل"),
    "national_id": ("کد ملی", "شماره ملی", "الرقم الوطني", "رقم الهوية", "رقم البطاقة الوطنية"),
}
# Education as people write it; the codes of the template are accepted too.
EDUCATION_WORDS = {
    "none": ("بی‌سواد", "بدون تحصیلات", "أمي", "بدون تعليم"),
    "primary": ("ابتدایی", "ابتدائي", "ابتدائية"),
    "lower_secondary": ("سیکل", "راهنمایی", "متوسطة", "متوسط"),
    "secondary": ("دیپلم", "إعدادية", "اعدادية", "ثانوية"),
    "post_secondary": ("کاردانی", "فوق دیپلم", "دبلوم"),
    "bachelor": ("کارشناسی", "لیسانس", "بكالوريوس"),
    "master": ("کارشناسی ارشد", "فوق لیسانس", "دکتری", "ماجستير", "دكتوراه"),
}
