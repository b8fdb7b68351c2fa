"""gambling-spam: a betting page is an error, lottery teasers beside an article are info, and
news about a lottery company is not gambling spam."""

from __future__ import annotations

import unicodedata

from helpers import EN_ARTICLE, VI_ARTICLE, article, findings, pages, roles, run

from pagevet.rules.gambling_spam import RULE

BETTING = article(
    "Soi cầu XSMB 15/5: dự đoán kết quả xổ số miền Bắc hôm nay chính xác nhất",
    "Soi cầu XSMB hôm nay với bạch thủ lô đẹp nhất, anh em tham khảo cầu lô chạy ba ngày liên "
    "tiếp trước khi vào tiền.",
    "Kết quả xổ số miền Bắc hôm qua: giải đặc biệt 48213, giải nhất 90125, lô về nhiều nhất là "
    "27 và 72.",
    "Đăng ký tài khoản tại nhà cái FB88 để nhận thưởng 100% cho lần nạp đầu, tỷ lệ kèo nhà cái "
    "cập nhật liên tục mỗi ngày.",
    "Chúc anh em may mắn, nhớ theo dõi chuyên mục soi cầu miền Bắc mỗi sáng để không bỏ lỡ cầu đẹp.",
)
EN_BETTING = article(
    "Best betting odds tonight: bet now at our sportsbook",
    "Place your bets on tonight's derby with the best betting odds in town, and claim 50 free "
    "spins when you sign up for the online casino.",
    "Our sportsbook offers live odds on every match, cash out at any time, and a welcome bonus "
    "matched up to two hundred dollars.",
    "Bet now and join thousands of players who trust the fastest payouts in the industry, with "
    "support available around the clock.",
)
# The article (lines 1-11), then "Tin liên quan" (13) and two lottery teasers (15, 17).
WITH_TEASERS = (
    VI_ARTICLE
    + "\nTin liên quan\n\nSoi cầu XSMB 16/5 chốt số bạch thủ lô\n\nKết quả xổ số hôm nay miền Nam\n"
)
LOTTERY_COMPANY_NEWS = article(
    "Vietlott báo lãi tăng 20% nhờ doanh thu xổ số tự chọn",
    "Công ty Xổ số điện toán Việt Nam (Vietlott) vừa công bố báo cáo tài chính quý I với doanh thu "
    "đạt hơn 1.800 tỷ đồng, tăng mạnh so với cùng kỳ năm trước.",
    "Theo lãnh đạo doanh nghiệp, kết quả này đến từ việc mở rộng mạng lưới điểm bán và lượng khách "
    "hàng mua vé qua điện thoại tăng nhanh ở các thành phố lớn.",
    "Bộ Tài chính cho biết khoản nộp ngân sách từ hoạt động xổ số được dành chủ yếu cho giáo dục, "
    "y tế và các công trình phúc lợi tại địa phương.",
    "Các chuyên gia cho rằng thị trường xổ số cần được quản lý chặt hơn để hạn chế tình trạng bán vé "
    "trái phép qua mạng xã hội.",
)


def test_a_lottery_tips_page_is_an_error() -> None:
    (f,) = findings(RULE, bet=BETTING)
    assert f["id"] == "bet"
    assert f["severity"] == "error"
    assert f["line"] == 1
    assert f["message"] == "lottery/betting text is 100.0% of the article's main text"
    assert f["evidence"] == {
        "lines": [1, 3, 5, 7, 9],
        "share": 1.0,
        "example": "Soi cầu XSMB 15/5: dự đoán kết quả xổ số miền Bắc hôm nay chính xác nhất",
    }


def test_the_betting_lines_stay_article_text() -> None:
    frame = pages(bet=BETTING)
    assert [roles(frame, "bet")[n] for n in (1, 3, 5, 7, 9)] == [
        "title",
        "lead",
        "body",
        "body",
        "body",
    ]


def test_an_english_sportsbook_promotion_is_an_error() -> None:
    (f,) = findings(RULE, en=EN_BETTING)
    assert f["severity"] == "error"
    assert f["evidence"]["lines"] == [1, 3, 5, 7]
    assert "betting" in f["message"]


def test_lottery_teasers_after_an_article_are_info() -> None:
    (f,) = findings(RULE, page=WITH_TEASERS)
    assert f["severity"] == "info"
    assert f["line"] == 15
    assert f["message"] == "2 lottery/betting teaser lines outside the article"
    assert f["evidence"] == {
        "lines": [15, 17],
        "share": 0.0,
        "example": "Soi cầu XSMB 16/5 chốt số bạch thủ lô",
    }


def test_news_about_a_lottery_company_is_not_gambling_spam() -> None:
    assert findings(RULE, news=LOTTERY_COMPANY_NEWS) == []


def test_clean_articles_and_empty_pages() -> None:
    assert findings(RULE, vi=VI_ARTICLE, en=EN_ARTICLE, empty="", blank="\n\n") == []


def test_main_share_is_a_parameter() -> None:
    # Three betting paragraphs among two news paragraphs: half of the main text.
    news, bets = LOTTERY_COMPANY_NEWS.split("\n\n"), BETTING.split("\n\n")
    mixed = article("Tin tổng hợp sáng thứ Năm", news[1], bets[1], bets[2], bets[3], news[2])
    frame = pages(mixed=mixed)
    (f,) = run(RULE, frame)
    assert f["severity"] == "error"
    assert f["line"] == 5
    assert f["message"] == "lottery/betting text is 50.0% of the article's main text"
    assert f["evidence"]["lines"] == [5, 7, 9]
    assert f["evidence"]["share"] == 0.5
    assert run(RULE, frame, {"main_share": 0.5})[0]["severity"] == "error"
    assert run(RULE, frame, {"main_share": 0.9}) == []


def test_one_betting_paragraph_inside_a_news_article_is_a_teaser() -> None:
    news = LOTTERY_COMPANY_NEWS.split("\n\n")
    ad = (
        "Đăng ký nhà cái FB88 ngay hôm nay để nhận thưởng nạp đầu và soi cầu lô đề miễn phí mỗi "
        "ngày cùng chuyên gia."
    )
    (f,) = findings(RULE, page=article(*news[:4], ad, news[4]))
    assert f["severity"] == "info"
    assert f["line"] == 9
    assert f["evidence"]["lines"] == [9]
    assert f["evidence"]["example"] == ad


CRIME_NEWS = article(
    "Triệt phá đường dây cá độ bóng đá qua mạng hơn 500 tỷ đồng",
    "Công an tỉnh Bắc Ninh vừa triệt phá một đường dây tổ chức cá độ bóng đá qua mạng với tổng số "
    "tiền giao dịch hơn 500 tỷ đồng, bắt giữ 12 đối tượng.",
    "Theo cơ quan điều tra, nhóm này lập các trang web giả mạo nhà cái nước ngoài để dụ người chơi "
    "nạp tiền, sau đó chiếm đoạt khi người chơi thắng lớn.",
    "Cơ quan công an khuyến cáo người dân không tham gia các hình thức cá cược trái phép, đồng thời "
    "tố giác các hành vi vi phạm pháp luật liên quan.",
    "Vụ án đang được tiếp tục mở rộng điều tra để xử lý các đối tượng liên quan theo quy định của "
    "pháp luật.",
)


def test_police_news_about_a_betting_ring_is_not_a_betting_page() -> None:
    assert [f["severity"] for f in findings(RULE, crime=CRIME_NEWS)] in ([], ["info"])


def test_nfd_betting_page_is_still_an_error() -> None:
    (f,) = findings(RULE, nfd=unicodedata.normalize("NFD", BETTING))
    assert f["severity"] == "error"
    assert f["evidence"]["lines"] == [1, 3, 5, 7, 9]


def test_gambling_words_inside_longer_words_do_not_count() -> None:
    # "casinoroyale" and "w889" are not the terms "casino"/"w88" on a word boundary.
    page = article(
        "Khai trương khách sạn Casinoroyale bên bờ biển Nha Trang",
        "Khách sạn mới có 300 phòng, mã đặt phòng W889 dành cho khách đoàn, và một nhà hàng hải sản "
        "nhìn ra vịnh Nha Trang phục vụ suốt ngày đêm.",
        "Chủ đầu tư cho biết dự án tạo việc làm cho hơn 500 lao động địa phương trong mùa du lịch.",
    )
    assert findings(RULE, hotel=page) == []


def test_a_very_long_betting_line() -> None:
    body = " ".join(["Soi cầu XSMB chốt bạch thủ lô đẹp hôm nay cho anh em."] * 200)
    (f,) = findings(RULE, long=article("Dự đoán xổ số miền Bắc hôm nay", body))
    assert f["severity"] == "error"
    assert len(f["evidence"]["example"]) <= 160


# Ordinary Vietnamese whose words fold to lottery terms: "lo để" (worry so that) / "lô đề",
# "cầu lô cốt" (a bridge by a bunker) / "cầu lô", "ca do" (cases due to) / "cá độ", "dành để"
# (set aside for) / "đánh đề", "hối lộ để" (bribe to) / "lô đề", "nhà cải cách" (reformer) /
# "nhà cái".
LOOKALIKE_NEWS = article(
    "Người dân ven sông lo để dành tiền sửa nhà trước mùa lũ",
    "Nhiều hộ dân gần cầu lô cốt cũ ở xã Tân Phước cho biết họ phải lo để dành tiền từ mùa "
    "trước, vì nước lên nhanh hơn mọi năm và chưa có kinh phí gia cố bờ kè.",
    "Trạm y tế xã ghi nhận thêm 12 ca do nhiễm lạnh sau đợt mưa kéo dài, phần lớn là trẻ nhỏ và "
    "người cao tuổi, và khuyến cáo người dân dành để riêng thuốc men, nước sạch.",
    "Một cán bộ địa phương từng bị kỷ luật vì nhận hối lộ để bỏ qua sai phạm xây dựng; ông được "
    "người dân nhớ đến như một nhà cải cách thất bại trong lĩnh vực thủy lợi.",
    "Chính quyền huyện hứa sẽ bố trí vốn để sửa cầu lô cốt và nạo vét kênh trước tháng Mười.",
)
UNACCENTED_BETTING = article(
    "Soi cau XSMB 16/5 - du doan xo so mien Bac hom nay chinh xac",
    "Soi cau lo mien Bac hom nay: bach thu lo 27, song thu 38 - 83, anh em tham khao truoc khi "
    "vao tien nhe.",
    "Ket qua xo so mien Bac hom qua giai dac biet 48213, xem ty le keo nha cai moi nhat tai day.",
)


def test_words_that_only_fold_to_lottery_terms_are_not_spam() -> None:
    frame = pages(news=LOOKALIKE_NEWS)
    assert "spam" not in roles(frame, "news").values()
    assert run(RULE, frame) == []


def test_betting_text_typed_without_accents_is_still_an_error() -> None:
    (f,) = findings(RULE, bet=UNACCENTED_BETTING)
    assert f["severity"] == "error"
    assert f["evidence"]["lines"] == [1, 3, 5]


def test_the_diacritics_of_a_term_must_agree() -> None:
    from pagevet.pages.markers import load_markers

    markers = load_markers()
    assert markers.gambling_hits("Chốt số lô đề hôm nay") == (1, 0)
    assert markers.gambling_hits("LÔ ĐỀ") == (1, 0)
    assert markers.gambling_hits(unicodedata.normalize("NFD", "chơi lô đề")) == (1, 0)
    assert markers.gambling_hits("Anh lo để dành tiền") == (0, 0)
    assert markers.gambling_hits("qua cầu lô cốt") == (0, 0)
    assert markers.gambling_hits("soi cầu lô hôm nay") == (2, 0)  # "soi cầu", "soi cau lo"
    assert markers.gambling_hits("") == (0, 0)


def test_a_recipe_lexicon_adds_terms_and_ordinary_phrases(tmp_path) -> None:
    from pagevet.pages.markers import load_markers

    extra = tmp_path / "gambling.toml"
    extra.write_text("strong = ['đánh bạc online']\nnot_gambling = ['cầu lô gô']\n", "utf-8")
    markers = load_markers((str(extra),))
    assert markers.gambling_hits("Tham gia đánh bạc online") == (1, 0)
    assert markers.gambling_hits("Cây cầu lô gô mới") == (0, 0)
    assert load_markers().gambling_hits("Cây cầu lô gô mới") == (1, 0)
