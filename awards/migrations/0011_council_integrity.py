"""Council integrity (issue 14): sealed ballots, the voters fixed at a poll's opening, council seats with their
periods, re-poll and early-close reasons, the session's end, and the rule set's conflict and review rules.

Existing ballots: those of open polls are sealed with the key in force; those of closed polls are deleted (their
results are stored), and the count of who took part is kept on the poll. The voters of open polls are fixed as
the attendance stands now."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from awards.councils.ballot_box import seal


def forwards(apps, schema_editor):
    Poll = apps.get_model("awards", "Poll")
    Ballot = apps.get_model("awards", "Ballot")
    Participation = apps.get_model("awards", "Participation")
    PollVoter = apps.get_model("awards", "PollVoter")
    SessionAttendance = apps.get_model("awards", "SessionAttendance")
    for poll in Poll.objects.all():
        poll.ballots_cast = Participation.objects.filter(poll=poll).count()
        poll.save(update_fields=["ballots_cast"])
        if poll.state == "open":
            for ballot in Ballot.objects.filter(poll=poll):
                ballot.sealed = seal(ballot.choice, poll_id=poll.pk, nomination_id=ballot.nomination_id)
                ballot.save(update_fields=["sealed"])
            rows = SessionAttendance.objects.filter(
                session_id=poll.session_id, member__votes=True, status__in=["present", "written"]
            )
            PollVoter.objects.bulk_create(
                PollVoter(poll=poll, member_id=row.member_id, status=row.status) for row in rows
            )
        elif poll.state in ("closed", "published"):
            Ballot.objects.filter(poll=poll).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0010_council_history"),
        ("units", "0004_import_kinds_person_years_nominations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PollVoter",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("present", "Có mặt"),
                            ("absent", "Vắng mặt"),
                            ("written", "Vắng mặt, có ý kiến bằng văn bản"),
                        ],
                        max_length=10,
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="ballot",
            name="sealed",
            field=models.BinaryField(default=b""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="councilmember",
            name="joined_on",
            field=models.DateField(blank=True, null=True, verbose_name="tham gia từ ngày"),
        ),
        migrations.AddField(
            model_name="councilmember",
            name="left_on",
            field=models.DateField(blank=True, null=True, verbose_name="thôi tham gia từ ngày"),
        ),
        migrations.AddField(
            model_name="councilmember",
            name="note",
            field=models.CharField(
                blank=True,
                help_text="Ví dụ: Quyết định số 30/QĐ-VKS ngày 01/6/2026",
                max_length=255,
                verbose_name="căn cứ, ghi chú",
            ),
        ),
        migrations.AddField(
            model_name="councilmember",
            name="replaces",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="replaced_by",
                to="awards.councilmember",
                verbose_name="thay thế cho",
            ),
        ),
        migrations.AddField(
            model_name="historicalcouncilmember",
            name="joined_on",
            field=models.DateField(blank=True, null=True, verbose_name="tham gia từ ngày"),
        ),
        migrations.AddField(
            model_name="historicalcouncilmember",
            name="left_on",
            field=models.DateField(blank=True, null=True, verbose_name="thôi tham gia từ ngày"),
        ),
        migrations.AddField(
            model_name="historicalcouncilmember",
            name="note",
            field=models.CharField(
                blank=True,
                help_text="Ví dụ: Quyết định số 30/QĐ-VKS ngày 01/6/2026",
                max_length=255,
                verbose_name="căn cứ, ghi chú",
            ),
        ),
        migrations.AddField(
            model_name="historicalcouncilmember",
            name="replaces",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="awards.councilmember",
                verbose_name="thay thế cho",
            ),
        ),
        migrations.AddField(
            model_name="historicalpoll",
            name="ballots_cast",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="số người đã bỏ phiếu"),
        ),
        migrations.AddField(
            model_name="historicalpoll",
            name="close_reason",
            field=models.TextField(blank=True, verbose_name="lý do kết thúc sớm"),
        ),
        migrations.AddField(
            model_name="historicalpoll",
            name="reason",
            field=models.TextField(
                blank=True,
                help_text="Bắt buộc khi đề nghị đã được đưa ra bỏ phiếu trước đó.",
                verbose_name="lý do bỏ phiếu lại",
            ),
        ),
        migrations.AddField(
            model_name="historicalruleset",
            name="collective_conflict",
            field=models.CharField(
                choices=[
                    ("head", "Người đứng đầu tập thể được đề nghị"),
                    (
                        "members",
                        "Mọi thành viên Hội đồng thuộc tập thể được đề nghị (trừ tập thể là đơn vị có Hội đồng)",
                    ),
                ],
                default="head",
                help_text="Cá nhân được đề nghị luôn không biểu quyết cho chính mình; không bao giờ cả Hội đồng không biểu quyết cho tập thể là đơn vị của mình.",
                max_length=10,
                verbose_name="xung đột lợi ích khi xét tập thể",
            ),
        ),
        migrations.AddField(
            model_name="historicalruleset",
            name="review_levels",
            field=models.CharField(
                default="supreme,high,provincial",
                help_text="Cấp đơn vị (supreme, high, provincial, regional…) mà Hội đồng TĐKT được nhận tờ trình của đơn vị trực thuộc; cách nhau bởi dấu phẩy.",
                max_length=120,
                verbose_name="cấp có Hội đồng TĐKT xét đề nghị",
            ),
        ),
        migrations.AddField(
            model_name="historicalsession",
            name="closed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="kết thúc lúc"),
        ),
        migrations.AddField(
            model_name="poll",
            name="ballots_cast",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="số người đã bỏ phiếu"),
        ),
        migrations.AddField(
            model_name="poll",
            name="close_reason",
            field=models.TextField(blank=True, verbose_name="lý do kết thúc sớm"),
        ),
        migrations.AddField(
            model_name="poll",
            name="reason",
            field=models.TextField(
                blank=True,
                help_text="Bắt buộc khi đề nghị đã được đưa ra bỏ phiếu trước đó.",
                verbose_name="lý do bỏ phiếu lại",
            ),
        ),
        migrations.AddField(
            model_name="ruleset",
            name="collective_conflict",
            field=models.CharField(
                choices=[
                    ("head", "Người đứng đầu tập thể được đề nghị"),
                    (
                        "members",
                        "Mọi thành viên Hội đồng thuộc tập thể được đề nghị (trừ tập thể là đơn vị có Hội đồng)",
                    ),
                ],
                default="head",
                help_text="Cá nhân được đề nghị luôn không biểu quyết cho chính mình; không bao giờ cả Hội đồng không biểu quyết cho tập thể là đơn vị của mình.",
                max_length=10,
                verbose_name="xung đột lợi ích khi xét tập thể",
            ),
        ),
        migrations.AddField(
            model_name="ruleset",
            name="review_levels",
            field=models.CharField(
                default="supreme,high,provincial",
                help_text="Cấp đơn vị (supreme, high, provincial, regional…) mà Hội đồng TĐKT được nhận tờ trình của đơn vị trực thuộc; cách nhau bởi dấu phẩy.",
                max_length=120,
                verbose_name="cấp có Hội đồng TĐKT xét đề nghị",
            ),
        ),
        migrations.AddField(
            model_name="session",
            name="closed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="kết thúc lúc"),
        ),
        migrations.AddConstraint(
            model_name="councilmember",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("left_on__isnull", True),
                    ("joined_on__isnull", True),
                    ("left_on__gte", models.F("joined_on")),
                    _connector="OR",
                ),
                name="awards_councilmember_period",
            ),
        ),
        migrations.AddField(
            model_name="pollvoter",
            name="member",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="awards.councilmember"
            ),
        ),
        migrations.AddField(
            model_name="pollvoter",
            name="poll",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="voter_rows", to="awards.poll"
            ),
        ),
        migrations.AddField(
            model_name="poll",
            name="voters",
            field=models.ManyToManyField(related_name="+", through="awards.PollVoter", to="awards.councilmember"),
        ),
        migrations.AddConstraint(
            model_name="pollvoter",
            constraint=models.UniqueConstraint(fields=("poll", "member"), name="awards_pollvoter_once"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
