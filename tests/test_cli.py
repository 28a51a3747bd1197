"""The `loket` command as an administrator uses it."""

from backoffice.models import Province, User


def test_init_upgrades_and_loads_regions_idempotently(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["init", "--no-villages"])
    assert result.exit_code == 0, result.output
    assert "tidak ada (sudah terbaru)" in result.output
    assert Province.select().count() == 38


def test_user_create_reads_the_password_from_stdin(app, make_office):
    make_office(slug="karangasem")
    result = app.test_cli_runner().invoke(
        args=["user", "create", "Wayan.Loket", "--role", "petugas", "--full-name", "I Wayan",
              "--office", "karangasem"],
        input="kata-sandi-panjang\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = User.get(User.username == "wayan.loket")
    assert user.role == "petugas" and user.check_password("kata-sandi-panjang")
    assert user.password_hash != "kata-sandi-panjang"


def test_user_create_refuses_an_office_role_without_an_office(app):
    result = app.test_cli_runner().invoke(
        args=["user", "create", "ketut", "--role", "supervisor"], input="kata-sandi-panjang\n"
    )
    assert result.exit_code == 1 and "hanya administrator instalasi" in result.output
    assert not User.select().where(User.username == "ketut").exists()


def test_user_create_refuses_a_short_password_and_unknown_office(app):
    result = app.test_cli_runner().invoke(
        args=["user", "create", "made", "--role", "verifikator", "--office", "tidak-ada"],
        input="pendek\n",
    )
    assert result.exit_code == 1
    assert "Kata sandi minimal 10 karakter." in result.output
    assert "tidak-ada tidak ada" in result.output
    assert User.select().count() == 0


def test_user_create_refuses_an_unknown_role(app):
    result = app.test_cli_runner().invoke(
        args=["user", "create", "made", "--role", "bos"], input="kata-sandi-panjang\n"
    )
    assert result.exit_code != 0
    assert User.select().count() == 0
