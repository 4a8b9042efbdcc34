"""The records the cached figures are computed from, and the signals that bump their data version when one changes
(`units.common.versions`).

Not domain flow (house style: no signals for that): the cache of a read path, which must hear of every change
whichever service, import or admin page made it. One place lists the models, read off the code that computes
the figures:

- `versions.RECORDS`, for the reports (`reports.documents.compute_figures`, `reports.statistics`) and the
  dashboard's awards and quotas (`reports.dashboard`): the awards and their decisions; the catalogue (the award
  types' names, order and authority; the issuing bodies' names; the rule sets' quota rates); the units (paths,
  names, remote areas, closing, and their predecessors, the m2m `Unit.predecessors`); the staff (names) and their
  unit history (`Assignment`: whether a post was a managing one on a decision's day); the movements and the
  initiatives the reports count; the clusters and blocs, their members, pledges, score sheets and flag votes a
  cluster's report counts (`reports.groups.compute_figures`); the bonus rates and the base salaries, for the
  bonuses of a decision's recipients (`awards.payouts.bonus.decision_bonuses`); the registrations, the staff's years
  (`PersonYear`), the initiatives' authors and the units' incidents, for the criteria checks of a tờ trình's
  nominations (`awards.nominations.selectors.nomination_checks`, with the nominations' version).
- `versions.NOMINATIONS`, for the dashboard's quotas (the live nominations count against the caps), the years of
  the administrator's nomination list and the criteria checks: the nominations.

The writes that send no signal call `versions.bump()` themselves: the award register's import
(`awards.register.importing`, bulk_create / bulk_update), the registration of many at once
(`emulation.services.registrations_bulk`) and the demo seeding (`manage.py seed_demo`). The other
imports save row by row through the services, which send them. `QuerySet.update()` on these models happens only
inside `units.services.unit_save`, which saves the unit itself in the same transaction.
"""

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from awards.catalogue.models import AwardType, BaseSalary, BonusRate, IssuingBody, RuleSet
from awards.nominations.models import Nomination
from awards.register.models import Award, Decision, PersonYear, UnitIncident
from emulation.models import (
    EmulationGroup,
    Exemplar,
    FlagVote,
    GroupMembership,
    Initiative,
    InitiativeAuthor,
    Movement,
    Pledge,
    PledgeTarget,
    Registration,
    ScoreCriterion,
    ScoreEntry,
    ScoreSheet,
    ScoreTemplate,
)
from units.common import versions
from units.models import Assignment, Person, Unit

# The exemplars: the reports' section on them (`emulation.selectors.exemplars_for_report`). The registrations, the
# staff's years, the initiatives' authors and the units' incidents: the criteria checks of a tờ trình's nominations
# (`awards.nominations.selectors.nomination_checks`).
RECORDS_MODELS = (
    Award, Decision, AwardType, IssuingBody, RuleSet, BonusRate, BaseSalary, Unit, Person, Assignment, Movement,
    Initiative, Exemplar, Registration, PersonYear, InitiativeAuthor, UnitIncident,
)  # fmt: skip
# A cluster's report (`reports.groups`); a pledge's targets are written in bulk with the pledge, which bumps.
GROUP_MODELS = (
    EmulationGroup,
    GroupMembership,
    Pledge,
    PledgeTarget,
    ScoreTemplate,
    ScoreCriterion,
    ScoreSheet,
    ScoreEntry,
    FlagVote,
)
NOMINATIONS_MODELS = (Nomination,)


def _records_changed(sender, using, **kwargs) -> None:
    versions.bump(versions.RECORDS, using=using)


def _nominations_changed(sender, using, **kwargs) -> None:
    versions.bump(versions.NOMINATIONS, using=using)


def _predecessors_changed(sender, action, using, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        versions.bump(versions.RECORDS, using=using)


def _migrated(sender, using, **kwargs) -> None:
    versions.bump_all_now(using=using)


def connect(app_config) -> None:
    """Called once, from the reports app's ready()."""
    for model in RECORDS_MODELS + GROUP_MODELS:
        post_save.connect(_records_changed, sender=model, dispatch_uid=f"versions-save-{model._meta.label}")
        post_delete.connect(_records_changed, sender=model, dispatch_uid=f"versions-delete-{model._meta.label}")
    for model in NOMINATIONS_MODELS:
        post_save.connect(_nominations_changed, sender=model, dispatch_uid=f"versions-save-{model._meta.label}")
        post_delete.connect(_nominations_changed, sender=model, dispatch_uid=f"versions-delete-{model._meta.label}")
    m2m_changed.connect(_predecessors_changed, sender=Unit.predecessors.through, dispatch_uid="versions-predecessors")
    # Once per migrate (and per flush, which sends it too), after every migration ran.
    post_migrate.connect(_migrated, sender=app_config, dispatch_uid="versions-migrate")
