"""What a nomination's dossier must hold (Law 2022 Art. 84; domain-rules §4.1), from the catalogue and the rule set
of the nomination's year."""

from awards.catalogue.enums import AwardKind, Category, DossierDocument
from awards.catalogue.models import AwardType, RuleSet

# (a) the tờ trình with its list of nominees, (b) the achievement report, (c) the minutes of the review: a title's
# minutes of the emulation review, a form's of the commendation review.
DOSSIER = {
    Category.TITLE: (DossierDocument.PROPOSAL, DossierDocument.ACHIEVEMENT_REPORT, DossierDocument.MINUTES),
    Category.FORM: (DossierDocument.PROPOSAL, DossierDocument.ACHIEVEMENT_REPORT, DossierDocument.MINUTES),
}


def dossier_requirements(
    award_type: AwardType, ruleset: RuleSet, *, kind: str = AwardKind.REGULAR
) -> list[DossierDocument]:
    """The documents a nomination for `award_type` needs, in the order of the law: those of its category, (d) the
    certification of the initiative for the titles whose standard names one in this rule set (the same titles the
    eligibility criteria ask an initiative of), and the certification of the exceptional achievement of an ad hoc
    (đột xuất) award."""
    wanted = list(DOSSIER[award_type.category])
    if award_type.code in ruleset.initiative_code_set:
        wanted.append(DossierDocument.INITIATIVE_CERTIFICATE)
    if kind == AwardKind.AD_HOC:
        wanted.append(DossierDocument.SPECIAL_CERTIFICATE)
    return wanted


def needs_consultation(award_type: AwardType, ruleset: RuleSet) -> bool:
    """Whether a nomination for `award_type` goes through the public consultation (lấy ý kiến nhân dân, NĐ
    152/2025 Art. 44(2)) before it leaves its council: the rule set's `consultation_code_set`. Its result belongs
    to the dossier and the tờ trình; the workflow refuses to send up or decide such a nomination before it."""
    return award_type.code in ruleset.consultation_code_set
