"""Every list and export page narrows to the user's scope.

The URLconf is walked: each pattern is a list or export page (`LIST_PAGES`: no argument, or only a non-object one
such as a format, answered to GET), a page of one object (`OBJECT_PAGES`: it takes an object's id) or excluded with
a reason (`EXCLUDED`). A pattern added later and classified nowhere fails `test_every_url_pattern_is_classified`.

The data: in each of three places — the regional procuracies KV1 and KV2 of province VKS-T, and the other
province VKS-X — one record of every kind a list shows, each carrying the marker "MARKER-<place>-<KIND>" in the
text its lists print (a name, a title, a number). A page leaks when it shows the marker of a place outside the
viewer's scope; it proves something only when it also shows the markers of the places inside (`shows`).
"""

import dataclasses
import datetime
import functools
import io

import openpyxl
import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from awards.catalogue.enums import RecipientKind
from awards.councils.enums import CouncilRole, PollState
from awards.councils.models import Council, CouncilMember, Poll, Session
from awards.nominations.models import Batch, Nomination
from awards.payouts.models import RewardFund
from awards.register.enums import IncidentKind
from awards.register.models import UnitIncident
from emulation.enums import MemberRole
from emulation.models import (
    EmulationGroup,
    Exemplar,
    GroupMembership,
    Initiative,
    InitiativeAuthor,
    Movement,
    Pledge,
    Registration,
)
from reports.models import Report, ReportKind
from tests.factories.awards import AwardFactory, DecisionFactory, award_type
from tests.factories.units import PersonFactory, UnitFactory, UserFactory, user_with_role
from units.enums import ImportState, Role, UnitLevel
from units.models import ImportJob

pytestmark = pytest.mark.integration

# -- places, kinds, viewers ------------------------------------------------------------------------------------

KV1, KV2, X = "KV1", "KV2", "X"
PLACES = (KV1, KV2, X)

UNIT, PERSON, AWARD, DECISION, MOVEMENT = "UNIT", "PERSON", "AWARD", "DECISION", "MOVEMENT"
GROUP, PLEDGE, REGISTRATION, INITIATIVE = "GROUP", "PLEDGE", "REGISTRATION", "INITIATIVE"
NOMINATION, BATCH, COUNCIL, SESSION, POLL = "NOMINATION", "BATCH", "COUNCIL", "SESSION", "POLL"
REPORT, IMPORT, INCIDENT, EXEMPLAR = "REPORT", "IMPORT", "INCIDENT", "EXEMPLAR"
KINDS = (
    UNIT, PERSON, AWARD, DECISION, MOVEMENT, GROUP, PLEDGE, REGISTRATION, INITIATIVE,
    NOMINATION, BATCH, COUNCIL, SESSION, POLL, REPORT, IMPORT, INCIDENT, EXEMPLAR,
)  # fmt: skip

REGIONAL, PROVINCE, NOBODY = "regional clerk", "province clerk", "user without role"
# The places each viewer's role covers: the regional clerk holds KV1, the province clerk VKS-T (KV1 and KV2).
SCOPE = {REGIONAL: {KV1}, PROVINCE: {KV1, KV2}, NOBODY: set()}
# Kinds seen by their owner rather than by scope: an import job by whoever uploaded it (the regional clerk
# uploaded KV1's), a poll on the ballot page by the council's seats (the regional clerk sits on KV1's council).
OWNED = {
    IMPORT: {REGIONAL: {KV1}, PROVINCE: set(), NOBODY: set()},
    POLL: {REGIONAL: {KV1}, PROVINCE: set(), NOBODY: set()},
}


def marker(place: str, kind: str) -> str:
    return f"MARKER-{place}-{kind}"


def visible(viewer: str, kind: str) -> set[str]:
    """The places whose `kind` records the viewer may see."""
    return OWNED[kind][viewer] if kind in OWNED else SCOPE[viewer]


# -- classification of the URL patterns --------------------------------------------------------------------------

OWN, OUTSIDE, YEAR, LDTT = "{own}", "{outside}", "{year}", "{ldtt}"  # filled in per viewer by `fill`


@dataclasses.dataclass(frozen=True)
class Visit:
    """One GET of a page: its query string, and the marker kinds it must list for the places in scope."""

    query: dict = dataclasses.field(default_factory=dict)
    shows: tuple[str, ...] = ()


def page(*shows: str, also: tuple[Visit, ...] = (), kwargs: dict | None = None) -> dict:
    """A list page: the bare GET must list `shows`; `also` are further GETs (filters, a unit picked, probes with
    a unit outside the scope); `kwargs` the page's non-object URL arguments."""
    return {"visits": (Visit(shows=shows), *also), "kwargs": kwargs or {}}


# A unit outside the scope typed into the query string: the page must not open it.
PROBE_OUTSIDE = Visit({"unit": OUTSIDE})
UNIT_YEAR = {"unit": OWN, "year": YEAR}
UNIT_YEAR_LDTT = {"unit": OWN, "year": YEAR, "award_type": LDTT}
OUTSIDE_YEAR_LDTT = {"unit": OUTSIDE, "year": YEAR, "award_type": LDTT}

LIST_PAGES = {
    "home": page(MOVEMENT),
    "units:unit-list": page(UNIT, also=(Visit({"closed": "1"}, (UNIT,)),)),
    "units:unit-tree": page(UNIT, also=(Visit({"closed": "1"}, (UNIT,)),)),
    # The forms pick their units through units:unit-lookup (walked above and below), their page names none but
    # the one chosen: what they show of the scope is that an outside unit given in the link is not.
    "units:unit-create": page(also=(Visit({"parent": OUTSIDE}),)),
    "units:unit-export": page(UNIT, also=(Visit({"format": "csv"}, (UNIT,)),)),
    "units:person-list": page(PERSON, also=(PROBE_OUTSIDE, Visit({"q": "MARKER"}, (PERSON,)))),
    "units:person-create": page(also=(Visit({"unit": OUTSIDE}),)),
    "units:person-export": page(PERSON, also=(Visit({"format": "csv"}, (PERSON,)),)),
    # The pickers' JSON look-ups (units/views/lookups.py): nothing typed finds no staff.
    "units:person-lookup": page(also=(Visit({"q": "MARKER"}, (PERSON,)),)),
    "units:unit-lookup": page(also=(Visit({"q": "MARKER"}, (UNIT,)),)),
    "units:import-list": page(IMPORT),
    "units:import-new": page(),
    # The user's own export jobs (units/views/exports.py): none here; another user's are never listed
    # (tests/units/test_export_jobs.py).
    "units:download-list": page(),
    # The user's own notifications, their unread count (the bell) and his choices: another user's are never listed
    # (tests/units/test_notifications.py).
    "units:notification-list": page(),
    "units:notification-unread": page(),
    "units:notification-preferences": page(),
    "units:import-template": page(kwargs={"kind": "persons", "fmt": "csv"}),
    "emulation:movement-list": page(MOVEMENT, also=(PROBE_OUTSIDE,)),
    "emulation:movement-export": page(MOVEMENT, also=(PROBE_OUTSIDE,)),
    "emulation:movement-create": page(),
    "emulation:group-list": page(GROUP, also=(Visit({"year": YEAR}, (GROUP,)),)),
    "emulation:group-export": page(GROUP, also=(Visit({"year": YEAR}, (GROUP,)),)),
    "emulation:group-create": page(also=(Visit({"organiser": OUTSIDE}),)),
    "emulation:registration-list": page(REGISTRATION, also=(PROBE_OUTSIDE,)),
    "emulation:registration-export": page(REGISTRATION, also=(PROBE_OUTSIDE,)),
    "emulation:registration-bulk": page(also=(Visit(UNIT_YEAR_LDTT, (PERSON, REGISTRATION)), Visit(OUTSIDE_YEAR_LDTT))),
    "emulation:initiative-list": page(INITIATIVE, also=(PROBE_OUTSIDE,)),
    "emulation:initiative-export": page(INITIATIVE, also=(PROBE_OUTSIDE,)),
    "emulation:initiative-create": page(),  # the unit and the authors are picked through the look-ups
    "emulation:exemplar-list": page(EXEMPLAR, also=(PROBE_OUTSIDE, Visit({"year": YEAR}, (EXEMPLAR,)))),
    "emulation:exemplar-create": page(),  # the units and the person are picked through the look-ups
    # The awards of the recipient picked in the exemplar form (by staff code): none of staff outside the scope.
    "emulation:exemplar-awards": page(also=(Visit({"person": "MK-X-AWARD"}), Visit({"person": "MK-KV2-AWARD"}))),
    "awards:award-list": page(AWARD, also=(PROBE_OUTSIDE,)),
    "awards:award-export": page(AWARD, also=(PROBE_OUTSIDE,)),
    "awards:decision-list": page(DECISION, also=(Visit({"year": YEAR}, (DECISION,)),)),
    "awards:decision-create": page(),
    "awards:incident-list": page(INCIDENT, also=(PROBE_OUTSIDE, Visit({"year": YEAR}, (INCIDENT,)))),
    "awards:incident-create": page(),
    # The list opens on the year under review; "Tất cả các năm" (year=) lists the markers of every year.
    "awards:nomination-list": {
        "visits": (Visit({"year": ""}, (NOMINATION,)), Visit({"year": YEAR}, (NOMINATION,)), PROBE_OUTSIDE),
        "kwargs": {},
    },
    "awards:nomination-create": page(also=(Visit({"nominating_unit": OUTSIDE}),)),
    "awards:nomination-bulk": page(also=(Visit(UNIT_YEAR_LDTT, (PERSON, NOMINATION)), Visit(OUTSIDE_YEAR_LDTT))),
    "awards:batch-list": page(BATCH, also=(Visit({"year": YEAR}, (BATCH,)),)),
    "awards:batch-create": page(),
    # The consultations of the councils the user sees (his unit's subtree and above); opening one is the office's.
    "awards:consultation-list": page(),
    "awards:consultation-create": page(),
    "awards:person-years": page(also=(Visit(UNIT_YEAR, (PERSON,)), Visit({"unit": OUTSIDE, "year": YEAR}))),
    "awards:nomination-suggestions": page(also=(Visit(UNIT_YEAR), Visit({"unit": OUTSIDE, "year": YEAR}))),
    "awards:council-list": page(COUNCIL),
    # The council secretary role and administrators only (the clerks here get 403); the secretary's units are
    # those of his role (tests/awards/test_council_membership.py).
    "awards:council-create": page(),
    "awards:ballot-list": page(POLL),
    "reports:report-list": page(REPORT),
    "reports:report-create": page(),
    # The Home Affairs forms of a unit the user may draft reports of (tests/reports/test_home_affairs_forms.py).
    "reports:statistics-forms": page(also=(Visit(UNIT_YEAR), PROBE_OUTSIDE)),
    "reports:statistics-form-xlsx": page(
        also=(Visit(UNIT_YEAR), Visit({"unit": OUTSIDE, "year": YEAR})), kwargs={"code": "0602"}
    ),
    # Administrators only (the clerks and the user without role get 403): the security log and the lockouts
    # (tests/units/test_sign_in.py).
    "units:audit-list": page(),
    "units:lockout-list": page(),
    # Administrators only (the clerks and the user without role get 403): the rule sets by date, which hold no
    # unit's records (tests/awards/test_ruleset_pages.py).
    "awards:ruleset-list": page(),
    # The certificates on the blanks (awards.certificates): the layouts a clerk keeps (his units', those above them,
    # the shared ones), his own printers, the register of the units of his clerk or leader scope; the records here
    # hold none (tests/awards/test_certificates_pages.py proves each scope).
    "awards:certificate-layout-list": page(),
    "awards:certificate-layout-create": page(),
    "awards:printer-list": page(),
    "awards:printer-create": page(),
    "awards:certificate-register": page(),
    "awards:certificate-register-export": page(),
    # The reward funds of the year asked (the bare page opens on this budget year: none in the data), by their unit.
    "awards:fund-list": page(also=(Visit({"year": YEAR}, (UNIT,)), PROBE_OUTSIDE)),
    "awards:fund-create": page(),  # the unit is picked through the look-up
    # Administrators only (the clerks and the user without role get 403), as the rule sets: the base salaries.
    "awards:base-salary-list": page(),
    # Administrators only (the clerks and the user without role get 403), as the rule sets: the trusted roots of
    # signed decisions, which hold no unit's records (tests/awards/test_signatures.py).
    "awards:trust-root-list": page(),
    # The TĐKT calendar of the user's unit (its plan and those above it; none in the data) and its .ics; a unit outside
    # the scope given in the link falls back to the user's own (tests/reports/test_deadlines.py).
    "reports:calendar": page(also=(PROBE_OUTSIDE,)),
    "reports:calendar-ics-file": page(also=(PROBE_OUTSIDE,)),
    "reports:plan-create": page(also=(PROBE_OUTSIDE,)),
}

ADMIN = "admin:*"
EXCLUDED = {
    "login": "the login form: shows no records",
    "logout": "POST-only: ends the session",
    "password_change": "the user's own password form: shows no records",
    "password_change_done": "a confirmation: shows no records",
    "set_language": "POST-only: switches the language",
    ADMIN: "Django admin: staff accounts only (see test_admin_is_closed_to_the_regional_clerk)",
    "emulation:group-copy": "POST-only: copies an organiser's groups to the next year",
    "units:account": "the user's own account and two-factor settings: shows no records",
    "units:otp-enrol": "the user's own two-factor set-up: shows no records",
    "units:otp-verify": "the code asked after the password: shows no records",
    "units:otp-disable": "POST-only: turns the user's own two-factor sign-in off",
    "units:lockout-unlock": "POST-only: lifts a lockout (administrators)",
    "units:notification-read-all": "POST-only: marks the user's own notifications read",
    "old-path": "a 301 from an old English path to its page (config/urls.py OLD_PATHS, tests/test_urls.py)",
    "healthz": "the machine health check: three states in JSON, no records (tests/units/test_health.py)",
    "favicon": "a redirect to the site's icon, a static file",
}

# Pages of one object: they take its id and show it, or act on it (their visibility is the object's own check).
OBJECT_PAGES = {
    "units:unit-detail", "units:unit-update", "units:unit-close",
    "units:person-detail", "units:person-update", "units:person-transfer",
    "units:import-detail", "units:import-file", "units:import-status", "units:import-confirm",
    "units:import-retry", "units:import-cancel",
    "units:download-detail", "units:download-status", "units:download-file", "units:download-cancel",
    "units:download-retry", "units:notification-open",
    "emulation:movement-detail", "emulation:movement-update", "emulation:movement-document",
    "emulation:movement-review-add",
    "emulation:group-detail", "emulation:group-update", "emulation:membership-not-rated",
    "emulation:pledge-create", "emulation:pledge-detail", "emulation:pledge-update", "emulation:pledge-pdf",
    "emulation:pledge-docx",
    "emulation:pledge-document", "emulation:score-sheet", "emulation:flag-vote",
    "emulation:registration-withdraw", "emulation:group-registrations", "emulation:group-registrations-export",
    "emulation:initiative-detail", "emulation:initiative-update",
    "emulation:exemplar-detail", "emulation:exemplar-update", "emulation:exemplar-delete",
    "awards:award-revoke", "awards:decision-detail", "awards:decision-update", "awards:decision-scan",
    "awards:award-create", "awards:incident-update",
    "awards:nomination-detail", "awards:nomination-update", "awards:nomination-move",
    "awards:nomination-document-upload", "awards:nomination-document", "awards:nomination-document-delete",
    "awards:batch-detail", "awards:batch-update", "awards:batch-add", "awards:batch-remove", "awards:batch-submit",
    "awards:consultation-detail", "awards:consultation-public", "awards:consultation-opinion-create",
    "awards:consultation-opinion-answer", "awards:consultation-close",
    "awards:council-detail", "awards:council-update", "awards:council-history", "awards:council-member-create",
    "awards:council-member-update", "awards:council-member-replace", "awards:council-member-leave",
    "awards:session-create", "awards:session-detail", "awards:session-agenda-add",
    "awards:session-attendance", "awards:session-close", "awards:session-poll-create", "awards:session-poll-open",
    "awards:session-poll-close", "awards:session-poll-publish", "awards:session-poll-turnout",
    "awards:session-paper-count", "awards:session-written-opinion",
    "awards:ballot-form", "awards:ballot-done",
    "awards:session-minutes-pdf", "awards:ballot-minutes-pdf", "awards:decision-draft-pdf",
    "awards:session-minutes-docx", "awards:ballot-minutes-docx", "awards:decision-draft-docx",
    "awards:session-decision-record", "awards:session-escalate",
    "awards:achievement-report-pdf", "awards:batch-pdf", "awards:achievement-report-docx", "awards:batch-docx",
    "awards:ruleset-detail", "awards:ruleset-update", "awards:ruleset-authority", "awards:ruleset-copy",
    "awards:ruleset-history", "awards:ruleset-bonus",
    "awards:decision-signature-check", "awards:trust-root-deactivate", "awards:trust-root-activate",
    "awards:decision-payouts", "awards:payouts-prepare", "awards:payouts-pay", "awards:payout-list-pdf",
    "awards:payout-list-docx", "awards:payout-list-xlsx", "awards:payout-update",
    "awards:fund-detail", "awards:fund-update", "awards:fund-xlsx", "awards:fund-source-create",
    "awards:fund-source-update", "awards:fund-source-delete",
    "reports:report-detail", "reports:report-edit", "reports:report-preview", "reports:render-create",
    "reports:report-issue", "reports:report-pdf", "reports:report-correct", "reports:report-higher-xlsx",
    "reports:report-docx",
    "reports:report-internal-pdf", "reports:report-internal-docx",
    "awards:certificate-layout-detail", "awards:certificate-layout-update", "awards:certificate-layout-background",
    "awards:certificate-layout-proof", "awards:certificate-test-sheet", "awards:printer-update",
    "awards:printer-delete", "awards:certificate-print", "awards:certificate-proof", "awards:certificate-reprint",
    "reports:render-status", "reports:render-download", "reports:render-retry", "reports:render-cancel",
    "reports:plan-detail", "reports:plan-update", "reports:deadline-create", "reports:deadline-progress",
    "reports:deadline-update", "reports:deadline-delete",
}  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", the route for an unnamed pattern, ADMIN for Django admin
    route: str
    converters: dict


def url_patterns(resolver=None, prefix: str = "", namespace: str = ""):
    """Every pattern of the URLconf, depth first, with its namespaced name and its full route."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from url_patterns(entry, route, inner or "")
            continue
        assert isinstance(entry, URLPattern)
        converters = {**getattr(resolver.pattern, "converters", {}), **getattr(entry.pattern, "converters", {})}
        if namespace.split(":", maxsplit=1)[0] == "admin":
            key = ADMIN
        elif entry.name:
            key = f"{namespace}:{entry.name}" if namespace else entry.name
        else:
            key = route
        yield Pattern(key=key, route=route, converters=converters)


def takes_object(pattern: Pattern) -> bool:
    """An object's id among the arguments: an int converter (pk, poll_pk, …) or a regex group."""
    if pattern.route.startswith("^") and "(?P<" in pattern.route:
        return True
    return any(type(converter).__name__ == "IntConverter" for converter in pattern.converters.values())


def test_every_url_pattern_is_classified():
    patterns = list(url_patterns())
    keys = {pattern.key for pattern in patterns}

    unclassified = sorted(
        f"unclassified URL pattern: {p.key} ({p.route}) — add it to LIST_PAGES, OBJECT_PAGES or EXCLUDED"
        for p in patterns
        if p.key not in LIST_PAGES and p.key not in OBJECT_PAGES and p.key not in EXCLUDED
    )
    stale = sorted(
        f"classified but not in the URLconf: {key}"
        for key in (*LIST_PAGES, *OBJECT_PAGES, *EXCLUDED)
        if key not in keys
    )
    misfiled = sorted(
        f"{'list' if p.key in LIST_PAGES else 'object'} page {p.key} ({p.route}) is misfiled: "
        f"{'it takes' if takes_object(p) else 'it takes no'} object id"
        for p in patterns
        if (p.key in LIST_PAGES and takes_object(p)) or (p.key in OBJECT_PAGES and not takes_object(p))
    )
    assert not (unclassified + stale + misfiled), "\n".join(unclassified + stale + misfiled)
    assert not set(LIST_PAGES) & (OBJECT_PAGES | set(EXCLUDED))
    assert all(reason.strip() for reason in EXCLUDED.values())


def test_admin_is_closed_to_the_regional_clerk(client, cast):
    client.force_login(cast["regional_clerk"])

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


# -- the data ------------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class World:
    users: dict
    units: dict  # place → its procuracy (KV1, KV2, VKS-X)
    year: int
    ldtt: int


def build_place(place: str, *, unit, province, clerk, year: int, ldtt) -> None:
    """One record of every listed kind in `unit`'s subtree, each carrying `place`'s marker in what lists print.

    `province` organises the place's cluster and holds the council its tờ trình goes to; `clerk` (the place's
    clerk) uploaded its import job and holds a seat on its council (the ballot page lists polls to seats only).
    """
    mark = functools.partial(marker, place)
    department = UnitFactory(
        code=f"MK-{place}-UNIT", name=mark(UNIT), short_name=mark(UNIT), level=UnitLevel.DEPARTMENT, parent=unit
    )
    person = PersonFactory(code=f"MK-{place}-PERSON", full_name=mark(PERSON), unit=unit)

    # Signed by the province, which confers the place's LĐTT: the place sees it through its award.
    decision = DecisionFactory(
        number=mark(DECISION), date=datetime.date(year, 12, 1), issuing_unit=province, summary=mark(DECISION)
    )
    awardee = PersonFactory(code=f"MK-{place}-AWARD", full_name=mark(AWARD), unit=unit)
    AwardFactory(code="LDTT", person=awardee, year=year, decision=decision, note=mark(AWARD))

    movement = Movement.objects.create(
        code=f"MK-{place}-MOVEMENT", name=mark(MOVEMENT), launching_unit=unit, start_date=datetime.date(year, 1, 10)
    )
    movement.participating_units.set([unit])

    group = EmulationGroup.objects.create(year=year, name=mark(GROUP), organiser=province)
    GroupMembership.objects.create(
        group=group, unit=department, role=MemberRole.HEAD, year=group.year, level=group.level
    )
    pledge = Pledge.objects.create(group=group, signed_on=datetime.date(year, 3, 1), place="Huế", theme=mark(PLEDGE))
    pledge.signing_units.set([department])

    registrant = PersonFactory(code=f"MK-{place}-REGISTRATION", full_name=mark(REGISTRATION), unit=unit)
    Registration.objects.create(year=year, award_type=ldtt, person=registrant, registering_unit=unit)

    initiative = Initiative.objects.create(title=mark(INITIATIVE), unit=unit, year=year, domain=mark(INITIATIVE))
    InitiativeAuthor.objects.create(initiative=initiative, person=person)
    Exemplar.objects.create(year=year, found_by=unit, unit=department, achievement=mark(EXEMPLAR))
    RewardFund.objects.create(unit=department, year=year)  # the fund list names it by its unit

    batch = Batch.objects.create(unit=unit, council_unit=province, year=year, title=mark(BATCH))
    nominee = PersonFactory(code=f"MK-{place}-NOMINATION", full_name=mark(NOMINATION), unit=unit)
    Nomination.objects.create(
        nominating_unit=unit,
        recipient_kind=RecipientKind.INDIVIDUAL,
        person=nominee,
        award_type=ldtt,
        year=year,
        summary=mark(NOMINATION),
        batch=batch,
    )

    council = Council.objects.create(unit=unit, name=mark(COUNCIL), term_start=datetime.date(year, 1, 1))
    CouncilMember.objects.create(council=council, person=person, user=clerk, role=CouncilRole.MEMBER)
    session = Session.objects.create(
        council=council, title=mark(SESSION), date=datetime.date(year, 12, 10), year=year, place=mark(SESSION)
    )
    Poll.objects.create(session=session, title=mark(POLL), state=PollState.CLOSED, closed_at=timezone.now())

    Report.objects.create(
        unit=unit, kind=ReportKind.ANNUAL, start_year=year, end_year=year, number=mark(REPORT), regular=mark(REPORT)
    )
    UnitIncident.objects.create(unit=unit, year=year, kind=IncidentKind.PRESS, description=mark(INCIDENT))
    ImportJob.objects.create(
        kind="persons",
        file=f"imports/{place}.csv",
        original_name=f"{mark(IMPORT)}.csv",
        created_by=clerk,
        state=ImportState.DONE,
    )


@pytest.fixture
def world(tree, cast) -> World:
    """One record of every listed kind in KV1, KV2 and VKS-X, each carrying its place's marker."""
    year = timezone.localdate().year - 1
    places = {KV1: tree["kv1"], KV2: tree["kv2"], X: tree["other"]}
    top = {KV1: tree["province"], KV2: tree["province"], X: tree["other"]}
    clerks = {
        KV1: cast["regional_clerk"],
        KV2: user_with_role(Role.CLERK, tree["kv2"], "regional_clerk_2"),
        X: cast["outsider"],
    }
    ldtt = award_type("LDTT")
    for place, unit in places.items():
        build_place(place, unit=unit, province=top[place], clerk=clerks[place], year=year, ldtt=ldtt)
    users = {REGIONAL: cast["regional_clerk"], PROVINCE: cast["clerk"], NOBODY: UserFactory(username="no_role")}
    return World(users=users, units={**places, "province": tree["province"]}, year=year, ldtt=ldtt.pk)


# -- reading a response -----------------------------------------------------------------------------------------


def text_of(response) -> str:
    """What the user gets to read: the HTML or JSON, the CSV, or every cell of every sheet of an XLSX file."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            " ".join("" if value is None else str(value) for value in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    assert not content.startswith(b"%PDF"), "a list page answered a PDF: read it with pypdf here"
    return content.decode("utf-8-sig", errors="replace")


def fill(query: dict, world: World, viewer: str) -> dict:
    """The query string with the viewer's own unit, a unit outside the viewer's scope, the year and LĐTT."""
    own = {REGIONAL: world.units[KV1], PROVINCE: world.units["province"], NOBODY: world.units[KV1]}[viewer]
    outside = {REGIONAL: world.units[KV2], PROVINCE: world.units[X], NOBODY: world.units[KV2]}[viewer]
    values = {OWN: own.pk, OUTSIDE: outside.pk, YEAR: world.year, LDTT: world.ldtt}
    return {key: values.get(value, value) for key, value in query.items()}


def visit(client, world: World, viewer: str, name: str):
    """GET every visit of the page as the viewer: yields (visit, query, response, upper-cased text)."""
    spec = LIST_PAGES[name]
    client.force_login(world.users[viewer])
    url = reverse(name, kwargs=spec["kwargs"])
    for one in spec["visits"]:
        query = fill(one.query, world, viewer)
        response = client.get(url, query)
        yield one, query, response, text_of(response).upper() if response.status_code == 200 else ""


def assert_scoped(client, world: World, viewer: str, name: str) -> None:
    """No marker of a place outside the viewer's scope, and every marker the page must list from inside it."""
    for one, query, response, text in visit(client, world, viewer, name):
        where = f"{name} {query or ''} as {viewer}"
        must = [marker(place, kind) for kind in one.shows for place in sorted(visible(viewer, kind))]
        if must:
            assert response.status_code == 200, f"{where}: answered {response.status_code}"
        else:
            assert response.status_code in (200, 302, 403, 404), f"{where}: answered {response.status_code}"
        leaked = [
            marker(place, kind)
            for kind in KINDS
            for place in PLACES
            if place not in visible(viewer, kind) and marker(place, kind) in text
        ]
        assert not leaked, f"{where} shows records outside the scope: {leaked}"
        missing = [text_marker for text_marker in must if text_marker not in text]
        assert not missing, f"{where} does not list {missing}: the scope check proves nothing here"


@pytest.mark.parametrize("name", sorted(LIST_PAGES))
def test_list_page_shows_the_regional_clerk_only_his_region(client, world, name):
    assert_scoped(client, world, REGIONAL, name)


@pytest.mark.parametrize("name", sorted(LIST_PAGES))
def test_list_page_shows_the_province_clerk_both_regions_but_not_the_other_province(client, world, name):
    assert_scoped(client, world, PROVINCE, name)


@pytest.mark.parametrize("name", sorted(LIST_PAGES))
def test_list_page_refuses_a_user_without_role_or_shows_nothing(client, world, name):
    for _visit, query, response, text in visit(client, world, NOBODY, name):
        where = f"{name} {query or ''}"
        if response.status_code == 302:
            assert response.url.startswith(settings.LOGIN_URL) or response.url.startswith(reverse("login")), where
            continue
        assert response.status_code in (200, 403, 404), f"{where}: answered {response.status_code}"
        assert "MARKER-" not in text, f"{where} shows records to a user without role"
