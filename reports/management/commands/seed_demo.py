import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from awards.certificates.demo.certificates import seed_certificates
from awards.demo import history as awards_demo
from awards.demo.consultation import seed_consultation
from awards.demo.councils import seed_council, seed_session, session_day
from awards.demo.nominations import seed_nominations
from awards.payouts.demo import seed_payouts
from emulation.demo.exemplars import seed_exemplars
from emulation.demo.groups import seed_groups
from emulation.demo.initiatives import seed_initiatives
from emulation.demo.movements import seed_movements
from emulation.demo.registrations import seed_registrations
from reports.demo.calendar import seed_calendar
from reports.demo.reports import seed_reports
from units.common import versions
from units.demo import organisation as demo


class Command(BaseCommand):
    help = (
        "Load demo data: with --scale province (default) VKSND thành phố Huế under VKSND tối cao, its phòng and "
        "khu vực, the district procuracies closed by the 2025 reform, 300 staff with their unit history and one "
        "demo account per role; with --scale nation the whole sector for benchmarks (about 1,000 units, 20,000 "
        "staff, written in bulk). Then five years of award history (2021–2025) with their decisions for every "
        "procuracy that has none yet. The data are the same on every run; existing units, staff and accounts are "
        "matched on their codes and left alone, so a second run changes nothing. The accounts have a published "
        "password, so the command refuses to run with DEBUG off unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["province", "nation"], default="province")
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (accounts get a published password)."
        )

    def handle(self, *args, scale, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _("DEBUG đang tắt: lệnh này tạo tài khoản với mật khẩu công khai. Dùng --force nếu thật sự muốn.")
            )
        started = time.perf_counter()
        result = demo.seed_demo(scale=scale)
        movements = seed_movements()
        awards = awards_demo.seed_awards(scale=scale)
        groups = seed_groups()
        registrations = seed_registrations()
        initiatives = seed_initiatives(title_holder=awards_demo.cstdcs_holder)
        exemplars = seed_exemplars()
        # The council first: the khu vực's tờ trình go only to a council in office; its session then takes them.
        council = seed_council()
        nominations = seed_nominations()
        seed_session()
        # After the session: its own short session of the day recommends the nomination the consultation takes.
        consultation = seed_consultation()
        payouts = seed_payouts()
        reports = seed_reports()
        calendars = seed_calendar()
        certificates = seed_certificates()
        versions.bump()  # the staff and the awards were written in bulk, which sends no post_save
        elapsed = time.perf_counter() - started

        self.stdout.write(
            _("Đơn vị: %(new)d mới, %(old)d đã có, %(closed)d đóng (giải thể, sáp nhập).")
            % {"new": result.units_created, "old": result.units_existing, "closed": result.units_closed}
        )
        self.stdout.write(
            _("Cán bộ: %(new)d mới, %(old)d đã có; %(moves)d lượt điều chuyển trong quá trình công tác.")
            % {"new": result.persons_created, "old": result.persons_existing, "moves": result.transfers}
        )
        self.stdout.write(
            _(
                "Khen thưởng %(first)d–%(last)d: %(new)d lượt mới, %(decisions)d quyết định mới; "
                "%(skipped)d đơn vị đã có khen thưởng, giữ nguyên."
            )
            % {
                "first": awards.first_year,
                "last": awards.last_year,
                "new": awards.awards_created,
                "decisions": awards.decisions_created,
                "skipped": len(awards.scopes_skipped),
            }
        )
        self.stdout.write(_("Phong trào thi đua: %(new)d mới.") % {"new": movements})
        self.stdout.write(_("Cụm, khối thi đua: %(new)d mới.") % {"new": groups})
        self.stdout.write(_("Đăng ký thi đua: %(new)d lượt mới.") % {"new": registrations})
        self.stdout.write(_("Sáng kiến: %(new)d mới.") % {"new": initiatives})
        self.stdout.write(_("Điển hình tiên tiến: %(new)d mới.") % {"new": exemplars})
        self.stdout.write(_("Đề nghị khen thưởng năm 2026: %(new)d mới.") % {"new": nominations})
        self.stdout.write(_("Danh sách chi tiền thưởng của VKSND thành phố Huế: %(new)d người.") % {"new": payouts})
        if council:
            self.stdout.write(
                _(
                    "Hội đồng TĐKT: %(members)d thành viên; phiên họp ngày %(day)s đã có chương trình. Thành viên "
                    "chưa có tài khoản demo được tạo tài khoản hoidong1, hoidong2, … (cùng mật khẩu)."
                )
                % {"members": council, "day": session_day().strftime("%d/%m/%Y")}
            )
        if consultation:
            self.stdout.write(
                _("Lấy ý kiến nhân dân: một đợt của Hội đồng TĐKT VKSND thành phố Huế đang nhận ý kiến (HCLĐ hạng Ba).")
            )
        if reports:
            self.stdout.write(
                _(
                    "Báo cáo của VKSND thành phố Huế: tổng kết 5 năm 2021–2025 (dự thảo), "
                    "tổng kết năm 2025 (đã ban hành); sơ kết 6 tháng đầu năm 2025 của Cụm thi đua số 1 (dự thảo)."
                )
            )
        if calendars:
            self.stdout.write(_("Lịch thi đua, khen thưởng năm 2026 của VKSND thành phố Huế (từ lịch mẫu)."))
        if certificates:
            self.stdout.write(
                _(
                    "In phôi: mẫu Giấy khen VKSND thành phố Huế và Bằng khen VKSTC; %(count)d giấy đã vào sổ cấp phát "
                    "của VKSND thành phố Huế năm 2024 (một giấy cấp lại)."
                )
                % {"count": certificates}
            )
        self._accounts_table(result.accounts)
        self.stdout.write(_("Xong trong %(seconds).1f giây.") % {"seconds": elapsed})

    def _accounts_table(self, accounts) -> None:
        header = (_("Tài khoản"), _("Mật khẩu"), _("Vai trò"), _("Phạm vi"), _("Họ và tên"))
        rows = [(a.username, a.password, a.role, a.scope, a.full_name) for a in accounts]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        line = "  ".join("-" * width for width in widths)
        self.stdout.write("")
        self.stdout.write(_("Tài khoản demo:"))
        for row in [header, None, *rows]:
            cells = line if row is None else "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))
            self.stdout.write(cells.rstrip())
