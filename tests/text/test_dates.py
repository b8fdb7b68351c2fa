from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from pagevet.text import find_dates, parse_date, years_in


def _dates(text):
    return [(d.day, d.month, d.year) for d in find_dates(text)]


def test_vietnamese_datelines():
    assert _dates("Ngày 12/3, tại Đà Nẵng") == [(12, 3, None)]
    assert _dates("vào sáng 5/9/2019 tại") == [(5, 9, 2019)]
    assert _dates("Thứ Bảy 28/4/2024.") == [(28, 4, 2024)]
    assert _dates("ngày 28 tháng 4") == [(28, 4, None)]
    assert _dates("ngày 2 tháng 9 năm 1945") == [(2, 9, 1945)]


def test_english_and_iso_dates():
    assert _dates("PARIS, April 28, 2024 —") == [(28, 4, 2024)]
    assert _dates("on 3 March 2022 the") == [(3, 3, 2022)]
    assert _dates("updated 2024-04-28T10:00") == [(28, 4, 2024)]


def test_lookalikes_are_not_dates():
    assert _dates("từ ngày 3-7/7") == []  # a day range
    assert _dates("hotline 1900-1560") == []
    assert _dates("tỷ số 2-1") == []
    assert _dates("31/2/2020") == []  # impossible day
    assert _dates("giá 1.500 đồng") == []


def test_years_in():
    assert years_in("năm 2019 và 2021-2026; Quyết định 2021/QĐ-TTg; 1.2019") == [2019, 2021, 2026]


def test_parse_date_metadata_forms():
    assert parse_date("20210427") == date(2021, 4, 27)
    assert parse_date("2021-04-27T21:19:09Z") == date(2021, 4, 27)
    assert parse_date("27/04/2021") == date(2021, 4, 27)
    assert parse_date("April 27, 2021") == date(2021, 4, 27)
    assert parse_date("not a date") is None
    assert parse_date("") is None


@given(st.text())
def test_parsers_never_raise(text):
    for mention in find_dates(text):
        assert 1 <= mention.month <= 12
        assert mention.to_date(2000) is not None
    years_in(text)
    parse_date(text)
