# Generated from a schema diff on 2026-11-23 09:30.
"""Initial schema: every table of Loket JKN but the audit trail."""
from peewee import *  # noqa: F403 (the runner's own file template)

# Timestamp defaults (models.base.utcnow) are applied by the models, not the schema.

def up(migrator, db):
    class Province(Model):
        code = CharField(primary_key=True, max_length=2)
        name = CharField(max_length=100)
        class Meta:
            database = db
            table_name = 'province'
    db.create_tables([Province])

    class Regency(Model):
        code = CharField(primary_key=True, max_length=5)
        province = ForeignKeyField(Province, on_delete='RESTRICT')
        name = CharField(index=True, max_length=100)
        class Meta:
            database = db
            table_name = 'regency'
    db.create_tables([Regency])

    class District(Model):
        code = CharField(primary_key=True, max_length=8)
        regency = ForeignKeyField(Regency, on_delete='RESTRICT')
        name = CharField(index=True, max_length=100)
        class Meta:
            database = db
            table_name = 'district'
    db.create_tables([District])

    class Village(Model):
        code = CharField(primary_key=True, max_length=13)
        district = ForeignKeyField(District, on_delete='RESTRICT')
        name = CharField(index=True, max_length=100)
        class Meta:
            database = db
            table_name = 'village'
    db.create_tables([Village])

    class Applicant(Model):
        nik = CharField(unique=True, max_length=16)
        kk = CharField(index=True, max_length=16)
        name = CharField(index=True, max_length=100)
        birth_place = CharField(max_length=100, default='')
        birth_date = DateField()
        sex = CharField(max_length=1)
        address = CharField()
        village = ForeignKeyField(Village, on_delete='RESTRICT')
        phone = CharField(max_length=20, default='')
        family_role = CharField(max_length=12, default='kepala')
        dtsen_status = CharField(max_length=16, default='belum_dicek')
        dtsen_decile = SmallIntegerField(null=True)
        dtks_listed = BooleanField(default=False)
        dtks_year = IntegerField(null=True)
        work_status = CharField(max_length=4, default='BP')
        chronic_priority = BooleanField(default=False)
        notes = TextField(default='')
        created_at = DateTimeField()
        updated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'applicant'
    db.create_tables([Applicant])

    class Office(Model):
        slug = CharField(unique=True, max_length=40)
        name = CharField()
        short_name = CharField(max_length=100)
        province = ForeignKeyField(Province, on_delete='RESTRICT')
        regency = ForeignKeyField(Regency, null=True, on_delete='RESTRICT')
        city = CharField(max_length=100, default='')
        address = CharField(default='')
        phone = CharField(max_length=40, default='')
        email = CharField(max_length=120, default='')
        website = CharField(max_length=200, default='')
        time_zone = CharField(max_length=4, default='WIB')
        head_name = CharField(max_length=120, default='')
        head_rank = CharField(max_length=120, default='')
        head_nip = CharField(max_length=18, default='')
        complaint_response_days = IntegerField(null=True)
        class Meta:
            database = db
            table_name = 'office'
    db.create_tables([Office])

    class ServiceStandard(Model):
        office = ForeignKeyField(Office, on_delete='RESTRICT')
        title = CharField()
        decree_number = CharField(max_length=80, default='')
        set_date = DateField(null=True)
        revision_number = IntegerField(default=0)
        revision_date = DateField(null=True)
        effective_date = DateField(null=True)
        signed_place = CharField(max_length=100, default='')
        signatory_name = CharField(max_length=120, default='')
        signatory_rank = CharField(max_length=120, default='')
        signatory_nip = CharField(max_length=18, default='')
        status = CharField(index=True, max_length=10, default='draft')
        requirements = TextField(default='')
        procedure = TextField(default='')
        duration = TextField(default='')
        fee = TextField(default='')
        product = TextField(default='')
        complaints = TextField(default='')
        legal_basis = TextField(default='')
        facilities = TextField(default='')
        competence = TextField(default='')
        supervision = TextField(default='')
        staffing = TextField(default='')
        service_guarantee = TextField(default='')
        security_guarantee = TextField(default='')
        performance_evaluation = TextField(default='')
        created_at = DateTimeField()
        updated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'service_standard'
    db.create_tables([ServiceStandard])

    class Service(Model):
        standard = ForeignKeyField(ServiceStandard, on_delete='CASCADE')
        kind = CharField(index=True, max_length=24)
        name = CharField()
        promised_amount = IntegerField()
        promised_unit = CharField(max_length=12)
        promised_text = CharField(default='')
        around_the_clock = BooleanField(default=False)
        needs_home_visit = BooleanField(default=False)
        uses_quota = BooleanField(default=False)
        product = TextField(default='')
        active = BooleanField(default=True)
        class Meta:
            database = db
            table_name = 'service'
    db.create_tables([Service])

    class Application(Model):
        applicant = ForeignKeyField(Applicant, on_delete='RESTRICT')
        service = ForeignKeyField(Service, on_delete='RESTRICT')
        status = CharField(index=True, max_length=12, default='received')
        funding_source = CharField(index=True, max_length=4, default='APBD')
        received_at = DateTimeField(index=True)
        updated_at = DateTimeField()
        closed_at = DateTimeField(null=True)
        notes = TextField(default='')
        bpjs_card_number = CharField(max_length=13, default='')
        class Meta:
            database = db
            table_name = 'application'
    db.create_tables([Application])

    class Complaint(Model):
        office = ForeignKeyField(Office, on_delete='RESTRICT')
        channel = CharField(max_length=20)
        category = CharField(max_length=10, default='pengaduan')
        reporter_name = CharField(max_length=100, default='')
        reporter_contact = CharField(max_length=120, default='')
        content = TextField()
        status = CharField(index=True, max_length=12, default='received')
        received_at = DateTimeField(index=True)
        due_at = DateTimeField(null=True)
        responded_at = DateTimeField(null=True)
        response = TextField(default='')
        lapor_tracking_id = CharField(max_length=40, default='')
        class Meta:
            database = db
            table_name = 'complaint'
    db.create_tables([Complaint])

    class ComplaintChannel(Model):
        office = ForeignKeyField(Office, on_delete='CASCADE')
        channel = CharField(max_length=20)
        value = CharField()
        position = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'complaint_channel'
    db.create_tables([ComplaintChannel])

    class OfficeClosure(Model):
        office = ForeignKeyField(Office, on_delete='CASCADE')
        date = DateField()
        reason = CharField(max_length=120)
        full_day = BooleanField(default=True)
        notes = TextField(default='')
        class Meta:
            database = db
            table_name = 'office_closure'
            indexes = ((('office', 'date'), True),)
    db.create_tables([OfficeClosure])

    class OfficeHours(Model):
        office = ForeignKeyField(Office, on_delete='CASCADE')
        weekday = IntegerField()
        opens = TimeField()
        closes = TimeField()
        class Meta:
            database = db
            table_name = 'office_hours'
            indexes = ((('office', 'weekday'), True),)
    db.create_tables([OfficeHours])

    class ProcedureStep(Model):
        service = ForeignKeyField(Service, on_delete='CASCADE')
        position = IntegerField(default=0)
        text = TextField()
        minutes = IntegerField(null=True)
        class Meta:
            database = db
            table_name = 'procedure_step'
    db.create_tables([ProcedureStep])

    class Quota(Model):
        village = ForeignKeyField(Village, on_delete='RESTRICT')
        year = IntegerField(index=True)
        funding_source = CharField(max_length=4)
        allocation = IntegerField()
        used = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'quota'
            indexes = ((('village', 'year', 'funding_source'), True),)
    db.create_tables([Quota])

    class Requirement(Model):
        service = ForeignKeyField(Service, on_delete='CASCADE')
        position = IntegerField(default=0)
        label = CharField()
        required = BooleanField(default=True)
        class Meta:
            database = db
            table_name = 'requirement'
    db.create_tables([Requirement])

    class ReceivedDocument(Model):
        application = ForeignKeyField(Application, on_delete='CASCADE')
        requirement = ForeignKeyField(Requirement, on_delete='RESTRICT')
        received_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'received_document'
            indexes = ((('application', 'requirement'), True),)
    db.create_tables([ReceivedDocument])

    class SurveyResponse(Model):
        office = ForeignKeyField(Office, on_delete='RESTRICT')
        service = ForeignKeyField(Service, null=True, on_delete='SET NULL')
        date = DateField(index=True)
        respondent_sex = CharField(max_length=1, default='')
        respondent_age = SmallIntegerField(null=True)
        respondent_education = CharField(max_length=4, default='')
        u1 = SmallIntegerField()
        u2 = SmallIntegerField()
        u3 = SmallIntegerField()
        u4 = SmallIntegerField()
        u5 = SmallIntegerField()
        u6 = SmallIntegerField()
        u7 = SmallIntegerField()
        u8 = SmallIntegerField()
        u9 = SmallIntegerField()
        suggestion = TextField(default='')
        class Meta:
            database = db
            table_name = 'survey_response'
    db.create_tables([SurveyResponse])

    class User(Model):
        username = CharField(unique=True, max_length=40)
        full_name = CharField(max_length=120, default='')
        role = CharField(index=True, max_length=12)
        office = ForeignKeyField(Office, null=True, on_delete='RESTRICT')
        password_hash = CharField()
        active = BooleanField(default=True)
        created_at = DateTimeField()
        last_login_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'account'
    db.create_tables([User])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('account'))
    migrator.migrate(migrator.drop_table('survey_response'))
    migrator.migrate(migrator.drop_table('received_document'))
    migrator.migrate(migrator.drop_table('requirement'))
    migrator.migrate(migrator.drop_table('quota'))
    migrator.migrate(migrator.drop_table('procedure_step'))
    migrator.migrate(migrator.drop_table('office_hours'))
    migrator.migrate(migrator.drop_table('office_closure'))
    migrator.migrate(migrator.drop_table('complaint_channel'))
    migrator.migrate(migrator.drop_table('complaint'))
    migrator.migrate(migrator.drop_table('application'))
    migrator.migrate(migrator.drop_table('service'))
    migrator.migrate(migrator.drop_table('service_standard'))
    migrator.migrate(migrator.drop_table('office'))
    migrator.migrate(migrator.drop_table('applicant'))
    migrator.migrate(migrator.drop_table('village'))
    migrator.migrate(migrator.drop_table('district'))
    migrator.migrate(migrator.drop_table('regency'))
    migrator.migrate(migrator.drop_table('province'))
