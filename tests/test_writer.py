"""writer.py: write_atomic never clobbers without force, and an interrupted write leaves the old file intact."""

from __future__ import annotations

import json
import os
import signal
import stat
from pathlib import Path

import pytest

from ladder import writer
from ladder.errors import LadderError
from ladder.writer import write_atomic


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

    monkeypatch.setattr(writer.os, "replace", crash)
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

    monkeypatch.setattr(writer.os, "fdopen", lambda fd, *a, **k: HalfWriter(real_fdopen(fd, *a, **k)))
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new content that is long\n", force=True)
    assert written == ["new content "]  # the write really was cut off part way
    assert target.read_text() == "old content\n"
    assert _leftovers(tmp_path) == ["out.yaml"]


def test_interrupted_first_write_leaves_nothing_behind(tmp_path, monkeypatch):
    target = tmp_path / "new.yaml"

    def crash(src, dst):
        raise OSError("boom")

    monkeypatch.setattr(writer.os, "replace", crash)
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
    writer.refuse_input(tmp_path / "other.yaml", [source, None])  # another file is fine


def test_names_in_refusals_are_shown_with_control_characters_escaped(tmp_path):
    source = tmp_path / "evil\x1b[31m.yaml"
    source.write_text("x\n")
    with pytest.raises(LadderError) as caught:
        write_atomic(source, "new\n", force=True, inputs=[source])
    assert "\x1b" not in str(caught.value) and "evil\\x1b[31m.yaml" in str(caught.value)


# ---------------------------------------------------------------- export trees


def _tree(directory):
    """Every file under directory (hidden ones too) with its bytes."""
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_an_export_is_marked_with_what_it_wrote(tmp_path):
    target = tmp_path / "site"
    writer.write_tree(target, {"index.html": "i", "levels/1.html": "one"}, fmt="html")
    marker = json.loads((target / ".ladder-export").read_text())
    assert marker == {"tool": "ladder", "format": "html", "files": ["index.html", "levels/1.html"]}
    assert writer.marker_files(target) == {"index.html", "levels/1.html"}
    assert stat.S_IMODE(target.stat().st_mode) == 0o755


@pytest.mark.parametrize("text", ["", "not json", "[]", '{"tool": "other", "files": []}',
                                  '{"tool": "ladder", "files": "index.html"}', '{"tool": "ladder", "files": [1]}'])
def test_a_garbled_marker_is_no_marker(tmp_path, text):
    target = tmp_path / "site"
    target.mkdir()
    (target / ".ladder-export").write_text(text)
    (target / "index.html").write_text("mine")
    assert writer.marker_files(target) is None
    with pytest.raises(LadderError, match="not a ladder export"):
        writer.write_tree(target, {"index.html": "new"}, force=True)
    assert (target / "index.html").read_text() == "mine"


def test_a_previous_export_with_anything_extra_is_refused(tmp_path):
    target = tmp_path / "site"
    writer.write_tree(target, {"index.html": "i", "levels/1.html": "one"})
    before = _tree(target)
    for extra in ["levels/notes.txt", "mine/"]:
        path = target / extra
        path.mkdir() if extra.endswith("/") else path.write_text("mine")
        with pytest.raises(LadderError) as caught:
            writer.write_tree(target, {"index.html": "new"}, force=True)
        assert f"holds '{extra}', which the previous ladder export did not write; not replacing it" in str(caught.value)
        path.rmdir() if extra.endswith("/") else path.unlink()
    (target / "index.html").unlink()
    (target / "index.html").symlink_to(tmp_path / "secret")  # a listed name, but a link: not ladder's
    with pytest.raises(LadderError, match=r"holds 'index\.html'"):
        writer.write_tree(target, {"index.html": "new"}, force=True)
    (target / "index.html").unlink()
    (target / "index.html").write_bytes(before["index.html"])
    assert _tree(target) == before
    writer.write_tree(target, {"index.html": "new"}, force=True)  # a missing listed file is fine
    assert _tree(target) == {".ladder-export": writer.marker_text("html", ["index.html"]).encode(), "index.html": b"new"}


def test_an_empty_directory_is_used_without_force(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    writer.write_tree(target, {"index.html": "i"})
    assert (target / "index.html").read_text() == "i"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_exchange_swaps_two_directories_with_their_contents(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    (first / "sub").mkdir(parents=True)
    (first / "sub" / "a.txt").write_text("from first")
    second.mkdir()
    (second / "b.txt").write_text("from second")
    if not writer.exchange(first, second):
        pytest.skip("no renameat2(RENAME_EXCHANGE) here")
    assert _tree(first) == {"b.txt": b"from second"}
    assert _tree(second) == {"sub/a.txt": b"from first"}


def test_exchange_of_a_missing_path_is_an_os_error(tmp_path):
    (tmp_path / "here").mkdir()
    if writer._renameat2() is None:
        pytest.skip("no renameat2 here")
    with pytest.raises(FileNotFoundError):
        writer.exchange(tmp_path / "here", tmp_path / "missing")
    assert (tmp_path / "here").is_dir()


def test_without_an_exchange_the_two_renames_still_replace_the_tree(tmp_path, monkeypatch):
    target = tmp_path / "site"
    writer.write_tree(target, {"index.html": "old"})
    monkeypatch.setattr(writer, "_renameat2", lambda: None)
    assert writer.exchange(tmp_path, target) is False
    writer.write_tree(target, {"index.html": "new"}, force=True)
    assert (target / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_without_an_exchange_a_failed_second_rename_puts_the_old_tree_back(tmp_path, monkeypatch):
    target = tmp_path / "site"
    writer.write_tree(target, {"index.html": "old"})
    before = _tree(target)
    monkeypatch.setattr(writer, "_renameat2", lambda: None)
    real_replace, calls = os.replace, []

    def failing(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # the old tree moved aside, the new one not yet in
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(writer.os, "replace", failing)
    with pytest.raises(LadderError, match="No space left on device"):
        writer.write_tree(target, {"index.html": "new"}, force=True)
    assert _tree(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_ctrl_c_while_writing_leaves_the_old_tree_and_no_staging(tmp_path, monkeypatch, exchange):
    target = tmp_path / "site"
    writer.write_tree(target, {"index.html": "old", "levels/1.html": "one"})
    before = _tree(target)
    if not exchange:
        monkeypatch.setattr(writer, "_renameat2", lambda: None)
    real_write, written = Path.write_text, []

    def interrupted(self, *args, **kwargs):
        written.append(self.name)
        if len(written) == 3:
            raise KeyboardInterrupt
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", interrupted)
    with pytest.raises(KeyboardInterrupt):
        writer.write_tree(target, {"index.html": "new", "levels/1.html": "1", "levels/2.html": "2"}, force=True)
    assert len(written) == 3
    assert _tree(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_ctrl_c_while_deleting_the_old_tree_leaves_the_new_one(tmp_path, monkeypatch):
    target = tmp_path / "site"
    writer.write_tree(target, {"index.html": "old"})

    def interrupted(path):
        raise KeyboardInterrupt

    monkeypatch.setattr(writer, "remove_tree", interrupted)
    with pytest.raises(KeyboardInterrupt):
        writer.write_tree(target, {"index.html": "new"}, force=True)
    assert (target / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_next_run_cleans_up_after_a_killed_one(tmp_path):
    target = tmp_path / "site"
    writer.write_tree(target, {"index.html": "current"})
    staging = tmp_path / ".site.ladder-staging-0badf00d"  # killed while building: a marker and part of a tree
    (staging / "levels").mkdir(parents=True)
    (staging / ".ladder-export").write_text(writer.marker_text("html", ["index.html", "levels/1.html"]))
    (staging / "levels" / "1.html").write_text("half")
    empty = tmp_path / ".site.ladder-staging-deadbeef"  # killed right after creating it
    empty.mkdir()
    foreign = tmp_path / ".site.ladder-staging-12345678"  # the right name, but someone's files: left alone
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    other = tmp_path / ".other.ladder-staging-0badf00d"  # another target's: left alone
    other.mkdir()
    writer.write_tree(target, {"index.html": "new"}, force=True)
    assert (target / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([".other.ladder-staging-0badf00d", foreign.name, "site"])


def test_a_target_lost_between_the_two_renames_is_restored_from_the_old_tree(tmp_path):
    target = tmp_path / "site"
    writer.write_tree(target, {"index.html": "old"})
    old = tmp_path / ".site.ladder-old-0badf00d"
    os.rename(target, old)  # what a kill between the two renames leaves
    with pytest.raises(LadderError, match="pass --force"):
        writer.write_tree(target, {"index.html": "new"})  # restored first, then refused as a previous export
    assert (target / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_signals_become_exceptions_while_writing_and_the_handlers_come_back(tmp_path):
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    with pytest.raises(SystemExit) as caught, writer.signals_as_exceptions():
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(1000):  # the handler runs between bytecodes
            pass
    assert caught.value.code == 143
    with pytest.raises(KeyboardInterrupt), writer.signals_as_exceptions():
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):
            pass
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before


def test_an_ignored_signal_stays_ignored(tmp_path):
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        with writer.signals_as_exceptions():
            assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGTERM, previous)
