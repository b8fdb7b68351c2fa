"""The template pass: lines repeated across many pages of one source become `nav`."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from pagevet.config import Config
from pagevet.corpus.templates import TemplateCounter, TemplatePass, relabel_templates
from pagevet.engines import reduce_in_process
from pagevet.engines.local import LocalEngine
from pagevet.pages.parse import ParseParams
from pagevet.pages.table import parse_batch
from pagevet.pipeline import run
from pagevet.sources import read_pages

DISTRICTS = ("Ba Đình", "Hoàn Kiếm", "Tây Hồ", "Long Biên", "Cầu Giấy", "Đống Đa",
             "Hai Bà Trưng", "Hoàng Mai", "Thanh Xuân", "Hà Đông", "Bắc Từ Liêm", "Nam Từ Liêm")  # fmt: skip
WORKS = ("cải tạo vỉa hè", "lắp đèn chiếu sáng", "nạo vét kênh thoát nước",
         "mở rộng trường mầm non", "xây nhà văn hóa", "sửa cầu đi bộ", "trồng cây xanh",
         "lát đá phố cổ", "xây bãi đỗ xe", "cải tạo chợ dân sinh", "làm đường gom",
         "xây trạm y tế")  # fmt: skip
# The site's sign-off, printed under some of its articles.
SIGN_OFF = (
    "Bạn đọc có thể gửi tin bài, hình ảnh và ý kiến phản hồi về cho tòa soạn qua hộp thư điện "
    "tử của báo."
)


def template_pass(pages: pl.DataFrame, **settings: object) -> pl.DataFrame:
    """The template pass over `pages` as one batch."""
    (out,) = reduce_in_process([pages], TemplatePass(**settings))
    return out


def story(i: int, *extra: str) -> str:
    """A district works story: title 1, lead 3, body 5, then `extra` paragraphs at 7, 9, …"""
    district, work = DISTRICTS[i % 12], WORKS[(i * 5) % 12]
    return (
        "\n\n".join(
            [
                f"Quận {district} hoàn thành công trình {work}",
                f"Ủy ban nhân dân quận {district} cho biết công trình {work} đã hoàn thành sớm hơn "
                "kế hoạch, giúp người dân đi lại thuận tiện hơn.",
                f"Tổng vốn đầu tư cho công trình {work} ở quận {district} được lấy từ ngân sách "
                "thành phố và nguồn xã hội hóa của các doanh nghiệp.",
                *extra,
            ]
        )
        + "\n"
    )


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def parsed(path: Path, *, learned: bool = True) -> pl.DataFrame:
    params = ParseParams(learned=learned)
    return pl.concat(pl.from_arrow(parse_batch(b, params=params)) for b in read_pages([path]))


def site(n: int, signed: int, source: str = "tinhanoi.example") -> list[dict]:
    """`n` stories of one source; the first `signed` end with the sign-off (line 7)."""
    return [
        {"id": f"{source[:1]}{i:02d}", "source": source,
         "text": story(i, SIGN_OFF) if i < signed else story(i)}
        for i in range(n)
    ]  # fmt: skip


def role(frame: pl.DataFrame, page_id: str, n: int) -> str:
    row = frame.filter(pl.col("id") == page_id).row(0, named=True)
    return {r["n"]: r["role"] for r in row["line_roles"]}[n]


def text_of(frame: pl.DataFrame, page_id: str) -> str:
    return frame.filter(pl.col("id") == page_id)["text"].item()


def test_a_sign_off_on_half_of_a_site_s_pages_is_relabelled(tmp_path: Path) -> None:
    pages = parsed(write_jsonl(tmp_path / "p.jsonl", site(10, signed=5)))
    assert role(pages, "t00", 7) == "body"
    out = template_pass(pages)
    for i in range(5):
        assert role(out, f"t{i:02d}", 7) == "nav"
        assert SIGN_OFF not in text_of(out, f"t{i:02d}")
        assert role(out, f"t{i:02d}", 3) == "lead" and role(out, f"t{i:02d}", 5) == "body"
    before = pages.filter(pl.col("id") == "t00").row(0, named=True)
    after = out.filter(pl.col("id") == "t00").row(0, named=True)
    assert after["text"] == before["text"].removesuffix("\n" + SIGN_OFF)
    assert after["text_chars"] == len(after["text"]) == before["text_chars"] - len(SIGN_OFF) - 1
    assert after["lead"] == before["lead"]
    # Unsigned pages are untouched.
    assert (
        out.filter(pl.col("id") == "t07").to_dicts()
        == pages.filter(pl.col("id") == "t07").to_dicts()
    )


def test_below_min_pages_or_min_share_nothing_changes(tmp_path: Path) -> None:
    four = parsed(write_jsonl(tmp_path / "four.jsonl", site(10, signed=4)))
    assert template_pass(four).equals(four)
    # Five signed pages of twenty: 25%, under the 30% share.
    sparse = parsed(write_jsonl(tmp_path / "sparse.jsonl", site(20, signed=5)))
    assert template_pass(sparse).equals(sparse)
    assert not template_pass(sparse, min_share=0.25).equals(sparse)
    assert template_pass(four, min_pages=4)["text"].str.contains(SIGN_OFF, literal=True).sum() == 0


def test_the_same_line_on_pages_of_different_sources_is_kept(tmp_path: Path) -> None:
    records = [
        {"id": f"s{i}", "source": f"site{i}.example", "text": story(i, SIGN_OFF)} for i in range(6)
    ]
    pages = parsed(write_jsonl(tmp_path / "p.jsonl", records))
    out = template_pass(pages)
    assert out.equals(pages)
    assert all(SIGN_OFF in t for t in out["text"])


def test_numbers_case_and_punctuation_do_not_hide_a_template(tmp_path: Path) -> None:
    hotline = (
        "Đường dây nóng của tòa soạn: {}, hoạt động từ 7 giờ đến 22 giờ mỗi ngày kể cả lễ tết."
    )
    numbers = ["0243 111 222", "0243 333 444", "(024) 3555-666", "0243.777.888", "0243 999 000"]
    records = [
        {"id": f"h{i}", "source": "hotline.example",
         "text": story(i, (hotline.format(n)).upper() if i == 2 else hotline.format(n))}
        for i, n in enumerate(numbers)
    ]  # fmt: skip
    out = template_pass(parsed(write_jsonl(tmp_path / "p.jsonl", records)))
    assert [role(out, f"h{i}", 7) for i in range(5)] == ["nav"] * 5


def test_pages_without_a_source_form_one_group(tmp_path: Path) -> None:
    records = [{"id": f"n{i}", "text": story(i, SIGN_OFF)} for i in range(5)]
    out = template_pass(parsed(write_jsonl(tmp_path / "p.jsonl", records)))
    assert out["source"].is_null().all()
    assert [role(out, f"n{i}", 7) for i in range(5)] == ["nav"] * 5


def test_empty_and_odd_pages_pass_through(tmp_path: Path) -> None:
    records = [
        *site(6, signed=6),
        {"id": "empty", "source": "tinhanoi.example", "text": " "},
        {
            "id": "zw",
            "source": "tinhanoi.example",
            "text": story(9, SIGN_OFF.replace(" ", "\u200b ", 3)),
        },
        {"id": "long", "source": "tinhanoi.example", "text": story(10, " ".join([SIGN_OFF] * 50))},
    ]
    pages = parsed(write_jsonl(tmp_path / "p.jsonl", records))
    out = template_pass(pages)
    assert [role(out, f"t{i:02d}", 7) for i in range(6)] == ["nav"] * 6
    # A zero-width space makes it another line; a paragraph repeating it 50 times is not it
    # (the template pass leaves both as the parser labelled them).
    assert role(out, "zw", 7) == "body"
    assert role(out, "long", 7) == role(pages, "long", 7) != "nav"
    assert (
        out.filter(pl.col("id") == "empty").to_dicts()
        == pages.filter(pl.col("id") == "empty").to_dicts()
    )
    assert template_pass(pages.clear()).is_empty()


def test_counter_keeps_at_most_capacity_counters_and_the_frequent_ones(tmp_path: Path) -> None:
    pages = parsed(write_jsonl(tmp_path / "p.jsonl", site(12, signed=6)))
    counter = TemplateCounter(capacity=3)
    # Batches of four pages: the sign-off counts 4, then 2, then 0.
    for start in (0, 4, 8):
        counter.update(pages.slice(start, 4))
        assert counter.counts.height <= 3
    assert counter.pages_per_source == {"tinhanoi.example": 12}
    assert counter.counts["pages"].to_list()[0] == 6
    templates = counter.templates(min_pages=5, min_share=0.3)
    assert templates.height == 1
    out = relabel_templates(pages, templates)
    assert out["text"].str.contains(SIGN_OFF, literal=True).sum() == 0


def test_counter_without_capacity_pressure_counts_every_line(tmp_path: Path) -> None:
    # the rules alone, so every sign-off is still body when counted (the learned parser
    # already sees template lines within a batch)
    pages = parsed(write_jsonl(tmp_path / "p.jsonl", site(6, signed=6)), learned=False)
    counter = TemplateCounter()
    counter.update(pages)
    # Six leads, six bodies, one shared sign-off.
    assert counter.counts.height == 13
    assert counter.counts["pages"].sum() == 18


def test_the_pipeline_runs_the_template_pass_across_batches(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "p.jsonl", site(10, signed=5))
    pages = run([path], Config(select=["too-short"]), engine=LocalEngine(batch_size=3)).pages
    assert pages.height == 10
    assert pages["text"].str.contains(SIGN_OFF, literal=True).sum() == 0
    assert role(pages, "t00", 7) == "nav"


def test_a_template_lead_hands_the_lead_to_the_next_paragraph(tmp_path: Path) -> None:
    records = [
        {"id": f"l{i}", "source": "lead.example",
         "text": "\n\n".join(story(i).split("\n\n")[:1] + [SIGN_OFF] + story(i).split("\n\n")[1:2])}
        for i in range(6)
    ]  # fmt: skip
    out = template_pass(parsed(write_jsonl(tmp_path / "p.jsonl", records)))
    row = out.filter(pl.col("id") == "l0").row(0, named=True)
    assert role(out, "l0", 3) == "nav"
    assert row["text"]
    assert row["lead"] == row["text"].split("\n")[0]


def test_summaries_merged_across_batches_equal_one_batch(tmp_path: Path) -> None:
    pages = parsed(write_jsonl(tmp_path / "p.jsonl", site(10, signed=5)))
    whole = template_pass(pages)
    batches = reduce_in_process([pages[:3], pages[3:7], pages[7:]], TemplatePass())
    assert pl.concat(batches).equals(whole)
    assert not whole.equals(pages)  # the sign-off really was relabelled
