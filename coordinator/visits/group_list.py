"""The delegation's group list for the border crossing: the same bilingual list a trainee group carries
(exchanges.group_trips.GroupListData, drawn by reports.group_list_pdf), filled from the delegates' traveller
records: names, the name and number of their latest passport, nationality, the visit's dates and host."""

from __future__ import annotations

from ..exchanges.group_trips import GroupListData, ListRow
from ..exchanges.invitations import country_name, passport_of
from .models import Visit

LANGS = ("fa", "ar")


def list_data(visit: Visit) -> GroupListData:
    host, guest = visit.host_side, visit.guest_side
    rows = []
    for delegate in sorted(visit.delegates, key=lambda d: (not d.heads, d.traveller.search_key or "", d.id)):
        traveller, passport = delegate.traveller, passport_of(delegate.traveller)
        nationality = (passport.country_code if passport and passport.country_code else guest.country_code)
        rows.append(ListRow(
            name_fa=traveller.name_fa or traveller.name_ar, name_ar=traveller.name_ar or traveller.name_fa,
            name_latin=passport.holder_name if passport else "", father="",
            document=passport.number if passport else "", is_passport=bool(passport and passport.number),
            nationality={lang: country_name(nationality, lang) for lang in LANGS}))
    head = next((d for d in visit.delegates if d.heads), None)
    return GroupListData(
        course={lang: visit.name_in(lang) for lang in LANGS}, course_code=f"SV-{visit.id}",
        centre={lang: "" for lang in LANGS},
        host_country={lang: f"{host.name_in(lang)}، {country_name(host.country_code, lang)}" for lang in LANGS},
        home_country={lang: country_name(guest.country_code, lang) for lang in LANGS},
        side={lang: guest.name_in(lang) for lang in LANGS},
        crossing={lang: "—" for lang in LANGS},
        escort=head.traveller.name if head else "—", departure=visit.starts_on, return_day=visit.ends_on,
        departure_time="", status=visit.status, rows=rows, purpose="visit")
