"""date-range-outlier: a named period written with a range few pages of the corpus use."""

from __future__ import annotations

from helpers import pages, run

from pagevet.rules.date_range_outlier import RULE

LEAD = (
    "Sáng 14/3, tại Cần Thơ, Ủy ban nhân dân thành phố tổ chức hội nghị triển khai chương trình "
    "chuyển đổi số với sự tham dự của đại diện các sở, ngành và doanh nghiệp."
)


def story(i: int, period: str) -> str:
    return "\n\n".join(
        [
            f"Cần Thơ đẩy mạnh chuyển đổi số ở quận {i}",
            LEAD,
            f"Theo kế hoạch, trong {period}, quận {i} sẽ số hóa toàn bộ hồ sơ hành chính và mở "
            "rộng dịch vụ công trực tuyến mức độ bốn cho người dân.",
            "Lãnh đạo quận cho biết nguồn lực sẽ được ưu tiên cho hạ tầng dữ liệu và đào tạo "
            "cán bộ, bảo đảm tiến độ đã đề ra trong năm nay.",
        ]
    )


def test_a_rare_range_for_a_common_period_is_flagged() -> None:
    texts = {f"p{i}": story(i, "giai đoạn 2021-2025") for i in range(6)}
    texts["odd"] = story(9, "giai đoạn 2021-2026")
    (finding,) = run(RULE, pages(**texts))
    assert finding["id"] == "odd" and finding["line"] == 5
    assert finding["evidence"]["range"] == "2021-2026"
    assert finding["evidence"]["common_range"] == "2021-2025"
    assert finding["evidence"]["common_pages"] == 6
    assert (
        "giai đoạn 2021-2026" in finding["message"]
        and "6 pages write 2021-2025" in finding["message"]
    )


def test_two_common_ranges_and_consecutive_periods_are_not_outliers() -> None:
    texts = {f"a{i}": story(i, "giai đoạn 2021-2025") for i in range(4)}
    texts |= {f"b{i}": story(i, "giai đoạn 2026-2030") for i in range(4)}
    texts |= {f"c{i}": story(i, "nhiệm kỳ 2020-2025") for i in range(2)}
    assert run(RULE, pages(**texts)) == []


def test_empty_and_rangeless_corpus() -> None:
    assert run(RULE, pages(a="", b="Một dòng\n\nkhông có năm nào cả.")) == []
