"""The bundled sample dataset: synthetic scraped news pages with known line roles and defects.

Every sentence, title and name here is invented from the vocabularies in vocab/*.json; nothing is copied
from a real page. The generator writes each line together with its role, so the labels (line
roles, title, slug, dates, byline, expected findings) come from the same code that wrote the
text and are never edited by hand. The same `pages` and `seed` give byte-identical output.

Three fictional sites: two Vietnamese ones dumped as text files (one page per file) and an
English one exported as JSONL records, each with its own furniture: follow widgets, related
and read-more blocks, the page's own ASCII slug repeated as image alt text, lottery teasers,
ads. Defects are injected into a share of the pages and recorded in the labels.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pagevet.errors import PagevetError
from pagevet.text.fold import tokens_of

SAMPLE_PAGES = 200
SAMPLE_SEED = 7
MIN_PAGES = 60


@dataclass(frozen=True)
class Site:
    key: str  # folder under raw/
    domain: str  # the `source` of its pages
    name: str
    language: str
    format: str  # "text": one NNN_<hash>.txt per page; "jsonl": records in pages.jsonl


SITE_A = Site("thoibaohoanvu", "thoibaohoanvu.vn", "Thời báo Hoàn Vũ", "vi", "text")
SITE_B = Site("tinsongnam", "tinsongnam.vn", "Tin Sông Nam", "vi", "text")
SITE_C = Site("dailyexample", "dailyexample.com", "The Daily Example", "en", "jsonl")
SITES = (SITE_A, SITE_B, SITE_C)
_SITE_BY_KEY = {s.key: s for s in SITES}
# Share of the ordinary pages per site, in SITES order.
_SITE_SHARES = (0.4, 0.35, 0.25)


@dataclass(frozen=True)
class SamplePage:
    """One generated page and its ground truth; `line_roles[n-1]` is the role of line n."""

    id: str
    site: str
    source: str
    path: str  # relative to the dataset folder
    url: str | None
    text: str
    line_roles: tuple[str, ...]
    title: str | None
    slug: str | None
    published_at: str
    crawled_at: str
    published_meta: str | None  # the JSONL `published_at` as written (may be a bad date)
    byline: str | None
    slug_verdict: str
    expected_findings: tuple[dict[str, Any], ...]
    defects: tuple[str, ...]

    def label(self) -> dict[str, Any]:
        """The `labels.jsonl` record of the page."""
        return {
            "id": self.id,
            "path": self.path,
            "site": self.site,
            "source": self.source,
            "url": self.url,
            "line_roles": list(self.line_roles),
            "title": self.title,
            "slug": self.slug,
            "published_at": self.published_at,
            "byline": self.byline,
            "slug_verdict": self.slug_verdict,
            "expected_findings": [dict(f) for f in self.expected_findings],
            "defects": list(self.defects),
        }

    def record(self) -> dict[str, Any]:
        """The JSONL record of a page of a `jsonl` site."""
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "text": self.text,
            "published_at": self.published_meta,
            "crawled_at": f"{self.crawled_at}T06:00:00Z",
            "source": self.source,
        }


# --------------------------------------------------------------------------- vocabulary

@dataclass(frozen=True)
class _Topic:
    titles: tuple[str, ...]  # "[a|b]" groups give an earlier wording for edited headlines
    leads: tuple[str, ...]  # the lead's first sentence, after the dateline
    clauses: tuple[str, ...]
    quotes: tuple[str, ...]
    captions: tuple[str, ...]


# The word lists are data files beside this module: vocab/vi.json and vocab/en.json (each
# key is the constant's name without its _VI_/_EN_ prefix, in lower case).


def _load(lang: str) -> dict[str, Any]:
    path = Path(__file__).with_name("vocab") / f"{lang}.json"
    return {k: _frozen(v) for k, v in json.loads(path.read_text("utf-8")).items()}


def _frozen(value: Any) -> Any:
    """JSON lists as tuples, all the way down (the generator indexes and hashes them)."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value


_VI, _EN = _load("vi"), _load("en")
_VI_FAMILY = _VI["family"]
_VI_MALE = _VI["male"]
_VI_FEMALE = _VI["female"]
_VI_PEN = _VI["pen"]
_VI_PROVINCES = _VI["provinces"]
_VI_CITIES = _VI["cities"]
_VI_DISTRICTS = _VI["districts"]
_VI_COMMUNES = _VI["communes"]
_VI_COUNTRIES = _VI["countries"]
_VI_ROLES = _VI["roles"]
_VI_OPENINGS = _VI["openings"]
_VI_PERIODS = _VI["periods"]
_VI_GENERIC = _VI["generic"]
_VI_QUOTE_TAILS = _VI["quote_tails"]
_VI_TOPICS: dict[str, _Topic] = {k: _Topic(**t) for k, t in _VI["topics"].items()}
_VI_BRIDGES = _VI["bridges"]
_VI_RIVERS = _VI["rivers"]
_VI_ROADS = _VI["roads"]
_VI_FESTIVALS = _VI["festivals"]
_VI_CLUBS = _VI["clubs"]
_VI_CREDITS = _VI["credits"]
_VI_WEEKDAYS = _VI["weekdays"]
_EN_FIRST = _EN["first"]
_EN_LAST = _EN["last"]
_EN_CITIES = _EN["cities"]
_EN_TOWNS = _EN["towns"]
_EN_REGIONS = _EN["regions"]
_EN_CLUBS = _EN["clubs"]
_EN_MONTHS = _EN["months"]
_EN_WEEKDAYS = _EN["weekdays"]
_EN_ROLES = _EN["roles"]
_EN_OPENINGS = _EN["openings"]
_EN_GENERIC = _EN["generic"]
_EN_QUOTE_TAILS = _EN["quote_tails"]
_EN_TOPICS: dict[str, _Topic] = {k: _Topic(**t) for k, t in _EN["topics"].items()}
_VI_BET_BRANDS = _VI["bet_brands"]
_EN_BET_BRANDS = _EN["bet_brands"]
_VI_PRIZES = _VI["prizes"]
_LOTTERY_REGIONS = _VI["lottery_regions"]
_VI_BET_LINES = _VI["bet_lines"]
_EN_BET_LINES = _EN["bet_lines"]
_SECTIONS = _EN["sections"]

# --------------------------------------------------------------------------- year ranges

# Sentences with a year range, given the publication year `y` (so ranges stay plausible for the
# page): the BAD ones must be flagged by date-range-inconsistent, the OK ones must not.


def _plan_start(year: int) -> int:
    """The start of the canonical five-year plan period containing `year` (2016-2020, …)."""
    return 2016 + 5 * ((year - 2016) // 5)


def _term_start(year: int) -> int:
    """Start of the five-year term (2011, 2016, 2021, …) that contains `year`."""
    return 2011 + 5 * ((year - 2011) // 5)


_VI_BAD_RANGES: tuple[Callable[[int, random.Random], str], ...] = (
    lambda y, r: (
        f"Đây là tiền đề quan trọng để hoàn thành các mục tiêu của cả giai đoạn 5 năm {_plan_start(y) + 5}-{_plan_start(y) + 10}."
    ),
    lambda y, r: (
        f"Theo kế hoạch 5 năm {_plan_start(y)}-{_plan_start(y) + 3}, tỉnh sẽ ưu tiên vốn cho các công trình dở dang."
    ),
    lambda y, r: (
        f"Chiến lược phát triển giai đoạn 10 năm {y - 4}-{y + 6} đặt ra nhiều chỉ tiêu cao hơn trước."
    ),
    lambda y, r: f"Số liệu tổng hợp cho giai đoạn {y}-{y - 4} cho thấy nhiều chuyển biến tích cực.",
    lambda y, r: (
        f"Kế hoạch 5 năm {y - 1}-{y + 5} sẽ được trình hội đồng nhân dân tỉnh vào kỳ họp cuối năm."
    ),
    lambda y, r: (
        f"Trong 5 năm, từ năm {y - 3} đến năm {y + 3}, tỉnh dự kiến dành khoảng {r.randint(2, 9)} nghìn tỷ đồng cho lĩnh vực này."
    ),
)
_VI_OK_RANGES: tuple[Callable[[int, random.Random], str], ...] = (
    lambda y, r: (
        f"Hội đồng nhân dân tỉnh nhiệm kỳ {_term_start(y)}-{_term_start(y) + 5} đã thông qua nghị quyết về nội dung này."
    ),
    lambda y, r: (
        f"Đây cũng là một trong những mục tiêu của giai đoạn {_plan_start(y)}-{_plan_start(y) + 4}."
    ),
    lambda y, r: (
        f"Kế hoạch 5 năm {_plan_start(y)}-{_plan_start(y) + 4} của ngành đã dành riêng nguồn vốn cho lĩnh vực này."
    ),
    lambda y, r: (
        f"Người dân có thể gọi tổng đài 1900-{r.choice((1368, 1560, 1047, 1286))} để được hướng dẫn."
    ),
    lambda y, r: (
        f"Theo Quyết định {y - 1}/QĐ-UBND của UBND tỉnh, các đơn vị phải hoàn thành việc rà soát trước tháng {r.randint(3, 11)}."
    ),
    lambda y, r: (
        f"Ở mùa giải {y - 1}/{y}, đội bóng của tỉnh thắng 2-1 trong trận mở màn trên sân nhà."
    ),
)
_EN_BAD_RANGES: tuple[Callable[[int, random.Random], str], ...] = (
    lambda y, r: (
        f"The money is part of a five-year plan for {_plan_start(y) + 5}-{_plan_start(y) + 11}."
    ),
    lambda y, r: f"Figures for the {y}-{y - 3} period show a steady improvement.",
    lambda y, r: f"A three-year programme running {y - 1}-{y + 3} will pay for the remaining work.",
    lambda y, r: (
        f"The council's decade-long strategy for {y - 2}-{y + 11} sets even tougher targets."
    ),
)
_EN_OK_RANGES: tuple[Callable[[int, random.Random], str], ...] = (
    lambda y, r: (
        f"The money was set aside in the five-year plan for {_plan_start(y)}-{_plan_start(y) + 4}."
    ),
    lambda y, r: f"The club finished third in the {y - 1}/{str(y)[2:]} season.",
    lambda y, r: (
        f"Accounts for the {y - 2}-{str(y - 1)[2:]} financial year showed a small surplus."
    ),
    lambda y, r: (
        f"Residents can call the helpline on 1800-{r.choice((1234, 1066, 1515, 1729))} for advice."
    ),
    lambda y, r: f"Between {y - 3} and {y - 1}, the number of applications almost doubled.",
    lambda y, r: f"The home side won 2-1 in front of a full stadium on {r.choice(_EN_WEEKDAYS)}.",
)


# --------------------------------------------------------------------------- gambling


def _lottery_teaser(region: str, day: dt.date) -> tuple[str, str]:
    """Title and snippet of a lottery-results teaser (role spam) dated on the crawl day."""
    names = {"XSMB": "miền Bắc", "XSMT": "miền Trung", "XSMN": "miền Nam"}
    d, m, y = day.day, day.month, day.year
    wd = _VI_WEEKDAYS[day.weekday()]
    title = f"{region} {d}/{m}/{y}: bảng kết quả xổ số {names[region]} {wd.lower()}, cập nhật nhanh"
    snippet = (
        f"Xem {region} {d}/{m}/{y} nhanh nhất: bảng kết quả xổ số {names[region]} {wd.lower()}, "
        f"thống kê lô gan và soi cầu {region} ngày mai ..."
    )
    return title, snippet


def _en_betting_teaser(rng: random.Random) -> tuple[str, str]:
    brand = rng.choice(_EN_BET_BRANDS)
    return (
        f"Betting odds for the weekend: claim {rng.randint(20, 90)} free spins at {brand}",
        f"Sign up at {brand} today, place your bets on the derby and get a bonus on your first deposit...",
    )


# --------------------------------------------------------------------------- helpers

_SLOT = re.compile(r"\{(\w+)\}")
_GROUP = re.compile(r"\[([^\[\]]+)\]")
_FURNITURE = frozenset({"nav", "related", "artifact", "spam"})
_FIRST_DAY = dt.date(2015, 1, 1)
_LAST_DAY = dt.date(2024, 12, 31)
_LAST_CRAWL = dt.date(2025, 6, 30)


def _vi_person(r: random.Random) -> str:
    if r.random() < 0.6:
        middle, given = _VI_MALE
        return f"ông {r.choice(_VI_FAMILY)} {r.choice(middle)} {r.choice(given)}"
    middle, given = _VI_FEMALE
    return f"bà {r.choice(_VI_FAMILY)} {r.choice(middle)} {r.choice(given)}"


def _en_person(r: random.Random) -> str:
    return f"{r.choice(_EN_FIRST)} {r.choice(_EN_LAST)}"


class _Ctx:
    """Slot values for one text: the same province, people and year throughout a page."""

    def __init__(self, lang: str, rng: random.Random, published: dt.date) -> None:
        self.lang, self.rng = lang, rng
        r = rng
        if lang == "vi":
            self.people = [_vi_person(r) for _ in range(3)]
            self.fixed = {
                "province": r.choice(_VI_PROVINCES),
                "city": r.choice(_VI_CITIES),
                "district": r.choice(_VI_DISTRICTS),
                "commune": r.choice(_VI_COMMUNES),
                "country": r.choice(_VI_COUNTRIES),
                "festival": r.choice(_VI_FESTIVALS),
                "club": r.choice(_VI_CLUBS),
                "bridge": r.choice(_VI_BRIDGES),
                "river": r.choice(_VI_RIVERS),
                "road": r.choice(_VI_ROADS),
            }
        else:
            self.people = [_en_person(r) for _ in range(3)]
            self.fixed = {
                "city": r.choice(_EN_CITIES),
                "town": r.choice(_EN_TOWNS),
                "region": r.choice(_EN_REGIONS),
                "club": r.choice(_EN_CLUBS),
            }
        self.fixed["year"] = str(published.year)

    def slot(self, name: str) -> str:
        if name in self.fixed:
            return self.fixed[name]
        r, vi = self.rng, self.lang == "vi"
        draws: dict[str, Callable[[], str]] = {
            "n": lambda: str(r.randint(12, 480)),
            "n2": lambda: str(r.randint(6, 60)),
            "small": lambda: str(r.randint(2, 9)),
            "pct": lambda: (
                f"{r.randint(3, 60)},{r.randint(1, 9)}%" if vi else f"{r.randint(3, 40)}%"
            ),
            "money": lambda: (
                f"{r.randint(12, 950)} {r.choice(('tỷ', 'triệu'))} đồng"
                if vi
                else f"{r.choice(('£', '$', '€'))}{r.randint(2, 90)} million"
            ),
            "month": lambda: str(r.randint(1, 12)),
            "day": lambda: str(r.randint(1, 28)),
            "temp": lambda: str(r.randint(37, 42)),
            "age": lambda: str(r.randint(35, 80)),
            "age2": lambda: str(r.randint(12, 19)),
            "hour": lambda: str(r.randint(5, 6)),
            "hour2": lambda: str(r.randint(19, 22)),
            "period": lambda: r.choice(_VI_PERIODS),
            "ong": lambda: r.choice(self.people),
            "person": lambda: r.choice(self.people),
            "role": lambda: r.choice(_VI_ROLES if vi else _EN_ROLES),
            "month_name": lambda: r.choice(_EN_MONTHS),
            "weekday": lambda: r.choice(_EN_WEEKDAYS),
        }
        return draws[name]()

    def fill(self, template: str) -> str:
        """Fill "{slot}"s (slots may hold slots) and pick one option of each "[a|b]"."""
        for _ in range(4):
            filled = _SLOT.sub(lambda m: self.slot(m.group(1)), template)
            if filled == template:
                break
            template = filled
        return _GROUP.sub(lambda m: self.rng.choice(m.group(1).split("|")), template)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _title_pair(ctx: _Ctx, template: str) -> tuple[str, str]:
    """A headline and an earlier wording of it: one "[a|b]" group chosen differently."""
    template = _SLOT.sub(lambda m: ctx.slot(m.group(1)), template)
    groups = [g.split("|") for g in _GROUP.findall(template)]
    picks = [ctx.rng.randrange(len(g)) for g in groups]
    earlier = list(picks)
    j = ctx.rng.randrange(len(groups))
    earlier[j] = (picks[j] + 1) % len(groups[j])

    def render(choice: list[int]) -> str:
        options = iter(g[c] for g, c in zip(groups, choice, strict=True))
        return _cap(_GROUP.sub(lambda m: next(options), template))

    return render(picks), render(earlier)


def _sentence(ctx: _Ctx, clause: str, opening: str = "") -> str:
    return _cap(ctx.fill(opening) + ctx.fill(clause)) + "."


def _quote(ctx: _Ctx, quote: str) -> str:
    tails = _VI_QUOTE_TAILS if ctx.lang == "vi" else _EN_QUOTE_TAILS
    return f"“{quote}”, {ctx.fill(ctx.rng.choice(tails))}."


def _topics(lang: str) -> dict[str, _Topic]:
    return _VI_TOPICS if lang == "vi" else _EN_TOPICS


def _teaser(rng: random.Random, lang: str, day: dt.date) -> tuple[str, str]:
    """Headline and first sentence of some other article (teasers, wrong slugs)."""
    topics = _topics(lang)
    topic = topics[rng.choice(sorted(topics))]
    ctx = _Ctx(lang, rng, day)
    title = _title_pair(ctx, rng.choice(topic.titles))[0]
    return title, _sentence(ctx, rng.choice(topic.clauses))


def _other_title(rng: random.Random, lang: str, day: dt.date) -> str:
    return _teaser(rng, lang, day)[0]


def _cut(sentence: str, rng: random.Random) -> str:
    """A teaser snippet: the sentence cut at a word and ended with " ..."."""
    words = sentence.rstrip(".").split()
    keep = max(6, int(len(words) * rng.uniform(0.6, 0.9)))
    return " ".join(words[:keep]).rstrip(",") + " ..."


def _four_digits(rng: random.Random, digits: int) -> str:
    """A prize number that cannot be read as a year (no 19xx/20xx)."""
    while True:
        number = "".join(str(rng.randrange(10)) for _ in range(digits))
        if not (digits == 4 and number[:2] in ("19", "20")):
            return number


# --------------------------------------------------------------------------- stories


@dataclass
class _Story:
    """The article itself, before a site wraps it in furniture."""

    lang: str
    title: str
    earlier_title: str  # the first wording of the headline (edited slugs come from it)
    lead: str
    paragraphs: list[str]
    caption: str
    short_lead: str  # the lead's first sentence alone (too-short pages)
    flagged: dict[int, str] = field(default_factory=dict)  # paragraph index -> rule id


def _story(
    rng: random.Random,
    lang: str,
    published: dt.date,
    dateline: str,
    ranges: str | None,
    year_in_body: bool,
) -> _Story:
    topics = _topics(lang)
    topic = topics[rng.choice(sorted(topics))]
    ctx = _Ctx(lang, rng, published)
    title, earlier = _title_pair(ctx, rng.choice(topic.titles))
    # Clauses and openings are drawn without replacement so a page never repeats itself;
    # about half the sentences are the topic's own.
    own = rng.sample(topic.clauses, len(topic.clauses))
    generic = list(_VI_GENERIC if lang == "vi" else _EN_GENERIC)
    rng.shuffle(generic)
    openings = list(_VI_OPENINGS if lang == "vi" else _EN_OPENINGS)
    rng.shuffle(openings)
    quotes = rng.sample(topic.quotes, len(topic.quotes))

    def clause() -> str | None:
        if own and (rng.random() < 0.5 or not generic):
            return own.pop()
        return generic.pop() if generic else None

    def opening() -> str:
        return openings.pop() if openings and rng.random() < 0.4 else ""

    first = ctx.fill(rng.choice(topic.leads))
    if dateline.endswith(("— ", " - ")):
        first = _cap(first)
    lead = f"{dateline}{first}. {_sentence(ctx, own.pop())}"
    short_lead = f"{dateline}{first}."
    paragraphs: list[str] = []
    for k in range(rng.randint(5, 20)):
        sentences = []
        for _ in range(rng.randint(1, 3)):
            text = clause()
            if text is None:
                break
            start = opening()
            if k == 0 and not sentences and year_in_body:
                # a dateline without a year: the text says which year it is
                start = (
                    rng.choice(
                        (f"Từ đầu năm {published.year} đến nay, ", f"Trong năm {published.year}, ")
                    )
                    if lang == "vi"
                    else f"So far in {published.year}, "
                )
            sentences.append(_sentence(ctx, text, start))
        if quotes and rng.random() < 0.15:
            sentences.append(_quote(ctx, quotes.pop()))
        if sentences:
            paragraphs.append(" ".join(sentences))
    story = _Story(lang, title, earlier, lead, paragraphs, rng.choice(topic.captions), short_lead)
    if ranges:
        makers = {
            ("vi", "bad"): _VI_BAD_RANGES,
            ("vi", "ok"): _VI_OK_RANGES,
            ("en", "bad"): _EN_BAD_RANGES,
            ("en", "ok"): _EN_OK_RANGES,
        }[(lang, ranges)]
        count = 1 if ranges == "bad" else rng.randint(1, 2)
        for k, maker in zip(
            rng.sample(range(len(paragraphs)), count), rng.sample(makers, count), strict=True
        ):
            paragraphs[k] = f"{paragraphs[k]} {maker(published.year, rng)}"
            if ranges == "bad":
                story.flagged[k] = "date-range-inconsistent"
    return story


def _lottery_company_story(rng: random.Random, published: dt.date, dateline: str) -> _Story:
    """Real news about a state lottery company's profits: not gambling spam."""
    ctx = _Ctx("vi", rng, published)
    province, last = ctx.fixed["province"], published.year - 1
    profit = rng.randint(20, 200)
    title, earlier = _title_pair(
        ctx, f"Công ty Xổ số kiến thiết {province} [báo lãi|lãi] {profit} tỷ đồng trong năm {last}"
    )
    lead = dateline + ctx.fill(
        f"Công ty Xổ số kiến thiết {province} cho biết doanh thu năm {last} đạt khoảng {profit * rng.randint(4, 9)} tỷ đồng, tăng {{pct}} so với năm trước."
    )
    clauses = [
        "Trong đó, doanh thu từ vé số truyền thống chiếm phần lớn, phần còn lại đến từ vé cào và vé điện toán.",
        "Công ty đã nộp ngân sách tỉnh hơn {n} tỷ đồng, phần lớn được dùng để xây trường học và trạm y tế.",
        "Mạng lưới đại lý được mở rộng đến tất cả các huyện, tạo việc làm cho hàng nghìn người bán vé dạo.",
        "{ong}, Giám đốc công ty, cho biết năm nay đơn vị đặt mục tiêu tăng doanh thu khoảng {pct}.",
        "Công ty cũng phối hợp với công an kiểm tra, ngăn chặn việc lợi dụng kết quả mở thưởng để tổ chức đánh bạc trái phép.",
        "Theo quy định, lợi nhuận sau thuế của các công ty xổ số kiến thiết được nộp vào ngân sách địa phương.",
        "Một số đại lý cho biết sức mua vé tăng nhẹ vào dịp cuối năm.",
        "Chi phí in vé và hoa hồng đại lý tăng khiến biên lợi nhuận của công ty thu hẹp so với kế hoạch.",
    ]
    rng.shuffle(clauses)
    paragraphs = [_cap(ctx.fill(c)) for c in clauses[: rng.randint(5, len(clauses))]]
    return _Story("vi", title, earlier, lead, paragraphs, "Người bán vé dạo tại một đại lý", lead)


def _vi_dateline(site: Site, rng: random.Random, day: dt.date) -> tuple[str, bool]:
    """The lead's opening and whether it states the year."""
    d, m, y, city = day.day, day.month, day.year, rng.choice(_VI_CITIES)
    if site is SITE_A:
        return rng.choice(
            (
                (f"THV. Ngày {d}/{m}, tại {city}, ", False),
                (f"THV. Sáng {d}/{m}, ", False),
                (f"THV. Chiều {d}/{m}, tại {city}, ", False),
                (f"THV. Ngày {d}/{m}/{y}, ", True),
            )
        )
    return rng.choice(
        (
            (f"(Sông Nam) - {rng.choice(('Sáng', 'Chiều', 'Tối'))} {d}/{m}, ", False),
            (f"{city}, {d}/{m}/{y} - ", True),
            (f"TSN - Ngày {d}/{m}/{y}, ", True),
        )
    )


def _en_dateline(rng: random.Random, day: dt.date, cities: tuple[str, ...] = _EN_CITIES) -> str:
    return f"{rng.choice(cities).upper()}, {_EN_MONTHS[day.month - 1]} {day.day}, {day.year} — "


# --------------------------------------------------------------------------- pages


@dataclass
class _Plan:
    """What one page will be, decided before it is written."""

    index: int
    site: Site
    # article | lottery | betting | lottery-news | too-short | no-title | english
    kind: str = "article"
    furniture: bool = True
    slug_lines: bool = False  # the page's own slug appears as lines (Vietnamese sites)
    slug_verdict: str = "unknown"
    ranges: str | None = None  # "bad" | "ok"
    lottery_teasers: bool = False
    encoding: str | None = None  # "mojibake" | "replacement"
    implausible: str | None = None  # "after-crawl" | "year-typo"
    copy_of: int | None = None
    copy_kind: str | None = None  # "exact" | "near"


@dataclass
class _Draft:
    """A page being written: its lines with their roles, fields and expected findings."""

    plan: _Plan
    published: dt.date
    crawled: dt.date
    lines: list[tuple[str, str]] = field(default_factory=list)
    title: str | None = None
    slug: str | None = None
    url: str | None = None
    byline: str | None = None
    published_meta: str | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)

    def add(self, text: str, role: str) -> int:
        """Append a line; returns its 1-based line number."""
        self.lines.append((text, role))
        return len(self.lines)

    def blank(self) -> None:
        self.add("", "blank")

    def finding(self, rule: str, severity: str | None, line: int | None = None) -> None:
        self.findings.append({"rule": rule, "severity": severity, "line": line})

    def body(self, story: _Story, k: int) -> None:
        n = self.add(story.paragraphs[k], "body")
        if k in story.flagged:
            self.finding(story.flagged[k], "warning", n)

    def bodies(self, story: _Story, ks: list[int], *, blanks: bool) -> None:
        for i, k in enumerate(ks):
            if blanks and i:
                self.blank()
            self.body(story, k)

    def has_furniture(self) -> bool:
        return any(role in _FURNITURE for _, role in self.lines)


def _byline_a(rng: random.Random) -> str:
    pen = rng.choice(_VI_PEN)
    return rng.choice(
        (f"{pen} (Theo TTXVN)", pen, f"{pen} (tổng hợp)", f"{pen} - {rng.choice(_VI_PEN)}")
    )


def _byline_b(rng: random.Random) -> str:
    return rng.choice(
        (rng.choice(_VI_PEN), "Nhóm PV", f"{rng.choice(_VI_PEN)} - {rng.choice(_VI_PEN)}")
    )


def _byline_c(rng: random.Random) -> str:
    return rng.choice((f"By {_en_person(rng)}", f"By {_en_person(rng)} and {_en_person(rng)}"))


def _site_a(draft: _Draft, rng: random.Random, story: _Story, slug_line: str | None) -> None:
    """Thời báo Hoàn Vũ, the seed's layout: the lead runs straight into the follow widget,
    "TIN LIÊN QUAN" teasers prefixed with the page's slug, slug alt text over the caption,
    slug/teaser units before the byline, an "Đọc thêm" block whose snippets run into the next
    heading with no blank line, "Phiên bản di động" last. No trailing newline."""
    plan, pub = draft.plan, draft.published
    if plan.kind != "no-title":
        draft.title = story.title
        draft.add(story.title, "title")
        draft.blank()
    draft.add(story.lead, "lead")
    paras = list(range(len(story.paragraphs)))
    if not plan.furniture:
        draft.blank()
        draft.bodies(story, paras, blanks=True)
        if rng.random() < 0.7:
            draft.blank()
            draft.byline = _byline_a(rng)
            draft.add(draft.byline, "byline")
        return
    if rng.random() < 0.8:
        draft.add("Theo dõi Thoibaohoanvu.vn trên", "nav")
    related_mid = len(paras) > 1 and rng.random() < 0.3
    if slug_line and not related_mid and rng.random() < 0.75:
        draft.add("TIN LIÊN QUAN", "nav")
        for _ in range(rng.randint(1, 3)):
            draft.add(f"{slug_line} {_other_title(rng, 'vi', pub)}", "related")
    if rng.random() < 0.8:
        if slug_line:
            draft.add(slug_line, "artifact")
        draft.add(f"{story.caption}. (Ảnh: {rng.choice(_VI_CREDITS)})", "caption")
    draft.blank()
    split = rng.randint(1, len(paras) - 1) if related_mid else len(paras)
    draft.bodies(story, paras[:split], blanks=True)
    if related_mid:
        draft.blank()
        draft.add("TIN LIÊN QUAN", "nav")
        for _ in range(rng.randint(1, 3)):
            draft.add(_other_title(rng, "vi", pub), "related")
        draft.blank()
        draft.bodies(story, paras[split:], blanks=True)
    draft.blank()
    if slug_line and rng.random() < 0.8:
        for _ in range(rng.randint(1, 4)):
            draft.add(slug_line, "artifact")
            draft.blank()
            heading, snippet = _teaser(rng, "vi", pub)
            draft.add(heading, "related")
            draft.blank()
            draft.add("THV. " + _cut(snippet, rng), "related")
            draft.blank()
    draft.byline = _byline_a(rng)
    draft.add(draft.byline, "byline")
    if plan.lottery_teasers or rng.random() < 0.7:
        draft.blank()
        draft.add("Đọc thêm", "nav")
        draft.blank()
        units: list[tuple[str, str, str]] = []
        for _ in range(rng.randint(2, 8)):
            heading, snippet = _teaser(rng, "vi", pub)
            units.append(
                (heading, snippet if rng.random() < 0.5 else _cut(snippet, rng), "related")
            )
        if plan.lottery_teasers:
            at = rng.randint(0, len(units))
            regions = ("XSMB", "XSMT", "XSMN")[: rng.randint(1, 3)]
            units[at:at] = [(*_lottery_teaser(r, draft.crawled), "spam") for r in regions]
        for heading, snippet, role in units:
            draft.add(heading, role)
            draft.blank()
            draft.add(heading, role)
            draft.blank()
            draft.add(snippet, role)
        draft.add("Phiên bản di động", "nav")
    elif rng.random() < 0.6:
        draft.blank()
        draft.add("Phiên bản di động", "nav")


def _site_b(draft: _Draft, rng: random.Random, story: _Story, slug_line: str | None) -> None:
    """Tin Sông Nam: paragraphs often without blank lines between them, "Chia sẻ" under the
    lead, the hyphenated slug as image alt text, an inline "Xem thêm: …" teaser, "Tin cùng
    chuyên mục" / "Bài viết liên quan" lists after the byline. Ends with a newline."""
    plan, pub = draft.plan, draft.published
    blanks = rng.random() < 0.4
    if plan.kind == "no-title":
        draft.add(f"{story.caption}. Ảnh: {rng.choice(_VI_PEN)}", "caption")
        draft.blank()
    else:
        draft.title = story.title
        draft.add(story.title, "title")
        draft.blank()
    draft.add(story.lead, "lead")
    if plan.furniture and rng.random() < 0.5:
        draft.add("Chia sẻ", "nav")
    if blanks:
        draft.blank()
    if plan.kind != "no-title" and (slug_line or rng.random() < 0.4):
        if slug_line:
            draft.add(slug_line, "artifact")
        draft.add(
            rng.choice(
                (
                    "Ảnh minh họa",
                    f"{story.caption}. Ảnh: {rng.choice(_VI_PEN)}",
                    f"{story.caption} (Ảnh: {rng.choice(_VI_PEN)})",
                )
            ),
            "caption",
        )
        if blanks:
            draft.blank()
    paras = list(range(len(story.paragraphs)))
    see_also = plan.furniture and len(paras) > 2 and rng.random() < 0.4
    split = rng.randint(1, len(paras) - 1) if see_also else len(paras)
    draft.bodies(story, paras[:split], blanks=blanks)
    if see_also:
        if blanks:
            draft.blank()
        draft.add(f"Xem thêm: {_other_title(rng, 'vi', pub)}", "related")
        if blanks:
            draft.blank()
        draft.bodies(story, paras[split:], blanks=blanks)
    if blanks:
        draft.blank()
    draft.byline = _byline_b(rng)
    draft.add(draft.byline, "byline")
    if plan.furniture:
        same_section = plan.lottery_teasers or rng.random() < 0.7
        related = rng.random() < 0.5 or not (same_section or draft.has_furniture())
        for marker, on in (("Tin cùng chuyên mục", same_section), ("Bài viết liên quan", related)):
            if not on:
                continue
            draft.add(marker, "nav")
            teasers = [(_other_title(rng, "vi", pub), "related") for _ in range(rng.randint(2, 5))]
            if plan.lottery_teasers and marker == "Tin cùng chuyên mục":
                region = rng.choice(("XSMB", "XSMT", "XSMN"))
                teasers.insert(
                    rng.randint(0, len(teasers)),
                    (_lottery_teaser(region, draft.crawled)[0], "spam"),
                )
            for text, role in teasers:
                draft.add(text, role)
    draft.blank()  # the file ends with "\n": its last line is empty


def _site_c(draft: _Draft, rng: random.Random, story: _Story) -> None:
    """The Daily Example: byline under the title or after the text, "Advertisement" between
    paragraphs, photo credits, "Related articles" and "Read more" blocks. No trailing newline."""
    plan, pub = draft.plan, draft.published
    draft.title = story.title
    draft.add(story.title, "title")
    draft.blank()
    byline, on_top = _byline_c(rng), rng.random() < 0.6
    if on_top:
        draft.byline = byline
        draft.add(byline, "byline")
        if plan.furniture and rng.random() < 0.5:
            draft.add("Share this article", "nav")
        draft.blank()
    if plan.furniture and rng.random() < 0.3:
        draft.add("Follow us on", "nav")
        draft.blank()
    draft.add(story.lead, "lead")
    caption_at = rng.randrange(len(story.paragraphs)) if rng.random() < 0.5 else -1
    for k in range(len(story.paragraphs)):
        draft.blank()
        if k == caption_at:
            draft.add(f"{story.caption}. Photo: {_en_person(rng)}", "caption")
            draft.blank()
        if plan.furniture and k and rng.random() < 0.12:
            draft.add("Advertisement", "nav")
            draft.blank()
        draft.body(story, k)
    if not on_top:
        draft.blank()
        draft.byline = byline
        draft.add(byline, "byline")
    if not plan.furniture:
        return
    related, read_more = rng.random() < 0.6, plan.lottery_teasers or rng.random() < 0.5
    share = rng.random() < 0.4 or not (related or read_more or draft.has_furniture())
    if related:
        draft.blank()
        draft.add("Related articles", "nav")
        for _ in range(rng.randint(2, 4)):
            draft.add(_other_title(rng, "en", pub), "related")
    if read_more:
        draft.blank()
        draft.add("Read more", "nav")
        units = [
            (h, _cut(t, rng), "related")
            for h, t in (_teaser(rng, "en", pub) for _ in range(rng.randint(2, 4)))
        ]
        if plan.lottery_teasers:
            units.insert(rng.randint(0, len(units)), (*_en_betting_teaser(rng), "spam"))
        for heading, snippet, role in units:
            draft.blank()
            draft.add(heading, role)
            draft.add(snippet, role)
    if share:
        draft.blank()
        draft.add("Share this article", "nav")


def _lottery_page(draft: _Draft, rng: random.Random) -> None:
    """A results page: its main text is lottery (gambling-spam error)."""
    day = draft.published
    region, name, provinces = rng.choice(_LOTTERY_REGIONS)
    d, m, y, wd = day.day, day.month, day.year, _VI_WEEKDAYS[day.weekday()]
    draft.title = f"{region} {d}/{m}/{y}: Kết quả xổ số {name} {wd} ngày {d}/{m}"
    draft.add(draft.title, "title")
    draft.blank()
    draft.add(
        f"Kết quả xổ số {name} {wd.lower()} ngày {d}/{m}/{y} được cập nhật trực tiếp từ trường quay, mời bạn đọc theo dõi.",
        "lead",
    )
    if rng.random() < 0.5:
        draft.add("Chia sẻ", "nav")
    for province in rng.sample(provinces, 1 if region == "XSMB" else 3):
        draft.add(f"Xổ số {province} ngày {d}/{m}:", "body")
        for prize, digits, count in _VI_PRIZES:
            numbers = ", ".join(_four_digits(rng, digits) for _ in range(count))
            draft.add(f"{prize}: {numbers}", "body")
    draft.add(
        f"Soi cầu {region} ngày mai: bạch thủ lô {rng.randint(10, 99)}, song thủ lô {rng.randint(10, 99)} và {rng.randint(10, 99)}.",
        "body",
    )
    draft.add(
        f"Thống kê lô gan {region} lâu chưa về nhất tính đến hôm nay được cập nhật ngay bên dưới bảng kết quả.",
        "body",
    )
    draft.blank()


def _betting_page(draft: _Draft, rng: random.Random, lang: str) -> str:
    """A betting promotion dressed as an article (gambling-spam error); returns its title."""
    y, brand = draft.published.year, rng.choice(_VI_BET_BRANDS if lang == "vi" else _EN_BET_BRANDS)
    ctx = _Ctx(lang, rng, draft.published)
    ctx.fixed.update(brand=brand, code=f"{brand[:5].upper()}{rng.randint(10, 99)}")
    if lang == "vi":
        title = ctx.fill(f"Top nhà cái uy tín {y}: [nhận|tặng] thưởng {{n2}}% cho tài khoản mới")
        lead = f"Bạn đang tìm một sân chơi cá cược bóng đá an toàn? {brand} là địa chỉ được nhiều người chơi lựa chọn trong năm {y}."
        lines = _VI_BET_LINES
    else:
        title = ctx.fill(f"Best betting sites for {y}: [claim|grab] your welcome bonus today")
        lead = (
            _en_dateline(rng, draft.published)
            + f"Looking for the best online casino? {brand} offers new players {rng.randint(20, 90)} free spins and a matched deposit bonus."
        )
        lines = _EN_BET_LINES
    draft.title = title
    draft.add(title, "title")
    draft.blank()
    draft.add(lead, "lead")
    blanks = lang == "en" or rng.random() < 0.5
    for i, line in enumerate(rng.sample(lines, rng.randint(5, len(lines)))):
        if blanks or not i:
            draft.blank()
        draft.add(ctx.fill(line), "body")
    if lang == "vi":
        draft.blank()
    return title


# --------------------------------------------------------------------------- planning


def _scaled(pages: int, per_200: int) -> int:
    return max(1, round(pages * per_200 / 200))


def _plans(pages: int, rng: random.Random) -> list[_Plan]:
    """Decide every page's site, kind, furniture and defects; copies come last."""
    n_exact, n_near = _scaled(pages, 2), _scaled(pages, 2)
    base = pages - n_exact - n_near
    counts = [round(base * share) for share in _SITE_SHARES[:-1]]
    counts.append(base - sum(counts))
    sites = [site for site, count in zip(SITES, counts, strict=True) for _ in range(count)]
    rng.shuffle(sites)
    plans = [_Plan(i, site) for i, site in enumerate(sites)]

    def pick(k: int, ok: Callable[[_Plan], bool]) -> list[_Plan]:
        return rng.sample([p for p in plans if ok(p)], k)

    def cycle(options: list[tuple[str, Site]], k: int) -> list[tuple[str, Site]]:
        return [options[i % len(options)] for i in range(k)]

    specials = (
        cycle([("lottery", SITE_B), ("betting", SITE_B), ("betting", SITE_C)], _scaled(pages, 3))
        + cycle([("lottery-news", SITE_A)], _scaled(pages, 1))
        + cycle([("too-short", SITE_B)], _scaled(pages, 1))
        + cycle([("no-title", SITE_A), ("no-title", SITE_B)], _scaled(pages, 2))
        + cycle([("english", SITE_B)], _scaled(pages, 1))
    )
    for kind, site in specials:
        (plan,) = pick(1, lambda p, site=site: p.kind == "article" and p.site is site)
        plan.kind = kind
    for i, plan in enumerate(
        pick(_scaled(pages, 2), lambda p: p.kind == "article" and p.site is SITE_C)
    ):
        plan.implausible = ("after-crawl", "year-typo")[i % 2]

    for plan in plans:
        plan.furniture = {
            "article": rng.random() >= 0.25,
            "lottery-news": True,
            "english": True,
            "lottery": True,
        }.get(plan.kind, False)
        if plan.site is not SITE_C and plan.furniture and plan.kind in ("article", "lottery-news"):
            share = 0.85 if plan.site is SITE_A else 0.35
            plan.slug_lines = plan.kind == "lottery-news" or rng.random() < share
        if plan.slug_lines or plan.site is SITE_C:
            plan.slug_verdict = "match"

    def plain(p: _Plan) -> bool:
        return p.kind == "article" and p.encoding is None and p.implausible is None

    for plan in pick(
        _scaled(pages, 2), lambda p: plain(p) and p.site is not SITE_C and not p.furniture
    ):
        plan.encoding = "mojibake"
    for plan in pick(_scaled(pages, 1), lambda p: plain(p) and p.site is not SITE_C):
        plan.encoding = "replacement"
    verdicts = (
        ["mismatch"] * _scaled(pages, 6)
        + ["edited"] * _scaled(pages, 6)
        + ["truncated"] * _scaled(pages, 12)
    )
    slugged = pick(len(verdicts), lambda p: plain(p) and p.slug_verdict == "match")
    for plan, verdict in zip(slugged, verdicts, strict=True):
        plan.slug_verdict = verdict
    ranged = pick(_scaled(pages, 10) + _scaled(pages, 24), plain)
    for i, plan in enumerate(ranged):
        plan.ranges = "bad" if i < _scaled(pages, 10) else "ok"
    for site, k in ((SITE_A, 5), (SITE_B, 2), (SITE_C, 1)):
        for plan in pick(
            _scaled(pages, k), lambda p, site=site: plain(p) and p.furniture and p.site is site
        ):
            plan.lottery_teasers = True

    sources = pick(n_exact + n_near, lambda p: plain(p) and p.ranges != "bad")
    for i, source in enumerate(sources):
        plans.append(
            replace(
                source,
                index=len(plans),
                copy_of=source.index,
                copy_kind="exact" if i < n_exact else "near",
            )
        )
    return plans


# --------------------------------------------------------------------------- writing pages


def _slug_words(plan: _Plan, title: str, earlier: str, lang: str, rng: random.Random) -> list[str]:
    """The slug the page shows, rendered from the title or from the wrong one."""
    words = tokens_of(title)
    if plan.slug_verdict == "truncated":
        if len(words) < 6:
            return words[:-1]
        return words[: rng.randint(max(4, len(words) // 2), len(words) - 2)]
    if plan.slug_verdict == "edited":
        return tokens_of(earlier)
    if plan.slug_verdict == "mismatch":
        while True:
            other = tokens_of(_other_title(rng, lang, dt.date(2020, 1, 1)))
            if len(set(other) & set(words)) <= len(words) // 4:
                return other
    return words


def _url(rng: random.Random, day: dt.date, slug: str) -> str:
    if rng.random() < 0.8:
        path = f"{day.year}/{day.month:02d}/{day.day:02d}/{slug}-{rng.randint(10000, 99999)}.html"
    else:
        path = slug
    return f"https://{SITE_C.domain}/{rng.choice(_SECTIONS)}/{path}"


def _double_encode(text: str) -> str:
    """UTF-8 bytes read as cp1252 (bytes cp1252 leaves undefined read as latin-1)."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


_VI_MARKED = frozenset("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def _garble(draft: _Draft, rng: random.Random) -> None:
    """Break the page's encoding: the whole page double-encoded, or letters lost to U+FFFD
    in a few body lines."""
    lines = draft.lines
    if draft.plan.encoding == "mojibake":
        targets = range(len(lines))
    else:
        body = [
            i for i, (text, role) in enumerate(lines) if role == "body" and _VI_MARKED & set(text)
        ]
        targets = sorted(rng.sample(body, min(3, len(body))))
    changed = []
    for i in targets:
        text, role = lines[i]
        if draft.plan.encoding == "mojibake":
            new = _double_encode(text)
        else:
            new = "".join(
                "\ufffd" if ch in _VI_MARKED and rng.random() < 0.4 else ch for ch in text
            )
        if new != text:
            changed.append(i)
            lines[i] = (new, role)
            draft.title = new if draft.title == text and role == "title" else draft.title
            draft.byline = new if draft.byline == text and role == "byline" else draft.byline
    draft.finding("encoding-error", "error", changed[0] + 1)
    draft.defects.append(str(draft.plan.encoding))


def _dates(plan: _Plan, rng: random.Random) -> tuple[dt.date, dt.date]:
    published = _FIRST_DAY + dt.timedelta(days=rng.randrange((_LAST_DAY - _FIRST_DAY).days + 1))
    crawled = min(published + dt.timedelta(days=rng.randint(1, 700)), _LAST_CRAWL)
    if plan.implausible == "after-crawl":
        published = crawled + dt.timedelta(days=rng.randint(5, 40))
    elif plan.implausible == "year-typo":
        # a crawl date years before publication (a mistyped year in the crawler's log); the
        # dates stay in the past so the sample passes checks/pages.json's date bounds
        crawled = published.replace(
            year=published.year - rng.randint(2, 4), day=min(published.day, 28)
        )
    return published, crawled


def _build(plan: _Plan, seed: int) -> _Draft:
    """Write one page; every line goes down with its role."""
    rng = random.Random(f"{seed}:{plan.index}")
    site = plan.site
    draft = _Draft(plan, *_dates(plan, rng))
    pub = draft.published
    if site.format == "jsonl":
        draft.published_meta = (
            f"{pub.isoformat()}T{rng.randint(5, 22):02d}:{rng.choice((0, 15, 30, 45)):02d}:00Z"
        )
    title = earlier = None
    if plan.kind == "lottery":
        _lottery_page(draft, rng)
    elif plan.kind == "betting":
        title = earlier = _betting_page(draft, rng, site.language)
    else:
        lang = "en" if site is SITE_C or plan.kind == "english" else "vi"
        if plan.kind == "english":
            dateline, has_year = (
                _en_dateline(rng, pub, ("Hanoi", "Ho Chi Minh City", "Da Nang")),
                True,
            )
        elif lang == "vi":
            dateline, has_year = _vi_dateline(site, rng, pub)
        else:
            dateline, has_year = _en_dateline(rng, pub), True
        if plan.kind == "lottery-news":
            story = _lottery_company_story(rng, pub, dateline)
        else:
            story = _story(rng, lang, pub, dateline, plan.ranges, not has_year)
        title, earlier = story.title, story.earlier_title
        if plan.kind == "too-short":
            draft.title = story.title
            draft.add(story.title, "title")
            draft.blank()
            draft.add(story.short_lead, "lead")
            draft.blank()
        else:
            slug = None
            if plan.slug_lines:
                slug = _slug_words(plan, title, earlier, lang, rng)
                draft.slug = "-".join(slug)
            if site is SITE_A:
                _site_a(draft, rng, story, " ".join(slug) if slug else None)
            elif site is SITE_B:
                _site_b(draft, rng, story, draft.slug)
            else:
                _site_c(draft, rng, story)
    if site is SITE_C:
        assert title is not None and earlier is not None
        draft.url = _url(rng, pub, "-".join(_slug_words(plan, title, earlier, "en", rng)))
        draft.slug = re.sub(r"\.html$", "", draft.url.rsplit("/", 1)[1])
    _expect(draft, rng)
    return draft


def _expect(draft: _Draft, rng: random.Random) -> None:
    """Record the findings and defect tags the plan put into the page."""
    plan = draft.plan
    if plan.slug_verdict == "edited":
        draft.finding("title-slug-mismatch", "warning")
    elif plan.slug_verdict == "mismatch":
        draft.finding("title-slug-mismatch", "error")
    if plan.slug_verdict in ("edited", "mismatch", "truncated"):
        draft.defects.append(f"slug-{plan.slug_verdict}")
    if plan.ranges:
        draft.defects.append("range-inconsistent" if plan.ranges == "bad" else "range-lookalike")
    if plan.kind in ("lottery", "betting"):
        draft.finding("gambling-spam", "error")
        draft.defects.append(f"gambling-{plan.kind}")
    if plan.lottery_teasers:
        first = next(n for n, (_, role) in enumerate(draft.lines, 1) if role == "spam")
        draft.finding("gambling-spam", "info", first)
        draft.defects.append("gambling-teasers")
    kinds = {
        "too-short": ("too-short", "too-short"),
        "no-title": ("missing-title", "missing-title"),
        "english": ("language-mismatch", "english-on-vietnamese-site"),
    }
    if plan.kind in kinds:
        rule, tag = kinds[plan.kind]
        draft.finding(rule, "warning")
        draft.defects.append(tag)
    if plan.kind == "lottery-news":
        draft.defects.append("lottery-news-not-spam")
    if plan.implausible:
        draft.finding("date-implausible", "warning")
        draft.defects.append(f"date-implausible-{plan.implausible}")
    if plan.encoding:
        _garble(draft, rng)


def _copy(source: _Draft, plan: _Plan, seed: int) -> _Draft:
    """A re-crawl of `source`: the same text, or with a few words changed."""
    rng = random.Random(f"{seed}:{plan.index}")
    crawled = min(source.crawled + dt.timedelta(days=rng.randint(3, 90)), _LAST_CRAWL)
    draft = replace(
        source,
        plan=plan,
        crawled=crawled,
        lines=list(source.lines),
        findings=[dict(f) for f in source.findings],
        defects=list(source.defects),
    )
    if plan.copy_kind == "near":
        flagged = {f["line"] for f in draft.findings}
        body = [
            i for i, (_, role) in enumerate(draft.lines) if role == "body" and i + 1 not in flagged
        ]
        tail = ", theo thông tin ban đầu." if plan.site.language == "vi" else ", officials said."
        for j, i in enumerate(sorted(rng.sample(body, min(2, len(body))))):
            text, role = draft.lines[i]
            number = re.search(r"(?<![\d/,.])([1-9]\d{0,2})(?![\d/,.%])", text)
            if j == 0 and number:
                text = f"{text[: number.start()]}{int(number.group(1)) + 1}{text[number.end() :]}"
            else:
                text = text.removesuffix(".") + tail
            draft.lines[i] = (text, role)
    return draft


def _page_id(seed: int, draft: _Draft, text: str) -> str:
    key = f"{seed}\n{draft.plan.site.key}\n{draft.plan.index}\n{text}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def generate_pages(pages: int = SAMPLE_PAGES, seed: int = SAMPLE_SEED) -> list[SamplePage]:
    """Generate `pages` pages from `seed`, sorted by id. Same arguments, same pages."""
    if pages < MIN_PAGES:
        raise PagevetError(
            f"{pages} pages cannot hold every kind of defect the sample carries: use at least {MIN_PAGES}."
        )
    plans = _plans(pages, random.Random(seed))
    drafts: list[_Draft] = []
    for plan in plans:
        if plan.copy_of is None:
            drafts.append(_build(plan, seed))
        else:
            drafts.append(_copy(drafts[plan.copy_of], plan, seed))
    texts = ["\n".join(text for text, _ in d.lines) for d in drafts]
    ids = [_page_id(seed, d, t) for d, t in zip(drafts, texts, strict=True)]

    for plan in plans:
        if plan.copy_of is None:
            continue
        first, later = sorted((plan.copy_of, plan.index), key=lambda i: ids[i])
        rule, severity = (
            ("exact-duplicate", "warning")
            if plan.copy_kind == "exact"
            else ("near-duplicate", "info")
        )
        drafts[later].finding(rule, severity)
        for i in (first, later):
            drafts[i].defects.append(f"{rule}:{ids[first]}:{ids[later]}")

    paths: list[str] = []
    seen: Counter[str] = Counter()
    per_site = Counter(p.site.key for p in plans)
    for plan, page_id in zip(plans, ids, strict=True):
        site = plan.site
        if site.format == "jsonl":
            paths.append(f"raw/{site.key}/pages.jsonl")
            continue
        width = max(3, len(str(per_site[site.key] - 1)))
        paths.append(f"raw/{site.key}/{seen[site.key]:0{width}d}_{page_id}.txt")
        seen[site.key] += 1

    result = []
    for draft, text, page_id, path in zip(drafts, texts, ids, paths, strict=True):
        if draft.has_furniture():
            draft.finding("nav-spam", None)
        findings = sorted(
            draft.findings, key=lambda f: (f["line"] or 0, f["rule"], f["severity"] or "")
        )
        result.append(
            SamplePage(
                id=page_id,
                site=draft.plan.site.key,
                source=draft.plan.site.domain,
                path=path,
                url=draft.url,
                text=text,
                line_roles=tuple(role for _, role in draft.lines),
                title=draft.title,
                slug=draft.slug,
                published_at=draft.published.isoformat(),
                crawled_at=draft.crawled.isoformat(),
                published_meta=draft.published_meta,
                byline=draft.byline,
                slug_verdict=draft.plan.slug_verdict if draft.title is not None else "unknown",
                expected_findings=tuple(findings),
                defects=tuple(sorted(draft.defects)),
            )
        )
    return sorted(result, key=lambda p: p.id)


# --------------------------------------------------------------------------- the dataset folder


def summarize(pages: list[SamplePage]) -> dict[str, Any]:
    """Counts per site, per defect tag (before any ":"), per expected finding (rule/severity)."""
    return {
        "pages": len(pages),
        "sites": dict(sorted(Counter(p.site for p in pages).items())),
        "no_furniture": sum(1 for p in pages if not _FURNITURE & set(p.line_roles)),
        "defects": dict(sorted(Counter(t.split(":")[0] for p in pages for t in p.defects).items())),
        "findings": dict(
            sorted(
                Counter(
                    f"{f['rule']}/{f['severity']}" for p in pages for f in p.expected_findings
                ).items()
            )
        ),
        "slug_verdicts": dict(sorted(Counter(p.slug_verdict for p in pages).items())),
    }


_DEFECT_NOTES = {
    "slug-mismatch": "the slug renders another article's title (title-slug-mismatch error)",
    "slug-edited": "the slug renders an earlier wording of the headline (title-slug-mismatch warning)",
    "slug-truncated": "the slug is cut after a few words (no finding)",
    "range-inconsistent": "a year range disagrees with its stated length or runs backwards (date-range-inconsistent)",
    "range-lookalike": "terms, seasons, canonical plan periods, phone and decision numbers, scores (no finding)",
    "gambling-lottery": "the main text is lottery results (gambling-spam error)",
    "gambling-betting": "the main text is a betting promotion (gambling-spam error)",
    "gambling-teasers": "lottery/betting teasers in a read-more block (gambling-spam info)",
    "lottery-news-not-spam": "news about a lottery company's profits (no gambling finding)",
    "mojibake": "the whole page double-encoded, UTF-8 read as cp1252 (encoding-error)",
    "replacement": "letters lost to U+FFFD in a few body lines (encoding-error)",
    "exact-duplicate": "the same text under another id; both copies tagged, exact-duplicate on the later id",
    "near-duplicate": "a few words changed; both copies tagged, near-duplicate on the later id",
    "too-short": "a title and one short lead (too-short)",
    "missing-title": "the page starts with its lead or a caption (missing-title)",
    "english-on-vietnamese-site": "an English article among Vietnamese furniture (language-mismatch)",
    "date-implausible-after-crawl": "published after it was crawled (date-implausible)",
    "date-implausible-year-typo": "crawled years before it was published (date-implausible)",
}


def _readme(pages: int, seed: int, summary: dict[str, Any]) -> str:
    sites = "\n".join(
        f"| `{s.key}` | {s.name} | {s.domain} | {s.language} | "
        f"{'`raw/' + s.key + '/NNN_<id>.txt`' if s.format == 'text' else '`raw/' + s.key + '/pages.jsonl`'} "
        f"| {summary['sites'].get(s.key, 0)} |"
        for s in SITES
    )
    defects = "\n".join(
        f"| `{tag}` | {count} | {_DEFECT_NOTES.get(tag, '')} |"
        for tag, count in summary["defects"].items()
    )
    findings = "\n".join(
        f"| `{key.replace('/None', '/null')}` | {count} |"
        for key, count in summary["findings"].items()
    )
    return f"""# sample-news

Synthetic scraped news pages for trying pagevet and for its tests. Every title, sentence and name
was invented by the generator `pagevet.sample`, run as

    python scripts/make_sample_pages.py datasets/sample-news --pages {pages} --seed {seed}

Do not edit these files by hand: a test regenerates them and compares the bytes. The pages copy
the *structure* of real scraped articles (follow widgets, related and read-more blocks, the page's
own ASCII slug repeated as image alt text, lottery teasers, ads, captions, bylines) and carry
known defects. `labels.jsonl` holds the ground truth, one record per page sorted by `id`: the
role of every line of `text.split("\\n")`, title, observed slug and its verdict, publication
date, byline, the findings pagevet should report (`nav-spam` has severity null: its thresholds
are the rule's business) and free-text defect tags.

## Sites

| site | name | source | language | files | pages |
|---|---|---|---|---|---|
{sites}

{summary["no_furniture"]} of {summary["pages"]} pages carry no furniture at all.

## Injected defects

| tag | pages | what |
|---|---|---|
{defects}

## Line conventions

- Lines are numbered from 1 over `text.split("\n")`; empty lines have role `blank`.
- `thoibaohoanvu` pages end without a newline, `tinsongnam` pages end with one (so their last
  line is an empty `blank`); the JSONL `text` never ends with one.
- The page's own slug appears as lines (`artifact`: space-separated on `thoibaohoanvu`,
  hyphenated on `tinsongnam`) and as the prefix of "TIN LIÊN QUAN" teasers (`related`);
  `slug` in the labels is it hyphenated. On `dailyexample` the slug is the URL's last path
  segment without `.html`, numeric id included.
- In "Đọc thêm" blocks a teaser's snippet runs straight into the next heading, no blank line.
- Bylines are bare names ("Minh Anh", "Nhóm PV", "… (Theo TTXVN)", "By …"); English bylines
  may sit under the title.
- Gambling pages keep title/lead/body roles: their main text *is* the gambling; `spam` marks
  lottery and betting teasers inside otherwise good pages.

## Expected findings

| rule/severity | pages |
|---|---|
{findings}
"""


def _recipe(pages: int, seed: int) -> str:
    sources = "".join(
        f'[[sources]]\npath = "raw/{site.key}"\nsource = "{site.domain}"\n\n'
        for site in (SITE_A, SITE_B, SITE_C)
    )
    return f"""# Written by scripts/make_sample_pages.py --pages {pages} --seed {seed}; do not edit by hand.
name = "sample-news"
pretty_name = "pagevet sample news (synthetic)"
license = "cc-by-4.0"
languages = ["vi", "en"]
description = "Synthetic Vietnamese and English news pages with scraped-page furniture and injected defects, generated by pagevet for its demos and tests."

{sources}[split]
train = 0.8
validation = 0.1
test = 0.1
"""


def write_sample(
    folder: Path, pages: int = SAMPLE_PAGES, seed: int = SAMPLE_SEED
) -> list[SamplePage]:
    """Write the dataset folder: raw pages, `labels.jsonl`, `dataset.toml`, `README.md`.

    The raw folders of the sample's sites are replaced, so a smaller run leaves no stale pages.
    """
    generated = generate_pages(pages, seed)
    folder = Path(folder)
    for site in SITES:
        shutil.rmtree(folder / "raw" / site.key, ignore_errors=True)
        (folder / "raw" / site.key).mkdir(parents=True)
    records: dict[str, list[str]] = {}
    for page in generated:
        if _SITE_BY_KEY[page.site].format == "text":
            (folder / page.path).write_bytes(page.text.encode("utf-8"))
        else:
            records.setdefault(page.path, []).append(json.dumps(page.record(), ensure_ascii=False))
    for path, lines in records.items():
        (folder / path).write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    labels = "".join(json.dumps(p.label(), ensure_ascii=False) + "\n" for p in generated)
    (folder / "labels.jsonl").write_bytes(labels.encode("utf-8"))
    (folder / "dataset.toml").write_bytes(_recipe(pages, seed).encode("utf-8"))
    (folder / "README.md").write_bytes(_readme(pages, seed, summarize(generated)).encode("utf-8"))
    return generated
