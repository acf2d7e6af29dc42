"""write/file.py: write_atomic never clobbers without force, and an interrupted write leaves the old file intact;
write/guards.py: never through a link, never over an input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ladder.errors import LadderError
from ladder.write import file, guards
from ladder.write.file import write_atomic


def _leftovers(directory):
    """Names of everything in the directory: shows that no temporary file was left behind."""
    return sorted(p.name for p in directory.iterdir())


def test_writes_a_new_file_and_returns_its_path(tmp_path):
    target = tmp_path / "out.yaml"
    assert write_atomic(target, "id: acme\n") == target
    assert target.read_text(encoding="utf-8") == "id: acme\n"
    assert _leftovers(tmp_path) == ["out.yaml"]


def test_text_is_written_as_utf8_with_unix_newlines(tmp_path):
    target = tmp_path / "out.yaml"
    write_atomic(target, "name: Café\nnext: line\n")
    assert target.read_bytes() == "name: Café\nnext: line\n".encode()


def test_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "out.yaml"
    target.write_text("old\n")
    with pytest.raises(LadderError) as info:
        write_atomic(target, "new\n")
    assert info.value.exit_code == 1
    assert str(info.value) == f"{target}: error: file exists; not overwriting it; pass --force to replace it"
    assert target.read_text() == "old\n"
    assert _leftovers(tmp_path) == ["out.yaml"]


def test_force_replaces_the_file(tmp_path):
    target = tmp_path / "out.yaml"
    target.write_text("old\n")
    write_atomic(target, "new\n", force=True)
    assert target.read_text() == "new\n"
    assert _leftovers(tmp_path) == ["out.yaml"]


def test_force_keeps_a_hard_link_elsewhere_pointing_at_the_old_content(tmp_path):
    # Replacing by rename (not truncate-and-write) is what makes the write atomic: other
    # names of the old inode keep the old bytes, a reader never sees a half-written file.
    target = tmp_path / "out.yaml"
    target.write_text("old\n")
    os.link(target, tmp_path / "other-name")
    write_atomic(target, "new\n", force=True)
    assert (tmp_path / "other-name").read_text() == "old\n"
    assert target.read_text() == "new\n"


def test_a_directory_is_refused_even_with_force(tmp_path):
    with pytest.raises(LadderError, match="is a directory"):
        write_atomic(tmp_path, "x", force=True)


def test_a_missing_parent_directory_is_an_error_not_a_traceback(tmp_path):
    with pytest.raises(LadderError, match="directory does not exist"):
        write_atomic(tmp_path / "no" / "such" / "out.yaml", "x")


def test_interrupted_rename_leaves_old_file_intact_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "out.yaml"
    target.write_text("old content\n")

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(file.os, "replace", crash)
    with pytest.raises(LadderError) as caught:
        write_atomic(target, "new content\n", force=True)
    assert str(caught.value) == (f"{target}: error: cannot write here: No space left on device; "
                                 "check the path, free space and permissions; nothing was replaced")
    assert target.read_text() == "old content\n"
    assert _leftovers(tmp_path) == ["out.yaml"]


def test_interrupted_write_half_way_leaves_old_file_intact_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "out.yaml"
    target.write_text("old content\n")
    real_fdopen = os.fdopen
    written = []

    class HalfWriter:
        """A file object that writes half the text, then fails as a full disk would."""

        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()
            return False

        def write(self, text):
            self.handle.write(text[: len(text) // 2])
            self.handle.flush()
            written.append(text[: len(text) // 2])
            raise KeyboardInterrupt  # the user's Ctrl-C mid-write: BaseException, not just OSError

    monkeypatch.setattr(file.os, "fdopen", lambda fd, *a, **k: HalfWriter(real_fdopen(fd, *a, **k)))
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new content that is long\n", force=True)
    assert written == ["new content "]  # the write really was cut off part way
    assert target.read_text() == "old content\n"
    assert _leftovers(tmp_path) == ["out.yaml"]


def test_interrupted_first_write_leaves_nothing_behind(tmp_path, monkeypatch):
    target = tmp_path / "new.yaml"

    def crash(src, dst):
        raise OSError("boom")

    monkeypatch.setattr(file.os, "replace", crash)
    with pytest.raises(LadderError, match="cannot write here: boom"):
        write_atomic(target, "text\n")
    assert not target.exists()
    assert _leftovers(tmp_path) == []


def test_a_name_the_system_refuses_is_a_located_error(tmp_path):
    target = tmp_path / ("a" * 300 + ".yaml")
    with pytest.raises(LadderError, match="cannot write here: File name too long") as caught:
        write_atomic(target, "text\n")
    assert caught.value.problems[0].location.file == str(target)


def test_a_new_file_gets_the_umask_mode_and_a_replaced_one_keeps_its_mode(tmp_path):
    old = os.umask(0o027)
    try:
        created = write_atomic(tmp_path / "new.yaml", "x\n")
        assert created.stat().st_mode & 0o777 == 0o640
        existing = tmp_path / "old.yaml"
        existing.write_text("old\n")
        existing.chmod(0o604)
        write_atomic(existing, "new\n", force=True)
        assert existing.stat().st_mode & 0o777 == 0o604 and existing.read_text() == "new\n"
    finally:
        os.umask(old)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_force_never_replaces_a_device_or_fifo(tmp_path):
    fifo = tmp_path / "out.yaml"
    os.mkfifo(fifo)
    with pytest.raises(LadderError, match="is not a regular file"):
        write_atomic(fifo, "x\n", force=True)
    assert fifo.is_fifo()


# ---------------------------------------------------------------- never through a link, never over an input


def test_a_symlink_target_is_refused_with_or_without_force_and_the_file_behind_it_is_untouched(tmp_path):
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text("precious\n")
    link = tmp_path / "out.yaml"
    link.symlink_to(elsewhere)
    for force in (False, True):
        with pytest.raises(LadderError) as caught:
            write_atomic(link, "new\n", force=force)
        assert str(caught.value) == (f"{link}: error: is a symbolic link; not writing through it; "
                                     "choose a path that is not a link")
    assert link.is_symlink() and elsewhere.read_text() == "precious\n"
    dangling = tmp_path / "dangling.yaml"
    dangling.symlink_to(tmp_path / "nowhere.yaml")
    with pytest.raises(LadderError, match="is a symbolic link"):
        write_atomic(dangling, "new\n", force=True)
    assert not (tmp_path / "nowhere.yaml").exists()


def test_refuse_input_catches_the_same_file_under_any_name(tmp_path, monkeypatch):
    source = tmp_path / "fw" / "acme.yaml"
    source.parent.mkdir()
    source.write_text("id: acme\n")
    (tmp_path / "link.yaml").symlink_to(source)
    os.link(source, tmp_path / "hard.yaml")
    monkeypatch.chdir(source.parent)
    for spelling in [source, "acme.yaml", "./../fw/acme.yaml", tmp_path / "link.yaml", tmp_path / "hard.yaml"]:
        with pytest.raises(LadderError) as caught:
            write_atomic(spelling, "new\n", force=True, inputs=[source])
        assert caught.value.exit_code == 1
        assert str(caught.value) == (f"{Path(spelling)}: error: is the command's input ({source}); not overwriting it; "
                                     "choose another output path")
    assert source.read_text() == "id: acme\n"
    guards.refuse_input(tmp_path / "other.yaml", [source, None])  # another file is fine


def test_names_in_refusals_are_shown_with_control_characters_escaped(tmp_path):
    source = tmp_path / "evil\x1b[31m.yaml"
    source.write_text("x\n")
    with pytest.raises(LadderError) as caught:
        write_atomic(source, "new\n", force=True, inputs=[source])
    assert "\x1b" not in str(caught.value) and "evil\\x1b[31m.yaml" in str(caught.value)
