"""The title finder: a confident headline or none, never a menu item (pages written here)."""

from __future__ import annotations

import numpy as np

from pagevet.pages.parse import parse_page
from pagevet.pages.title import accepts

WEIGHTS = {"threshold": 0.5, "threshold_low": 0.25, "margin": 16.0}

MENU = ["Trang chủ", "Thời sự", "Thế giới", "Kinh tế", "Thể thao", "Giải trí", "Du lịch"]
LEAD = (
    "Sáng thứ Hai, ban quản lý cảng cho biết bến phà mới sẽ đi vào hoạt động vào mùa xuân, "
    "chậm hai năm so với kế hoạch, sau tranh chấp về chi phí nạo vét luồng tàu."
)
BODY = (
    "Nhiều hộ kinh doanh ở khu phố cổ từng hy vọng bến phà sẽ đưa thêm du khách đến, và một số "
    "người cho biết việc chậm trễ đã khiến họ mất trọn một mùa hè."
)


def test_accepts_a_high_score_or_a_clear_winner():
    assert accepts(np.array([0.7, 0.2]), WEIGHTS)
    # modest, but far above every other candidate
    assert accepts(np.array([0.3, 0.01, 0.002]), WEIGHTS)
    # modest and close to the runner-up: a menu item among menu items
    assert not accepts(np.array([0.3, 0.1]), WEIGHTS)
    assert not accepts(np.array([0.2, 0.001]), WEIGHTS)  # under the low bar
    assert not accepts(np.array([]), WEIGHTS)
    # a model without the low bar: the threshold alone
    assert not accepts(np.array([0.3, 0.0]), {"threshold": 0.5})


def test_the_headline_under_a_menu_is_the_title():
    headline = "Bến phà mới lùi ngày khai trương đến mùa xuân vì tranh chấp nạo vét"
    page = parse_page("\n".join([*MENU, headline, "", LEAD, "", BODY]))
    assert page.title == headline
    assert page.title_from == "page"
    assert page.title_line == len(MENU) + 1
    assert page.roles[: len(MENU)] == ["nav"] * len(MENU)
    assert 0.0 < page.title_confidence <= 1.0


def test_a_page_of_menu_items_has_no_title():
    page = parse_page("\n".join(MENU))
    assert page.title is None and page.title_confidence is None
    assert "title" not in page.roles


def test_a_metadata_title_wins_and_is_certain():
    page = parse_page("\n".join([*MENU, "", LEAD]), title="Bến phà lùi ngày khai trương")
    assert (page.title, page.title_from, page.title_confidence) == (
        "Bến phà lùi ngày khai trương",
        "metadata",
        1.0,
    )
