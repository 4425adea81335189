"""The frozen content of a certificate: every printed field, copied at issue time.

The PDF and the verification page read only this snapshot, never the live course, learner or
template, so later edits cannot change an issued document.
"""

import hashlib
import json
import re

from django.utils.html import strip_tags
from django.utils.text import normalize_newlines

from courses.models import SkillLevel

from .models import CertificateKind, CertificateTemplate

SNAPSHOT_VERSION = 1


def canonical_json(data) -> bytes:
    """One byte string per content, whatever the key order: what hashes are taken over."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sha256_of(data) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def _text_lines(html: str) -> list[str]:
    """Rich text objectives → plain lines (list items when there are some)."""
    items = re.findall(r"<li[^>]*>(.*?)</li>", html or "", flags=re.S | re.I)
    if items:
        return [strip_tags(i).strip() for i in items if strip_tags(i).strip()]
    text = strip_tags(re.sub(r"</p>|<br\s*/?>", "\n", html or "", flags=re.I))
    return [line.strip() for line in normalize_newlines(text).split("\n") if line.strip()]


def _image_name(image, spec: str) -> str:
    """Storage name of a rendition small enough to render fast but sharp in print; '' when none
    or missing. Renditions are kept by Wagtail, so the name stays valid after the template changes."""
    if image is None:
        return ""
    try:
        return image.get_rendition(spec).file.name
    except Exception:  # a missing source file must not stop an issue: the PDF prints without it
        return ""


def template_snapshot(template: CertificateTemplate) -> dict:
    return {
        "name": template.organisation_name,
        "address": template.organisation_address,
        "siret": template.siret,
        "nda": template.activity_declaration_number,
        "nda_region": template.activity_declaration_region,
        "qualiopi": template.qualiopi_number,
        "legal_representative": template.legal_representative,
        "legal_representative_title": template.legal_representative_title,
        "logo": _image_name(template.logo, "max-500x220"),
        "signature": _image_name(template.signature, "max-500x220"),
    }


def _hours(minutes: int) -> str:
    """Minutes → '12 h 30' / '12 h' (what a funder reads)."""
    hours, rest = divmod(int(minutes or 0), 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def build_content(
    *,
    enrolment,
    template: CertificateTemplate,
    kind: str,
    number: str,
    code: str,
    issued_on,
    hours: dict,
    validations: list,
    verification_url: str,
    supersedes_number: str = "",
    course_skills=None,
) -> dict:
    learner = enrolment.learner
    cohort = enrolment.cohort
    course = cohort.course
    # A drop-out's certificat de réalisation ends on the day they left.
    end_date = enrolment.dropout_date or cohort.end_date
    planned = hours.get("planned_minutes", 0)
    attended = hours.get("attended_minutes", 0)
    company = hours.get("company_minutes", 0)
    levels = dict(SkillLevel.choices)
    best = {}
    for v in validations:
        if v.skill_id not in best or v.level > best[v.skill_id].level:
            best[v.skill_id] = v
    if course_skills is None:
        from courses.models import Skill

        course_skills = list(Skill.objects.filter(coursepage__pk=course.pk).select_related("block"))
    evaluation = []
    for skill in course_skills:
        v = best.get(skill.pk)
        evaluation.append(
            {
                "code": skill.code,
                "name": skill.name,
                "block": str(skill.block),
                "level": v.level if v else None,
                "level_label": str(levels.get(v.level, v.level)) if v else "",
                "validated_on": v.validated_on.isoformat() if v else "",
            }
        )
    return {
        "version": SNAPSHOT_VERSION,
        "kind": kind,
        "kind_label": str(CertificateKind(kind).label),
        "number": number,
        "code": code,
        "verification_url": verification_url,
        "issued_on": issued_on.isoformat(),
        "place": template.place,
        "orientation": template.orientation,
        "accent_colour": template.accent_colour,
        "action_nature": template.action_nature,
        "supersedes": supersedes_number,
        "learner": {
            "first_name": learner.first_name,
            "last_name": learner.last_name,
            "full_name": f"{learner.first_name} {learner.last_name.upper()}",
            # The ministry's model names the employer only for employees; none is recorded yet.
            "employer": "",
        },
        "course": {
            "title": course.title,
            "rncp_reference": course.rncp_reference,
            "objectives": _text_lines(str(course.objectives)),
            "format_label": str(course.get_format_display()),
        },
        "cohort": {
            "code": cohort.code,
            "start_date": cohort.start_date.isoformat(),
            "end_date": end_date.isoformat(),
            "place": cohort.place,
        },
        "hours": {
            "planned_minutes": planned,
            "attended_minutes": attended,
            "company_minutes": company,
            "distance_minutes": 0,
            "total_minutes": attended + company,
            "attendance_rate": round(100 * attended / planned) if planned else None,
            "attended_label": _hours(attended),
            "company_label": _hours(company),
            "total_label": _hours(attended + company),
            "planned_label": _hours(planned),
        },
        "evaluation": evaluation,
        "skills": [e for e in evaluation if e["level"]],
        "organisation": template_snapshot(template),
        "texts": [{"type": block.block_type, "value": str(block.value)} for block in template.texts],
    }
