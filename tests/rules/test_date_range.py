"""date-range-inconsistent on pages built the way the pipeline builds them."""

from __future__ import annotations

import json
import unicodedata

import pytest
from helpers import pages

from pagevet.errors import PagevetError
from pagevet.pages.lines import line_ranges
from pagevet.rules.date_range import RULE


def findings(params: dict[str, object] | None = None, **texts: str) -> list[dict]:
    found = RULE.run(pages(**texts), params)
    return [{**row, "evidence": json.loads(row["evidence"])} for row in found.iter_rows(named=True)]


def page(title: str, *paragraphs: str) -> str:
    """A news page: title, blank line, then paragraphs separated by blank lines."""
    return "\n\n".join([title, *paragraphs]) + "\n"


LEAD = (
    "Sáng 12/3, tại thành phố Vĩnh Yên, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác "
    "nông nghiệp và đề ra nhiệm vụ cho thời gian tới."
)
FILLER = (
    "Nhiều hợp tác xã đã chuyển sang sản xuất theo chuỗi liên kết, giúp giá bán ổn định và thu "
    "nhập của người trồng rau tăng đều qua từng vụ."
)

# Line numbers: title 1, lead 3, paragraphs 5, 7, 9, ...
FLAGGED = page(
    "Vĩnh Phúc đặt mục tiêu nâng thu nhập nông dân",
    LEAD,
    FILLER,
    "Năm nay được xác định là năm bản lề, làm nền móng cho những năm tiếp theo và cho cả giai "
    "đoạn 5 năm 2021-2026 mà tỉnh đã đề ra tại đại hội.",
    "Lãnh đạo tỉnh đề nghị các sở, ngành tiếp tục rà soát quỹ đất, hỗ trợ vốn vay và hướng dẫn "
    "kỹ thuật cho các hộ sản xuất quy mô nhỏ.",
)


def test_flags_the_period_that_states_five_years_but_covers_six() -> None:
    (f,) = findings(flagged=FLAGGED)
    assert f["id"] == "flagged"
    assert f["line"] == 7
    assert f["message"] == (
        "'giai đoạn 5 năm 2021-2026' states 5 years but 2021-2026 covers 6 (2021–2026 "
        "inclusive); five-year plan periods are 2016-2020, 2021-2025, 2026-2030"
    )
    assert f["evidence"] == {
        "range": "2021-2026",
        "start": 2021,
        "end": 2026,
        "keyword": "giai đoạn",
        "stated_years": 5,
        "covered_years": 6,
        "kind": "length",
        "phrase": "giai đoạn 5 năm 2021-2026",
        "other_range": None,
        "other_line": None,
    }


CLEAN = page(
    "Đại hội Hội Nông dân huyện nhiệm kỳ 2023-2028 thành công tốt đẹp",
    LEAD,
    "Hội đồng nhân dân tỉnh khóa XVII, nhiệm kỳ 2021-2026 đã thông qua nghị quyết về hỗ trợ "
    "giống cây trồng cho các xã vùng cao.",
    "Các mục tiêu của kế hoạch 5 năm 2021-2025 và của cả giai đoạn 2021-2025 đều được bám sát, "
    "nối tiếp kế hoạch 5 năm 2016-2020 đã hoàn thành.",
    "Câu lạc bộ bóng đá của tỉnh thắng 3-1 ở vòng cuối, kết thúc mùa giải 2023-2024 ở vị trí "
    "thứ tư, còn đội trẻ thua 0-2.",
    "Học sinh lớp 6 năm học 2024-2025 được miễn học phí theo Quyết định 2021/QĐ-UBND và văn bản "
    "số 1234/2023 của tỉnh.",
    "Người dân cần hỗ trợ có thể gọi tổng đài 1900-1560 hoặc đường dây nóng 1900 6868 trong "
    "giờ hành chính mỗi ngày.",
    "Đoàn kiểm tra làm việc từ ngày 3-7/7, sau đó tổng hợp số liệu từ năm 2019 đến nay để báo "
    "cáo lên bộ chủ quản.",
    "Ban chấp hành nhiệm kỳ 5 năm 2023-2028 cam kết dành hai thập kỷ 2021-2040 cho chương trình "
    "cải tạo đất.",
)


def test_clean_page_has_no_findings() -> None:
    assert findings(clean=CLEAN) == []
    ranges = line_ranges(pages(clean=CLEAN))
    assert {"2021-2026", "2021-2025", "2016-2020", "2023-2024", "2023-2028"} <= set(ranges["range"])


def test_end_before_start() -> None:
    text = page(
        "Dự án đường ven sông chậm tiến độ",
        LEAD,
        "Theo hồ sơ, dự án được phê duyệt thực hiện trong giai đoạn 2025-2021 nhưng đến nay mới "
        "giải phóng mặt bằng được một nửa.",
    )
    (f,) = findings(p=text)
    assert f["line"] == 5
    assert f["message"] == "range 2025-2021 ends before it starts (in 'giai đoạn 2025-2021')"
    assert f["evidence"]["kind"] == "order"


def test_off_grid_national_plan_and_grid_parameters() -> None:
    text = page(
        "Tỉnh miền núi đẩy nhanh giảm nghèo",
        LEAD,
        FILLER,
        "Tỉnh đặt chỉ tiêu giảm tỷ lệ hộ nghèo mỗi năm 2% trong kế hoạch phát triển kinh tế - xã "
        "hội 5 năm 2018-2022 đã được hội đồng nhân dân thông qua.",
    )
    (f,) = findings(p=text)
    assert (f["line"], f["evidence"]["kind"]) == (7, "off-grid")
    assert f["message"] == (
        "'kế hoạch phát triển kinh tế - xã hội 5 năm 2018-2022' names the national five-year "
        "plan but 2018-2022 is off the plan grid; five-year plan periods are 2011-2015, "
        "2016-2020, 2021-2025"
    )
    assert findings({"grid_start": 2018}, p=text) == []
    with pytest.raises(PagevetError, match="plan_years"):
        RULE.run(pages(p=text), {"grid": 2018})


# Names of the national plan the grid applies to (flagged when off the grid), and plans of a
# company, a school, a district that may start in any year (never flagged).
NATIONAL_PLANS = (
    "Quốc hội thông qua kế hoạch 5 năm 2019-2023 với nhiều chỉ tiêu về tăng trưởng.",
    "Các chỉ tiêu của Kế hoạch 5 năm 2019-2023 của cả nước đều được bám sát.",
    "Đại hội XIII của Đảng đề ra kế hoạch 5 năm 2022-2026 với mục tiêu tăng trưởng 7%.",
    "Tỉnh rà soát giai đoạn 5 năm 2019-2023 của kế hoạch phát triển KT-XH quốc gia.",
    "The government reviewed the national five-year plan for 2019-2023 on Monday.",
)
OWN_PLANS = (
    "Công ty đặt mục tiêu tăng doanh thu gấp đôi trong kế hoạch 5 năm 2019-2023 của mình.",
    "Nhà trường xây dựng kế hoạch 5 năm 2022-2026 về đổi mới phương pháp giảng dạy.",
    "Huyện đặt chỉ tiêu giảm tỷ lệ hộ nghèo trong kế hoạch 5 năm 2018-2022 đã được thông qua.",
    "Tập đoàn Dầu khí Quốc gia hoàn thành sớm kế hoạch 5 năm 2019-2023 về sản lượng khai thác.",
    "The company said its five-year plan for 2019-2023 had met most of its targets.",
)


@pytest.mark.parametrize("sentence", NATIONAL_PLANS)
def test_the_grid_applies_to_national_plans(sentence: str) -> None:
    (f,) = findings(p=page("Tổng kết năm", LEAD, sentence))
    assert (f["line"], f["evidence"]["kind"]) == (5, "off-grid")


@pytest.mark.parametrize("sentence", OWN_PLANS)
def test_the_grid_does_not_apply_to_an_organisations_own_plan(sentence: str) -> None:
    assert findings(p=page("Tổng kết năm", LEAD, sentence)) == []


def test_an_own_plan_still_gets_length_and_order_checks() -> None:
    text = page(
        "Doanh nghiệp công bố chiến lược",
        LEAD,
        "Công ty đặt mục tiêu trong kế hoạch 5 năm 2019-2024 và giai đoạn 2023-2020 tiếp theo.",
    )
    assert [f["evidence"]["kind"] for f in findings(p=text)] == ["length", "order"]


def test_term_with_a_stated_length_counts_years_between_endpoints() -> None:
    ok = page(
        "Hội đồng trường ra mắt",
        LEAD,
        "Hội đồng trường nhiệm kỳ 5 năm 2024-2029 gồm mười lăm thành viên, trong đó có đại diện "
        "giảng viên và sinh viên.",
    )
    bad = page(
        "Hội đồng trường ra mắt",
        LEAD,
        "Hội đồng trường nhiệm kỳ 5 năm 2024-2031 gồm mười lăm thành viên, trong đó có đại diện "
        "giảng viên và sinh viên.",
    )
    (f,) = findings(ok=ok, bad=bad)
    assert (f["id"], f["line"]) == ("bad", 5)
    assert f["message"] == (
        "'nhiệm kỳ 5 năm 2024-2031' states 5 years but 2024-2031 spans 7 "
        "(8 counting both end years)"
    )


def test_conflicting_ranges_for_the_same_period() -> None:
    text = page(
        "Tỉnh công bố chương trình chuyển đổi số",
        LEAD,
        "Tỉnh phấn đấu đưa kinh tế số chiếm 20% GRDP vào cuối giai đoạn 5 năm 2021-2025 theo "
        "nghị quyết của tỉnh ủy.",
        FILLER,
        "Để đạt mục tiêu này, mỗi sở, ngành phải có lộ trình riêng cho giai đoạn 5 năm 2022-2026 "
        "và báo cáo định kỳ hằng quý.",
    )
    (f,) = findings(p=text)
    assert f["line"] == 9
    assert f["evidence"]["kind"] == "conflict"
    assert (f["evidence"]["other_range"], f["evidence"]["other_line"]) == ("2021-2025", 5)
    assert f["message"] == (
        "'giai đoạn 5 năm 2022-2026' conflicts with line 5, which writes the same 5-year "
        "giai đoạn as 2021-2025"
    )


def test_conflict_and_length_on_the_seed_like_line() -> None:
    text = page(
        "Tỉnh công bố chương trình chuyển đổi số",
        LEAD,
        "Kế hoạch đặt ra cho giai đoạn 5 năm 2021-2025 được chia thành từng năm cụ thể cho các "
        "sở, ngành.",
        "Cuối buổi, giám đốc sở nhắc lại rằng giai đoạn 5 năm 2021-2026 là thời kỳ bứt phá của "
        "kinh tế số trong tỉnh.",
    )
    kinds = [(f["line"], f["evidence"]["kind"]) for f in findings(p=text)]
    assert kinds == [(7, "conflict"), (7, "length")]


def test_furniture_lines_are_ignored() -> None:
    text = page(
        "Xã vùng cao có đường bê tông",
        LEAD,
        FILLER,
        "Đọc thêm",
        "Giai đoạn 5 năm 2021-2027 có gì mới cho nông thôn...",
        "Kế hoạch 5 năm 2017-2021 của huyện bên cạnh...",
    )
    df = pages(p=text)
    roles = {r["n"]: r["role"] for r in df["line_roles"][0]}
    assert roles[9] not in ("title", "lead", "body")
    assert roles[11] not in ("title", "lead", "body")
    assert RULE.run(df).is_empty()


def test_empty_pages() -> None:
    assert findings(empty="", blank="\n\n \n") == []


def test_odd_unicode() -> None:
    nfd = unicodedata.normalize("NFD", FLAGGED)
    spaced = FLAGGED.replace("5 năm 2021-2026", "5\u00a0năm\u00a02021\u00a0\u2013\u00a02026")
    found = findings(nfd=nfd, spaced=spaced)
    assert [(f["id"], f["line"], f["evidence"]["kind"]) for f in found] == [
        ("nfd", 7, "length"),
        ("spaced", 7, "length"),
    ]
    assert found[0]["evidence"]["keyword"] == "giai đoạn"
    assert "2021–2026 inclusive" in found[1]["message"]


def test_very_long_line() -> None:
    body = (FILLER + " ") * 3000 + "Tất cả hướng tới cả giai đoạn 5 năm 2021-2026 của tỉnh."
    (f,) = findings(p=page("Một bài viết rất dài", LEAD, body))
    assert (f["line"], f["evidence"]["kind"]) == (5, "length")


def test_english_page() -> None:
    text = page(
        "Province reviews its development plan",
        "The provincial council met on Monday to review progress on farm incomes, roads and "
        "schools across the mountain districts.",
        "Officials said the national five-year plan for 2019-2023 had met most of its targets "
        "despite the pandemic and two floods.",
        "Work on the bridge ran from 2024 to 2021 according to the report, which also covered the "
        "2022-23 school year in detail.",
    )
    found = findings(p=text)
    assert [(f["line"], f["evidence"]["kind"]) for f in found] == [(5, "off-grid"), (7, "order")]
    assert found[1]["message"] == "range 2024-2021 ends before it starts"
