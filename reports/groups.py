"""The summary report of an emulation cluster or bloc (Cụm, Khối thi đua): the 6-month review (sơ kết) or the annual
review (tổng kết) of its year, issued and signed by its head unit (seed 001: the 6-month review of Khối thi đua 4).

The same two steps as a unit's report (`reports.documents`), so that an issued report prints again as it was:
- `compute_figures` reads the group's records into plain JSON-able data: the member units in tree order with their
  role and whether they were rated, the score sheets' totals and ranks (per score table), the flag vote with the
  rule set's threshold (`awards.catalogue.thresholds.flag_vote_rule`) and the unit(s) it proposes, the pledge's
  targets against their results, and the members' awards of the period;
- `report_context` puts them together with the writer's parts for `templates/pdf/group_report.html`.
`draft_narrative` and `default_signature` pre-fill a new draft.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.catalogue import calendar as cal
from awards.catalogue.enums import RecipientKind
from awards.catalogue.services import ruleset_for_year
from awards.catalogue.thresholds import flag_vote_rule
from awards.register.models import Award
from emulation.enums import CriterionKind, GroupKind, MemberRole
from emulation.models import EmulationGroup, FlagVote, GroupMembership, PledgeTarget, ScoreSheet
from reports.models import Lineage, Report, ReportKind
from units import lineage as unit_lineage
from units.common import formatting, versions
from units.letterhead import head_name, header_context
from units.models import Unit

TEMPLATE = "pdf/group_report.html"
KINDS = (ReportKind.SIX_MONTH, ReportKind.ANNUAL)
WRITER_PLACEHOLDER = "(Nội dung do đơn vị Cụm trưởng, Khối trưởng soạn thảo)"

# The headings of the narrative fields in a cluster's report (its edit page shows them instead of a unit's).
NARRATIVE_LABELS = {
    "leadership": _("Công tác tổ chức, chỉ đạo hoạt động của Cụm, Khối (mở đầu)"),
    "leadership_after": _("Công tác tổ chức, chỉ đạo (sau phần giao ước thi đua)"),
    "regular": _("Kết quả thực hiện Giao ước thi đua, các phong trào thi đua thường xuyên"),
    "thematic": _("Kết quả các phong trào thi đua theo đợt, chuyên đề"),
    "local": _("Hoạt động khác của Cụm, Khối (kiểm tra chéo, trao đổi kinh nghiệm…)"),
    "awards_note": _("Nhận xét về công tác khen thưởng"),
    "assessment": _("Nhận xét, đánh giá và bài học kinh nghiệm"),
    "direction": _("Phương hướng, nhiệm vụ"),
}


def period_arguments(report: Report) -> dict:
    """The period (and the lineage) of a cluster's report as `compute_figures` takes it."""
    window = (report.window_start, report.window_end) if report.kind == ReportKind.SIX_MONTH else None
    return {"kind": report.kind, "window": window, "lineage": report.lineage}


def words(group: EmulationGroup) -> dict:
    """ "Cụm" or "Khối", and its head's and deputy's titles ("Cụm trưởng", "Khối phó")."""
    word = "Khối" if group.kind == GroupKind.BLOC else "Cụm"
    return {"word": word, "head_title": f"{word} trưởng", "deputy_title": f"{word} phó"}


def head_membership(group: EmulationGroup) -> GroupMembership | None:
    """The head unit's membership (with its unit and parent), None while the group has none. One query."""
    return group.memberships.filter(role=MemberRole.HEAD).select_related("unit__parent").first()


def _period(*, kind: str, year: int, name: str, window: tuple[datetime.date, datetime.date] | None) -> dict:
    if kind == ReportKind.ANNUAL:
        return {
            "subject": (
                f"Tổng kết công tác thi đua, khen thưởng năm {year} của {name} và phương hướng, nhiệm vụ năm {year + 1}"
            ),
            "period_phrase": f"năm {year}",
            "part3_title": f"Phương hướng, nhiệm vụ năm {year + 1}",
            "window": cal.work_year_window(year),
            "decided_between": None,
        }
    window = window or cal.six_month_window(year)
    return {
        "subject": (
            f"Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm {year} của {name} "
            f"và nhiệm vụ trọng tâm 6 tháng cuối năm {year}"
        ),
        "period_phrase": (
            f"6 tháng đầu năm {year} (từ ngày {formatting.short_date(window[0])} "
            f"đến ngày {formatting.short_date(window[1])})"
        ),
        "part3_title": f"Nhiệm vụ trọng tâm 6 tháng cuối năm {year}",
        "window": window,
        "decided_between": window,
    }


def compute_figures(
    *,
    group: EmulationGroup,
    kind: str,
    window: tuple[datetime.date, datetime.date] | None = None,
    lineage: str = Lineage.WITH_PREDECESSORS,
) -> dict:
    """Every computed part of the cluster's report as plain data (stored when the report is issued).

    `kind` is six_month (awards counted by decision date inside `window`, by default the sector's 6-month window
    of the group's year) or annual (by achievement year, the group's year). `lineage` says whether a member's
    awards include its predecessors'. Raises ValueError for a 5-year kind: a cluster exists for one year.

    Cached until the records change (`units.common.versions.cached`; `reports.receivers` bumps the version on a
    change of the group, its members, pledges, sheets and votes too). Computed afresh: a fixed number of queries
    (ten) whatever the number of members, sheets, votes and awards.
    """
    if kind not in KINDS:
        raise ValueError(f"Báo cáo của Cụm, Khối chỉ có sơ kết 6 tháng hoặc tổng kết năm, không có {kind!r}.")
    if lineage not in Lineage.values:
        raise ValueError(f"Phạm vi đơn vị không hợp lệ: {lineage!r}.")
    return versions.cached(
        "reports.group_figures",
        (str(kind), group.pk, window, str(lineage)),
        lambda: _compute_figures(group=group, kind=kind, window=window, lineage=lineage),
    )


def _compute_figures(
    *, group: EmulationGroup, kind: str, window: tuple[datetime.date, datetime.date] | None, lineage: str
) -> dict:
    group = EmulationGroup.objects.select_related("organiser").get(pk=group.pk)  # 1
    names = words(group)
    period = _period(kind=kind, year=group.year, name=group.name, window=window)
    memberships = list(  # 2
        group.memberships.select_related("unit").order_by("unit__sort_key", "unit_id")
    )
    units = [membership.unit for membership in memberships]
    # 3: the links of the tree, read once for every member
    reaches = (
        unit_lineage.reaches(units)
        if lineage == Lineage.WITH_PREDECESSORS
        else {unit.pk: unit_lineage.own_reach(unit) for unit in units}
    )
    awards = _member_awards(units, reaches, period)  # 4
    types = _award_types(units, reaches, period)  # 5
    scores = _scores(group, memberships, names)  # 6
    votes, rule = _votes(group)  # 7, 8 (the rule set of the group's year)
    pledges = _pledges(group)  # 9, 10

    rank_of = {row["code"]: row for table in scores for row in table["rows"]}
    members = []
    for membership in memberships:
        unit = membership.unit
        score = rank_of.get(unit.code)
        members.append(
            {
                "code": unit.code,
                "name": unit.name,
                "role": membership.role,
                "role_label": _role_label(membership.role, names),
                "is_rated": membership.is_rated,
                "not_rated_reason": membership.not_rated_reason,
                "self_total": score["self_total"] if score else "",
                "agreed_total": score["agreed_total"] if score else "",
                "rank": score["rank"] if score else None,
                **awards.get(unit.pk, _zero()),
            }
        )
    head = next((m for m in members if m["role"] == MemberRole.HEAD), None)
    deputy = next((m for m in members if m["role"] == MemberRole.DEPUTY), None)
    proposed = [vote for vote in votes if vote["proposed"]]
    leading = sorted({row["name"] for table in scores for row in table["rows"] if row["rank"] == 1})
    return {
        "kind": str(kind),
        "group": {
            "pk": group.pk,
            "name": group.name,
            "year": group.year,
            "kind": group.kind,
            "kind_label": str(GroupKind(group.kind).label),
            "level": group.level,
            "organiser": group.organiser.name,
            **names,
        },
        "head": {"code": head["code"], "name": head["name"]} if head else None,
        "deputy": {"code": deputy["code"], "name": deputy["name"]} if deputy else None,
        "lineage": {"value": str(lineage)},
        "subject": period["subject"],
        "period_phrase": period["period_phrase"],
        "part3_title": period["part3_title"],
        "window": [day.isoformat() for day in period["window"]],
        "members": members,
        "member_count": len(members),
        "rated_count": sum(1 for member in members if member["is_rated"]),
        "not_rated": [
            {"name": member["name"], "reason": member["not_rated_reason"]}
            for member in members
            if not member["is_rated"]
        ],
        "scores": scores,
        "leading_by_score": leading,
        "flag_votes": votes,
        "flag_rule": rule,
        "proposed": proposed,
        "pledges": pledges,
        "award_types": types,
        "award_totals": {
            key: sum(member[key] for member in members) for key in ("collectives", "individuals", "total")
        },
        "computed_at": timezone.localtime().isoformat(timespec="seconds"),
    }


def _zero() -> dict:
    return {"collectives": 0, "individuals": 0, "total": 0}


def _role_label(role: str, names: dict) -> str:
    if role == MemberRole.HEAD:
        return names["head_title"]
    if role == MemberRole.DEPUTY:
        return names["deputy_title"]
    return "Thành viên"


def _awards(period: dict):
    """The counted awards of the period: by decision date in the 6-month window, by achievement year otherwise."""
    qs = Award.objects.counting()
    if period["decided_between"] is not None:
        return qs.filter(decision__date__range=period["decided_between"])
    year = period["window"][1].year
    return qs.filter(year=year)


def _in_reach(units: list[Unit], reaches: dict) -> Q:
    q = Q(pk__in=[])
    for unit in units:
        q |= reaches[unit.pk].q("unit_at_time__path")
    return q


def _member_awards(units: list[Unit], reaches: dict, period: dict) -> dict[int, dict]:
    """{unit id: collectives, individuals, total} of each member's subtree (with its predecessors' where the report
    counts them) in the period. One aggregate query, two columns per member."""
    if not units:
        return {}
    collective = Q(recipient_kind=RecipientKind.COLLECTIVE)
    aggregates = {}
    for unit in units:
        mine = reaches[unit.pk].q("unit_at_time__path")
        aggregates[f"c{unit.pk}"] = Count("id", filter=mine & collective)
        aggregates[f"i{unit.pk}"] = Count("id", filter=mine & ~collective)
    counted = _awards(period).filter(_in_reach(units, reaches)).aggregate(**aggregates)
    result = {}
    for unit in units:
        collectives, individuals = counted[f"c{unit.pk}"], counted[f"i{unit.pk}"]
        result[unit.pk] = {"collectives": collectives, "individuals": individuals, "total": collectives + individuals}
    return result


def _award_types(units: list[Unit], reaches: dict, period: dict) -> list[dict]:
    """The members' awards of the period by title or form, in the catalogue's order. One query; an award of a
    unit inside two members' reaches (a predecessor listed by both) counts once here."""
    if not units:
        return []
    collective = Q(recipient_kind=RecipientKind.COLLECTIVE)
    rows = (
        _awards(period)
        .filter(_in_reach(units, reaches))
        .values("award_type__name", "award_type__report_order", "award_type__code")
        .annotate(collectives=Count("id", filter=collective), individuals=Count("id", filter=~collective))
        .order_by("award_type__report_order", "award_type__code")
    )
    return [
        {
            "name": row["award_type__name"],
            "collectives": row["collectives"],
            "individuals": row["individuals"],
            "total": row["collectives"] + row["individuals"],
        }
        for row in rows
    ]


def _signed(field: str, kind: str):
    return Coalesce(Sum(field, filter=Q(entries__criterion__kind=kind)), Decimal(0))


def _scores(group: EmulationGroup, memberships: list[GroupMembership], names: dict) -> list[dict]:
    """One table per score table the group's sheets use (normally one): each sheet's self-assessed and agreed
    totals (criteria + bonus − penalty) and its rank by the agreed total, ties sharing a rank; a member not rated
    this year keeps its totals, gets no rank and comes last (as `emulation.selectors.sheet_totals`). One query."""
    sheets = (
        ScoreSheet.objects.filter(group=group)
        .select_related("unit", "template")
        .annotate(
            self_criteria=_signed("entries__self_score", CriterionKind.CRITERION),
            self_bonus=_signed("entries__self_score", CriterionKind.BONUS),
            self_penalty=_signed("entries__self_score", CriterionKind.PENALTY),
            agreed_criteria=_signed("entries__agreed_score", CriterionKind.CRITERION),
            agreed_bonus=_signed("entries__agreed_score", CriterionKind.BONUS),
            agreed_penalty=_signed("entries__agreed_score", CriterionKind.PENALTY),
        )
    )
    rated = {membership.unit_id: membership.is_rated for membership in memberships}
    roles = {membership.unit_id: _role_label(membership.role, names) for membership in memberships}
    by_template: dict[int, dict] = {}
    for sheet in sheets:
        template = sheet.template
        table = by_template.setdefault(
            template.pk,
            {
                "template": {
                    "name": template.name,
                    "year": template.year,
                    "version": template.version,
                    "basis": template.basis,
                },
                "rows": [],
            },
        )
        table["rows"].append(
            {
                "code": sheet.unit.code,
                "name": sheet.unit.name,
                "sort_key": sheet.unit.sort_key,
                "role_label": roles.get(sheet.unit_id, ""),
                "is_rated": rated.get(sheet.unit_id, True),
                "self": sheet.self_criteria + sheet.self_bonus - sheet.self_penalty,
                "agreed": sheet.agreed_criteria + sheet.agreed_bonus - sheet.agreed_penalty,
            }
        )
    tables = sorted(by_template.values(), key=lambda t: (t["template"]["name"], t["template"]["version"]))
    for table in tables:
        rows = table["rows"]
        rows.sort(key=lambda row: (not row["is_rated"], -row["agreed"], row["sort_key"]))
        rank, previous = 0, None
        for index, row in enumerate(rows, start=1):
            if row["is_rated"] and row["agreed"] != previous:
                rank, previous = index, row["agreed"]
            row["rank"] = rank if row["is_rated"] else None
            row["self_total"] = formatting.number(row.pop("self"))
            row["agreed_total"] = formatting.number(row.pop("agreed"))
            del row["sort_key"]
    return tables


def _votes(group: EmulationGroup) -> tuple[list[dict], dict | None]:
    """The flag votes, most agreed first, each judged by the threshold of the rule set of the group's year, and
    that rule (None when the group held no vote). Two queries (the votes; the rule set when there are any)."""
    votes = list(
        FlagVote.objects.filter(group=group)
        .select_related("candidate", "award_type")
        .order_by("-agree", "candidate__sort_key", "id")
    )
    if not votes:
        return [], None
    ruleset = ruleset_for_year(group.year)
    rows, rule_row = [], None
    for vote in votes:
        rule = flag_vote_rule(ruleset, vote.award_type.code)
        # A flag the rule set no longer puts to the vote keeps the threshold it was recorded with.
        percent = rule.percent if rule else vote.threshold_percent
        proposed = rule.passes(vote.agree, vote.total) if rule else vote.proposed
        rows.append(
            {
                "candidate": vote.candidate.name,
                "candidate_code": vote.candidate.code,
                "award": vote.award_type.name,
                "agree": vote.agree,
                "total": vote.total,
                "share": formatting.percent(vote.agree, vote.total),
                "threshold_percent": percent,
                "proposed": proposed,
                "voted_on": formatting.short_date(vote.voted_on),
            }
        )
        rule_row = rule_row or {"percent": percent, "award": vote.award_type.name}
    return rows, rule_row


def _pledges(group: EmulationGroup) -> list[dict]:
    """The group's pledges (giao ước thi đua) with their targets in order and the result written against each.
    Two queries."""
    targets = PledgeTarget.objects.order_by("order", "id")
    pledges = group.pledges.order_by("signed_on", "id").prefetch_related(Prefetch("targets", queryset=targets))
    return [
        {
            "signed_on": formatting.short_date(pledge.signed_on),
            "place": pledge.place,
            "theme": pledge.theme,
            "targets": [
                {"indicator": target.indicator, "target_value": target.target_value, "result": target.result}
                for target in pledge.targets.all()
            ],
        }
        for pledge in pledges
    ]


# -- the new draft -------------------------------------------------------------------------------------------


def draft_narrative(*, group: EmulationGroup, figures: dict) -> dict[str, str]:
    """{narrative field: text} of a new cluster report: the seed's sentences, with prompts ("[…]") for what only
    the members know (a report with a prompt left cannot be issued). No query."""
    name = figures["group"]["name"]
    word = figures["group"]["word"]
    period = figures["period_phrase"]
    year = figures["group"]["year"]
    six_month = figures["kind"] == ReportKind.SIX_MONTH
    pledge = figures["pledges"][0] if figures["pledges"] else None
    leadership = [
        f"Ngay từ đầu năm, {name} đã xây dựng Kế hoạch và Chương trình thi đua, khen thưởng năm {year}"
        + (", tổ chức Hội nghị phát động và ký kết Giao ước thi đua" if pledge else "")
        + "; triển khai kịp thời các nội dung thi đua đến từng đơn vị, cá nhân. Các đơn vị trong "
        + f"{word} luôn giữ mối liên hệ chặt chẽ, phối hợp với nhau trong thực hiện nhiệm vụ.",
        f"[bổ sung các hoạt động chỉ đạo, kiểm tra, hướng dẫn của đơn vị {figures['group']['head_title']} trong kỳ]",
    ]
    regular = [
        f"Trong {period}, các đơn vị trong {word} đã bám sát các chỉ tiêu của Giao ước thi đua, thực hiện tốt "
        "nhiệm vụ chính trị được giao trên các lĩnh vực công tác.",
        "[bổ sung kết quả nổi bật của từng đơn vị so với chỉ tiêu giao ước]",
    ]
    assessment = [
        "1. Ưu điểm",
        f"Phong trào thi đua trong {word} đã phát huy hiệu quả trên các mặt công tác của các đơn vị, thực sự là "
        "động lực thúc đẩy công chức, viên chức, người lao động nỗ lực vươn lên, hoàn thành tốt nhiệm vụ được giao.",
        "2. Hạn chế, nguyên nhân",
        "[bổ sung hạn chế và nguyên nhân]",
        "3. Bài học kinh nghiệm",
        "[bổ sung bài học kinh nghiệm]",
    ]
    direction = [
        f"Các đơn vị trong {word} tiếp tục nỗ lực, bám sát tình hình thực tế, có các giải pháp đồng bộ, linh hoạt, "
        "kịp thời để thực hiện tốt nhiệm vụ chuyên môn; kịp thời phát hiện, khen thưởng những tập thể, cá nhân "
        "tiêu biểu, xuất sắc trong phong trào thi đua.",
        (
            "[bổ sung nhiệm vụ trọng tâm 6 tháng cuối năm]"
            if six_month
            else f"[bổ sung phương hướng, nhiệm vụ năm {year + 1}]"
        ),
    ]
    return {
        "leadership": "\n".join(leadership),
        "regular": "\n".join(regular),
        "thematic": "[bổ sung kết quả các phong trào thi đua theo đợt, chuyên đề]",
        "assessment": "\n".join(assessment),
        "direction": "\n".join(direction),
    }


def default_signature(group: EmulationGroup, head: Unit) -> dict:
    """The head unit's head signs on behalf of the group ("TM. CỤM THI ĐUA SỐ 1" / "CỤM TRƯỞNG"); the report goes
    to the organiser and the members."""
    names = words(group)
    return {
        "recipients": [
            f"{group.organiser.name} (để báo cáo)",
            f"Các đơn vị thành viên {group.name}",
            "Lưu: VT",
        ],
        "sign_authority": f"TM. {group.name}".upper(),
        "sign_position": names["head_title"].upper(),
        "signer_name": head_name(head),
    }


def report_context(
    figures: dict,
    *,
    unit: Unit,
    narrative: dict | None = None,
    number: str = "",
    day: datetime.date | None = None,
    signature: dict | None = None,
) -> dict:
    """What `templates/pdf/group_report.html` shows: the figures, the writer's parts (a placeholder where one is
    empty), the head unit's letterhead and the signature (`signature`'s empty keys take the signer of the head
    unit, `unit`)."""
    defaults = {
        "recipients": [f"Các đơn vị thành viên {figures['group']['name']}", "Lưu: VT"],
        "sign_authority": f"TM. {figures['group']['name']}".upper(),
        "sign_position": figures["group"]["head_title"].upper(),
        "signer_name": head_name(unit),
    }
    signature = {**defaults, **{key: value for key, value in (signature or {}).items() if value}}
    members = figures["members"]
    totals = figures["award_totals"]
    proposed_names = [vote["candidate"] for vote in figures["proposed"]]
    return {
        **header_context(unit, doc_number=number or "…/BC-…", day=day),
        **figures,
        **signature,
        "narrative": {field: text for field, text in (narrative or {}).items() if text and text.strip()},
        "placeholder": WRITER_PLACEHOLDER,
        "group_name": figures["group"]["name"],
        "word": figures["group"]["word"],
        "member_names": ", ".join(member["name"] for member in members),
        "member_count_text": formatting.count2(len(members)),
        "scored": bool(figures["scores"]),
        "proposed_names": ", ".join(proposed_names),
        "awards_text": (
            f"{formatting.count2(totals['collectives'])} lượt tập thể, "
            f"{formatting.count2(totals['individuals'])} lượt cá nhân"
        ),
    }
