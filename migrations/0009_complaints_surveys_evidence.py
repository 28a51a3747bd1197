# Written by hand on 2026-11-29; checked with playhouse.schema_diff.
"""Complaints as cases (ticket, class and topic, reporter mode, links, timeline, canned
answers), the survey's respondent profile, kiosk keys, office weights and follow-up plan, and
the evaluation evidence (standard versions, public consultations, reviews, media log).

Existing complaints get a ticket from their id; their old statuses map onto the dispositions
("received" stays, "in_progress" and "responded" and "closed" keep their names)."""

from peewee import *  # noqa: F403 (the runner's own file template)

# Timestamp defaults (models.base.utcnow) are applied by the models, not the schema.


def _stub(db, table):
    class Stub(Model):
        class Meta:
            database = db
            table_name = table

    return Stub


def up(migrator, db):
    Office, User = _stub(db, "office"), _stub(db, "account")
    Application, Applicant = _stub(db, "application"), _stub(db, "applicant")
    Service, Standard = _stub(db, "service"), _stub(db, "service_standard")
    Complaint = _stub(db, "complaint")

    def fk(model, on_delete="SET NULL"):
        return ForeignKeyField(model, null=True, field=model.id, on_delete=on_delete)

    migrator.migrate(
        migrator.add_column("complaint", "ticket", CharField(max_length=30, null=True)),
        migrator.add_column("complaint", "topic", CharField(max_length=12, default="lainnya")),
        migrator.add_column("complaint", "complexity", CharField(max_length=12, default="simple")),
        migrator.add_column("complaint", "reporter_mode", CharField(max_length=12, default="open")),
        migrator.add_column("complaint", "verified_at", DateTimeField(null=True)),
        migrator.add_column("complaint", "paused_at", DateTimeField(null=True)),
        migrator.add_column("complaint", "paused_from", CharField(max_length=12, default="")),
        migrator.add_column("complaint", "responded_by_id", fk(User)),
        migrator.add_column("complaint", "closed_at", DateTimeField(null=True)),
        migrator.add_column("complaint", "forwarded_to", CharField(max_length=200, default="")),
        migrator.add_column("complaint", "note", TextField(default="")),
        migrator.add_column("complaint", "handler_id", fk(User)),
        migrator.add_column("complaint", "application_id", fk(Application)),
        migrator.add_column("complaint", "applicant_id", fk(Applicant)),
        migrator.add_column("complaint", "service_id", fk(Service)),
        migrator.add_index("complaint", ("ticket",), True),
        migrator.add_index("complaint", ("due_at",), False),
        migrator.add_column(
            "survey_response", "respondent_occupation", CharField(max_length=14, default="")
        ),
        migrator.add_column("survey_response", "source", CharField(max_length=6, default="paper")),
        migrator.add_column("survey_response", "created_at", DateTimeField(null=True)),
        migrator.add_column("survey_response", "device_key", CharField(max_length=64, default="")),
        migrator.add_column("survey_response", "address_key", CharField(max_length=64, default="")),
    )
    db.execute_sql("UPDATE complaint SET ticket = 'ADU-' || CAST(id AS VARCHAR(20))")
    db.execute_sql("UPDATE survey_response SET created_at = date")
    migrator.migrate(
        migrator.add_not_null("survey_response", "created_at"),
        migrator.add_index("survey_response", ("created_at",), False),
        migrator.add_index("survey_response", ("device_key",), False),
        migrator.add_index("survey_response", ("address_key",), False),
    )

    class ComplaintEvent(Model):
        complaint = ForeignKeyField(Complaint, on_delete="CASCADE")
        at = DateTimeField(index=True)
        user = ForeignKeyField(User, null=True, on_delete="SET NULL")
        action = CharField(max_length=20)
        from_status = CharField(max_length=12, default="")
        to_status = CharField(max_length=12)
        note = TextField(default="")

        class Meta:
            database = db
            table_name = "complaint_event"

    class CannedAnswer(Model):
        office = ForeignKeyField(Office, on_delete="CASCADE")
        title = CharField(max_length=120)
        body = TextField()
        active = BooleanField(default=True)

        class Meta:
            database = db
            table_name = "canned_answer"

    class SurveyWeight(Model):
        office = ForeignKeyField(Office, on_delete="CASCADE")
        element = CharField(max_length=2)
        weight = DecimalField(max_digits=7, decimal_places=6)

        class Meta:
            database = db
            table_name = "survey_weight"
            indexes = ((("office", "element"), True),)

    class SurveyFollowUp(Model):
        office = ForeignKeyField(Office, on_delete="CASCADE")
        service = ForeignKeyField(Service, null=True, on_delete="SET NULL")
        period_start = DateField()
        period_end = DateField()
        element = CharField(max_length=2)
        action = TextField()
        owner = CharField(max_length=120)
        due_date = DateField()
        progress = SmallIntegerField(default=0)
        status = CharField(max_length=12, default="planned")
        notes = TextField(default="")

        class Meta:
            database = db
            table_name = "survey_follow_up"

    class StandardVersion(Model):
        standard = ForeignKeyField(Standard, on_delete="CASCADE")
        number = IntegerField()
        recorded_at = DateTimeField()
        recorded_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
        changes = TextField()
        decree_number = CharField(max_length=80, default="")
        snapshot = TextField()

        class Meta:
            database = db
            table_name = "standard_version"
            indexes = ((("standard", "number"), True),)

    class PublicConsultation(Model):
        standard = ForeignKeyField(Standard, on_delete="CASCADE")
        held_on = DateField()
        participants = TextField()
        participant_count = IntegerField(default=0)
        minutes = TextField()
        attachment = CharField(max_length=255, default="")

        class Meta:
            database = db
            table_name = "public_consultation"

    class StandardReview(Model):
        standard = ForeignKeyField(Standard, on_delete="CASCADE")
        reviewed_on = DateField()
        findings = TextField(default="")
        next_due = DateField()

        class Meta:
            database = db
            table_name = "standard_review"

    class MediaPublication(Model):
        office = ForeignKeyField(Office, on_delete="CASCADE")
        item = CharField(max_length=10)
        medium = CharField(max_length=14)
        published_on = DateField()
        proof = CharField(max_length=255)
        notes = TextField(default="")

        class Meta:
            database = db
            table_name = "media_publication"

    db.create_tables(
        [
            ComplaintEvent,
            CannedAnswer,
            SurveyWeight,
            SurveyFollowUp,
            StandardVersion,
            PublicConsultation,
            StandardReview,
            MediaPublication,
        ]
    )


TABLES = (
    "media_publication",
    "standard_review",
    "public_consultation",
    "standard_version",
    "survey_follow_up",
    "survey_weight",
    "canned_answer",
    "complaint_event",
)
COMPLAINT_COLUMNS = (
    "ticket",
    "topic",
    "complexity",
    "reporter_mode",
    "verified_at",
    "paused_at",
    "paused_from",
    "responded_by_id",
    "closed_at",
    "forwarded_to",
    "note",
    "handler_id",
    "application_id",
    "applicant_id",
    "service_id",
)
SURVEY_COLUMNS = ("respondent_occupation", "source", "created_at", "device_key", "address_key")


def down(migrator, db):
    for table in TABLES:
        migrator.migrate(migrator.drop_table(table))
    migrator.migrate(
        migrator.drop_index("complaint", "complaint_ticket"),
        migrator.drop_index("complaint", "complaint_due_at"),
        *[
            migrator.drop_index("complaint", f"complaint_{c}")
            for c in COMPLAINT_COLUMNS
            if c.endswith("_id")
        ],
        migrator.drop_index("survey_response", "survey_response_created_at"),
        migrator.drop_index("survey_response", "survey_response_device_key"),
        migrator.drop_index("survey_response", "survey_response_address_key"),
    )
    migrator.migrate(*[migrator.drop_column("complaint", c) for c in COMPLAINT_COLUMNS])
    migrator.migrate(*[migrator.drop_column("survey_response", c) for c in SURVEY_COLUMNS])
