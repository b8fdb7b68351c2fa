"""The seed page must come out right line by line (issue #2)."""

from datetime import date

from pagevet.pages import parse_page


def test_seed_line_roles(seed_text):
    page = parse_page(seed_text)
    lines = seed_text.split("\n")
    roles = dict(enumerate(page.roles, start=1))
    assert len(page.roles) == len(lines)
    assert roles[1] == "title"
    assert roles[3] == "lead"
    assert roles[4] == "nav"  # "Theo dõi … trên"
    assert roles[5] == "nav"  # "TIN LIÊN QUAN"
    assert roles[6] == roles[7] == "related"  # slug-prefixed teaser titles
    assert roles[8] == "artifact"  # bare slug line (image alt text)
    assert roles[9] == "caption"
    for n in range(11, 34):
        assert roles[n] == ("body" if lines[n - 1].strip() else "blank"), n
    for n in (35, 41, 47):
        assert roles[n] == "artifact"
    for n in (37, 39, 43, 45, 49, 51):
        assert roles[n] == "related"
    assert roles[53] == "byline"
    assert roles[55] == "nav"  # "Đọc thêm"
    tail = {roles[n] for n in range(56, len(lines) + 1) if lines[n - 1].strip()}
    assert tail <= {"related", "spam", "nav"}
    lottery = [n for n in range(56, len(lines) + 1) if "XSM" in lines[n - 1]]
    assert lottery and all(roles[n] == "spam" for n in lottery)
    assert roles[len(lines)] == "nav"  # "Phiên bản di động"


def test_seed_fields(seed_text):
    page = parse_page(seed_text)
    lines = seed_text.split("\n")
    assert page.title == lines[0]
    assert page.slug == lines[7].strip().replace(" ", "-")
    assert page.slug_from == "page"
    assert page.byline == lines[52].strip()
    assert page.source == "baoquocte.vn"
    assert page.published_at == date(2019, 12, 24)
    assert page.crawled_at == date(2024, 4, 28)  # latest date in the teasers
    expected_text = [lines[2]] + [lines[n - 1] for n in range(11, 34, 2)]
    assert page.text.split("\n") == [x.strip() for x in expected_text]
