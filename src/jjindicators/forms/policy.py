"""`policy`: the national policy questionnaire → indicators 12(a), 13(a), 14, 15."""

from __future__ import annotations

from typing import Annotated, Literal

from jjindicators.forms.base import FormModel, FormSpec, info
from jjindicators.forms.types import Text, coded

# The questions and their checklists (`forms.md`, "policy"; a jjind rule kept as one table).
POLICY_ITEMS: dict[str, str] = {
    "12a": "Regular independent inspection system",
    "12a.law": "The law requires regular inspection of every place where children are held",
    "12a.independent": "The inspecting body is independent of the detaining authority",
    "12a.unannounced": "Visits may be unannounced",
    "12a.private_interviews": "Inspectors may talk to children in private",
    "12a.published": "Inspection reports are published",
    "13a": "Complaints system for children in detention",
    "13a.informed": "Children are told of the complaints system on admission",
    "13a.confidential": "Complaints are confidential",
    "13a.independent_body": "Complaints can go to a body outside the place of detention",
    "13a.time_limit": "Complaints are answered within a set time",
    "14": "Specialized juvenile justice system",
    "14.law": "Specific legislation for children in conflict with the law",
    "14.police": "Specialised police",
    "14.prosecutors": "Specialised prosecutors",
    "14.courts": "Specialised courts or judges",
    "14.legal_aid": "Specialised legal aid",
    "14.detention": "Separate places of detention for children",
    "14.social_work": "Specialised probation or social workers",
    "15": "National plan for the prevention of child involvement in crime",
    "15.exists": "A national prevention plan exists",
    "15.adopted": "The plan has been formally adopted",
    "15.funded": "The plan is funded",
    "15.monitored": "The plan's implementation is monitored",
}
HEADLINE_ITEMS = ("12a", "13a", "14", "15")

PolicyItem = Annotated[str, coded(Literal[tuple(POLICY_ITEMS)])]
Answer = Annotated[str, coded(Literal["yes", "partial", "no", "unknown"], {"y": "yes", "n": "no"})]


class PolicyAnswer(FormModel):
    """One answer of the policy questionnaire."""

    item: PolicyItem = info(
        "Item", "The question or checklist item code, e.g. 12a or 12a.law.", aliases=("question",)
    )
    answer: Answer = info("Answer", "yes, partial, no or unknown.")
    evidence: Text | None = info(
        "Evidence",
        "The law, plan or document that supports the answer, with its date.",
        default=None,
    )
    notes: Text | None = info("Notes", "Anything else worth knowing.", default=None)


SPEC = FormSpec(
    name="policy",
    model=PolicyAnswer,
    kind="policy",
    title="Policy questionnaire",
    description="Answers on inspection, complaints, the specialised system and prevention.",
    indicators=("12a", "13a", "14", "15"),
    aliases=("policy questionnaire",),
    template_columns=("template.policy_question",),
    prefilled=("item",),
)
