"""Households (keluarga): one head a No. KK, counting a file's rows and the people registered
(named only to the office that registered them); a card's members in one village."""

import pytest

from backoffice.domain import households
from backoffice.domain.errors import ValidationError
from backoffice.domain.households import Member, StoredHead, file_findings
from backoffice.domain.scope import Viewer

KK = "5107010101200001"


def member(row, head=False, village="51.07.01.2001", kk=KK, role_given=True):
    return Member(row, kk, head, village, role_given)


def test_a_second_head_in_the_file_is_refused_naming_the_first_row():
    found = file_findings([member(2, head=True), member(3), member(4, head=True)], {})
    assert [(f.row, f.field, f.warning) for f in found] == [(4, "family_role", False)]
    assert "sudah punya kepala keluarga di baris 2" in found[0].message


def test_heads_of_different_cards_do_not_meet():
    other = "5107010101200002"
    assert file_findings([member(2, head=True), member(3, head=True, kk=other)], {}) == []


def test_a_registered_head_is_named_to_their_own_office_only():
    ours = file_findings([member(2, head=True)], {KK: StoredHead(KK, "I Made Darma")})
    theirs = file_findings([member(2, head=True)], {KK: StoredHead(KK, None)})
    assert "terdaftar: I Made Darma" in ours[0].message
    assert "terdaftar di dinas lain; datanya tidak ditampilkan" in theirs[0].message


def test_a_blank_role_stored_as_head_says_so():
    found = file_findings([member(2, head=True), member(3, head=True, role_given=False)], {})
    assert found[0].message.startswith("Hubungan keluarga kosong dicatat sebagai kepala")


def test_members_of_one_card_in_two_villages_are_a_warning_on_the_odd_row():
    rows = [member(2, head=True), member(3, village="51.07.01.2002"), member(4)]
    found = file_findings(rows, {})
    assert [(f.row, f.field, f.warning) for f in found] == [(3, "village_code", True)]
    assert "baris 2 tinggal di desa 51.07.01.2001, baris ini di desa 51.07.01.2002" in (
        found[0].message
    )


def test_the_counter_form_refuses_a_second_head_of_a_card(make_office, make_applicant):
    office, other = make_office(slug="a"), make_office(slug="b")
    head = make_applicant(kk=KK, family_role="kepala", name="I Made Darma", office=office)
    ours, theirs = Viewer("petugas", office=office), Viewer("petugas", office=other)
    with pytest.raises(ValidationError) as named:
        households.refuse_second_head(KK, "kepala", None, ours)
    with pytest.raises(ValidationError) as hidden:
        households.refuse_second_head(KK, "kepala", None, theirs)
    assert "I Made Darma" in named.value.errors["family_role"]
    assert "I Made Darma" not in hidden.value.errors["family_role"]
    households.refuse_second_head(KK, "istri", None, ours)  # a member: fine
    households.refuse_second_head(KK, "kepala", head.id, ours)  # the head edited: fine


def test_stored_heads_leave_out_the_people_a_file_restates(make_office, make_applicant):
    office = make_office(slug="a")
    head = make_applicant(kk=KK, family_role="kepala", office=office)
    assert households.stored_heads([KK], office.id) == {KK: StoredHead(KK, head.name)}
    assert households.stored_heads([KK], office.id, leaving_out=[head.nik]) == {}
