import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from pagevet.text import fold_ascii, nfc, slug_of, tokens_of


def test_fold_vietnamese_to_ascii():
    assert fold_ascii("Đà Nẵng TĂNG CƯỜNG hợp tác") == "da nang tang cuong hop tac"


def test_fold_nfd_equals_nfc():
    title = "Hội nghị tổng kết công tác đối ngoại"
    assert fold_ascii(unicodedata.normalize("NFD", title)) == fold_ascii(title)


def test_fold_maps_cyrillic_and_greek_lookalikes():
    # Cyrillic С, о, р and Greek ο in an otherwise Latin word
    assert fold_ascii("\u0421h\u043enh ph\u1ee7 c\u03bfng b\u043e") == "chonh phu cong bo"


def test_fold_percent_decodes_urls():
    assert fold_ascii("h%E1%BB%99i-ngh%E1%BB%8B") == "hoi-nghi"
    assert fold_ascii("%25C4%2591") == "d"  # doubly encoded đ


def test_slug_of_title():
    assert slug_of("Tăng cường hợp tác: Việt Nam – Lào (2024)!") == "tang-cuong-hop-tac-viet-nam-lao-2024"
    assert slug_of("…") == ""


def test_tokens_of():
    assert tokens_of("Đẩy mạnh 1.500 dự án") == ["day", "manh", "1", "500", "du", "an"]


def test_nfc_composes():
    assert nfc("e\u0302\u0301") == "ế"


@given(st.text())
def test_fold_is_idempotent(text):
    once = fold_ascii(text)
    assert fold_ascii(once) == once


@given(st.text())
def test_slug_charset(text):
    slug = slug_of(text)
    assert slug == "" or re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)


def test_combining_mark_class_is_exactly_the_combining_code_points():
    import sys

    from pagevet.text.fold import _combining_marks

    # the class is built from the planes that hold marks; compare with every code point
    spans = re.findall(r"\\x\{([0-9a-f]+)\}-\\x\{([0-9a-f]+)\}", _combining_marks())
    in_class = {c for a, b in spans for c in range(int(a, 16), int(b, 16) + 1)}
    marks = {c for c in range(sys.maxunicode + 1) if unicodedata.combining(chr(c))}
    assert in_class == marks
