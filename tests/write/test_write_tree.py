"""write/tree.py and write/swap.py: export trees are marked, replaced only when they are ladder's, swapped in
whole, and an interrupted or killed export leaves the old tree (or the new) and is cleaned up after."""

from __future__ import annotations

import json
import os
import signal
import stat
from pathlib import Path

import pytest

from ladder.errors import LadderError
from ladder.write import swap, tree


def _tree(directory):
    """Every file under directory (hidden ones too) with its bytes."""
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_an_export_is_marked_with_what_it_wrote(tmp_path):
    target = tmp_path / "site"
    tree.write_tree(target, {"index.html": "i", "levels/1.html": "one"}, fmt="html")
    marker = json.loads((target / ".ladder-export").read_text())
    assert marker == {"tool": "ladder", "format": "html", "files": ["index.html", "levels/1.html"]}
    assert tree.marker_files(target) == {"index.html", "levels/1.html"}
    assert stat.S_IMODE(target.stat().st_mode) == 0o755


@pytest.mark.parametrize("text", ["", "not json", "[]", '{"tool": "other", "files": []}',
                                  '{"tool": "ladder", "files": "index.html"}', '{"tool": "ladder", "files": [1]}'])
def test_a_garbled_marker_is_no_marker(tmp_path, text):
    target = tmp_path / "site"
    target.mkdir()
    (target / ".ladder-export").write_text(text)
    (target / "index.html").write_text("mine")
    assert tree.marker_files(target) is None
    with pytest.raises(LadderError, match="not a ladder export"):
        tree.write_tree(target, {"index.html": "new"}, force=True)
    assert (target / "index.html").read_text() == "mine"


def test_a_previous_export_with_anything_extra_is_refused(tmp_path):
    target = tmp_path / "site"
    tree.write_tree(target, {"index.html": "i", "levels/1.html": "one"})
    before = _tree(target)
    for extra in ["levels/notes.txt", "mine/"]:
        path = target / extra
        path.mkdir() if extra.endswith("/") else path.write_text("mine")
        with pytest.raises(LadderError) as caught:
            tree.write_tree(target, {"index.html": "new"}, force=True)
        assert f"holds '{extra}', which the previous ladder export did not write; not replacing it" in str(caught.value)
        path.rmdir() if extra.endswith("/") else path.unlink()
    (target / "index.html").unlink()
    (target / "index.html").symlink_to(tmp_path / "secret")  # a listed name, but a link: not ladder's
    with pytest.raises(LadderError, match=r"holds 'index\.html'"):
        tree.write_tree(target, {"index.html": "new"}, force=True)
    (target / "index.html").unlink()
    (target / "index.html").write_bytes(before["index.html"])
    assert _tree(target) == before
    tree.write_tree(target, {"index.html": "new"}, force=True)  # a missing listed file is fine
    assert _tree(target) == {".ladder-export": tree.marker_text("html", ["index.html"]).encode(), "index.html": b"new"}


def test_an_empty_directory_is_used_without_force(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    tree.write_tree(target, {"index.html": "i"})
    assert (target / "index.html").read_text() == "i"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_exchange_swaps_two_directories_with_their_contents(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    (first / "sub").mkdir(parents=True)
    (first / "sub" / "a.txt").write_text("from first")
    second.mkdir()
    (second / "b.txt").write_text("from second")
    if not swap.exchange(first, second):
        pytest.skip("no renameat2(RENAME_EXCHANGE) here")
    assert _tree(first) == {"b.txt": b"from second"}
    assert _tree(second) == {"sub/a.txt": b"from first"}


def test_exchange_of_a_missing_path_is_an_os_error(tmp_path):
    (tmp_path / "here").mkdir()
    if swap._renameat2() is None:
        pytest.skip("no renameat2 here")
    with pytest.raises(FileNotFoundError):
        swap.exchange(tmp_path / "here", tmp_path / "missing")
    assert (tmp_path / "here").is_dir()


def test_without_an_exchange_the_two_renames_still_replace_the_tree(tmp_path, monkeypatch):
    target = tmp_path / "site"
    tree.write_tree(target, {"index.html": "old"})
    monkeypatch.setattr(swap, "_renameat2", lambda: None)
    assert swap.exchange(tmp_path, target) is False
    tree.write_tree(target, {"index.html": "new"}, force=True)
    assert (target / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_without_an_exchange_a_failed_second_rename_puts_the_old_tree_back(tmp_path, monkeypatch):
    target = tmp_path / "site"
    tree.write_tree(target, {"index.html": "old"})
    before = _tree(target)
    monkeypatch.setattr(swap, "_renameat2", lambda: None)
    real_replace, calls = os.replace, []

    def failing(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # the old tree moved aside, the new one not yet in
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(tree.os, "replace", failing)
    with pytest.raises(LadderError, match="No space left on device"):
        tree.write_tree(target, {"index.html": "new"}, force=True)
    assert _tree(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_ctrl_c_while_writing_leaves_the_old_tree_and_no_staging(tmp_path, monkeypatch, exchange):
    target = tmp_path / "site"
    tree.write_tree(target, {"index.html": "old", "levels/1.html": "one"})
    before = _tree(target)
    if not exchange:
        monkeypatch.setattr(swap, "_renameat2", lambda: None)
    real_write, written = Path.write_text, []

    def interrupted(self, *args, **kwargs):
        written.append(self.name)
        if len(written) == 3:
            raise KeyboardInterrupt
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", interrupted)
    with pytest.raises(KeyboardInterrupt):
        tree.write_tree(target, {"index.html": "new", "levels/1.html": "1", "levels/2.html": "2"}, force=True)
    assert len(written) == 3
    assert _tree(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_ctrl_c_while_deleting_the_old_tree_leaves_the_new_one(tmp_path, monkeypatch):
    target = tmp_path / "site"
    tree.write_tree(target, {"index.html": "old"})

    def interrupted(path):
        raise KeyboardInterrupt

    monkeypatch.setattr(tree, "remove_tree", interrupted)
    with pytest.raises(KeyboardInterrupt):
        tree.write_tree(target, {"index.html": "new"}, force=True)
    assert (target / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_next_run_cleans_up_after_a_killed_one(tmp_path):
    target = tmp_path / "site"
    tree.write_tree(target, {"index.html": "current"})
    staging = tmp_path / ".site.ladder-staging-0badf00d"  # killed while building: a marker and part of a tree
    (staging / "levels").mkdir(parents=True)
    (staging / ".ladder-export").write_text(tree.marker_text("html", ["index.html", "levels/1.html"]))
    (staging / "levels" / "1.html").write_text("half")
    empty = tmp_path / ".site.ladder-staging-deadbeef"  # killed right after creating it
    empty.mkdir()
    foreign = tmp_path / ".site.ladder-staging-12345678"  # the right name, but someone's files: left alone
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    other = tmp_path / ".other.ladder-staging-0badf00d"  # another target's: left alone
    other.mkdir()
    tree.write_tree(target, {"index.html": "new"}, force=True)
    assert (target / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([".other.ladder-staging-0badf00d", foreign.name, "site"])


def test_a_target_lost_between_the_two_renames_is_restored_from_the_old_tree(tmp_path):
    target = tmp_path / "site"
    tree.write_tree(target, {"index.html": "old"})
    old = tmp_path / ".site.ladder-old-0badf00d"
    os.rename(target, old)  # what a kill between the two renames leaves
    with pytest.raises(LadderError, match="pass --force"):
        tree.write_tree(target, {"index.html": "new"})  # restored first, then refused as a previous export
    assert (target / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_signals_become_exceptions_while_writing_and_the_handlers_come_back(tmp_path):
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    with pytest.raises(SystemExit) as caught, swap.signals_as_exceptions():
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(1000):  # the handler runs between bytecodes
            pass
    assert caught.value.code == 143
    with pytest.raises(KeyboardInterrupt), swap.signals_as_exceptions():
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):
            pass
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before


def test_an_ignored_signal_stays_ignored(tmp_path):
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        with swap.signals_as_exceptions():
            assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGTERM, previous)
