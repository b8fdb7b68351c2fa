"""The bundled sample dataset: synthetic scraped news pages with known line roles and defects.

Every sentence, title and name here is invented from the vocabularies below; nothing is copied
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


# --------------------------------------------------------------------------- vocabulary (vi)

_VI_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
              "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lương")  # fmt: skip
_VI_MALE = (("Văn", "Quang", "Đức", "Hữu", "Minh", "Công"),
            ("Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong", "Quân",
             "Sơn", "Tuấn", "Việt", "Thắng", "Trung", "Lâm"))  # fmt: skip
_VI_FEMALE = (("Thị", "Ngọc", "Thu", "Thanh", "Bích", "Hồng"),
              ("Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai", "Phương", "Thảo", "Trang", "Yến",
               "Nhung", "Vân", "Oanh", "Loan"))  # fmt: skip
_VI_PEN = ("Minh Anh", "Thu Hà", "Hoàng Lam", "Ngọc Diệp", "Quang Huy", "Lan Phương",
           "Đức Thịnh", "Bảo Ngân", "Trung Kiên", "Hải Yến", "Khánh Linh", "Tùng Lâm",
           "Phương Thảo", "Việt Hưng", "Mỹ Duyên")  # fmt: skip
_VI_PROVINCES = ("Nghệ An", "Thanh Hóa", "Quảng Ninh", "Đắk Lắk", "Cần Thơ", "Bình Định",
                 "Lâm Đồng", "Hà Tĩnh", "Lào Cai", "Kiên Giang", "Quảng Nam", "Đồng Tháp",
                 "An Giang", "Sóc Trăng", "Phú Yên", "Quảng Bình", "Sơn La", "Bến Tre",
                 "Tây Ninh", "Gia Lai", "Ninh Bình", "Hòa Bình")  # fmt: skip
_VI_CITIES = ("Hà Nội", "TP Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Huế",
              "Nha Trang", "Vinh", "Quy Nhơn", "Đà Lạt")  # fmt: skip
_VI_DISTRICTS = ("Quỳnh Lưu", "Diễn Châu", "Hương Sơn", "Tuy Phước", "Krông Pắc", "Cai Lậy",
                 "Châu Thành", "Mộc Châu", "Bảo Lâm", "Nam Đàn", "Đức Trọng", "Phù Cát",
                 "Tam Nông", "Con Cuông", "Hoài Nhơn", "Vĩnh Linh")  # fmt: skip
_VI_COMMUNES = ("Tân Lập", "Hòa Bình", "Phú Mỹ", "An Thạnh", "Thanh Xuân", "Đông Sơn",
                "Tam Hiệp", "Long Hưng", "Bình Minh", "Xuân Lâm", "Nghĩa Đồng", "Mỹ Lộc")  # fmt: skip
_VI_COUNTRIES = ("Nhật Bản", "Hàn Quốc", "Australia", "Ấn Độ", "New Zealand", "Phần Lan",
                 "Chile", "Hungary", "Canada", "Indonesia", "Bỉ", "Mông Cổ")  # fmt: skip
_VI_ROLES = ("Giám đốc Sở Kế hoạch và Đầu tư", "Phó Chủ tịch UBND tỉnh {province}",
             "Chủ tịch UBND huyện {district}", "Trưởng phòng Kinh tế huyện {district}",
             "Bí thư Đảng ủy xã {commune}", "Giám đốc Sở Tài chính",
             "Phó Giám đốc Sở Công Thương")  # fmt: skip
_VI_OPENINGS = ("Theo báo cáo, ", "Trong {period}, ", "Bên cạnh đó, ", "Đáng chú ý, ", "Trước đó, ",
                "Ngoài ra, ", "Theo thống kê, ", "Tại buổi làm việc, ",
                "Cũng theo đại diện địa phương, ", "Tính đến cuối tháng {month}, ")  # fmt: skip
_VI_PERIODS = ("sáu tháng đầu năm", "quý vừa qua", "tuần qua", "những năm gần đây",
               "đợt cao điểm vừa qua", "năm nay", "ba tháng đầu năm")  # fmt: skip
_VI_GENERIC = (
    "UBND tỉnh {province} yêu cầu các sở, ngành liên quan phối hợp chặt chẽ trong quá trình triển khai",
    "nhiều ý kiến cho rằng cần có cơ chế giám sát rõ ràng hơn đối với từng hạng mục",
    "các đơn vị được yêu cầu báo cáo kết quả thực hiện trước ngày {day} tháng {month}",
    "kinh phí thực hiện được bố trí từ ngân sách tỉnh và nguồn vốn xã hội hóa",
    "người dân có thể phản ánh những bất cập qua ứng dụng trực tuyến của tỉnh",
    "lãnh đạo địa phương thừa nhận vẫn còn một số hạn chế trong khâu triển khai",
    "chính quyền đã tổ chức {small} buổi đối thoại với người dân để lắng nghe ý kiến",
    "kết quả này cao hơn so với cùng kỳ năm trước khoảng {pct}",
    "{ong}, {role}, cho biết đơn vị sẽ ưu tiên nguồn lực cho những việc cấp bách",
    "{ong}, {role}, cho rằng việc công khai thông tin giúp người dân giám sát tốt hơn",
    "các hạng mục còn lại dự kiến hoàn thành trong quý tới",
    "địa phương cũng đề xuất cơ chế đặc thù để tháo gỡ những vướng mắc kéo dài",
    "công tác tuyên truyền được đẩy mạnh trên loa truyền thanh cơ sở và mạng xã hội",
    "một số chỉ tiêu quan trọng chưa đạt như kỳ vọng do thời tiết bất lợi",
    "các đoàn kiểm tra sẽ làm việc trực tiếp tại {small} huyện trong tháng tới",
    "tỉnh đã thành lập tổ công tác đặc biệt do một phó chủ tịch UBND tỉnh làm tổ trưởng",
    "các đơn vị đã bắt tay vào triển khai nhiệm vụ được giao ngay sau cuộc họp",
    "việc chuyển đổi số giúp rút ngắn đáng kể thời gian xử lý hồ sơ",
    "người dân ở xã {commune} bày tỏ phấn khởi khi được tham gia góp ý từ sớm",
    "tỉnh đã sơ kết, rút kinh nghiệm sau {small} tháng thực hiện",
    "nhiều mô hình hay ở cơ sở đã được nhân rộng ra các địa phương khác",
    "một số cán bộ bị phê bình vì chậm trễ trong việc giải quyết kiến nghị của người dân",
    "địa phương sẽ tiếp tục huy động thêm nguồn lực từ doanh nghiệp",
    "đại diện các hội đoàn thể cam kết vận động hội viên cùng tham gia",
    "tổng số tiền hỗ trợ đã giải ngân đạt khoảng {money}",
    "những khó khăn về nhân lực vẫn là bài toán chưa có lời giải",
    "các chỉ tiêu chính đều được giao cụ thể cho từng đơn vị, gắn với trách nhiệm người đứng đầu",
    "huyện {district} là một trong những địa phương làm tốt công tác này",
    "mức hỗ trợ cụ thể sẽ được niêm yết công khai tại trụ sở UBND các xã",
    "số liệu thống kê cho thấy xu hướng tích cực trong những tháng gần đây",
    "nhiều hộ gia đình ở huyện {district} vẫn chưa nắm rõ các thủ tục cần thiết",
    "các sở, ngành được giao rà soát lại toàn bộ quy trình và đề xuất phương án cụ thể",
)
_VI_QUOTE_TAILS = ("{ong} nói", "{ong}, {role}, chia sẻ", "{ong} nhấn mạnh",
                   "{ong} cho biết thêm")  # fmt: skip


@dataclass(frozen=True)
class _Topic:
    titles: tuple[str, ...]  # "[a|b]" groups give an earlier wording for edited headlines
    leads: tuple[str, ...]  # the lead's first sentence, after the dateline
    clauses: tuple[str, ...]
    quotes: tuple[str, ...]
    captions: tuple[str, ...]


_VI_TOPICS: dict[str, _Topic] = {
    "giao-thong": _Topic(
        titles=(
            "{province} [đẩy nhanh|tăng tốc] tiến độ dự án đường ven biển dài {n2} km",
            "[Khởi công|Động thổ] cầu {bridge} nối hai bờ sông {river}",
            "[Thông xe|Đưa vào khai thác] tuyến tránh qua trung tâm huyện {district}",
            "{city} [điều chỉnh|thay đổi] lộ trình {small} tuyến xe buýt từ tháng {month}",
            "Cao tốc qua {province} [chậm tiến độ|lỡ hẹn] vì vướng giải phóng mặt bằng",
            "{province} [kiến nghị|đề xuất] nâng cấp quốc lộ {road} đoạn qua huyện {district}",
        ),
        leads=(
            "UBND tỉnh {province} đã tổ chức lễ khởi công dự án giao thông trọng điểm đi qua huyện {district}, với tổng vốn đầu tư khoảng {money}",
            "Sở Giao thông vận tải {province} cho biết nhiều công trình giao thông trọng điểm đang được đẩy nhanh tiến độ để kịp hoàn thành trong năm {year}",
            "lãnh đạo tỉnh {province} đã kiểm tra tiến độ các dự án giao thông và yêu cầu nhà thầu tăng ca, tăng kíp",
        ),
        clauses=(
            "nhà thầu đã huy động thêm {small} mũi thi công và hàng trăm công nhân làm việc ba ca liên tục",
            "Ban quản lý dự án giao thông tỉnh {province} cho biết khối lượng hoàn thành đã đạt khoảng {pct}",
            "đoạn tuyến dài {n2} km đi qua {small} xã của huyện {district}",
            "nhiều hộ dân ở xã {commune} đã đồng thuận bàn giao mặt bằng trước thời hạn",
            "tổng mức đầu tư của dự án vào khoảng {money}",
            "thời gian di chuyển từ trung tâm tỉnh ra cảng biển sẽ rút ngắn còn khoảng {n2} phút khi dự án hoàn thành",
            "lực lượng cảnh sát giao thông được tăng cường tại các nút giao thường xuyên ùn tắc",
            "Sở Giao thông vận tải {province} đề nghị các nhà thầu bảo đảm an toàn cho người đi đường trong quá trình thi công",
            "một số đoạn đường gom chưa được hoàn thiện khiến xe tải phải đi vòng khá xa",
            "tuyến xe buýt mới chạy từ {hour} giờ sáng đến {hour2} giờ tối, khoảng {n2} phút có một chuyến",
            "nhiều tài xế phản ánh mặt đường xuống cấp nhanh sau mùa mưa",
            "chủ đầu tư cam kết hoàn trả mặt bằng các tuyến đường địa phương sau khi thi công xong",
            "cây cầu có chiều dài khoảng {n} m, gồm {small} nhịp và hai làn xe mỗi chiều",
        ),
        quotes=(
            "Chúng tôi đặt mục tiêu thông xe kỹ thuật trước mùa mưa bão",
            "Những vướng mắc về mặt bằng cơ bản đã được tháo gỡ, giờ là lúc tăng tốc",
            "Người dân mong con đường sớm hoàn thành để việc đi lại bớt vất vả",
        ),
        captions=(
            "Công nhân thi công trên công trường",
            "Máy móc san lấp mặt bằng tại dự án",
            "Một đoạn tuyến vừa được trải nhựa",
        ),
    ),
    "giao-duc": _Topic(
        titles=(
            "{province} [tuyển thêm|bổ sung] {n} giáo viên cho các trường vùng sâu",
            "[Hơn|Gần] {n2} nghìn thí sinh {province} bước vào kỳ thi tuyển sinh lớp 10",
            "Các trường học ở {province} [sẵn sàng|chuẩn bị] đón học sinh trở lại",
            "Học sinh {province} [giành|đoạt] {small} huy chương tại kỳ thi khoa học quốc tế",
            "{city} [xây mới|xây thêm] {small} trường mầm non gần khu công nghiệp",
            "Nhiều trường đại học [công bố|thông báo] phương án tuyển sinh mới",
        ),
        leads=(
            "Sở Giáo dục và Đào tạo {province} đã công bố kế hoạch tuyển sinh và bố trí giáo viên cho năm học mới",
            "hàng nghìn học sinh của {province} đã bước vào kỳ thi quan trọng trong không khí nghiêm túc, an toàn",
            "lãnh đạo tỉnh {province} đã làm việc với ngành giáo dục về tình trạng thiếu giáo viên và phòng học ở vùng sâu",
        ),
        clauses=(
            "Sở Giáo dục và Đào tạo {province} cho biết toàn tỉnh còn thiếu khoảng {n} giáo viên ở các môn năng khiếu",
            "nhiều phòng học ở các điểm trường lẻ đã xuống cấp sau nhiều năm sử dụng",
            "các trường được yêu cầu rà soát cơ sở vật chất, bàn ghế và thiết bị dạy học trước ngày khai giảng",
            "tỷ lệ học sinh đi học đúng độ tuổi ở bậc tiểu học đạt trên {pct}",
            "mỗi điểm thi đều có cán bộ y tế và lực lượng công an hỗ trợ",
            "phụ huynh có thể tra cứu kết quả trên cổng thông tin của sở từ ngày {day} tháng {month}",
            "nhà trường tổ chức thêm các lớp học bổ trợ miễn phí vào cuối tuần",
            "đội tuyển của tỉnh gồm {small} học sinh đến từ các trường trung học phổ thông chuyên",
            "chương trình học bổng năm nay hỗ trợ {n} học sinh có hoàn cảnh khó khăn",
            "giáo viên tình nguyện lên bản dạy chữ được hỗ trợ thêm tiền thuê nhà",
            "nhiều trường đã đưa nội dung giáo dục kỹ năng sống vào hoạt động ngoại khóa",
            "ngân sách dành cho giáo dục chiếm khoảng {pct} tổng chi thường xuyên của tỉnh",
            "các em học sinh được hướng dẫn cách phòng tránh đuối nước trước kỳ nghỉ",
        ),
        quotes=(
            "Chúng tôi mong muốn không để học sinh nào phải bỏ học vì hoàn cảnh khó khăn",
            "Năm học mới, nhà trường tập trung nâng cao chất lượng dạy ngoại ngữ",
            "Thiếu giáo viên là nỗi lo lớn nhất của các trường vùng cao hiện nay",
        ),
        captions=(
            "Học sinh trong giờ học tại điểm trường",
            "Thí sinh làm thủ tục dự thi",
            "Giáo viên hướng dẫn học sinh làm thí nghiệm",
        ),
    ),
    "y-te": _Topic(
        titles=(
            "{province} [ghi nhận|phát hiện] thêm {n} ca sốt xuất huyết trong tuần",
            "Bệnh viện đa khoa tỉnh {province} [đưa vào vận hành|khánh thành] khu điều trị mới",
            "[Tiêm|Triển khai tiêm] vắc xin sởi cho trẻ em tại {n2} xã vùng cao",
            "Ngành y tế {province} [cảnh báo|khuyến cáo] nguy cơ ngộ độc thực phẩm mùa nắng nóng",
            "Bác sĩ [cứu sống|cứu] bệnh nhân đột quỵ nhờ can thiệp kịp thời",
            "{city} [tăng cường|đẩy mạnh] khám sức khỏe miễn phí cho người cao tuổi",
        ),
        leads=(
            "Sở Y tế {province} cho biết số ca bệnh truyền nhiễm trên địa bàn đang có xu hướng tăng so với cùng kỳ",
            "Bệnh viện đa khoa tỉnh {province} đã đưa vào sử dụng khu điều trị mới với nhiều trang thiết bị hiện đại",
            "ngành y tế {province} đã triển khai đợt cao điểm phòng chống dịch bệnh tại các xã vùng sâu, vùng xa",
        ),
        clauses=(
            "Trung tâm Kiểm soát bệnh tật {province} cho biết số ca mắc tăng khoảng {pct} so với cùng kỳ",
            "các ổ dịch chủ yếu tập trung ở khu dân cư đông đúc, nhiều ao tù và nước đọng",
            "đội phản ứng nhanh đã phun hóa chất diệt muỗi tại {n} hộ gia đình",
            "bệnh nhân là nam giới {age} tuổi, nhập viện trong tình trạng yếu nửa người",
            "khu điều trị mới có {n} giường bệnh cùng hệ thống máy thở và theo dõi hiện đại",
            "người dân được khuyến cáo không sử dụng thực phẩm không rõ nguồn gốc",
            "các trạm y tế xã được bổ sung thuốc và vật tư cho đợt cao điểm",
            "nhiều bệnh viện tuyến huyện vẫn thiếu bác sĩ chuyên khoa",
            "chiến dịch tiêm chủng dự kiến kéo dài đến hết tháng {month}",
            "các đoàn kiểm tra liên ngành đã xử phạt {small} cơ sở vi phạm quy định về an toàn thực phẩm",
            "người bệnh có thể đặt lịch khám qua ứng dụng của bệnh viện để giảm thời gian chờ",
            "bác sĩ khuyên người dân nên đi khám ngay khi có dấu hiệu sốt cao kéo dài",
            "kíp trực cấp cứu đã kích hoạt quy trình báo động đỏ ngay khi tiếp nhận bệnh nhân",
        ),
        quotes=(
            "Thời gian vàng trong điều trị đột quỵ chỉ tính bằng giờ",
            "Chúng tôi đã chuẩn bị đủ thuốc, giường bệnh và nhân lực",
            "Người dân đừng chủ quan khi thấy các triệu chứng ban đầu",
        ),
        captions=(
            "Bác sĩ thăm khám cho bệnh nhân",
            "Nhân viên y tế phun thuốc diệt muỗi tại khu dân cư",
            "Trẻ em được tiêm vắc xin tại trạm y tế xã",
        ),
    ),
    "nong-nghiep": _Topic(
        titles=(
            "Nông dân {province} [trúng mùa|được mùa] cà phê, giá bán tăng {small}%",
            "{province} [mở rộng|phát triển] vùng trồng sầu riêng đạt chuẩn xuất khẩu",
            "Giá lúa tại {province} [tăng mạnh|tăng cao] ngay đầu vụ thu hoạch",
            "Hợp tác xã ở huyện {district} [đưa|mang] nông sản lên sàn thương mại điện tử",
            "{province} [hỗ trợ|giúp] nông dân chuyển đổi {n} ha đất lúa kém hiệu quả",
            "Người nuôi tôm ở {province} [lao đao|gặp khó] vì giá thức ăn tăng",
        ),
        leads=(
            "nông dân ở nhiều xã của huyện {district}, tỉnh {province} đang tất bật thu hoạch vụ mùa",
            "Sở Nông nghiệp và Phát triển nông thôn {province} đã tổ chức hội nghị bàn giải pháp tiêu thụ nông sản cho bà con",
            "nhiều hợp tác xã ở {province} đã ký hợp đồng bao tiêu sản phẩm với doanh nghiệp chế biến",
        ),
        clauses=(
            "năng suất bình quân ước đạt {n2} tạ mỗi ha, cao hơn vụ trước",
            "thương lái đến tận ruộng thu mua với giá khoảng {n2} nghìn đồng mỗi kg",
            "Sở Nông nghiệp và Phát triển nông thôn {province} cho biết diện tích gieo trồng năm nay đạt khoảng {n} nghìn ha",
            "nhiều hộ dân đã chuyển sang canh tác theo hướng hữu cơ để giảm chi phí phân bón",
            "hợp tác xã hiện có {n2} thành viên và liên kết với một doanh nghiệp chế biến trong tỉnh",
            "sản phẩm đã được cấp mã số vùng trồng nên có thể xuất khẩu chính ngạch",
            "thời tiết thuận lợi giúp cây trồng ít sâu bệnh hơn mọi năm",
            "giá thức ăn chăn nuôi đã tăng khoảng {pct} chỉ trong vài tháng",
            "ngành nông nghiệp khuyến cáo bà con không mở rộng diện tích một cách tự phát",
            "mỗi ha đất chuyển đổi được hỗ trợ tiền giống và kỹ thuật trong năm đầu",
            "{ong}, một nông dân ở xã {commune}, cho biết gia đình thu lãi hơn {money} từ vườn cây",
            "nhiều lô nông sản đã được đóng gói, dán tem truy xuất nguồn gốc trước khi xuất bán",
            "đường giao thông nội đồng được bê tông hóa giúp việc vận chuyển nông sản thuận lợi hơn",
        ),
        quotes=(
            "Năm nay được giá nên bà con phấn khởi lắm",
            "Chúng tôi chỉ mong đầu ra ổn định để yên tâm sản xuất",
            "Làm nông bây giờ phải tính từ khâu giống đến khâu bán hàng",
        ),
        captions=(
            "Nông dân thu hoạch lúa trên cánh đồng",
            "Vườn sầu riêng của một hộ dân",
            "Nông sản được đóng gói tại hợp tác xã",
        ),
    ),
    "moi-truong": _Topic(
        titles=(
            "[Mưa lớn|Mưa kéo dài] gây sạt lở tại nhiều xã miền núi {province}",
            "{province} [trồng mới|trồng thêm] {n} ha rừng ngập mặn ven biển",
            "Nắng nóng gay gắt [kéo dài|tiếp diễn] ở nhiều tỉnh Bắc Bộ và Trung Bộ",
            "{city} [xử lý|khắc phục] tình trạng ô nhiễm kênh rạch nội đô",
            "Triều cường [gây ngập|làm ngập] nhiều tuyến phố ở {city}",
            "{province} [lắp đặt|bổ sung] thêm trạm quan trắc chất lượng không khí",
        ),
        leads=(
            "mưa lớn kéo dài nhiều ngày đã gây thiệt hại cho nhiều địa phương của tỉnh {province}",
            "UBND tỉnh {province} đã phát động chương trình trồng rừng và bảo vệ môi trường ven biển",
            "cơ quan khí tượng cho biết đợt nắng nóng gay gắt có thể kéo dài thêm nhiều ngày",
        ),
        clauses=(
            "lượng mưa đo được tại một số trạm vượt {n} mm chỉ trong một ngày",
            "chính quyền đã di dời {n2} hộ dân ra khỏi khu vực có nguy cơ sạt lở",
            "Đài Khí tượng thủy văn khu vực dự báo nhiệt độ cao nhất có nơi trên {temp} độ C",
            "nhiều tuyến đường liên xã bị chia cắt do đất đá tràn xuống mặt đường",
            "rừng ngập mặn giúp giảm sóng và hạn chế xói lở bờ biển",
            "người dân được khuyến cáo hạn chế ra ngoài vào buổi trưa",
            "hệ thống thu gom nước thải mới chỉ đáp ứng khoảng {pct} nhu cầu của khu vực",
            "các trạm quan trắc tự động truyền số liệu về trung tâm điều hành theo thời gian thực",
            "lực lượng chức năng đã trục vớt hàng chục tấn rác thải trên các tuyến kênh",
            "mực nước sông dâng cao khiến nhiều diện tích hoa màu ven sông bị ngập",
            "ngành điện khuyến cáo người dân sử dụng điện tiết kiệm trong những giờ cao điểm",
            "các đoàn thanh niên tình nguyện dọn vệ sinh bãi biển vào mỗi sáng cuối tuần",
            "một số điểm trường phải cho học sinh nghỉ học vì đường sá bị chia cắt",
        ),
        quotes=(
            "Chúng tôi không để người dân nào phải ở lại vùng nguy hiểm",
            "Ô nhiễm kênh rạch phải được giải quyết từ gốc, bắt đầu từ nguồn thải",
            "Mỗi cây được trồng hôm nay là một lớp đê cho con cháu sau này",
        ),
        captions=(
            "Đất đá tràn xuống mặt đường sau mưa lớn",
            "Người dân trồng cây ngập mặn ven biển",
            "Một tuyến phố bị ngập sau triều cường",
        ),
    ),
    "kinh-te": _Topic(
        titles=(
            "Xuất khẩu thủy sản của {province} [tăng|tăng trưởng] {small}% trong {period}",
            "Doanh nghiệp dệt may [tìm kiếm|săn] đơn hàng mới cho dịp cuối năm",
            "{province} [thu hút|hút] thêm {small} dự án đầu tư vào khu công nghiệp",
            "Giá xăng dầu [giảm nhẹ|điều chỉnh giảm] từ chiều nay",
            "Ngân hàng [đồng loạt|tiếp tục] giảm lãi suất cho vay doanh nghiệp nhỏ",
            "Sức mua tại các chợ truyền thống ở {city} [chậm lại|giảm] dịp cuối tháng",
        ),
        leads=(
            "Sở Công Thương {province} cho biết hoạt động sản xuất, kinh doanh trên địa bàn đang dần phục hồi",
            "UBND tỉnh {province} đã trao giấy chứng nhận đầu tư cho {small} dự án mới tại các khu công nghiệp",
            "nhiều doanh nghiệp trên địa bàn {province} cho biết đơn hàng xuất khẩu đã tăng trở lại",
        ),
        clauses=(
            "kim ngạch xuất khẩu của tỉnh ước đạt {n} triệu USD",
            "nhiều doanh nghiệp cho biết đã có đơn hàng đến hết quý tới",
            "Sở Công Thương {province} nhận định thị trường vẫn còn nhiều biến động",
            "các dự án mới chủ yếu thuộc lĩnh vực chế biến, điện tử và logistics",
            "lãi suất cho vay bình quân giảm khoảng {small} điểm phần trăm so với đầu năm",
            "tiểu thương cho biết lượng khách mua sắm thưa thớt hơn cùng kỳ",
            "giá các mặt hàng thiết yếu như thịt lợn, rau xanh tương đối ổn định",
            "chi phí vận chuyển tăng cao khiến biên lợi nhuận của doanh nghiệp bị thu hẹp",
            "tỉnh đã cấp giấy chứng nhận đầu tư cho {small} dự án với tổng vốn đăng ký khoảng {money}",
            "người lao động tại các khu công nghiệp được bảo đảm việc làm ổn định",
            "nhiều cửa hàng đã chuyển sang bán hàng trực tuyến để giữ chân khách quen",
            "doanh nghiệp kiến nghị đơn giản hóa thủ tục hoàn thuế giá trị gia tăng",
            "các nhà máy mới dự kiến tạo việc làm cho khoảng {n} lao động địa phương",
        ),
        quotes=(
            "Chúng tôi đã có đơn hàng đến hết năm nhưng vẫn lo thiếu lao động",
            "Thủ tục đầu tư cần nhanh hơn nữa để không lỡ cơ hội",
            "Khách ít hơn hẳn, nhiều hôm bán không đủ tiền thuê sạp",
        ),
        captions=(
            "Công nhân làm việc trong một nhà máy chế biến",
            "Khách hàng mua sắm tại chợ",
            "Hàng hóa được bốc xếp tại cảng",
        ),
    ),
    "doi-ngoai": _Topic(
        titles=(
            "Việt Nam và {country} [thúc đẩy|đẩy mạnh] hợp tác thương mại, đầu tư",
            "Đoàn đại biểu {country} [thăm và làm việc|làm việc] tại {province}",
            "[Tăng cường|Mở rộng] giao lưu nhân dân giữa Việt Nam và {country}",
            "{province} và một địa phương của {country} [ký kết|ký] biên bản ghi nhớ hợp tác",
            "Sinh viên {country} [tìm hiểu|khám phá] văn hóa Việt tại {city}",
        ),
        leads=(
            "lãnh đạo tỉnh {province} đã tiếp và làm việc với đoàn đại biểu {country} đang có chuyến thăm địa phương",
            "tỉnh {province} và một địa phương của {country} đã ký kết biên bản ghi nhớ hợp tác trong nhiều lĩnh vực",
            "đoàn sinh viên {country} đã có chuyến giao lưu, tìm hiểu văn hóa Việt Nam tại {city}",
        ),
        clauses=(
            "hai bên trao đổi về các biện pháp nâng kim ngạch thương mại song phương",
            "đoàn công tác đã đến thăm một số doanh nghiệp và khu công nghiệp của tỉnh",
            "biên bản ghi nhớ tập trung vào các lĩnh vực giáo dục, du lịch và nông nghiệp công nghệ cao",
            "phía bạn bày tỏ mong muốn mở đường bay thẳng đến các thành phố lớn của Việt Nam",
            "chương trình giao lưu có sự tham gia của khoảng {n} sinh viên hai nước",
            "hai địa phương nhất trí thành lập nhóm công tác chung để theo dõi việc triển khai",
            "cộng đồng người Việt tại {country} đóng vai trò cầu nối quan trọng",
            "nhiều doanh nghiệp {country} quan tâm đến lĩnh vực năng lượng tái tạo",
            "hai bên cũng trao đổi về khả năng hợp tác đào tạo nguồn nhân lực",
            "lãnh đạo tỉnh đề nghị phía bạn tạo điều kiện cho nông sản địa phương tiếp cận thị trường",
            "các sinh viên được trải nghiệm gói bánh, viết thư pháp và học vài câu dân ca",
        ),
        quotes=(
            "Chúng tôi coi đây là bước khởi đầu cho nhiều dự án cụ thể",
            "Tình hữu nghị cần được vun đắp từ thế hệ trẻ",
            "Doanh nghiệp hai bên còn nhiều dư địa để hợp tác",
        ),
        captions=(
            "Quang cảnh buổi làm việc",
            "Hai bên ký kết biên bản ghi nhớ",
            "Sinh viên hai nước tham gia hoạt động giao lưu",
        ),
    ),
    "van-hoa": _Topic(
        titles=(
            "{province} [đón|chào đón] gần {n2} nghìn lượt khách dịp nghỉ lễ",
            "Lễ hội {festival} [thu hút|hút] đông đảo du khách thập phương",
            "[Phục dựng|Khôi phục] nghề dệt thổ cẩm truyền thống ở huyện {district}",
            "{province} [công bố|ra mắt] sản phẩm du lịch cộng đồng mới",
            "Nghệ nhân ở huyện {district} [truyền dạy|dạy] hát dân ca cho lớp trẻ",
        ),
        leads=(
            "{province} đã đón hàng chục nghìn lượt du khách đến tham quan, nghỉ dưỡng trong dịp nghỉ lễ",
            "lễ hội {festival} năm {year} đã khai mạc với sự tham gia của đông đảo người dân và du khách",
            "nhiều nghệ nhân ở huyện {district} đang nỗ lực gìn giữ và truyền dạy nghề truyền thống cho thế hệ trẻ",
        ),
        clauses=(
            "doanh thu từ du lịch trong dịp này ước đạt khoảng {money}",
            "công suất phòng tại các cơ sở lưu trú ven biển có lúc đạt trên {pct}",
            "lễ hội gồm phần lễ trang nghiêm và phần hội với nhiều trò chơi dân gian",
            "các nghệ nhân lớn tuổi trực tiếp hướng dẫn kỹ thuật cho phụ nữ trong bản",
            "sản phẩm du lịch mới kết hợp trải nghiệm nấu ăn, đi bộ và nghỉ tại nhà dân",
            "ban tổ chức bố trí nhiều điểm gửi xe và khu vực hỗ trợ du khách",
            "nhiều hộ dân đã sửa sang nhà sàn để đón khách lưu trú",
            "lớp học dân ca được tổ chức vào tối thứ Bảy hằng tuần tại nhà văn hóa thôn",
            "các đơn vị lữ hành cho biết lượng khách đặt tour tăng mạnh so với năm trước",
            "ngành du lịch tỉnh đặt mục tiêu đón khoảng {n} nghìn lượt khách quốc tế",
            "nhiều món ăn đặc sản của địa phương được giới thiệu tại hội chợ",
        ),
        quotes=(
            "Giữ được nghề là giữ được hồn cốt của bản làng",
            "Du khách rất thích trải nghiệm cuộc sống cùng người dân địa phương",
            "Lớp trẻ bây giờ chịu học, chúng tôi mừng lắm",
        ),
        captions=(
            "Du khách tham quan khu di tích",
            "Nghệ nhân hướng dẫn phụ nữ dệt thổ cẩm",
            "Không khí lễ hội tại quảng trường",
        ),
    ),
    "the-thao": _Topic(
        titles=(
            "Câu lạc bộ {club} [thắng|vượt qua] đối thủ ngay trên sân nhà",
            "Đội tuyển bóng chuyền nữ [hội quân|tập trung] chuẩn bị cho giải châu Á",
            "Vận động viên {province} [giành|đoạt] {small} huy chương vàng tại giải điền kinh toàn quốc",
            "Giải chạy vì cộng đồng [thu hút|quy tụ] hơn {n2} nghìn người tham gia",
        ),
        leads=(
            "câu lạc bộ {club} đã có trận đấu giàu cảm xúc trước đông đảo khán giả nhà",
            "các vận động viên của {province} đã thi đấu thành công tại giải đấu toàn quốc",
            "hàng nghìn người đã tham gia giải chạy vì cộng đồng do tỉnh {province} tổ chức",
        ),
        clauses=(
            "đội khách nhập cuộc tự tin và chủ động kiểm soát bóng trong hiệp một",
            "huấn luyện viên trưởng cho biết toàn đội đã có sự chuẩn bị kỹ về thể lực",
            "nhiều cầu thủ trẻ được trao cơ hội ra sân trong trận đấu này",
            "khán đài chật kín cổ động viên dù trời mưa lớn",
            "đội tuyển sẽ tập trung tại trung tâm huấn luyện thể thao quốc gia trong khoảng {small} tuần",
            "các vận động viên thi đấu ở {small} nội dung, từ chạy cự ly ngắn đến nhảy xa",
            "ban tổ chức trao {n} suất quà cho các em học sinh nghèo vượt khó",
            "giải đấu năm nay có sự tham gia của {small} đội đến từ nhiều địa phương",
            "thành tích này giúp đoàn đứng thứ {small} trên bảng tổng sắp huy chương",
            "các trận đấu được phát trực tiếp trên truyền hình và nền tảng số",
        ),
        quotes=(
            "Các cầu thủ đã thi đấu với tinh thần rất cao",
            "Chúng tôi sẽ rút kinh nghiệm cho những trận tiếp theo",
            "Mục tiêu của đội là lọt vào nhóm dẫn đầu",
        ),
        captions=(
            "Cầu thủ hai đội tranh chấp bóng",
            "Vận động viên về đích",
            "Các vận động viên trên đường chạy",
        ),
    ),
}

_VI_BRIDGES = ("Hòa Phước", "Tân An", "Phú Lộc", "Bến Đình", "Long Kiến", "Cẩm Thạch")
_VI_RIVERS = ("Lam", "Mã", "Hậu", "Đà Rằng", "Thu Bồn", "Cả", "Gianh")
_VI_ROADS = ("1A", "14", "19", "27", "45", "46", "48", "217")
_VI_FESTIVALS = (
    "cầu ngư",
    "đua ghe",
    "hoa ban",
    "thả đèn trên sông",
    "mừng lúa mới",
    "đua thuyền rồng",
)
_VI_CLUBS = ("Sông Lam Xanh", "Phố Hiến", "Cao Nguyên Xanh", "Bến Thành Trẻ", "Miền Biển")
_VI_CREDITS = ("TTXVN", "THV", "Hoàng Lam", "Ngọc Diệp", "Tư liệu", "Quang Huy")
_VI_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")

# --------------------------------------------------------------------------- vocabulary (en)

_EN_FIRST = ("Clara", "Tom", "Priya", "Daniel", "Aisha", "Sofia", "Marcus", "Hannah", "Owen",
             "Nadia", "Ben", "Ruth", "Jane", "Felix", "Imogen", "Kwame", "Lena", "Rory")  # fmt: skip
_EN_LAST = ("Whitfield", "Okafor", "Nair", "Moreau", "Bello", "Lindqvist", "Reed", "Cole",
            "Price", "Haddad", "Kowalski", "Ellery", "Doe", "Marsh", "Achebe", "Varga",
            "Thornton", "Quill")  # fmt: skip
_EN_CITIES = ("Leeds", "Bristol", "Cardiff", "Aberdeen", "Galway", "Brisbane", "Halifax",
              "Dunedin", "Cork", "Hobart", "Nottingham", "Plymouth")  # fmt: skip
_EN_TOWNS = ("Millbrook", "Ashford Vale", "Kingsbridge", "Redhaven", "Oakfield", "Westmoor",
             "Elmstead", "Harrowgate Sands", "Stonebury")  # fmt: skip
_EN_REGIONS = ("the north-east", "the south coast", "the valleys", "the south-west",
               "the highlands", "the eastern counties")  # fmt: skip
_EN_CLUBS = ("Redhaven Rovers", "Millbrook Athletic", "Westmoor United", "Kingsbridge City")
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")  # fmt: skip
_EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_ROLES = ("the council's head of transport", "a spokesperson for the regional health board",
             "chief executive of the local chamber of commerce", "the mayor of {city}",
             "a professor of economics at the University of {city}",
             "the leader of the opposition group on the council")  # fmt: skip
_EN_OPENINGS = ("However, ", "Meanwhile, ", "At the same time, ", "In addition, ", "Separately, ",
                "Even so, ", "As a result, ")  # fmt: skip
_EN_GENERIC = (
    "the council said it would publish a full report later this year",
    "officials did not give a timetable for the remaining work",
    "residents will be invited to comment on the plans at a public meeting",
    "critics said the measures did not go far enough",
    "{person}, {role}, said the decision had been taken after careful consideration",
    "the figures are higher than those recorded at the same time last year",
    "several local groups have already expressed their support",
    "the government is expected to announce further details next month",
    "the scheme will be reviewed after {small} months",
    "a spokesperson said the organisation was working closely with its partners",
    "opposition councillors called for an independent review",
    "the cost will be met from existing budgets",
    "it is the first project of its kind in {region}",
    "the announcement was made at a press conference on {weekday}",
    "more information is available on the council's website",
    "volunteers have played a key role in the effort",
    "the plans have been in development for more than two years",
    "staff shortages remain a concern across the sector",
    "a final decision is due before the end of the year",
    "independent experts described the results as encouraging",
    "the organisers thanked local businesses for their help",
    "a similar approach has worked well in neighbouring towns",
    "{person}, {role}, warned that the hardest part of the work was still to come",
    "campaigners say the change is long overdue",
    "local councillors from all parties backed the proposal",
    "the authority has set aside a contingency fund of {money}",
)
_EN_QUOTE_TAILS = ("{person} said", "said {person}, {role}", "{person} told the Daily Example",
                   "{person} added")  # fmt: skip

_EN_TOPICS: dict[str, _Topic] = {
    "transport": _Topic(
        titles=(
            "{city} [approves|backs] plan to overhaul its bus network",
            "New rail link to {town} [delayed|pushed back] by another year",
            "Bridge repairs [close|shut] main road into {town} for {small} weeks",
            "Commuters in {city} [face|brace for] higher fares from {month_name}",
            "{town} [opens|unveils] first stretch of coastal cycle path",
        ),
        leads=(
            "the city council voted to approve a major overhaul of local transport",
            "engineers began work on long-awaited repairs to the main route into {town}",
            "transport officials set out a timetable for the next phase of work",
        ),
        clauses=(
            "the transport authority said the first phase would cost about {money}",
            "engineers found corrosion in {small} of the bridge's supporting beams",
            "commuters have complained about overcrowded trains for several years",
            "the council will hold public consultations in {small} neighbourhoods before the final vote",
            "local businesses warned that the closure could hit their trade during the busy season",
            "the new timetable adds {n2} extra services a day on the busiest routes",
            "cycling groups welcomed the plan but asked for safer junctions",
            "officials said the delay was caused by a shortage of specialist contractors",
            "the operator expects passenger numbers to rise by around {pct} once the line opens",
            "a diversion will be signposted through the industrial estate",
            "passengers will be able to track buses in real time through a free app",
            "the funding comes from a mix of national grants and local borrowing",
        ),
        quotes=(
            "We know the disruption is frustrating, but the work cannot wait",
            "This is the biggest change to the network in a generation",
            "People just want a bus that turns up when it says it will",
        ),
        captions=(
            "Buses queue at the central station",
            "Engineers inspect the bridge",
            "A new cycle lane along the seafront",
        ),
    ),
    "health": _Topic(
        titles=(
            "Hospital in {town} [opens|launches] new emergency unit",
            "Flu cases [rise|climb] sharply as winter sets in",
            "{city} [expands|extends] free dental checks for children",
            "Waiting lists for knee surgery [fall|drop] for the first time in years",
            "Nurses in {city} [vote|agree] to accept new pay offer",
        ),
        leads=(
            "health officials in {city} reported a sharp rise in cases",
            "a new unit opened its doors to patients at the hospital in {town}",
            "the regional health board announced an expansion of free services for children",
        ),
        clauses=(
            "the unit has {n2} beds and a dedicated area for children",
            "public health officials urged older people to get vaccinated",
            "doctors said most patients recovered at home within a week",
            "the programme will reach about {n2} thousand pupils this year",
            "the hospital hired {n2} additional nurses to staff the new ward",
            "the number of people waiting more than a year has fallen by around {pct}",
            "union representatives said the deal was the best available",
            "pharmacies reported strong demand for cold and flu remedies",
            "the health board plans to publish monthly figures from now on",
            "patients can now book appointments online instead of calling the surgery",
            "the clinic will also offer evening sessions for working parents",
            "ambulance crews said handover times at the hospital had improved",
        ),
        quotes=(
            "Every extra bed makes a difference to someone waiting in pain",
            "Please do not wait until symptoms are severe before seeking help",
            "It is not everything we asked for, but it is a real step forward",
        ),
        captions=(
            "Staff at the new emergency unit",
            "A nurse prepares a vaccine",
            "Patients wait at a clinic",
        ),
    ),
    "climate": _Topic(
        titles=(
            "Wind farm off {region} [begins|starts] supplying power to homes",
            "Heatwave [brings|pushes] temperatures to record highs in {region}",
            "Flood defences in {town} [hold|hold firm] after days of heavy rain",
            "{city} [plans|sets out plans] to plant {n2} thousand street trees",
            "Energy bills [set to fall|expected to fall] as wholesale prices ease",
        ),
        leads=(
            "forecasters warned of more extreme weather across {region}",
            "the first turbines of a new offshore wind farm began supplying power",
            "residents of {town} began clearing up after days of heavy rain",
        ),
        clauses=(
            "the turbines can generate enough electricity for about {n2} thousand homes",
            "forecasters said temperatures could reach {temp} degrees in some areas",
            "emergency crews pumped water from dozens of flooded basements",
            "the regulator said average bills would fall by around {pct}",
            "environmental groups welcomed the move but called for faster action",
            "the council will prioritise streets with little shade",
            "farmers reported that crops were stressed by the lack of rain",
            "the new barriers were installed after severe flooding several years ago",
            "households were advised to check on elderly neighbours",
            "the project created about {n} jobs during construction",
            "grid operators said supplies remained secure",
        ),
        quotes=(
            "The barriers did exactly what they were built to do",
            "We cannot plant our way out of a heatwave, but shade saves lives",
            "Families have had a very hard couple of winters",
        ),
        captions=(
            "Turbines off the coast",
            "Residents clear debris after the flood",
            "People cool off in a public fountain",
        ),
    ),
    "economy": _Topic(
        titles=(
            "House prices in {city} [rise|edge up] for a third month",
            "Factory in {town} [to create|will create] {n} new jobs",
            "Small businesses [welcome|cautiously welcome] cut in interest rates",
            "{city} [approves|signs off] {n} affordable homes on former rail yard",
            "Retail sales [dip|slip] as shoppers cut back",
        ),
        leads=(
            "new figures showed house prices in {city} continuing to climb",
            "a manufacturer announced plans to open a new factory in {town}",
            "business groups reacted to the latest cut in interest rates",
        ),
        clauses=(
            "the average price of a home rose by {pct} compared with a year earlier",
            "the company said recruitment would begin next month",
            "economists expect inflation to ease further later this year",
            "the development will include a park, a school and a health centre",
            "retailers said footfall was lower than in the same period last year",
            "the central bank cut its key rate by a quarter of a percentage point",
            "first-time buyers still struggle to raise a deposit",
            "the site has been empty for many years",
            "local suppliers are expected to benefit from new contracts",
            "the figures were published by the national statistics office",
            "landlords warned that rising costs could push up rents",
        ),
        quotes=(
            "Every job we create here is a job that stays in the town",
            "Customers are still careful with every pound they spend",
            "This site has been an eyesore for too long",
        ),
        captions=(
            "New homes under construction",
            "Workers on the factory floor",
            "Shoppers on the high street",
        ),
    ),
    "education": _Topic(
        titles=(
            "Schools in {region} [to hire|will recruit] {n} extra teachers",
            "Pupils [return|head back] to classrooms after the summer break",
            "University in {city} [launches|opens] free evening courses for adults",
            "Exam results [show|reveal] gains in maths and science",
        ),
        leads=(
            "schools across {region} prepared to welcome pupils back",
            "the university in {city} announced a new programme of free courses",
            "thousands of students received their exam results",
        ),
        clauses=(
            "head teachers said recruitment in maths and languages remained difficult",
            "the courses are open to anyone over the age of {age2}",
            "the number of top grades rose by {pct} compared with last year",
            "several schools have replaced leaking roofs over the holidays",
            "the university hopes to enrol {n} adult learners in the first term",
            "teachers' unions welcomed the extra funding but said it was overdue",
            "parents can apply for free school meals online",
            "the new teachers will be placed in rural schools first",
            "pupils will also be offered free swimming lessons",
            "exam boards said the results reflected a return to normal grading",
        ),
        quotes=(
            "Our pupils worked incredibly hard and it shows",
            "It is never too late to go back to learning",
            "Small rural schools need teachers who want to stay",
        ),
        captions=(
            "Pupils in a science lesson",
            "Students collect their results",
            "A teacher reads with children",
        ),
    ),
    "sport": _Topic(
        titles=(
            "{club} [beat|edge past] rivals to stay top of the league",
            "Marathon in {city} [draws|attracts] record field of {n2} thousand runners",
            "Local swimmer [wins|claims] gold at national championships",
            "{club} [appoint|name] former captain as head coach",
        ),
        leads=(
            "{club} kept their title hopes alive with a hard-fought win",
            "a record field of runners took part in the {city} marathon",
            "a swimmer from {town} won gold at the national championships",
        ),
        clauses=(
            "the home side dominated possession in the first half",
            "the coach praised the players for their discipline",
            "thousands of supporters lined the route despite the rain",
            "the race raised more than {money} for local charities",
            "the club said the new coach would start work immediately",
            "she finished almost two seconds ahead of her nearest rival",
            "young players were given a chance in the closing minutes",
            "the stadium was close to full for the first time this season",
            "the organisers said next year's race would open for entries in {month_name}",
            "the win moves the club {small} points clear at the top of the table",
        ),
        quotes=(
            "The lads gave absolutely everything tonight",
            "I still cannot quite believe it",
            "We have a young squad and a lot to build on",
        ),
        captions=(
            "Players celebrate a goal",
            "Runners cross the finish line",
            "The swimmer on the podium",
        ),
    ),
    "culture": _Topic(
        titles=(
            "Museum in {town} [reopens|reopens its doors] after two-year renovation",
            "Summer festival [returns|is back] to {city} with free concerts",
            "Library in {town} [saved|rescued] by community buy-out",
            "Local choir [wins|takes] top prize at national competition",
        ),
        leads=(
            "the museum in {town} reopened to the public after a long renovation",
            "the summer festival returned to {city} with a programme of free events",
            "a choir from {town} won the top prize at a national competition",
        ),
        clauses=(
            "the renovation cost about {money} and was funded partly by donations",
            "more than {n2} thousand people attended the opening weekend",
            "volunteers will run the library three days a week",
            "the festival programme includes street theatre and a craft market",
            "the choir was founded by a group of friends in a village hall",
            "the museum's new gallery tells the story of the town's fishing fleet",
            "admission will remain free for children under {age2}",
            "local bands will open each evening on the main stage",
            "the building had been closed after a leak damaged the roof",
            "the prize includes a recording session at a professional studio",
        ),
        quotes=(
            "This place belongs to the people of the town",
            "We wanted a festival that everyone can afford",
            "We sang our hearts out and it paid off",
        ),
        captions=(
            "Visitors in the new gallery",
            "Crowds at the opening concert",
            "Choir members after the final",
        ),
    ),
}

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

_VI_BET_BRANDS = ("SaoVangBet", "KimPhat99")
_EN_BET_BRANDS = ("Lucky Lotus Casino", "RedDragonBet")


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


_VI_PRIZES = (
    ("Giải tám", 2, 1),
    ("Giải bảy", 3, 1),
    ("Giải sáu", 4, 3),
    ("Giải năm", 4, 1),
    ("Giải tư", 5, 7),
    ("Giải ba", 5, 2),
    ("Giải nhì", 5, 1),
    ("Giải nhất", 5, 1),
    ("Giải đặc biệt", 6, 1),
)
_LOTTERY_REGIONS = (
    ("XSMB", "miền Bắc", ("Thủ đô",)),
    ("XSMT", "miền Trung", ("Quảng Nam", "Quảng Bình", "Phú Yên", "Bình Định", "Gia Lai")),
    ("XSMN", "miền Nam", ("Bến Tre", "Cần Thơ", "Sóc Trăng", "An Giang", "Tây Ninh", "Đồng Tháp")),
)
_VI_BET_LINES = (
    "Đăng ký tài khoản tại {brand} chỉ mất một phút, lần nạp đầu tiên được tặng thêm {n2}% giá trị.",
    "Kèo nhà cái hôm nay được cập nhật liên tục cho tất cả các giải bóng đá lớn.",
    "Ngoài cá cược thể thao, người chơi còn có thể tham gia casino trực tuyến, tài xỉu và nổ hũ.",
    "Link vào {brand} mới nhất không bị chặn được gửi qua email cho thành viên.",
    "Tỷ lệ kèo cạnh tranh, rút tiền nhanh chỉ trong vài phút.",
    "Chương trình hoàn trả mỗi tuần dành cho tất cả các thành viên của nhà cái.",
    "Đội ngũ hỗ trợ trực tuyến suốt ngày đêm qua nhiều kênh khác nhau.",
    "Tải ứng dụng {brand} về điện thoại để đặt cược mọi lúc mọi nơi.",
    "Soi kèo miễn phí các trận đấu đỉnh cao cuối tuần cùng chuyên gia của {brand}.",
    "Thành viên mới nhận ngay vòng quay may mắn khi đăng ký bằng số điện thoại.",
)
_EN_BET_LINES = (
    "Sign up in under a minute and place your bets on every weekend fixture.",
    "Our betting odds are updated live throughout every match.",
    "Slot games, roulette and live dealer tables at {brand} are open around the clock.",
    "Use the code {code} to claim free spins on your first deposit.",
    "Withdrawals are processed within minutes, with no hidden fees.",
    "Download the {brand} app and bet now from your phone.",
    "Refer a friend and both of you receive a bonus.",
    "Terms and conditions apply. Players must be 18 or over.",
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


_SECTIONS = ("news", "world", "business", "sport", "culture", "health", "local")


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
