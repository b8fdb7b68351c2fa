"""Parser behaviour on pages written for these tests (no text from ../shared)."""

from datetime import date

from pagevet.pages import parse_page, slug_from_url

BODY = (
    "Sáng 12/3, tại Đà Nẵng, Sở Giao thông vận tải thành phố tổ chức hội nghị sơ kết công tác "
    "bảo trì đường bộ năm 2023 và triển khai kế hoạch cho năm 2024 với sự tham dự của nhiều đơn vị."
)
PARA = (
    "Theo báo cáo tại hội nghị, trong năm qua các đơn vị đã hoàn thành sửa chữa hơn 120 km đường, "
    "lắp đặt mới hệ thống biển báo và tăng cường kiểm tra tải trọng xe trên các tuyến trọng điểm."
)


def test_english_page_with_markers():
    text = "\n".join(
        [
            "City council approves new cycling lanes",
            "",
            "By Jane Roe",
            "",
            "LONDON, March 3, 2022 — The city council voted on Tuesday to build forty kilometres "
            "of protected cycling lanes over the next three years, officials said.",
            "Share this article",
            "The plan, which was debated for months, will be funded by a mix of local taxes and "
            "national grants, according to the council's published budget documents.",
            "Photo: A cyclist crosses the bridge at dawn.",
            "Related articles",
            "Bus fares to rise in spring",
            "New park opens by the river",
            "Advertisement",
        ]
    )
    page = parse_page(text)
    assert page.roles == [
        "title", "blank", "byline", "blank", "lead", "nav", "body", "caption",
        "nav", "related", "related", "nav",
    ]  # fmt: skip
    assert page.published_at == date(2022, 3, 3)
    assert page.published_from == "dateline"
    assert page.byline == "By Jane Roe"


def test_repeated_heading_teasers_and_tail_block():
    text = "\n".join(
        [
            "Đà Nẵng sơ kết công tác bảo trì đường bộ",
            "",
            BODY,
            "",
            PARA,
            "",
            "Minh An (Theo TTXVN)",
            "Xem nhiều",
            "Giá xăng giảm nhẹ từ chiều nay",
            "",
            "Giá xăng giảm nhẹ từ chiều nay",
            "",
            "Liên bộ Công Thương - Tài chính vừa điều chỉnh giá bán lẻ xăng dầu trong nước ...",
        ]
    )
    page = parse_page(text)
    assert page.roles[:7] == ["title", "blank", "lead", "blank", "body", "blank", "byline"]
    assert page.roles[7] == "nav"
    assert set(page.roles[8:]) <= {"related", "blank"}
    assert page.published_at == date(2023, 3, 12)  # day/month + first year of the lead
    assert page.published_from == "inferred"
    assert page.text == f"{BODY}\n{PARA}"


def test_metadata_wins_and_url_slug():
    page = parse_page(
        BODY + "\n" + PARA,
        title="Đà Nẵng sơ kết bảo trì đường bộ",
        url="https://www.example.vn/giao-thong/da-nang-so-ket-bao-tri-duong-bo-123456.html",
        published_at="2024-03-12T08:00:00+07:00",
    )
    assert page.title == "Đà Nẵng sơ kết bảo trì đường bộ"
    assert page.title_line is None  # no line of the text shows it
    assert page.slug == "da-nang-so-ket-bao-tri-duong-bo-123456"
    assert page.slug_from == "url"
    assert page.source == "example.vn"
    assert page.published_at == date(2024, 3, 12)
    assert page.published_from == "metadata"
    assert page.roles == ["lead", "body"]


def test_gambling_lines_are_spam():
    page = parse_page("Tin nhanh\n\nXSMN 5/5 trực tiếp kết quả xổ số miền Nam hôm nay\n" + BODY)
    assert page.roles[2] == "spam"


def test_empty_and_odd_input_never_raises():
    assert parse_page("").roles == ["blank"]
    page = parse_page("\n\n\u200b\n" + "x" * 100_000)
    assert len(page.roles) == 4
    assert parse_page("\ufffd\x00\n\t").roles[0] in {"title", "lead", "nav"}


def test_slug_from_url():
    assert slug_from_url("https://a.vn/c/ban-tin-%C4%91%C3%AAm-160553.html") == "ban-tin-đêm-160553"
    assert slug_from_url("https://a.com/2022/03/03/") is None
    assert slug_from_url(None) is None


def test_url_timestamp_dates_the_page_over_the_dateline():
    page = parse_page(
        "Đà Nẵng sơ kết công tác bảo trì đường bộ\n\n" + BODY + "\n" + PARA,
        url="https://example.vn/xa-hoi/da-nang-so-ket-bao-tri-20230313081500123.htm",
    )
    assert page.published_at == date(2023, 3, 13)  # the dateline says 12/3: the event's day
    assert page.published_from == "url"


def test_date_from_url_forms():
    from pagevet.text.urls import date_from_url

    assert date_from_url("https://a.com/world/2022/03/03/slug-123.html") == date(2022, 3, 3)
    assert date_from_url("https://a.vn/tin-20210427211909546.htm") == date(2021, 4, 27)
    assert date_from_url("https://a.vn/tin-160553.html") is None
    assert date_from_url("https://a.vn/2021/13/45/x") is None
    assert date_from_url(None) is None
