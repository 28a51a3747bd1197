"""Evaluation evidence (PEKPPP, Permenpan RB 29/2022): versions of a standard, and the year's
evidence of one office in one place.

A version is a snapshot of the standard's fields as they stand when recorded, numbered per
standard; versions are never edited (the admin offers no edit), so the history of a published
standard is kept even when the standard itself is revised.
"""

import datetime as dt
import json

from playhouse.shortcuts import model_to_dict

from backoffice.domain.errors import ValidationError
from backoffice.models import (
    MediaPublication,
    Office,
    PublicConsultation,
    ServiceStandard,
    StandardReview,
    StandardVersion,
    SurveyFollowUp,
    User,
)
from backoffice.models.base import utcnow


def snapshot_of(standard: ServiceStandard) -> str:
    """The standard's own fields as JSON (dates as DD-MM-YYYY text)."""
    values = model_to_dict(standard, recurse=False)
    return json.dumps(
        values,
        default=lambda v: (
            v.strftime("%d-%m-%Y %H:%M") if isinstance(v, dt.datetime) else v.strftime("%d-%m-%Y")
        ),
        ensure_ascii=False,
        sort_keys=True,
    )


def prepare_version(version: StandardVersion, user: User | None) -> None:
    """Fill a new version from its standard: number, snapshot, decree, who and when."""
    if not (version.changes or "").strip():
        raise ValidationError({"changes": "Tuliskan apa yang berubah pada versi ini."})
    standard = version.standard
    last = StandardVersion.select().where(StandardVersion.standard == standard.id).count()
    version.number = last + 1
    version.snapshot = snapshot_of(standard)
    version.decree_number = standard.decree_number
    version.recorded_by, version.recorded_at = user, utcnow()


def check_review(review: StandardReview) -> None:
    if review.next_due and review.reviewed_on and review.next_due <= review.reviewed_on:
        raise ValidationError({"next_due": "Evaluasi berikutnya harus setelah tanggal evaluasi."})


def year_evidence(office: Office, year: int) -> dict:
    """The evidence rows of `office` dated in `year`, by kind."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    after = dt.datetime(year + 1, 1, 1)
    standards = ServiceStandard.select().where(ServiceStandard.office == office.id)
    versions = StandardVersion.select().where(
        StandardVersion.standard.in_(standards)
        & (StandardVersion.recorded_at >= dt.datetime(year, 1, 1))
        & (StandardVersion.recorded_at < after)
    )
    consultations = PublicConsultation.select().where(
        PublicConsultation.standard.in_(standards) & PublicConsultation.held_on.between(first, last)
    )
    reviews = StandardReview.select().where(
        StandardReview.standard.in_(standards) & StandardReview.reviewed_on.between(first, last)
    )
    publications = MediaPublication.select().where(
        (MediaPublication.office == office.id) & MediaPublication.published_on.between(first, last)
    )
    follow_ups = SurveyFollowUp.select().where(
        (SurveyFollowUp.office == office.id) & SurveyFollowUp.due_date.between(first, last)
    )
    return {
        "standards": list(standards),
        "versions": list(versions),
        "consultations": list(consultations),
        "reviews": list(reviews),
        "publications": list(publications),
        "follow_ups": list(follow_ups),
    }
