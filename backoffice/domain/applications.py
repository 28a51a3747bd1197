"""Rules on applications (permohonan) that need the stored records."""

from backoffice.db import serialize_on
from backoffice.domain.errors import ValidationError
from backoffice.models import Applicant, Application, Service


def open_application_for(applicant: Applicant, service: Service, exclude_id: int | None = None):
    """The applicant's application for `service` that is still in progress, if any."""
    query = Application.open().where(
        (Application.applicant == applicant) & (Application.service == service)
    )
    if exclude_id is not None:
        query = query.where(Application.id != exclude_id)
    return query.first()


def check_new_application(
    applicant: Applicant | None, service: Service | None, exclude_id: int | None = None
) -> None:
    """Refuse a second open application of the same service for the same person."""
    errors = {}
    if applicant is None:
        errors["applicant"] = "Pilih pemohon."
    if service is None:
        errors["service"] = "Pilih jenis layanan."
    if errors:
        raise ValidationError(errors)
    existing = open_application_for(applicant, service, exclude_id)
    if existing is not None:
        raise ValidationError(
            {
                "service": (
                    f"{applicant.name} masih punya permohonan {service.name} yang belum selesai "
                    f"(#{existing.id}, diterima {existing.received_at:%d-%m-%Y}). "
                    "Lanjutkan permohonan itu, jangan membuat yang baru."
                )
            }
        )


# The reception form's service and funding may change only while the documents are being
# gathered: after that the checklist, the deadline, the quota and any batch depend on them.
RECEPTION_EDITABLE = ("received", "incomplete")


def check_reception_change(
    application: Application,
    service: Service | None,
    funding_source: str | None,
    applicant: Applicant | None = None,
) -> None:
    """Refuse changing the person, service or funding source of an application past reception
    (its documents complete, verified, decided or proposed to BPJS): the visit, the decision
    and the batch were made for them. Raises ValidationError naming the field; the notes stay
    editable in every state."""
    if application.status in RECEPTION_EDITABLE:
        return
    errors = {}
    if applicant is not None and applicant.id != application.applicant_id:
        errors["applicant"] = (
            "Pemohon tidak dapat diganti setelah berkas lengkap. Batalkan permohonan ini dan "
            "buat permohonan baru untuk orang yang benar."
        )
    if service is not None and service.id != application.service_id:
        errors["service"] = (
            "Jenis layanan tidak dapat diubah setelah berkas lengkap. Batalkan permohonan ini "
            "dan buat permohonan baru bila layanannya salah."
        )
    if funding_source is not None and funding_source != application.funding_source:
        errors["funding_source"] = (
            "Sumber dana tidak dapat diubah setelah berkas lengkap (kuota dan usulan ke BPJS "
            "mengikutinya)."
        )
    if errors:
        raise ValidationError(errors)


APPLICANT_LOCK = 8_000_000_000  # advisory-lock namespace: one key per applicant


def hold_new_application(
    applicant: Applicant, service: Service, exclude_id: int | None = None
) -> None:
    """Inside a write transaction: wait for any other one registering this applicant, then
    refuse a second open application (check_new_application). Holds under concurrency; the
    partial unique index of migration 0008 is the database's own guarantee behind it."""
    serialize_on(APPLICANT_LOCK + applicant.id)
    check_new_application(applicant, service, exclude_id)


def default_funding(service: Service | None) -> str:
    """The funding source a new application of `service` starts with: the service's own
    (e.g. APBD for a registration the district pays), else the application's default."""
    if service is not None and service.default_funding:
        return service.default_funding
    return Application.funding_source.default


def funding_defaults(services) -> dict[str, str]:
    """Service id (as the form posts it) → the funding source a new application starts with."""
    return {str(s.id): default_funding(s) for s in services}
