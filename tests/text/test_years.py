"""year_ranges: the forms of a year range, the period and length around it, and look-alikes."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pagevet.text.years import YearRange, year_ranges


def one(text: str) -> YearRange:
    found = year_ranges(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Dự án được triển khai 2021-2025 tại ba huyện.", 2021, 2025),
        ("Dự án được triển khai 2021–2025 tại ba huyện.", 2021, 2025),
        ("Dự án được triển khai 2021 - 2025 tại ba huyện.", 2021, 2025),
        ("Dự án được triển khai 2021 — 2025 tại ba huyện.", 2021, 2025),
        ("Tổng kết vụ mùa 2021-25 của hợp tác xã.", 2021, 2025),
        ("Đội bóng thi đấu ở mùa 1999-00 rất tốt.", 1999, 2000),
        ("Ông làm hiệu trưởng từ năm 2009 đến năm 2016.", 2009, 2016),
        ("Ông làm hiệu trưởng từ 2009 đến 2016.", 2009, 2016),
        ("Cây cầu đóng cửa từ năm 2012 cho đến hết năm 2014.", 2012, 2014),
        ("Giá nhà tăng từ năm 2015 tới năm 2019.", 2015, 2019),
        ("She coached the club from 2003 to 2007.", 2003, 2007),
        ("Rainfall fell between 1998 and 2002 in the valley.", 1998, 2002),
        ("The bridge was closed from the year 2010 until 2013.", 2010, 2013),
        ("Quỹ học bổng giai đoạn 2016 – 2020 đã trao 300 suất.", 2016, 2020),
        ("Bộ phim quay trong (2017-2019) tại Đà Lạt.", 2017, 2019),
    ],
)
def test_forms(text: str, start: int, end: int) -> None:
    r = one(text)
    assert (r.start, r.end) == (start, end)
    assert text[r.span[0] : r.span[1]] == r.text


@pytest.mark.parametrize(
    "text",
    [
        "Mọi thắc mắc xin gọi tổng đài 1900-1560 để được hỗ trợ.",
        "Mọi thắc mắc xin gọi tổng đài 1900-2046 để được hỗ trợ.",
        "Đường dây nóng 1900 1234 hoạt động cả ngày.",
        "Số máy bàn của xã là 0243-2021 từ tháng trước.",
        "Quyết định 2021/QĐ-TTg đã được ban hành.",
        "Theo văn bản số 1234/2021 của UBND tỉnh.",
        "Chủ nhà thắng 2-1, đội khách thua 3-2 ở lượt về.",
        "Mùa giải 2019/2020 bị hoãn vì dịch.",
        "Đoàn công tác đến thăm từ ngày 3-7/7 năm nay.",
        "Hồ sơ nộp ngày 2021-05-12 tại bộ phận một cửa.",
        "Báo cáo tháng 2021-05 đã gửi lên sở.",
        "Mã hàng 120211-2025 và tỷ số 3,2021-2025 không phải năm.",
        "Chỉ số đạt 12.2021-2025 điểm.",
        "Giá vàng dao động 1950-2000 USD mỗi ounce.",
        "Căn hộ rộng 1980-2050 m2 tùy tầng.",
        "Chuỗi số 2019-2020-2021 in trên vé.",
        "Dãy 2018 - 2019 - 2020 là mã lô.",
        "Giới hạn 1850-1890 và 2150-2200 nằm ngoài phạm vi.",
        "Số hiệu 2019-20251 không phải khoảng năm.",
        "Liên hệ số 2019-2022 để đặt chỗ.",
        "Giá trọn gói $2000-2050 cho hai người.",
        "Từ năm 2019 đến nay, xã đã xây ba trường.",
        "từ tháng 3/2019 đến tháng 5/2021 công trình tạm dừng.",
    ],
)
def test_look_alikes_are_not_ranges(text: str) -> None:
    assert year_ranges(text) == []


@pytest.mark.parametrize(
    ("text", "keyword", "kind", "stated"),
    [
        ("Tỉnh đặt mục tiêu cho cả giai đoạn 5 năm 2021-2025.", "giai đoạn", "period", 5),
        ("Thực hiện kế hoạch 5 năm 2021-2025 của thành phố.", "kế hoạch", "period", 5),
        (
            "Kế hoạch phát triển kinh tế - xã hội 5 năm 2016-2020 đạt nhiều chỉ tiêu.",
            "kế hoạch",
            "period",
            5,
        ),
        ("Xây dựng chiến lược mười năm 2021-2030 cho ngành.", "chiến lược", "period", 10),
        ("Kế hoạch năm năm 2016-2020 đã hoàn thành.", "kế hoạch", "period", 5),
        ("Đại hội bầu ban chấp hành nhiệm kỳ 2020-2025.", "nhiệm kỳ", "term", None),
        ("Đội tuyển chuẩn bị cho mùa giải 2022-2023.", "mùa giải", "term", None),
        ("Học sinh lớp 6 năm học 2022-2023 nhập học sớm.", "năm học", "term", None),
        ("Sinh viên niên khoá 2015-2019 về thăm trường.", "niên khóa", "term", None),
        ("Quốc hội khóa XV, nhiệm kỳ 2021-2026 họp phiên đầu.", "nhiệm kỳ", "term", None),
        ("Thập kỷ 2011-2020 chứng kiến nhiều đổi thay.", "thập kỷ", "loose", 10),
        ("Trong hai thập kỷ 2001-2020, dân số tăng mạnh.", "thập kỷ", "loose", 20),
        ("The province met its five-year plan for 2016-2020.", "plan", "period", 5),
        ("The 2016-2020 five-year plan was met.", "plan", "period", 5),
        ("He scored 30 goals in the 2018-19 season.", "season", "term", None),
        ("A new 10-year strategy for 2021-2030 was adopted.", "strategy", "period", 10),
        ("Dự án kéo dài 2018-2022 (5 năm) ở vùng cao.", None, None, 5),
        ("Sản lượng tăng 8 năm liền (2012-2020).", None, None, 8),
    ],
)
def test_keyword_and_stated_length(
    text: str, keyword: str | None, kind: str | None, stated: int | None
) -> None:
    r = one(text)
    assert (r.keyword, r.keyword_kind, r.stated_years) == (keyword, kind, stated)


@pytest.mark.parametrize(
    "text",
    [
        "Khởi công tháng 5 năm 2020-2021 theo kế hoạch điều chỉnh.",  # a month, not a length
        "Sau hơn 5 năm 2015-2021 dự án mới xong.",  # an estimate
        "Học sinh lớp 6 năm học 2022-2023 nhập học sớm.",  # a grade before "năm học"
    ],
)
def test_numbers_that_are_not_lengths(text: str) -> None:
    assert one(text).stated_years is None


def test_phrase_and_context() -> None:
    r = one("Hội nghị bàn mục tiêu cho cả giai đoạn 5 năm 2022-2027 của tỉnh.")
    assert r.phrase == "giai đoạn 5 năm 2022-2027"
    assert r.context == "cho ca giai doan 5 nam"  # six words before, folded
    assert r.covered_years == 6
    assert r.label == "2022-2027"


def test_keyword_stops_at_the_clause() -> None:
    r = one("Kế hoạch đã được duyệt, trong 2019-2020 xã làm thêm đường.")
    assert r.keyword is None


def test_several_ranges_in_order() -> None:
    found = year_ranges("Kế hoạch 5 năm 2016-2020 và kế hoạch 5 năm 2021-2025 nối tiếp nhau.")
    assert [(r.start, r.end, r.stated_years) for r in found] == [
        (2016, 2020, 5),
        (2021, 2025, 5),
    ]


def test_end_before_start_is_kept() -> None:
    r = one("Dự án chạy 2024-2019 theo báo cáo.")
    assert (r.start, r.end) == (2024, 2019)


def test_odd_unicode() -> None:
    nfd = unicodedata.normalize("NFD", "Cả giai đoạn 5 năm 2022-2027 được ưu tiên.")
    r = one(nfd)
    assert (r.keyword, r.stated_years, r.start, r.end) == ("giai đoạn", 5, 2022, 2027)
    nbsp = "giai\u00a0đoạn\u00a05\u00a0năm\u202f2022\u00a0\u2013\u00a02027"
    r = one(nbsp)
    assert (r.keyword, r.stated_years, r.start, r.end) == ("giai đoạn", 5, 2022, 2027)
    assert r.phrase == "giai đoạn 5 năm 2022 – 2027"


def test_empty_and_long_text() -> None:
    assert year_ranges("") == []
    long = "Nông dân trồng lúa. " * 20_000 + "Giai đoạn 5 năm 2021-2026 kết thúc."
    found = year_ranges(long)
    assert [(r.start, r.end, r.stated_years) for r in found] == [(2021, 2026, 5)]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises(text: str) -> None:
    found = year_ranges(text)
    assert isinstance(found, list)
    for r in found:
        assert 1900 <= r.start <= 2100 and 1900 <= r.end <= 2100


_PIECES = st.sampled_from(
    ["2021", "2025", "1900", "-", "–", " ", "\u00a0", "/", ".", ",", "năm", "từ", "đến",
     "giai đoạn", "nhiệm kỳ", "5", "mười", "hai mươi", "thập kỷ", "five-year", "plan",
     "from", "to", "between", "and", "(", ")", "25", "99", "00", "tháng", "2100", "2101"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_never_raises_on_near_misses(text: str) -> None:
    for r in year_ranges(text):
        assert 1900 <= r.start <= 2100 and 1900 <= r.end <= 2100
        assert r.stated_years is None or r.stated_years > 0


@pytest.mark.parametrize(
    ("text", "national"),
    [
        ("Kế hoạch phát triển kinh tế - xã hội 5 năm 2021-2025 của tỉnh", True),
        ("kế hoạch 5 năm 2021-2025 của cả nước", True),
        ("Đại hội XIII của Đảng đề ra kế hoạch 5 năm 2021-2025.", True),
        ("China's 14th five-year plan for 2021-2025", True),
        ("Công ty hoàn thành kế hoạch 5 năm 2019-2023.", False),
        ("Tập đoàn Dầu khí Quốc gia hoàn thành kế hoạch 5 năm 2019-2023.", False),
        ("Báo cáo gửi Quốc hội về cao tốc giai đoạn 2017-2020", False),
        ("bầu cử đại biểu Quốc hội khóa XV, nhiệm kỳ 2021-2026 của cả nước", False),
        ("Năm 2021-2025", False),
    ],
)
def test_national_plan_names(text: str, national: bool) -> None:
    assert one(text).national_plan is national
