"""encoding-error: mojibake, U+FFFD and legacy VNI/TCVN3 text; accented Latin text is clean."""

from __future__ import annotations

import unicodedata

from helpers import EN_ARTICLE, VI_ARTICLE, VI_PARAGRAPHS, VI_TITLE, article, findings, pages, run

from pagevet.config import Config
from pagevet.rules.encoding_error import RULE
from pagevet.rules.engine import rule_findings


def as_cp1252(text: str) -> str:
    """UTF-8 bytes read as cp1252: what a mis-declared Vietnamese page looks like."""
    return text.encode("utf-8").decode("cp1252", errors="replace")


GARBLED_WORD = as_cp1252("đường")  # 'Ä‘Æ°á»\ufffdng': three sequences and one U+FFFD
ONE_BAD_LINE = article(
    VI_TITLE,
    VI_PARAGRAPHS[0],
    f"Giá vé là 7.000 đồng, theo ông Hùng: {GARBLED_WORD} mới.",
    *VI_PARAGRAPHS[1:],
)
LOST_BYTES = article(
    VI_TITLE,
    VI_PARAGRAPHS[0],
    VI_PARAGRAPHS[1].replace("tần suất", "t\ufffdn su\ufffdt"),
    *VI_PARAGRAPHS[2:],
)
# "Hà Nội mở thêm ba tuyến xe buýt điện" typed in VNI-Windows and TCVN3, read as cp1252.
VNI = article(
    "Haø Noäi môû theâm ba tuyeán xe buyùt ñieän",
    "Saùng 14/5, Sôû Giao thoâng vaän taûi Haø Noäi cho bieát thaønh phoá seõ ñöa vaøo khai thaùc "
    "ba tuyeán xe buyùt ñieän môùi, noái caùc khu ñoâ thò ôû quaän Nam Töø Lieâm vôùi trung taâm.",
)
TCVN3 = article(
    "Hµ Néi më thªm ba tuyÕn xe buýt ®iÖn",
    "S¸ng 14/5, Së Giao th«ng vËn t¶i Hµ Néi cho biÕt thµnh phè sÏ ®\xada vµo khai th¸c ba tuyÕn xe "
    "buýt ®iÖn míi, nèi c¸c khu ®« thÞ ë quËn Nam Tõ Liªm víi trung t©m thµnh phè.",
)
GERMAN = article(
    "Ärger über die Baustelle in der Hauptstraße",
    "Anwohner der Hauptstraße beklagen sich seit Wochen über Lärm und Staub, während die "
    "Stadtverwaltung von einer Verzögerung bei der Lieferung der Straßenbahnschienen spricht.",
    "Der Bürgermeister sagte am Montag, die Arbeiten sollten bis Ende des Jahres abgeschlossen "
    "sein; für Fußgänger werde ein sicherer Übergang eingerichtet.",
)
SPANISH = article(
    "El señor alcalde promete más autobuses para el próximo año",
    "El alcalde anunció que la ciudad comprará cuarenta autobuses eléctricos el próximo año, una "
    "inversión que, según el señor Martínez, reducirá la contaminación en el centro.",
    "Los vecinos de la zona norte, que esperan desde hace años una línea directa, recibieron la "
    "noticia con cautela y pidieron un calendario claro.",
)
FRENCH = article(
    "Le café de la gare rouvre après deux ans de travaux",
    "Le propriétaire a expliqué que les travaux, financés en partie par la région, ont permis de "
    "rénover la façade et d'agrandir la terrasse côté rivière.",
)


def test_a_whole_page_of_mojibake() -> None:
    page = as_cp1252(VI_ARTICLE)
    (f,) = findings(RULE, moj=page)
    assert f["line"] == 1
    first_line = page.split("\n")[0]
    assert f["message"].startswith(
        f"{f['evidence']['mojibake']} mojibake sequences (UTF-8 decoded as cp1252/latin-1), e.g. "
    )
    assert f["message"].endswith(first_line[:120])
    assert f["evidence"]["kind"] == "mojibake"
    assert f["evidence"]["mojibake"] > 100
    assert f["evidence"]["example"] == first_line[:120]
    assert "Ä‘" in f["evidence"]["example"] and "á»‡" in f["evidence"]["example"]


def test_one_garbled_word_in_a_clean_article() -> None:
    (f,) = findings(RULE, one=ONE_BAD_LINE)
    assert f["line"] == 5
    assert f["evidence"] == {
        "kind": "mojibake",
        "mojibake": 3,
        "replacement": 1,
        "legacy": 0,
        "example": f"Giá vé là 7.000 đồng, theo ông Hùng: {GARBLED_WORD} mới.",
    }
    assert f["message"].startswith("3 mojibake sequences")


def test_severity_is_error_through_the_engine() -> None:
    found = rule_findings(pages(one=ONE_BAD_LINE), [RULE], Config())
    assert found.select("rule", "severity", "line").rows() == [("encoding-error", "error", 5)]


def test_replacement_characters() -> None:
    (f,) = findings(RULE, lost=LOST_BYTES)
    assert f["line"] == 5
    assert f["evidence"]["kind"] == "replacement-character"
    assert f["evidence"]["replacement"] == 2
    assert f["message"].startswith(
        "2 U+FFFD replacement characters (bytes lost in decoding), e.g. "
    )
    assert "t\ufffdn su\ufffdt" in f["evidence"]["example"]


def test_mojibake_min_is_a_parameter() -> None:
    frame = pages(one=ONE_BAD_LINE)
    (f,) = run(RULE, frame, {"mojibake_min": 4})
    # Too few sequences to call it mojibake; the lost byte is still reported.
    assert f["evidence"]["kind"] == "replacement-character"
    assert f["evidence"]["replacement"] == 1


def test_vni_and_tcvn3_text() -> None:
    found = {f["id"]: f for f in findings(RULE, vni=VNI, tcvn=TCVN3)}
    assert set(found) == {"vni", "tcvn"}
    for f in found.values():
        assert f["line"] == 1
        assert f["evidence"]["kind"] == "legacy-encoding"
        assert f["evidence"]["legacy"] >= 10
        assert "glyphs of a legacy VNI/TCVN3 encoding and no Vietnamese letters" in f["message"]
    assert found["vni"]["evidence"]["example"] == "Haø Noäi môû theâm ba tuyeán xe buyùt ñieän"


def test_legacy_glyphs_beside_vietnamese_letters_are_not_legacy_encoding() -> None:
    # Enough glyphs for the share, but the page has Vietnamese letters: it is Unicode.
    glyphs = "ä ö õ ï ø ñ ë å æ ç ¬ ® ¦ ª « µ"
    page = article("Bảng ký tự", f"Các ký tự {glyphs} từng dùng trong bảng mã cũ.")
    assert findings(RULE, page=page) == []
    (f,) = findings(RULE, page=article("Bang ky tu", f"Cac ky tu {glyphs} tung dung."))
    assert f["evidence"]["kind"] == "legacy-encoding"


def test_clean_vietnamese_and_accented_latin_text() -> None:
    assert findings(RULE, vi=VI_ARTICLE, en=EN_ARTICLE, de=GERMAN, es=SPANISH, fr=FRENCH) == []


def test_nfd_vietnamese_is_clean() -> None:
    assert findings(RULE, nfd=unicodedata.normalize("NFD", VI_ARTICLE)) == []


def test_zero_width_characters_are_not_encoding_errors() -> None:
    page = VI_ARTICLE.replace(" ", "\u200b ", 20).replace("Hà", "\ufeffHà", 1)
    assert findings(RULE, zw=page) == []


def test_empty_page() -> None:
    assert findings(RULE, empty="", blank="\n\n") == []


def test_very_long_mojibake_line_keeps_a_short_example() -> None:
    line = as_cp1252(" ".join(VI_PARAGRAPHS * 30))
    (f,) = findings(RULE, long=article(VI_TITLE, line))
    assert f["line"] == 3
    assert f["evidence"]["kind"] == "mojibake"
    assert len(f["evidence"]["example"]) == 120
