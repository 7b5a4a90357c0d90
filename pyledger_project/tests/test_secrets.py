"""Secrets are read secret file first: `NAME_FILE` wins over `NAME`, as in the official images."""

from __future__ import annotations

import pytest

from pyledger_project.secrets import SecretFileError, read_secret


def test_the_file_named_by_name_file_wins_over_the_variable(tmp_path):
    path = tmp_path / "db_password"
    path.write_text("from-the-file")
    env = {"DB_PASSWORD": "from-the-env", "DB_PASSWORD_FILE": str(path)}
    assert read_secret("DB_PASSWORD", env=env) == "from-the-file"


def test_the_variable_is_used_when_no_file_is_named():
    assert read_secret("DB_PASSWORD", env={"DB_PASSWORD": "from-the-env"}) == "from-the-env"


def test_an_empty_name_file_counts_as_unset():
    env = {"DB_PASSWORD": "from-the-env", "DB_PASSWORD_FILE": ""}
    assert read_secret("DB_PASSWORD", env=env) == "from-the-env"


def test_the_default_is_returned_when_neither_is_set():
    assert read_secret("DB_PASSWORD", env={}) is None
    assert read_secret("DB_PASSWORD", "fallback", env={}) == "fallback"


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\n\n"])
def test_the_trailing_newline_of_the_file_is_not_part_of_the_secret(tmp_path, ending):
    path = tmp_path / "secret_key"
    path.write_bytes(f"s3cret{ending}".encode())
    assert read_secret("SECRET_KEY", env={"SECRET_KEY_FILE": str(path)}) == "s3cret"


def test_other_whitespace_in_the_file_is_kept(tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("  spaced\tvalue  \n")
    assert read_secret("SECRET_KEY", env={"SECRET_KEY_FILE": str(path)}) == "  spaced\tvalue  "


def test_a_missing_file_raises_a_clear_error_naming_the_variable_and_the_path(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(SecretFileError) as info:
        read_secret("SECRET_KEY", env={"SECRET_KEY_FILE": str(missing), "SECRET_KEY": "ignored"})
    message = str(info.value)
    assert "SECRET_KEY_FILE" in message
    assert str(missing) in message
    assert "No such file or directory" in message


def test_a_folder_instead_of_a_file_raises_secret_file_error(tmp_path):
    with pytest.raises(SecretFileError, match="SECRET_KEY_FILE"):
        read_secret("SECRET_KEY", env={"SECRET_KEY_FILE": str(tmp_path)})


def test_the_error_never_contains_the_fallback_value(tmp_path):
    with pytest.raises(SecretFileError) as info:
        read_secret("DB_PASSWORD", env={"DB_PASSWORD_FILE": str(tmp_path / "x"), "DB_PASSWORD": "hunter2"})
    assert "hunter2" not in str(info.value)


def test_the_process_environment_is_read_when_no_mapping_is_given(monkeypatch):
    monkeypatch.delenv("PYLEDGER_TEST_SECRET_FILE", raising=False)
    monkeypatch.setenv("PYLEDGER_TEST_SECRET", "value")
    assert read_secret("PYLEDGER_TEST_SECRET") == "value"
