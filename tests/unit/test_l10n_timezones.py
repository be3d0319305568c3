"""Time zones: instants in UTC, shown on Tehran's and Baghdad's clocks."""

from datetime import UTC, date, datetime, time, timedelta, timezone

from coordinator.l10n import (
    as_utc,
    format_both_clocks,
    format_datetime,
    format_time,
    local_to_utc,
    to_zone,
    utcnow,
)

TEN_UTC = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
SIDES = [("تهران", "Asia/Tehran"), ("بغداد", "Asia/Baghdad")]


def test_utcnow_is_aware_utc():
    now = utcnow()
    assert now.utcoffset() == timedelta(0)


def test_as_utc_treats_naive_as_utc():
    assert as_utc(datetime(2026, 11, 26, 10, 0)) == TEN_UTC
    assert as_utc(datetime(2026, 11, 26, 10, 0)).tzinfo is not None
    tehran = datetime(2026, 11, 26, 13, 30, tzinfo=timezone(timedelta(hours=3, minutes=30)))
    assert as_utc(tehran) == TEN_UTC and as_utc(tehran).utcoffset() == timedelta(0)
    assert as_utc(None) is None


def test_tehran_is_thirty_minutes_ahead_of_baghdad():
    tehran, baghdad = to_zone(TEN_UTC, "Asia/Tehran"), to_zone(TEN_UTC, "Asia/Baghdad")
    assert (tehran.hour, tehran.minute) == (13, 30)
    assert (baghdad.hour, baghdad.minute) == (13, 0)
    assert tehran.utcoffset() - baghdad.utcoffset() == timedelta(minutes=30)


def test_local_to_utc_for_times_typed_on_each_side():
    assert local_to_utc(date(2026, 11, 26), time(13, 30), "Asia/Tehran") == TEN_UTC
    assert local_to_utc(date(2026, 11, 26), time(13, 0), "Asia/Baghdad") == TEN_UTC
    assert local_to_utc(date(2026, 11, 26), time(13, 0), "Asia/Baghdad").tzinfo is not None


def test_format_time_in_locale_digits():
    assert format_time(TEN_UTC, "fa", "Asia/Tehran") == "۱۳:۳۰"
    assert format_time(TEN_UTC, "ar", "Asia/Baghdad") == "١٣:٠٠"
    assert format_time(datetime(2026, 11, 26, 10, 0), "en", "Asia/Baghdad") == "13:00"
    assert format_time(None, "en", "Asia/Baghdad") == ""


def test_format_datetime_uses_viewer_calendar():
    assert format_datetime(TEN_UTC, "fa", "Asia/Tehran") == "۵ آذر ۱۴۰۵، ۱۳:۳۰"
    assert format_datetime(TEN_UTC, "ar", "Asia/Baghdad") == "٢٦ تشرين الثاني ٢٠٢٦، ١٣:٠٠"
    assert format_datetime(TEN_UTC, "en", "Asia/Baghdad") == "26 November 2026, 13:00"
    assert format_datetime(None, "en", "Asia/Baghdad") == ""


def test_format_datetime_date_follows_the_zone():
    late = datetime(2026, 11, 26, 21, 0, tzinfo=UTC)  # already the 27th in Tehran
    assert format_datetime(late, "en", "Asia/Tehran") == "27 November 2026, 00:30"


def test_format_both_clocks():
    assert format_both_clocks(TEN_UTC, "fa", SIDES) == "۱۳:۳۰ تهران، ۱۳:۰۰ بغداد"
    assert format_both_clocks(TEN_UTC, "en", [("Tehran", "Asia/Tehran"), ("Baghdad", "Asia/Baghdad")]) == (
        "13:30 Tehran, 13:00 Baghdad"
    )
    assert format_both_clocks(None, "fa", SIDES) == ""


def test_format_both_clocks_shows_dates_when_the_days_differ():
    near_midnight = datetime(2026, 11, 26, 20, 45, tzinfo=UTC)  # 00:15 in Tehran, 23:45 in Baghdad
    assert format_both_clocks(near_midnight, "fa", SIDES) == (
        "۱۴۰۵/۰۹/۰۶ ۰۰:۱۵ تهران، ۱۴۰۵/۰۹/۰۵ ۲۳:۴۵ بغداد"
    )
